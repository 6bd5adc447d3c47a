import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import SignaturePanel from "./SignaturePanel.svelte";
import { i18n } from "../../lib/i18n/index.svelte";
import { settle, type } from "../../test/dom";
import { useRustBackend } from "../../test/rust";
import { answer, finishAssessment, incompleteAssessment } from "../../test/verification";

/** Each test runs the real `sotay` a dozen times or more: room for a busy machine. */
const SLOW = 30_000;

const backend = useRustBackend();

/** An assessment with a final verdict, completed; its summary as the window has it. */
async function completed() {
  const a = await incompleteAssessment(backend(), "Trần Thị Mai");
  await finishAssessment(backend(), a.id);
  return backend().setAssessmentStatus(a.id, "completed");
}

async function show(assessmentId: string, canSign: boolean, closed = false, canWithdraw = false) {
  render(SignaturePanel, { assessmentId, canSign, canWithdraw, closed, lead: "Trần Thị Mai" });
  await settle();
}

/** Draws a stroke on the pad with pointer events (jsdom lays nothing out: 1 pad unit per px). */
async function draw(pad: Element, points: [number, number][]) {
  const [first, ...rest] = points;
  await fireEvent.pointerDown(pad, { pointerId: 1, clientX: first[0], clientY: first[1] });
  for (const [x, y] of rest) await fireEvent.pointerMove(pad, { pointerId: 1, clientX: x, clientY: y });
  await fireEvent.pointerUp(pad, { pointerId: 1 });
}

describe("the signature panel", { timeout: SLOW }, () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(() => cleanup());

  it("asks to complete the assessment first: the rule is Rust's (moves.sign)", async () => {
    const a = await incompleteAssessment(backend());
    expect(a.moves.sign).toBe(false);
    await show(a.id, a.moves.sign);
    expect(screen.getByTestId("sign-hint").textContent).toBe("Ký được khi đợt đánh giá đã hoàn thành (có kết luận chính thức).");
    expect(screen.queryByTestId("sign-leader")).toBeNull();
    expect(screen.getByTestId("signature-leader").textContent).toContain("Chưa ký");
    // The backend refuses too, in Vietnamese, and stores nothing.
    await expect(
      backend().signAssessment(a.id, { role: "leader", name: "Trần Thị Mai", position: "", drawing: null }),
    ).rejects.toThrow(/Chỉ ký khi đợt đánh giá đã hoàn thành/);
    expect(await backend().assessmentSignatures(a.id)).toEqual([]);
  });

  it("signs with a drawn mark and a typed name, shows who signed when, and flags a later change", async () => {
    const a = await completed();
    expect(a.moves.sign).toBe(true);
    await show(a.id, a.moves.sign);
    expect(screen.queryByTestId("sign-hint")).toBeNull();

    // The team leader draws: the name comes from the assessment, "Xóa" clears the pad.
    await fireEvent.click(screen.getByTestId("sign-leader"));
    expect((screen.getByTestId("sign-name") as HTMLInputElement).value).toBe("Trần Thị Mai");
    expect(screen.getByTestId("sign-when").textContent).toMatch(/^Ngày ký: \d\d\/\d\d\/\d{4} \d\d:\d\d$/);
    const pad = screen.getByTestId("sign-pad");
    await fireEvent.click(screen.getByTestId("sign-save"));
    await settle();
    expect(screen.getByTestId("sign-error").textContent).toBe("Hãy vẽ chữ ký trong khung, hoặc chọn “Gõ tên”.");
    await draw(pad, [[10, 10], [60, 90], [120, 40]]);
    expect(pad.getAttribute("data-strokes")).toBe("1");
    await fireEvent.click(screen.getByTestId("sign-clear"));
    expect(pad.getAttribute("data-strokes")).toBe("0");
    await draw(pad, [[20, 100], [80, 30], [140, 110], [200, 40]]);
    await draw(pad, [[250, 75]]);
    await type(screen.getByTestId("sign-position"), "Phó Chi cục trưởng");
    await fireEvent.click(screen.getByTestId("sign-save"));
    await settle();

    const [leader] = await backend().assessmentSignatures(a.id);
    expect(leader.role).toBe("leader");
    expect(leader.drawing).toEqual({
      width: 400,
      height: 150,
      strokes: [[[20, 100], [80, 30], [140, 110], [200, 40]], [[250, 75]]],
    });
    const slot = screen.getByTestId("signature-leader");
    expect(slot.dataset.signed).toBe("yes");
    expect(screen.getByTestId("signature-drawing").getAttribute("aria-label")).toBe("Chữ ký của Trần Thị Mai");
    expect(slot.querySelector("[data-testid=signature-name]")?.textContent).toBe("Trần Thị Mai · Phó Chi cục trưởng");
    expect(slot.querySelector("[data-testid=signature-at]")?.textContent).toMatch(/^Ký lúc \d\d\/\d\d\/\d{4} \d\d:\d\d$/);

    // The pilot's representative types a name.
    await fireEvent.click(screen.getByTestId("sign-representative"));
    await type(screen.getByTestId("sign-name"), "Nguyễn Văn Hải");
    await fireEvent.click(screen.getByTestId("sign-mode-type"));
    expect(screen.getByTestId("sign-typed-preview").textContent).toBe("Nguyễn Văn Hải");
    await fireEvent.click(screen.getByTestId("sign-save"));
    await settle();
    const rep = screen.getByTestId("signature-representative");
    expect(rep.querySelector("[data-testid=signature-typed]")?.textContent).toBe("Nguyễn Văn Hải");
    expect(rep.querySelector("[data-testid=signature-at]")?.textContent).toContain("ký bằng tên gõ");
    expect(screen.queryByTestId("signature-stale")).toBeNull();

    // A blank name is refused by the backend, next to the form, and nothing changes.
    await fireEvent.click(screen.getByTestId("sign-representative"));
    await type(screen.getByTestId("sign-name"), "   ");
    await fireEvent.click(screen.getByTestId("sign-mode-type"));
    await fireEvent.submit(screen.getByTestId("sign-form"));
    await settle();
    expect(screen.getByTestId("sign-error").textContent).toBe("Cần ghi họ tên người ký.");
    expect((await backend().assessmentSignatures(a.id)).map((s) => s.name)).toEqual(["Trần Thị Mai", "Nguyễn Văn Hải"]);
    cleanup();

    // An answer changed after signing: both signatures ask to be given again.
    await answer(backend(), a.id, { "S1.1": "minor" });
    await show(a.id, true);
    expect(screen.getAllByTestId("signature-stale")).toHaveLength(2);
    expect(screen.getAllByTestId("signature-stale")[0].textContent).toContain("Kết quả đã thay đổi sau khi ký — cần ký lại");

    i18n.lang = "en";
    await settle();
    expect(screen.getByTestId("signature-leader").textContent).toContain("Team leader");
    expect(screen.getAllByTestId("signature-stale")[0].textContent).toContain("The results changed after signing — sign again");
  });

  it("a closed assessment shows its signatures read-only", async () => {
    const a = await completed();
    await backend().signAssessment(a.id, { role: "leader", name: "Trần Thị Mai", position: "", drawing: null });
    const closed = await backend().setAssessmentStatus(a.id, "closed");
    expect(closed.moves.sign).toBe(false);
    expect(closed.moves.withdraw).toBe(false);
    await show(a.id, closed.moves.sign, !closed.moves.editable, closed.moves.withdraw);
    expect(screen.getByTestId("sign-hint").textContent).toBe("Đợt đánh giá đã đóng; không ký thêm được.");
    expect(screen.queryByTestId("sign-leader")).toBeNull();
    expect(screen.queryByTestId("withdraw-leader")).toBeNull();
    expect(screen.getByTestId("signature-typed").textContent).toBe("Trần Thị Mai");
  });

  it("withdraws a signature after a confirmation; Rust records who withdrew it and when", async () => {
    const a = await completed();
    expect(a.moves.withdraw).toBe(true);
    await backend().signAssessment(a.id, { role: "leader", name: "Trần Thị Mai", position: "", drawing: null });
    await backend().signAssessment(a.id, { role: "representative", name: "Nguyễn Văn Hải", position: "", drawing: null });
    await show(a.id, a.moves.sign, false, a.moves.withdraw);

    // "Hủy chữ ký" first asks; "Giữ lại" keeps the signature.
    await fireEvent.click(screen.getByTestId("withdraw-leader"));
    expect(screen.getByTestId("withdraw-confirm").textContent).toContain(
      "Hủy chữ ký của Trần Thị Mai? Chữ ký sẽ không còn in trên báo cáo và biên bản",
    );
    await fireEvent.click(screen.getByTestId("withdraw-no"));
    expect(screen.queryByTestId("withdraw-confirm")).toBeNull();
    expect((await backend().assessmentSignatures(a.id)).map((s) => s.role)).toEqual(["leader", "representative"]);

    // Confirmed: the leader's slot is empty again, says what happened, and the other stays.
    await fireEvent.click(screen.getByTestId("withdraw-leader"));
    await fireEvent.click(screen.getByTestId("withdraw-yes"));
    await settle();
    expect(screen.getByTestId("signature-leader").dataset.signed).toBe("no");
    expect(screen.getByTestId("signature-withdrawn").textContent).toMatch(
      /^Đã hủy chữ ký của Trần Thị Mai lúc \d\d\/\d\d\/\d{4} \d\d:\d\d\.$/,
    );
    expect(screen.getByTestId("signature-representative").dataset.signed).toBe("yes");
    expect((await backend().assessmentSignatures(a.id)).map((s) => s.role)).toEqual(["representative"]);

    // Withdrawing again is refused by the backend in Vietnamese: nothing to withdraw.
    await expect(backend().withdrawSignature(a.id, "leader")).rejects.toThrow(/Chưa có chữ ký của trưởng đoàn kiểm tra để hủy/);

    i18n.lang = "en";
    await settle();
    expect(screen.getByTestId("withdraw-representative").textContent).toBe("Withdraw signature");
  });
});
