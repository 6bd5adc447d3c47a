import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import BundleConflicts from "./BundleConflicts.svelte";
import BundleExportDialog from "./BundleExportDialog.svelte";
import ImportBundle from "./ImportBundle.svelte";
import Settings from "../../areas/Settings.svelte";
import { BackendError, setBackend, type Backend, type BundleConflict } from "../../lib/backend";
import { memoryBackend } from "../../lib/backend/memory";
import { i18n } from "../../lib/i18n/index.svelte";
import { settle, type } from "../../test/dom";
import { checklist, handbook, pilots, templates } from "../../test/fixtures";

function workspace(overrides: Partial<Backend> = {}) {
  const b = memoryBackend({ handbooks: [handbook], templates, pilots, checklist });
  setBackend({ ...b, ...overrides });
  return b;
}

const answerOf = async (b: Backend, a: string, item: string) =>
  (await b.assessmentItems(a)).find((i) => i.id === item)?.answer?.result;

describe("exchange bundles", () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(() => cleanup());

  it("exports an assessment as a .sotay bundle through the export dialog, with its one format", async () => {
    const b = workspace();
    const a = await b.newAssessment("p1", handbook.summary.id, "2026-11-20", "Lê Văn Kiểm", []);
    const onclose = vi.fn();
    render(BundleExportDialog, { kind: "assessment", id: a.id, title: "Đợt đánh giá HTX 2026-11-20", onclose });
    await settle();
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("Xuất gói .sotay");
    expect(screen.getAllByRole("radio")).toHaveLength(1);
    expect(screen.getByTestId("export-format-sotay").closest("label")?.textContent).toContain("Gói trao đổi .sotay");
    expect((screen.getByTestId("export-path") as HTMLInputElement).placeholder).toBe("~/Tài liệu/Đợt đánh giá HTX 2026-11-20.sotay");
    await type(screen.getByTestId("export-path"), "/tmp/danh-gia.sotay");
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    const result = screen.getByTestId("export-result");
    expect(result.textContent).toContain("Đã xuất gói .sotay");
    expect(result.textContent).toContain("Cài đặt → Trao đổi dữ liệu → Nhập gói .sotay");
    expect(b.exports.get("/tmp/danh-gia.sotay")?.format).toBe("sotay");
    // Nothing opens a bundle but Sotay itself, and there is no other format to try.
    expect(screen.queryByTestId("export-open")).toBeNull();
    expect(screen.queryByTestId("export-again")).toBeNull();
  });

  it("previews a bundle without changing anything, imports it and resolves the conflict by taking the incoming version", async () => {
    const b = workspace();
    const a = await b.newAssessment("p1", handbook.summary.id, "2026-11-20", "Lê Văn Kiểm", []);
    await b.answerItem(a.id, "S1.1", "pass", "Có văn bản", "");
    await b.exportBundle("assessment", a.id, "/tmp/a.sotay");
    await b.answerItem(a.id, "S1.1", "minor", "Sửa ở máy này", "");
    render(Settings, { info: await b.appInfo(), onlanguage: vi.fn(), onusername: vi.fn() });
    await settle();
    expect(screen.getByTestId("exchange").querySelector("h2")?.textContent).toBe("Trao đổi dữ liệu");
    expect(screen.getByTestId("conflicts-empty").textContent).toContain("Không có xung đột nào");

    await type(screen.getByTestId("import-path"), "/tmp/a.sotay");
    await fireEvent.click(screen.getByTestId("import-check"));
    await settle();
    const preview = screen.getByTestId("import-preview");
    expect(preview.textContent).toContain("Xem trước — chưa có gì thay đổi");
    expect(preview.textContent).toContain("Gói đợt đánh giá");
    const rows = screen.getAllByTestId("import-row");
    expect(rows.map((r) => r.querySelector("th")?.textContent)).toEqual(["Đợt đánh giá", "Câu trả lời danh mục kiểm tra"]);
    expect([...rows[1].querySelectorAll("td")].map((td) => td.textContent?.trim())).toEqual(["0", "0", "0", "▲1"]);
    expect(screen.getByTestId("import-conflict-total").textContent).toBe("1");
    expect(screen.getByTestId("import-conflicts-note").textContent).toContain("1 bản ghi đã được sửa ở cả hai nơi");
    // A dry run: the local answer stays and no conflict is kept.
    expect(await answerOf(b, a.id, "S1.1")).toBe("minor");
    expect(await b.bundleConflicts()).toEqual([]);

    await fireEvent.click(screen.getByTestId("import-apply"));
    await settle();
    expect(screen.getByTestId("import-result").textContent).toContain("Đã nhập gói: 0 bản ghi mới, 1 không đổi, 1 xung đột.");
    expect(await answerOf(b, a.id, "S1.1")).toBe("minor");

    const card = screen.getByTestId("conflict");
    expect(screen.getByTestId("conflicts-count").textContent).toBe("1 xung đột chờ xử lý");
    expect(within(card).getByTestId("conflict-title").textContent).toContain("Câu trả lời danh mục kiểm tra");
    expect(within(card).getByTestId("conflict-title").textContent).toContain("S1.1");
    const result = card.querySelector("[data-field=result]")!;
    expect(result.getAttribute("data-testid")).toBe("conflict-diff");
    expect(result.querySelector("th")?.textContent).toContain("Kết quả");
    expect(result.querySelector("[data-testid=conflict-local]")?.textContent).toBe("Lỗi nhẹ (minor)");
    expect(result.querySelector("[data-testid=conflict-incoming]")?.textContent).toBe("Đạt (pass)");
    expect(card.querySelector("[data-field=item_id]")?.getAttribute("data-testid")).toBe("conflict-same");

    await fireEvent.click(within(card).getByTestId("conflict-take-incoming"));
    await settle();
    expect(screen.queryByTestId("conflict")).toBeNull();
    expect(screen.getByTestId("conflicts-empty")).toBeTruthy();
    expect(screen.getByTestId("conflicts-status").textContent).toBe("Đã lấy bản nhập vào: Câu trả lời danh mục kiểm tra S1.1.");
    expect(await answerOf(b, a.id, "S1.1")).toBe("pass");
  });

  it("explains a refused bundle next to the field, in the user's language, and changes nothing", async () => {
    const importBundle = vi.fn<Backend["importBundle"]>(async () => {
      throw new BackendError({ code: "invalid_input", message: "The bundle was refused: an entry's SHA-256 does not match. The database is unchanged." });
    });
    workspace({ importBundle, chooseOpenPath: async () => "/home/thu/Tải về/hong.sotay" });
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
    expect((screen.getByTestId("import-path") as HTMLInputElement).value).toBe("/home/thu/Tải về/hong.sotay");
    expect(screen.queryByTestId("import-error")).toBeNull();
    await fireEvent.click(screen.getByTestId("import-check"));
    await settle();
    expect(importBundle).toHaveBeenCalledWith("/home/thu/Tải về/hong.sotay", true);
    expect(screen.getByTestId("import-error").textContent).toContain("SHA-256 does not match");
    expect(screen.getByTestId("import-path").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(screen.getByTestId("import-path"));
    expect(screen.queryByTestId("import-preview")).toBeNull();
  });

  it("reads a missing file as the backend explains it", async () => {
    workspace();
    render(ImportBundle);
    await settle();
    await type(screen.getByTestId("import-path"), "/tmp/khong-co.sotay");
    await fireEvent.click(screen.getByTestId("import-check"));
    await settle();
    expect(screen.getByTestId("import-error").textContent).toContain("Không mở được “/tmp/khong-co.sotay”");
  });

  it("keeps the local version, moves the keyboard to the next conflict, and shows the fields in English", async () => {
    i18n.lang = "en";
    const conflict = (n: number, note: string): BundleConflict => ({
      id: `answers/a/S1.${n}`,
      table: "answers",
      key: `S1.${n}`,
      fields: [
        { name: "item_id", local: `S1.${n}`, incoming: `S1.${n}`, differs: false },
        { name: "note", local: note, incoming: null, differs: true },
      ],
    });
    let list = [conflict(1, "ghi chú ở đây"), conflict(2, "")];
    const resolveBundleConflict = vi.fn<Backend["resolveBundleConflict"]>(async (id) => {
      list = list.filter((c) => c.id !== id);
    });
    workspace({ bundleConflicts: async () => structuredClone(list), resolveBundleConflict });
    const onresolved = vi.fn();
    render(BundleConflicts, { onresolved });
    await settle();
    expect(screen.getAllByTestId("conflict")).toHaveLength(2);
    const first = screen.getAllByTestId("conflict")[0];
    expect(first.querySelector("thead")?.textContent).toContain("On this computer");
    expect(first.querySelector("[data-field=note] [data-testid=conflict-incoming]")?.textContent).toBe("(empty)");
    expect(first.querySelector("[data-field=note] th")?.textContent).toContain("differs");
    await fireEvent.click(within(first).getByTestId("conflict-keep-local"));
    await settle();
    expect(resolveBundleConflict).toHaveBeenCalledWith("answers/a/S1.1", "local");
    expect(onresolved).toHaveBeenCalled();
    expect(screen.getAllByTestId("conflict")).toHaveLength(1);
    expect(screen.getByTestId("conflicts-status").textContent).toBe("Kept this computer's version: Checklist answers S1.1.");
    expect(document.activeElement).toBe(within(screen.getByTestId("conflict")).getByTestId("conflict-keep-local"));
  });
});
