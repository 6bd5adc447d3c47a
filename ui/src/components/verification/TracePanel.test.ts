import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import TracePanel from "./TracePanel.svelte";
import { setBackend } from "../../lib/backend";
import { memoryBackend } from "../../lib/backend/memory";
import { i18n } from "../../lib/i18n/index.svelte";
import { checklist, handbook, pilots, templates } from "../../test/fixtures";

async function settle() {
  for (let i = 0; i < 6; i++) await vi.advanceTimersByTimeAsync(0);
}

const grade = (metric: string) => screen.getByTestId(`grade-${metric}-badge`).getAttribute("data-result");

async function type(testid: string, value: string) {
  await fireEvent.input(screen.getByTestId(testid), { target: { value } });
}

async function open() {
  const b = memoryBackend({ handbooks: [handbook], templates, pilots, checklist });
  setBackend(b);
  const a = await b.newAssessment("p1", handbook.summary.id, "2026-11-20", "Lê Văn Kiểm", []);
  render(TracePanel, { assessmentId: a.id });
  await settle();
  return { b, a };
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

  it("runs a big timer that fills the start and finish times, and grades the time as it runs", async () => {
    await open();
    const timer = screen.getByTestId("trace-timer");
    expect(timer.textContent?.trim()).toBe("0:00:00");
    await fireEvent.click(screen.getByTestId("trace-start"));
    expect((screen.getByTestId("trace-started") as HTMLInputElement).value).toBe("2026-12-01 09:00:00");
    await vi.advanceTimersByTimeAsync(3 * 3600_000 + 5_000);
    expect(timer.textContent?.trim()).toBe("3:00:05");
    expect(grade("time")).toBe("pass");
    await vi.advanceTimersByTimeAsync(3600_000);
    expect(grade("time")).toBe("minor");
    await fireEvent.click(screen.getByTestId("trace-stop"));
    expect((screen.getByTestId("trace-finished") as HTMLInputElement).value).toBe("2026-12-01 13:00:05");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(timer.textContent?.trim()).toBe("4:00:05");
    expect(screen.getByTestId("grade-time").textContent).toContain("4 giờ 0 phút");
  });

  it("shows each metric's grade as the numbers are typed, with the §C.3 thresholds", async () => {
    await open();
    for (const m of ["time", "links", "quantity", "kde"]) expect(grade(m)).toBe("none");
    expect(grade("consistency")).toBe("pass");

    await type("trace-started", "2026-12-01 08:00");
    await type("trace-finished", "2026-12-02 09:00");
    expect(grade("time")).toBe("major");
    await type("trace-finished", "2026-12-01 07:00");
    expect(screen.getByText("Giờ kết thúc đang trước giờ bắt đầu.")).toBeTruthy();
    expect(grade("time")).toBe("none");
    await type("trace-finished", "2026-12-01 11:30");
    expect(grade("time")).toBe("pass");

    await type("trace-linksExpected", "6");
    await type("trace-linksFound", "5");
    expect(grade("links")).toBe("major");
    await type("trace-linksFound", "6");
    expect(grade("links")).toBe("pass");

    await type("trace-inputQty", "1.000");
    await type("trace-accountedQty", "960");
    expect(grade("quantity")).toBe("minor");
    expect(screen.getByTestId("grade-quantity").textContent).toContain("960 / 1.000 kg · 96 %");
    await fireEvent.change(screen.getByTestId("trace-unit"), { target: { value: "tấn" } });
    await type("trace-inputQty", "1");
    await type("trace-accountedQty", "995");
    // 995 kg against 1 tấn: converted before grading.
    expect(grade("quantity")).toBe("pass");
    expect(screen.getByTestId("grade-quantity").textContent).toContain("0,995 / 1 tấn · 99,5 %");
    await fireEvent.change(screen.getByTestId("trace-accountedUnit"), { target: { value: "tấn" } });
    expect(grade("quantity")).toBe("major");
    await fireEvent.change(screen.getByTestId("trace-accountedUnit"), { target: { value: "con" } });
    expect(screen.getByText("Không quy đổi được sang đơn vị của khối lượng đầu vào.")).toBeTruthy();
    expect(grade("quantity")).toBe("none");

    await type("trace-kdeRequired", "40");
    await type("trace-kdePresent", "36");
    expect(grade("kde")).toBe("minor");
    await type("trace-contradictions", "3");
    expect(grade("consistency")).toBe("major");
  });

  it("records a complete test; S9 items then take their results from it", async () => {
    const { b, a } = await open();
    await fireEvent.click(screen.getByTestId("trace-record"));
    await settle();
    expect(screen.getByTestId("trace-incomplete")).toBeTruthy();
    expect(screen.getAllByText("Cần điền.").length).toBeGreaterThan(3);

    await fireEvent.click(screen.getByTestId("trace-direction-forward"));
    await type("trace-lot", "PL-2025-0612");
    await type("trace-started", "2026-12-01 08:00");
    await type("trace-finished", "2026-12-01 09:45");
    await type("trace-linksExpected", "4");
    await type("trace-linksFound", "4");
    await type("trace-inputQty", "500");
    await type("trace-accountedQty", "498,5");
    await type("trace-kdeRequired", "20");
    await type("trace-kdePresent", "20");
    await fireEvent.click(screen.getByTestId("trace-record"));
    await settle();
    expect(screen.getByTestId("trace-saved").textContent).toContain("PL-2025-0612");
    expect(screen.getAllByTestId("trace-row")).toHaveLength(1);
    const [test] = await b.traceTests(a.id);
    expect(test).toMatchObject({ direction: "forward", lot: "PL-2025-0612", minutes: 105, accounted_qty: 498.5, unit: "kg" });
    const s9 = (await b.assessmentItems(a.id)).filter((i) => i.id.startsWith("S9"));
    expect(s9.map((i) => i.answer?.result ?? null)).toEqual([null, "pass", "pass", "pass", "pass"]);
    // The form is ready for the other direction.
    expect((screen.getByTestId("trace-direction-backward") as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId("trace-lot") as HTMLInputElement).value).toBe("");
  });
});
