import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import ExportDialog from "./ExportDialog.svelte";
import { BackendError, setBackend, type Backend, type ExportReport } from "../../lib/backend";
import { memoryBackend } from "../../lib/backend/memory";
import { i18n } from "../../lib/i18n/index.svelte";
import { handbook, pilots, templateDetail, templates } from "../../test/fixtures";

async function settle() {
  for (let i = 0; i < 6; i++) {
    await tick();
    await new Promise((r) => setTimeout(r, 0));
  }
}

const title = handbook.summary.title;

function open(overrides: Partial<Backend> = {}, dbPath?: string) {
  const b = memoryBackend({ handbooks: [handbook], templates, pilots, templateDetails: [templateDetail] });
  const info = b.appInfo;
  setBackend({
    ...b,
    appInfo: async () => ({ ...(await info()), db_path: dbPath ?? ":memory:" }),
    ...overrides,
  });
  const onclose = vi.fn();
  render(ExportDialog, { handbookId: handbook.summary.id, title, onclose });
  return { b, onclose };
}

const pathField = () => screen.getByTestId("export-path") as HTMLInputElement;

describe("the export dialog", () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(() => cleanup());

  it("goes from the form through a progress state to the result with path, size and warnings", async () => {
    let finish!: (r: ExportReport) => void;
    const exportHandbook = vi.fn(() => new Promise<ExportReport>((r) => (finish = r)));
    const { onclose } = open({ exportHandbook });
    await settle();

    // No home folder can be told from this database: the field shows an example instead.
    expect(pathField().value).toBe("");
    expect(pathField().placeholder).toBe(`~/Tài liệu/${title}.html`);
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(screen.getByTestId("export-error").textContent).toBe("Cần nhập đường dẫn của tệp sẽ ghi.");
    await fireEvent.input(pathField(), { target: { value: "so-tay.html" } });
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(screen.getByTestId("export-error").textContent).toContain("Cần đường dẫn đầy đủ");
    expect(exportHandbook).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId("export-format-epub"));
    await fireEvent.input(pathField(), { target: { value: "/tmp/ban-dien-tu/so-tay.epub" } });
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(exportHandbook).toHaveBeenCalledWith(handbook.summary.id, "epub", "/tmp/ban-dien-tu/so-tay.epub");
    expect(screen.getByTestId("export-progress").textContent).toContain("Đang xuất bản điện tử…");
    expect((screen.getByTestId("export-run") as HTMLButtonElement).disabled).toBe(true);
    // Escape does not close the dialog while the file is being written.
    await fireEvent.keyDown(screen.getByTestId("export-dialog"), { key: "Escape" });
    expect(onclose).not.toHaveBeenCalled();

    finish({
      path: "/tmp/ban-dien-tu/so-tay.epub",
      bytes: 1_234_567,
      diagnostics: [
        {
          severity: "warning", code: "image.missing", file: "dinh-danh", key: null, line: 12, column: 3,
          message: { vi: "Thiếu ảnh so-do.png", en: "Missing image so-do.png" }, hint: null,
        },
      ],
    });
    await settle();
    const result = screen.getByTestId("export-result");
    expect(result.textContent).toContain("Đã xuất bản điện tử EPUB");
    expect(screen.getByTestId("export-path-result").textContent).toBe("/tmp/ban-dien-tu/so-tay.epub");
    expect(screen.getByTestId("export-size").textContent).toBe("1,2 MB");
    expect(screen.getByTestId("export-warnings").textContent).toContain("dinh-danh · dòng 12, cột 3");
    expect(screen.getByTestId("export-warnings").textContent).toContain("Thiếu ảnh so-do.png");
    expect(result.textContent).toContain("ứng dụng đọc sách điện tử mặc định");

    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    await fireEvent.click(screen.getByTestId("export-copy"));
    await settle();
    expect(writeText).toHaveBeenCalledWith("/tmp/ban-dien-tu/so-tay.epub");
    expect(screen.getByTestId("export-copy").textContent?.trim()).toBe("Đã chép");

    await fireEvent.click(screen.getByTestId("export-close"));
    expect(onclose).toHaveBeenCalled();
  });

  it("starts in the home folder when the database shows it, and follows the format's extension", async () => {
    const { b } = open({}, "/home/thuha/.local/share/sotay/sotay.db");
    await settle();
    expect(pathField().value).toBe(`/home/thuha/${title}.html`);
    await fireEvent.click(screen.getByTestId("export-format-epub"));
    expect(pathField().value).toBe(`/home/thuha/${title}.epub`);
    await fireEvent.click(screen.getByTestId("export-format-html"));
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(b.exports.get(`/home/thuha/${title}.html`)?.content).toContain("Giới thiệu chung");
    // Content problems (here the fixture's undefined variable) are warnings; the file is written.
    expect(screen.getByTestId("export-result").textContent).toContain("cảnh báo (tệp vẫn được ghi đầy đủ)");
    expect(screen.getByTestId("export-warnings").textContent).toContain("Biến chưa được định nghĩa: product.gtin");
  });

  it("shows the backend's refusal next to the field and lets the user try again", async () => {
    const exportHandbook = vi.fn(async () => {
      throw new BackendError({ code: "invalid_input", message: "Không ghi được tệp “/khong-co/so-tay.html”: No such file or directory." });
    });
    open({ exportHandbook });
    await settle();
    await fireEvent.input(pathField(), { target: { value: "/khong-co/so-tay.html" } });
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(screen.getByTestId("export-error").textContent).toContain("No such file or directory");
    expect(screen.queryByTestId("export-progress")).toBeNull();
    expect(document.activeElement).toBe(pathField());
  });

  it("chooses the path in the save dialog and opens the written file", async () => {
    const chooseSavePath = vi.fn(async () => "/home/thu/Tài liệu/so-tay.html");
    const openPath = vi.fn(async () => {});
    open({ chooseSavePath, openPath });
    await settle();
    await fireEvent.click(screen.getByTestId("export-choose"));
    await settle();
    expect(chooseSavePath).toHaveBeenCalledWith(expect.any(String), "html");
    expect(pathField().value).toBe("/home/thu/Tài liệu/so-tay.html");
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    await fireEvent.click(screen.getByTestId("export-open"));
    await settle();
    expect(openPath).toHaveBeenCalledWith("/home/thu/Tài liệu/so-tay.html");
  });

  it("keeps the typed path when the save dialog is cancelled", async () => {
    open({ chooseSavePath: async () => null });
    await settle();
    await fireEvent.input(pathField(), { target: { value: "/tmp/a.html" } });
    await fireEvent.click(screen.getByTestId("export-choose"));
    await settle();
    expect(pathField().value).toBe("/tmp/a.html");
  });

  it("writes files for other systems: EPCIS or the trace-test CSV, with their own words", async () => {
    const b = memoryBackend({ handbooks: [handbook], templates, pilots, templateDetails: [templateDetail] });
    setBackend(b);
    const data = vi.fn((format: "jsonld" | "csv", path: string) => b.exportInterop("assessment", "a1", format, path));
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
    await fireEvent.input(pathField(), { target: { value: "/tmp/truy-xuat-thu.jsonld" } });
    await fireEvent.click(screen.getByTestId("export-format-jsonld"));
    await fireEvent.click(screen.getByTestId("export-format-csv"));
    // The extension follows the chosen format.
    expect(pathField().value).toBe("/tmp/truy-xuat-thu.csv");
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(data).toHaveBeenCalledWith("csv", "/tmp/truy-xuat-thu.csv");
    const result = screen.getByTestId("export-result");
    expect(result.textContent).toContain("Đã xuất tệp CSV");
    expect(result.textContent).toContain("gửi lên hệ thống khác");
    expect(b.exports.get("/tmp/truy-xuat-thu.csv")?.content).toMatch(/^lot,/);
  });
});
