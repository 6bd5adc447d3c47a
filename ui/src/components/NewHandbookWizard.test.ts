import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import NewHandbookWizard from "./NewHandbookWizard.svelte";
import { setBackend } from "../lib/backend";
import { memoryBackend } from "../lib/backend/memory";
import { i18n } from "../lib/i18n/index.svelte";
import { pilots, templateDetail, templates } from "../test/fixtures";

async function settle() {
  for (let i = 0; i < 5; i++) {
    await tick();
    await new Promise((r) => setTimeout(r, 0));
  }
}

async function openVariables() {
  const oncreated = vi.fn();
  render(NewHandbookWizard, { templates, oncancel: () => {}, oncreated });
  await fireEvent.click(screen.getByTestId("wizard-template-tom-nuoc-lo"));
  await fireEvent.click(screen.getByTestId("wizard-next"));
  await settle();
  return oncreated;
}

describe("the new-handbook wizard", () => {
  beforeEach(() => {
    i18n.lang = "vi";
    setBackend(memoryBackend({ handbooks: [], templates, pilots, templateDetails: [templateDetail] }));
  });
  afterEach(() => cleanup());

  it("fills the form with the template's sample values, by section", async () => {
    await openVariables();
    expect((document.getElementById("var-product_name") as HTMLInputElement).value).toBe("Tôm sú Thuận Hòa");
    expect(screen.getByTestId("group-product").textContent).toContain("Sản phẩm và thị trường");
    expect(screen.getByTestId("field-product.gtin").textContent).toContain("Mã GTIN hợp lệ (13 chữ số)");
    expect(screen.queryByTestId("wizard-blocked")).toBeNull();
  });

  it("checks the GTIN check digit on every keystroke, before the backend answers", async () => {
    await openVariables();
    const gtin = document.getElementById("var-product_gtin") as HTMLInputElement;
    await fireEvent.input(gtin, { target: { value: "8939990100117" } });
    const field = screen.getByTestId("field-product.gtin");
    expect(field.textContent).toContain("chữ số kiểm tra là 7, đúng ra phải là 2");
    expect(gtin.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByTestId("wizard-blocked").textContent).toContain("Còn 1 lỗi");
    expect((screen.getByTestId("wizard-create") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId("group-product").textContent).toContain("1 lỗi");

    await fireEvent.input(gtin, { target: { value: "893999010011" } });
    expect(field.textContent).toContain("chữ số kiểm tra là 1, đúng ra phải là 9");
    await fireEvent.input(gtin, { target: { value: "89399901001" } });
    expect(field.textContent).toContain("có 11 chữ số, cần 8 hoặc 12 hoặc 13 hoặc 14");

    await fireEvent.input(gtin, { target: { value: "8939990100112" } });
    expect(field.textContent).not.toContain("chữ số kiểm tra");
    expect(screen.queryByTestId("wizard-blocked")).toBeNull();
  });

  it("checks GLNs in table rows too, and shows the backend's diagnostics next to the field", async () => {
    await openVariables();
    await fireEvent.click(screen.getByTestId("group-chain"));
    const cell = document.getElementById("var-chain_sites_1__gln") as HTMLInputElement;
    await fireEvent.input(cell, { target: { value: "8939990190015" } });
    expect(cell.closest("td")?.textContent).toContain("chữ số kiểm tra là 5, đúng ra phải là 4");
    await fireEvent.click(screen.getByTestId("add-row"));
    expect(screen.getAllByTestId("table-row")).toHaveLength(2);
    await fireEvent.click(screen.getAllByTestId("remove-row")[1]);
    expect(screen.getAllByTestId("table-row")).toHaveLength(1);

    await fireEvent.click(screen.getByTestId("group-product"));
    const name = document.getElementById("var-product_name") as HTMLInputElement;
    await fireEvent.input(name, { target: { value: "" } });
    await new Promise((r) => setTimeout(r, 350)); // the backend validation is debounced
    await settle();
    expect(screen.getByTestId("field-product.name").textContent).toContain("đây là biến bắt buộc");
  });

  it("creates the handbook with the values in NFC", async () => {
    const oncreated = await openVariables();
    const name = document.getElementById("var-product_name") as HTMLInputElement;
    // "Tôm sú" typed as decomposed characters (as some input methods send them).
    await fireEvent.input(name, { target: { value: "To\u0302m su\u0301 An Minh" } });
    await settle();
    await fireEvent.click(screen.getByTestId("wizard-create"));
    await settle();
    expect(oncreated).toHaveBeenCalledTimes(1);
    expect(oncreated.mock.calls[0][0].product).toBe("Tôm sú An Minh".normalize("NFC"));
    expect(oncreated.mock.calls[0][0].product).toBe("Tôm sú An Minh");
  });
});
