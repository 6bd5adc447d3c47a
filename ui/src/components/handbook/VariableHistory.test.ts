import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import VariableHistory from "./VariableHistory.svelte";
import { setBackend, type VariableChange, type VariableDef } from "../../lib/backend";
import { memoryBackend } from "../../lib/backend/memory";
import { handbook, pilots, templates } from "../../test/fixtures";

async function settle() {
  for (let i = 0; i < 4; i++) {
    await tick();
    await new Promise((r) => setTimeout(r, 0));
  }
}

const defs = [
  { key: "product.brand", label: { vi: "Nhãn hiệu", en: "Brand" } },
  { key: "organization.address", label: { vi: "Địa chỉ", en: "Address" } },
] as unknown as VariableDef[];

const changes: VariableChange[] = [
  { id: "a", number: 1, key: "product.brand", old_value: null, new_value: "Tôm Rạch Giá", author: "Phạm Thu", at: "2026-12-07T03:00:00Z" },
  { id: "b", number: 2, key: "organization.address.commune", old_value: "Thạnh Đông", new_value: "Vĩnh Hòa Hưng", author: "Lê Thanh Tùng", at: "2026-12-07T04:00:00Z" },
];

function backendWith(undo = vi.fn(async () => ({ saved: true, diagnostics: [] }))) {
  const b = memoryBackend({ handbooks: [handbook], templates, pilots });
  b.variableHistory = vi.fn(async () => structuredClone(changes));
  b.undoVariableChange = undo;
  setBackend(b);
  return undo;
}

describe("variable history", () => {
  afterEach(() => cleanup());

  it("lists changes newest first with labels, who, before and after", async () => {
    backendWith();
    render(VariableHistory, { handbookId: "h", defs, readonly: false, refresh: 0, onundone: () => {} });
    await settle();
    const rows = screen.getAllByTestId("variable-change");
    expect(rows.map((r) => r.querySelector(".num")?.textContent)).toEqual(["2", "1"]);
    expect(rows[0].textContent).toContain("Địa chỉ › commune");
    expect(rows[0].textContent).toContain("Lê Thanh Tùng");
    expect(rows[0].textContent).toContain("Thạnh Đông");
    expect(rows[1].textContent).toContain("(trống)");
    expect(rows[1].textContent).toContain("Tôm Rạch Giá");
  });

  it("undoes a change through the backend and says so", async () => {
    const undo = backendWith();
    const onundone = vi.fn();
    render(VariableHistory, { handbookId: "h", defs, readonly: false, refresh: 0, onundone });
    await settle();
    await fireEvent.click(screen.getAllByTestId("variable-undo")[1]);
    await settle();
    expect(undo).toHaveBeenCalledWith("h", 1);
    expect(onundone).toHaveBeenCalled();
    expect(screen.getByRole("status").textContent).toContain("Đã hoàn tác thay đổi #1");
  });

  it("says why when the old value is no longer valid, and offers no undo when read-only", async () => {
    backendWith(vi.fn(async () => ({ saved: false, diagnostics: [] })));
    render(VariableHistory, { handbookId: "h", defs, readonly: false, refresh: 0, onundone: () => {} });
    await settle();
    await fireEvent.click(screen.getAllByTestId("variable-undo")[0]);
    await settle();
    expect(screen.getByRole("alert").textContent).toContain("Không hoàn tác được thay đổi #2");
    cleanup();
    backendWith();
    render(VariableHistory, { handbookId: "h", defs, readonly: true, refresh: 0, onundone: () => {} });
    await settle();
    expect(screen.queryAllByTestId("variable-undo")).toHaveLength(0);
  });

});
