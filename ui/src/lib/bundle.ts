// Words for what exchange bundles carry: record types (store tables) and their fields in the
// user's language, falling back to the stored name for anything without a translation.
import type { BundleTableCount } from "./backend";
import { formatDate, formatDateTime } from "./dates";
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

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A stored value as people read it: a checklist result in words, a time as dd/mm/yyyy HH:mm:ss
 *  in the user's time zone (two edits are often seconds apart), a day as dd/mm/yyyy, else as
 *  is. */
export function valueLabel(field: string, value: string | null): string {
  if (value === null || value === "") return t("conflicts.emptyValue");
  const key = `result.${value}`;
  if (field === "result" && known(key)) return t(key);
  const role = `sign.role.${value}`;
  if (field === "role" && known(role)) return t(role);
  if (RFC3339.test(value)) return formatDateTime(value, true);
  if (/(^|_)(date|due)$/.test(field) && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
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
