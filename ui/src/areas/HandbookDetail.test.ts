import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { EditorView } from "@codemirror/view";
import App from "../App.svelte";
import { setBackend, type HandbookView } from "../lib/backend";
import { i18n } from "../lib/i18n/index.svelte";
import { router } from "../lib/router.svelte";
import { breakChapter, brokenSource, chapterOf, moveTo, sampleHandbook } from "../test/authoring";
import { approveHandbook } from "../test/exchange";
import { removeBackend, rustBackend, type RustBackend } from "../test/rust";

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

let b: RustBackend;
/** The sample handbook as it was when the editor opened it. */
let h: HandbookView;

/** Opens the sample handbook in the app, as "Trần Thị Thu Hà", after `setup` prepared the
 *  workspace through real commands. */
async function open(setup: (b: RustBackend) => Promise<unknown> = async () => {}) {
  b = rustBackend();
  await b.setUserName("Trần Thị Thu Hà");
  await setup(b);
  h = await sampleHandbook(b);
  setBackend(b);
  router.go({ area: "handbooks", handbookId: h.summary.id });
  render(App);
  await settle();
  return b;
}

/** The first chapter's text, "Lời nói đầu", as stored. */
const first = () => h.chapters[0].source;

// Each test runs the real backend many times: allow for a busy machine.
describe("the handbook editor", { timeout: 60_000 }, () => {
  beforeEach(() => {
    vi.useFakeTimers();
    i18n.lang = "vi";
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    removeBackend(b);
  });

  it("autosaves a second after typing stops and shows Chưa lưu → Đang lưu… → Đã lưu", async () => {
    await open();
    const id = h.summary.id;
    const c = h.chapters[0];
    expect(c.title).toBe("Lời nói đầu");
    expect(editorView().state.doc.toString()).toBe(first());
    const state = screen.getByTestId("save-state");

    typeAtEnd("\n\nThu hoạch tôm sú");
    await settle();
    expect(state.textContent).toContain("Chưa lưu");
    await vi.advanceTimersByTimeAsync(999);
    expect(await b.history(id, c.id)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(state.textContent).toContain("Đã lưu");
    const revisions = await b.history(id, c.id);
    expect(revisions).toHaveLength(2);
    expect(revisions[0]).toMatchObject({ kind: "edit", author: "Trần Thị Thu Hà" });
    expect(revisions[0].number).toBeGreaterThan(revisions[1].number);
    expect((await b.revision(id, revisions[0].id)).source).toBe(`${first()}\n\nThu hoạch tôm sú`);

    // The live preview follows the text.
    await vi.advanceTimersByTimeAsync(200);
    await settle();
    expect(screen.getByTestId("chapter-body").textContent).toContain("Thu hoạch tôm sú");
  });

  it("saves at once when another chapter is opened, and each chapter keeps its own text", async () => {
    await open();
    typeAtEnd(" — bản sửa");
    await settle();
    await fireEvent.click(screen.getAllByTestId("chapter-item")[1]);
    await settle();
    expect((await b.openHandbook(h.summary.id)).chapters[0].source).toBe(`${first()} — bản sửa`);
    expect(editorView().state.doc.toString()).toBe(h.chapters[1].source);
    await fireEvent.click(screen.getAllByTestId("chapter-item")[0]);
    await settle();
    expect(editorView().state.doc.toString()).toBe(`${first()} — bản sửa`);
  });

  it("opens a diagnostic's chapter with the cursor at its line and column", async () => {
    // "Định danh…" uses an undefined variable on line 3 ("Mã GTIN: {{ product.gtin_le }}").
    await open((b) => breakChapter(b, "dinh-danh"));
    const broken = chapterOf(h, "dinh-danh");
    const item = screen
      .getAllByTestId("diagnostic")
      .find((d) => d.textContent?.includes("product.gtin_le") && d.textContent.includes("dòng 3"));
    expect(item?.textContent).toContain("Lỗi");
    expect(item?.textContent).toContain("Chương “Định danh sản phẩm, địa điểm và lô hàng”");
    expect(item?.textContent).toContain("dòng 3, cột 13");
    await fireEvent.click(item!);
    await settle();
    const view = editorView();
    expect(view.state.doc.toString()).toBe(brokenSource(broken.title));
    // At the variable the diagnostic names (line 3, column 13).
    expect(view.state.selection.main.head).toBe(view.state.doc.line(3).from + "Mã GTIN: {{ ".length);
  });

  it("lists what a screen reader would miss as warnings, in words, at their line", async () => {
    // Issue 18: the check's a11y warnings come from the document build and show as they are.
    await open(async (b) => {
      const view = await sampleHandbook(b);
      const c = chapterOf(view, "dinh-danh");
      await b.saveChapter(view.summary.id, c.id, `# ${c.title}\n\n## Mã\n\n#### Chi tiết\n\n![](anh/khong-mo-ta.png)\n\nXem [tại đây](https://truyxuatnguongoc.gov.vn).\n`, "");
    });
    const items = screen.getAllByTestId("diagnostic");
    const byCode = (code: string) => items.find((d) => d.dataset.code === code)?.textContent ?? "";
    expect(byCode("a11y.heading_skip")).toContain("Cảnh báo");
    expect(byCode("a11y.heading_skip")).toContain("dòng 5, cột 1");
    expect(byCode("a11y.heading_skip")).toContain("bỏ qua cấp “###”");
    expect(byCode("a11y.link_text")).toContain("Liên kết “tại đây” không cho biết nó dẫn tới đâu");
    expect(byCode("a11y.link_text")).toContain("dòng 9, cột 5");
  });

  it("shows the history newest first with a word diff, and restores an old revision as a new one", async () => {
    await open();
    const created = (await b.history(h.summary.id, h.chapters[0].id))[0].number;
    typeAtEnd("\n\nThu hoạch tôm trong 4 giờ.");
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    const view = editorView();
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: `${first()}\n\nThu hoạch tôm sú trong 2 giờ.` } });
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    const [second, firstEdit] = (await b.history(h.summary.id, h.chapters[0].id)).map((r) => r.number);

    await fireEvent.click(screen.getByTestId("tab-history"));
    await settle();
    const rows = () => screen.getAllByTestId("revision").map((r) => r.textContent ?? "");
    expect(rows().map((r) => r.match(/#\d+/)?.[0])).toEqual([`#${second}`, `#${firstEdit}`, `#${created}`]);
    expect(rows()[0]).toContain("Trần Thị Thu Hà");
    expect(rows()[0]).toContain("Bản hiện tại");
    expect(screen.getByTestId("diff-left").querySelector("del")?.textContent?.trim()).toBe("4");
    expect([...screen.getByTestId("diff-right").querySelectorAll("ins")].map((e) => e.textContent?.trim())).toEqual(["sú", "2"]);

    // Restore the first edit: a new revision with its text; the editor shows it.
    const restore = screen.getAllByTestId("revision")[1].querySelector<HTMLButtonElement>("[data-testid=restore]");
    await fireEvent.click(restore!);
    await settle();
    expect(rows()[0]).toMatch(new RegExp(`#${second + 1}\\s*Khôi phục`));
    expect((await b.openHandbook(h.summary.id)).chapters[0].source).toBe(`${first()}\n\nThu hoạch tôm trong 4 giờ.`);
    await fireEvent.click(screen.getByTestId("tab-chapters"));
    await settle();
    expect(editorView().state.doc.toString()).toBe(`${first()}\n\nThu hoạch tôm trong 4 giờ.`);
  });

  it("makes an approved handbook read-only and says how to reopen it", async () => {
    await open((b) => moveTo(b, "approved"));
    expect(screen.getByTestId("readonly-banner").textContent).toContain("Mở lại thành phiên bản mới");
    expect(screen.getByTestId("readonly-banner").textContent).toContain("phiên bản 2");
    expect(editorView().state.readOnly).toBe(true);
    expect(document.querySelector(".cm-content")?.getAttribute("contenteditable")).toBe("false");
    expect(screen.getByTestId("save-state").textContent).toContain("Chỉ xem");
    expect(screen.queryByTestId("add-chapter")).toBeNull();
    expect(screen.getByRole("button", { name: "Mở lại thành phiên bản mới" })).toBeTruthy();
  });

  it("moves chapters with the keyboard-reachable up/down buttons", async () => {
    await open();
    const titles = () => screen.getAllByTestId("chapter-item").map((e) => e.textContent?.replace(/\s+/g, " ").trim());
    expect(titles()[0]).toContain("Lời nói đầu");
    expect((screen.getByTestId("chapter-up") as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId("chapter-down"));
    await settle();
    expect(titles()[0]).toContain("Giới thiệu chung");
    expect(titles()[1]).toContain("Lời nói đầu");
    expect((await b.openHandbook(h.summary.id)).chapters.slice(0, 3).map((c) => c.key)).toEqual([
      "gioi-thieu",
      "loi-noi-dau",
      "thuat-ngu",
    ]);
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
    expect(text.startsWith(first().trimEnd())).toBe(true);
    expect(text.slice(first().trimEnd().length)).toMatch(/^\n\n> \[!NOTE\]\n> Nội dung ghi chú\.\n\n```qr\n/);
    expect(text).toMatch(/\n```qr\nhttps:\/\/id\.gs1\.org\/01\/[^\n]+\n```\n/);
    expect(screen.getByTestId("save-state").textContent).toContain("Chưa lưu");
  });

  it("saves variables only without errors, and says why not", async () => {
    // "Định danh…" uses product.image_url, which the sample leaves empty: it does not render.
    await open((b) => breakChapter(b, "dinh-danh", "product.image_url"));
    expect(chapterOf(h, "dinh-danh").render_error).not.toBeNull();
    await fireEvent.click(screen.getByTestId("tab-variables"));
    await settle();
    await fireEvent.click(screen.getByTestId("group-product"));
    const image = document.getElementById("var-product_image_url") as HTMLInputElement;
    await fireEvent.input(image, { target: { value: "https://example.vn/tom-su.jpg" } });
    const name = document.getElementById("var-product_name") as HTMLInputElement;
    await fireEvent.input(name, { target: { value: "" } });
    await fireEvent.click(screen.getByTestId("vars-save"));
    await settle();
    expect(screen.getByTestId("vars-state").textContent).toContain("Chưa lưu: còn 1 lỗi");
    expect(screen.getByTestId("field-product.name").textContent).toContain("đây là biến bắt buộc");
    expect((await b.openHandbook(h.summary.id)).summary.product).toBe(h.summary.product);

    await fireEvent.input(name, { target: { value: "Tôm thẻ chân trắng Rạch Giá" } });
    await fireEvent.click(screen.getByTestId("vars-save"));
    await settle();
    expect(screen.getByTestId("vars-state").textContent).toContain("Đã lưu");
    const saved = await b.openHandbook(h.summary.id);
    expect(saved.summary.product).toBe("Tôm thẻ chân trắng Rạch Giá");
    expect(chapterOf(saved, "dinh-danh").render_error).toBeNull();
    expect(chapterOf(saved, "dinh-danh").html).toContain("https://example.vn/tom-su.jpg");
  });

  it("offers the issuing decision in Xuất tệp only once the handbook is approved, number and date asked first", async () => {
    await open();
    await fireEvent.click(screen.getByTestId("export-menu"));
    expect(screen.queryByTestId("open-decision")).toBeNull();
    cleanup();
    removeBackend(b);
    await open(async (back) => approveHandbook(back));
    await fireEvent.click(screen.getByTestId("export-menu"));
    await fireEvent.click(screen.getByTestId("open-decision"));
    await settle();
    const dialog = screen.getByTestId("export-dialog");
    expect(dialog.textContent).toContain("Quyết định ban hành sổ tay");
    expect(screen.getByTestId("admin-number")).toBeTruthy();
    expect(screen.getByTestId("admin-date")).toBeTruthy();
    expect(screen.getByTestId("export-format-docx")).toBeTruthy();
  });

  it("shows under its title the decision that issued it, as Rust recorded it", async () => {
    await open(async (back) => approveHandbook(back));
    // Approved, no decision yet: nothing to show.
    expect(screen.queryByTestId("handbook-decision")).toBeNull();
    cleanup();
    removeBackend(b);
    await open(async (back) => {
      const approved = approveHandbook(back);
      // "Quyết định ban hành" written with its number and date records it on the handbook.
      back.run("export_admin_document", {
        kind: "decision",
        subject: approved.id,
        number: 45,
        date: "2026-06-10",
        format: "pdf",
        path: `${back.dir}/quyet-dinh.pdf`,
      });
    });
    const decision = (await b.openHandbook(h.summary.id)).decision;
    expect(decision?.number).toMatch(/^45\/QĐ/);
    expect(decision?.date).toBe("2026-06-10");
    const line = screen.getByTestId("handbook-decision");
    expect(line.textContent?.trim()).toBe(`Ban hành theo Quyết định số ${decision?.number} ngày 10/06/2026`);
    expect(line.getAttribute("title")).toBe(decision?.issuer);
    i18n.lang = "en";
    await settle();
    expect(screen.getByTestId("handbook-decision").textContent?.trim()).toBe(`Issued by Decision No. ${decision?.number} of 10/06/2026`);
  });
});
