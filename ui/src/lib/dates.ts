// Dates and times as people read and type them, in one place (docs/terms.md, "Ngày giờ"):
// dd/mm/yyyy and HH:mm (24 hours) in both languages — "06/12/2026 14:13". What is stored and
// sent to the backend does not change: YYYY-MM-DD for a day, RFC 3339 for an instant. This
// module only turns those into text and reads text back; every screen shows dates through it.

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** What a date field shows as its placeholder, in the interface language. */
export const DATE_PATTERN = { vi: "nn/tt/nnnn", en: "dd/mm/yyyy" } as const;
export const TIME_PATTERN = { vi: "gg:pp", en: "hh:mm" } as const;

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day, or false. */
function real(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d && y >= 1000 && y <= 9999;
}

/** `YYYY-MM-DD` of a date in local time. */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "06/12/2026" from `2026-12-06` (a day) or from an RFC 3339 instant (its local day). Text
 *  that is neither is returned as it is. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  const m = YMD.exec(value.trim());
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  const d = instant(value);
  return d ? `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}` : value;
}

/** "06/12/2026 14:13" from an RFC 3339 instant, in local time; with `seconds`,
 *  "06/12/2026 14:13:21" (two edits of one record are often seconds apart). */
export function formatDateTime(value: string | null | undefined, seconds = false): string {
  if (!value) return "";
  const d = instant(value);
  if (!d) return YMD.test(value.trim()) ? formatDate(value) : value;
  return `${formatDate(isoDay(d))} ${formatTime(d, seconds)}`;
}

/** "14:13" (or "14:13:21") of a local time. */
export function formatTime(d: Date, seconds = false): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ""}`;
}

/**
 * A photo's EXIF capture time (`YYYY-MM-DDTHH:MM:SS`, maybe with `±HH:MM`) as the camera's clock
 * showed it — never converted to another time zone: `{ time: "14:32", date: "20/07/2025" }`.
 * Null when it cannot be read.
 */
export function cameraTime(takenAt: string): { time: string; date: string } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(takenAt);
  if (!m || !real(+m[1], +m[2], +m[3])) return null;
  return { time: `${m[4]}:${m[5]}`, date: `${m[3]}/${m[2]}/${m[1]}` };
}

/** An RFC 3339 instant as a Date, or null. */
function instant(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value.trim())) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Reads a day as typed: `06/12/2026`, `6/12/2026`, `06-12-2026`, `06.12.2026` (day first), or
 * `2026-12-06` (pasted from elsewhere). Returns `YYYY-MM-DD`, or null when it is not a real day.
 */
export function parseDate(text: string): string | null {
  const s = text.trim();
  let y: number, mo: number, d: number;
  const iso = YMD.exec(s);
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (iso) [y, mo, d] = [+iso[1], +iso[2], +iso[3]];
  else if (dmy) [d, mo, y] = [+dmy[1], +dmy[2], +dmy[3]];
  else return null;
  return real(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
}

/** Reads a time of day as typed: `9:30`, `09:30`, `09:30:15`, `0930`. Returns `HH:MM:SS`. */
export function parseTime(text: string): string | null {
  const s = text.trim();
  const m = /^(\d{1,2})(?::|h|\.)?(\d{2})(?::(\d{2}))?$/.exec(s);
  if (!m) return null;
  const [h, mi, se] = [+m[1], +m[2], m[3] === undefined ? 0 : +m[3]];
  if (h > 23 || mi > 59 || se > 59) return null;
  return `${pad(h)}:${pad(mi)}:${pad(se)}`;
}

/** Whether `text` is a real calendar day written `YYYY-MM-DD` (what the backend takes). */
export function isIsoDay(text: string): boolean {
  const m = YMD.exec(text.trim());
  return !!m && real(+m[1], +m[2], +m[3]);
}
