import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import ChecklistRunner from "./ChecklistRunner.svelte";
import { setBackend } from "../../lib/backend";
import { memoryBackend } from "../../lib/backend/memory";
import { i18n } from "../../lib/i18n/index.svelte";
import { checklist, handbook, pilots, templates } from "../../test/fixtures";

async function settle() {
  for (let i = 0; i < 6; i++) {
    await tick();
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** Presses a key where the focus is, as a keyboard would. */
async function press(key: string) {
  await fireEvent.keyDown(document.activeElement ?? document.body, { key });
  await settle();
}

const focusedItem = () => (document.activeElement as HTMLElement | null)?.closest<HTMLElement>("[data-item-id]")?.dataset.itemId;
const resultOf = (id: string) =>
  document.querySelector(`[data-item-id="${id}"] [data-testid=item-result]`)?.getAttribute("data-result");

async function open() {
  const b = memoryBackend({ handbooks: [handbook], templates, pilots, checklist });
  setBackend(b);
  const a = await b.newAssessment("p1", handbook.summary.id, "2026-11-20", "Lê Văn Kiểm", []);
  render(ChecklistRunner, { assessmentId: a.id });
  await settle();
  return { b, a };
}

describe("the checklist runner", () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(() => cleanup());

  it("answers a section by keyboard alone: 1–4, NA with its reason, j/k and ←→", async () => {
    const { b, a } = await open();
    expect(screen.getByTestId("section-title").textContent).toBe("S1 · Mục tiêu và phạm vi");
    expect(focusedItem()).toBe("S1.1");
    // The evidence hint is on screen with the item.
    expect(screen.getAllByTestId("evidence-hint")[0].textContent).toContain("Bằng chứng cần xem: Chương 1 của sổ tay");

    await press("1");
    expect(resultOf("S1.1")).toBe("pass");
    expect(focusedItem()).toBe("S1.2");

    await press("k");
    expect(focusedItem()).toBe("S1.1");
    await press("j");
    await press("3");
    expect(resultOf("S1.2")).toBe("major");
    expect(focusedItem()).toBe("S1.3");

    // 4 asks for the reason first; Enter with none says it is needed; nothing is stored.
    await press("4");
    const reason = screen.getByTestId("na-reason") as HTMLInputElement;
    expect(document.activeElement).toBe(reason);
    await press("Enter");
    expect(screen.getByTestId("item-error").textContent).toContain("Cần ghi lý do");
    expect(resultOf("S1.3")).toBe("none");
    await fireEvent.input(reason, { target: { value: "Tổ hợp tác chỉ bán tại ao, không có khách hàng phía sau" } });
    await press("Enter");
    expect(resultOf("S1.3")).toBe("na");
    expect(screen.queryByTestId("na-reason")).toBeNull();
    expect(screen.getByTestId("section-progress").textContent).toBe("Đã trả lời 3/3 mục của phần này");

    const items = await b.assessmentItems(a.id);
    expect(items.slice(0, 3).map((i) => [i.id, i.answer?.result, i.answer?.reason])).toEqual([
      ["S1.1", "pass", ""],
      ["S1.2", "major", ""],
      ["S1.3", "na", "Tổ hợp tác chỉ bán tại ao, không có khách hàng phía sau"],
    ]);

    // → goes to the next section, at its first unanswered item; ← comes back.
    await press("ArrowRight");
    expect(screen.getByTestId("section-title").textContent).toBe("S2 · Định danh");
    expect(focusedItem()).toBe("S2.4");
    expect(screen.getByText("★ Trọng yếu")).toBeTruthy();
    expect(screen.getByText(/Áp dụng khi:/).parentElement?.textContent).toContain("Khi sản phẩm có dán nhãn");
    await press("ArrowLeft");
    expect(screen.getByTestId("section-title").textContent).toBe("S1 · Mục tiêu và phạm vi");
  });

  it("cancels an NA with Escape and keeps the earlier answer", async () => {
    await open();
    await press("2");
    await press("k");
    await press("4");
    expect(screen.getByTestId("na-reason")).toBeTruthy();
    await press("Escape");
    expect(screen.queryByTestId("na-reason")).toBeNull();
    expect(focusedItem()).toBe("S1.1");
    expect(resultOf("S1.1")).toBe("minor");
  });

  it("shows S9 as coming from the trace tests, with no answer buttons", async () => {
    await open();
    await fireEvent.click(screen.getAllByTestId("section-button")[2]);
    await settle();
    expect(screen.getByTestId("section-title").textContent).toContain("S9");
    expect(screen.getAllByTestId("from-trace")[0].textContent).toContain("chưa có lần truy xuất thử nào");
    expect(screen.queryAllByTestId("answer-pass")).toHaveLength(0);
  });

  it("saves a changed note of an answered item when the field is left", async () => {
    const { b, a } = await open();
    await press("1");
    const note = screen.getAllByTestId("item-note")[0] as HTMLTextAreaElement;
    await fireEvent.input(note, { target: { value: "Đã xem bản ký ngày 02/9/2025" } });
    await fireEvent.blur(note);
    await settle();
    const s11 = (await b.assessmentItems(a.id))[0];
    expect(s11.answer).toMatchObject({ result: "pass", note: "Đã xem bản ký ngày 02/9/2025" });
  });

  it("attaches photos to an item as evidence", async () => {
    const { b, a } = await open();
    const input = screen.getAllByTestId("item-photo")[0] as HTMLInputElement;
    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], "bờ ao số 3.jpg", { type: "image/jpeg" });
    await fireEvent.change(input, { target: { files: [photo] } });
    await settle();
    expect(screen.getAllByTestId("evidence-files")[0].textContent).toContain("bờ ao số 3.jpg");
    expect((await b.assessmentItems(a.id))[0].evidence_files).toEqual(["bờ ao số 3.jpg"]);
  });
});
