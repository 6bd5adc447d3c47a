// Where a diagnostic is, in words: the chapter's title ("Chương “Giới thiệu chung”") or the
// variables tab, never the chapter's file key (`05-dinh-danh`) the check reports.
import type { Diagnostic } from "./backend";
import { t } from "./i18n/index.svelte";

/** The chapters a handbook's diagnostics can name (a `HandbookView`'s are enough). */
export type NamedChapter = { key: string; title: string };

/** The place of `d` among `chapters` ("" when it names none); any other file as reported. */
export function diagnosticPlace(d: Diagnostic, chapters: readonly NamedChapter[]): string {
  const c = chapters.find((x) => x.key === d.file);
  if (c) return t("diag.chapter", { title: c.title });
  if (d.file === "variables") return t("handbook.tab.variables");
  return d.file ?? "";
}
