// The trace-test form as the inspector fills it: text fields, each metric computed and graded
// as soon as its numbers are there (DOMAIN.md §C.3 thresholds, the same as the backend), and
// the TraceInput to record once everything is valid.
import type { Direction, Grade, TraceInput } from "../backend/bindings";
import {
  convert,
  gradeConsistency,
  gradeKde,
  gradeLinks,
  gradeQuantity,
  gradeTime,
  kdePct,
  linkPct,
  quantityPct,
  type Unit,
} from "./grades";
import { minutesBetween, parseLocal, rfc3339 } from "./time";

/** A problem with a field, named by an i18n key. */
export type FieldProblem =
  | "trace.err.time"
  | "trace.err.order"
  | "trace.err.int"
  | "trace.err.qty"
  | "trace.err.units"
  | "trace.err.kdeMore"
  | "trace.err.required";

export interface Metric {
  /** null while the numbers it needs are missing or wrong. */
  grade: Grade | null;
  /** The computed value: minutes, or a percentage. */
  value: number | null;
}

export type MetricKey = "time" | "links" | "quantity" | "kde" | "consistency";

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

export class TraceDraft {
  direction = $state<Direction>("backward");
  lot = $state("");
  started = $state("");
  finished = $state("");
  linksExpected = $state("");
  linksFound = $state("");
  inputQty = $state("");
  unit = $state<Unit>("kg");
  accountedQty = $state("");
  accountedUnit = $state<Unit>("kg");
  kdeRequired = $state("");
  kdePresent = $state("");
  contradictions = $state("0");
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
    for (const k of ["linksExpected", "linksFound", "kdeRequired", "kdePresent", "contradictions"] as const) {
      if (this[k].trim() && parseCount(this[k]) === null) p[k] = "trace.err.int";
    }
    for (const k of ["inputQty", "accountedQty"] as const) {
      if (this[k].trim() && parseDecimal(this[k]) === null) p[k] = "trace.err.qty";
    }
    if (convert(1, this.accountedUnit, this.unit) === null) p.accountedUnit = "trace.err.units";
    const kr = parseCount(this.kdeRequired);
    const kp = parseCount(this.kdePresent);
    if (kr !== null && kp !== null && kp > kr) p.kdePresent = "trace.err.kdeMore";
    return p;
  });

  /** The minutes between start and finish, or on the running timer. */
  readonly minutes = $derived.by(() => {
    const start = parseLocal(this.started);
    const finish = parseLocal(this.finished);
    if (start && finish) return finish >= start ? minutesBetween(start, finish) : null;
    return this.finished.trim() ? null : this.liveMinutes;
  });

  /** The accounted quantity in the input's unit. */
  readonly accountedInUnit = $derived.by(() => {
    const q = parseDecimal(this.accountedQty);
    return q === null ? null : convert(q, this.accountedUnit, this.unit);
  });

  readonly metrics = $derived.by((): Record<MetricKey, Metric> => {
    const none: Metric = { grade: null, value: null };
    const m = this.minutes;
    const le = parseCount(this.linksExpected);
    const lf = parseCount(this.linksFound);
    const iq = parseDecimal(this.inputQty);
    const aq = this.accountedInUnit;
    const kr = parseCount(this.kdeRequired);
    const kp = parseCount(this.kdePresent);
    const c = parseCount(this.contradictions);
    return {
      time: m === null ? none : { grade: gradeTime(m), value: m },
      links: le === null || lf === null ? none : { grade: gradeLinks(le, lf), value: linkPct(le, lf) },
      quantity: iq === null || aq === null ? none : { grade: gradeQuantity(iq, aq), value: quantityPct(iq, aq) },
      kde: kr === null || kp === null || kp > kr ? none : { grade: gradeKde(kr, kp), value: kdePct(kr, kp) },
      consistency: c === null ? none : { grade: gradeConsistency(c), value: c },
    };
  });

  /** Fields still empty that the record needs. */
  readonly missing = $derived.by(() =>
    (["lot", "started", "finished", "linksExpected", "linksFound", "inputQty", "accountedQty", "kdeRequired", "kdePresent", "contradictions"] as const).filter(
      (k) => !this[k].trim(),
    ),
  );

  readonly ready = $derived(this.missing.length === 0 && Object.keys(this.problems).length === 0);

  /** What record_trace takes, or null while something is missing or wrong. */
  toInput(): TraceInput | null {
    if (!this.ready) return null;
    const start = parseLocal(this.started)!;
    const finish = parseLocal(this.finished)!;
    return {
      direction: this.direction,
      lot: this.lot.normalize("NFC").trim(),
      started: rfc3339(start),
      finished: rfc3339(finish),
      links_expected: parseCount(this.linksExpected)!,
      links_found: parseCount(this.linksFound)!,
      input_qty: parseDecimal(this.inputQty)!,
      accounted_qty: parseDecimal(this.accountedQty)!,
      unit: this.unit,
      accounted_unit: this.accountedUnit === this.unit ? null : this.accountedUnit,
      kde_required: parseCount(this.kdeRequired)!,
      kde_present: parseCount(this.kdePresent)!,
      contradictions: parseCount(this.contradictions)!,
      note: this.note.normalize("NFC").trim(),
      retest_of: this.retestOf || null,
    };
  }

  /** Empties the form for the next test (the direction flips: backward, then forward). */
  reset(): void {
    this.direction = this.direction === "backward" ? "forward" : "backward";
    this.lot = this.started = this.finished = "";
    this.linksExpected = this.linksFound = this.inputQty = this.accountedQty = "";
    this.kdeRequired = this.kdePresent = "";
    this.contradictions = "0";
    this.note = this.retestOf = "";
    this.accountedUnit = this.unit;
    this.liveMinutes = null;
  }
}
