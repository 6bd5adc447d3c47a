import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import VariableHistory from "./VariableHistory.svelte";
import { setBackend, type VariableDef } from "../../lib/backend";
import { i18n } from "../../lib/i18n/index.svelte";
import { changeVariables, sampleHandbook } from "../../test/authoring";
import { settle } from "../../test/dom";
import { removeBackend, rustBackend, type RustBackend } from "../../test/rust";

type Obj = Record<string, Record<string, unknown>>;

let b: RustBackend;
let handbookId: string;
let defs: VariableDef[];

/** The number of the newest change of `key` in the variables' history. */
async function numberOf(key: string): Promise<number> {
  const change = (await b.variableHistory(handbookId)).filter((c) => c.key === key).at(-1);
  if (!change) throw new Error(`no change of ${key}`);
  return change.number;
}

const numbers = () => screen.getAllByTestId("variable-change").map((r) => Number(r.querySelector(".num")?.textContent));

/** Two saved changes: one sets a variable that had no value, the next changes a field of an
 *  address; returns their numbers. */
async function twoChanges(): Promise<[number, number]> {
  await changeVariables(b, "Phạm Thu", (v) => {
    v.product.image_url = "https://example.vn/tom-su.jpg";
  });
  await changeVariables(b, "Lê Thanh Tùng", (v) => {
    (v.organization.address as Record<string, unknown>).commune = "xã Vĩnh Hòa Hưng";
  });
  return [await numberOf("product.image_url"), await numberOf("organization.address.commune")];
}

// Each test runs the real backend many times: allow for a busy machine.
describe("variable history", { timeout: 60_000 }, () => {
  beforeEach(async () => {
    i18n.lang = "vi";
    b = rustBackend({ now: "2026-12-07T10:00:00+07:00" });
    setBackend(b);
    handbookId = (await sampleHandbook(b)).summary.id;
    defs = (await b.getTemplate("tom-nuoc-lo")).variables;
  }, 60_000);
  afterEach(() => {
    cleanup();
    removeBackend(b);
  });

  it("lists changes newest first with labels, who, before and after", async () => {
    const [image, commune] = await twoChanges();
    render(VariableHistory, { handbookId, defs, readonly: false, refresh: 0, onundone: () => {} });
    await settle();
    const all = (await b.variableHistory(handbookId)).map((c) => c.number);
    expect(numbers()).toEqual(all.reverse());
    expect(numbers().slice(0, 2)).toEqual([commune, image]);
    const rows = screen.getAllByTestId("variable-change");
    expect(rows[0].textContent).toContain("Địa chỉ trụ sở › Xã, phường");
    expect(rows[0].textContent).toContain("Lê Thanh Tùng");
    expect(rows[0].textContent).toContain("xã An Minh");
    expect(rows[0].textContent).toContain("xã Vĩnh Hòa Hưng");
    expect(rows[1].textContent).toContain("Đường dẫn ảnh sản phẩm");
    expect(rows[1].textContent).toContain("Phạm Thu");
    expect(rows[1].textContent).toContain("(trống)");
    expect(rows[1].textContent).toContain("https://example.vn/tom-su.jpg");
  });

  it("undoes a change through the backend and says so", async () => {
    const [image, commune] = await twoChanges();
    const undo = vi.spyOn(b, "undoVariableChange");
    const onundone = vi.fn();
    render(VariableHistory, { handbookId, defs, readonly: false, refresh: 0, onundone });
    await settle();
    await fireEvent.click(screen.getAllByTestId("variable-undo")[1]);
    await settle();
    expect(undo).toHaveBeenCalledWith(handbookId, image);
    expect(onundone).toHaveBeenCalled();
    expect(screen.getByRole("status").textContent).toContain(`Đã hoàn tác thay đổi #${image}`);
    // The undo is itself a change, listed first; the variable has no value again.
    expect(numbers().slice(0, 3)).toEqual([commune + 1, commune, image]);
    const rows = screen.getAllByTestId("variable-change");
    expect(rows[0].textContent).toContain("Đường dẫn ảnh sản phẩm");
    expect(rows[0].textContent).toContain("https://example.vn/tom-su.jpg");
    const { variables } = await b.openHandbook(handbookId);
    expect((variables as Obj).product.image_url).toBeUndefined();
  });

  it("says why when the old value is no longer valid, and offers no undo when read-only", async () => {
    // The representative removed, then given back with a name and a title only: undoing the
    // name's change would leave a representative without a name.
    let representative: Record<string, unknown> = {};
    await changeVariables(b, "Phạm Thu", (v) => {
      representative = v.organization.representative as Record<string, unknown>;
      delete v.organization.representative;
    });
    await changeVariables(b, "Phạm Thu", (v) => {
      v.organization.representative = { name: representative.name, title: representative.title };
    });
    const name = await numberOf("organization.representative.name");
    const count = (await b.variableHistory(handbookId)).length;
    render(VariableHistory, { handbookId, defs, readonly: false, refresh: 0, onundone: () => {} });
    await settle();
    const row = screen.getAllByTestId("variable-change").find((r) => r.querySelector(".num")?.textContent === String(name));
    expect(row?.textContent).toContain("Người đại diện theo pháp luật › Họ và tên");
    expect(row?.textContent).toContain("(trống)");
    await fireEvent.click(row!.querySelector("[data-testid=variable-undo]")!);
    await settle();
    expect(screen.getByRole("alert").textContent).toContain(`Không hoàn tác được thay đổi #${name}`);
    expect(screen.getAllByTestId("variable-change")).toHaveLength(count);
    expect(await b.variableHistory(handbookId)).toHaveLength(count);
    cleanup();

    render(VariableHistory, { handbookId, defs, readonly: true, refresh: 0, onundone: () => {} });
    await settle();
    expect(screen.getAllByTestId("variable-change")).toHaveLength(count);
    expect(screen.queryAllByTestId("variable-undo")).toHaveLength(0);
  });
});
