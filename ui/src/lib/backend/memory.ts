// An in-memory backend with the same contract as the Tauri one: for unit tests and for
// running the UI in a plain browser. Data is passed in, so tests say what they expect.
// Authoring follows the Rust use cases closely enough for the UI's tests: revisions numbered
// per handbook, a word diff, the workflow's edges, read-only approved handbooks.
import { BackendError, type Backend, type FileFormat } from "./index";
import type {
  AppInfo,
  ChapterLevel,
  ChecklistItem,
  ChapterView,
  Comment,
  Diagnostic,
  DiffSpan,
  HandbookStatus,
  HandbookView,
  ItemResult,
  Lang,
  PilotModel,
  RevisionKind,
  Rules,
  RevisionSummary,
  StatusChange,
  VariableChange,
  TemplateDetail,
  TemplateSummary,
} from "./bindings";
import { validateVars, renderSource, previewHtml, RenderError } from "./memory-render";
import { wordDiff } from "./memory-diff";
import { memoryVerification, type RuleEngine } from "./memory-verification";
import { memoryPublishing, type MemoryFile } from "./memory-publishing";
import { memoryBundles, type Rows } from "./memory-bundle";
import { getAt } from "../variables";

export interface MemoryData {
  handbooks: HandbookView[];
  templates: TemplateSummary[];
  pilots: PilotModel[];
  /** Templates with their variables and chapters, for the wizard and validation. */
  templateDetails?: TemplateDetail[];
  /** The checklist new assessments start from (the template's checklist.toml). */
  checklist?: ChecklistItem[];
  /** The workspace's verification rules (what new assessments freeze and "reset" returns to):
   *  tests give DOMAIN.md's defaults as Rust prints them (`sotay rules show --json`). */
  rules?: Rules;
  /** Grades, verdicts and refusals of rules as the Rust rule engine gives them: the in-memory
   *  backend computes none itself (issue 14). */
  engine?: RuleEngine;
  lang?: Lang;
  userName?: string;
  failWith?: { code: "db_corrupt" | "db_not_sqlite" | "internal"; message: string };
}

interface StoredRevision {
  summary: RevisionSummary;
  source: string;
}

interface HandbookRecord {
  view: HandbookView;
  revisions: StoredRevision[];
  comments: Comment[];
  statusChanges: StatusChange[];
  variableChanges: VariableChange[];
}

/** Dotted keys whose values differ (tables and scalars compared whole), as the store records them. */
function changedKeys(a: unknown, b: unknown): [string, unknown, unknown][] {
  const leaves = (v: unknown, prefix: string, out: Map<string, unknown>) => {
    if (v && typeof v === "object" && !Array.isArray(v) && (prefix === "" || Object.keys(v).length > 0)) {
      for (const [k, x] of Object.entries(v)) leaves(x, prefix ? `${prefix}.${k}` : k, out);
    } else out.set(prefix, v);
  };
  const [x, y] = [new Map<string, unknown>(), new Map<string, unknown>()];
  leaves(a, "", x);
  leaves(b, "", y);
  const keys = [...new Set([...x.keys(), ...y.keys()])].sort();
  return keys
    .filter((k) => JSON.stringify(x.get(k)) !== JSON.stringify(y.get(k)))
    .map((k) => [k, x.get(k) ?? null, y.get(k) ?? null]);
}

const TRANSITIONS: ReadonlyArray<[HandbookStatus, HandbookStatus]> = [
  ["draft", "review"],
  ["review", "draft"],
  ["review", "approved"],
  ["approved", "published"],
  ["approved", "draft"],
  ["published", "draft"],
];

const STATUS_VI: Record<HandbookStatus, string> = {
  draft: "Dự thảo",
  review: "Đang góp ý",
  approved: "Đã duyệt",
  published: "Đã phát hành",
};

function fail(code: BackendError["code"], message: string): never {
  throw new BackendError({ code, message });
}

function slug(title: string): string {
  return title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** What the in-memory backend "wrote" on export, by path. */
export interface MemoryExport {
  format: FileFormat;
  content: string;
}

export function memoryBackend(
  data: MemoryData,
): Backend & {
  lang: Lang;
  userName: string;
  exports: Map<string, MemoryExport>;
  /** Files written by publishing, by full path (what verifyFile reads). */
  files: Map<string, MemoryFile>;
} {
  const state = {
    opened: [] as string[], lang: data.lang ?? ("vi" as Lang), userName: data.userName ?? "Chuyên viên" };
  let clock = Date.parse("2026-12-01T08:00:00Z");
  let ids = 0;
  const now = () => new Date((clock += 1000)).toISOString().replace(/\.\d{3}Z$/, "Z");
  const newId = (prefix: string) => `${prefix}-${++ids}`;
  const details = data.templateDetails ?? [];
  const exports = new Map<string, MemoryExport>();

  const records: HandbookRecord[] = data.handbooks.map((h) => {
    const view = structuredClone(h);
    const revisions = view.chapters.map((c, i) => ({
      summary: revision(view, c, i + 1, "create", "", "2026-11-28T10:00:00Z", "Hệ thống"),
      source: c.source,
    }));
    return { view, revisions, comments: [], statusChanges: [], variableChanges: [] };
  });

  function revision(
    view: HandbookView,
    c: ChapterView,
    number: number,
    kind: RevisionKind,
    message: string,
    at: string,
    author: string,
  ): RevisionSummary {
    return {
      id: `r-${view.summary.id}-${number}`,
      number,
      chapter_id: c.id,
      chapter_key: c.key,
      chapter_title: c.title,
      kind,
      author,
      message,
      created_at: at,
    };
  }

  const guard = async <T>(f: () => T): Promise<T> => {
    if (data.failWith) throw new BackendError(data.failWith);
    return f();
  };

  function find(id: string): HandbookRecord {
    const r = records.find((x) => x.view.summary.id === id || x.view.summary.title === id);
    if (!r) fail("not_found", `Không tìm thấy sổ tay: ${id}`);
    return r;
  }

  function editable(id: string): HandbookRecord {
    const r = find(id);
    const s = r.view.summary.status;
    if (s === "approved" || s === "published") {
      fail(
        "handbook_read_only",
        `Sổ tay “${r.view.summary.title}” đang ở trạng thái “${STATUS_VI[s]}” nên chỉ xem được. Mở lại thành phiên bản mới để sửa.`,
      );
    }
    return r;
  }

  function template(id: string): TemplateDetail {
    const t = details.find((d) => d.summary.id === id);
    if (!t) fail("not_found", `Không tìm thấy mẫu: ${id}`);
    return t;
  }

  function chapterOf(r: HandbookRecord, chapter: string): ChapterView {
    const c = r.view.chapters.find((x) => x.id === chapter || x.key === chapter);
    if (!c) fail("not_found", `Không tìm thấy chương: ${chapter}`);
    return c;
  }

  /** Re-renders a chapter with the handbook's variables. */
  function render(view: HandbookView, c: ChapterView): void {
    try {
      c.rendered = renderSource(c.source, view.variables);
      c.html = previewHtml(c.rendered);
      c.render_error = null;
    } catch (e) {
      if (!(e instanceof RenderError)) throw e;
      c.rendered = c.source;
      c.html = previewHtml(c.source);
      c.render_error = `${e.line}:${e.column}: ${e.message}`;
    }
  }

  function touch(r: HandbookRecord): void {
    r.view.summary.updated_at = now();
    r.view.summary.chapter_count = r.view.chapters.length;
    r.view.chapters.forEach((c, i) => (c.position = i + 1));
  }

  function addRevision(r: HandbookRecord, c: ChapterView, kind: RevisionKind, message: string): RevisionSummary {
    const summary = revision(r.view, c, r.revisions.length + 1, kind, message, now(), state.userName);
    r.revisions.push({ summary, source: c.source });
    touch(r);
    return summary;
  }

  function findRevision(r: HandbookRecord, rev: string): StoredRevision {
    const found = r.revisions.find((x) => x.summary.id === rev || String(x.summary.number) === rev);
    if (!found) fail("not_found", `Không tìm thấy phiên bản: ${rev}`);
    return found;
  }

  function check(r: HandbookRecord): Diagnostic[] {
    const out: Diagnostic[] = [];
    const t = details.find((d) => d.summary.id === r.view.summary.template_id);
    if (t) out.push(...validateVars(t.variables, r.view.variables));
    for (const c of r.view.chapters) {
      try {
        renderSource(c.source, r.view.variables);
      } catch (e) {
        if (!(e instanceof RenderError)) throw e;
        out.push(e.diagnostic(c.key));
      }
      if (c.source.replace(/^#.*$/gm, "").trim() === "") {
        out.push({
          severity: c.level === "M" ? "error" : "warning",
          code: "chapter.empty",
          file: c.key,
          key: null,
          line: null,
          column: null,
          message: { vi: `Chương “${c.title}” chưa có nội dung.`, en: `The chapter “${c.title}” has no content.` },
          hint: { vi: "Viết nội dung hoặc khôi phục từ lịch sử.", en: "Write its content or restore it from the history." },
        });
      }
    }
    return out;
  }

  /** The whole handbook: contents with links to each chapter, then the chapters. */
  function wholeHtml(r: HandbookRecord): string {
    const esc = (x: string) => x.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    const toc = r.view.chapters
      .map((c, i) => `<li><a href="#${esc(c.key)}"><span class="num">${i + 1}.</span> ${esc(c.title)}</a></li>`)
      .join("\n");
    const body = r.view.chapters
      .map((c) => `<section class="chapter" id="${esc(c.key)}">\n${c.html}</section>`)
      .join("\n");
    return `<nav class="toc" aria-labelledby="toc-title">\n<h2 id="toc-title">Mục lục</h2><ol>\n${toc}\n</ol></nav>\n${body}\n`;
  }

  const verification = memoryVerification({
    pilots: structuredClone(data.pilots),
    checklist: data.checklist,
    rules: data.rules,
    engine: data.engine ?? {},
    now,
    newId,
    userName: () => state.userName,
    handbook: (id) => {
      const s = find(id).view.summary;
      return { id: s.id, title: s.title, version: s.version };
    },
    guard,
  });
  const publishing = memoryPublishing({
    now,
    newId,
    userName: () => state.userName,
    handbook: (id) => {
      const s = find(id).view.summary;
      return { id: s.id, title: s.title, version: s.version, status: s.status };
    },
    guard,
  });

  const bundles = memoryBundles({
    exports,
    snapshot: async (kind, id): Promise<Rows> => {
      if (kind === "assessment") {
        const a = await verification.getAssessment(id);
        const items = (await verification.assessmentItems(id)).flatMap((i) => [i, ...i.subchecks]);
        return {
          assessments: [{ id: a.id, pilot_id: a.pilot_id, date: a.date, status: a.status, lead: a.lead }],
          answers: items
            .filter((i) => i.answer && !i.answer.from_trace_tests)
            .map((i) => ({
              assessment_id: id,
              item_id: i.id,
              result: i.answer!.result,
              note: i.answer!.note,
              reason: i.answer!.reason,
              answered_by: i.answer!.by,
              answered_at: i.answer!.at,
            })),
        };
      }
      let handbookId = id;
      for (const r of kind === "edition" ? records : []) {
        const editions = await publishing.listEditions(r.view.summary.id);
        if (editions.some((e) => e.id === id)) handbookId = r.view.summary.id;
      }
      const v = find(handbookId).view;
      return {
        handbooks: [{ id: v.summary.id, title: v.summary.title, status: v.summary.status, version: v.summary.version }],
        chapters: v.chapters.map((c) => ({ id: c.id, handbook_id: v.summary.id, key: c.key, title: c.title, source: c.source })),
      };
    },
    write: async (table, row) => {
      if (table !== "answers") return;
      const result = row.result as ItemResult;
      await verification.answerItem(String(row.assessment_id), String(row.item_id), result, String(row.note ?? ""), String(row.reason ?? ""));
    },
  });

  function cleanTitle(title: string): string {
    const t = title.normalize("NFC").trim();
    if (!t) fail("invalid_input", "Tên chương không được để trống.");
    return t;
  }

  return {
    get lang() {
      return state.lang;
    },
    get userName() {
      return state.userName;
    },
    exports,
    appInfo: () =>
      guard<AppInfo>(() => ({
        version: "0.0.0-test",
        db_path: ":memory:",
        schema_version: 1,
        lang: state.lang,
        user_name: state.userName,
      })),
    listHandbooks: () => guard(() => records.map((r) => structuredClone(r.view.summary))),
    listTemplates: () => guard(() => data.templates),
    openHandbook: (id) => guard(() => structuredClone(find(id).view)),
    setLanguage: (lang) =>
      guard(() => {
        state.lang = lang;
      }),
    setUserName: (name) =>
      guard(() => {
        const n = name.normalize("NFC").trim();
        if (!n) fail("invalid_input", "Tên người dùng không được để trống.");
        state.userName = n;
      }),
    // No native dialog in memory: "choosing" returns a path in a fixed folder.
    chooseSavePath: (defaultName, extension) =>
      guard(() => `/tmp/sotay/${defaultName.replace(/\.[^.]*$/, "")}.${extension}`),
    openPath: (path) =>
      guard(() => {
        state.opened.push(path);
      }),

    getTemplate: (id) => guard(() => structuredClone(template(id))),
    validateVariables: (templateId, variables) =>
      guard(() => validateVars(template(templateId).variables, variables)),
    createHandbook: (templateId, variables, title) =>
      guard(() => {
        const t = template(templateId);
        const diagnostics = validateVars(t.variables, variables);
        const errors = diagnostics.filter((d) => d.severity === "error");
        if (errors.length > 0) {
          fail("variable_invalid", `Biến không hợp lệ, chưa tạo hay lưu gì:\n  ${errors.map((d) => d.message.vi).join("\n  ")}`);
        }
        const product = String(getAt(variables, "product.name") ?? t.summary.name.vi);
        const id = newId("h");
        const view: HandbookView = {
          summary: {
            id,
            title: title?.trim() || `Sổ tay hướng dẫn truy xuất nguồn gốc sản phẩm ${product}`,
            product,
            template_id: templateId,
            status: "draft",
            version: 1,
            chapter_count: t.chapters.length,
            updated_at: now(),
          },
          variables: structuredClone(variables),
          chapters: t.chapters.map((c, i) => ({
            id: newId("c"),
            key: c.key,
            position: i + 1,
            title: c.title.vi,
            level: c.level,
            source: `# ${c.title.vi}\n\nNội dung chương ${c.title.vi} của sản phẩm {{ product.name }}.\n`,
            rendered: "",
            html: "",
            render_error: null,
          })),
        };
        const r: HandbookRecord = { view, revisions: [], comments: [], statusChanges: [], variableChanges: [] };
        for (const c of view.chapters) {
          render(view, c);
          addRevision(r, c, "create", "");
        }
        records.push(r);
        return structuredClone(view.summary);
      }),
    updateVariables: (handbookId, variables) =>
      guard(() => {
        const r = editable(handbookId);
        const t = template(r.view.summary.template_id);
        const diagnostics = validateVars(t.variables, variables);
        if (diagnostics.some((d) => d.severity === "error")) return { saved: false, diagnostics };
        for (const [key, before, after] of changedKeys(r.view.variables, variables)) {
          const number = r.variableChanges.length + 1;
          r.variableChanges.push({
            id: `vc-${number}`, number, key, old_value: before, new_value: after,
            author: state.userName, at: now(),
          });
        }
        r.view.variables = structuredClone(variables);
        const product = getAt(variables, "product.name");
        if (typeof product === "string") r.view.summary.product = product;
        r.view.chapters.forEach((c) => render(r.view, c));
        touch(r);
        return { saved: true, diagnostics };
      }),
    variableHistory: (handbookId) => guard(() => structuredClone(find(handbookId).variableChanges)),
    async undoVariableChange(handbookId: string, number: number) {
      const r = find(handbookId);
      const change = r.variableChanges.find((c) => c.number === number);
      if (!change) throw new BackendError({ code: "not_found", message: `Không tìm thấy thay đổi biến số: ${number}` });
      const vars = structuredClone(r.view.variables) as Record<string, unknown>;
      const parts = change.key.split(".");
      let here = vars;
      for (const p of parts.slice(0, -1)) here = (here[p] ??= {}) as Record<string, unknown>;
      if (change.old_value === null) delete here[parts[parts.length - 1]];
      else here[parts[parts.length - 1]] = structuredClone(change.old_value);
      return this.updateVariables(handbookId, vars);
    },
    saveChapter: (handbookId, chapterId, source) =>
      guard(() => {
        const r = editable(handbookId);
        const c = chapterOf(r, chapterId);
        const text = source.normalize("NFC");
        if (c.source === text) return null;
        c.source = text;
        render(r.view, c);
        return addRevision(r, c, "edit", "");
      }),
    previewChapter: (handbookId, source) =>
      guard(() => {
        const r = find(handbookId);
        try {
          return { html: previewHtml(renderSource(source, r.view.variables)), error: null };
        } catch (e) {
          if (!(e instanceof RenderError)) throw e;
          return { html: previewHtml(source), error: e.diagnostic(null) };
        }
      }),
    addChapter: (handbookId, title, level: ChapterLevel, after) =>
      guard(() => {
        const r = editable(handbookId);
        const t = cleanTitle(title);
        const base = slug(t) || "chuong";
        let key = base;
        for (let n = 2; r.view.chapters.some((c) => c.key === key); n++) key = `${base}-${n}`;
        const at = after ? r.view.chapters.indexOf(chapterOf(r, after)) + 1 : 0;
        const c: ChapterView = {
          id: newId("c"), key, position: 0, title: t, level,
          source: `# ${t}\n\n`, rendered: "", html: "", render_error: null,
        };
        r.view.chapters.splice(at, 0, c);
        render(r.view, c);
        addRevision(r, c, "add", "");
        return structuredClone(r.view);
      }),
    removeChapter: (handbookId, chapterId) =>
      guard(() => {
        const r = editable(handbookId);
        const c = chapterOf(r, chapterId);
        r.view.chapters.splice(r.view.chapters.indexOf(c), 1);
        addRevision(r, c, "remove", "");
        return structuredClone(r.view);
      }),
    moveChapter: (handbookId, chapterId, position) =>
      guard(() => {
        const r = editable(handbookId);
        const c = chapterOf(r, chapterId);
        const list = r.view.chapters;
        list.splice(list.indexOf(c), 1);
        list.splice(Math.min(Math.max(1, position), list.length + 1) - 1, 0, c);
        touch(r);
        return structuredClone(r.view);
      }),
    renameChapter: (handbookId, chapterId, title) =>
      guard(() => {
        const r = editable(handbookId);
        const c = chapterOf(r, chapterId);
        c.title = cleanTitle(title);
        addRevision(r, c, "rename", "");
        return structuredClone(r.view);
      }),
    history: (handbookId, chapterId) =>
      guard(() =>
        find(handbookId)
          .revisions.filter((x) => !chapterId || x.summary.chapter_id === chapterId || x.summary.chapter_key === chapterId)
          .map((x) => structuredClone(x.summary))
          .reverse(),
      ),
    revision: (handbookId, rev) => guard(() => structuredClone(findRevision(find(handbookId), rev))),
    diffRevisions: (handbookId, from, to) =>
      guard(() => {
        const r = find(handbookId);
        const a = findRevision(r, from);
        const b = findRevision(r, to);
        const spans: DiffSpan[] = wordDiff(a.source, b.source);
        const words = (op: DiffSpan["op"]) =>
          spans.filter((s) => s.op === op).reduce((n, s) => n + s.text.split(/\s+/).filter(Boolean).length, 0);
        return {
          from: structuredClone(a.summary),
          to: structuredClone(b.summary),
          spans,
          inserted_words: words("insert"),
          deleted_words: words("delete"),
        };
      }),
    restoreRevision: (handbookId, rev) =>
      guard(() => {
        const r = editable(handbookId);
        const old = findRevision(r, rev);
        let c = r.view.chapters.find((x) => x.id === old.summary.chapter_id);
        if (!c) {
          c = {
            id: old.summary.chapter_id, key: old.summary.chapter_key, position: 0,
            title: old.summary.chapter_title, level: "O", source: old.source,
            rendered: "", html: "", render_error: null,
          };
          r.view.chapters.push(c);
        }
        c.source = old.source;
        render(r.view, c);
        return addRevision(r, c, "restore", `#${old.summary.number}`);
      }),
    checkHandbook: (handbookId) => guard(() => check(find(handbookId))),
    setStatus: (handbookId, to, note) =>
      guard(() => {
        const r = find(handbookId);
        const s = r.view.summary;
        const from = s.status;
        if (!TRANSITIONS.some(([a, b]) => a === from && b === to)) {
          fail("workflow_refused", `Không thể chuyển sổ tay từ “${STATUS_VI[from]}” sang “${STATUS_VI[to]}”.`);
        }
        if (to === "approved") {
          const errors = check(r).filter((d) => d.severity === "error").length;
          if (errors > 0) fail("workflow_refused", `Chưa thể duyệt: kiểm tra sổ tay còn ${errors} lỗi.`);
        }
        if ((from === "approved" || from === "published") && to === "draft") s.version += 1;
        s.status = to;
        s.updated_at = now();
        r.statusChanges.push({ from, to, version: s.version, by: state.userName, at: s.updated_at, note });
        return structuredClone(s);
      }),
    statusHistory: (handbookId) => guard(() => structuredClone(find(handbookId).statusChanges)),
    listComments: (handbookId) => guard(() => structuredClone(find(handbookId).comments)),
    addComment: (handbookId, chapterId, body) =>
      guard(() => {
        const r = find(handbookId);
        const c = chapterOf(r, chapterId);
        const text = body.normalize("NFC").trim();
        if (!text) fail("invalid_input", "Góp ý không được để trống.");
        const comment: Comment = {
          id: newId("cm"), chapter_id: c.id, author: state.userName, body: text, status: "open",
          created_at: now(), resolved_by: null, resolved_at: null,
        };
        r.comments.push(comment);
        return structuredClone(comment);
      }),
    resolveComment: (handbookId, commentId) =>
      guard(() => {
        const r = find(handbookId);
        const c = r.comments.find((x) => x.id === commentId);
        if (!c) fail("not_found", `Không tìm thấy góp ý: ${commentId}`);
        c.status = "resolved";
        c.resolved_by = state.userName;
        c.resolved_at = now();
        return structuredClone(c);
      }),

    previewHandbook: (handbookId) => guard(() => wholeHtml(find(handbookId))),
    exportHandbook: (handbookId, format, path) =>
      guard(() => {
        const r = find(handbookId);
        const p = path.normalize("NFC").trim();
        if (!p.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(p)) {
          fail("invalid_input", `Không ghi được tệp “${p}”: cần đường dẫn đầy đủ. Không có tệp nào bị ghi dở.`);
        }
        const content = wholeHtml(r);
        exports.set(p, { format, content });
        const diagnostics = check(r).map((d) => ({ ...d, severity: "warning" as const }));
        return { path: p, bytes: new TextEncoder().encode(content).length, diagnostics };
      }),
    exportReport: (kind, ids, year, format, path) =>
      guard(() => {
        const p = path.normalize("NFC").trim();
        if (!p.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(p)) {
          fail("invalid_input", `Không ghi được tệp “${p}”: cần đường dẫn đầy đủ. Không có tệp nào bị ghi dở.`);
        }
        if (kind === "annual" && year === null) fail("invalid_input", "Cần năm của báo cáo.");
        const content = `<h1>${kind} ${ids.join(",")} ${year ?? ""}</h1>`;
        exports.set(p, { format, content });
        return { path: p, bytes: new TextEncoder().encode(content).length, diagnostics: [] };
      }),
    exportInterop: (kind, id, format, path) =>
      guard(() => {
        const p = path.normalize("NFC").trim();
        if (!p.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(p)) {
          fail("invalid_input", `Không ghi được tệp “${p}”: cần đường dẫn đầy đủ. Không có tệp nào bị ghi dở.`);
        }
        if (kind === "handbook" && format === "csv") fail("invalid_input", "Bảng truy xuất thử chỉ có cho đợt đánh giá.");
        const content =
          format === "csv" ? "lot,product,quantity,unit,date,from,to,reference\n" : JSON.stringify({ type: "EPCISDocument", kind, id });
        exports.set(p, { format, content });
        return { path: p, bytes: new TextEncoder().encode(content).length, diagnostics: [] };
      }),
    ...verification,
    ...publishing,
    ...bundles,
  };
}
export type { RuleEngine } from "./memory-verification";
