// Builders of assessments on the real sample workspace for the verification tests: every
// answer, trace test and verdict is made by the Rust use cases (src/test/rust.ts), never by
// hand-written results.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AssessmentSummary, ItemResult, TraceInput } from "../lib/backend";
import type { RustBackend } from "./rust";
import { traceInput } from "./trace";


/** The sample's cooperative pilot model ("Hợp tác xã Tôm – Lúa Thuận Hòa") and its handbook. */
export async function samplePilot(b: RustBackend): Promise<{ pilotId: string; handbookId: string }> {
  const pilot = (await b.listPilots()).find((p) => p.kind === "cooperative");
  const [handbook] = await b.listHandbooks();
  if (!pilot || !handbook) throw new Error("the sample workspace has no cooperative pilot or no handbook");
  return { pilotId: pilot.id, handbookId: handbook.id };
}

/** A new assessment of the cooperative on 2026-11-20, led by `lead`. */
export async function newAssessment(b: RustBackend, lead = "Lê Văn Kiểm"): Promise<AssessmentSummary> {
  const { pilotId, handbookId } = await samplePilot(b);
  return b.newAssessment(pilotId, handbookId, "2026-11-20", lead, []);
}

/** Answers items (result, and the reason for an NA). */
export async function answer(
  b: RustBackend,
  assessmentId: string,
  answers: Record<string, ItemResult | [ItemResult, string]>,
): Promise<void> {
  for (const [id, a] of Object.entries(answers)) {
    const [result, reason] = Array.isArray(a) ? a : [a, ""];
    await b.answerItem(assessmentId, id, result, "", reason);
  }
}

/** Answers many items in one `sotay assess answer --from FILE.csv` (the use case `answer_item`
 *  runs, in one unit of work): a test's setup, faster than a call per item. */
export function answerMany(b: RustBackend, assessmentId: string, answers: Record<string, ItemResult>): void {
  const csv = join(b.dir, "answers.csv");
  const rows = Object.entries(answers).map(([id, result]) => `${id},${result},,`);
  writeFileSync(csv, ["item,result,note,reason", ...rows, ""].join("\n"));
  b.cli(["assess", "answer", assessmentId, "--from", csv]);
}

/** Answers every item of the checklist not yet answered (S9.x excepted: the trace tests
 *  give them) with `result`, or the result `except` says. */
export async function answerAll(
  b: RustBackend,
  assessmentId: string,
  result: ItemResult = "pass",
  except: Record<string, ItemResult> = {},
): Promise<void> {
  const items = await b.assessmentItems(assessmentId);
  const open = items.filter((i) => !/^S9\./.test(i.id) && !i.answer);
  answerMany(b, assessmentId, Object.fromEntries(open.map((i) => [i.id, except[i.id] ?? result])));
}

/** A trace test that passes every metric (1,5 h, links all found, quantities within 1 %,
 *  40/40 KDEs). */
export function passingTrace(over: Partial<TraceInput> = {}): TraceInput {
  return traceInput({
    started: "2026-12-01T09:00:00+07:00",
    finished: "2026-12-01T10:30:00+07:00",
    kde_required: 40,
    kde_present: 40,
    ...over,
  });
}

/** A backward test with a mass-balance breakdown (97,5 %, explained), 37/40 KDEs and one
 *  typo: quantity, KDEs and consistency MINOR (S9.4, S9.5 minor). */
export function backwardWithBreakdown(): TraceInput {
  return passingTrace({
    accounted_qty: null,
    kde_present: 37,
    typos: 1,
    explanation: "Hao hụt do lột vỏ",
    outputs_qty: 700,
    losses_qty: 250,
    stock_qty: 20,
    samples_qty: 5,
  });
}

/** The critical items of the checklist outside S9 (a MAJOR on one makes it "not effective"). */
export const CRITICAL = ["S2.4", "S3.1", "S3.2", "S3.3", "S5.5"];

/**
 * An assessment whose verdict is incomplete: the five critical items passed and one backward
 * trace test with minor findings; 40 items and the forward direction missing. Provisionally
 * "effective with corrective actions".
 */
export async function incompleteAssessment(b: RustBackend, lead = "Lê Văn Kiểm"): Promise<AssessmentSummary> {
  const a = await newAssessment(b, lead);
  answerMany(b, a.id, Object.fromEntries(CRITICAL.map((id) => [id, "pass" as const])));
  await b.recordTrace(a.id, backwardWithBreakdown());
  return a;
}

/** Completes `incompleteAssessment`'s data: every other item passed (S2.9 MINOR) and a
 *  passing forward test, so the verdict is final: effective with corrective actions, pending. */
export async function finishAssessment(b: RustBackend, assessmentId: string): Promise<void> {
  await answerAll(b, assessmentId, "pass", { "S2.9": "minor" });
  await b.recordTrace(assessmentId, passingTrace({ direction: "forward", lot: "AO03-250615-01" }));
}
