// GS1 identification keys checked as the user types (the backend checks again on save):
// the mod-10 check digit of GTIN and GLN, and Vietnam's company prefix (DOMAIN.md §E).
import { t } from "./i18n/index.svelte";

/** Why a key is not valid; `null` from the checks means it is. */
export type KeyProblem =
  | { kind: "not_digits" }
  | { kind: "length"; found: number; allowed: readonly number[] }
  | { kind: "check_digit"; found: number; expected: number }
  | { kind: "prefix" };

const GTIN_LENGTHS = [8, 12, 13, 14] as const;
const GLN_LENGTHS = [13] as const;

/**
 * The GS1 mod-10 check digit of `data` (every digit but the check digit): from the rightmost
 * digit leftwards, weights 3, 1, 3, 1…; check = (10 − sum mod 10) mod 10.
 */
export function gs1CheckDigit(data: string): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const digit = data.charCodeAt(data.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

function checkKey(value: string, allowed: readonly number[]): KeyProblem | null {
  const s = value.trim();
  if (!/^[0-9]+$/.test(s)) return { kind: "not_digits" };
  if (!allowed.includes(s.length)) return { kind: "length", found: s.length, allowed };
  const expected = gs1CheckDigit(s.slice(0, -1));
  const found = Number(s[s.length - 1]);
  return found === expected ? null : { kind: "check_digit", found, expected };
}

/** A GTIN-8, -12, -13 or -14. */
export const checkGtin = (value: string): KeyProblem | null => checkKey(value, GTIN_LENGTHS);

/** A 13-digit GLN. */
export const checkGln = (value: string): KeyProblem | null => checkKey(value, GLN_LENGTHS);

/** A Vietnamese GS1 company prefix: 7–10 digits starting with 893. */
export function checkCompanyPrefix(value: string): KeyProblem | null {
  const s = value.trim();
  if (!/^[0-9]+$/.test(s)) return { kind: "not_digits" };
  if (s.length < 7 || s.length > 10 || !s.startsWith("893")) return { kind: "prefix" };
  return null;
}

/** The problem in the interface language, e.g. "chữ số kiểm tra là 4, đúng ra phải là 7". */
export function describeKeyProblem(p: KeyProblem): string {
  switch (p.kind) {
    case "not_digits":
      return t("gs1.notDigits");
    case "length":
      return t("gs1.length", { found: p.found, allowed: p.allowed.join(t("gs1.or")) });
    case "check_digit":
      return t("gs1.checkDigit", { found: p.found, expected: p.expected });
    case "prefix":
      return t("gs1.prefix");
  }
}
