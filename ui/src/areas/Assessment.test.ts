import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import Assessment from "./Assessment.svelte";
import { setBackend } from "../lib/backend";
import { i18n } from "../lib/i18n/index.svelte";
import { settle } from "../test/dom";
import { removeBackend, rustBackend, type RustBackend } from "../test/rust";
import { finishAssessment, incompleteAssessment } from "../test/verification";

/** Each test runs the real `sotay` a dozen times or more: room for a busy machine. */
const SLOW = 30_000;

let b: RustBackend | null = null;

describe("completing an assessment", { timeout: SLOW }, () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(() => {
    cleanup();
    if (b) removeBackend(b);
    b = null;
  });

  it("is disabled while the verdict is incomplete, with what is missing next to the button", async () => {
    b = rustBackend();
    setBackend(b);
    // 40 items without a result and no forward trace test yet.
    const a = await incompleteAssessment(b, "");
    // Its first answer started it.
    expect((await b.listAssessments(null)).find((x) => x.id === a.id)?.status).toBe("in_progress");
    render(Assessment, { id: a.id, tab: "findings" });
    await settle();

    const complete = screen.getByTestId("assessment-completed") as HTMLButtonElement;
    expect(complete.disabled).toBe(true);
    expect(complete.getAttribute("aria-describedby")).toBe("complete-blocked");
    const blocked = document.getElementById("complete-blocked")!;
    expect(blocked.textContent).toContain("Chưa thể hoàn thành đánh giá — chưa đủ dữ liệu để kết luận");
    expect(blocked.textContent).toContain("40 mục chưa có kết quả: S1.1, S1.2, S1.3");
    expect(blocked.textContent).toContain("chưa có truy xuất xuôi");

    // Once the verdict is final (the rest answered, the other direction traced), it completes.
    await finishAssessment(b, a.id);
    cleanup();
    render(Assessment, { id: a.id, tab: "verdict" });
    await settle();
    const enabled = screen.getByTestId("assessment-completed") as HTMLButtonElement;
    expect(enabled.disabled).toBe(false);
    expect(screen.queryByTestId("complete-blocked")).toBeNull();
    await fireEvent.click(enabled);
    await settle();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByTestId("assessment-status").textContent).toBe("Đã hoàn thành");
    expect((await b.listAssessments(null)).find((x) => x.id === a.id)?.status).toBe("completed");
  });
});
