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

  it("shows the history newest first with a word diff, and restores an old revision as a new one", async () => {
    const b = await open();
    typeAtEnd("\n\nThu hoạch tôm trong 4 giờ.");
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    const view = editorView();
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: "# Giới thiệu chung\n\nThu hoạch tôm sú trong 2 giờ." } });
    await vi.advanceTimersByTimeAsync(1000);
    await settle();

    await fireEvent.click(screen.getByTestId("tab-history"));
    await settle();
    const rows = () => screen.getAllByTestId("revision").map((r) => r.textContent ?? "");
    expect(rows().map((r) => r.match(/#\d+/)?.[0])).toEqual(["#4", "#3", "#1"]);
    expect(rows()[0]).toContain("Trần Thị Thu Hà");
    expect(rows()[0]).toContain("Bản hiện tại");
    expect(screen.getByTestId("diff-left").querySelector("del")?.textContent?.trim()).toBe("4");
    expect([...screen.getByTestId("diff-right").querySelectorAll("ins")].map((e) => e.textContent?.trim())).toEqual(["sú", "2"]);

    // Restore #3: a new revision #5 with #3's text; the editor shows it.
    const restore = screen.getAllByTestId("revision")[1].querySelector<HTMLButtonElement>("[data-testid=restore]");
    await fireEvent.click(restore!);
    await settle();
    expect(rows()[0]).toMatch(/#5\s*Khôi phục/);
    expect((await b.openHandbook(handbook.summary.id)).chapters[0].source).toBe("# Giới thiệu chung\n\nThu hoạch tôm trong 4 giờ.");
    await fireEvent.click(screen.getByTestId("tab-chapters"));
    await settle();
    expect(editorView().state.doc.toString()).toBe("# Giới thiệu chung\n\nThu hoạch tôm trong 4 giờ.");
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

  it("moves chapters with the keyboard-reachable up/down buttons", async () => {
    const b = await open();
    const titles = () => screen.getAllByTestId("chapter-item").map((e) => e.textContent?.replace(/\s+/g, " ").trim());
    expect(titles()[0]).toContain("Giới thiệu chung");
    expect((screen.getByTestId("chapter-up") as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId("chapter-down"));
    await settle();
    expect(titles()[0]).toContain("Định danh");
    expect(titles()[1]).toContain("Giới thiệu chung");
    expect((await b.openHandbook(handbook.summary.id)).chapters.map((c) => c.key)).toEqual(["dinh-danh", "gioi-thieu"]);
  });

  it("inserts a note and a QR block from the toolbar, on lines of their own", async () => {
    await open();
    const view = editorView();
    const toEnd = () => view.dispatch({ selection: { anchor: view.state.doc.length } });
    toEnd();
    await fireEvent.click(screen.getByTestId("insert-note"));
    // The placeholder is selected, to be typed over.
    const sel = view.state.selection.main;
    expect(view.state.sliceDoc(sel.from, sel.to)).toBe("Nội dung ghi chú.");
    toEnd();
    await fireEvent.click(screen.getByTestId("insert-qr"));
    const text = view.state.doc.toString();
    expect(text).toContain("# Giới thiệu chung\n\n> [!NOTE]\n> Nội dung ghi chú.\n\n```qr");
    expect(text).toMatch(/\n```qr\nhttps:\/\/id\.gs1\.org\/01\/[^\n]+\n```\n/);
    expect(screen.getByTestId("save-state").textContent).toContain("Chưa lưu");
  });

  it("saves variables only without errors, and says why not", async () => {
    const b = await open();
    await fireEvent.click(screen.getByTestId("tab-variables"));
    await settle();
    const gtin = document.getElementById("var-product_gtin") as HTMLInputElement;
    await fireEvent.input(gtin, { target: { value: "8939990100112" } });
    await fireEvent.click(screen.getByTestId("group-organization"));
    const gln = document.getElementById("var-organization_gln") as HTMLInputElement;
    await fireEvent.input(gln, { target: { value: "8939990190007" } });
    await fireEvent.click(screen.getByTestId("group-product"));
    const name = document.getElementById("var-product_name") as HTMLInputElement;
    await fireEvent.input(name, { target: { value: "" } });
    await fireEvent.click(screen.getByTestId("vars-save"));
    await settle();
    expect(screen.getByTestId("vars-state").textContent).toContain("Chưa lưu: còn 1 lỗi");
    expect(screen.getByTestId("field-product.name").textContent).toContain("đây là biến bắt buộc");

    await fireEvent.input(name, { target: { value: "Tôm thẻ chân trắng Rạch Giá" } });
    await fireEvent.click(screen.getByTestId("vars-save"));
    await settle();
    expect(screen.getByTestId("vars-state").textContent).toContain("Đã lưu");
    const saved = await b.openHandbook(handbook.summary.id);
    expect(saved.summary.product).toBe("Tôm thẻ chân trắng Rạch Giá");
    expect(saved.chapters[1].render_error).toBeNull();
  });
});
