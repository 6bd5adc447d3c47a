import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import RulesSettings from "./RulesSettings.svelte";
import { setBackend, type Rules } from "../../lib/backend";
import { i18n } from "../../lib/i18n/index.svelte";
import { settle, type } from "../../test/dom";
import { removeBackend, rustBackend, type RustBackend } from "../../test/rust";

/** Each test runs the real `sotay` a dozen times or more: room for a busy machine. */
const SLOW = 30_000;

let b: RustBackend | null = null;

/** The form on the sample workspace; resolves to the backend and its rules (DOMAIN.md's defaults). */
async function open() {
  b = rustBackend();
  setBackend(b);
  const defaults = await b.workspaceRules();
  render(RulesSettings);
  await settle();
  return { b, defaults };
}

const field = (key: keyof Rules) => screen.getByTestId(`rule-${key}`) as HTMLInputElement;

describe("Cài đặt → Quy tắc đánh giá", { timeout: SLOW }, () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(() => {
    cleanup();
    if (b) removeBackend(b);
    b = null;
  });

  it("shows every number of the rules with its label and unit", async () => {
    const { defaults } = await open();
    const keys = Object.keys(defaults) as (keyof Rules)[];
    for (const k of keys) expect(field(k).value, k).toBe(String(defaults[k]).replace(".", ","));
    expect(keys).toHaveLength(14);
    expect(field("effective_score").value).toBe("85");
    expect(field("trace_pass_minutes").value).toBe("240");
    const row = (k: keyof Rules) => field(k).closest(".field")!.textContent!.replace(/\s+/g, " ").trim();
    expect(row("effective_score")).toContain("Điểm hiệu lực (từ)");
    expect(row("effective_score")).toContain("điểm / 100");
    expect(row("trace_pass_minutes")).toContain("Thời gian truy xuất đạt (tối đa) phút = 4 giờ");
    expect(row("qty_pass_pct")).toContain("Dung sai khối lượng đạt ± %");
    expect(row("kde_pass_pct")).toContain("Ngưỡng dữ liệu chính đạt (từ) %");
    expect(row("typos_minor")).toContain("Số lỗi đánh máy tối đa cho lỗi nhẹ lỗi");
    expect(row("major_due_days")).toContain("Hạn khắc phục lỗi nặng ngày");
    expect(row("weight_m")).toContain("Trọng số mục bắt buộc (M) điểm / mục");
    expect(screen.getByTestId("rules-note").textContent).toContain("chỉ áp dụng cho các đợt đánh giá mới");
    expect((screen.getByTestId("rules-save") as HTMLButtonElement).disabled).toBe(true);
  });

  it("saves a change, shows the backend's refusal, and resets to the defaults", async () => {
    const { b, defaults } = await open();
    await type(field("effective_score"), "90");
    await type(field("qty_pass_pct"), "1,5");
    await fireEvent.submit(screen.getByTestId("rules-settings"));
    await settle();
    expect(screen.getByTestId("rules-status").textContent).toContain("Đã lưu — áp dụng cho các đợt đánh giá mới.");
    expect(await b.workspaceRules()).toEqual({ ...defaults, effective_score: 90, qty_pass_pct: 1.5 });
    expect(field("qty_pass_pct").value).toBe("1,5");

    // What does not read as a number is said at the field; nothing is sent.
    const sent = b.calls.filter((c) => c.command === "set_workspace_rules").length;
    await type(field("major_due_days"), "30,5");
    await type(field("typos_minor"), "hai");
    await fireEvent.submit(screen.getByTestId("rules-settings"));
    await settle();
    expect(field("major_due_days").closest(".field")!.textContent).toContain("Cần một số nguyên.");
    expect(field("typos_minor").closest(".field")!.textContent).toContain("Cần một số không âm.");
    expect(b.calls.filter((c) => c.command === "set_workspace_rules")).toHaveLength(sent);
    await type(field("major_due_days"), "30");
    await type(field("typos_minor"), "2");

    // Rules that make no sense: the backend's words, nothing changed.
    await type(field("not_effective_score"), "95");
    await fireEvent.submit(screen.getByTestId("rules-settings"));
    await settle();
    expect(screen.getByTestId("rules-error").textContent).toBe(
      "Quy tắc không được lưu: ngưỡng “không hiệu lực” phải ≤ ngưỡng “hiệu lực” ≤ 100.",
    );
    expect((await b.workspaceRules()).not_effective_score).toBe(65);

    await fireEvent.click(screen.getByTestId("rules-reset"));
    await settle();
    expect(await b.workspaceRules()).toEqual(defaults);
    expect(field("effective_score").value).toBe("85");
    expect(field("not_effective_score").value).toBe("65");
    expect(screen.queryByTestId("rules-error")).toBeNull();
  });
});
