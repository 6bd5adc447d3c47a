// An activity's attendance list and evidence on the real Rust backend: the list is read and
// checked by Rust (a bad row refused whole, named by row and column), the participants by
// kind are counted from it, and files attach as evidence.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import ActivityItem from "./ActivityItem.svelte";
import type { Activity, PlanView } from "../../lib/backend";
import { settle } from "../../test/dom";
import { useRustBackend } from "../../test/rust";

const backend = useRustBackend();

afterEach(() => cleanup());

const LIST =
  "STT;Họ và tên;Đơn vị;Đối tượng;Điện thoại\n" +
  "1;Nguyễn Văn An;Công ty TNHH Tôm Việt;Doanh nghiệp;0912345678\n" +
  "2;Trần Thị Bình;HTX Thủy sản Tân Phú;Hợp tác xã;\n" +
  "3;Lê Văn Cường;Sở Khoa học và Công nghệ;Cán bộ;\n" +
  "4;Phạm Thị Dung;Công ty CP Rạch Giá;DN;\n";

describe("Hoạt động: danh sách đại biểu và minh chứng", () => {
  it("imports a list, counts the participants by kind, refuses a bad row and attaches files", async () => {
    const b = backend();
    const plan = b.run<PlanView>("create_plan", { request: { year: 2026, template: "qd100-yearly" } });
    const added = b.run<Activity>("add_activity", {
      planId: plan.id,
      input: {
        kind: "training",
        date: "2026-06-12",
        title: "Tập huấn truy xuất nguồn gốc tôm",
        place: "Rạch Giá",
        organiser: "Sở Khoa học và Công nghệ",
        audience: "Doanh nghiệp, hợp tác xã nuôi tôm",
        materials: "Sổ tay",
        participants: 60,
        enterprises: 0,
        cooperatives: 0,
        officials: 0,
        line: "1.1",
      },
    });
    let changed = 0;
    const { rerender } = render(ActivityItem, { planId: plan.id, activity: added, onchanged: () => changed++ });
    expect(screen.getByTestId("activity-item").textContent).toContain("60 người");
    expect(screen.getByTestId("activity-item").textContent).toContain("dành cho Doanh nghiệp, hợp tác xã nuôi tôm");

    const list = new File([new TextEncoder().encode(LIST)], "đại biểu.csv", { type: "text/csv" });
    await fireEvent.change(screen.getByTestId("activity-attendance"), { target: { files: [list] } });
    await settle();
    expect(screen.getByTestId("activity-item-done").textContent).toBe("Đã nhập danh sách 4 người tham dự.");
    expect(changed).toBe(1);
    let now = (await b.getPlan(plan.id)).activities[0];
    expect(now.participants).toEqual({ enterprises: 2, cooperatives: 1, officials: 1, others: 0 });
    await rerender({ planId: plan.id, activity: now, onchanged: () => changed++ });
    expect(screen.getByTestId("activity-by-kind").textContent).toContain("2 doanh nghiệp, 1 hợp tác xã, 1 cán bộ");
    expect(screen.getByTestId("activity-item").textContent).toContain("4 người");
    expect(screen.getAllByTestId("evidence-file").map((f) => f.querySelector(".name")?.textContent)).toEqual(["đại biểu.csv"]);

    // A row with an unknown kind: refused whole, the row and column named in Vietnamese.
    const bad = new File([new TextEncoder().encode(LIST + "5;Võ Văn Em;Trường Đại học;sinh viên;\n")], "ds.csv");
    await fireEvent.change(screen.getByTestId("activity-attendance"), { target: { files: [bad] } });
    await settle();
    expect(screen.getByTestId("activity-item-error").textContent).toContain(
      "dòng 6, cột “Đối tượng”: đối tượng “sinh viên” không hợp lệ",
    );
    expect((await b.getPlan(plan.id)).activities[0].participants_total).toBe(4);

    // A document attaches as evidence.
    const pdf = new File([new TextEncoder().encode("%PDF-1.7 giấy mời")], "giấy mời.pdf", { type: "application/pdf" });
    await fireEvent.change(screen.getByTestId("activity-attach"), { target: { files: [pdf] } });
    await settle();
    now = (await b.getPlan(plan.id)).activities[0];
    expect(now.files.map((f) => [f.kind, f.name])).toEqual([
      ["attendance", "đại biểu.csv"],
      ["document", "giấy mời.pdf"],
    ]);
  });
});
