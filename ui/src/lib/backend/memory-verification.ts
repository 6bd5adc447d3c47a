// Pilot verification for the in-memory backend: pilots, assessments, answers, trace tests,
// findings, corrective actions and the verdict, following the Rust use cases
// (crates/sotay/src/verification.rs) and the verdict rules (crates/sotay-model/src/verdict.rs).
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
  Grade,
  ItemLevel,
  ItemResult,
  Localized,
  PilotModel,
  SectionScore,
  TraceInput,
  TraceTest,
  Verdict,
} from "./bindings";
import { convert, DEFAULT_RULES, gradeTrace, tracePasses, UNITS, worse, type TraceFacts, type Unit } from "../verification/grades";
import { addDays, isYmd } from "../verification/time";

type VerificationMethods = Pick<
  Backend,
  | "addPilot"
  | "listPilots"
  | "listAssessments"
  | "newAssessment"
  | "assessmentItems"
  | "answerItem"
  | "recordTrace"
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
  | "addAssessmentItem"
>;

export interface VerificationContext {
  pilots: PilotModel[];
  /** The template checklist every new assessment starts from (none: new assessments fail). */
  checklist: ChecklistItem[] | undefined;
  /** RFC 3339 now; each call moves the clock on. */
  now: () => string;
  newId: (prefix: string) => string;
  userName: () => string;
  /** The handbook's id, title and version, or a `not_found` error. */
  handbook: (id: string) => { id: string; title: string; version: number };
  guard: <T>(f: () => T) => Promise<T>;
}

interface TraceRow {
  test: TraceTest;
  facts: TraceFacts;
}

interface FindingRecord {
  finding: Finding;
  assessmentId: string;
}

interface AssessmentRecord {
  summary: AssessmentSummary;
  checklist: ChecklistItem[];
  answers: Map<string, Answer>;
  traces: TraceRow[];
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
const round2 = (x: number) => Math.round(x * 100) / 100;

/** S9.1–S9.5 from the recorded trace tests; the worst test counts. */
export function s9Results(tests: TraceFacts[]): Map<string, ItemResult> {
  const out = new Map<string, ItemResult>();
  for (const t of tests) {
    const g = gradeTrace(t);
    const put = (id: string, grade: Grade) => {
      const prev = out.get(id) as Grade | undefined;
      out.set(id, prev ? worse(prev, grade) : grade);
    };
    put(t.direction === "backward" ? "S9.1" : "S9.2", g.links);
    put("S9.3", g.time);
    put("S9.4", g.quantity);
    put("S9.5", g.consistency);
  }
  return out;
}

export interface ScoredItem {
  id: string;
  section: string;
  level: ItemLevel;
  critical: boolean;
  result: ItemResult | null;
}

export interface FindingState {
  itemId: string;
  severity: ItemResult;
  hasAction: boolean;
}

/** The score and verdict, DOMAIN.md "Verdict rules, made exact" (default weights and thresholds). */
export function verdict(items: ScoredItem[], tests: TraceFacts[], findings: FindingState[]): Verdict {
  const r = DEFAULT_RULES;
  const weight: Record<ItemLevel, number> = { M: r.weightM, C: r.weightC, R: r.weightR };
  const sections: Record<string, SectionScore> = {};
  let totalPoints = 0;
  let totalWeight = 0;
  const unanswered: string[] = [];
  for (const it of items) {
    const s = (sections[it.section] ??= {
      score: null, points: 0, weight: 0, items: 0, answered: 0, pass: 0, minor: 0, major: 0, na: 0,
    });
    s.items += 1;
    if (it.result === null) {
      unanswered.push(it.id);
      continue;
    }
    s.answered += 1;
    s[it.result] += 1;
    if (it.result === "na") continue;
    const w = weight[it.level];
    const p = it.result === "pass" ? w : it.result === "minor" ? w / 2 : 0;
    s.points += p;
    s.weight += w;
    totalPoints += p;
    totalWeight += w;
  }
  for (const s of Object.values(sections)) {
    s.score = s.weight > 0 ? round2((s.points / s.weight) * 100) : null;
    s.points = round2(s.points);
  }
  const score = totalWeight > 0 ? round2((totalPoints / totalWeight) * 100) : 0;
  const f2 = (x: number) => x.toFixed(2);
  const reasons: Localized[] = [];
  const base = { score, sections, unanswered };

  const criticalMajor = items.filter((i) => i.critical && i.result === "major").map((i) => i.id);
  const missing = tests.filter((t) => t.linksFound < t.linksExpected);
  if (criticalMajor.length > 0 || missing.length > 0 || score < r.notEffectiveScore) {
    if (criticalMajor.length > 0) {
      const ids = criticalMajor.join(", ");
      reasons.push({ vi: `Mục trọng yếu bị lỗi nặng: ${ids}.`, en: `Critical items with a MAJOR result: ${ids}.` });
    }
    for (const t of missing) {
      const [dvi, den] = t.direction === "backward" ? ["ngược", "backward"] : ["xuôi", "forward"];
      reasons.push({
        vi: `Truy xuất thử ${dvi} thiếu liên kết: tìm được ${t.linksFound}/${t.linksExpected}.`,
        en: `The ${den} trace test missed links: ${t.linksFound} of ${t.linksExpected} found.`,
      });
    }
    if (score < r.notEffectiveScore) {
      reasons.push({
        vi: `Điểm ${f2(score)} thấp hơn ${r.notEffectiveScore}.`,
        en: `Score ${f2(score)} is below ${r.notEffectiveScore}.`,
      });
    }
    return { ...base, verdict: "not_effective", pending: false, reasons };
  }

  const mMajor = items.filter((i) => i.level === "M" && i.result === "major").map((i) => i.id);
  const criticalNotPass = items.filter((i) => i.critical && i.result !== "pass").map((i) => i.id);
  const failing = tests.map((t, i) => [i, gradeTrace(t)] as const).filter(([, g]) => !tracePasses(g));
  if (mMajor.length === 0 && criticalNotPass.length === 0 && failing.length === 0 && score >= r.effectiveScore) {
    reasons.push({
      vi: `Không có lỗi nặng ở mục bắt buộc, mọi mục trọng yếu đạt, truy xuất thử đạt; điểm ${f2(score)} ≥ ${r.effectiveScore}.`,
      en: `No MAJOR on mandatory items, every critical item passes, trace tests pass; score ${f2(score)} ≥ ${r.effectiveScore}.`,
    });
    return { ...base, verdict: "effective", pending: false, reasons };
  }

  if (mMajor.length > 0) {
    reasons.push({ vi: `Mục bắt buộc bị lỗi nặng: ${mMajor.join(", ")}.`, en: `Mandatory items with a MAJOR result: ${mMajor.join(", ")}.` });
  }
  if (criticalNotPass.length > 0) {
    reasons.push({ vi: `Mục trọng yếu chưa đạt: ${criticalNotPass.join(", ")}.`, en: `Critical items not passed: ${criticalNotPass.join(", ")}.` });
  }
  const cap = (g: Grade) => g[0].toUpperCase() + g.slice(1);
  for (const [i, grades] of failing) {
    const g = { time: cap(grades.time), links: cap(grades.links), quantity: cap(grades.quantity) };
    reasons.push({
      vi: `Truy xuất thử thứ ${i + 1} chưa đạt (thời gian: ${g.time}, liên kết: ${g.links}, khối lượng: ${g.quantity}).`,
      en: `Trace test ${i + 1} did not pass (time: ${g.time}, links: ${g.links}, quantity: ${g.quantity}).`,
    });
  }
  if (score < r.effectiveScore) {
    reasons.push({ vi: `Điểm ${f2(score)} thấp hơn ${r.effectiveScore}.`, en: `Score ${f2(score)} is below ${r.effectiveScore}.` });
  }
  const without = findings
    .filter((f) => (f.severity === "major" || f.severity === "minor") && !f.hasAction)
    .map((f) => f.itemId);
  const pending = without.length > 0;
  if (pending) {
    reasons.push({
      vi: `Chờ hành động khắc phục (người phụ trách, hạn) cho: ${without.join(", ")}.`,
      en: `Waiting for corrective actions (owner, due date) for: ${without.join(", ")}.`,
    });
  }
  return { ...base, verdict: "effective_with_corrective_actions", pending, reasons };
}

function unitOf(u: string): Unit {
  const n = nfc(u).toLowerCase();
  const found = UNITS.find((x) => x === n);
  if (!found) fail("invalid_input", `Đơn vị “${u}” không được hỗ trợ (kg, g, yến, tạ, tấn, con, thùng, bao, lít).`);
  return found;
}

export function memoryVerification(ctx: VerificationContext): VerificationMethods {
  const { guard } = ctx;
  const assessments: AssessmentRecord[] = [];
  const findings: FindingRecord[] = [];
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

  function items(a: AssessmentRecord): AssessmentItem[] {
    const derived = s9Results(a.traces.map((t) => t.facts));
    return a.checklist.map((item) => {
      const d = derived.get(item.id);
      const answer: Answer | null = d
        ? { result: d, note: "", reason: "", by: "", at: "", from_trace_tests: true }
        : S9.includes(item.id)
          ? null
          : (a.answers.get(item.id) ?? null);
      const attached = a.evidence.filter((e) => e.file.item_id === item.id).map((e) => e.file);
      return structuredClone({ ...item, answer, evidence_files: attached.map((e) => e.name), attached });
    });
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
        assessments.push({ summary, checklist: structuredClone(ctx.checklist), answers: new Map(), traces: [], evidence: [] });
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
    recordTrace: (assessmentId, t: TraceInput) =>
      guard(() => {
        const a = assessment(assessmentId);
        const started = Date.parse(t.started);
        const finished = Date.parse(t.finished);
        if (Number.isNaN(started) || Number.isNaN(finished)) fail("invalid_input", "Thời điểm không đúng dạng RFC 3339.");
        if (finished < started) fail("invalid_input", "Thời điểm kết thúc trước thời điểm bắt đầu.");
        const lot = nfc(t.lot);
        if (!lot) fail("invalid_input", "Cần mã lô bắt đầu truy xuất.");
        const unit = unitOf(t.unit);
        let accounted = t.accounted_qty;
        if (t.accounted_unit !== null) {
          const converted = convert(t.accounted_qty, unitOf(t.accounted_unit), unit);
          if (converted === null) fail("invalid_input", `Không quy đổi được “${t.accounted_unit}” sang “${t.unit}”.`);
          accounted = converted;
        }
        if (!(Number.isFinite(t.input_qty) && Number.isFinite(accounted)) || t.input_qty < 0 || accounted < 0) {
          fail("invalid_input", "Khối lượng phải là số không âm.");
        }
        if (t.kde_present > t.kde_required) fail("invalid_input", "Số dữ liệu chính có mặt không thể lớn hơn số yêu cầu.");
        const facts: TraceFacts = {
          direction: t.direction,
          minutes: Math.trunc((finished - started) / 1000) / 60,
          linksExpected: t.links_expected,
          linksFound: t.links_found,
          inputQty: t.input_qty,
          accountedQty: accounted,
          kdeRequired: t.kde_required,
          kdePresent: t.kde_present,
          contradictions: t.contradictions,
        };
        const test: TraceTest = {
          id: ctx.newId("t"), direction: t.direction, lot, started: t.started.trim(), finished: t.finished.trim(),
          minutes: facts.minutes, links_expected: t.links_expected, links_found: t.links_found,
          input_qty: t.input_qty, accounted_qty: accounted, unit, kde_required: t.kde_required,
          kde_present: t.kde_present, contradictions: t.contradictions, grades: gradeTrace(facts),
          note: nfc(t.note), retest_of: t.retest_of,
        };
        a.traces.push({ test, facts });
        syncFindings(a, [...s9Results(a.traces.map((x) => x.facts))]);
        startIfPlanned(a);
        return structuredClone(test);
      }),
    traceTests: (assessmentId) => guard(() => assessment(assessmentId).traces.map((t) => structuredClone(t.test))),
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
          const days = record.finding.severity === "major" ? DEFAULT_RULES.majorDueDays : DEFAULT_RULES.minorDueDays;
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
        a.summary.status = status;
        return structuredClone(a.summary);
      }),
    assessmentVerdict: (assessmentId) =>
      guard(() => {
        const a = assessment(assessmentId);
        const scored: ScoredItem[] = items(a).map((i) => ({
          id: i.id, section: i.section, level: i.level, critical: i.critical, result: i.answer?.result ?? null,
        }));
        const states: FindingState[] = findingsOf(assessmentId)
          .filter((f) => f.status === "open")
          .map((f) => ({
            itemId: f.item_id,
            severity: f.severity,
            hasAction: f.actions.some((x) => x.owner.trim() !== "" && x.due !== ""),
          }));
        return verdict(scored, a.traces.map((t) => t.facts), states);
      }),
    getAssessment: (assessmentId) => guard(() => structuredClone(assessment(assessmentId).summary)),
    assessmentSections: (assessmentId) =>
      guard(() => {
        const a = assessment(assessmentId);
        const ids = [...new Set(a.checklist.map((i) => i.section))];
        const r = DEFAULT_RULES;
        return [
          ids.map((id) => ({ id, title: { vi: id, en: id } })),
          {
            weight_m: r.weightM, weight_c: r.weightC, weight_r: r.weightR, effective_score: r.effectiveScore,
            not_effective_score: r.notEffectiveScore, trace_pass_minutes: r.tracePassMinutes,
            trace_minor_minutes: r.traceMinorMinutes, qty_pass_pct: r.qtyPassPct, qty_minor_pct: r.qtyMinorPct,
            kde_pass_pct: r.kdePassPct, kde_minor_pct: r.kdeMinorPct, contradictions_minor: r.contradictionsMinor,
            major_due_days: r.majorDueDays, minor_due_days: r.minorDueDays,
          },
        ];
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
          id, section, level, critical: false, text: { vi: body, en: body }, source: "inspector",
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
