// Handbook variables as the forms see them: nested values addressed by dotted paths, the
// template's definitions grouped into sections, and diagnostics matched to fields.
import type { Diagnostic, VariableDef } from "./backend";
import { i18n, t, type MessageKey } from "./i18n/index.svelte";

/** What every field of the variables form is given. */
export interface FieldProps {
  def: VariableDef;
  /** The values being edited (a reactive object: fields write into it). */
  values: Vars;
  /** The backend's diagnostics; each field shows those at its own key. */
  diagnostics: Diagnostic[];
  readonly?: boolean;
  /** Show the key (`{{ product.gtin }}`) to the author who writes it into chapters. */
  showKey?: boolean;
  /** Called with the path that changed. */
  onchange: (key: string) => void;
}

/** The variables as a nested object (`product.gtin` is `{ product: { gtin } }`). */
export type Vars = Record<string, unknown>;
export type Row = Record<string, unknown>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value at a dotted path, or undefined. */
export function getAt(vars: Vars, path: string): unknown {
  let cur: unknown = vars;
  for (const part of path.split(".")) {
    if (!isRecord(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Sets the value at a dotted path, creating the objects on the way. */
export function setAt(vars: Vars, path: string, value: unknown): void {
  const parts = path.split(".");
  let cur: Record<string, unknown> = vars;
  for (const part of parts.slice(0, -1)) {
    if (!isRecord(cur[part])) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

/** A deep copy with every string in Unicode NFC (what the backend stores). */
export function nfcDeep<T>(value: T): T {
  if (typeof value === "string") return value.normalize("NFC") as T;
  if (Array.isArray(value)) return value.map(nfcDeep) as T;
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = nfcDeep(v);
    return out as T;
  }
  return value;
}

/** The sections of the variables form, in the order a specialist fills them. */
export const GROUPS = [
  "general",
  "product",
  "organization",
  "chain",
  "identification",
  "operations",
  "other",
] as const;
export type GroupId = (typeof GROUPS)[number];

const GROUP_OF_PREFIX: Record<string, GroupId> = {
  issuing_body: "general",
  province: "general",
  plan_refs: "general",
  edition: "general",
  authorities: "general",
  product: "product",
  market: "product",
  season: "product",
  organization: "organization",
  contacts: "organization",
  roles: "organization",
  chain: "chain",
  cte_table: "chain",
  pilot_models: "chain",
  lot_rule: "identification",
  qr: "identification",
  trace_test: "operations",
  recall: "operations",
  records: "operations",
  training: "operations",
  portal: "operations",
  harvest: "operations",
  drying: "operations",
  yield: "operations",
};

/** The section of a variable (or of a diagnostic's key, e.g. `chain.sites[2].lat`). */
export function groupOf(key: string): GroupId {
  const head = key.split(/[.[]/)[0];
  return GROUP_OF_PREFIX[head] ?? "other";
}

export interface VariableGroup {
  id: GroupId;
  defs: VariableDef[];
}

/** The definitions by section; sections without variables are left out. */
export function groupVariables(defs: readonly VariableDef[]): VariableGroup[] {
  return GROUPS.map((id) => ({ id, defs: defs.filter((d) => groupOf(d.key) === id) })).filter(
    (g) => g.defs.length > 0,
  );
}

/** An element id for a variable path (also for `chain.sites[2].lat`). */
export function fieldId(key: string): string {
  return `var-${key.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** Counts the errors per section. */
export function errorCountByGroup(diagnostics: readonly Diagnostic[]): Map<GroupId, number> {
  const counts = new Map<GroupId, number>();
  for (const d of diagnostics) {
    if (d.severity !== "error" || !d.key) continue;
    const g = groupOf(d.key);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

const SUB_LABEL: Record<string, MessageKey> = {
  province: "field.address.province",
  commune: "field.address.commune",
  legacy_district: "field.address.legacy",
  street: "field.address.street",
  name: "field.person.name",
  title: "field.person.title",
  phone: "field.person.phone",
  email: "field.person.email",
};

/**
 * A variable named the way the form names it, never by its key: `product.gtin` → "Mã GTIN của
 * sản phẩm"; `responsible.phone` → "Người phụ trách › Điện thoại"; `plan_refs[2].date` →
 * "Kế hoạch… › dòng 2 › Ngày ban hành" (rows count from 1, as the form's cells do). The key itself only when the template does not know it.
 */
export function variableLabel(defs: readonly VariableDef[], key: string): string {
  const text = (l: { vi: string; en: string }) => (i18n.lang === "en" ? l.en || l.vi : l.vi);
  const exact = defs.find((d) => d.key === key);
  if (exact) return text(exact.label);
  const row = /^(.+?)\[(\d+)\](?:\.(.+))?$/.exec(key);
  if (row) {
    const table = defs.find((d) => d.key === row[1]);
    if (table) {
      const col = table.columns.find((c) => c.key === row[3]);
      return [text(table.label), t("table.row", { n: Number(row[2]) }), col ? text(col.label) : row[3]]
        .filter(Boolean)
        .join(" › ");
    }
  }
  const parent = defs.find((d) => key.startsWith(`${d.key}.`));
  if (parent) {
    const sub = key.slice(parent.key.length + 1);
    return `${text(parent.label)} › ${SUB_LABEL[sub] ? t(SUB_LABEL[sub]) : sub}`;
  }
  return key;
}
