import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import Assessment from "./Assessment.svelte";
import { setBackend, type Verdict } from "../lib/backend";
import { memoryBackend } from "../lib/backend/memory";
import { i18n } from "../lib/i18n/index.svelte";
import { settle } from "../test/dom";
import { checklist, handbook, pilots, templates } from "../test/fixtures";
import { defaultRules, finalVerdict, incompleteVerdict } from "../test/rust-results";

describe("completing an assessment", () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(() => cleanup());

  it("is disabled while the verdict is incomplete, with what is missing next to the button", async () => {
    let verdict: Verdict = incompleteVerdict;
    const b = memoryBackend({ handbooks: [handbook], templates, pilots, checklist, rules: defaultRules, engine: { verdict: () => verdict } });
    setBackend(b);
    const a = await b.newAssessment("p1", handbook.summary.id, "2026-11-20", "", []);
    await b.setAssessmentStatus(a.id, "in_progress");
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
    verdict = finalVerdict;
    cleanup();
    render(Assessment, { id: a.id, tab: "verdict" });
    await settle();
    const enabled = screen.getByTestId("assessment-completed") as HTMLButtonElement;
    expect(enabled.disabled).toBe(false);
    expect(screen.queryByTestId("complete-blocked")).toBeNull();
    await fireEvent.click(enabled);
    await settle();
    expect(screen.getByTestId("assessment-status").textContent).toBe("Đã hoàn thành");
  });
});
