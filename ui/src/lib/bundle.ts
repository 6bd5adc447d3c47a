// Words for what exchange bundles carry: record types (store tables) and their fields in the
// user's language, falling back to the stored name for anything without a translation.
import type { BundleTableCount } from "./backend";
import { i18n, t, type MessageKey } from "./i18n/index.svelte";
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

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A stored value as people read it: a checklist result in words (with its code), a time in
 *  the user's language and time zone with seconds (two edits are often seconds apart), else
 *  as is. */
export function valueLabel(field: string, value: string | null): string {
  if (value === null || value === "") return t("conflicts.emptyValue");
  const key = `result.${value}`;
  if (field === "result" && known(key)) return `${t(key)} (${value})`;
  if (RFC3339.test(value)) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) {
      return new Intl.DateTimeFormat(i18n.lang === "vi" ? "vi-VN" : "en-GB", {
        day: "2-digit",
        month: "2-digit",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      }).format(d);
    }
  }
  return value;
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
