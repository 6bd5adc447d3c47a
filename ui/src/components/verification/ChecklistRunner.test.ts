import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { tick } from "svelte";
import ChecklistRunner from "./ChecklistRunner.svelte";
import { setBackend } from "../../lib/backend";
import { i18n } from "../../lib/i18n/index.svelte";
import { removeBackend, rustBackend, type RustBackend } from "../../test/rust";
import { answer, newAssessment } from "../../test/verification";

/** Each test runs the real `sotay` a dozen times or more: room for a busy machine. */
const SLOW = 30_000;

/** A photo as a camera writes it: a 160×120 JPEG with EXIF DateTimeOriginal 2025:07:20 14:32:05
 *  and OffsetTimeOriginal +07:00 (the Rust tests' fixture). */
const EXIF_JPEG = readFileSync(
  resolve(fileURLToPath(import.meta.url), "../../../../../tests/fixtures/evidence/bo-ao-exif.jpg"),
);

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
const card = (id: string) => screen.getAllByTestId("checklist-item").find((c) => c.dataset.itemId === id)!;

let b: RustBackend | null = null;

/** The runner on a new assessment of the sample's cooperative, after `setup` prepared it. */
async function open(setup: (b: RustBackend, assessmentId: string) => Promise<void> = async () => {}) {
  b = rustBackend();
  setBackend(b);
  const a = await newAssessment(b);
  await setup(b, a.id);
  render(ChecklistRunner, { assessmentId: a.id });
  await settle();
  return { b, a };
}

afterEach(() => {
  cleanup();
  if (b) removeBackend(b);
  b = null;
});

describe("the checklist runner", { timeout: SLOW }, () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });

  it("heads the list with what is answered, the score so far and a jump to the next unanswered item", async () => {
    // S1 answered but S1.3; S2.1 answered: the next one left after S1.2 is S1.3, then S2.2.
    const { a } = await open((b, id) => answer(b, id, { "S1.1": "pass", "S1.2": "pass", "S1.4": "pass", "S2.1": "minor" }));
    const total = (await b!.assessmentItems(a.id)).length;
    expect(screen.getByTestId("overall-progress").textContent).toBe(`Đã trả lời 4/${total} mục`);
    expect(screen.getByTestId("live-score").textContent).toContain("Điểm hiện tại: —");
    cleanup();
    render(ChecklistRunner, { assessmentId: a.id, score: 93.75 });
    await settle();
    expect(screen.getByTestId("live-score").textContent).toContain("Điểm hiện tại: 93,75/100");
    // The runner opens on S1.3, the first item left; the jump goes on to S2.2 in the next section.
    expect(focusedItem()).toBe("S1.3");
    expect(screen.getByTestId("next-unanswered").textContent).toContain("S2.2");
    await fireEvent.click(screen.getByTestId("next-unanswered"));
    await settle();
    expect(screen.getByTestId("section-title").textContent).toMatch(/^S2 /);
    expect(focusedItem()).toBe("S2.2");
    expect(screen.getByTestId("next-unanswered").textContent).toContain("S2.3");
  });

  it("answers a section by keyboard alone: 1–4, NA with its reason, j/k and ←→", async () => {
    // S2.1–S2.3 are answered already: → lands on S2.4, the first one left.
    const { b, a } = await open((b, id) => answer(b, id, { "S2.1": "pass", "S2.2": "pass", "S2.3": "pass" }));
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
    expect(focusedItem()).toBe("S1.4");
    expect(screen.getByTestId("section-progress").textContent).toBe("Đã trả lời 3/4 mục của phần này");

    const items = await b.assessmentItems(a.id);
    expect(items.slice(0, 4).map((i) => [i.id, i.answer?.result, i.answer?.reason])).toEqual([
      ["S1.1", "pass", ""],
      ["S1.2", "major", ""],
      ["S1.3", "na", "Tổ hợp tác chỉ bán tại ao, không có khách hàng phía sau"],
      ["S1.4", undefined, undefined],
    ]);

    // → goes to the next section, at its first unanswered item; ← comes back.
    await press("ArrowRight");
    expect(screen.getByTestId("section-title").textContent).toBe("S2 · Định danh");
    expect(focusedItem()).toBe("S2.4");
    expect(within(card("S2.4")).getByText("★ Trọng yếu")).toBeTruthy();
    expect(screen.getAllByText("★ Trọng yếu")).toHaveLength(1);
    expect(within(card("S2.7")).getByText(/Áp dụng khi:/).parentElement?.textContent).toContain("nếu sản phẩm có dán nhãn");
    await press("ArrowLeft");
    expect(screen.getByTestId("section-title").textContent).toBe("S1 · Mục tiêu và phạm vi");
  });

  it("cancels an NA with Escape and keeps the earlier answer", async () => {
    const { b, a } = await open();
    await press("2");
    await press("k");
    await press("4");
    expect(screen.getByTestId("na-reason")).toBeTruthy();
    await press("Escape");
    expect(screen.queryByTestId("na-reason")).toBeNull();
    expect(focusedItem()).toBe("S1.1");
    expect(resultOf("S1.1")).toBe("minor");
    expect((await b.assessmentItems(a.id))[0].answer?.result).toBe("minor");
  });

  it("shows S9 as coming from the trace tests, with no answer buttons", async () => {
    await open();
    const buttons = screen.getAllByTestId("section-button");
    expect(buttons).toHaveLength(9);
    await fireEvent.click(buttons[8]);
    await settle();
    expect(screen.getByTestId("section-title").textContent).toContain("S9");
    expect(screen.getAllByTestId("from-trace")).toHaveLength(5);
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
    // Four bytes are no photo: stored all the same, without thumbnail, and the runner says so.
    expect(screen.getByTestId("evidence-warning").textContent).toContain("không tạo được ảnh thu nhỏ");
    expect(screen.queryByTestId("evidence-thumb")).toBeNull();
  });

  it("shows photos as thumbnails with the camera's time, and documents as an icon and name", async () => {
    const { b, a } = await open();
    const input = screen.getAllByTestId("item-photo")[0] as HTMLInputElement;
    const photo = new File([new Uint8Array(EXIF_JPEG)], "bờ ao.jpg", { type: "image/jpeg" });
    const pdf = new File([new TextEncoder().encode("%PDF-1.7 biên bản")], "biên bản.pdf", { type: "application/pdf" });
    await fireEvent.change(input, { target: { files: [photo, pdf] } });
    await settle();

    const files = screen.getAllByTestId("evidence-file");
    expect(files).toHaveLength(2);
    const img = screen.getByTestId("evidence-thumb") as HTMLImageElement;
    expect(img.alt).toBe("bờ ao.jpg");
    expect(img.src).toMatch(/^data:image\/jpeg;base64,/);
    expect(screen.getByTestId("evidence-taken").textContent).toBe("Chụp lúc 14:32 20/07/2025");
    expect(files[1].querySelector("img")).toBeNull();
    expect(files[1].textContent).toContain("📄");
    expect(files[1].textContent).toContain("biên bản.pdf");
    expect(screen.queryByTestId("evidence-warning")).toBeNull();

    // The thumbnail is a button: Enter (a click for the browser) enlarges it and back.
    const button = img.closest("button")!;
    expect(button.getAttribute("aria-label")).toBe("Phóng to ảnh bờ ao.jpg");
    button.focus();
    await fireEvent.click(button);
    expect(button.getAttribute("aria-expanded")).toBe("true");
    expect(button.getAttribute("aria-label")).toBe("Thu nhỏ ảnh bờ ao.jpg");

    // Both stored at the tests' one fixed instant: the backend's order between them is its ids'.
    const item = (await b.assessmentItems(a.id))[0];
    const attached = item.attached.map((f) => [f.name, f.taken_at, f.has_thumbnail]);
    expect(attached.sort(([x], [y]) => String(y).localeCompare(String(x)))).toEqual([
      ["bờ ao.jpg", "2025-07-20T14:32:05+07:00", true],
      ["biên bản.pdf", null, false],
    ]);

    i18n.lang = "en";
    await settle();
    expect(screen.getByTestId("evidence-taken").textContent).toBe("Taken 14:32, 20/07/2025");
  });
});

describe("S4.1 and its sub-checks, and the team's own items", { timeout: SLOW }, () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });

  /** The runner at S4; the sub-check S4.1.2 (“Xuất bán tôm giống”) is already MINOR. */
  async function openS4() {
    const opened = await open((b, id) => answer(b, id, { "S4.1.2": "minor" }));
    await fireEvent.click(screen.getAllByTestId("section-button")[3]);
    await settle();
    return opened;
  }

  it("nests the sub-checks under S4.1, collapsed, each with its own answers; S4.1 shows the suggestion", async () => {
    const { b, a } = await openS4();
    expect(screen.getByTestId("section-title").textContent).toContain("S4");
    // One row per item: the sub-checks are not items of the section.
    expect(screen.getAllByTestId("checklist-item").map((c) => c.dataset.itemId)).toEqual([
      "S4.1", "S4.2", "S4.3", "S4.4", "S4.5", "S4.6",
    ]);
    expect(screen.getByTestId("section-progress").textContent).toBe("Đã trả lời 0/6 mục của phần này");
    const s41 = card("S4.1");
    // The backend's suggestion: the worst of the answered sub-checks (and trace tests' KDEs).
    expect(within(s41).getByTestId("item-suggested").textContent).toContain(
      "Gợi ý: Lỗi nhẹ — từ kiểm tra chi tiết và truy xuất thử.",
    );
    expect(screen.getAllByTestId("item-suggested")).toHaveLength(1);
    const toggle = within(s41).getByTestId("subchecks-toggle");
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(toggle.textContent).toContain("(1/18 đã trả lời)");
    expect(screen.queryAllByTestId("subcheck")).toHaveLength(0);
    await fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    const subs = screen.getAllByTestId("subcheck");
    expect(subs.map((s) => s.dataset.subcheckId)).toEqual(Array.from({ length: 18 }, (_, i) => `S4.1.${i + 1}`));
    expect(within(subs[1]).getByTestId("subcheck-result").dataset.result).toBe("minor");
    expect(subs[8].textContent).toContain("Thu hoạch tỉa hoặc thu hoạch toàn bộ");

    await fireEvent.click(within(subs[8]).getByTestId("subcheck-answer-major"));
    await settle();
    expect(within(subs[8]).getByTestId("subcheck-result").dataset.result).toBe("major");
    expect(within(s41).getByTestId("item-suggested").dataset.result).toBe("major");
    expect(within(s41).getByTestId("item-suggested").textContent).toContain("Gợi ý: Lỗi nặng");
    // NA on a sub-check asks its reason too.
    await fireEvent.click(within(subs[0]).getByTestId("subcheck-answer-na"));
    await settle();
    const reason = within(subs[0]).getByTestId("subcheck-na-reason");
    expect(document.activeElement).toBe(reason);
    await fireEvent.input(reason, { target: { value: "Hợp tác xã không nuôi tôm bố mẹ" } });
    await fireEvent.keyDown(reason, { key: "Enter" });
    await settle();
    expect(within(subs[0]).getByTestId("subcheck-result").dataset.result).toBe("na");
    expect(toggle.textContent).toContain("(3/18 đã trả lời)");

    // The answer that counts is the inspector's: S4.1 is still unanswered.
    expect(within(s41).getByTestId("item-result").dataset.result).toBe("none");
    await fireEvent.click(within(s41).getByTestId("answer-minor"));
    await settle();
    const [stored] = (await b.assessmentItems(a.id)).filter((i) => i.id === "S4.1");
    expect(stored.answer?.result).toBe("minor");
    expect(stored.suggested).toBe("major");
    expect(
      stored.subchecks.filter((x) => x.answer).map((x) => [x.id, x.answer?.result, x.answer?.reason]),
    ).toEqual([
      ["S4.1.1", "na", "Hợp tác xã không nuôi tôm bố mẹ"],
      ["S4.1.2", "minor", ""],
      ["S4.1.9", "major", ""],
    ]);
  });

  it("marks the items the team added by hand", async () => {
    const { b, a } = await openS4();
    const id = await b.addAssessmentItem(a.id, "S4", "Sổ nhật ký ao có chữ ký của kỹ thuật viên", "R");
    cleanup();
    render(ChecklistRunner, { assessmentId: a.id });
    await settle();
    await fireEvent.click(screen.getAllByTestId("section-button")[3]);
    await settle();
    const added = card(id);
    expect(within(added).getByTestId("item-added").textContent).toContain("Mục bổ sung");
    expect(added.textContent).toContain("Sổ nhật ký ao có chữ ký của kỹ thuật viên");
    expect(within(card("S4.1")).queryByTestId("item-added")).toBeNull();
  });
});
