import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/svelte";
import VerdictPanel from "./VerdictPanel.svelte";
import { i18n } from "../../lib/i18n/index.svelte";
import { settle } from "../../test/dom";
import { useRustBackend } from "../../test/rust";
import { finishAssessment, incompleteAssessment } from "../../test/verification";

/** Each test runs the real `sotay` a dozen times or more: room for a busy machine. */
const SLOW = 30_000;

const backend = useRustBackend();

async function show(assessmentId: string) {
  render(VerdictPanel, { assessmentId });
  await settle();
}

describe("the verdict panel", { timeout: SLOW }, () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(() => cleanup());

  it("says there is not enough data, lists what is missing and marks the provisional verdict as provisional", async () => {
    // The five critical items passed and one backward test with minor findings: 40 items and
    // the forward direction missing.
    const a = await incompleteAssessment(backend());
    await show(a.id);
    const label = screen.getByTestId("verdict-label");
    expect(label.textContent).toBe("Chưa đủ dữ liệu để kết luận");
    expect(label.dataset.verdict).toBe("incomplete");
    // No green or red verdict at full size: the only verdict badge is the small provisional one.
    expect(document.querySelector(".verdict.large")).toBeNull();
    const missing = screen.getByTestId("verdict-missing");
    expect(missing.querySelector("[data-testid=missing-items]")?.textContent).toContain("40 mục chưa có kết quả: S1.1, S1.2");
    expect(missing.querySelector("[data-testid=missing-items]")?.textContent).toContain("S8.6, S9.2");
    expect(missing.querySelector("[data-testid=missing-items]")?.textContent).not.toContain("forward");
    expect(missing.querySelector("[data-testid=missing-forward]")?.textContent).toBe("chưa có truy xuất xuôi");
    expect(missing.querySelector("[data-testid=missing-backward]")).toBeNull();
    const provisional = screen.getByTestId("verdict-provisional");
    expect(provisional.textContent).toContain("Tạm thời");
    expect(provisional.textContent).toContain("Kết luận tạm thời (nếu các mục còn thiếu đều đạt):");
    expect(screen.getByTestId("verdict-provisional-label").dataset.verdict).toBe("effective_with_corrective_actions");
    expect(provisional.textContent).toContain("điểm 97,67");
    expect(screen.getByTestId("verdict-score").textContent).toBe("88,89");
    expect(screen.getByTestId("verdict-reasons").textContent).toContain("Chưa đủ dữ liệu để kết luận: còn 40 mục");
    expect(screen.getAllByTestId("section-score")).toHaveLength(9);

    i18n.lang = "en";
    await settle();
    expect(screen.getByTestId("verdict-label").textContent).toBe("Not enough data for a verdict");
    expect(screen.getByTestId("missing-forward").textContent).toBe("no forward trace test");
    expect(screen.getByTestId("verdict-reasons").textContent).toContain("Not enough data for a verdict: 40 items have no result");
  });

  it("shows a final verdict at full size with the assessment's frozen thresholds", async () => {
    // The assessment freezes the workspace's rules of its start (effective from 90)…
    const rules = await backend().workspaceRules();
    await backend().setWorkspaceRules({ ...rules, effective_score: 90 });
    const a = await incompleteAssessment(backend());
    // …and keeps them when the workspace's change later.
    await backend().resetWorkspaceRules();
    // Every item answered (S2.9 MINOR) and a forward test: final, pending its corrective actions.
    await finishAssessment(backend(), a.id);
    await show(a.id);
    expect(screen.queryByTestId("verdict-incomplete")).toBeNull();
    expect(screen.queryByTestId("verdict-provisional")).toBeNull();
    const label = screen.getByTestId("verdict-label");
    expect(label.classList.contains("large")).toBe(true);
    expect(label.textContent).toContain("Hiệu lực, cần khắc phục");
    expect(screen.getByTestId("verdict-pending").textContent).toContain("Đang chờ");
    expect(screen.getByTestId("verdict-score").textContent).toBe("97,29");
    expect(screen.getByTestId("verdict-thresholds").textContent).toContain("hiệu lực khi điểm ≥ 90; không hiệu lực khi điểm < 65");
  });
});
