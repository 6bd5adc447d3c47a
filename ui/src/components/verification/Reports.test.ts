import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ChecklistRunner from "./ChecklistRunner.svelte";
import ExportDialog from "../handbook/ExportDialog.svelte";
import Pilots from "../../areas/Pilots.svelte";
import { i18n } from "../../lib/i18n/index.svelte";
import { useRustBackend } from "../../test/rust";
import { sampleAssessment } from "../../test/trace";

async function settle() {
  for (let i = 0; i < 8; i++) {
    await tick();
    await new Promise((r) => setTimeout(r, 0));
  }
}

async function type(el: Element, value: string) {
  await fireEvent.input(el, { target: { value } });
}

/** Each backend call runs the `sotay` process; an export writes a real file. */
const SLOW = 30_000;

const backend = useRustBackend();

describe("report export and the inspector's own items", { timeout: SLOW }, () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(() => cleanup());

  it("exports an assessment report through the shared export dialog, in all four formats", async () => {
    const a = await sampleAssessment(backend());
    const exportReport = vi.spyOn(backend(), "exportReport");
    const path = join(backend().dir, "bao-cao.pdf");
    render(ExportDialog, {
      title: "Báo cáo đánh giá",
      heading: "Xuất báo cáo đánh giá",
      run: (format, path) => backend().exportReport("assessment", [a.id], null, format, path),
      onclose: vi.fn(),
    });
    await settle();
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("Xuất báo cáo đánh giá");
    for (const f of ["html", "epub", "pdf-screen", "pdf-print"]) expect(screen.getByTestId(`export-format-${f}`)).toBeTruthy();
    await fireEvent.click(screen.getByTestId("export-format-pdf-print"));
    await type(screen.getByTestId("export-path"), path);
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(exportReport).toHaveBeenCalledWith("assessment", [a.id], null, "pdf-print", path);
    expect(screen.getByTestId("export-result").textContent).toContain("PDF bản in");
    // The file Rust wrote: a PDF of the size the dialog reports.
    expect(readFileSync(path).subarray(0, 5).toString()).toBe("%PDF-");
    const report = await exportReport.mock.results[0].value;
    expect(readFileSync(path).length).toBe(Number(report.bytes));
  });

  it("exports the annual report for the year typed in the pilots area", async () => {
    const exportReport = vi.spyOn(backend(), "exportReport");
    const path = join(backend().dir, "nam-2026.html");
    render(Pilots);
    await settle();
    await type(screen.getByTestId("report-year"), "2026");
    await fireEvent.click(screen.getByTestId("open-annual-report"));
    await settle();
    expect(screen.getByTestId("export-dialog").textContent).toContain("Xuất báo cáo năm 2026");
    await type(screen.getByTestId("export-path"), path);
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(exportReport).toHaveBeenCalledWith("annual", [], 2026, "html", path);
    expect(screen.getByTestId("export-result")).toBeTruthy();
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, "utf8")).toContain("<title>Báo cáo năm 2026 về truy xuất nguồn gốc</title>");
  });

  it("writes the annual report as the signed document (Nghị định 30/2020) for the year typed, its number and date asked first", async () => {
    const path = join(backend().dir, "bao-cao-nam-2026.docx");
    render(Pilots);
    await settle();
    await type(screen.getByTestId("report-year"), "2026");
    await fireEvent.click(screen.getByTestId("open-annual-document"));
    await settle();
    expect(screen.getByTestId("export-dialog").textContent).toContain("Văn bản báo cáo năm 2026 gửi UBND tỉnh");
    await type(screen.getByTestId("admin-number"), "5");
    await type(screen.getByTestId("admin-date"), "05/12/2026");
    await fireEvent.click(screen.getByTestId("export-format-docx"));
    await type(screen.getByTestId("export-path"), path);
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(backend().calls.find((c) => c.command === "export_admin_document")?.args).toEqual({
      kind: "report",
      subject: "2026",
      number: 5,
      date: "2026-12-05",
      format: "docx",
      path,
    });
    expect(screen.getByTestId("export-result")).toBeTruthy();
    // The Word file Rust wrote (a zip package; its layout is tested in tests/cli/admin.rs).
    expect(readFileSync(path).subarray(0, 2).toString()).toBe("PK");
  });

  it("adds an inspector's item to the open section of the checklist runner", async () => {
    const a = await sampleAssessment(backend());
    render(ChecklistRunner, { assessmentId: a.id });
    await settle();
    const before = (await backend().assessmentItems(a.id)).length;
    await fireEvent.click(screen.getByTestId("add-item"));
    await fireEvent.click(screen.getByTestId("add-item-save"));
    await settle();
    expect(screen.getByTestId("add-item-error").textContent).toContain("Cần nội dung");
    await type(screen.getByTestId("add-item-text"), "Sổ ghi chép cho ăn có chữ ký của chủ hộ");
    await fireEvent.click(screen.getByTestId("add-item-level-R"));
    await fireEvent.click(screen.getByTestId("add-item-save"));
    await settle();
    const items = await backend().assessmentItems(a.id);
    expect(items).toHaveLength(before + 1);
    const added = items.find((i) => i.id === "X1")!;
    expect(added).toMatchObject({ section: "S1", level: "R" });
    expect(document.querySelector('[data-item-id="X1"]')?.textContent).toContain("Sổ ghi chép cho ăn");
    expect(screen.queryByTestId("add-item-form")).toBeNull();
  });
});
