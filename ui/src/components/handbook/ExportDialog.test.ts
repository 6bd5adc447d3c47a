import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ExportDialog from "./ExportDialog.svelte";
import { setBackend } from "../../lib/backend";
import { i18n } from "../../lib/i18n/index.svelte";
import { settle, type } from "../../test/dom";
import { backendInHome, hold, newAssessment, sampleHandbook, writeFlawedChapter } from "../../test/exchange";
import { removeBackend, rustBackend, type RustBackend } from "../../test/rust";

let b: RustBackend | null = null;
let removeHome: (() => void) | null = null;

/** The export dialog of the sample handbook, on backend `back`. */
function open(back: RustBackend) {
  b = back;
  setBackend(back);
  const h = sampleHandbook(back);
  const onclose = vi.fn();
  render(ExportDialog, { handbookId: h.id, title: h.title, onclose });
  return { h, onclose };
}

const pathField = () => screen.getByTestId("export-path") as HTMLInputElement;
const commands = (back: RustBackend) => back.calls.map((c) => c.command);

describe("the export dialog", () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(() => {
    cleanup();
    if (b) removeBackend(b);
    removeHome?.();
    b = null;
    removeHome = null;
  });

  it("goes from the form through a progress state to the result with path, size and warnings", async () => {
    const back = rustBackend();
    writeFlawedChapter(back);
    const exportHandbook = hold(back, "exportHandbook");
    const { h, onclose } = open(back);
    await settle();

    // No home folder can be told from this database (it is in the temporary folder): the field
    // shows an example instead.
    expect(pathField().value).toBe("");
    expect(pathField().placeholder).toBe(`~/Tài liệu/${h.title}.html`);
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(screen.getByTestId("export-error").textContent).toBe("Cần nhập đường dẫn của tệp sẽ ghi.");
    await type(pathField(), "so-tay.html");
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(screen.getByTestId("export-error").textContent).toContain("Cần đường dẫn đầy đủ");
    expect(exportHandbook.spy).not.toHaveBeenCalled();

    const file = join(back.dir, "ban-dien-tu", "so-tay.epub");
    mkdirSync(join(back.dir, "ban-dien-tu"));
    await fireEvent.click(screen.getByTestId("export-format-epub"));
    await type(pathField(), file);
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(exportHandbook.spy).toHaveBeenCalledWith(h.id, "epub", file);
    expect(screen.getByTestId("export-progress").textContent).toContain("Đang xuất tệp…");
    expect((screen.getByTestId("export-run") as HTMLButtonElement).disabled).toBe(true);
    // Escape does not close the dialog while the file is being written.
    await fireEvent.keyDown(screen.getByTestId("export-dialog"), { key: "Escape" });
    expect(onclose).not.toHaveBeenCalled();

    exportHandbook.release();
    await settle();
    const result = screen.getByTestId("export-result");
    expect(result.textContent).toContain("Đã xuất tệp EPUB");
    expect(screen.getByTestId("export-path-result").textContent).toBe(file);
    // The EPUB is on disk (a zip whose first entry names its type), its size as people read it.
    expect(readFileSync(file).subarray(30, 58).toString()).toBe("mimetypeapplication/epub+zip");
    expect(statSync(file).size).toBeGreaterThan(100_000);
    expect(screen.getByTestId("export-size").textContent).toMatch(/^\d+(,\d)? (MB|kB)$/);
    const warnings = screen.getByTestId("export-warnings").textContent;
    // The chapter is named by its title (read from the handbook), never by its file key.
    expect(warnings).toContain("Chương “Giới thiệu chung” · dòng 3, cột 13");
    expect(warnings).not.toContain("gioi-thieu");
    expect(warnings).toContain("Biến “product.gtin_x” chưa được khai báo hoặc chưa có giá trị.");
    expect(warnings).toContain("Không tìm thấy ảnh “so-do.png”");
    expect(result.textContent).toContain("ứng dụng đọc sách điện tử mặc định");

    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    await fireEvent.click(screen.getByTestId("export-copy"));
    await settle();
    expect(writeText).toHaveBeenCalledWith(file);
    expect(screen.getByTestId("export-copy").textContent?.trim()).toBe("Đã chép");

    await fireEvent.click(screen.getByTestId("export-close"));
    expect(onclose).toHaveBeenCalled();
  });

  it("starts in the home folder when the database shows it, and follows the format's extension", async () => {
    const inHome = backendInHome();
    removeHome = inHome.remove;
    const { home } = inHome;
    writeFlawedChapter(inHome.b);
    const { h } = open(inHome.b);
    await settle();
    expect(pathField().value).toBe(`${home}/${h.title}.html`);
    await fireEvent.click(screen.getByTestId("export-format-epub"));
    expect(pathField().value).toBe(`${home}/${h.title}.epub`);
    await fireEvent.click(screen.getByTestId("export-format-html"));
    expect(pathField().value).toBe(`${home}/${h.title}.html`);
    // `~/` is the home folder (here: the test's own folder in it, not to litter the home).
    await type(pathField(), `~/${relative(home, inHome.b.dir)}/so-tay.html`);
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    const file = join(inHome.b.dir, "so-tay.html");
    expect(screen.getByTestId("export-path-result").textContent).toBe(file);
    expect(readFileSync(file, "utf8")).toContain("Giới thiệu chung");
    // Content problems (here the chapter's undefined variable) are warnings; the file is written.
    expect(screen.getByTestId("export-result").textContent).toContain("cảnh báo (tệp vẫn được ghi đầy đủ)");
    expect(screen.getByTestId("export-warnings").textContent).toContain("Biến “product.gtin_x” chưa được khai báo");
  });

  it("shows what is exported with its day as dd/mm/yyyy while the file name keeps it sortable", async () => {
    const back = rustBackend();
    b = back;
    setBackend(back);
    const a = newAssessment(back);
    render(ExportDialog, {
      title: "Báo cáo đánh giá HTX Thuận Hòa 2026-11-20",
      heading: "Xuất báo cáo đánh giá",
      run: (format, path) => back.exportReport("assessment", [a.id], null, format, path),
      onclose: vi.fn(),
    });
    await settle();
    expect(screen.getByTestId("export-subject").textContent).toBe("Báo cáo đánh giá HTX Thuận Hòa 20/11/2026");
    expect(screen.getByTestId("export-dialog").textContent).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(pathField().placeholder).toBe("~/Tài liệu/Báo cáo đánh giá HTX Thuận Hòa 2026-11-20.html");
  });

  it("shows the backend's refusal next to the field and lets the user try again", async () => {
    const back = rustBackend();
    open(back);
    await settle();
    const file = join(back.dir, "khong-co", "so-tay.html");
    await type(pathField(), file);
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(commands(back)).toContain("export_handbook");
    expect(screen.getByTestId("export-error").textContent).toBe(
      `Không ghi được tệp “${file}”: thư mục “${join(back.dir, "khong-co")}” không tồn tại.`,
    );
    expect(screen.queryByTestId("export-progress")).toBeNull();
    expect(document.activeElement).toBe(pathField());

    // The folder made, the same path now works.
    mkdirSync(join(back.dir, "khong-co"));
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(screen.getByTestId("export-path-result").textContent).toBe(file);
    expect(existsSync(file)).toBe(true);
  });

  it("chooses the path in the save dialog and opens the written file", async () => {
    const back = rustBackend();
    mkdirSync(join(back.dir, "Tài liệu"));
    const file = join(back.dir, "Tài liệu", "so-tay.html");
    back.dialogs.save = file;
    open(back);
    await settle();
    await fireEvent.click(screen.getByTestId("export-choose"));
    await settle();
    expect(back.calls.find((c) => c.command === "choose_save_path")?.args).toEqual({
      defaultName: expect.any(String),
      extension: "html",
    });
    expect(pathField().value).toBe(file);
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(readFileSync(file, "utf8")).toContain("<html");
    await fireEvent.click(screen.getByTestId("export-open"));
    await settle();
    expect(back.opened).toEqual([file]);
  });

  it("keeps the typed path when the save dialog is cancelled", async () => {
    const back = rustBackend();
    back.dialogs.save = null;
    open(back);
    await settle();
    await type(pathField(), "/tmp/a.html");
    await fireEvent.click(screen.getByTestId("export-choose"));
    await settle();
    expect(commands(back)).toContain("choose_save_path");
    expect(pathField().value).toBe("/tmp/a.html");
  });

  it("writes files for other systems: EPCIS or the trace-test CSV, with their own words", async () => {
    const back = (b = rustBackend());
    setBackend(back);
    const a = newAssessment(back);
    const data = vi.fn((format: "jsonld" | "csv", path: string) => back.exportInterop("assessment", a.id, format, path));
    render(ExportDialog, {
      title: "EPCIS HTX Thuận Hòa",
      heading: "Xuất dữ liệu cho hệ thống khác",
      formats: ["jsonld", "csv"],
      data,
      onclose: vi.fn(),
    });
    await settle();
    expect(screen.getByTestId("export-format-jsonld").closest("label")?.textContent).toContain("EPCIS 2.0 (JSON-LD)");
    await fireEvent.click(screen.getByTestId("export-format-csv"));
    await type(pathField(), join(back.dir, "truy-xuat-thu.jsonld"));
    await fireEvent.click(screen.getByTestId("export-format-jsonld"));
    await fireEvent.click(screen.getByTestId("export-format-csv"));
    // The extension follows the chosen format.
    const file = join(back.dir, "truy-xuat-thu.csv");
    expect(pathField().value).toBe(file);
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(data).toHaveBeenCalledWith("csv", file);
    const result = screen.getByTestId("export-result");
    expect(result.textContent).toContain("Đã xuất tệp CSV");
    expect(result.textContent).toContain("gửi lên hệ thống khác");
    expect(readFileSync(file, "utf8")).toMatch(/^lot,/);
  });
});
