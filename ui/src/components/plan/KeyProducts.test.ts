// The key-product catalogue, its roadmap and portal readiness on the real Rust backend (the
// sample workspace: one shrimp handbook, two pilots applying it). Ranking, progress and the
// readiness checklist are Rust's; the tests assert the numbers the window shows.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import KeyProducts from "./KeyProducts.svelte";
import type { HandbookSummary, KeyProduct } from "../../lib/backend";
import { settle, type } from "../../test/dom";
import { useRustBackend, type RustBackend } from "../../test/rust";

const backend = useRustBackend();

afterEach(() => cleanup());

function propose(b: RustBackend, name: string, handbook: string | null): KeyProduct {
  return b.run<KeyProduct>("propose_key_product", {
    input: { name, proposed_by: "Sở Nông nghiệp và Môi trường", reasons: "", handbook },
  });
}

const row = (name: string) => screen.getAllByTestId("ranked-row").find((r) => r.dataset.name === name)!;

describe("Danh mục sản phẩm chủ lực", () => {
  it("proposes, scores with Rust's weights, refuses a bad score and issues the chosen products", async () => {
    const b = backend();
    render(KeyProducts);
    await settle();
    expect(screen.getByTestId("catalogue-empty").textContent).toBe("Chưa có sản phẩm nào được đề xuất.");
    for (const [name, by] of [
      ["Tôm sú", "Sở Nông nghiệp và Môi trường"],
      ["Lúa gạo ST25", "Hiệp hội Lúa gạo"],
    ]) {
      await type(screen.getByTestId("propose-name"), name);
      await type(screen.getByTestId("propose-by"), by);
      await fireEvent.click(screen.getByTestId("propose-save"));
      await settle();
    }
    const score = async (name: string, values: Record<string, string>) => {
      for (const [k, v] of Object.entries(values)) await type(within(row(name)).getByTestId(`score-${k}`), v);
      await fireEvent.click(within(row(name)).getByTestId("score-save"));
      await settle();
    };
    await score("Tôm sú", { production_value: "5", scale: "4", export_share: "5", brand_gi: "3", chain_readiness: "4" });
    await score("Lúa gạo ST25", { production_value: "4", scale: "5", export_share: "4", brand_gi: "5", chain_readiness: "3" });
    // 30·5 + 20·4 + 20·5 + 15·3 + 15·4 = 435 of 500; rice 420.
    expect(screen.getAllByTestId("ranked-row").map((r) => [r.dataset.name, within(r).getByTestId("rank").textContent, within(r).getByTestId("weighted").textContent])).toEqual([
      ["Tôm sú", "1", "435/500 (87,00 %)"],
      ["Lúa gạo ST25", "2", "420/500 (84,00 %)"],
    ]);

    // A score of 7 is refused by Rust, with its reason, and nothing changes.
    await score("Lúa gạo ST25", { scale: "7" });
    expect(within(row("Lúa gạo ST25")).getByTestId("score-error").textContent).toContain("phải là số nguyên từ 0 đến 5");
    const view = await b.getCatalogue();
    expect(view.ranking.map((r) => r.weighted_sum)).toEqual([435, 420]);

    // The weights are settings: a weight of 101 is refused; brand weighing 60 puts rice first.
    await type(screen.getByTestId("weight-brand_gi"), "101");
    await fireEvent.click(screen.getByTestId("weights-save"));
    await settle();
    expect(screen.getByTestId("weights-error").textContent).toContain("phải là số nguyên từ 0 đến 100");
    await type(screen.getByTestId("weight-brand_gi"), "60");
    await fireEvent.click(screen.getByTestId("weights-save"));
    await settle();
    expect(screen.getByTestId("weights-saved").textContent).toBe("Đã lưu trọng số.");
    // Rice 420 − 15·5 + 60·5 = 645 of 725; shrimp 435 − 45 + 180 = 570.
    expect(screen.getAllByTestId("ranked-row").map((r) => within(r).getByTestId("weighted").textContent)).toEqual([
      "645/725 (88,97 %)",
      "570/725 (78,62 %)",
    ]);
    await type(screen.getByTestId("weight-brand_gi"), "15");
    await fireEvent.click(screen.getByTestId("weights-save"));
    await settle();

    await fireEvent.click(within(row("Tôm sú")).getByTestId("issue-pick"));
    expect(screen.getByTestId("issue-chosen").textContent).toBe("Đã chọn 1 sản phẩm");
    await type(screen.getByTestId("issue-number"), "125/QĐ-UBND");
    await type(screen.getByTestId("issue-date"), "04/05/2026");
    await fireEvent.click(screen.getByTestId("issue-save"));
    await settle();
    expect(screen.getByTestId("issue-done").textContent).toBe("Đã ban hành 1 sản phẩm theo quyết định số 125/QĐ-UBND.");
    expect(within(row("Tôm sú")).getByTestId("status").textContent).toContain("Đã ban hành");
    expect(within(row("Tôm sú")).getByTestId("status").textContent).toContain("Quyết định số 125/QĐ-UBND ngày 04/05/2026");
    expect(within(row("Lúa gạo ST25")).getByTestId("status").textContent?.trim()).toBe("Đề xuất");
  });

  it("drafts the decision issuing the catalogue once a product is issued: the ranked issued products and their scores", async () => {
    const b = backend();
    const shrimp = propose(b, "Tôm sú", null);
    const rice = propose(b, "Lúa gạo ST25", null);
    propose(b, "Hồ tiêu", null);
    b.run("score_key_product", { productId: shrimp.id, scores: [["production_value", "5"], ["scale", "4"], ["export_share", "5"], ["brand_gi", "3"], ["chain_readiness", "4"]] });
    b.run("score_key_product", { productId: rice.id, scores: [["production_value", "4"], ["scale", "5"], ["export_share", "4"], ["brand_gi", "5"], ["chain_readiness", "3"]] });
    render(KeyProducts);
    await settle();
    // Nothing issued yet: the button waits, and says why.
    const button = screen.getByTestId("catalogue-decision") as HTMLButtonElement;
    expect(button.textContent).toBe("Dự thảo quyết định ban hành danh mục");
    expect(button.disabled).toBe(true);
    expect(screen.getByText("Ban hành ít nhất một sản phẩm để lập dự thảo quyết định.")).toBeTruthy();

    await fireEvent.click(within(row("Lúa gạo ST25")).getByTestId("issue-pick"));
    await fireEvent.click(within(row("Tôm sú")).getByTestId("issue-pick"));
    await type(screen.getByTestId("issue-number"), "125/QĐ-UBND");
    await type(screen.getByTestId("issue-date"), "04/05/2026");
    await fireEvent.click(screen.getByTestId("issue-save"));
    await settle();
    expect((screen.getByTestId("catalogue-decision") as HTMLButtonElement).disabled).toBe(false);
    await fireEvent.click(screen.getByTestId("catalogue-decision"));
    await settle();
    const dialog = screen.getByTestId("export-dialog");
    expect(dialog.textContent).toContain("Dự thảo quyết định ban hành danh mục");
    expect(dialog.textContent).toContain("Đây là dự thảo: không ghi lại gì.");
    const file = join(b.dir, "qd-danh-muc.pdf");
    await type(screen.getByTestId("export-path") as HTMLInputElement, file);
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(screen.getByTestId("export-result")).toBeTruthy();
    expect(b.calls.filter((c) => c.command === "export_admin_document").at(-1)?.args).toEqual({ kind: "catalogue", subject: "", number: null, date: null, format: "pdf", path: file });
    expect(existsSync(file)).toBe(true);
    // What Rust wrote: the issued products ranked with their weighted scores, the recorded number; not the unissued one.
    const text = execFileSync("pdftotext", [file, "-"]).toString().split(/\s+/).join(" ");
    expect(text).toContain("Số: 125/QĐ-UBND");
    expect(text.indexOf("Tôm sú")).toBeGreaterThan(-1);
    expect(text.indexOf("Tôm sú")).toBeLessThan(text.indexOf("Lúa gạo ST25"));
    expect(text).toContain("435/500");
    expect(text).toContain("420/500");
    expect(text).not.toContain("Hồ tiêu");
  });

  it("shows each milestone's progress computed from the records", async () => {
    const b = backend();
    const handbook = b.run<HandbookSummary[]>("list_handbooks")[0];
    propose(b, "Tôm sú Thuận Hòa", handbook.id);
    render(KeyProducts);
    await settle();
    await fireEvent.click(screen.getByTestId("tab-roadmap"));
    await settle();
    const add = async (year: string, kind: string, target?: string) => {
      await type(screen.getByTestId("milestone-year"), year);
      await fireEvent.change(screen.getByTestId("milestone-kind"), { target: { value: kind } });
      await settle();
      if (target) await type(screen.getByTestId("milestone-target"), target);
      await fireEvent.click(screen.getByTestId("milestone-save"));
      await settle();
    };
    await add("2026", "handbook");
    await add("2027", "replication", "5");
    await add("2027", "pilot", "0");
    expect(screen.getByTestId("milestone-error").textContent).toContain("Chỉ tiêu “0” phải từ 1 đến 100000");
    const rows = screen.getAllByTestId("milestone");
    // The sample's handbook is a draft; its two pilots apply it: 2 of 5 units.
    expect(rows.map((r) => [r.dataset.year, r.dataset.kind, within(r).getByTestId("milestone-achieved").textContent, within(r).getByTestId("milestone-status").textContent])).toEqual([
      ["2026", "handbook", "0/1", "Đang thực hiện"],
      ["2027", "replication", "2/5", "Đang thực hiện"],
    ]);
    expect((within(rows[1]).getByTestId("milestone-bar") as HTMLProgressElement).value).toBe(40);
    expect(screen.getByTestId("roadmap-done").textContent).toBe("0/2 mốc hoàn thành");
  });

  it("lists the readiness checklist of the product and its pilots and records the image and portal id", async () => {
    const b = backend();
    const handbook = b.run<HandbookSummary[]>("list_handbooks")[0];
    const p = propose(b, "Tôm sú Thuận Hòa", handbook.id);
    render(KeyProducts);
    await settle();
    await fireEvent.click(screen.getByTestId("tab-readiness"));
    await settle();
    const checks = screen.getAllByTestId("readiness");
    expect(checks).toHaveLength(3);
    const product = checks[0];
    const state = (el: HTMLElement) =>
      Object.fromEntries(within(el).getAllByTestId("readiness-item").map((i) => [i.dataset.key, i.dataset.state]));
    expect(state(product)).toEqual({
      gs1_prefix: "met",
      gtin: "met",
      gln: "met",
      trace_code: "met",
      carrier: "met",
      public_info: "met",
      image: "missing",
      event_time: "missing",
      registration: "missing",
    });
    expect(within(product).getByTestId("readiness-met").textContent).toBe("Đạt 6/9 tiêu chí");
    expect(within(product).getByTestId("example-code").textContent).toBe("https://id.gs1.org/01/08939990100112/10/CB01-260616-02");

    await type(screen.getByTestId("readiness-image"), "https://example.org/tom.jpg");
    await type(screen.getByTestId("readiness-portal-id"), "TC-000123");
    await fireEvent.click(screen.getByTestId("readiness-save"));
    await settle();
    expect(screen.getByTestId("readiness-saved").textContent).toBe("Đã ghi.");
    expect(within(screen.getAllByTestId("readiness")[0]).getByTestId("readiness-met").textContent).toBe("Đạt 8/9 tiêu chí");
    const stored = await b.getReadiness(p.id);
    expect(stored[0].items.filter((i) => i.state !== "met").map((i) => i.key)).toEqual(["event_time"]);

    // A pilot's own GLN: a wrong check digit is refused by Rust and nothing changes; the right one counts.
    const pilot = stored[1];
    await fireEvent.change(screen.getByTestId("readiness-subject"), { target: { value: pilot.pilot_id } });
    await type(screen.getByTestId("readiness-glns"), "8939990190018");
    await fireEvent.click(screen.getByTestId("readiness-save"));
    await settle();
    expect(screen.getByTestId("readiness-error").textContent).toContain("chữ số kiểm tra là 8, đúng ra phải là 4");
    expect((await b.getReadiness(p.id))[1]).toEqual(pilot);
    await type(screen.getByTestId("readiness-glns"), "8939990190014");
    await fireEvent.click(screen.getByTestId("readiness-save"));
    await settle();
    const gln = within(screen.getAllByTestId("readiness")[1]).getAllByTestId("readiness-item").find((i) => i.dataset.key === "gln")!;
    expect(gln.dataset.state).toBe("met");
    expect(gln.textContent).toContain("8939990190014");
  });
});
