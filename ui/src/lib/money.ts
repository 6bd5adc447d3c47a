// Amounts of đồng as a document prints them: "370.000.000". Only presentation: amounts are
// read, checked, totalled and written in words by Rust (sotay_model::money).

/** `370000000` → `"370.000.000"` (groups of three digits, dots between). */
export function groupDigits(n: number): string {
  const sign = n < 0 ? "-" : "";
  const digits = String(Math.abs(Math.trunc(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}
