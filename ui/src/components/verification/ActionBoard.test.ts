import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { tick } from "svelte";
import ActionBoard from "./ActionBoard.svelte";
import { setBackend } from "../../lib/backend";
import { i18n } from "../../lib/i18n/index.svelte";
import { removeBackend, rustBackend, type RustBackend } from "../../test/rust";
import { sampleAssessment } from "../../test/trace";

async function settle() {
  for (let i = 0; i < 6; i++) {
    await tick();
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** Each backend call runs the `sotay` process: a test makes dozens of them. */
const SLOW = 30_000;

let b: RustBackend | null = null;

/** An assessment of 1 October 2026 (the backend's today is 1 December 2026) that froze a MINOR
 *  due time of 60 days, with S2.9 answered MINOR and S1.2 MAJOR. */
async function open() {
  b = rustBackend();
  setBackend(b);
  await b.setUserName("Lê Văn Kiểm");
  const a = await sampleAssessment(b, "2026-10-01", { rules: { minor_due_days: 60 } });
  await b.answerItem(a.id, "S2.9", "minor", "", "");
  await b.answerItem(a.id, "S1.2", "major", "", "");
  render(ActionBoard, { assessmentId: a.id });
  await settle();
  return { b, a };
}

async function addAction(finding: HTMLElement, owner: string, description: string) {
  await fireEvent.click(within(finding).getByTestId("add-action"));
  await fireEvent.input(within(finding).getByTestId("action-owner"), { target: { value: owner } });
  await fireEvent.input(within(finding).getByTestId("action-description"), { target: { value: description } });
  await fireEvent.click(within(finding).getByTestId("action-save"));
  await settle();
}

describe("the findings and actions board", { timeout: SLOW }, () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(() => {
    cleanup();
    if (b) removeBackend(b);
    b = null;
  });

  it("lists findings by severity and says the verdict waits for their actions", async () => {
    await open();
    const findings = screen.getAllByTestId("finding");
    expect(findings.map((f) => f.dataset.item)).toEqual(["S1.2", "S2.9"]);
    expect(findings[0].textContent).toContain("Phạm vi nêu rõ sản phẩm, quy cách, địa điểm và các công đoạn");
    expect(screen.getByTestId("findings-summary").textContent).toContain("2 phát hiện: 1 lỗi nặng, 1 lỗi nhẹ");
    expect(screen.getByTestId("findings-pending").textContent).toContain("2 phát hiện chưa có hành động khắc phục");
  });

  it("leaves the due date to the assessment's frozen rules and highlights an overdue action in words and colour", async () => {
    const { b } = await open();
    const [major] = screen.getAllByTestId("finding");
    await fireEvent.click(within(major).getByTestId("add-action"));
    // Empty: the backend gives the default of the rules the assessment froze (here MINOR: 60 days).
    expect((within(major).getByTestId("action-due") as HTMLInputElement).value).toBe("");
    expect(within(major).getByTestId("action-due-help").textContent).toContain("hạn 30 ngày sau ngày đánh giá (lỗi nặng");
    await fireEvent.click(within(major).getByTestId("action-save"));
    await settle();
    expect(within(major).getByTestId("action-error").textContent).toBe("Cần người phụ trách.");
    expect(b.calls.some((c) => c.command === "add_action")).toBe(false);
    await fireEvent.input(within(major).getByTestId("action-owner"), { target: { value: "Nguyễn Thị Mỹ Linh" } });
    await fireEvent.input(within(major).getByTestId("action-description"), { target: { value: "Bổ sung công đoạn sơ chế vào phạm vi" } });
    await fireEvent.click(within(major).getByTestId("action-save"));
    await settle();
    expect(b.calls.find((c) => c.command === "add_action")?.args).toMatchObject({ owner: "Nguyễn Thị Mỹ Linh", due: null });

    const [row] = screen.getAllByTestId("action-row");
    expect(row.classList.contains("overdue")).toBe(true);
    expect(within(row).getByTestId("overdue").textContent).toContain("Quá hạn");
    expect(row.textContent).toContain("31/10/2026");
    expect(screen.getByTestId("findings-summary").textContent).toContain("1 quá hạn");

    const minorFinding = screen.getAllByTestId("finding")[1];
    await fireEvent.click(within(minorFinding).getByTestId("add-action"));
    expect(within(minorFinding).getByTestId("action-due-help").textContent).toContain("hạn 60 ngày sau ngày đánh giá (lỗi nhẹ");
    await fireEvent.input(within(minorFinding).getByTestId("action-owner"), { target: { value: "Võ Minh Tâm" } });
    await fireEvent.input(within(minorFinding).getByTestId("action-due"), { target: { value: "31/13/2026" } });
    await fireEvent.click(within(minorFinding).getByTestId("action-save"));
    await settle();
    expect(within(minorFinding).getByTestId("action-error").textContent).toContain("nn/tt/nnnn");
    await fireEvent.input(within(minorFinding).getByTestId("action-due"), { target: { value: "" } });
    await fireEvent.click(within(minorFinding).getByTestId("action-save"));
    await settle();
    expect(screen.getAllByTestId("action-row")[1].textContent).toContain("30/11/2026");
  });

  it("moves an action through its states; a done action is no longer overdue", async () => {
    const { b, a } = await open();
    await addAction(screen.getAllByTestId("finding")[0], "Võ Minh Tâm", "Viết lại mục phạm vi");
    let row = screen.getAllByTestId("action-row")[0];
    expect(within(row).getByTestId("action-status").textContent).toBe("Chưa thực hiện");
    expect(within(row).queryByTestId("move-verified")).toBeNull();
    await fireEvent.click(within(row).getByTestId("move-in_progress"));
    await settle();
    row = screen.getAllByTestId("action-row")[0];
    expect(within(row).getByTestId("action-status").textContent).toBe("Đang thực hiện");
    expect(within(row).getByTestId("overdue")).toBeTruthy();
    await fireEvent.click(within(row).getByTestId("move-done"));
    await settle();
    row = screen.getAllByTestId("action-row")[0];
    expect(within(row).getByTestId("action-status").textContent).toBe("Đã thực hiện");
    expect(within(row).queryByTestId("overdue")).toBeNull();
    await fireEvent.click(within(row).getByTestId("move-verified"));
    await settle();
    row = screen.getAllByTestId("action-row")[0];
    expect(within(row).getByTestId("action-status").textContent).toBe("Đã xác nhận");
    expect(row.textContent).toContain("Xác nhận: Lê Văn Kiểm");
    const f = (await b.findings(a.id)).find((x) => x.item_id === "S1.2")!;
    expect(f.actions[0].status).toBe("verified");
  });
});
