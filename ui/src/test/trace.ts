// Builders for the trace-test, findings and report tests, on the real sample workspace: every
// assessment, grade, finding and re-test is made by the Rust use cases (src/test/rust.ts).
import { type AssessmentSummary, type Rules, type TraceInput, type TraceLot, type TraceTest } from "../lib/backend";
import type { RustBackend } from "./rust";

/** Runs a command with the Rust clock at `now` (see `RustBackend.runAt`). */
export function runAt<T>(b: RustBackend, now: string, command: string, args: Record<string, unknown>): T {
  return b.runAt<T>(now, command, args);
}

/** What an assessment freezes when it is created: the workspace's rules, changed by `rules`,
 *  and the trace-test target of the handbook (its variables `trace_test.target_minutes` and
 *  `trace_test.tolerance_pct`, which take the place of the rules' pass thresholds). */
export interface Frozen {
  rules?: Partial<Rules>;
  handbook?: { target_minutes?: number; tolerance_pct?: number };
}

/**
 * A new assessment of the sample's cooperative ("Hợp tác xã Tôm – Lúa Thuận Hòa") on its
 * handbook, led by Lê Văn Kiểm, after changing what it freezes (`frozen`).
 */
export async function sampleAssessment(
  b: RustBackend,
  date = "2026-11-20",
  frozen: Frozen = {},
): Promise<AssessmentSummary> {
  if (frozen.rules) await b.setWorkspaceRules({ ...(await b.workspaceRules()), ...frozen.rules });
  const pilot = (await b.listPilots()).find((p) => p.kind === "cooperative");
  const [handbook] = await b.listHandbooks();
  if (!pilot || !handbook) throw new Error("the sample workspace has no cooperative pilot or no handbook");
  if (frozen.handbook) {
    const { variables } = await b.openHandbook(handbook.id);
    const vars = variables as Record<string, unknown>;
    const trace = { ...(vars.trace_test as Record<string, unknown>), ...frozen.handbook };
    const saved = await b.updateVariables(handbook.id, { ...vars, trace_test: trace });
    if (!saved.saved) throw new Error(`the handbook's variables were refused: ${JSON.stringify(saved.diagnostics)}`);
  }
  return b.newAssessment(pilot.id, handbook.id, date, "Lê Văn Kiểm", []);
}

/** A backward trace test of 1 h 45 min that passes every metric, changed by `over`. */
export function traceInput(over: Partial<TraceInput> = {}): TraceInput {
  return {
    direction: "backward",
    lot: "AO03-250615-01",
    started: "2026-12-01T08:00:00+07:00",
    finished: "2026-12-01T09:45:00+07:00",
    links_expected: 6,
    links_found: 6,
    input_qty: 1000,
    accounted_qty: 995,
    unit: "kg",
    accounted_unit: null,
    kde_required: 20,
    kde_present: 20,
    contradictions: 0,
    typos: 0,
    note: "",
    retest_of: null,
    ...over,
  };
}

/** A lot found by a trace test, recorded lot by lot. */
export function lot(code: string, quantity: number | null, step: string): TraceLot {
  return {
    lot: code,
    product: "Tôm sú nguyên con",
    quantity,
    unit: "kg",
    date: "2026-06-15",
    from: "Ao 3",
    to: "Nhà máy Rạch Giá",
    reference: "PXK-0612",
    step,
  };
}

/**
 * A failed backward test (5 of 6 links: S9.1 MAJOR) with a mass-balance breakdown and its
 * explanation and one typo, then its re-test recorded lot by lot (3 lots, one typo: still a
 * MINOR on consistency). The re-test replaces the failed test because the S9.1 finding's
 * corrective action is done first (on 1 December), as the backend requires: the failed test
 * is recorded on the assessment day, the re-test after the action.
 */
export async function failedAndRetested(b: RustBackend, assessmentId: string): Promise<[TraceTest, TraceTest]> {
  const failed = runAt<TraceTest>(b, "2026-11-20T10:00:00+07:00", "record_trace", {
    assessmentId,
    input: traceInput({
      started: "2026-11-20T08:00:00+07:00",
      finished: "2026-11-20T09:45:00+07:00",
      links_found: 5,
      accounted_qty: null,
      outputs_qty: 700,
      losses_qty: 250,
      stock_qty: 20,
      samples_qty: 5,
      explanation: "Hao hụt do lột vỏ",
      typos: 1,
    }),
  });
  const finding = (await b.findings(assessmentId)).find((f) => f.item_id === "S9.1");
  if (!finding) throw new Error("the failed trace test gave no S9.1 finding");
  const action = await b.addAction(finding.id, "Võ Minh Tâm", null, "Bổ sung sổ xuất hàng của ao 3");
  await b.moveAction(action.id, "done", "");
  const retest = runAt<TraceTest>(b, "2026-12-01T11:30:00+07:00", "record_trace", {
    assessmentId,
    input: traceInput({
      lot: "AO03-250615-02",
      started: "2026-12-01T10:00:00+07:00",
      finished: "2026-12-01T11:00:00+07:00",
      links_expected: 3,
      links_found: null,
      input_qty: 420.5,
      accounted_qty: null,
      typos: 1,
      retest_of: failed.id,
      lots: [lot("TP-02", 300, "sơ chế"), lot("TP-10", 120.5, "thu hoạch"), lot("TP-03", null, "xuất hàng")],
    }),
  });
  return [failed, retest];
}
