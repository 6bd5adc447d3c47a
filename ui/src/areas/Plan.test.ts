// The Kế hoạch area on the real Rust backend: a plan made from the Decision 100 template shows
// its six lines and 370,000,000 đồng; spending is recorded (a bad amount refused by Rust with
// nothing recorded, an overspent line warned); activities are added; the returns board shows
// the agencies, the 15 December deadline and who is overdue.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Plan from "./Plan.svelte";
import { setBackend, type PlanView } from "../lib/backend";
import { settle, type } from "../test/dom";
import { removeBackend, rustBackend, useRustBackend, type RustBackend } from "../test/rust";

const backend = useRustBackend({ empty: true });

afterEach(() => cleanup());

function yearly(b: RustBackend): PlanView {
  return b.run<PlanView>("create_plan", {
    request: { year: 2026, template: "qd100-yearly", number: "69/KH-UBND", date: "2026-04-07", issuing_body: "", title: "" },
  });
}

const line = (code: string) => screen.getAllByTestId("budget-line").find((r) => r.dataset.code === code)!;

describe("Kế hoạch", () => {
  it("starts empty and creates the year's plan with the template's six lines and total", async () => {
    render(Plan);
    await settle();
    expect(screen.getByText("Chưa có kế hoạch nào")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("new-plan"));
    await type(screen.getByTestId("plan-year"), "2026");
    await type(screen.getByTestId("plan-number"), "69/KH-UBND");
    await type(screen.getByTestId("plan-date"), "07/04/2026");
    await fireEvent.click(screen.getByTestId("plan-create"));
    await settle();
    const rows = screen.getAllByTestId("budget-line");
    expect(rows.map((r) => [r.dataset.code, within(r).getByTestId("line-estimate").textContent])).toEqual([
      ["1.1", "50.000.000"],
      ["1.2", "25.000.000"],
      ["1.3", "35.000.000"],
      ["2.1", "70.000.000"],
      ["2.2", "130.000.000"],
      ["2.3", "60.000.000"],
    ]);
    expect(screen.getByTestId("total-estimate").textContent).toBe("370.000.000");
    expect(screen.getByTestId("total-words").textContent).toContain("ba trăm bảy mươi triệu đồng");
    expect(screen.getByTestId("plan-head").textContent).toContain("Số 69/KH-UBND");
    expect(screen.getByTestId("plan-head").textContent).toContain("07/04/2026");
    expect(screen.getAllByTestId("task-row")).toHaveLength(9);
  });

  it("records spending: a bad amount is refused by Rust, an overspent line is warned", async () => {
    const b = backend();
    const p = yearly(b);
    render(Plan);
    await settle();
    await type(screen.getByTestId("spend-amount"), "-5000");
    await type(screen.getByTestId("spend-date"), "10/05/2026");
    await fireEvent.click(screen.getByTestId("spend-save"));
    await settle();
    expect(screen.getByTestId("spend-error").textContent).toContain("số tiền phải lớn hơn 0");
    expect((await b.getPlan(p.id)).total_spent_vnd).toBe(0);

    await type(screen.getByTestId("spend-amount"), "12.500.000");
    await type(screen.getByTestId("spend-ref"), "PC-015/2026");
    await fireEvent.click(screen.getByTestId("spend-save"));
    await settle();
    expect(screen.getByTestId("spend-done").textContent).toBe("Đã ghi 12.500.000 đồng vào dòng 1.1.");
    expect(within(line("1.1")).getByTestId("line-spent").textContent).toBe("12.500.000");
    expect(within(line("1.1")).getByTestId("line-remaining").textContent).toBe("37.500.000");
    expect((within(line("1.1")).getByTestId("line-bar") as HTMLProgressElement).value).toBe(25);
    expect(screen.getByTestId("spending-list").textContent).toContain("PC-015/2026");

    await fireEvent.change(screen.getByTestId("spend-line"), { target: { value: "1.2" } });
    await type(screen.getByTestId("spend-amount"), "30000000");
    await fireEvent.click(screen.getByTestId("spend-save"));
    await settle();
    expect(screen.getByTestId("spend-warning").textContent).toContain("vượt dự toán 25.000.000 đồng là 5.000.000 đồng");
    expect(within(line("1.2")).getByTestId("line-remaining").textContent).toBe("-5.000.000");
    expect(line("1.2").textContent).toContain("Vượt dự toán");
    expect(screen.getByTestId("total-spent").textContent).toBe("42.500.000");
  });

  it("adds an activity on a line and counts its participants", async () => {
    const b = backend();
    const p = yearly(b);
    render(Plan);
    await settle();
    await type(screen.getByTestId("activity-title"), "Tập huấn truy xuất nguồn gốc tôm");
    await type(screen.getByTestId("activity-date"), "12/06/2026");
    await type(screen.getByTestId("activity-participants"), "60");
    await fireEvent.change(screen.getByTestId("activity-line"), { target: { value: "1.1" } });
    await fireEvent.click(screen.getByTestId("activity-save"));
    await settle();
    expect(screen.getByTestId("activity-list").textContent).toContain("Tập huấn truy xuất nguồn gốc tôm");
    expect(screen.getByTestId("activity-count").textContent).toBe("1 hoạt động, 60 người tham dự");
    const task = screen.getAllByTestId("task-row").find((r) => r.textContent?.startsWith("1.1"))!;
    expect(task.textContent).toContain("1 hoạt động, 60 người tham dự");
    expect((await b.getPlan(p.id)).activities[0].participants_total).toBe(60);
  });

  it("shows the returns board, writes the forms and names a refused import", async () => {
    const b = backend();
    yearly(b);
    render(Plan);
    await settle();
    const board = screen.getByTestId("returns-board");
    expect(board.textContent).toContain("Hạn gửi 15/12/2026");
    expect(screen.getByTestId("returns-count").textContent).toBe("Đã nhận 0/7");
    expect(screen.getAllByTestId("return-row")).toHaveLength(7);
    expect(screen.getAllByTestId("return-state")[0].textContent?.trim()).toBe("Chưa gửi");

    await fireEvent.click(screen.getByTestId("returns-write"));
    await settle();
    const dir = join(b.dir, "bieu-mau-bao-cao-2026");
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith(".xlsx"))).toHaveLength(7);
    expect(screen.getByTestId("returns-done").textContent).toContain("Đã ghi 7 biểu mẫu");

    const junk = join(b.dir, "khong-phai.xlsx");
    writeFileSync(junk, "không phải bảng tính");
    b.dialogs.open = junk;
    await fireEvent.click(screen.getByTestId("returns-import"));
    await settle();
    expect(screen.getByTestId("returns-error").textContent).toContain("không phải bảng tính .xlsx");
    expect(screen.getByTestId("returns-count").textContent).toBe("Đã nhận 0/7");
  });

  it("follows a task's status in the direction's draft; text being written is kept", async () => {
    const b = backend();
    const p = yearly(b);
    for (const task of p.tasks.filter((x) => !["2.2", "2.3"].includes(x.code))) {
      b.run("set_plan_task", { planId: p.id, code: task.code, status: "done", progress: 100 });
    }
    render(Plan);
    await settle();
    const box = screen.getByTestId("direction-text") as HTMLTextAreaElement;
    expect(box.value).toContain("nhiệm vụ 2.2");
    expect(box.value).toContain("nhiệm vụ 2.3");
    const status = (code: string) =>
      within(screen.getAllByTestId("task-row").find((r) => r.textContent?.startsWith(code))!).getByTestId("task-status") as HTMLSelectElement;
    expect(status("2.2").value).toBe("not_started");

    // 2.2 done in the task table: Rust records it, the draft drops it at once.
    await fireEvent.change(status("2.2"), { target: { value: "done" } });
    await settle();
    expect(b.run<PlanView>("get_plan", { planId: p.id }).tasks.find((x) => x.code === "2.2")).toMatchObject({ status: "done", progress: 100 });
    expect(status("2.2").value).toBe("done");
    expect(box.value).not.toContain("nhiệm vụ 2.2");
    expect(box.value).toContain("nhiệm vụ 2.3");

    // 2.3 done too: nothing open, the box says so.
    await fireEvent.change(status("2.3"), { target: { value: "done" } });
    await settle();
    expect(box.value).toBe("");
    expect(screen.getByTestId("direction-draft").textContent).toContain("Mọi nhiệm vụ đã hoàn thành");

    // What the user is writing is not replaced when a task moves back.
    await fireEvent.input(box, { target: { value: "Nhân rộng mô hình." } });
    await fireEvent.change(status("2.3"), { target: { value: "in_progress" } });
    await settle();
    expect(box.value).toBe("Nhân rộng mô hình.");
    expect(b.run<PlanView>("get_plan", { planId: p.id }).tasks.find((x) => x.code === "2.3")!.status).toBe("in_progress");
  });

  it("says who is overdue once 15 December has passed", async () => {
    const late = rustBackend({ empty: true, now: "2026-12-20T09:00:00+07:00" });
    try {
      yearly(late);
      setBackend(late);
      render(Plan);
      await settle();
      expect(screen.getAllByTestId("return-state")[0].textContent?.trim()).toBe("Quá hạn, chưa gửi");
    } finally {
      removeBackend(late);
    }
  });
});
