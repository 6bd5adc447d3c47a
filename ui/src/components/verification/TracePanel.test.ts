import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import TracePanel from "./TracePanel.svelte";
import { BackendError, setBackend, type Rules, type TraceInput, type TraceTest } from "../../lib/backend";
import { memoryBackend } from "../../lib/backend/memory";
import { i18n } from "../../lib/i18n/index.svelte";
import { checklist, handbook, pilots, templates } from "../../test/fixtures";
import { defaultRules, tracedWithBreakdown } from "../../test/rust-results";

/** Past the form's debounce, with the backend's answer in. */
async function settle(ms = 300) {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 6; i++) await vi.advanceTimersByTimeAsync(0);
}

const grade = (metric: string) => screen.getByTestId(`grade-${metric}-badge`).getAttribute("data-result");

async function type(testid: string, value: string) {
  await fireEvent.input(screen.getByTestId(testid), { target: { value } });
}

/**
 * The backend's grading, stubbed: it answers `reply` (shaped like a Rust TraceTest) and keeps
 * what it was asked. The component must show what it is told, never grade by itself.
 */
function engine() {
  const asked: TraceInput[] = [];
  const state = {
    asked,
    reply: { ...tracedWithBreakdown, grades: { time: "pass", links: "pass", quantity: "pass", kde: "pass", consistency: "pass" } } as TraceTest,
    refuse: null as string | null,
    trace: (input: TraceInput): TraceTest => {
      asked.push(input);
      if (state.refuse) throw new BackendError({ code: "invalid_input", message: state.refuse });
      return structuredClone(state.reply);
    },
    last: () => asked[asked.length - 1],
  };
  return state;
}

async function open(rules: Rules = defaultRules) {
  const e = engine();
  const b = memoryBackend({ handbooks: [handbook], templates, pilots, checklist, rules, engine: { trace: e.trace } });
  setBackend(b);
  const a = await b.newAssessment("p1", handbook.summary.id, "2026-11-20", "Lê Văn Kiểm", []);
  render(TracePanel, { assessmentId: a.id });
  await settle();
  return { b, a, e };
}

describe("the trace-test screen", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 11, 1, 9, 0, 0));
    i18n.lang = "vi";
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it("runs a big timer that fills the start and finish times; the backend grades the time as it runs", async () => {
    const { e } = await open();
    const timer = screen.getByTestId("trace-timer");
    expect(timer.textContent?.trim()).toBe("0:00:00");
    await fireEvent.click(screen.getByTestId("trace-start"));
    expect((screen.getByTestId("trace-started") as HTMLInputElement).value).toBe("2026-12-01 09:00:00");
    await vi.advanceTimersByTimeAsync(3 * 3600_000 + 5_000);
    await settle();
    expect(timer.textContent?.trim()).toBe("3:00:05");
    // The running time is sent as minutes rounded up: 3 h 0 min 5 s → 181 minutes.
    expect(e.last().started).toMatch(/^2026-12-01T09:00:00/);
    expect(e.last().finished).toMatch(/^2026-12-01T12:01:00/);
    expect(grade("time")).toBe("pass");
    e.reply.grades.time = "minor";
    await vi.advanceTimersByTimeAsync(3600_000);
    await settle();
    expect(e.last().finished).toMatch(/^2026-12-01T13:01:00/);
    expect(grade("time")).toBe("minor");
    await fireEvent.click(screen.getByTestId("trace-stop"));
    expect((screen.getByTestId("trace-finished") as HTMLInputElement).value).toBe("2026-12-01 13:00:05");
    e.reply.minutes = 240.08333333333334;
    await settle();
    expect(e.last().finished).toMatch(/^2026-12-01T13:00:05/);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(timer.textContent?.trim()).toBe("4:00:05");
    expect(screen.getByTestId("grade-time").textContent).toContain("4 giờ 0 phút");
    // The rule under it is the assessment's frozen one.
    expect(screen.getByTestId("rule-time").textContent).toBe("Đạt ≤ 4 giờ · lỗi nhẹ ≤ 24 giờ · lỗi nặng > 24 giờ");
  });

  it("shows each metric's grade from the backend once its fields are typed, debounced, the latest answer winning", async () => {
    const { b, e } = await open();
    for (const m of ["time", "links", "quantity", "kde"]) expect(grade(m)).toBe("none");
    expect(grade("consistency")).toBe("pass");
    const calls = e.asked.length;

    // Typing quickly asks once, after the pause.
    await type("trace-linksExpected", "6");
    await type("trace-linksFound", "5");
    e.reply.grades.links = "major";
    expect(e.asked.length).toBe(calls);
    await settle();
    expect(e.asked.length).toBe(calls + 1);
    expect(e.last()).toMatchObject({ links_expected: 6, links_found: 5 });
    expect(grade("links")).toBe("major");
    expect(screen.getByTestId("grade-links").textContent).toContain("6/6");

    // The mass balance by its parts; the sum is shown, and the backend's reading of it.
    await type("trace-inputQty", "1.000");
    await type("trace-outputsQty", "700");
    await type("trace-lossesQty", "250");
    await type("trace-stockQty", "20");
    await type("trace-samplesQty", "5");
    expect(screen.getByTestId("trace-parts-sum").textContent).toContain("Tổng các phần: 975 kg");
    await type("trace-explanation", "Hao hụt do lột vỏ, đầu tôm bán phụ phẩm");
    e.reply.grades.quantity = "minor";
    await settle();
    expect(e.last()).toMatchObject({
      input_qty: 1000, accounted_qty: null, outputs_qty: 700, losses_qty: 250, stock_qty: 20, samples_qty: 5,
      explanation: "Hao hụt do lột vỏ, đầu tôm bán phụ phẩm",
    });
    expect(grade("quantity")).toBe("minor");
    expect(screen.getByTestId("grade-quantity").textContent).toContain("975 / 1.000 kg · 97,5 %");
    expect(screen.getByTestId("rule-quantity").textContent).toContain("lỗi nhẹ trong ±5 % khi có giải trình");

    // Typos go with the contradictions.
    await type("trace-typos", "3");
    e.reply.grades.consistency = "major";
    await settle();
    expect(e.last()).toMatchObject({ contradictions: 0, typos: 3 });
    expect(grade("consistency")).toBe("major");

    // A draft the backend refuses: its message, and no grade at all.
    e.refuse = "Không quy đổi được “con” sang “kg”.";
    await type("trace-accountedQty", "12");
    await fireEvent.change(screen.getByTestId("trace-accountedUnit"), { target: { value: "con" } });
    await settle();
    expect(e.last()).toMatchObject({ accounted_qty: 12, accounted_unit: "con" });
    expect(screen.getByTestId("trace-preview-error").textContent).toBe("Không quy đổi được “con” sang “kg”.");
    for (const m of ["links", "quantity", "consistency"]) expect(grade(m)).toBe("none");
    e.refuse = null;
    await fireEvent.change(screen.getByTestId("trace-accountedUnit"), { target: { value: "kg" } });
    await settle();
    expect(screen.queryByTestId("trace-preview-error")).toBeNull();

    // A slow answer to an older draft never overwrites the newer one's.
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const real = b.previewTrace.bind(b);
    const spy = vi.spyOn(b, "previewTrace");
    spy.mockImplementationOnce(async (id, input) => {
      await slow;
      return { ...(await real(id, input)), grades: { ...e.reply.grades, kde: "major" } };
    });
    await type("trace-kdeRequired", "40");
    await type("trace-kdePresent", "30");
    await settle();
    e.reply.grades.kde = "minor";
    await type("trace-kdePresent", "37");
    await settle();
    expect(grade("kde")).toBe("minor");
    release();
    await settle();
    expect(grade("kde")).toBe("minor");
  });

  it("states the frozen rules of this assessment next to each metric", async () => {
    await open({ ...defaultRules, trace_pass_minutes: 120, qty_pass_pct: 1.5, typos_minor: 1 });
    expect(screen.getByTestId("rule-time").textContent).toBe("Đạt ≤ 2 giờ · lỗi nhẹ ≤ 24 giờ · lỗi nặng > 24 giờ");
    expect(screen.getByTestId("rule-quantity").textContent).toContain("Đạt trong ±1,5 %");
    expect(screen.getByTestId("rule-consistency").textContent).toContain("đến 1 là lỗi nhẹ");
  });

  it("records a complete test with its breakdown; the accounted quantity can be left to the parts", async () => {
    const { b, a } = await open();
    const record = vi.spyOn(b, "recordTrace");
    await fireEvent.click(screen.getByTestId("trace-record"));
    await settle();
    expect(screen.getByTestId("trace-incomplete")).toBeTruthy();
    expect(screen.getAllByText("Cần điền.").length).toBeGreaterThan(3);
    expect(screen.getByText("Cần khối lượng đối chiếu được, hoặc các phần của nó.")).toBeTruthy();

    await fireEvent.click(screen.getByTestId("trace-direction-forward"));
    await type("trace-lot", "PL-2025-0612");
    await type("trace-started", "2026-12-01 08:00");
    await type("trace-finished", "2026-12-01 09:45");
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
    expect(screen.getByTestId("trace-saved").textContent).toContain(tracedWithBreakdown.lot);
    expect(record).toHaveBeenCalledOnce();
    expect(record.mock.calls[0][1]).toMatchObject({
      direction: "forward", lot: "PL-2025-0612", links_found: 4, input_qty: 500, accounted_qty: null,
      outputs_qty: 480, samples_qty: 18.5, explanation: "Mẫu kiểm nghiệm", typos: 1, kde_present: 20,
    });
    expect(await b.traceTests(a.id)).toHaveLength(1);
    expect(screen.getAllByTestId("trace-row")).toHaveLength(1);
    // The form is ready for the other direction.
    expect((screen.getByTestId("trace-direction-backward") as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId("trace-lot") as HTMLInputElement).value).toBe("");
  });

  it("lists the explanation, the breakdown and a failed test replaced by its re-test", async () => {
    const { b } = await open();
    const failed: TraceTest = { ...tracedWithBreakdown, id: "t1", replaced_by: "t2", links_found: 5, grades: { ...tracedWithBreakdown.grades, links: "major" } };
    const lot = (l: string, quantity: number | null, step: string) => ({
      lot: l, product: "Tôm sú nguyên con", quantity, unit: "kg", date: "2026-06-15", from: "Ao 3", to: "Nhà máy Rạch Giá", reference: "PXK-0612", step,
    });
    const retest: TraceTest = {
      ...tracedWithBreakdown, id: "t2", lot: "AO03-250615-02", retest_of: "t1", explanation: "", outputs_qty: null, losses_qty: null, stock_qty: null, samples_qty: null,
      lots: [lot("TP-02", 300, "sơ chế"), lot("TP-10", 120.5, "thu hoạch"), lot("TP-03", null, "xuất hàng")],
    };
    vi.spyOn(b, "traceTests").mockResolvedValue([failed, retest]);
    cleanup();
    render(TracePanel, { assessmentId: (await b.listAssessments(null))[0].id });
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
    const lots = () => [...second.querySelectorAll("[data-testid=trace-lot-row] code")].map((c) => c.textContent);
    expect(lots()).toEqual(["TP-02", "TP-10", "TP-03"]);
    await fireEvent.click(second.querySelector("[data-testid=lots-sort-lot]")!);
    expect(lots()).toEqual(["TP-02", "TP-03", "TP-10"]);
    await fireEvent.click(second.querySelector("[data-testid=lots-sort-quantity]")!);
    expect(lots()).toEqual(["TP-03", "TP-10", "TP-02"]);
    await fireEvent.click(second.querySelector("[data-testid=lots-sort-quantity]")!);
    expect(lots()).toEqual(["TP-02", "TP-10", "TP-03"]);
    expect(second.querySelector("[data-testid=lots-sort-quantity]")!.closest("th")!.getAttribute("aria-sort")).toBe("descending");
    expect(first.querySelector("[data-testid=trace-lots]")).toBeNull();
    // Only failed tests can be re-tested.
    const options = [...(screen.getByTestId("trace-retest") as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual(["— Lần đầu —", "Lần 1, lô AO03-250615-01", "Lần 2, lô AO03-250615-02"]);
  });
});
