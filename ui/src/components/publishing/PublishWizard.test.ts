import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { flushSync } from "svelte";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import PublishWizard from "./PublishWizard.svelte";
import Publishing from "../../areas/Publishing.svelte";
import VerifyFile from "./VerifyFile.svelte";
import { setBackend, type PublishRequest } from "../../lib/backend";
import { i18n } from "../../lib/i18n/index.svelte";
import { isoDay } from "../../lib/dates";
import { settle, type } from "../../test/dom";
import { approveHandbook, hold } from "../../test/exchange";
import { removeBackend, rustBackend, type RustBackend } from "../../test/rust";

let b: RustBackend | null = null;

/** The sample workspace, its handbook approved (or left a draft). */
function install(status: "approved" | "draft" = "approved") {
  const back = (b = rustBackend());
  const h = status === "approved" ? approveHandbook(back) : back.run<{ id: string }[]>("list_handbooks")[0];
  setBackend(back);
  return { b: back, h };
}

function teardown() {
  cleanup();
  if (b) removeBackend(b);
  b = null;
}

const input = (id: string, i = 0) => screen.getAllByTestId(id)[i] as HTMLInputElement;

async function fillTwoRecipients() {
  await type(input("recipient-name"), "HTX Thuận Hòa");
  await type(input("recipient-unit"), "Ban quản trị");
  await type(input("recipient-copies"), "2");
  await fireEvent.click(screen.getByTestId("recipient-add"));
  await type(input("recipient-name", 1), "Công ty Rạch Giá");
  await type(input("recipient-copies", 1), "1");
}

describe("the publish wizard", () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(teardown);

  it("explains when no handbook is approved yet", async () => {
    const { b } = install("draft");
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    expect(screen.getByTestId("publish-none").textContent).toContain("Chưa có sổ tay nào đã duyệt");
  });

  it("counts files as copies × formats, adds and removes recipient rows", async () => {
    const { b } = install();
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    // No recipients: one master file per chosen format (print PDF + EPUB by default).
    expect(screen.getByTestId("publish-count").textContent).toBe("2 tệp");
    await fillTwoRecipients();
    expect(screen.getAllByTestId("recipient-row")).toHaveLength(2);
    expect(screen.getByTestId("publish-count").textContent).toBe("6 tệp");
    expect(screen.getByTestId("publish-summary").textContent).toContain("2 người nhận · 3 bản × 2 định dạng");
    await fireEvent.click(screen.getByTestId("publish-format-html"));
    expect(screen.getByTestId("publish-count").textContent).toBe("9 tệp");
    await fireEvent.click(screen.getAllByTestId("recipient-remove")[0]);
    expect(screen.getAllByTestId("recipient-row")).toHaveLength(1);
    expect(screen.getByTestId("publish-count").textContent).toBe("3 tệp");
  });

  it("shows a CSV error with its row, and a good CSV fills the table", async () => {
    const { b } = install();
    const parseRecipients = vi.spyOn(b, "parseRecipients");
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    await fireEvent.click(screen.getByTestId("recipients-csv-mode"));
    const area = screen.getByTestId("recipients-csv") as HTMLTextAreaElement;
    await type(area, "name,unit,copies\nHTX Thuận Hòa,Ban quản trị,2\n,Phòng NN,1\n");
    await fireEvent.click(screen.getByTestId("csv-read-button"));
    await settle();
    expect(parseRecipients).toHaveBeenLastCalledWith("name,unit,copies\nHTX Thuận Hòa,Ban quản trị,2\n,Phòng NN,1\n");
    expect(screen.getByTestId("csv-error").textContent).toContain("Dòng 3: thiếu tên người nhận");
    await type(area, "name,unit,copies\nHTX Thuận Hòa,Ban quản trị,2\nCông ty Rạch Giá,,0\n");
    await fireEvent.click(screen.getByTestId("csv-read-button"));
    await settle();
    expect(screen.getByTestId("csv-error").textContent).toContain("Dòng 3: số bản phải từ 1 trở lên");
    await type(area, "name,unit,copies\nHTX Thuận Hòa,Ban quản trị,2\nCông ty Rạch Giá,,1\n");
    await fireEvent.click(screen.getByTestId("csv-read-button"));
    await settle();
    expect(screen.getByTestId("csv-read").textContent).toContain("Đã đọc 2 người nhận");
    expect(input("recipient-name", 1).value).toBe("Công ty Rạch Giá");
    expect(screen.getByTestId("publish-count").textContent).toBe("6 tệp");
  });

  it("keeps each recipient's kind from a pasted list in the distribution log", async () => {
    const { b, h } = install();
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    await fireEvent.click(screen.getByTestId("recipients-csv-mode"));
    await type(screen.getByTestId("recipients-csv") as HTMLTextAreaElement, "name,unit,copies,kind\nHTX Thuận Hòa,Ban quản trị,2,htx\nCông ty Rạch Giá,,1,\n");
    await fireEvent.click(screen.getByTestId("csv-read-button"));
    await settle();
    expect(screen.getByTestId("csv-read").textContent).toContain("Đã đọc 2 người nhận");
    await type(input("publish-out"), join(b.dir, "theo-loai"));
    await type(input("publish-label"), "2026-2");
    await fireEvent.click(screen.getByTestId("publish-run"));
    await settle();
    const log = await vi.waitFor(
      async () => {
        const [, copies] = await b.distributionLog(h.id, "2026-2");
        expect(copies.length).toBeGreaterThan(0);
        return copies;
      },
      { timeout: 30000, interval: 200 },
    );
    const bySerial = new Map(log.map((c) => [c.serial, c.kind]));
    expect([...bySerial.entries()].sort()).toEqual([
      [1, "cooperative"],
      [2, "cooperative"],
      [3, null],
    ]);
  }, 60000);

  it("asks each row's kind in the table, with Rust's labels, and keeps it in the distribution log", async () => {
    const { b, h } = install();
    const kinds = vi.spyOn(b, "recipientKinds");
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    expect(kinds).toHaveBeenCalled();
    const select = (i: number) => screen.getAllByTestId("recipient-kind")[i] as HTMLSelectElement;
    const labels = (i: number) => [...select(i).options].map((o) => [o.value, o.textContent]);
    expect(screen.getByTestId("recipients").textContent).toContain("Loại nơi nhận");
    expect(labels(0)).toEqual([
      ["", "Chưa phân loại"],
      ["department", "Sở, ngành"],
      ["commune", "UBND cấp xã"],
      ["cooperative", "Hợp tác xã"],
      ["enterprise", "Doanh nghiệp"],
      ["other", "Khác"],
    ]);
    await fillTwoRecipients();
    await fireEvent.change(select(0), { target: { value: "cooperative" } });
    await fireEvent.change(select(1), { target: { value: "enterprise" } });
    // A third row left "not classified".
    await fireEvent.click(screen.getByTestId("recipient-add"));
    await type(input("recipient-name", 2), "Phòng Nông nghiệp");

    // The labels follow the interface's language (Rust gives both).
    i18n.lang = "en";
    flushSync();
    expect(select(0).selectedOptions[0].textContent).toBe("Cooperative");
    expect(labels(2)[0]).toEqual(["", "Not classified"]);
    i18n.lang = "vi";
    flushSync();

    await type(input("publish-out"), join(b.dir, "loai-noi-nhan"));
    await type(input("publish-label"), "2026-3");
    await fireEvent.click(screen.getByTestId("publish-run"));
    await settle();
    const log = await vi.waitFor(
      async () => {
        const [, copies] = await b.distributionLog(h.id, "2026-3");
        expect(copies.length).toBeGreaterThan(0);
        return copies;
      },
      { timeout: 30000, interval: 200 },
    );
    expect([...new Map(log.map((c) => [c.serial, c.kind])).entries()].sort()).toEqual([
      [1, "cooperative"],
      [2, "cooperative"],
      [3, "enterprise"],
      [4, null],
    ]);
  }, 60000);

  it("shows a pasted list's kinds in the table's selects", async () => {
    const { b } = install();
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    await fireEvent.click(screen.getByTestId("recipients-csv-mode"));
    await type(screen.getByTestId("recipients-csv") as HTMLTextAreaElement, "name,unit,copies,kind\nHTX Thuận Hòa,,2,htx\nSở Nông nghiệp,,1,sở\nCông ty Rạch Giá,,1,\n");
    await fireEvent.click(screen.getByTestId("csv-read-button"));
    await settle();
    const shown = screen.getAllByTestId("recipient-kind").map((s) => (s as HTMLSelectElement).selectedOptions[0].textContent);
    expect(shown).toEqual(["Hợp tác xã", "Sở, ngành", "Chưa phân loại"]);
  });

  it("refuses a relative folder and an empty name next to the fields", async () => {
    const { b } = install();
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    await type(input("recipient-unit"), "Ban quản trị");
    await type(input("publish-out"), "ban-phat-hanh");
    await fireEvent.click(screen.getByTestId("publish-run"));
    await settle();
    expect(screen.getByTestId("recipient-error").textContent).toContain("Dòng 1: thiếu tên người nhận");
    expect(screen.getByTestId("publish-out-error").textContent).toContain("đường dẫn đầy đủ");
    expect(b.calls.map((c) => c.command)).not.toContain("publish_edition");
  });

  it("publishes with a progress bar, then shows the folder, the files and the check files", async () => {
    const { b, h } = install();
    // What the bar shows after each `publish-progress` event of the real run.
    const seen: [string | null | undefined, number | undefined][] = [];
    const real = b.publishEdition;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const publishEdition = vi.spyOn(b, "publishEdition").mockImplementation(async (request, onprogress) => {
      await gate;
      return real(request, (p) => {
        onprogress(p);
        flushSync();
        const bar = screen.getByTestId("publish-progress");
        seen.push([screen.queryByTestId("publish-progress-text")?.textContent, bar.querySelector("progress")?.value]);
      });
    });
    const onpublished = vi.fn();
    render(PublishWizard, { handbooks: await b.listHandbooks(), onpublished, onclose: vi.fn() });
    await settle();
    await fillTwoRecipients();
    await fireEvent.click(screen.getByTestId("publish-format-pdf-print"));
    await fireEvent.click(screen.getByTestId("publish-format-html"));
    const out = join(b.dir, "an-ban");
    await type(input("publish-out"), out);
    await type(input("publish-label"), "2026-1");
    await fireEvent.click(screen.getByTestId("publish-run"));
    await settle();
    expect(publishEdition.mock.calls[0][0]).toMatchObject({
      handbook: h.id,
      label: "2026-1",
      formats: ["html", "epub"],
      out_dir: out,
      recipients: [
        { name: "HTX Thuận Hòa", unit: "Ban quản trị", copies: 2 },
        { name: "Công ty Rạch Giá", unit: "", copies: 1 },
      ],
    } satisfies Partial<PublishRequest>);
    expect(screen.getByTestId("publish-progress").textContent).toContain("Đang dàn trang");

    release();
    await settle();
    expect(seen).toHaveLength(6);
    expect(seen[2]).toEqual(["Đã làm 3/6 tệp (50%)", 3]);
    expect(screen.getByTestId("publish-result").textContent).toContain("Đã phát hành ấn bản 2026-1: 6 tệp");
    expect(screen.getByTestId("publish-result-folder").textContent).toBe(out);
    // The check files are written (the folder has them), and said in words, not by file name.
    expect(screen.getByTestId("publish-result-checks").textContent).toContain("Đã ghi danh mục các tệp và mã kiểm tra");
    expect(screen.getByTestId("publish-wizard").textContent).not.toMatch(/manifest\.json|SHA256SUMS|sha256sum/);
    expect(screen.getByTestId("publish-files").querySelectorAll("tbody tr")).toHaveLength(6);
    // On disk: the six copies and the two check files.
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith(".html") || f.endsWith(".epub"))).toHaveLength(6);
    expect(files).toEqual(expect.arrayContaining(["manifest.json", "SHA256SUMS"]));
    expect(onpublished).toHaveBeenCalledOnce();
  });

  it("asks the print edition's publication details (Luật Xuất bản, Điều 27) and sends them with the request", async () => {
    const { b } = install();
    const publish = hold(b, "publishEdition");
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    await fillTwoRecipients();
    // Asked only while a print edition is chosen (it is by default).
    expect(screen.getByTestId("publish-colophon").textContent).toContain("Thông tin xuất bản trên bản in");
    await fireEvent.click(screen.getByTestId("publish-format-pdf-print"));
    expect(screen.queryByTestId("publish-colophon")).toBeNull();
    await fireEvent.click(screen.getByTestId("publish-format-pdf-print"));
    // The print run's example is the copies the recipients get; the size's, the paper's.
    expect(input("publish-pub-print_run").placeholder).toBe("3");
    expect(input("publish-pub-size").placeholder).toBe("21 × 29,7 cm");
    await type(input("publish-pub-print_run"), "0");
    await type(input("publish-out"), join(b.dir, "in"));
    await fireEvent.click(screen.getByTestId("publish-run"));
    await settle();
    expect(screen.getByTestId("publish-colophon").textContent).toContain("Số lượng in là số nguyên từ 1 trở lên.");
    expect(publish.spy).not.toHaveBeenCalled();
    await type(input("publish-pub-print_run"), "200");
    await type(input("publish-pub-licence_number"), "125/GP-STTTT");
    await type(input("publish-pub-publishing_responsible"), "Nguyễn Văn An");
    await type(input("publish-pub-printer"), "Công ty In Long Xuyên");
    await type(screen.getByTestId("publish-pub-deposit_date"), "20/06/2026");
    await fireEvent.click(screen.getByTestId("publish-run"));
    await settle();
    expect(publish.spy.mock.calls[0][0].publication).toEqual({
      licence_number: "125/GP-STTTT",
      licence_date: "",
      publishing_responsible: "Nguyễn Văn An",
      content_responsible: "",
      size: "",
      print_run: 200,
      printer: "Công ty In Long Xuyên",
      printer_address: "",
      deposit_date: "2026-06-20",
    });
    publish.release();
    await settle();
    expect(screen.getByTestId("publish-result")).toBeTruthy();
  });

  it("marks changes against the previous edition unless asked not to, and the manifest says so", async () => {
    const { b } = install();
    const publishEdition = vi.spyOn(b, "publishEdition");
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    const box = screen.getByTestId("publish-changes") as HTMLInputElement;
    expect(box.checked).toBe(true);
    expect(box.closest("label")?.textContent).toContain("Đánh dấu những chỗ thay đổi so với ấn bản trước");
    await fireEvent.click(box);
    await fireEvent.click(screen.getByTestId("publish-format-pdf-print"));
    const out = join(b.dir, "khong-danh-dau");
    await type(input("publish-out"), out);
    await fireEvent.click(screen.getByTestId("publish-run"));
    await settle();
    expect(publishEdition.mock.calls[0][0]).toMatchObject({ no_change_bars: true, formats: ["epub"] });
    expect(screen.getByTestId("publish-result")).toBeTruthy();
    // Rust recorded the choice with the edition.
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.changes).toEqual({ disabled: true });
  });

  it("offers the earlier editions to compare with (the latest by default, none for a first edition) and sends the one picked", async () => {
    const { b, h } = install();
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    // A first edition: nothing to compare with, no picker.
    expect(screen.queryByTestId("publish-compare")).toBeNull();
    cleanup();
    // Two earlier editions, published at two times (records of one instant have no order).
    for (const [label, date] of [["1.0", "2026-03-02"], ["1.1", "2026-06-15"]]) {
      const request = { handbook: h.id, label, date, recipients: null, formats: ["html"], paper: "a4", out_dir: join(b.dir, `ban-${label}`) };
      b.runAt(`${date}T09:00:00+07:00`, "publish_edition", { request });
    }
    const publishEdition = vi.spyOn(b, "publishEdition");
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    // The wizard's label is 1.0 at first, which reproduces the first edition: nothing before it.
    expect(screen.queryByTestId("publish-compare")).toBeNull();
    await type(input("publish-label"), "1.2");
    const picker = () => screen.getByTestId("publish-compare") as HTMLSelectElement;
    const options = () => [...picker().options].map((o) => [o.value, o.textContent?.trim()]);
    // The latest earlier edition first and chosen, each named with its date.
    expect(options()).toEqual([
      ["1.1", "Ấn bản 1.1 (15/06/2026) — mới nhất"],
      ["1.0", "Ấn bản 1.0 (02/03/2026)"],
    ]);
    expect(picker().value).toBe("1.1");
    // Reproducing 1.1: only the editions before it.
    await type(input("publish-label"), "1.1");
    expect(options().map((o) => o[0])).toEqual(["1.0"]);
    // Not marking changes hides the picker.
    await fireEvent.click(screen.getByTestId("publish-changes"));
    expect(screen.queryByTestId("publish-compare")).toBeNull();
    await fireEvent.click(screen.getByTestId("publish-changes"));
    // A new edition 1.2 against 1.0 rather than 1.1.
    await type(input("publish-label"), "1.2");
    expect(picker().value).toBe("1.1");
    await fireEvent.change(picker(), { target: { value: "1.0" } });
    await fireEvent.click(screen.getByTestId("publish-format-pdf-print"));
    await fireEvent.click(screen.getByTestId("publish-format-epub"));
    await fireEvent.click(screen.getByTestId("publish-format-html"));
    const out = join(b.dir, "ban-1.2");
    await type(input("publish-out"), out);
    await fireEvent.click(screen.getByTestId("publish-run"));
    await settle();
    expect(screen.getByTestId("publish-result")).toBeTruthy();
    expect(publishEdition.mock.calls[0][0]).toMatchObject({ label: "1.2", compare_with: "1.0", no_change_bars: false, formats: ["html"] });
    // Rust compared the new edition with the one picked.
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.changes.against).toBe("1.0");
  });

  it("publishes an edition again on the paper it was made on, not the setting's, unless another is picked", async () => {
    const { b, h } = install();
    b.run("set_edition_paper", { paper: "a5" });
    // Dated today, as the wizard's date field starts.
    const first = { handbook: h.id, label: "1.0", date: isoDay(new Date()), recipients: null, formats: ["html"], out_dir: join(b.dir, "ban-1.0") };
    expect(b.run<{ paper: string; paper_from: string }>("publish_edition", { request: first })).toMatchObject({ paper: "a5", paper_from: "setting" });
    // The setting changes afterwards; the wizard starts from it.
    b.run("set_edition_paper", { paper: "a4" });
    const publishEdition = vi.spyOn(b, "publishEdition");
    const onpublished = vi.fn();
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn(), onpublished });
    await settle();
    expect(input("publish-paper-a4").checked).toBe(true);
    // Label 1.0 reproduces the edition: no paper is sent, and Rust uses the recorded A5.
    await fireEvent.click(screen.getByTestId("publish-format-pdf-print"));
    await fireEvent.click(screen.getByTestId("publish-format-epub"));
    await fireEvent.click(screen.getByTestId("publish-format-html"));
    await type(input("publish-out"), join(b.dir, "lai-1.0"));
    await fireEvent.click(screen.getByTestId("publish-run"));
    await settle();
    expect(publishEdition.mock.calls[0][0].paper).toBeUndefined();
    expect(onpublished.mock.calls[0][0]).toMatchObject({ reproduced: true, paper: "a5", paper_from: "recorded" });
    cleanup();

    // Picking A4 for it is refused in Vietnamese, naming the edition's paper; nothing written.
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    await fireEvent.click(screen.getByTestId("publish-paper-a5"));
    await fireEvent.click(screen.getByTestId("publish-paper-a4"));
    await fireEvent.click(screen.getByTestId("publish-format-pdf-print"));
    await fireEvent.click(screen.getByTestId("publish-format-epub"));
    await fireEvent.click(screen.getByTestId("publish-format-html"));
    const refused = join(b.dir, "a4-1.0");
    await type(input("publish-out"), refused);
    await fireEvent.click(screen.getByTestId("publish-run"));
    await settle();
    expect(screen.getByRole("alert").textContent).toContain("Ấn bản “1.0” đã phát hành khổ A5");
    expect(existsSync(refused)).toBe(false);
  });

  it("cancels a run: Hủy asks the backend and the form says nothing was kept", async () => {
    const { b, h } = install();
    const publish = hold(b, "publishEdition");
    const cancelPublish = vi.spyOn(b, "cancelPublish");
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    await type(input("recipient-name"), "HTX Thuận Hòa");
    await fireEvent.click(screen.getByTestId("publish-format-pdf-print"));
    // `sotay ipc` runs a command to its end (one process per call), so Hủy cannot stop it
    // midway; here the run then fails (its folder lies under a file), as a cancelled run does.
    const out = join(b.db, "huy");
    await type(input("publish-out"), out);
    await fireEvent.click(screen.getByTestId("publish-run"));
    await settle();
    await fireEvent.click(screen.getByTestId("publish-cancel"));
    await settle();
    expect(cancelPublish).toHaveBeenCalledOnce();
    expect(screen.getByTestId("publish-cancel").textContent).toBe("Đang hủy…");
    publish.release();
    await settle();
    expect(screen.getByTestId("publish-error").textContent).toContain("Đã hủy phát hành");
    expect(await b.listEditions(h.id)).toHaveLength(0);
    // No file anywhere in the test's folder but the workspace itself.
    expect(readdirSync(b.dir).filter((f) => !f.startsWith("workspace.db"))).toEqual([]);
  });
});

describe("the publishing area and verifying a file", () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(teardown);

  it("lists editions and shows who holds one; a produced file is genuine, another is not", async () => {
    const { b, h } = install();
    const out = join(b.dir, "ab");
    await b.publishEdition(
      {
        handbook: h.id, label: "1.0", date: "2026-12-01", formats: ["html", "epub"], paper: "a4",
        out_dir: out,
        recipients: [{ name: "HTX Thuận Hòa", unit: "Ban quản trị", copies: 1 }, { name: "Công ty Rạch Giá", unit: "", copies: 1 }],
      },
      () => {},
    );
    render(Publishing);
    await settle();
    expect(screen.getAllByTestId("edition-row")).toHaveLength(1);
    expect(screen.getByTestId("editions").textContent).toContain("01/12/2026");
    // The revision the edition was made from, said as such (docs/terms.md), not "Phiên bản 1".
    expect(screen.getByTestId("edition-row").textContent).toContain("phiên bản 1 của sổ tay");
    expect(screen.getByTestId("editions").textContent).toContain("Soạn từ");
    await fireEvent.click(screen.getByTestId("edition-open"));
    await settle();
    const rows = screen.getAllByTestId("distribution-row");
    expect(rows).toHaveLength(4);
    expect(rows[0].textContent).toContain("001");
    expect(rows[0].textContent).toContain("HTX Thuận Hòa");
    expect(rows[0].textContent).toContain("Ban quản trị");

    const file = join(out, readdirSync(out).find((f) => f.endsWith(".epub") && f.includes("ban-002"))!);
    await type(input("verify-path"), file);
    await fireEvent.click(screen.getByTestId("verify-run"));
    await settle();
    expect(screen.getByTestId("verify-verdict").textContent).toContain("Bản chính thức");
    expect(screen.getByTestId("verify-copy").textContent).toContain("Bản số 002 cấp cho: Công ty Rạch Giá");

    await type(input("verify-path"), join(out, "manifest.json"));
    await fireEvent.click(screen.getByTestId("verify-run"));
    await settle();
    expect(screen.getByTestId("verify-verdict").textContent).toContain("Không phải bản chính thức");
  });

  it("takes a dropped file's path from the window's drop event", async () => {
    const { b, h } = install();
    // The window's drag-drop event: the test drops the file.
    let drop!: (paths: string[]) => void;
    vi.spyOn(b, "onFileDrop").mockImplementation(async (f) => ((drop = f), () => {}));
    const out = join(b.dir, "d");
    await b.publishEdition(
      { handbook: h.id, label: "1.0", date: null, formats: ["html"], paper: "a4", out_dir: out, recipients: [{ name: "HTX Thuận Hòa", unit: "", copies: 1 }] },
      () => {},
    );
    render(VerifyFile);
    await settle();
    drop([join(out, readdirSync(out).find((f) => f.endsWith(".html"))!)]);
    await settle();
    expect(screen.getByTestId("verify-verdict").textContent).toContain("Bản chính thức");
    expect(screen.getByTestId("verify-copy").textContent).toContain("HTX Thuận Hòa");
    expect(existsSync(join(out, "SHA256SUMS"))).toBe(true);
  });
});
