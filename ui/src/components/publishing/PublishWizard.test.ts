import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import PublishWizard from "./PublishWizard.svelte";
import Publishing from "../../areas/Publishing.svelte";
import VerifyFile from "./VerifyFile.svelte";
import { setBackend, type Backend, type PublishProgress, type PublishReport } from "../../lib/backend";
import { memoryBackend } from "../../lib/backend/memory";
import { i18n } from "../../lib/i18n/index.svelte";
import { handbook, pilots, templates } from "../../test/fixtures";

async function settle() {
  for (let i = 0; i < 8; i++) {
    await tick();
    await new Promise((r) => setTimeout(r, 0));
  }
}

function approved() {
  const h = structuredClone(handbook);
  h.summary.status = "approved";
  return h;
}

function install(overrides: Partial<Backend> = {}, status: "approved" | "draft" = "approved") {
  const h = status === "approved" ? approved() : structuredClone(handbook);
  const b = memoryBackend({ handbooks: [h], templates, pilots });
  setBackend({ ...b, ...overrides });
  return { b, h };
}

const input = (id: string, i = 0) => screen.getAllByTestId(id)[i] as HTMLInputElement;

async function type(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  await fireEvent.input(el, { target: { value } });
}

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
  afterEach(() => cleanup());

  it("explains when no handbook is approved yet", async () => {
    const { b } = install({}, "draft");
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
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    await fireEvent.click(screen.getByTestId("recipients-csv-mode"));
    const area = screen.getByTestId("recipients-csv") as HTMLTextAreaElement;
    await type(area, "name,unit,copies\nHTX Thuận Hòa,Ban quản trị,2\n,Phòng NN,1\n");
    await fireEvent.click(screen.getByTestId("csv-read-button"));
    await settle();
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
  });

  it("publishes with a progress bar, then shows the folder, the files and the check files", async () => {
    let feed!: (p: PublishProgress) => void;
    let finish!: (r: PublishReport) => void;
    let request: unknown = null;
    const { b } = install({
      publishEdition: (req, onprogress) => {
        request = req;
        feed = onprogress;
        return new Promise((r) => (finish = r));
      },
    });
    const onpublished = vi.fn();
    render(PublishWizard, { handbooks: await b.listHandbooks(), onpublished, onclose: vi.fn() });
    await settle();
    await fillTwoRecipients();
    await fireEvent.click(screen.getByTestId("publish-format-pdf-print"));
    await fireEvent.click(screen.getByTestId("publish-format-html"));
    await type(input("publish-out"), "/tmp/an-ban");
    await type(input("publish-label"), "2026-1");
    await fireEvent.click(screen.getByTestId("publish-run"));
    await settle();
    expect(request).toMatchObject({
      label: "2026-1",
      formats: ["html", "epub"],
      out_dir: "/tmp/an-ban",
      recipients: [
        { name: "HTX Thuận Hòa", unit: "Ban quản trị", copies: 2 },
        { name: "Công ty Rạch Giá", unit: "", copies: 1 },
      ],
    });
    expect(screen.getByTestId("publish-progress").textContent).toContain("Đang dàn trang");
    feed({ done: 3, total: 6 });
    await settle();
    expect(screen.getByTestId("publish-progress-text").textContent).toBe("Đã làm 3/6 tệp (50%)");
    expect((screen.getByTestId("publish-progress").querySelector("progress") as HTMLProgressElement).value).toBe(3);
    // The real publish, from the memory backend, to finish with.
    finish(await b.publishEdition(request as Parameters<Backend["publishEdition"]>[0], () => {}));
    await settle();
    expect(screen.getByTestId("publish-result").textContent).toContain("Đã phát hành ấn bản 2026-1: 6 tệp");
    expect(screen.getByTestId("publish-result-folder").textContent).toBe("/tmp/an-ban");
    expect(screen.getByTestId("publish-result-checks").textContent).toContain("manifest.json");
    expect(screen.getByTestId("publish-result-checks").textContent).toContain("SHA256SUMS");
    expect(screen.getByTestId("publish-files").querySelectorAll("tbody tr")).toHaveLength(6);
    expect(onpublished).toHaveBeenCalledOnce();
  });

  it("cancels a run: Hủy asks the backend and the form says nothing was kept", async () => {
    const { b } = install();
    const cancelPublish = vi.fn(b.cancelPublish);
    setBackend({ ...b, cancelPublish });
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    await type(input("recipient-name"), "HTX Thuận Hòa");
    await type(input("recipient-copies"), "40");
    await type(input("publish-out"), "/tmp/huy");
    await fireEvent.click(screen.getByTestId("publish-run"));
    await tick();
    await fireEvent.click(screen.getByTestId("publish-cancel"));
    await settle();
    expect(cancelPublish).toHaveBeenCalledOnce();
    expect(screen.getByTestId("publish-error").textContent).toContain("Đã hủy phát hành");
    expect(await b.listEditions(handbook.summary.id)).toHaveLength(0);
    expect([...b.files.keys()]).toHaveLength(0);
  });
});

describe("the publishing area and verifying a file", () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(() => cleanup());

  it("lists editions and shows who holds one; a produced file is genuine, another is not", async () => {
    const { b, h } = install();
    await b.publishEdition(
      {
        handbook: h.summary.id, label: "1.0", date: "2026-12-01", formats: ["html", "epub"], paper: "a4",
        out_dir: "/tmp/ab", qr_base: "https://x.invalid/e",
        recipients: [{ name: "HTX Thuận Hòa", unit: "Ban quản trị", copies: 1 }, { name: "Công ty Rạch Giá", unit: "", copies: 1 }],
      },
      () => {},
    );
    render(Publishing);
    await settle();
    expect(screen.getAllByTestId("edition-row")).toHaveLength(1);
    expect(screen.getByTestId("editions").textContent).toContain("2026-12-01");
    await fireEvent.click(screen.getByTestId("edition-open"));
    await settle();
    const rows = screen.getAllByTestId("distribution-row");
    expect(rows).toHaveLength(4);
    expect(rows[0].textContent).toContain("001");
    expect(rows[0].textContent).toContain("HTX Thuận Hòa");
    expect(rows[0].textContent).toContain("Ban quản trị");

    const file = [...b.files.keys()].find((p) => p.endsWith(".epub") && p.includes("ban-002"))!;
    await type(input("verify-path"), file);
    await fireEvent.click(screen.getByTestId("verify-run"));
    await settle();
    expect(screen.getByTestId("verify-verdict").textContent).toContain("Bản chính thức");
    expect(screen.getByTestId("verify-copy").textContent).toContain("Bản số 002 cấp cho: Công ty Rạch Giá");

    await type(input("verify-path"), "/tmp/ab/manifest.json");
    await fireEvent.click(screen.getByTestId("verify-run"));
    await settle();
    expect(screen.getByTestId("verify-verdict").textContent).toContain("Không phải bản chính thức");
  });

  it("takes a dropped file's path from the window's drop event", async () => {
    const { b, h } = install();
    let drop!: (paths: string[]) => void;
    setBackend({ ...b, onFileDrop: async (f) => ((drop = f), () => {}) });
    await b.publishEdition(
      { handbook: h.summary.id, label: "1.0", date: null, formats: ["html"], paper: "a4", out_dir: "/tmp/d", qr_base: "q", recipients: [{ name: "HTX Thuận Hòa", unit: "", copies: 1 }] },
      () => {},
    );
    render(VerifyFile);
    await settle();
    drop([[...b.files.keys()][0]]);
    await settle();
    expect(screen.getByTestId("verify-verdict").textContent).toContain("Bản chính thức");
    expect(screen.getByTestId("verify-copy").textContent).toContain("HTX Thuận Hòa");
  });
});
