// Issue 17: a copy's QR code pasted into "Kiểm tra tệp" is checked offline by Rust (genuine, a
// changed serial, another office's edition, not a copy's code), the verification address is a
// setting in Cài đặt, and the publish wizard says what the QR codes will hold — on the real Rust
// backend (`sotay ipc`).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { join } from "node:path";
import PublishWizard from "./PublishWizard.svelte";
import VerificationAddress from "./VerificationAddress.svelte";
import VerifyFile from "./VerifyFile.svelte";
import { setBackend, type PublishReport } from "../../lib/backend";
import { i18n } from "../../lib/i18n/index.svelte";
import { settle, type } from "../../test/dom";
import { approveHandbook } from "../../test/exchange";
import { removeBackend, rustBackend, type RustBackend } from "../../test/rust";

let b: RustBackend | null = null;

function install() {
  const back = (b = rustBackend());
  const h = approveHandbook(back);
  setBackend(back);
  return { b: back, h };
}

afterEach(() => {
  cleanup();
  if (b) removeBackend(b);
  b = null;
});

beforeEach(() => {
  i18n.lang = "vi";
});

async function publish(back: RustBackend, handbook: string, label: string): Promise<PublishReport> {
  return back.publishEdition(
    {
      handbook, label, date: "2026-12-01", formats: ["html"], paper: "a4", out_dir: join(back.dir, label),
      recipients: [{ name: "HTX Thuận Hòa", unit: "Ban quản trị", copies: 2 }, { name: "Công ty Rạch Giá", unit: "", copies: 1 }],
    },
    () => {},
  );
}

const field = (id: string) => screen.getByTestId(id) as HTMLInputElement;

async function checkQr(text: string) {
  await type(field("verify-qr"), text);
  await fireEvent.click(screen.getByTestId("verify-qr-run"));
  await settle();
}

describe("checking a copy's QR code", () => {
  it("says a genuine code's copy and recipient, and why an altered or foreign one is not valid", async () => {
    const { b, h } = install();
    const report = await publish(b, h.id, "1.0");
    const qr = report.files.find((f) => f.serial === 3)!.qr!;
    expect(qr).toMatch(/^SOTAY1:[0-9A-F-]{36}:003:[0-9A-F]{16}$/);
    render(VerifyFile);
    await settle();

    await checkQr(qr);
    expect(screen.getByTestId("verify-qr-verdict").textContent).toContain("Mã QR hợp lệ: bản số 003 của ấn bản 1.0");
    expect(screen.getByTestId("verify-qr-result").textContent).toContain("01/12/2026");
    expect(screen.getByTestId("verify-qr-copy").textContent).toContain("Cấp cho: Công ty Rạch Giá");
    expect(b.calls.at(-1)).toMatchObject({ command: "verify_qr", args: { text: qr } });

    await checkQr(qr.replace(":003:", ":001:"));
    const verdict = screen.getByTestId("verify-qr-verdict");
    expect(verdict.textContent).toContain("Không hợp lệ: mã xác thực không khớp bản số 001 của ấn bản 1.0");
    expect(verdict.classList.contains("bad")).toBe(true);
    expect(screen.getByTestId("verify-qr-result").textContent).toContain("đã bị sửa");
    expect(screen.queryByTestId("verify-qr-copy")).toBeNull();

    await checkQr(`SOTAY1:0199F0A2-7C3B-7D10-9E4A-2B1C3D4E5F60:003:${qr.slice(-16)}`);
    expect(screen.getByTestId("verify-qr-verdict").textContent).toContain("không có ấn bản mà mã QR ghi");
    expect(screen.getByTestId("verify-qr-result").textContent).toContain("đơn vị khác");

    // Not a copy's code at all: Rust says so, nothing else is shown.
    await checkQr("https://id.gs1.org/01/08931234567897");
    expect(screen.getByTestId("verify-qr-error").textContent).toContain("không phải mã QR của một bản sổ tay");
    expect(screen.queryByTestId("verify-qr-result")).toBeNull();
    // Empty: asked for before any call.
    const calls = b.calls.length;
    await type(field("verify-qr"), "  ");
    await fireEvent.click(screen.getByTestId("verify-qr-run"));
    await settle();
    expect(screen.getByTestId("verify-qr-error").textContent).toContain("Cần dán nội dung mã QR");
    expect(b.calls.length).toBe(calls);
  });

  it("reads in English too", async () => {
    i18n.lang = "en";
    const { b, h } = install();
    const qr = (await publish(b, h.id, "1.0")).files[0].qr!;
    render(VerifyFile);
    await settle();
    await checkQr(qr);
    expect(screen.getByTestId("verify-qr-verdict").textContent).toContain("Valid QR code: copy no. 001 of edition 1.0");
    expect(screen.getByTestId("verify-qr-copy").textContent).toContain("Issued to: HTX Thuận Hòa");
  });
});

describe("the verification address", () => {
  it("is refused unless https, stored when valid, used by later editions, and can be removed", async () => {
    const { b, h } = install();
    render(VerificationAddress);
    await settle();
    expect(screen.getByTestId("qr-address-msg").textContent).toContain("Chưa đặt");

    await type(field("qr-address"), "http://txng.angiang.gov.vn/kiem-tra");
    await fireEvent.click(screen.getByTestId("qr-address-save"));
    await settle();
    expect(screen.getByTestId("qr-address-msg").textContent).toContain("phải bắt đầu bằng https://");
    expect(await b.verificationAddress()).toBeNull();

    await type(field("qr-address"), "https://txng.angiang.gov.vn/kiem-tra/");
    await fireEvent.click(screen.getByTestId("qr-address-save"));
    await settle();
    expect(field("qr-address").value).toBe("https://txng.angiang.gov.vn/kiem-tra");
    expect(screen.getByTestId("qr-address-msg").textContent).toContain("Các bản phát hành mới dẫn tới: https://txng.angiang.gov.vn/kiem-tra");
    const report = await publish(b, h.id, "1.0");
    expect(report.files[0].qr).toMatch(/^https:\/\/txng\.angiang\.gov\.vn\/kiem-tra\/[0-9a-f-]{36}\/001\?v=1&d=[0-9A-F]{16}$/);
    expect(report.files[0].cover).toBe("Bản số 001");

    await fireEvent.click(screen.getByTestId("qr-address-clear"));
    await settle();
    expect(await b.verificationAddress()).toBeNull();
    expect(field("qr-address").value).toBe("");
    expect(screen.getByTestId("qr-address-msg").textContent).toContain("Chưa đặt");
  });

  it("is what the publish wizard says the QR codes hold, never a made-up address", async () => {
    const { b } = install();
    const view = render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    const said = screen.getByTestId("publish-qr").textContent ?? "";
    expect(said).toContain("Chưa đặt địa chỉ kiểm tra");
    expect(document.body.textContent).not.toContain("sotay.invalid");
    view.unmount();
    await b.setVerificationAddress("https://txng.angiang.gov.vn/kiem-tra");
    render(PublishWizard, { handbooks: await b.listHandbooks(), onclose: vi.fn() });
    await settle();
    expect(screen.getByTestId("publish-qr").textContent).toContain("https://txng.angiang.gov.vn/kiem-tra");
  });
});
