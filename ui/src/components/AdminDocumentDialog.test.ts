import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import AdminDocumentDialog from "./AdminDocumentDialog.svelte";
import { i18n } from "../lib/i18n/index.svelte";
import { settle, type } from "../test/dom";
import { approveHandbook, newAssessment } from "../test/exchange";
import { useRustBackend, type RustBackend } from "../test/rust";

const backend = useRustBackend();

const field = (id: string) => screen.getByTestId(id) as HTMLInputElement;
const written = (back: RustBackend) => back.calls.filter((c) => c.command === "export_admin_document");

describe("an administrative document's dialog", () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(cleanup);

  it("asks the number and date first, refuses a bad number, writes the decision as Word and records it for the next edition's cover", async () => {
    const back = backend();
    const h = approveHandbook(back);
    render(AdminDocumentDialog, { kind: "decision", subject: h.id, title: `Quyết định ban hành ${h.title}`, heading: "Quyết định ban hành sổ tay", onclose: vi.fn() });
    await settle();
    // The number and the date come before the format; PDF and Word are the two formats.
    const dialog = screen.getByTestId("export-dialog");
    expect(dialog.textContent).toContain("Số và ngày của văn bản");
    expect(dialog.textContent).toContain("“Ban hành kèm theo Quyết định số …”");
    expect(screen.getByTestId("export-format-pdf")).toBeTruthy();
    expect(screen.getByTestId("export-format-docx")).toBeTruthy();
    expect(screen.queryByTestId("export-format-html")).toBeNull();

    await type(field("admin-number"), "4a");
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(screen.getByTestId("admin-error").textContent).toBe("Số văn bản là số nguyên dương, ví dụ 5 hoặc 45.");
    expect(written(back)).toHaveLength(0);

    await type(field("admin-number"), "45");
    await type(screen.getByTestId("admin-date"), "10/06/2026");
    await fireEvent.click(screen.getByTestId("export-format-docx"));
    const file = join(back.dir, "quyet-dinh.docx");
    await type(field("export-path"), file);
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(screen.queryByTestId("admin-error")).toBeNull();
    expect(screen.getByTestId("export-result").textContent).toContain("Word");
    expect(written(back).at(-1)?.args).toEqual({ kind: "decision", subject: h.id, number: 45, date: "2026-06-10", format: "docx", path: file });
    // A Word file (a zip package) is on disk.
    expect(readFileSync(file).subarray(0, 2).toString()).toBe("PK");

    // The decision is recorded on the handbook: the edition published next names it on its cover.
    const out = join(back.dir, "an-ban");
    await back.publishEdition({ handbook: h.id, label: "1.0", date: null, recipients: null, formats: ["html"], paper: "a4", out_dir: out }, () => {});
    const html = readdirSync(out).find((f) => f.endsWith(".html"))!;
    expect(readFileSync(join(out, html), "utf8")).toContain("(Ban hành kèm theo Quyết định số 45/QĐ");
  });

  it("writes the minutes of an assessment as PDF, number and date left blank to fill by hand", async () => {
    const back = backend();
    const a = newAssessment(back);
    render(AdminDocumentDialog, { kind: "minutes", subject: a.id, title: "Biên bản kiểm tra", heading: "Biên bản kiểm tra, đánh giá", onclose: vi.fn() });
    await settle();
    expect(screen.getByTestId("export-dialog").textContent).toContain("Để trống thì văn bản chừa chỗ để điền tay khi ký.");
    const file = join(back.dir, "bien-ban.pdf");
    await type(field("export-path"), file);
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(screen.getByTestId("export-result")).toBeTruthy();
    expect(written(back).at(-1)?.args).toMatchObject({ kind: "minutes", subject: a.id, number: null, date: null, format: "pdf" });
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("asks the minutes' team decision, times, place and copies; Rust refuses a bad time or no copies, and the PDF holds what was given", async () => {
    const back = backend();
    const a = newAssessment(back);
    const defaults = back.run<{ place: string | null; copies: number | null }>("minutes_defaults", { assessmentId: a.id });
    render(AdminDocumentDialog, { kind: "minutes", subject: a.id, title: "Biên bản kiểm tra", heading: "Biên bản kiểm tra, đánh giá", onclose: vi.fn() });
    await settle();
    // The document's number and date first, then the team's decision (number, date), the times,
    // the copies (2) and the place, pre-filled with the pilot's address as Rust words it.
    const dialog = screen.getByTestId("export-dialog");
    const ids = [...dialog.querySelectorAll("[data-testid]")].map((e) => e.getAttribute("data-testid"));
    const order = ["admin-number", "admin-date", "minutes-team-decision", "minutes-team-date", "minutes-start", "minutes-end", "minutes-copies", "minutes-place", "export-format-pdf"];
    expect(order.map((id) => ids.indexOf(id))).toEqual([...order.map((id) => ids.indexOf(id))].sort((x, y) => x - y));
    expect(dialog.textContent).toContain("Số quyết định thành lập Đoàn");
    expect(defaults.place).toBeTruthy();
    expect(field("minutes-place").value).toBe(defaults.place);
    expect(field("minutes-place").value).toContain(", ");
    expect(field("minutes-copies").value).toBe("2");
    const file = join(back.dir, "bien-ban-day-du.pdf");
    await type(field("export-path"), file);

    // A time that is none: Rust's words, nothing written.
    await type(field("minutes-start"), "25:10");
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(screen.getByTestId("export-error").textContent).toContain("“25:10” không phải giờ hợp lệ (ví dụ 08:30).");
    expect(existsSync(file)).toBe(false);
    // No copies: likewise.
    await type(field("minutes-start"), "08:30");
    await type(field("minutes-copies"), "0");
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(screen.getByTestId("export-error").textContent).toContain("Số bản của biên bản phải từ 1 trở lên");
    expect(existsSync(file)).toBe(false);
    // Not a number at all: said before asking Rust.
    await type(field("minutes-copies"), "hai");
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(screen.getByTestId("admin-error").textContent).toBe("Số bản là số nguyên, ví dụ 2.");

    await type(field("minutes-copies"), "3");
    await type(field("minutes-team-decision"), "15/QĐ-SKHCN");
    await type(screen.getByTestId("minutes-team-date"), "10/11/2026");
    await type(field("minutes-end"), "11:15");
    await type(field("minutes-place"), "Nhà điều hành HTX, ấp Thuận Hòa");
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(screen.getByTestId("export-result")).toBeTruthy();
    expect(written(back).at(-1)?.args).toMatchObject({
      kind: "minutes",
      minutes: { team_decision: "15/QĐ-SKHCN", team_decision_date: "2026-11-10", start: "08:30", end: "11:15", place: "Nhà điều hành HTX, ấp Thuận Hòa", copies: 3 },
    });
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).split(/\s+/).join(" ");
    expect(text).toContain("Căn cứ Quyết định số 15/QĐ-SKHCN ngày 10/11/2026");
    expect(text).toContain("vào hồi 08 giờ 30, ngày 20 tháng 11 năm 2026, tại Nhà điều hành HTX, ấp Thuận Hòa,");
    expect(text).toContain("kết thúc vào hồi 11 giờ 15 cùng ngày, được lập thành 03 bản");
  });

  it("says in the user's words when the backend refuses (a draft handbook has no decision)", async () => {
    const back = backend();
    const h = back.run<{ id: string; title: string }[]>("list_handbooks")[0];
    render(AdminDocumentDialog, { kind: "decision", subject: h.id, title: "Quyết định ban hành", heading: "Quyết định ban hành sổ tay", onclose: vi.fn() });
    await settle();
    const file = join(back.dir, "qd.pdf");
    await type(field("export-path"), file);
    await fireEvent.click(screen.getByTestId("export-run"));
    await settle();
    expect(screen.getByTestId("export-error").textContent).toContain("chỉ lập cho sổ tay đã duyệt");
    expect(existsSync(file)).toBe(false);
  });
});
