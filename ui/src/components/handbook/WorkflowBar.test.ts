import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import WorkflowBar from "./WorkflowBar.svelte";
import { setBackend, type HandbookStatus, type HandbookSummary } from "../../lib/backend";
import { memoryBackend } from "../../lib/backend/memory";
import { handbook, pilots, templates } from "../../test/fixtures";

const summary = (status: HandbookStatus): HandbookSummary => ({ ...handbook.summary, status });

async function settle() {
  for (let i = 0; i < 4; i++) {
    await tick();
    await new Promise((r) => setTimeout(r, 0));
  }
}

describe("workflow buttons", () => {
  afterEach(() => cleanup());

  it.each([
    ["draft", ["Gửi góp ý"]],
    ["review", ["Duyệt", "Trả về dự thảo"]],
    ["approved", ["Phát hành", "Mở lại thành phiên bản mới"]],
    ["published", ["Mở lại thành phiên bản mới"]],
  ] as const)("offers the moves the workflow allows from %s", (status, labels) => {
    render(WorkflowBar, { summary: summary(status), beforechange: async () => {}, onchange: () => {} });
    expect(screen.getAllByRole("button").map((b) => b.textContent?.trim())).toEqual(labels);
  });

  it("moves the handbook and shows the backend's refusal when approval finds errors", async () => {
    // The fixture's second chapter uses an undefined variable: approval must be refused.
    const b = memoryBackend({ handbooks: [handbook], templates, pilots });
    setBackend(b);
    const onchange = vi.fn();
    const beforechange = vi.fn(async () => {});
    const { rerender } = render(WorkflowBar, { summary: summary("draft"), beforechange, onchange });
    await fireEvent.click(screen.getByTestId("workflow-review"));
    await settle();
    expect(beforechange).toHaveBeenCalled();
    expect(onchange).toHaveBeenCalledWith(expect.objectContaining({ status: "review" }));

    await rerender({ summary: summary("review"), beforechange, onchange });
    await fireEvent.click(screen.getByTestId("workflow-approved"));
    await settle();
    expect(screen.getByTestId("workflow-error").textContent).toContain("Chưa thể duyệt");
    expect(onchange).toHaveBeenCalledTimes(1);
  });
});
