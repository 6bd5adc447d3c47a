import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import TracePanel from "./TracePanel.svelte";
import { setBackend, type TraceInput } from "../../lib/backend";
import { i18n } from "../../lib/i18n/index.svelte";
import { removeBackend, rustBackend, type RustBackend } from "../../test/rust";
import { failedAndRetested, sampleAssessment, type Frozen } from "../../test/trace";

/** Past the form's debounce, with the backend's answer in. */
async function settle(ms = 300) {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 6; i++) await vi.advanceTimersByTimeAsync(0);
}

/** The inspector's clock moves on by `ms` (whole seconds) and the running timer ticks once:
 *  the timer reads the clock, so the minutes in between need not be ticked one by one. */
async function later(ms: number) {
  vi.setSystemTime(Date.now() + ms - 1000);
  await vi.advanceTimersByTimeAsync(1000);
}

const grade = (metric: string) => screen.getByTestId(`grade-${metric}-badge`).getAttribute("data-result");

async function type(testid: string, value: string) {
  await fireEvent.input(screen.getByTestId(testid), { target: { value } });
}

/** Each backend call runs the `sotay` process: a test makes dozens of them. */
const SLOW = 30_000;

let b: RustBackend | null = null;

/** The drafts the form asked the backend to grade (preview_trace), in order. */
function asked(): TraceInput[] {
  return b!.calls.filter((c) => c.command === "preview_trace").map((c) => c.args.input as TraceInput);
}
const last = () => asked()[asked().length - 1];
const field = (testid: string) => screen.getByTestId(testid) as HTMLInputElement;

/** The trace-test screen of a new assessment of the sample's cooperative, with the rules it
 *  froze (the workspace's and the handbook's target, changed by `frozen`). */
async function open(frozen: Frozen = {}) {
  b = rustBackend();
  setBackend(b);
  const a = await sampleAssessment(b, "2026-11-20", frozen);
  render(TracePanel, { assessmentId: a.id });
  await settle();
  return { b, a };
}

describe("the trace-test screen", { timeout: SLOW }, () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 11, 1, 9, 0, 0));
    i18n.lang = "vi";
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    if (b) removeBackend(b);
    b = null;
  });

  it("runs a big timer that fills the start and finish times; the backend grades the time as it runs", async () => {
    await open();
    const timer = screen.getByTestId("trace-timer");
    expect(timer.textContent?.trim()).toBe("0:00:00");
    await fireEvent.click(screen.getByTestId("trace-start"));
    // The start goes into the date-time picker as the window shows dates: dd/mm/yyyy, HH:mm.
    expect(field("trace-started-date").value).toBe("01/12/2026");
    expect(field("trace-started-time").value).toBe("09:00");
    await later(3 * 3600_000 + 5_000);
    await settle();
    expect(timer.textContent?.trim()).toBe("3:00:05");
    // The running time is sent as minutes rounded up: 3 h 0 min 5 s → 181 minutes, within the
    // rules' 240 minutes.
    expect(last().started).toMatch(/^2026-12-01T09:00:00/);
    expect(last().finished).toMatch(/^2026-12-01T12:01:00/);
    expect(grade("time")).toBe("pass");
    // An hour later: 241 minutes, past 240 but within 1440 → MINOR.
    await later(3600_000);
    await settle();
    expect(last().finished).toMatch(/^2026-12-01T13:01:00/);
    expect(grade("time")).toBe("minor");
    await fireEvent.click(screen.getByTestId("trace-stop"));
    expect(field("trace-finished-date").value).toBe("01/12/2026");
    expect(field("trace-finished-time").value).toBe("13:00:05");
    await settle();
    expect(last().finished).toMatch(/^2026-12-01T13:00:05/);
    expect(grade("time")).toBe("minor");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(timer.textContent?.trim()).toBe("4:00:05");
    expect(screen.getByTestId("grade-time").textContent).toContain("4 giờ 0 phút");
    // The rule under it is the assessment's frozen one.
    expect(screen.getByTestId("rule-time").textContent).toBe("Đạt ≤ 4 giờ · lỗi nhẹ ≤ 24 giờ · lỗi nặng > 24 giờ");
  });

  it("shows each metric's grade from the backend once its fields are typed, debounced, the latest answer winning", async () => {
    const { b } = await open();
    for (const m of ["time", "links", "quantity", "kde"]) expect(grade(m)).toBe("none");
    expect(grade("consistency")).toBe("pass");
    const calls = asked().length;

    // Typing quickly asks once, after the pause. 5 of 6 links: MAJOR.
    await type("trace-linksExpected", "6");
    await type("trace-linksFound", "5");
    expect(asked().length).toBe(calls);
    await settle();
    expect(asked().length).toBe(calls + 1);
    expect(last()).toMatchObject({ links_expected: 6, links_found: 5 });
    expect(grade("links")).toBe("major");
    expect(screen.getByTestId("grade-links").textContent).toContain("5/6");

    // The mass balance by its parts; the sum is shown, and the backend's reading of it:
    // 97,5 % is outside ±2 % but within ±5 % with an explanation → MINOR.
    await type("trace-inputQty", "1.000");
    await type("trace-outputsQty", "700");
    await type("trace-lossesQty", "250");
    await type("trace-stockQty", "20");
    await type("trace-samplesQty", "5");
    expect(screen.getByTestId("trace-parts-sum").textContent).toContain("Tổng các phần: 975 kg");
    await settle();
    expect(grade("quantity")).toBe("major");
    await type("trace-explanation", "Hao hụt do lột vỏ, đầu tôm bán phụ phẩm");
    await settle();
    expect(last()).toMatchObject({
      input_qty: 1000, accounted_qty: null, outputs_qty: 700, losses_qty: 250, stock_qty: 20, samples_qty: 5,
      explanation: "Hao hụt do lột vỏ, đầu tôm bán phụ phẩm",
    });
    expect(grade("quantity")).toBe("minor");
    expect(screen.getByTestId("grade-quantity").textContent).toContain("975 / 1.000 kg · 97,5 %");
    expect(screen.getByTestId("rule-quantity").textContent).toContain("lỗi nhẹ trong ±5 % khi có giải trình");
    // Within ±2 %: a pass.
    await type("trace-outputsQty", "725");
    await settle();
    expect(grade("quantity")).toBe("pass");

    // Typos go with the contradictions: 1 or 2 are MINOR, 3 MAJOR.
    await type("trace-typos", "2");
    await settle();
    expect(grade("consistency")).toBe("minor");
    await type("trace-typos", "3");
    await settle();
    expect(last()).toMatchObject({ contradictions: 0, typos: 3 });
    expect(grade("consistency")).toBe("major");

    // A draft the backend refuses: its message, and no grade at all.
    await type("trace-accountedQty", "12");
    await fireEvent.change(screen.getByTestId("trace-accountedUnit"), { target: { value: "con" } });
    await settle();
    expect(last()).toMatchObject({ accounted_qty: 12, accounted_unit: "con" });
    expect(screen.getByTestId("trace-preview-error").textContent).toBe("Không quy đổi được “con” sang “kg”.");
    for (const m of ["links", "quantity", "consistency"]) expect(grade(m)).toBe("none");
    await fireEvent.change(screen.getByTestId("trace-accountedUnit"), { target: { value: "kg" } });
    await settle();
    expect(screen.queryByTestId("trace-preview-error")).toBeNull();
    expect(grade("links")).toBe("major");

    // A slow answer to an older draft (30 of 40 KDEs: MAJOR) never overwrites the newer one's
    // (37 of 40: MINOR). The backend's answer is only held back, not changed.
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const real = b.previewTrace.bind(b);
    vi.spyOn(b, "previewTrace").mockImplementationOnce(async (id, input) => {
      await slow;
      return real(id, input);
    });
    await type("trace-kdeRequired", "40");
    await type("trace-kdePresent", "30");
    await settle();
    await type("trace-kdePresent", "37");
    await settle();
    expect(grade("kde")).toBe("minor");
    expect(screen.getByTestId("grade-kde").textContent).toContain("37/40");
    release();
    await settle();
    expect(asked().map((x) => x.kde_present).slice(-2)).toEqual([37, 30]);
    expect(grade("kde")).toBe("minor");
  });

  it("states the frozen rules of this assessment next to each metric", async () => {
    // The handbook's own target (2 h, ±1,5 %) and the workspace's typo rule (1 is minor).
    await open({ handbook: { target_minutes: 120, tolerance_pct: 1.5 }, rules: { typos_minor: 1 } });
    expect(screen.getByTestId("rule-time").textContent).toBe("Đạt ≤ 2 giờ · lỗi nhẹ ≤ 24 giờ · lỗi nặng > 24 giờ");
    expect(screen.getByTestId("rule-quantity").textContent).toContain("Đạt trong ±1,5 %");
    expect(screen.getByTestId("rule-consistency").textContent).toContain("đến 1 là lỗi nhẹ");
    // And grades with them: 2 typos are now MAJOR, 2 h 30 min MINOR.
    await type("trace-typos", "2");
    await type("trace-started-date", "01/12/2026");
    await type("trace-started-time", "08:00");
    await type("trace-finished-date", "01/12/2026 10:30");
    await settle();
    expect(grade("consistency")).toBe("major");
    expect(grade("time")).toBe("minor");
  });

  it("records a complete test with its breakdown; the accounted quantity can be left to the parts", async () => {
    const { b, a } = await open();
    const record = vi.spyOn(b, "recordTrace");
    await fireEvent.click(screen.getByTestId("trace-record"));
    await settle();
    expect(screen.getByTestId("trace-incomplete")).toBeTruthy();
    expect(screen.getAllByText("Cần điền.").length).toBeGreaterThan(3);
    expect(screen.getByText("Cần khối lượng đối chiếu được, hoặc các phần của nó.")).toBeTruthy();
    expect(record).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId("trace-direction-forward"));
    await type("trace-lot", "PL-2025-0612");
    await type("trace-started-date", "01/12/2026");
    await type("trace-started-time", "8:00");
    await type("trace-finished-date", "1/12/2026");
    await type("trace-finished-time", "09:45");
    await type("trace-linksExpected", "4");
    await type("trace-linksFound", "4");
    await type("trace-inputQty", "500");
    await type("trace-outputsQty", "480");
    await type("trace-samplesQty", "18,5");
    await type("trace-explanation", "Mẫu kiểm nghiệm");
    await type("trace-kdeRequired", "20");
    await type("trace-kdePresent", "20");
    await type("trace-typos", "1");
    await fireEvent.click(screen.getByTestId("trace-record"));
    await settle();
    expect(screen.getByTestId("trace-saved").textContent).toContain("PL-2025-0612");
    expect(record).toHaveBeenCalledOnce();
    expect(record.mock.calls[0][1]).toMatchObject({
      direction: "forward", lot: "PL-2025-0612", links_found: 4, input_qty: 500, accounted_qty: null,
      outputs_qty: 480, samples_qty: 18.5, explanation: "Mẫu kiểm nghiệm", typos: 1, kde_present: 20,
    });
    const [saved] = await b.traceTests(a.id);
    expect(saved).toMatchObject({ accounted_qty: 498.5, minutes: 105 });
    expect(saved.grades).toEqual({ time: "pass", links: "pass", quantity: "pass", kde: "pass", consistency: "minor" });
    const [row] = screen.getAllByTestId("trace-row");
    expect(row.querySelector("[data-testid=trace-breakdown]")?.textContent).toBe("Cân đối: thành phẩm 480 + mẫu, phế phẩm 18,5 kg = 498,5 kg");
    // The form is ready for the other direction.
    expect((screen.getByTestId("trace-direction-backward") as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId("trace-lot") as HTMLInputElement).value).toBe("");
  });

  it("lists the explanation, the breakdown and a failed test replaced by its re-test", async () => {
    b = rustBackend();
    setBackend(b);
    const a = await sampleAssessment(b);
    await failedAndRetested(b, a.id);
    render(TracePanel, { assessmentId: a.id });
    await settle();
    const [first, second] = screen.getAllByTestId("trace-row");
    expect(first.classList.contains("replaced")).toBe(true);
    expect(first.querySelector("[data-testid=trace-replaced]")?.textContent).toContain("Đã được làm lại bởi lần 2 (lô AO03-250615-02)");
    expect(first.querySelector("[data-testid=trace-breakdown]")?.textContent).toBe(
      "Cân đối: thành phẩm 700 + hao hụt, phụ phẩm 250 + tồn kho 20 + mẫu, phế phẩm 5 kg = 975 kg",
    );
    expect(first.querySelector("[data-testid=trace-explained]")?.textContent).toBe("Giải trình: Hao hụt do lột vỏ");
    expect(first.textContent).toContain("0 điểm mâu thuẫn · 1 lỗi đánh máy");
    expect(second.textContent).toContain("làm lại lần 1");
    expect(second.querySelector("[data-testid=trace-breakdown]")).toBeNull();
    // Recorded lot by lot: a table sorted by any column.
    const lots = () => [...second.querySelectorAll("[data-testid=trace-lot-row] .code")].map((c) => c.textContent);
    expect(lots()).toEqual(["TP-02", "TP-10", "TP-03"]);
    await fireEvent.click(second.querySelector("[data-testid=lots-sort-lot]")!);
    expect(lots()).toEqual(["TP-02", "TP-03", "TP-10"]);
    await fireEvent.click(second.querySelector("[data-testid=lots-sort-quantity]")!);
    expect(lots()).toEqual(["TP-03", "TP-10", "TP-02"]);
    await fireEvent.click(second.querySelector("[data-testid=lots-sort-quantity]")!);
    expect(lots()).toEqual(["TP-02", "TP-10", "TP-03"]);
    expect(second.querySelector("[data-testid=lots-sort-quantity]")!.closest("th")!.getAttribute("aria-sort")).toBe("descending");
    expect(first.querySelector("[data-testid=trace-lots]")).toBeNull();
    // Only failed tests can be re-tested (both have a grade below pass).
    const options = [...(screen.getByTestId("trace-retest") as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual(["— Lần đầu —", "Lần 1, lô AO03-250615-01", "Lần 2, lô AO03-250615-02"]);
  });
});
