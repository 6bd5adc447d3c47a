// Trace-test grading (DOMAIN.md §C.3) as the Rust model does it (crates/sotay-model/src/verdict.rs),
// so the trace-test screen can show each metric's grade while the inspector types. The thresholds
// are DOMAIN.md's defaults, the same the backend freezes into a new assessment.
import type { Direction, Grade, TraceGrades } from "../backend/bindings";

export interface Rules {
  weightM: number;
  weightC: number;
  weightR: number;
  effectiveScore: number;
  notEffectiveScore: number;
  tracePassMinutes: number;
  traceMinorMinutes: number;
  qtyPassPct: number;
  qtyMinorPct: number;
  kdePassPct: number;
  kdeMinorPct: number;
  contradictionsMinor: number;
  majorDueDays: number;
  minorDueDays: number;
}

export const DEFAULT_RULES: Readonly<Rules> = Object.freeze({
  weightM: 3,
  weightC: 2,
  weightR: 1,
  effectiveScore: 85,
  notEffectiveScore: 65,
  tracePassMinutes: 240,
  traceMinorMinutes: 1440,
  qtyPassPct: 2,
  qtyMinorPct: 5,
  kdePassPct: 95,
  kdeMinorPct: 80,
  contradictionsMinor: 2,
  majorDueDays: 30,
  minorDueDays: 90,
});

/** The measured facts of one trace test, quantities already in one unit. */
export interface TraceFacts {
  direction: Direction;
  minutes: number;
  linksExpected: number;
  linksFound: number;
  inputQty: number;
  accountedQty: number;
  kdeRequired: number;
  kdePresent: number;
  contradictions: number;
}

/** A tiny tolerance so that 102.0 % computed as 101.99999 or 102.00001 grades as written. */
const EPS = 1e-9;

export function linkPct(linksExpected: number, linksFound: number): number {
  return linksExpected === 0 ? 100 : (linksFound / linksExpected) * 100;
}

export function quantityPct(inputQty: number, accountedQty: number): number {
  return inputQty <= 0 ? 0 : (accountedQty / inputQty) * 100;
}

export function kdePct(kdeRequired: number, kdePresent: number): number {
  return kdeRequired === 0 ? 100 : (kdePresent / kdeRequired) * 100;
}

export function gradeTime(minutes: number, r: Rules = DEFAULT_RULES): Grade {
  if (minutes <= r.tracePassMinutes + EPS) return "pass";
  if (minutes <= r.traceMinorMinutes + EPS) return "minor";
  return "major";
}

export function gradeLinks(linksExpected: number, linksFound: number): Grade {
  return linksFound >= linksExpected ? "pass" : "major";
}

export function gradeQuantity(inputQty: number, accountedQty: number, r: Rules = DEFAULT_RULES): Grade {
  if (inputQty <= 0) return "major";
  const dev = Math.abs(quantityPct(inputQty, accountedQty) - 100);
  if (dev <= r.qtyPassPct + EPS) return "pass";
  if (dev <= r.qtyMinorPct + EPS) return "minor";
  return "major";
}

export function gradeKde(kdeRequired: number, kdePresent: number, r: Rules = DEFAULT_RULES): Grade {
  const k = kdePct(kdeRequired, kdePresent);
  if (k + EPS >= r.kdePassPct) return "pass";
  if (k + EPS >= r.kdeMinorPct) return "minor";
  return "major";
}

export function gradeConsistency(contradictions: number, r: Rules = DEFAULT_RULES): Grade {
  if (contradictions === 0) return "pass";
  return contradictions <= r.contradictionsMinor ? "minor" : "major";
}

export function gradeTrace(t: TraceFacts, r: Rules = DEFAULT_RULES): TraceGrades {
  return {
    time: gradeTime(t.minutes, r),
    links: gradeLinks(t.linksExpected, t.linksFound),
    quantity: gradeQuantity(t.inputQty, t.accountedQty, r),
    kde: gradeKde(t.kdeRequired, t.kdePresent, r),
    consistency: gradeConsistency(t.contradictions, r),
  };
}

/** "Passes on time, links and quantity reconciliation" (verdict rule 2). */
export function tracePasses(g: TraceGrades): boolean {
  return g.time === "pass" && g.links === "pass" && g.quantity === "pass";
}

const ORDER: Record<Grade, number> = { pass: 0, minor: 1, major: 2 };

/** The worse of two grades. */
export function worse(a: Grade, b: Grade): Grade {
  return ORDER[a] >= ORDER[b] ? a : b;
}

/** The units the backend converts (sotay::verification::unit_factor). */
export const UNITS = ["kg", "g", "yến", "tạ", "tấn", "con", "thùng", "bao", "lít"] as const;
export type Unit = (typeof UNITS)[number];

const FACTORS: Record<Unit, [dimension: string, factor: number]> = {
  kg: ["mass", 1],
  g: ["mass", 0.001],
  yến: ["mass", 10],
  tạ: ["mass", 100],
  tấn: ["mass", 1000],
  con: ["count", 1],
  thùng: ["case", 1],
  bao: ["bag", 1],
  lít: ["volume", 1],
};

/** `qty` of `from` in `to`, or null when the two do not measure the same thing. */
export function convert(qty: number, from: Unit, to: Unit): number | null {
  const [d1, f1] = FACTORS[from];
  const [d2, f2] = FACTORS[to];
  return d1 === d2 ? (qty * f1) / f2 : null;
}
