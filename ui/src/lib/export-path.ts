// Where a soft copy is written. There is no native save dialog (no dialog plugin), so the user
// types the path; these helpers give a sensible default from the database's location (which
// tells us the home folder when the database is in the usual per-user place), expand a typed
// `~/`, and keep the extension in step with the chosen format.
import type { FileFormat } from "./backend";

/** The user's home folder when the database path shows it (`/home/<user>/…`, `C:\Users\<user>\…`). */
export function homeFromDbPath(dbPath: string): string | null {
  const unix = /^(\/home\/[^/]+|\/Users\/[^/]+|\/root)\//.exec(dbPath);
  if (unix) return unix[1];
  const win = /^([A-Za-z]:\\Users\\[^\\]+)\\/.exec(dbPath);
  return win ? win[1] : null;
}

/** A file name from a title: NFC, without characters no file system accepts. */
export function fileName(title: string): string {
  const name = title
    .normalize("NFC")
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  return name || "so-tay";
}

/** The file extension of a format: both PDFs are `.pdf`. */
export function extensionOf(format: FileFormat): string {
  return format === "pdf-print" || format === "pdf-screen" ? "pdf" : format;
}

const separator = (home: string) => (home.includes("\\") ? "\\" : "/");

/** The path the field starts with (in the home folder, when known) and the example it shows. */
export function defaultExportPath(
  dbPath: string,
  title: string,
  format: FileFormat,
  documents: string,
): { value: string; placeholder: string } {
  const home = homeFromDbPath(dbPath);
  const name = `${fileName(title)}.${extensionOf(format)}`;
  if (!home) return { value: "", placeholder: `~/${documents}/${name}` };
  const sep = separator(home);
  return { value: `${home}${sep}${name}`, placeholder: `${home}${sep}${documents}${sep}${name}` };
}

/** The path with its `.html`/`.epub`/`.pdf`/`.sotay`/`.jsonld`/`.csv`/`.docx` extension switched to `format` (other names are left alone). */
export function withExtension(path: string, format: FileFormat): string {
  return path.replace(/\.(html|epub|pdf|sotay|jsonld|csv|docx)$/i, `.${extensionOf(format)}`);
}

export type PathProblem = "empty" | "relative" | "folder";

/** The absolute path to write, or why the typed one cannot be used. `~/` is expanded when the
 *  home folder is known. */
export function resolveExportPath(typed: string, dbPath: string): { path: string } | { problem: PathProblem } {
  let p = typed.normalize("NFC").trim();
  if (!p) return { problem: "empty" };
  const home = homeFromDbPath(dbPath);
  if ((p === "~" || p.startsWith("~/") || p.startsWith("~\\")) && home) p = home + p.slice(1);
  if (/[\\/]$/.test(p)) return { problem: "folder" };
  const absolute = p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith("\\\\");
  return absolute ? { path: p } : { problem: "relative" };
}

/** A byte count the way people read it: "850 B", "12,4 kB", "1,2 MB" (vi) / "1.2 MB" (en). */
export function formatBytes(bytes: number, lang: "vi" | "en"): string {
  const fmt = (x: number) =>
    new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 }).format(x);
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${fmt(bytes / 1000)} kB`;
  return `${fmt(bytes / 1_000_000)} MB`;
}
