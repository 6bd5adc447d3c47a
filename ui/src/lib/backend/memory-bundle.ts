// Exchange bundles in the in-memory backend. A "bundle" is a JSON snapshot of the records a
// handbook, edition or assessment has now, written into the exports map; importing compares it
// row by row with what is there (by primary key, `updated_at` ignored, as sotay-store does):
// added, unchanged, or a conflict kept for the user. Only rows the memory backend can write
// (answers) are really added or taken; the others are counted, which is all the UI's tests need.
import { BackendError, type Backend, type BundleKind } from "./index";
import type { BundleConflict, BundleImport, BundleTableCount } from "./bindings";
import type { MemoryExport } from "./memory";

type BundleMethods = Pick<
  Backend,
  "exportBundle" | "importBundle" | "bundleConflicts" | "resolveBundleConflict" | "chooseOpenPath"
>;

export type Row = Record<string, string | number | null>;
export type Rows = Record<string, Row[]>;

export interface BundleContext {
  /** The records a bundle of `kind` `id` carries, as they are now (a `not_found` error when absent). */
  snapshot: (kind: BundleKind, id: string) => Promise<Rows>;
  /** Writes one row of `table`, when the memory backend can. */
  write: (table: string, row: Row) => Promise<void>;
  exports: Map<string, MemoryExport>;
}

interface MemoryBundle {
  format: "sotay-bundle";
  kind: BundleKind;
  id: string;
  records: Rows;
}

/** Import order (parents first), as `sotay_store::BUNDLE_TABLES`. */
const ORDER = ["handbooks", "chapters", "pilot_models", "assessments", "answers", "editions"];
const PRIMARY_KEY: Record<string, string[]> = { answers: ["assessment_id", "item_id"] };

function fail(code: BackendError["code"], message: string): never {
  throw new BackendError({ code, message });
}

const keyOf = (table: string, row: Row) =>
  (PRIMARY_KEY[table] ?? ["id"]).map((k) => String(row[k] ?? "")).join(" / ");

const same = (a: Row, b: Row) =>
  Object.keys(b).every((k) => k === "updated_at" || a[k] === b[k]);

const shown = (v: Row[string] | undefined) => (v === null || v === undefined ? null : String(v));

function refused(vi: string): never {
  fail("invalid_input", `Gói dữ liệu bị từ chối: ${vi}. Cơ sở dữ liệu không thay đổi.`);
}

export function memoryBundles(ctx: BundleContext): BundleMethods {
  const conflicts = new Map<string, { table: string; key: string; incoming: Row; kind: BundleKind; id: string }>();

  function read(path: string): MemoryBundle {
    const file = ctx.exports.get(path.normalize("NFC").trim());
    if (!file) fail("invalid_input", `Không mở được “${path}”: No such file or directory (os error 2)`);
    let bundle: MemoryBundle | null = null;
    try {
      bundle = JSON.parse(file.content) as MemoryBundle;
    } catch {
      bundle = null;
    }
    if (file.format !== "sotay" || bundle?.format !== "sotay-bundle") {
      refused("tệp không phải gói .sotay (không đọc được tệp zip)");
    }
    return bundle;
  }

  async function localRow(kind: BundleKind, id: string, table: string, key: string): Promise<Row | null> {
    const rows = await ctx.snapshot(kind, id).catch(() => ({}) as Rows);
    return rows[table]?.find((r) => keyOf(table, r) === key) ?? null;
  }

  return {
    chooseOpenPath: async (extension) => `/tmp/sotay/goi.${extension.replace(/^\./, "")}`,

    exportBundle: async (kind, id, path) => {
      const p = path.normalize("NFC").trim();
      if (!p.startsWith("/")) fail("invalid_input", `Không ghi được tệp “${p}”: cần đường dẫn đầy đủ.`);
      const bundle: MemoryBundle = { format: "sotay-bundle", kind, id, records: await ctx.snapshot(kind, id) };
      const content = JSON.stringify(bundle);
      ctx.exports.set(p, { format: "sotay", content });
      return { path: p, bytes: new TextEncoder().encode(content).length, diagnostics: [] };
    },

    importBundle: async (path, dryRun) => {
      const bundle = read(path);
      const current = await ctx.snapshot(bundle.kind, bundle.id).catch(() => ({}) as Rows);
      const out: BundleImport = { kind: bundle.kind, dry_run: dryRun, tables: [], conflicts: [] };
      for (const table of ORDER.filter((t) => bundle.records[t]?.length)) {
        const count: BundleTableCount = { table, added: 0, updated: 0, unchanged: 0, conflicts: 0 };
        for (const row of bundle.records[table]) {
          const key = keyOf(table, row);
          const old = current[table]?.find((r) => keyOf(table, r) === key);
          if (!old) {
            count.added++;
            if (!dryRun) await ctx.write(table, row);
          } else if (same(old, row)) {
            count.unchanged++;
          } else {
            count.conflicts++;
            out.conflicts.push([table, key]);
            if (!dryRun) conflicts.set(`${table}/${key}`, { table, key, incoming: row, kind: bundle.kind, id: bundle.id });
          }
        }
        out.tables.push(count);
      }
      return out;
    },

    bundleConflicts: async () => {
      const out: BundleConflict[] = [];
      for (const [id, c] of conflicts) {
        const local = (await localRow(c.kind, c.id, c.table, c.key)) ?? {};
        const names = [...Object.keys(c.incoming), ...Object.keys(local).filter((k) => !(k in c.incoming))];
        out.push({
          id,
          table: c.table,
          key: String(c.incoming.item_id ?? c.incoming.title ?? c.key),
          fields: names
            .map((name) => ({
              name,
              local: shown(local[name]),
              incoming: shown(c.incoming[name]),
              differs: local[name] !== c.incoming[name],
            }))
            .sort((x, y) => Number(y.differs) - Number(x.differs)),
        });
      }
      return out;
    },

    resolveBundleConflict: async (id, keep) => {
      const c = conflicts.get(id);
      if (!c) fail("not_found", `Không tìm thấy xung đột “${id}”.`);
      if (keep === "incoming") await ctx.write(c.table, c.incoming);
      conflicts.delete(id);
    },
  };
}
