// Handbook variables as the forms see them: nested values addressed by dotted paths, the
// template's definitions grouped into sections, and diagnostics matched to fields.
import type { Diagnostic, VariableDef, VariableKind } from "./backend";
import { checkCompanyPrefix, checkGln, checkGtin, type KeyProblem } from "./gs1";

/** What every field of the variables form is given. */
export interface FieldProps {
  def: VariableDef;
  /** The values being edited (a reactive object: fields write into it). */
  values: Vars;
  /** The backend's diagnostics; each field shows those at its own key. */
  diagnostics: Diagnostic[];
  readonly?: boolean;
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

/** The check of a GS1 key done in the browser, by the variable's kind. */
export function localCheck(kind: VariableKind, value: unknown): KeyProblem | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  switch (kind) {
    case "gtin":
      return checkGtin(value);
    case "gln":
      return checkGln(value);
    case "gs1_prefix":
      return checkCompanyPrefix(value);
    default:
      return null;
  }
}

const LOCAL_KINDS: ReadonlySet<VariableKind> = new Set(["gtin", "gln", "gs1_prefix"]);

/** Every key whose GS1 value fails the browser check: `product.gtin`, `chain.sites[2].gln`. */
export function localProblems(defs: readonly VariableDef[], vars: Vars): Map<string, KeyProblem> {
  const out = new Map<string, KeyProblem>();
  for (const def of defs) {
    const value = getAt(vars, def.key);
    if (def.type === "table") {
      if (!Array.isArray(value)) continue;
      value.forEach((row, i) => {
        if (!isRecord(row)) return;
        for (const col of def.columns) {
          const p = LOCAL_KINDS.has(col.type) ? localCheck(col.type, row[col.key]) : null;
          if (p) out.set(`${def.key}[${i + 1}].${col.key}`, p);
        }
      });
    } else {
      const p = localCheck(def.type, value);
      if (p) out.set(def.key, p);
    }
  }
  return out;
}

/** Diagnostics the browser check already explains at the same key (shown once, not twice). */
const LOCAL_CODES = new Set(["var.check_digit", "var.key_format", "var.gs1_prefix"]);

/**
 * Server diagnostics to show: without those the browser check covers, since for a GS1 key the
 * browser's message is always current while the server's may be a keystroke behind.
 */
export function visibleDiagnostics(
  diagnostics: readonly Diagnostic[],
  defs: readonly VariableDef[],
): Diagnostic[] {
  return diagnostics.filter((d) => {
    if (!d.key || !LOCAL_CODES.has(d.code)) return true;
    const kind = kindAt(defs, d.key);
    return !kind || !LOCAL_KINDS.has(kind);
  });
}

/** The kind of the variable or table cell a key names, if any. */
export function kindAt(defs: readonly VariableDef[], key: string): VariableKind | undefined {
  const cell = /^(.+)\[(\d+)\]\.([^.]+)$/.exec(key);
  if (cell) {
    const def = defs.find((d) => d.key === cell[1]);
    return def?.columns.find((c) => c.key === cell[3])?.type;
  }
  return defs.find((d) => d.key === key)?.type;
}

/** An element id for a variable path (also for `chain.sites[2].lat`). */
export function fieldId(key: string): string {
  return `var-${key.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** Counts errors per section: the browser's GS1 problems and the server's errors. */
export function errorCountByGroup(
  local: ReadonlyMap<string, KeyProblem>,
  diagnostics: readonly Diagnostic[],
): Map<GroupId, number> {
  const counts = new Map<GroupId, number>();
  const bump = (key: string) => {
    const g = groupOf(key);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  };
  for (const key of local.keys()) bump(key);
  for (const d of diagnostics) if (d.severity === "error" && d.key) bump(d.key);
  return counts;
}
