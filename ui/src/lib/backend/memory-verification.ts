// Pilot verification for the in-memory backend: pilots, assessments, answers, trace tests,
// findings, corrective actions and workspace rules, following the Rust use cases
// (crates/sotay/src/verification.rs). It grades nothing: every grade, verdict and refusal of
// rules comes from `engine`, which tests fill with results produced by the Rust code (issue 14:
// one rule engine). Without it, previewing or recording a trace test and asking for a verdict fail.
import { BackendError, type Backend } from "./index";
import type {
  ActionStatus,
  Answer,
  AssessmentItem,
  AssessmentStatus,
  AssessmentSummary,
  ChecklistItem,
  CorrectiveAction,
  EvidenceAttached,
  EvidenceFile,
  Finding,
  ItemResult,
  PilotModel,
  Rules,
  TraceInput,
  TraceTest,
  Verdict,
} from "./bindings";
import { addDays, isYmd } from "../verification/time";

/** What the Rust rule engine answers, given by tests (the in-memory backend has no rules). */
export interface RuleEngine {
  /** preview_trace / record_trace: the trace test as Rust grades it with `rules` (its id is
   *  replaced); throw a BackendError to refuse the input. */
  trace?: (input: TraceInput, rules: Rules) => TraceTest;
  /** assessment_verdict, from the assessment's records. */
  verdict?: (a: { id: string; items: AssessmentItem[]; tests: TraceTest[]; findings: Finding[]; rules: Rules }) => Verdict;
  /** set_workspace_rules: the reason rules are refused (in the user's language), or null. */
  refuseRules?: (rules: Rules) => string | null;
}

type VerificationMethods = Pick<
  Backend,
  | "addPilot"
  | "listPilots"
  | "listAssessments"
  | "newAssessment"
  | "assessmentItems"
  | "answerItem"
  | "recordTrace"
  | "previewTrace"
  | "traceTests"
  | "findings"
  | "addAction"
  | "moveAction"
  | "setAssessmentStatus"
  | "assessmentVerdict"
  | "attachEvidence"
  | "evidenceThumbnail"
  | "getAssessment"
  | "assessmentSections"
  | "workspaceRules"
  | "setWorkspaceRules"
  | "resetWorkspaceRules"
  | "addAssessmentItem"
>;

export interface VerificationContext {
  pilots: PilotModel[];
  /** The template checklist every new assessment starts from (none: new assessments fail). */
  checklist: ChecklistItem[] | undefined;
  /** The workspace's rules new assessments freeze, and what "reset" goes back to (none: the
   *  rules are unknown and asking for them fails). */
  rules: Rules | undefined;
  engine: RuleEngine;
  /** RFC 3339 now; each call moves the clock on. */
  now: () => string;
  newId: (prefix: string) => string;
  userName: () => string;
  /** The handbook's id, title and version, or a `not_found` error. */
  handbook: (id: string) => { id: string; title: string; version: number };
  guard: <T>(f: () => T) => Promise<T>;
}

interface FindingRecord {
  finding: Finding;
  assessmentId: string;
}

interface AssessmentRecord {
  summary: AssessmentSummary;
  checklist: ChecklistItem[];
  /** The rules frozen when the assessment was created. */
  rules: Rules | undefined;
  answers: Map<string, Answer>;
  traces: TraceTest[];
  evidence: { file: EvidenceFile; thumbnail: string | null }[];
}

const S9 = ["S9.1", "S9.2", "S9.3", "S9.4", "S9.5"];

const ASSESSMENT_MOVES: ReadonlyArray<[AssessmentStatus, AssessmentStatus]> = [
  ["planned", "in_progress"],
  ["in_progress", "completed"],
  ["completed", "closed"],
  ["completed", "in_progress"],
];

const ACTION_MOVES: ReadonlyArray<[ActionStatus, ActionStatus]> = [
  ["open", "in_progress"],
  ["open", "done"],
  ["in_progress", "done"],
  ["done", "verified"],
  ["done", "in_progress"],
];

function fail(code: BackendError["code"], message: string): never {
  throw new BackendError({ code, message });
}

const nfc = (s: string) => s.normalize("NFC").trim();

const NO_ENGINE = "Bộ nhớ tạm (chỉ dùng khi kiểm thử) không có quy tắc đánh giá: hãy cho nó kết quả của Rust (engine).";

/**
 * What the Rust side makes of an attached file, approximated without decoders: a PNG or JPEG
 * (by its magic bytes) "gets a thumbnail" that is the file itself as a data URL; an image name
 * with other bytes is a damaged photo; the capture time is the first EXIF-style
 * `YYYY:MM:DD HH:MM:SS` in the bytes, with a following `±HH:MM` offset.
 */
function photoStandIn(name: string, bytes: number[]): { takenAt: string | null; thumbnail: string | null; broken: boolean } {
  const text = String.fromCharCode(...bytes.slice(0, 64 * 1024));
  const m = /(\d{4}):(\d\d):(\d\d) (\d\d:\d\d:\d\d)\0(?:[^]*?([+-]\d\d:\d\d)\0)?/.exec(text);
  const takenAt = m && m[1] !== "0000" ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}${m[5] ?? ""}` : null;
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const whole = bytes.length >= 32;
  const thumbnail = (png || jpeg) && whole ? `data:image/${png ? "png" : "jpeg"};base64,${btoa(String.fromCharCode(...bytes))}` : null;
  return { takenAt, thumbnail, broken: thumbnail === null && /\.(png|jpe?g)$/i.test(name) };
}
/** A sub-check's parent: `S4.1` for `S4.1.3`, when the checklist has it. */
function parentOf(id: string, checklist: ChecklistItem[]): string | null {
  const m = /^(.+\.\d+)\.\d+$/.exec(id);
  return m && checklist.some((i) => i.id === m[1]) ? m[1] : null;
}

export function memoryVerification(ctx: VerificationContext): VerificationMethods {
  const { guard, engine } = ctx;
  const assessments: AssessmentRecord[] = [];
  const findings: FindingRecord[] = [];
  let workspaceRules = ctx.rules ? structuredClone(ctx.rules) : undefined;
  const today = () => ctx.now().slice(0, 10);

  function pilot(id: string): PilotModel {
    const p = ctx.pilots.find((x) => x.id === id || x.name === nfc(id));
    if (!p) fail("not_found", `Không tìm thấy mô hình thí điểm: ${id}`);
    return p;
  }

  function assessment(id: string): AssessmentRecord {
    const a = assessments.find((x) => x.summary.id === id);
    if (!a) fail("not_found", `Không tìm thấy đợt đánh giá: ${id}`);
    return a;
  }

  function frozen(a: AssessmentRecord): Rules {
    if (!a.rules) fail("internal", NO_ENGINE);
    return a.rules;
  }

  function startIfPlanned(a: AssessmentRecord) {
    if (a.summary.status === "planned") a.summary.status = "in_progress";
  }

  /** Keeps findings in step with results: MINOR/MAJOR open one, PASS/NA withdraw it. */
  function syncFindings(a: AssessmentRecord, results: [string, ItemResult][]) {
    for (const [itemId, result] of results) {
      const existing = findings.find((f) => f.assessmentId === a.summary.id && f.finding.item_id === itemId);
      if (result === "minor" || result === "major") {
        if (existing) {
          existing.finding.severity = result;
          existing.finding.status = "open";
        } else {
          findings.push({
            assessmentId: a.summary.id,
            finding: { id: ctx.newId("f"), item_id: itemId, severity: result, description: "", status: "open", actions: [] },
          });
        }
      } else if (existing) {
        existing.finding.status = "withdrawn";
      }
    }
  }

  /** The items with their answers, sub-checks nested under their parent. S9.x stay without an
   *  answer (Rust derives them from the graded trace tests) and no result is suggested. */
  function items(a: AssessmentRecord): AssessmentItem[] {
    const all = a.checklist.map((item): AssessmentItem => {
      const answer = S9.includes(item.id) ? null : (a.answers.get(item.id) ?? null);
      const attached = a.evidence.filter((e) => e.file.item_id === item.id).map((e) => e.file);
      return structuredClone({ ...item, answer, evidence_files: attached.map((e) => e.name), attached, subchecks: [], suggested: null });
    });
    const top = all.filter((i) => parentOf(i.id, a.checklist) === null);
    for (const sub of all) {
      const parent = parentOf(sub.id, a.checklist);
      if (parent) top.find((i) => i.id === parent)?.subchecks.push(sub);
    }
    return top;
  }

  function trace(a: AssessmentRecord, input: TraceInput): TraceTest {
    if (!engine.trace) fail("internal", NO_ENGINE);
    if (input.retest_of !== null && !a.traces.some((t) => t.id === input.retest_of)) {
      fail("invalid_input", `Không có lần truy xuất thử “${input.retest_of}” trong đợt đánh giá này để làm lại.`);
    }
    return structuredClone(engine.trace(structuredClone(input), frozen(a)));
  }

  function withOverdue(action: CorrectiveAction): CorrectiveAction {
    const open = action.status === "open" || action.status === "in_progress";
    return { ...action, overdue: open && action.due < today() };
  }

  function findingsOf(assessmentId: string): Finding[] {
    return findings
      .filter((f) => f.assessmentId === assessmentId)
      .map((f) => structuredClone({ ...f.finding, actions: f.finding.actions.map(withOverdue) }))
      .sort((x, y) => x.item_id.localeCompare(y.item_id));
  }

  function action(id: string): { action: CorrectiveAction; record: FindingRecord } {
    for (const record of findings) {
      const found = record.finding.actions.find((x) => x.id === id);
      if (found) return { action: found, record };
    }
    fail("not_found", `Không tìm thấy hành động khắc phục: ${id}`);
  }

  function verdictOf(a: AssessmentRecord): Verdict {
    if (!engine.verdict) fail("internal", NO_ENGINE);
    return structuredClone(
      engine.verdict({
        id: a.summary.id,
        items: items(a),
        tests: structuredClone(a.traces),
        findings: findingsOf(a.summary.id),
        rules: frozen(a),
      }),
    );
  }

  return {
    listPilots: () => guard(() => structuredClone(ctx.pilots)),
    addPilot: (name, kind, handbookId, province, commune, contact) =>
      guard(() => {
        const n = nfc(name);
        if (!n) fail("invalid_input", "Tên mô hình thí điểm không được để trống.");
        const p: PilotModel = {
          id: ctx.newId("p"),
          name: n,
          kind,
          address: { province: nfc(province), commune: nfc(commune), legacy_district: null },
          contact: nfc(contact),
          handbook_id: handbookId ? ctx.handbook(handbookId).id : null,
          created_at: ctx.now(),
        };
        ctx.pilots.push(p);
        return structuredClone(p);
      }),
    listAssessments: (pilotId) =>
      guard(() => {
        const id = pilotId === null ? null : pilot(pilotId).id;
        return assessments
          .filter((a) => id === null || a.summary.pilot_id === id)
          .map((a) => structuredClone(a.summary))
          .sort((x, y) => y.date.localeCompare(x.date) || y.id.localeCompare(x.id));
      }),
    newAssessment: (pilotId, handbookId, date, lead, team) =>
      guard(() => {
        const p = pilot(pilotId);
        const h = ctx.handbook(handbookId);
        if (!isYmd(date)) fail("invalid_input", `“${date}” không phải ngày hợp lệ dạng NNNN-TT-NN.`);
        if (!ctx.checklist) fail("invalid_input", "Mẫu của sổ tay không có danh mục kiểm tra (checklist.toml).");
        const summary: AssessmentSummary = {
          id: ctx.newId("a"),
          pilot_id: p.id,
          pilot_name: p.name,
          handbook_id: h.id,
          handbook_title: h.title,
          handbook_version: h.version,
          status: "planned",
          date: date.trim(),
          lead: nfc(lead) || ctx.userName(),
          team: team.map(nfc).filter((x) => x.length > 0),
        };
        const rules = workspaceRules ? structuredClone(workspaceRules) : undefined;
        assessments.push({ summary, checklist: structuredClone(ctx.checklist), rules, answers: new Map(), traces: [], evidence: [] });
        return structuredClone(summary);
      }),
    assessmentItems: (assessmentId) => guard(() => items(assessment(assessmentId))),
    answerItem: (assessmentId, itemId, result, note, reason) =>
      guard(() => {
        const a = assessment(assessmentId);
        if (a.summary.status === "closed") fail("invalid_input", "Đợt đánh giá đã đóng, không sửa được kết quả.");
        const id = itemId.trim();
        if (!a.checklist.some((i) => i.id === id)) fail("invalid_input", `Không ghi kết quả nào:\n  không có mục kiểm tra “${id}”.`);
        if (S9.includes(id)) {
          fail("invalid_input", `Không ghi kết quả nào:\n  mục ${id} lấy kết quả từ truy xuất thử, không trả lời tay.`);
        }
        if (result === "na" && !reason.trim()) {
          fail("invalid_input", `Không ghi kết quả nào:\n  mục ${id} “không áp dụng” cần ghi lý do.`);
        }
        a.answers.set(id, { result, note: nfc(note), reason: nfc(reason), by: ctx.userName(), at: ctx.now(), from_trace_tests: false });
        syncFindings(a, [[id, result]]);
        startIfPlanned(a);
      }),
    previewTrace: (assessmentId, input) => guard(() => trace(assessment(assessmentId), input)),
    recordTrace: (assessmentId, input) =>
      guard(() => {
        const a = assessment(assessmentId);
        if (a.summary.status === "closed") fail("invalid_input", "Đợt đánh giá đã đóng, không ghi thêm truy xuất thử.");
        const test = { ...trace(a, input), id: ctx.newId("t") };
        a.traces.push(test);
        startIfPlanned(a);
        return structuredClone(test);
      }),
    traceTests: (assessmentId) => guard(() => structuredClone(assessment(assessmentId).traces)),
    findings: (assessmentId) =>
      guard(() => {
        assessment(assessmentId);
        return findingsOf(assessmentId);
      }),
    addAction: (findingId, owner, due, description) =>
      guard(() => {
        const record = findings.find((f) => f.finding.id === findingId);
        if (!record) fail("not_found", `Không tìm thấy phát hiện: ${findingId}`);
        const a = assessment(record.assessmentId);
        const o = nfc(owner);
        if (!o) fail("invalid_input", "Hành động khắc phục cần người phụ trách.");
        let d: string;
        if (due !== null) {
          if (!isYmd(due)) fail("invalid_input", `“${due}” không phải ngày hợp lệ dạng NNNN-TT-NN.`);
          d = due.trim();
        } else {
          const r = frozen(a);
          const days = record.finding.severity === "major" ? r.major_due_days : r.minor_due_days;
          d = addDays(a.summary.date, days);
        }
        const created: CorrectiveAction = {
          id: ctx.newId("ca"), finding_id: findingId, description: nfc(description), owner: o, due: d,
          status: "open", overdue: false, verified_by: null, verified_at: null, note: "",
        };
        record.finding.actions.push(created);
        return withOverdue(structuredClone(created));
      }),
    moveAction: (actionId, status, note) =>
      guard(() => {
        const { action: a } = action(actionId);
        if (!ACTION_MOVES.some(([x, y]) => x === a.status && y === status)) {
          fail("workflow_refused", `Không thể chuyển hành động từ “${a.status}” sang “${status}”.`);
        }
        a.status = status;
        a.note = nfc(note);
        if (status === "verified") {
          a.verified_by = ctx.userName();
          a.verified_at = ctx.now();
        }
        return withOverdue(structuredClone(a));
      }),
    setAssessmentStatus: (assessmentId, status) =>
      guard(() => {
        const a = assessment(assessmentId);
        if (!ASSESSMENT_MOVES.some(([x, y]) => x === a.summary.status && y === status)) {
          fail("workflow_refused", `Không thể chuyển đợt đánh giá từ “${a.summary.status}” sang “${status}”.`);
        }
        if (status === "completed" && engine.verdict) {
          const v = verdictOf(a);
          if (v.verdict === "incomplete") {
            const words = { backward: "chưa có truy xuất ngược", forward: "chưa có truy xuất xuôi" } as const;
            const ids = v.missing.filter((m) => m !== "backward" && m !== "forward");
            const parts = [...(ids.length > 0 ? [`${ids.length} mục chưa có kết quả: ${ids.join(", ")}`] : []), ...v.missing_directions.map((d) => words[d])];
            fail("workflow_refused", `Chưa thể hoàn thành đánh giá: chưa đủ dữ liệu để kết luận — ${parts.join("; ")}.`);
          }
        }
        a.summary.status = status;
        return structuredClone(a.summary);
      }),
    assessmentVerdict: (assessmentId) => guard(() => verdictOf(assessment(assessmentId))),
    getAssessment: (assessmentId) => guard(() => structuredClone(assessment(assessmentId).summary)),
    assessmentSections: (assessmentId) =>
      guard(() => {
        const a = assessment(assessmentId);
        const ids = [...new Set(a.checklist.map((i) => i.section))];
        return [ids.map((id) => ({ id, title: { vi: id, en: id } })), structuredClone(frozen(a))];
      }),
    workspaceRules: () =>
      guard(() => {
        if (!workspaceRules) fail("internal", NO_ENGINE);
        return structuredClone(workspaceRules);
      }),
    setWorkspaceRules: (rules) =>
      guard(() => {
        const refused = engine.refuseRules?.(rules) ?? null;
        if (refused) fail("invalid_input", refused);
        workspaceRules = structuredClone(rules);
        return structuredClone(rules);
      }),
    resetWorkspaceRules: () =>
      guard(() => {
        if (!ctx.rules) fail("internal", NO_ENGINE);
        workspaceRules = structuredClone(ctx.rules);
        return structuredClone(ctx.rules);
      }),
    addAssessmentItem: (assessmentId, section, text, level) =>
      guard(() => {
        const a = assessment(assessmentId);
        if (a.summary.status === "closed") fail("invalid_input", "Đợt đánh giá đã đóng, không thêm được mục.");
        const body = nfc(text);
        if (!body) fail("invalid_input", "Mục kiểm tra cần nội dung.");
        if (!a.checklist.some((i) => i.section === section)) fail("invalid_input", `Không có phần “${section}” trong danh mục kiểm tra.`);
        const n = a.checklist.filter((i) => /^X\d+$/.test(i.id)).length + 1;
        const id = `X${n}`;
        const last = a.checklist.map((i) => i.section).lastIndexOf(section);
        a.checklist.splice(last + 1, 0, {
          id, section, level, critical: false, text: { vi: body, en: body }, source: "Người đánh giá bổ sung / added by the inspector",
          evidence: { vi: "", en: "" }, condition: null,
        });
        return id;
      }),
    attachEvidence: (assessmentId, itemId, name, bytes) =>
      guard(() => {
        const a = assessment(assessmentId);
        let h = 0;
        for (const b of bytes) h = (h * 31 + b) >>> 0;
        const sha = h.toString(16).padStart(64, "0");
        const photo = photoStandIn(nfc(name), bytes);
        const file: EvidenceFile = {
          id: ctx.newId("ev"), item_id: itemId, name: nfc(name), sha256: sha,
          taken_at: photo.takenAt, has_thumbnail: photo.thumbnail !== null,
        };
        a.evidence.push({ file, thumbnail: photo.thumbnail });
        const warning = photo.broken
          ? { vi: `Đã lưu “${file.name}” nhưng không tạo được ảnh thu nhỏ.`, en: `“${file.name}” was saved, but no thumbnail could be made.` }
          : null;
        return structuredClone({ file, warning }) satisfies EvidenceAttached;
      }),
    evidenceThumbnail: (evidenceId) =>
      guard(() => {
        const found = assessments.flatMap((a) => a.evidence).find((e) => e.file.id === evidenceId);
        if (!found) fail("not_found", `Không tìm thấy bằng chứng: ${evidenceId}`);
        return found.thumbnail;
      }),
  };
}
