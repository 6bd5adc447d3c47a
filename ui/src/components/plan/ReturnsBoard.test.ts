// The "who has returned" board on the real Rust backend: the 15 December deadline with the
// days left or past (Rust's clock), a filled form imported from the window, and this year's
// figures beside the same agency's return to last year's plan.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { readFileSync, writeFileSync } from "node:fs";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import ReturnsBoard from "./ReturnsBoard.svelte";
import type { PlanView } from "../../lib/backend";
import { settle } from "../../test/dom";
import { useRustBackend, type RustBackend } from "../../test/rust";

const backend = useRustBackend({ empty: true });

afterEach(() => cleanup());

/** A return form as an agency fills it: the answer cells C10–C15 written, saved as `out`. */
function fill(form: string, answers: (number | string)[], out: string) {
  const files = unzipSync(readFileSync(form));
  let xml = strFromU8(files["xl/worksheets/sheet1.xml"]);
  answers.forEach((a, i) => {
    const cell = `C${10 + i}`;
    const empty = new RegExp(`<c r="${cell}" s="(\\d+)"/>`);
    expect(xml).toMatch(empty);
    xml = xml.replace(empty, (_m, s) =>
      typeof a === "number"
        ? `<c r="${cell}" s="${s}"><v>${a}</v></c>`
        : `<c r="${cell}" s="${s}" t="inlineStr"><is><t>${a}</t></is></c>`,
    );
  });
  files["xl/worksheets/sheet1.xml"] = strToU8(xml);
  writeFileSync(out, zipSync(files));
}

function plan(b: RustBackend, year: number, number: string): PlanView {
  return b.run<PlanView>("create_plan", { request: { year, template: "qd100-yearly", number } });
}

describe("Báo cáo của các đơn vị", () => {
  it("shows the deadline from the clock and this year's return beside last year's", async () => {
    const b = backend();
    const last = plan(b, 2025, "89/KH-UBND");
    const now = plan(b, 2026, "69/KH-UBND");
    const dir = b.db.replace(/workspace\.db$/, "");
    const old = b.run<string[]>("write_return_forms", { planId: last.id, dir: `${dir}2025` });
    const fresh = b.run<string[]>("write_return_forms", { planId: now.id, dir: `${dir}2026` });
    // Sở Công Thương (the second form) returned to last year's plan…
    fill(old[1], [2, 95, 1, 7, "", ""], `${dir}cu.xlsx`);
    b.run("import_return", { planId: last.id, path: `${dir}cu.xlsx`, received: "2025-12-14" });

    let changed = 0;
    const { rerender } = render(ReturnsBoard, { plan: await b.getPlan(now.id), onchanged: () => changed++ });
    // The test backend's clock: 1 December 2026, 14 days before the deadline.
    expect(screen.getByTestId("returns-left").textContent).toBe("còn 14 ngày");
    expect(screen.getByTestId("returns-count").textContent).toBe("Đã nhận 0/7");
    // Before it returns this year, last year's figures already stand there, this year's empty.
    const waiting = screen.getAllByTestId("return-compare");
    expect(waiting).toHaveLength(1);
    expect(within(waiting[0]).getAllByTestId("compare-this").map((c) => c.textContent)).toEqual(["—", "—", "—", "—", "—", "—"]);
    expect(within(waiting[0]).getAllByTestId("compare-last").map((c) => c.textContent).slice(0, 4)).toEqual(["2", "95", "1", "7"]);

    // …and this year's comes in through the window's import.
    fill(fresh[1], [4, 180, 3, 12, "Doanh nghiệp nhỏ chưa quen ghi chép điện tử", ""], `${dir}moi.xlsx`);
    b.dialogs.open = `${dir}moi.xlsx`;
    await fireEvent.click(screen.getByTestId("returns-import"));
    await settle();
    expect(screen.getByTestId("returns-done").textContent).toBe("Đã nhập báo cáo của Sở Công Thương.");
    expect(changed).toBe(1);
    await rerender({ plan: await b.getPlan(now.id), onchanged: () => changed++ });

    const row = screen.getAllByTestId("return-row")[1];
    expect(row.textContent).toContain("Sở Công Thương");
    const table = within(row).getByTestId("return-compare");
    expect([...table.querySelectorAll("th")].map((th) => th.textContent)).toEqual(["Chỉ tiêu", "Năm 2026", "Năm 2025", "Tăng/giảm"]);
    const cells = within(table)
      .getAllByTestId("compare-row")
      .map((r) => [r.dataset.key, ...[...r.querySelectorAll("td")].slice(1).map((td) => td.textContent)]);
    expect(cells).toEqual([
      ["activities", "4", "2", "+2"],
      ["participants", "180", "95", "+85"],
      ["products_proposed", "3", "1", "+2"],
      ["units_applying", "12", "7", "+5"],
      ["difficulties", "Doanh nghiệp nhỏ chưa quen ghi chép điện tử", "", ""],
      ["proposals", "", "", ""],
    ]);
    expect(screen.getAllByTestId("return-compare")).toHaveLength(1);

    // Last year's plan: its deadline long past, the agencies that never returned overdue.
    cleanup();
    render(ReturnsBoard, { plan: await b.getPlan(last.id), onchanged: () => {} });
    expect(screen.getByTestId("returns-left").textContent).toBe("đã quá hạn 351 ngày");
    const states = screen.getAllByTestId("return-state").map((s) => s.textContent?.trim());
    expect(states[0]).toBe("Quá hạn, chưa gửi");
    expect(states[1]).toBe("Đã nhận 14/12/2025");
  });
});
