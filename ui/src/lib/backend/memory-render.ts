// The in-memory backend's stand-ins for Tera rendering, the preview writer and variable
// validation: small, but with the same shapes (line:column errors, keyed diagnostics).
import type { ColumnDef, Diagnostic, VariableDef } from "./bindings";
import { checkCompanyPrefix, checkGln, checkGtin, type KeyProblem } from "../gs1";
import { getAt } from "../variables";

export class RenderError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }

  diagnostic(file: string | null): Diagnostic {
    return {
      severity: "error",
      code: "tera.undefined",
      file,
      key: null,
      line: this.line,
      column: this.column,
      message: { vi: `Biến chưa được định nghĩa: ${this.message}`, en: `Undefined variable: ${this.message}` },
      hint: { vi: "Kiểm tra tên biến trong bảng Biến.", en: "Check the variable name in the Variables panel." },
    };
  }
}

/** `{{ path }}` replaced by the value (`| filter` ignored); tags and comments dropped. */
export function renderSource(source: string, vars: Record<string, unknown>): string {
  const lines = source.split("\n");
  return lines
    .map((line, i) =>
      line
        .replace(/\{#.*?#\}|\{%.*?%\}/g, "")
        .replace(/\{\{\s*([\w.]+)[^}]*\}\}/g, (_whole, path: string, offset: number) => {
          const v = getAt(vars, path);
          if (v === undefined) throw new RenderError(path, i + 1, offset + 1);
          return String(v);
        }),
    )
    .join("\n");
}

const escape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Headings and paragraphs, escaped: enough for tests. */
export function previewHtml(markdown: string): string {
  return markdown
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const h = /^(#{1,6})\s+(.*)$/.exec(block);
      return h ? `<h${h[1].length}>${escape(h[2])}</h${h[1].length}>` : `<p>${escape(block)}</p>`;
    })
    .join("\n");
}

function problem(kind: ColumnDef["type"], text: string): KeyProblem | null {
  if (kind === "gtin") return checkGtin(text);
  if (kind === "gln") return checkGln(text);
  if (kind === "gs1_prefix") return checkCompanyPrefix(text);
  return null;
}

function error(key: string, code: string, vi: string, en: string): Diagnostic {
  return { severity: "error", code, file: "variables", key, line: null, column: null, message: { vi, en }, hint: null };
}

function checkValue(col: ColumnDef, key: string, value: unknown, out: Diagnostic[]): void {
  const blank = value === undefined || value === null || (typeof value === "string" && value.trim() === "");
  if (blank) {
    if (col.required) out.push(error(key, "var.required", `Chưa nhập “${col.label.vi}” (${key}): đây là biến bắt buộc.`, `“${col.label.en}” (${key}) is required but empty.`));
    return;
  }
  if (col.type === "number") {
    if (typeof value !== "number") out.push(error(key, "var.number", `“${col.label.vi}” (${key}) phải là một số.`, `“${col.label.en}” (${key}) must be a number.`));
    else if (col.min !== null && value < col.min) out.push(error(key, "var.range", `“${col.label.vi}” (${key}) = ${value} nhỏ hơn mức tối thiểu ${col.min}.`, `“${col.label.en}” (${key}) = ${value} is below the minimum ${col.min}.`));
    else if (col.max !== null && value > col.max) out.push(error(key, "var.range", `“${col.label.vi}” (${key}) = ${value} lớn hơn mức tối đa ${col.max}.`, `“${col.label.en}” (${key}) = ${value} is above the maximum ${col.max}.`));
    return;
  }
  if (typeof value !== "string") return;
  if (col.type === "enum" && !col.options.some((o) => o.value === value)) {
    out.push(error(key, "var.enum", `“${col.label.vi}” (${key}) = “${value}” không thuộc các lựa chọn.`, `“${col.label.en}” (${key}) = “${value}” is not one of the choices.`));
  }
  const p = problem(col.type, value);
  if (p) {
    const code = p.kind === "check_digit" ? "var.check_digit" : p.kind === "prefix" ? "var.gs1_prefix" : "var.key_format";
    out.push(error(key, code, `“${col.label.vi}” (${key}) = “${value}” không hợp lệ.`, `“${col.label.en}” (${key}) = “${value}” is not valid.`));
  }
}

/** Validates variables against their definitions, like sotay-templates' validate_vars. */
export function validateVars(defs: readonly VariableDef[], vars: Record<string, unknown>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const def of defs) {
    const value = getAt(vars, def.key);
    if (def.type !== "table") {
      checkValue(def, def.key, value, out);
      continue;
    }
    if (!Array.isArray(value) || value.length === 0) {
      if (def.required) out.push(error(def.key, "var.required", `Bảng “${def.label.vi}” (${def.key}) chưa có dòng nào nhưng là bắt buộc.`, `The table “${def.label.en}” (${def.key}) has no rows but is required.`));
      continue;
    }
    value.forEach((row, i) => {
      for (const col of def.columns) {
        checkValue(col, `${def.key}[${i + 1}].${col.key}`, (row as Record<string, unknown>)[col.key], out);
      }
    });
  }
  return out;
}
