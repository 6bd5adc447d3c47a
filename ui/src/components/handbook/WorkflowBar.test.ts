import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import WorkflowBar from "./WorkflowBar.svelte";
import { setBackend, type HandbookSummary } from "../../lib/backend";
import { i18n } from "../../lib/i18n/index.svelte";
import { breakChapter, chapterOf, moveTo, sampleHandbook } from "../../test/authoring";
import { settle, type } from "../../test/dom";
import { removeBackend, rustBackend, type RustBackend } from "../../test/rust";

let b: RustBackend | null = null;
function backend(): RustBackend {
  b = rustBackend();
  setBackend(b);
  return b;
}

// Each test runs the real backend many times: allow for a busy machine.
describe("workflow buttons", { timeout: 60_000 }, () => {
  afterEach(() => {
    cleanup();
    if (b) removeBackend(b);
    b = null;
  });

  it.each([
    ["draft", ["Gửi duyệt"]],
    ["review", ["Duyệt", "Trả về dự thảo"]],
    ["approved", ["Phát hành", "Mở lại thành phiên bản mới"]],
    ["published", ["Mở lại thành phiên bản mới"]],
  ] as const)("offers the moves the workflow allows from %s", async (status, labels) => {
    i18n.lang = "vi";
    const summary = await moveTo(backend(), status);
    expect(summary.status).toBe(status);
    render(WorkflowBar, { summary, beforechange: async () => {}, onchange: () => {} });
    await settle();
    expect(screen.getAllByRole("button").map((e) => e.textContent?.trim())).toEqual(labels);
  });

  it("moves the handbook and shows the backend's refusal when approval finds errors", async () => {
    i18n.lang = "vi";
    const b = backend();
    // A chapter that uses an undefined variable: Rust's check has an error, approval is refused.
    await breakChapter(b);
    const summary = await moveTo(b, "draft");
    const onchange = vi.fn<(s: HandbookSummary) => void>();
    const beforechange = vi.fn(async () => {});
    const { rerender } = render(WorkflowBar, { summary, beforechange, onchange });
    await settle();
    await fireEvent.click(screen.getByRole("button", { name: "Gửi duyệt" }));
    await settle();
    expect(beforechange).toHaveBeenCalled();
    expect(onchange).toHaveBeenCalledWith(expect.objectContaining({ id: summary.id, status: "review" }));
    expect(b.calls.filter((c) => c.command === "set_status").at(-1)?.args).toMatchObject({ handbookId: summary.id, status: "review" });

    const chapters = (await b.openHandbook(summary.id)).chapters;
    await rerender({ summary: onchange.mock.calls[0][0], chapters, beforechange, onchange });
    await settle();
    await fireEvent.click(screen.getByRole("button", { name: "Duyệt" }));
    await settle();
    expect(screen.getByTestId("workflow-error").textContent).toContain("Chưa thể duyệt: kiểm tra sổ tay còn 1 lỗi");
    // The refusal's typed details name the error, where it is: the broken chapter, by its title.
    const reasons = screen.getByTestId("workflow-reasons").querySelectorAll("li");
    expect(reasons).toHaveLength(1);
    expect(reasons[0].textContent).toMatch(/^Chương “[^”]+”, dòng \d+, cột \d+: /);
    expect(onchange).toHaveBeenCalledTimes(1);
    expect((await b.listHandbooks())[0].status).toBe("review");
  });
  it("asks the author for a reason to approve her own draft while a comment is open, and records it", async () => {
    i18n.lang = "vi";
    const b = backend();
    // Hoa edits a chapter (she is an author of the draft); Nam comments on it.
    await b.setUserName("Nguyễn Thị Hoa");
    const view = await sampleHandbook(b);
    const c = chapterOf(view, "gioi-thieu");
    await b.saveChapter(view.summary.id, c.id, `${c.source}\nThêm một câu.\n`, "");
    await b.setUserName("Trần Văn Nam");
    await b.addComment(view.summary.id, c.id, "Nêu rõ căn cứ pháp lý.");
    await b.setUserName("Nguyễn Thị Hoa");
    const summary = await moveTo(b, "review");
    const onchange = vi.fn<(s: HandbookSummary) => void>();
    render(WorkflowBar, { summary, beforechange: async () => {}, onchange });
    await settle();
    await fireEvent.click(screen.getByRole("button", { name: "Duyệt" }));
    await settle();
    // Rust refused with `reason_required`: the window asks, it does not show an error.
    const dialog = screen.getByTestId("reason-dialog");
    expect(dialog.textContent).toContain("còn 1 góp ý chưa xử lý");
    expect(screen.queryByTestId("workflow-error")).toBeNull();
    expect(onchange).not.toHaveBeenCalled();
    // A blank reason is not sent.
    const calls = b.calls.length;
    await fireEvent.click(screen.getByTestId("reason-submit"));
    await settle();
    expect(screen.getByTestId("reason-error").textContent).toBe("Hãy ghi lý do.");
    expect(b.calls.length).toBe(calls);
    await type(screen.getByTestId("reason-text"), "Đã thống nhất với người góp ý qua điện thoại.");
    await fireEvent.click(screen.getByTestId("reason-submit"));
    await settle();
    expect(onchange).toHaveBeenCalledWith(expect.objectContaining({ status: "approved" }));
    expect(screen.queryByTestId("reason-dialog")).toBeNull();
    const last = (await b.statusHistory(summary.id)).at(-1);
    expect(last).toMatchObject({ to: "approved", by: "Nguyễn Thị Hoa", reason: "Đã thống nhất với người góp ý qua điện thoại." });
  });
});
