import { afterEach, describe, expect, it, vi } from "vitest";
import { convert, gradeKde, gradeQuantity, gradeTime, gradeTrace, gradeConsistency } from "./grades";
import { addDays, clock, isYmd, parseLocal, rfc3339 } from "./time";
import { TraceTimer } from "./timer.svelte";
import { parseDecimal, TraceDraft } from "./trace-draft.svelte";

describe("trace-test grades (DOMAIN.md §C.3, the backend's thresholds)", () => {
  it.each([
    [240, "pass"],
    [240.01, "minor"],
    [1440, "minor"],
    [1441, "major"],
  ] as const)("time %s min is %s", (m, g) => expect(gradeTime(m)).toBe(g));

  it.each([
    [1000, 980, "pass"],
    [1000, 1020, "pass"],
    [1000, 979, "minor"],
    [1000, 950, "minor"],
    [1000, 949, "major"],
    [1000, 1051, "major"],
    [0, 0, "major"],
  ] as const)("quantity %s in, %s accounted is %s", (i, a, g) => expect(gradeQuantity(i, a)).toBe(g));

  it.each([
    [40, 38, "pass"],
    [40, 37, "minor"],
    [40, 32, "minor"],
    [40, 31, "major"],
    [0, 0, "pass"],
  ] as const)("KDEs %s required, %s present is %s", (r, p, g) => expect(gradeKde(r, p)).toBe(g));

  it("grades links and consistency", () => {
    const base = { direction: "backward" as const, minutes: 90, inputQty: 1000, accountedQty: 990, kdeRequired: 10, kdePresent: 10 };
    expect(gradeTrace({ ...base, linksExpected: 6, linksFound: 5, contradictions: 0 }).links).toBe("major");
    expect(gradeTrace({ ...base, linksExpected: 6, linksFound: 6, contradictions: 0 }).links).toBe("pass");
    expect([0, 1, 2, 3].map((n) => gradeConsistency(n))).toEqual(["pass", "minor", "minor", "major"]);
  });

  it("converts units within a dimension only", () => {
    expect(convert(2, "tấn", "kg")).toBe(2000);
    expect(convert(5, "yến", "tạ")).toBe(0.5);
    expect(convert(1, "con", "kg")).toBeNull();
  });
});

describe("typed numbers and times", () => {
  it("reads quantities the Vietnamese way first", () => {
    expect(parseDecimal("985,5")).toBe(985.5);
    expect(parseDecimal("1.000")).toBe(1000);
    expect(parseDecimal("1.250,75")).toBe(1250.75);
    expect(parseDecimal("985.5")).toBe(985.5);
    expect(parseDecimal("1,000.5")).toBe(1000.5);
    expect(parseDecimal(" 12 ")).toBe(12);
    expect(parseDecimal("-3")).toBeNull();
    expect(parseDecimal("ba")).toBeNull();
  });

  it("reads local times and writes RFC 3339 with the offset", () => {
    const d = parseLocal("2026-12-01 09:30")!;
    expect(d.getHours()).toBe(9);
    expect(rfc3339(d)).toMatch(/^2026-12-01T09:30:00[+-]\d{2}:\d{2}$/);
    expect(parseLocal("2026-02-30 09:30")).toBeNull();
    expect(parseLocal("hôm qua")).toBeNull();
    expect(isYmd("2026-12-31")).toBe(true);
    expect(isYmd("2026-13-01")).toBe(false);
    expect(addDays("2026-12-01", 30)).toBe("2026-12-31");
    expect(addDays("2026-12-01", 90)).toBe("2027-03-01");
    expect(clock(3_725_000)).toBe("1:02:05");
  });

  it("grades each metric of the draft as soon as its numbers are there", () => {
    const d = new TraceDraft();
    expect(d.metrics.links.grade).toBeNull();
    d.linksExpected = "6";
    expect(d.metrics.links.grade).toBeNull();
    d.linksFound = "5";
    expect(d.metrics.links.grade).toBe("major");
    d.inputQty = "2";
    d.unit = "tấn";
    d.accountedQty = "1.970";
    d.accountedUnit = "kg";
    expect(d.accountedInUnit).toBeCloseTo(1.97);
    expect(d.metrics.quantity.grade).toBe("pass");
    d.accountedUnit = "con";
    expect(d.problems.accountedUnit).toBe("trace.err.units");
    expect(d.metrics.quantity.grade).toBeNull();
  });
});

describe("the trace-test timer", () => {
  afterEach(() => vi.useRealTimers());

  it("runs from start to stop and reports the instants", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 11, 1, 9, 0, 0));
    const timer = new TraceTimer();
    expect(timer.running).toBe(false);
    const started = timer.start();
    expect(started.getHours()).toBe(9);
    vi.advanceTimersByTime(65_000);
    expect(timer.running).toBe(true);
    expect(clock(timer.elapsed)).toBe("0:01:05");
    const stopped = timer.stop();
    expect(stopped.getTime() - started.getTime()).toBe(65_000);
    vi.advanceTimersByTime(10_000);
    expect(clock(timer.elapsed)).toBe("0:01:05");
    timer.reset();
    expect(timer.elapsed).toBe(0);
    timer.dispose();
  });
});
