// Words for what exchange bundles carry: record types (store tables) and their fields in the
// user's language, falling back to the stored name for anything without a translation.
import type { BundleTableCount } from "./backend";
import { t, type MessageKey } from "./i18n/index.svelte";
import { vi } from "./i18n/vi";

function known(key: string): key is MessageKey {
  return key in vi;
}

/** "answers" → "Câu trả lời danh mục kiểm tra". */
export function tableLabel(table: string): string {
  const key = `record.${table}`;
  return known(key) ? t(key) : table;
}

/** "answered_by" → "Người trả lời". */
export function fieldLabel(name: string): string {
  const key = `recordField.${name}`;
  return known(key) ? t(key) : name;
}

/** A stored value as people read it: a checklist result in words (with its code), else as is. */
export function valueLabel(field: string, value: string | null): string {
  if (value === null || value === "") return t("conflicts.emptyValue");
  const key = `result.${value}`;
  return field === "result" && known(key) ? `${t(key)} (${value})` : value;
}

/** The sums of an import's rows: added, updated, unchanged, conflicts. */
export function totals(rows: BundleTableCount[]): Omit<BundleTableCount, "table"> {
  const sum = (f: (r: BundleTableCount) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    added: sum((r) => r.added),
    updated: sum((r) => r.updated),
    unchanged: sum((r) => r.unchanged),
    conflicts: sum((r) => r.conflicts),
  };
}
