import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import App from "./App.svelte";
import { setBackend } from "./lib/backend";
import { memoryBackend } from "./lib/backend/memory";
import { i18n } from "./lib/i18n/index.svelte";
import { router } from "./lib/router.svelte";
import { handbook, pilots, templates } from "./test/fixtures";

async function settle() {
  for (let i = 0; i < 5; i++) {
    await tick();
    await new Promise((r) => setTimeout(r, 0));
  }
}

describe("App", () => {
  beforeEach(() => {
    i18n.lang = "vi";
    router.go({ area: "handbooks" });
  });
  afterEach(() => cleanup());

  it("lists the handbooks with status and opens one at its first chapter", async () => {
    setBackend(memoryBackend({ handbooks: [handbook], templates, pilots }));
    render(App);
    await settle();
    const title = screen.getByTestId("handbook-title");
    expect(title.textContent).toBe(handbook.summary.title);
    expect(screen.getByTestId("status").textContent).toBe("Dự thảo");
    expect(screen.getByTestId("template-list").textContent).toContain("Tôm nước lợ");

    await fireEvent.click(title);
    router.go({ area: "handbooks", handbookId: handbook.summary.id });
    await settle();
    expect(screen.getByTestId("handbook-heading").textContent).toBe(handbook.summary.title);
    expect(screen.getAllByTestId("chapter-item")).toHaveLength(2);
    expect(screen.getByTestId("chapter-body").innerHTML).toContain("Giới thiệu chung");

    // A chapter that failed to render says so instead of showing nothing.
    await fireEvent.click(screen.getAllByTestId("chapter-item")[1]);
    await settle();
    expect(screen.getByTestId("error").textContent).toContain("product.gtin");
  });

  it("shows the empty state when there are no handbooks", async () => {
    setBackend(memoryBackend({ handbooks: [], templates, pilots: [] }));
    render(App);
    await settle();
    expect(screen.getByTestId("empty").textContent).toContain("Chưa có sổ tay nào");
  });

  it("shows the two pilot models side by side", async () => {
    setBackend(memoryBackend({ handbooks: [handbook], templates, pilots }));
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId("nav-pilots"));
    await settle();
    const cards = screen.getAllByTestId("pilot-card");
    expect(cards).toHaveLength(2);
    expect(cards[0].textContent).toContain("Hợp tác xã");
    expect(cards[0].textContent).toContain("trước đây: Huyện An Minh");
    expect(cards[1].textContent).toContain("Doanh nghiệp");
  });

  it("switches the interface to English and stores the choice", async () => {
    const b = memoryBackend({ handbooks: [handbook], templates, pilots });
    setBackend(b);
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId("nav-settings"));
    await settle();
    await fireEvent.click(screen.getByTestId("lang-en"));
    await settle();
    expect(b.lang).toBe("en");
    expect(screen.getByTestId("nav-pilots").textContent).toContain("Pilot verification");
    expect(document.documentElement.lang).toBe("en");
  });

  it("records the user's name, in NFC, as the author of revisions", async () => {
    const b = memoryBackend({ handbooks: [handbook], templates, pilots, userName: "sotay" });
    setBackend(b);
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId("nav-settings"));
    await settle();
    const input = screen.getByTestId("user-name") as HTMLInputElement;
    expect(input.value).toBe("sotay");
    await fireEvent.input(input, { target: { value: " Nguye\u0302\u0303n Thi\u0323 Ha\u0300 " } });
    await fireEvent.click(screen.getByTestId("user-name-save"));
    await settle();
    expect(b.userName).toBe("Nguyễn Thị Hà");
    expect(document.getElementById("user-name-msg")?.textContent).toContain("Đã lưu");
    const c = handbook.chapters[0];
    expect(await b.saveChapter(handbook.summary.id, c.id, "# Giới thiệu chung\n\nSửa.", "")).toMatchObject({
      author: "Nguyễn Thị Hà",
    });
  });

  it("shows the backend's message when the workspace cannot be opened", async () => {
    setBackend(
      memoryBackend({
        handbooks: [], templates: [], pilots: [],
        failWith: { code: "db_corrupt", message: "Cơ sở dữ liệu /tmp/x.db bị hỏng" },
      }),
    );
    render(App);
    await settle();
    expect(screen.getByTestId("fatal-error").textContent).toContain("bị hỏng");
  });
});

describe("the whole-handbook preview", () => {
  afterEach(() => cleanup());

  it("shows every chapter with the contents, whose links scroll within the view", async () => {
    setBackend(memoryBackend({ handbooks: [handbook], templates, pilots }));
    router.go({ area: "handbooks", handbookId: handbook.summary.id });
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId("tab-whole"));
    await settle();
    const preview = screen.getByTestId("handbook-preview");
    expect(preview.querySelectorAll("section.chapter")).toHaveLength(2);
    const scrolled: string[] = [];
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this.id);
    };
    onTestFinished(() => {
      Element.prototype.scrollIntoView = original;
    });
    const link = preview.querySelector<HTMLAnchorElement>("nav.toc a[href='#dinh-danh']")!;
    await fireEvent.click(link);
    expect(scrolled).toEqual(["dinh-danh"]);
    expect(router.route).toMatchObject({ area: "handbooks", handbookId: handbook.summary.id });
    expect(location.hash).toBe(`#/handbooks/${handbook.summary.id}`);
  });
});
