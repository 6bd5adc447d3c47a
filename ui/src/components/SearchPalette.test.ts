import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import SearchPalette from "./SearchPalette.svelte";
import { i18n } from "../lib/i18n/index.svelte";
import { router } from "../lib/router.svelte";
import { settle, type } from "../test/dom";
import { newAssessment } from "../test/exchange";
import { useRustBackend } from "../test/rust";

const backend = useRustBackend();

/** Types a query and lets the debounced search answer. */
async function search(q: string) {
  vi.useFakeTimers();
  await type(screen.getByTestId("search-input"), q);
  await vi.advanceTimersByTimeAsync(200);
  vi.useRealTimers();
  await settle();
}

describe("the search palette (Ctrl+K)", () => {
  beforeEach(() => {
    i18n.lang = "vi";
    router.go({ area: "handbooks" });
  });
  afterEach(() => cleanup());

  it("finds chapters and checklist items without marks, grouped under Vietnamese headings, the match marked", async () => {
    const b = backend();
    const a = newAssessment(b);
    await b.answerItem(a.id, "S5.1", "minor", "Nhật ký ao thiếu hai ngày", "");
    render(SearchPalette, { onclose: vi.fn() });
    expect(document.activeElement).toBe(screen.getByTestId("search-input"));
    expect(screen.getByRole("dialog").textContent).toContain("“ho tieu” tìm ra “hồ tiêu”");
    await search("nhat ky ao");
    const groups = screen.getAllByTestId("search-group");
    expect(groups.map((g) => g.querySelector("h3")?.textContent)).toEqual(["Chương", "Mục kiểm tra", "Phát hiện"]);
    const first = screen.getAllByTestId("search-hit")[0];
    expect(first.getAttribute("aria-selected")).toBe("true");
    expect([...first.querySelectorAll("mark")].map((m) => m.textContent?.toLowerCase()).join(" ")).toContain("nhật ký ao");
    const item = screen.getAllByTestId("search-hit").find((h) => h.dataset.kind === "item")!;
    expect(item.textContent).toContain("S5.1 · ");
    expect(item.textContent).toContain("Hợp tác xã");
    expect(item.textContent).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect(item.textContent).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it("moves with the arrows, opens the place with Enter and closes with Esc", async () => {
    const b = backend();
    const a = newAssessment(b);
    await b.answerItem(a.id, "S5.1", "minor", "Sổ ghi của anh Quách thiếu hai ngày", "");
    const onclose = vi.fn();
    render(SearchPalette, { onclose });
    await search("quach");
    const input = screen.getByTestId("search-input");
    const hits = () => screen.getAllByTestId("search-hit");
    expect(hits().map((h) => h.dataset.kind)).toEqual(["item", "finding"]);
    await fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(hits()[1].getAttribute("aria-selected")).toBe("true");
    expect(input.getAttribute("aria-activedescendant")).toBe(hits()[1].id);
    await fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(hits()[0].getAttribute("aria-selected")).toBe("true");
    await fireEvent.keyDown(input, { key: "ArrowUp" });
    await fireEvent.keyDown(input, { key: "Enter" });
    await settle();
    const finding = (await b.findings(a.id)).find((f) => f.item_id === "S5.1")!;
    expect(router.route).toEqual({ area: "pilots", assessmentId: a.id, tab: "findings", finding: finding.id });
    expect(location.hash).toBe(`#/pilots/${a.id}/findings?finding=${finding.id}`);
    expect(onclose).toHaveBeenCalledTimes(1);
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(onclose).toHaveBeenCalledTimes(2);
  });

  it("says when nothing is found, and an empty box asks for words", async () => {
    render(SearchPalette, { onclose: vi.fn() });
    await search("khongcotunay");
    expect(screen.getByTestId("search-empty").textContent).toBe("Không tìm thấy “khongcotunay”.");
    await search("   ");
    expect(screen.queryByTestId("search-empty")).toBeNull();
    expect(screen.queryAllByTestId("search-hit")).toHaveLength(0);
  });
});
