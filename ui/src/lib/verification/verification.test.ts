import { afterEach, describe, expect, it, vi } from "vitest";
import { addDays, clock, isYmd, parseLocal, rfc3339 } from "./time";
import { TraceTimer } from "./timer.svelte";
import { parseDecimal, TraceDraft } from "./trace-draft.svelte";

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

  it("asks to grade only what is typed: stand-ins elsewhere, and which metrics to show", () => {
    const d = new TraceDraft();
    // Nothing typed: only consistency (0 contradictions, 0 typos) has its fields.
    expect(d.preview.shown).toEqual({ time: false, links: false, quantity: false, kde: false, consistency: true });
    expect(d.preview.input).toMatchObject({ lot: "—", links_expected: 0, links_found: 0, input_qty: 1, accounted_qty: 1, kde_required: 0, kde_present: 0 });
    d.linksExpected = "6";
    expect(d.preview.shown.links).toBe(false);
    d.linksFound = "5";
    expect(d.preview.shown.links).toBe(true);
    expect(d.preview.input).toMatchObject({ links_expected: 6, links_found: 5 });
    // A breakdown stands for the accounted quantity; the explanation goes along.
    d.inputQty = "1.000";
    d.outputsQty = "700";
    d.lossesQty = "250,5";
    d.explanation = " Hao hụt do lột vỏ ";
    expect(d.preview.shown.quantity).toBe(true);
    expect(d.preview.input).toMatchObject({ input_qty: 1000, accounted_qty: null, outputs_qty: 700, losses_qty: 250.5, explanation: "Hao hụt do lột vỏ" });
    expect(d.preview.input.stock_qty).toBeUndefined();
    expect(d.partsSum).toBe(950.5);
    // A part that does not read hides the metric instead of grading a wrong number.
    d.stockQty = "hai";
    expect(d.problems.stockQty).toBe("trace.err.qty");
    expect(d.preview.shown.quantity).toBe(false);
    d.stockQty = "";
    // Typed times are sent as RFC 3339; a finish before the start is not sent.
    d.started = "2026-12-01 09:00";
    d.finished = "2026-12-01 08:00";
    expect(d.problems.finished).toBe("trace.err.order");
    expect(d.preview.shown.time).toBe(false);
    d.finished = "2026-12-01 13:30";
    expect(d.preview.shown.time).toBe(true);
    expect(d.preview.input.finished).toMatch(/^2026-12-01T13:30:00[+-]\d\d:\d\d$/);
    // While the timer runs, its minutes rounded up stand for the finish.
    d.finished = "";
    d.liveMinutes = 61.2;
    expect(d.preview.input.finished).toMatch(/^2026-12-01T10:02:00/);
  });

  it("records the accounted quantity or its parts, and says what is still needed", () => {
    const d = new TraceDraft();
    Object.assign(d, {
      lot: "AO03-250615-01", started: "2026-12-01 09:00", finished: "2026-12-01 10:30", linksExpected: "6", linksFound: "6",
      inputQty: "1000", kdeRequired: "40", kdePresent: "37", typos: "1",
    });
    expect(d.missing).toEqual(["accountedQty"]);
    expect(d.toInput()).toBeNull();
    d.samplesQty = "5";
    d.outputsQty = "970";
    expect(d.ready).toBe(true);
    expect(d.toInput()).toMatchObject({ accounted_qty: null, outputs_qty: 970, samples_qty: 5, losses_qty: undefined, typos: 1, explanation: "" });
    d.accountedQty = "975";
    d.accountedUnit = "tấn";
    expect(d.toInput()).toMatchObject({ accounted_qty: 975, accounted_unit: "tấn", outputs_qty: 970 });
    d.reset();
    expect([d.direction, d.outputsQty, d.typos, d.contradictions]).toEqual(["forward", "", "0", "0"]);
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
