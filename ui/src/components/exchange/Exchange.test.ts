import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import BundleConflicts from "./BundleConflicts.svelte";
import BundleExportDialog from "./BundleExportDialog.svelte";
import ImportBundle from "./ImportBundle.svelte";
import Settings from "../../areas/Settings.svelte";
import { setBackend, type Backend, type ItemResult } from "../../lib/backend";
import { i18n } from "../../lib/i18n/index.svelte";
import { settle, type } from "../../test/dom";
import { newAssessment } from "../../test/exchange";
import { removeBackend, rustBackend, type RustBackend, type RustOptions } from "../../test/rust";

let b: RustBackend | null = null;

function workspace(options: RustOptions = {}) {
  const back = (b = rustBackend(options));
  setBackend(back);
  return back;
}

const answerOf = async (back: Backend, a: string, item: string) =>
  (await back.assessmentItems(a)).find((i) => i.id === item)?.answer;

/** An assessment whose answers went out in a bundle and were then changed on this computer:
 *  importing the bundle meets the same records edited on both sides. */
async function editedOnBothSides(back: RustBackend, answers: { item: string; sent: [ItemResult, string]; local: [ItemResult, string] }[]) {
  const a = newAssessment(back);
  for (const x of answers) await back.answerItem(a.id, x.item, x.sent[0], x.sent[1], "");
  const bundle = join(back.dir, "a.sotay");
  await back.exportBundle("assessment", a.id, bundle);
  for (const x of answers) await back.answerItem(a.id, x.item, x.local[0], x.local[1], "");
  return { a, bundle };
}

describe("exchange bundles", () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(() => {
    cleanup();
    if (b) removeBackend(b);
    b = null;
  });

  it("exports an assessment as a .sotay bundle through the export dialog, with its one format", async () => {
    const back = workspace();
    const a = newAssessment(back);
    const onclose = vi.fn();
    render(BundleExportDialog, { kind: "assessment", id: a.id, title: "Đợt đánh giá HTX 2026-11-20", onclose });
    await settle();
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("Xuất gói trao đổi .sotay");
    expect(screen.getAllByRole("radio")).toHaveLength(1);
    expect(screen.getByTestId("export-format-sotay").closest("label")?.textContent).toContain("Gói trao đổi .sotay");
    expect((screen.getByTestId("export-path") as HTMLInputElement).placeholder).toBe("~/Tài liệu/Đợt đánh giá HTX 2026-11-20.sotay");
    const file = join(back.dir, "danh-gia.sotay");
    await type(screen.getByTestId("export-path"), file);
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    const result = screen.getByTestId("export-result");
    expect(result.textContent).toContain("Đã xuất gói .sotay");
    expect(result.textContent).toContain("Cài đặt → Trao đổi dữ liệu → Nhập gói .sotay");
    expect(back.calls.find((c) => c.command === "export_bundle")?.args).toEqual({ kind: "assessment", id: a.id, path: file });
    // The file on disk is a bundle of this assessment, as Sotay reads it.
    expect(readFileSync(file).subarray(0, 2).toString()).toBe("PK");
    expect(await back.importBundle(file, true)).toMatchObject({ kind: "assessment", dry_run: true });
    // Nothing opens a bundle but Sotay itself, and there is no other format to try.
    expect(screen.queryByTestId("export-open")).toBeNull();
    expect(screen.queryByTestId("export-again")).toBeNull();
  });

  it("previews a bundle without changing anything, imports it and resolves the conflict by taking the incoming version", async () => {
    const back = workspace();
    const { a, bundle } = await editedOnBothSides(back, [
      { item: "S1.1", sent: ["pass", "Có văn bản"], local: ["minor", "Sửa ở máy này"] },
    ]);
    render(Settings, { info: await back.appInfo(), onlanguage: vi.fn(), onidentity: vi.fn() });
    await settle();
    expect(screen.getByTestId("exchange").querySelector("h2")?.textContent).toBe("Trao đổi dữ liệu");
    expect(screen.getByTestId("conflicts-empty").textContent).toContain("Không có xung đột nào");

    await type(screen.getByTestId("import-path"), bundle);
    await fireEvent.click(screen.getByTestId("import-check"));
    await settle();
    const preview = screen.getByTestId("import-preview");
    expect(preview.textContent).toContain("Xem trước — chưa có gì thay đổi");
    expect(preview.textContent).toContain("Gói đợt đánh giá");
    const rows = screen.getAllByTestId("import-row");
    const heads = rows.map((r) => r.querySelector("th")?.textContent);
    expect(heads).toContain("Đợt đánh giá");
    expect(heads).toContain("Câu trả lời danh mục kiểm tra");
    const answers = rows.find((r) => r.dataset.table === "answers")!;
    expect([...answers.querySelectorAll("td")].map((td) => td.textContent?.trim())).toEqual(["0", "0", "0", "▲1"]);
    expect(screen.getByTestId("import-conflict-total").textContent).toBe("1");
    expect(screen.getByTestId("import-conflicts-note").textContent).toContain("1 bản ghi đã được sửa ở cả hai nơi");
    // A dry run: the local answer stays and no conflict is kept.
    expect((await answerOf(back, a.id, "S1.1"))?.result).toBe("minor");
    expect(await back.bundleConflicts()).toEqual([]);

    await fireEvent.click(screen.getByTestId("import-apply"));
    await settle();
    expect(screen.getByTestId("import-result").textContent).toMatch(/Đã nhập gói: 0 bản ghi mới, \d+ không đổi, 1 xung đột\./);
    expect((await answerOf(back, a.id, "S1.1"))?.result).toBe("minor");

    const card = screen.getByTestId("conflict");
    expect(screen.getByTestId("conflicts-count").textContent).toBe("1 xung đột chờ xử lý");
    expect(within(card).getByTestId("conflict-title").textContent).toContain("Câu trả lời danh mục kiểm tra");
    expect(within(card).getByTestId("conflict-title").textContent).toContain("S1.1");
    const result = card.querySelector("[data-field=result]")!;
    expect(result.getAttribute("data-testid")).toBe("conflict-diff");
    expect(result.querySelector("th")?.textContent).toContain("Kết quả");
    expect(result.querySelector("[data-testid=conflict-local]")?.textContent).toBe("Lỗi nhẹ");
    expect(result.querySelector("[data-testid=conflict-incoming]")?.textContent).toBe("Đạt");
    expect(card.querySelector("[data-field=item_id]")?.getAttribute("data-testid")).toBe("conflict-same");

    await fireEvent.click(within(card).getByTestId("conflict-take-incoming"));
    await settle();
    expect(screen.queryByTestId("conflict")).toBeNull();
    expect(screen.getByTestId("conflicts-empty")).toBeTruthy();
    expect(screen.getByTestId("conflicts-status").textContent).toBe("Đã lấy bản nhập vào: Câu trả lời danh mục kiểm tra S1.1.");
    expect(await answerOf(back, a.id, "S1.1")).toMatchObject({ result: "pass", note: "Có văn bản" });
  });

  it("explains a refused bundle next to the field, in the user's language, and changes nothing", async () => {
    const back = workspace();
    // A bundle cut short on the way (a broken download).
    const a = newAssessment(back);
    const whole = join(back.dir, "a.sotay");
    await back.exportBundle("assessment", a.id, whole);
    const broken = join(back.dir, "hỏng.sotay");
    const bytes = readFileSync(whole);
    writeFileSync(broken, bytes.subarray(0, bytes.length >> 1));
    back.dialogs.open = broken;
    const importBundle = vi.spyOn(back, "importBundle");
    render(ImportBundle);
    await settle();
    await fireEvent.click(screen.getByTestId("import-check"));
    await settle();
    expect(screen.getByTestId("import-error").textContent).toBe("Cần chọn tệp gói .sotay.");
    await type(screen.getByTestId("import-path"), "goi.sotay");
    await fireEvent.click(screen.getByTestId("import-check"));
    await settle();
    expect(screen.getByTestId("import-error").textContent).toContain("Cần đường dẫn đầy đủ");
    expect(importBundle).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId("import-choose"));
    await settle();
    expect(back.calls.find((c) => c.command === "choose_open_path")?.args).toEqual({ extension: "sotay" });
    expect((screen.getByTestId("import-path") as HTMLInputElement).value).toBe(broken);
    expect(screen.queryByTestId("import-error")).toBeNull();
    await fireEvent.click(screen.getByTestId("import-check"));
    await settle();
    expect(importBundle).toHaveBeenCalledWith(broken, true);
    const error = screen.getByTestId("import-error").textContent;
    expect(error).toContain("Gói dữ liệu bị từ chối: không phải tệp zip hợp lệ hoặc tệp bị cắt cụt");
    expect(error).toContain("Cơ sở dữ liệu không thay đổi.");
    expect(screen.getByTestId("import-path").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(screen.getByTestId("import-path"));
    expect(screen.queryByTestId("import-preview")).toBeNull();
    expect(await back.bundleConflicts()).toEqual([]);
  });

  it("reads a missing file as the backend explains it", async () => {
    const back = workspace();
    render(ImportBundle);
    await settle();
    const missing = join(back.dir, "khong-co.sotay");
    await type(screen.getByTestId("import-path"), missing);
    await fireEvent.click(screen.getByTestId("import-check"));
    await settle();
    expect(screen.getByTestId("import-error").textContent).toContain(`Không mở được “${missing}”`);
  });

  it("keeps the local version, moves the keyboard to the next conflict, and shows the fields in English", async () => {
    i18n.lang = "en";
    const back = workspace({ lang: "en" });
    const { a, bundle } = await editedOnBothSides(back, [
      { item: "S1.1", sent: ["pass", ""], local: ["pass", "ghi chú ở đây"] },
      { item: "S1.2", sent: ["pass", ""], local: ["minor", ""] },
    ]);
    await back.importBundle(bundle, false);
    const [first] = await back.bundleConflicts();
    const resolveBundleConflict = vi.spyOn(back, "resolveBundleConflict");
    const onresolved = vi.fn();
    render(BundleConflicts, { onresolved });
    await settle();
    expect(screen.getAllByTestId("conflict")).toHaveLength(2);
    const card = screen.getAllByTestId("conflict")[0];
    expect(within(card).getByTestId("conflict-title").textContent).toContain("S1.1");
    expect(card.querySelector("thead")?.textContent).toContain("On this computer");
    expect(card.querySelector("[data-field=note] [data-testid=conflict-local]")?.textContent).toBe("ghi chú ở đây");
    expect(card.querySelector("[data-field=note] [data-testid=conflict-incoming]")?.textContent).toBe("(empty)");
    expect(card.querySelector("[data-field=note] th")?.textContent).toContain("differs");
    await fireEvent.click(within(card).getByTestId("conflict-keep-local"));
    await settle();
    expect(resolveBundleConflict).toHaveBeenCalledWith(first.id, "local");
    expect(onresolved).toHaveBeenCalled();
    expect(screen.getAllByTestId("conflict")).toHaveLength(1);
    expect(screen.getByTestId("conflicts-status").textContent).toBe("Kept this computer's version: Checklist answers S1.1.");
    expect(document.activeElement).toBe(within(screen.getByTestId("conflict")).getByTestId("conflict-keep-local"));
    expect((await answerOf(back, a.id, "S1.1"))?.note).toBe("ghi chú ở đây");
  });
});
