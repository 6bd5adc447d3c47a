import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import NewHandbookWizard from "./NewHandbookWizard.svelte";
import { setBackend, type HandbookSummary } from "../lib/backend";
import { i18n } from "../lib/i18n/index.svelte";
import { removeBackend, rustBackend, type RustBackend } from "../test/rust";

/** Lets promises, effects and zero-delay timers run (the clock is fake). */
async function settle() {
  for (let i = 0; i < 6; i++) await vi.advanceTimersByTimeAsync(0);
}

/** Types a value as the user would, then waits until typing has paused long enough for the
 *  form's checks to have answered. */
async function typeInto(el: Element, value: string) {
  await fireEvent.input(el, { target: { value } });
  await vi.advanceTimersByTimeAsync(1000);
  await settle();
}

const input = (id: string) => document.getElementById(id) as HTMLInputElement;

let b: RustBackend;

async function openVariables() {
  const oncreated = vi.fn<(h: HandbookSummary) => void>();
  render(NewHandbookWizard, { templates: await b.listTemplates(), oncancel: () => {}, oncreated });
  await fireEvent.click(screen.getByTestId("wizard-template-tom-nuoc-lo"));
  await fireEvent.click(screen.getByTestId("wizard-next"));
  await vi.advanceTimersByTimeAsync(1000);
  await settle();
  await fireEvent.click(screen.getByTestId("group-product"));
  return oncreated;
}

// Each test runs the real backend many times: allow for a busy machine.
describe("the new-handbook wizard", { timeout: 60_000 }, () => {
  beforeEach(() => {
    vi.useFakeTimers();
    i18n.lang = "vi";
    b = rustBackend();
    setBackend(b);
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    removeBackend(b);
  });

  it("fills the form with the template's sample values, by section", async () => {
    await openVariables();
    const sample = (await b.getTemplate("tom-nuoc-lo")).sample_vars as { product: { name: string } };
    expect(input("var-product_name").value).toBe(sample.product.name);
    expect(input("var-product_name").value).toBe("Tôm sú nguyên con đông lạnh Thuận Hòa");
    expect(screen.getByTestId("group-product").textContent).toContain("Sản phẩm và thị trường");
    expect(screen.getByTestId("field-product.gtin").textContent).toContain("Mã GTIN hợp lệ (13 chữ số)");
    expect(screen.queryByTestId("wizard-blocked")).toBeNull();
    expect((screen.getByTestId("wizard-create") as HTMLButtonElement).disabled).toBe(false);
  });

  it("checks the GTIN as the user types and blocks creating while it is wrong", async () => {
    await openVariables();
    const gtin = input("var-product_gtin");
    const field = screen.getByTestId("field-product.gtin");
    await typeInto(gtin, "8939990100117");
    expect(field.textContent).toContain("chữ số kiểm tra là 7, đúng ra phải là 2");
    expect(gtin.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByTestId("wizard-blocked").textContent).toContain("Còn 1 lỗi");
    expect((screen.getByTestId("wizard-create") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId("group-product").textContent).toContain("1 lỗi");

    await typeInto(gtin, "893999010011");
    expect(field.textContent).toContain("chữ số kiểm tra là 1, đúng ra phải là 9");
    await typeInto(gtin, "89399901001");
    expect(field.textContent).toContain("có 11 chữ số, cần 8 hoặc 12 hoặc 13 hoặc 14");

    await typeInto(gtin, "8939990100112");
    expect(field.textContent).not.toContain("chữ số kiểm tra");
    expect(field.textContent).toContain("Mã GTIN hợp lệ (13 chữ số)");
    expect(gtin.getAttribute("aria-invalid")).toBe("false");
    expect(screen.queryByTestId("wizard-blocked")).toBeNull();
  });

  it("checks table cells too, edits rows, and shows the backend's diagnostics next to the field", async () => {
    await openVariables();
    await fireEvent.click(screen.getByTestId("group-chain"));
    await settle();
    // The sites' GLN column takes 13 digits (or none): 12 are refused in that cell.
    const cell = input("var-chain_sites_2__gln");
    expect(cell.value).toBe("8939990190014");
    await typeInto(cell, "893999019001");
    expect(cell.closest("td")?.textContent).toContain("“893999019001” không đúng định dạng");
    expect(cell.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByTestId("group-chain").textContent).toContain("1 lỗi");
    await typeInto(cell, "8939990190014");
    expect(cell.closest("td")?.textContent).not.toContain("không đúng định dạng");

    const sites = within(screen.getByTestId("field-chain.sites"));
    const rows = sites.getAllByTestId("table-row").length;
    await fireEvent.click(sites.getByTestId("add-row"));
    expect(sites.getAllByTestId("table-row")).toHaveLength(rows + 1);
    await fireEvent.click(sites.getAllByTestId("remove-row")[rows]);
    expect(sites.getAllByTestId("table-row")).toHaveLength(rows);

    await fireEvent.click(screen.getByTestId("group-product"));
    await typeInto(input("var-product_name"), "");
    expect(screen.getByTestId("field-product.name").textContent).toContain("đây là biến bắt buộc");
    expect(screen.getByTestId("wizard-blocked").textContent).toContain("Còn 1 lỗi");
  });

  it("creates the handbook with the values in NFC", async () => {
    const oncreated = await openVariables();
    // "Tôm sú" typed as decomposed characters (as some input methods send them).
    await typeInto(input("var-product_name"), "To\u0302m su\u0301 An Minh");
    await fireEvent.click(screen.getByTestId("wizard-create"));
    await settle();
    expect(oncreated).toHaveBeenCalledTimes(1);
    const created = oncreated.mock.calls[0][0];
    expect(created.product).toBe("Tôm sú An Minh".normalize("NFC"));
    expect(created.product).toBe("Tôm sú An Minh");
    expect(created.template_id).toBe("tom-nuoc-lo");
    const stored = await b.openHandbook(created.id);
    expect((stored.variables.product as { name: string }).name).toBe("Tôm sú An Minh");
    expect(b.calls.find((c) => c.command === "create_handbook")?.args).toMatchObject({ templateId: "tom-nuoc-lo" });
  });
});
