// Next year's direction on the real Rust backend: drafted from the plan's open tasks while
// nothing is written, saved as typed, and brought back to the draft when cleared.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import DirectionBox from "./DirectionBox.svelte";
import type { PlanDirection, PlanView } from "../../lib/backend";
import { settle } from "../../test/dom";
import { useRustBackend } from "../../test/rust";

const backend = useRustBackend({ empty: true });

afterEach(() => cleanup());

describe("Phương hướng, nhiệm vụ năm sau", () => {
  it("is drafted from the open tasks, saved as written and cleared back to the draft", async () => {
    const b = backend();
    const plan = b.run<PlanView>("create_plan", { request: { year: 2026, template: "qd100-yearly", number: "69/KH-UBND" } });
    for (const task of plan.tasks.filter((x) => x.code !== "2.2")) {
      b.run("set_plan_task", { planId: plan.id, code: task.code, status: "done", progress: 100 });
    }
    const t22 = plan.tasks.find((x) => x.code === "2.2")!;

    render(DirectionBox, { planId: plan.id });
    await settle();
    expect(screen.getByText("Phương hướng, nhiệm vụ năm 2027")).toBeTruthy();
    const box = screen.getByTestId("direction-text") as HTMLTextAreaElement;
    expect(box.value).toBe(`Tiếp tục thực hiện nhiệm vụ 2.2 ${t22.title} (chủ trì: ${t22.lead}; tiến độ 0 %).`);
    expect(screen.getByTestId("direction-draft").textContent).toContain("Bản nháp từ các nhiệm vụ chưa hoàn thành");

    await fireEvent.input(box, { target: { value: "Nhân rộng mô hình cho 5 hợp tác xã." } });
    await fireEvent.click(screen.getByTestId("direction-save"));
    await settle();
    expect(screen.getByTestId("direction-done").textContent).toBe("Đã lưu phương hướng.");
    expect(screen.queryByTestId("direction-draft")).toBeNull();
    const stored = b.run<PlanDirection>("get_plan_direction", { planId: plan.id });
    expect(stored).toEqual({ plan_id: plan.id, year: 2026, text: "Nhân rộng mô hình cho 5 hợp tác xã.", prefilled: false });

    await fireEvent.input(box, { target: { value: "   " } });
    await fireEvent.click(screen.getByTestId("direction-save"));
    await settle();
    expect(box.value).toContain("Tiếp tục thực hiện nhiệm vụ 2.2");
    expect(b.run<PlanDirection>("get_plan_direction", { planId: plan.id }).prefilled).toBe(true);
  });
});
