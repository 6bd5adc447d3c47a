// The trace-test form as the inspector fills it: the text of each field, what is wrong with
// what is typed (it does not read as a number, a time…), and the TraceInput to send. Nothing
// here grades: the grades come from the backend's `preview_trace`, with the assessment's frozen
// rules (issue 14: one rule engine).
import type { Direction, TraceInput } from "../backend/bindings";
import { parseLocal, rfc3339 } from "./time";

/** A problem with a field, named by an i18n key. */
export type FieldProblem =
  | "trace.err.time"
  | "trace.err.order"
  | "trace.err.int"
  | "trace.err.qty"
  | "trace.err.kdeMore"
  | "trace.err.required"
  | "trace.err.accounted";

export type MetricKey = "time" | "links" | "quantity" | "kde" | "consistency";

/** The parts of the mass balance (C.3 step 4), in the input's unit. */
export const PARTS = ["outputsQty", "lossesQty", "stockQty", "samplesQty"] as const;
export type PartKey = (typeof PARTS)[number];

const COUNTS = ["linksExpected", "linksFound", "kdeRequired", "kdePresent", "contradictions", "typos"] as const;
const QUANTITIES = ["inputQty", "accountedQty", ...PARTS] as const;

/** Reads a quantity the Vietnamese way first: comma for decimals ("985,5"), dots grouping
 *  thousands ("1.000", "1.000,5"); a lone point with other than three digits after it is a
 *  decimal point ("985.5"); "1,000.5" (English) also works. The form shows what it read. */
export function parseDecimal(text: string): number | null {
  let s = text.replace(/\s/g, "");
  if (!s) return null;
  if (s.includes(",") && s.includes(".")) {
    s = s.lastIndexOf(",") > s.lastIndexOf(".") ? s.replace(/\./g, "").replace(",", ".") : s.replace(/,/g, "");
  } else if (s.includes(",")) {
    s = s.replace(",", ".");
  } else if (/^\d{1,3}(\.\d{3})+$/.test(s)) {
    s = s.replace(/\./g, "");
  }
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : null;
}

/** A count: a whole number ≥ 0. */
export function parseCount(text: string): number | null {
  const s = text.trim();
  return /^\d{1,9}$/.test(s) ? Number(s) : null;
}

/** What to ask the backend to grade while the form is being filled. */
export interface PreviewRequest {
  input: TraceInput;
  /** The metrics whose fields are all typed: only their grades mean something. */
  shown: Record<MetricKey, boolean>;
}

/** Where a stand-in test starts when no valid time is typed yet. */
const STAND_IN_TIME = "2026-01-01T00:00:00+07:00";

export class TraceDraft {
  direction = $state<Direction>("backward");
  lot = $state("");
  started = $state("");
  finished = $state("");
  linksExpected = $state("");
  linksFound = $state("");
  inputQty = $state("");
  unit = $state("kg");
  accountedQty = $state("");
  accountedUnit = $state("kg");
  outputsQty = $state("");
  lossesQty = $state("");
  stockQty = $state("");
  samplesQty = $state("");
  explanation = $state("");
  kdeRequired = $state("");
  kdePresent = $state("");
  contradictions = $state("0");
  typos = $state("0");
  note = $state("");
  retestOf = $state("");
  /** Minutes on the running timer while no finish time is written yet. */
  liveMinutes = $state<number | null>(null);

  /** Problems of the fields that have something typed in them (empty ones are only "required"). */
  readonly problems = $derived.by(() => {
    const p: Partial<Record<string, FieldProblem>> = {};
    const start = this.started.trim() ? parseLocal(this.started) : null;
    const finish = this.finished.trim() ? parseLocal(this.finished) : null;
    if (this.started.trim() && !start) p.started = "trace.err.time";
    if (this.finished.trim() && !finish) p.finished = "trace.err.time";
    if (start && finish && finish < start) p.finished = "trace.err.order";
    for (const k of COUNTS) {
      if (this[k].trim() && parseCount(this[k]) === null) p[k] = "trace.err.int";
    }
    for (const k of QUANTITIES) {
      if (this[k].trim() && parseDecimal(this[k]) === null) p[k] = "trace.err.qty";
    }
    const kr = parseCount(this.kdeRequired);
    const kp = parseCount(this.kdePresent);
    if (kr !== null && kp !== null && kp > kr) p.kdePresent = "trace.err.kdeMore";
    return p;
  });

  /** The parts of the mass balance that are typed and read, by field. */
  readonly parts = $derived.by(() => {
    const out: Partial<Record<PartKey, number>> = {};
    for (const k of PARTS) {
      const q = parseDecimal(this[k]);
      if (q !== null) out[k] = q;
    }
    return out;
  });

  /** The sum of the typed parts (C.3 step 4), or null when none is typed. */
  readonly partsSum = $derived.by(() => {
    const given = Object.values(this.parts);
    return given.length === 0 ? null : given.reduce((a, b) => a + b, 0);
  });

  /** Whether the accounted quantity is there: typed, or some of its parts. */
  readonly hasAccounted = $derived(this.accountedQty.trim() !== "" || PARTS.some((k) => this[k].trim() !== ""));

  /** Fields still empty that the record needs. */
  readonly missing = $derived.by(() => {
    const required = ["lot", "started", "finished", "linksExpected", "linksFound", "inputQty", "kdeRequired", "kdePresent", "contradictions", "typos"] as const;
    const out: string[] = required.filter((k) => !this[k].trim());
    if (!this.hasAccounted) out.push("accountedQty");
    return out;
  });

  readonly ready = $derived(this.missing.length === 0 && Object.keys(this.problems).length === 0);

  /** The start and finish to grade: as typed, or the running timer's minutes rounded up (a
   *  grade changes at most once a minute, and never better than the time really taken). */
  private readonly times = $derived.by((): [string, string] | null => {
    if (this.problems.started || this.problems.finished) return null;
    const start = parseLocal(this.started);
    if (!start) return null;
    const finish = parseLocal(this.finished);
    if (finish) return [rfc3339(start), rfc3339(finish)];
    if (this.finished.trim() || this.liveMinutes === null) return null;
    return [rfc3339(start), rfc3339(new Date(start.getTime() + Math.ceil(this.liveMinutes) * 60_000))];
  });

  /**
   * What to preview: the draft with neutral stand-ins for the fields not typed yet (each metric
   * is graded from its own fields only, so a stand-in never changes another metric's grade),
   * and which metrics are complete enough to show.
   */
  readonly preview = $derived.by((): PreviewRequest => {
    const ok = (k: string) => !this.problems[k];
    const count = (k: (typeof COUNTS)[number]) => (ok(k) ? parseCount(this[k]) : null);
    const qty = (k: (typeof QUANTITIES)[number]) => (ok(k) ? parseDecimal(this[k]) : null);
    const times = this.times;
    const le = count("linksExpected");
    const lf = count("linksFound");
    const iq = qty("inputQty");
    const aq = qty("accountedQty");
    const parts = PARTS.map((k) => [k, qty(k)] as const);
    const partsOk = PARTS.every((k) => ok(k));
    const anyPart = parts.some(([, q]) => q !== null);
    const kr = count("kdeRequired");
    const kp = ok("kdePresent") ? count("kdePresent") : null;
    const c = count("contradictions");
    const ty = count("typos");
    const quantity = iq !== null && partsOk && ok("accountedQty") && (aq !== null || anyPart);
    const shown: Record<MetricKey, boolean> = {
      time: times !== null,
      links: le !== null && lf !== null,
      quantity,
      kde: kr !== null && kp !== null,
      consistency: c !== null && ty !== null,
    };
    const part = (k: PartKey) => (quantity ? (parts.find(([x]) => x === k)![1] ?? undefined) : undefined);
    const [started, finished] = times ?? [STAND_IN_TIME, STAND_IN_TIME];
    const input: TraceInput = {
      direction: this.direction,
      lot: this.lot.normalize("NFC").trim() || "—",
      started,
      finished,
      links_expected: shown.links ? le! : 0,
      links_found: shown.links ? lf! : 0,
      input_qty: quantity ? iq! : 1,
      accounted_qty: quantity ? aq : 1,
      unit: this.unit,
      accounted_unit: quantity && aq !== null && this.accountedUnit !== this.unit ? this.accountedUnit : null,
      kde_required: shown.kde ? kr! : 0,
      kde_present: shown.kde ? kp! : 0,
      contradictions: shown.consistency ? c! : 0,
      typos: shown.consistency ? ty! : 0,
      explanation: this.explanation.normalize("NFC").trim(),
      outputs_qty: part("outputsQty"),
      losses_qty: part("lossesQty"),
      stock_qty: part("stockQty"),
      samples_qty: part("samplesQty"),
      note: "",
      retest_of: this.retestOf || null,
    };
    return { input, shown };
  });

  /** What record_trace takes, or null while something is missing or wrong. */
  toInput(): TraceInput | null {
    if (!this.ready) return null;
    const accounted = parseDecimal(this.accountedQty);
    return {
      direction: this.direction,
      lot: this.lot.normalize("NFC").trim(),
      started: rfc3339(parseLocal(this.started)!),
      finished: rfc3339(parseLocal(this.finished)!),
      links_expected: parseCount(this.linksExpected)!,
      links_found: parseCount(this.linksFound)!,
      input_qty: parseDecimal(this.inputQty)!,
      accounted_qty: accounted,
      unit: this.unit,
      accounted_unit: accounted !== null && this.accountedUnit !== this.unit ? this.accountedUnit : null,
      kde_required: parseCount(this.kdeRequired)!,
      kde_present: parseCount(this.kdePresent)!,
      contradictions: parseCount(this.contradictions)!,
      typos: parseCount(this.typos)!,
      explanation: this.explanation.normalize("NFC").trim(),
      outputs_qty: this.parts.outputsQty,
      losses_qty: this.parts.lossesQty,
      stock_qty: this.parts.stockQty,
      samples_qty: this.parts.samplesQty,
      note: this.note.normalize("NFC").trim(),
      retest_of: this.retestOf || null,
    };
  }

  /** Empties the form for the next test (the direction flips: backward, then forward). */
  reset(): void {
    this.direction = this.direction === "backward" ? "forward" : "backward";
    this.lot = this.started = this.finished = "";
    this.linksExpected = this.linksFound = this.inputQty = this.accountedQty = "";
    this.outputsQty = this.lossesQty = this.stockQty = this.samplesQty = "";
    this.explanation = "";
    this.kdeRequired = this.kdePresent = "";
    this.contradictions = this.typos = "0";
    this.note = this.retestOf = "";
    this.accountedUnit = this.unit;
    this.liveMinutes = null;
  }
}
