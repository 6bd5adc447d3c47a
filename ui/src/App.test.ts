import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import App from "./App.svelte";
import { setBackend } from "./lib/backend";
import { memoryBackend } from "./lib/backend/memory";
import { i18n } from "./lib/i18n/index.svelte";
import { router } from "./lib/router.svelte";
import { checklist, handbook, pilots, templates } from "./test/fixtures";
import { defaultRules } from "./test/rust-results";
import type { Verdict } from "./lib/backend";

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

describe("pilot verification in the app", () => {
  beforeEach(() => {
    i18n.lang = "vi";
    router.go({ area: "pilots" });
  });
  afterEach(() => cleanup());

  it("adds a pilot model, starts an assessment, reaches the verdict and compares the pilots", async () => {
    // What Rust says of this assessment after one MAJOR on S1.1 (shaped like its result).
    const sections = { S1: 1, S2: 0, S9: 0 };
    const verdict: Verdict = {
      score: 0, verdict: "incomplete", pending: true, unanswered: [], retested: [],
      provisional: "effective_with_corrective_actions", provisional_score: 88.46,
      missing: ["S1.2", "S1.3", "S2.4", "S2.7", "S2.9", "S9.1", "S9.2", "S9.3", "S9.4", "S9.5", "backward", "forward"],
      missing_directions: ["backward", "forward"],
      reasons: [{ vi: "Chưa đủ dữ liệu để kết luận: còn 10 mục chưa có kết quả; …", en: "Not enough data for a verdict: 10 items have no result; …" }],
      sections: Object.fromEntries(
        Object.entries(sections).map(([id, answered]) => [
          id,
          { score: answered ? 0 : null, points: 0, weight: answered * 3, items: 3, answered, pass: 0, minor: 0, major: answered, na: 0 },
        ]),
      ),
    };
    const b = memoryBackend({
      handbooks: [handbook], templates, pilots, checklist, userName: "Lê Văn Kiểm", rules: defaultRules, engine: { verdict: () => verdict },
    });
    setBackend(b);
    render(App);
    await settle();

    await fireEvent.click(screen.getByTestId("add-pilot"));
    await fireEvent.input(screen.getByTestId("pilot-name"), { target: { value: "Tổ hợp tác tôm Vĩnh Hòa" } });
    await fireEvent.change(screen.getByTestId("pilot-kind"), { target: { value: "household_group" } });
    await fireEvent.click(screen.getByTestId("pilot-save"));
    await settle();
    expect(screen.getAllByTestId("pilot-card")).toHaveLength(3);
    expect(screen.getAllByTestId("pilot-card")[2].textContent).toContain("Tổ hợp tác");

    const card = screen.getAllByTestId("pilot-card")[0];
    await fireEvent.click(card.querySelector("[data-testid=new-assessment]")!);
    await settle();
    expect((screen.getByTestId("assessment-lead") as HTMLInputElement).value).toBe("Lê Văn Kiểm");
    await fireEvent.input(screen.getByTestId("assessment-date"), { target: { value: "2026-11-20" } });
    await fireEvent.input(screen.getByTestId("assessment-team"), { target: { value: "Trần Thị Thu Hà, Phạm Văn Lộc" } });
    await fireEvent.click(screen.getByTestId("assessment-create"));
    await settle();
    expect(router.route).toMatchObject({ area: "pilots", tab: "checklist" });
    expect(screen.getByTestId("assessment-heading").textContent).toBe(pilots[0].name);
    expect(screen.getByTestId("assessment-status").textContent).toBe("Đã lập kế hoạch");

    // One answer by keyboard moves the assessment to "in progress".
    await fireEvent.keyDown(document.activeElement!, { key: "3" });
    await settle();
    expect(screen.getByTestId("assessment-status").textContent).toBe("Đang đánh giá");

    await fireEvent.click(screen.getByTestId("atab-verdict"));
    await settle();
    expect(screen.getByTestId("verdict-label").textContent).toContain("Chưa đủ dữ liệu để kết luận");
    expect(screen.getByTestId("verdict-missing").textContent).toContain("10 mục chưa có kết quả");
    expect((screen.getByTestId("assessment-completed") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getAllByTestId("section-score").map((r) => r.textContent?.slice(0, 2))).toEqual(["S1", "S2", "S9"]);

    router.go({ area: "pilots", compare: true });
    await settle();
    const heads = screen.getAllByTestId("compare-pilot").map((h) => h.textContent);
    expect(heads).toHaveLength(3);
    expect(screen.getAllByTestId("compare-verdict")[0].textContent).toContain("Chưa đủ dữ liệu để kết luận");
    expect(screen.getAllByTestId("compare-provisional")[0].textContent).toBe("Tạm thời: Hiệu lực, cần khắc phục");
    expect(screen.getAllByTestId("compare-actions")[0].textContent).toContain("1 phát hiện chưa có hành động khắc phục");
    expect(screen.getAllByTestId("compare-verdict")[1].textContent?.trim()).toBe("—");
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
