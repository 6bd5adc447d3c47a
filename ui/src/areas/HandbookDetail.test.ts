import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { EditorView } from "@codemirror/view";
import App from "../App.svelte";
import { setBackend } from "../lib/backend";
import { memoryBackend } from "../lib/backend/memory";
import { i18n } from "../lib/i18n/index.svelte";
import { router } from "../lib/router.svelte";
import { handbook, pilots, templateDetail, templates } from "../test/fixtures";

async function settle() {
  for (let i = 0; i < 6; i++) await vi.advanceTimersByTimeAsync(0);
}

function editorView(): EditorView {
  const dom = document.querySelector<HTMLElement>(".cm-editor");
  const view = dom && EditorView.findFromDOM(dom);
  if (!view) throw new Error("no editor");
  return view;
}

function typeAtEnd(text: string) {
  const view = editorView();
  view.dispatch({ changes: { from: view.state.doc.length, insert: text }, userEvent: "input.type" });
}

async function open(status: "draft" | "approved" = "draft") {
  const b = memoryBackend({
    handbooks: [{ ...handbook, summary: { ...handbook.summary, status } }],
    templates, pilots, templateDetails: [templateDetail], userName: "Trần Thị Thu Hà",
  });
  setBackend(b);
  router.go({ area: "handbooks", handbookId: handbook.summary.id });
  render(App);
  await settle();
  return b;
}

describe("the handbook editor", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    i18n.lang = "vi";
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it("autosaves a second after typing stops and shows Chưa lưu → Đang lưu… → Đã lưu", async () => {
    const b = await open();
    expect(editorView().state.doc.toString()).toBe("# Giới thiệu chung");
    const state = screen.getByTestId("save-state");

    typeAtEnd("\n\nThu hoạch tôm sú");
    await settle();
    expect(state.textContent).toContain("Chưa lưu");
    await vi.advanceTimersByTimeAsync(999);
    expect(await b.history(handbook.summary.id, "c1")).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(state.textContent).toContain("Đã lưu");
    const revisions = await b.history(handbook.summary.id, "c1");
    expect(revisions).toHaveLength(2);
    expect(revisions[0]).toMatchObject({ number: 3, kind: "edit", author: "Trần Thị Thu Hà" });
    expect((await b.revision(handbook.summary.id, "3")).source).toBe("# Giới thiệu chung\n\nThu hoạch tôm sú");

    // The live preview follows the text.
    await vi.advanceTimersByTimeAsync(200);
    expect(screen.getByTestId("chapter-body").textContent).toContain("Thu hoạch tôm sú");
  });

  it("saves at once when another chapter is opened, and each chapter keeps its own text", async () => {
    const b = await open();
    typeAtEnd(" — bản sửa");
    await settle();
    await fireEvent.click(screen.getAllByTestId("chapter-item")[1]);
    await settle();
    expect((await b.revision(handbook.summary.id, "3")).source).toBe("# Giới thiệu chung — bản sửa");
    expect(editorView().state.doc.toString()).toBe("# Định danh\n{{ product.gtin }}");
    await fireEvent.click(screen.getAllByTestId("chapter-item")[0]);
    await settle();
    expect(editorView().state.doc.toString()).toBe("# Giới thiệu chung — bản sửa");
  });

  it("opens a diagnostic's chapter with the cursor at its line and column", async () => {
    await open();
    const item = screen
      .getAllByTestId("diagnostic")
      .find((d) => d.textContent?.includes("product.gtin") && d.textContent.includes("dòng 2"));
    expect(item?.textContent).toContain("Lỗi");
    expect(item?.textContent).toContain("Chương “Định danh”");
    await fireEvent.click(item!);
    await settle();
    const view = editorView();
    expect(view.state.doc.toString()).toBe("# Định danh\n{{ product.gtin }}");
    expect(view.state.selection.main.head).toBe(view.state.doc.line(2).from);
  });

  it("makes an approved handbook read-only and says how to reopen it", async () => {
    await open("approved");
    expect(screen.getByTestId("readonly-banner").textContent).toContain("Mở lại thành phiên bản mới");
    expect(screen.getByTestId("readonly-banner").textContent).toContain("phiên bản 2");
    expect(editorView().state.readOnly).toBe(true);
    expect(document.querySelector(".cm-content")?.getAttribute("contenteditable")).toBe("false");
    expect(screen.getByTestId("save-state").textContent).toContain("Chỉ xem");
    expect(screen.queryByTestId("add-chapter")).toBeNull();
    expect(screen.getByTestId("workflow-draft").textContent).toBe("Mở lại thành phiên bản mới");
  });
});
