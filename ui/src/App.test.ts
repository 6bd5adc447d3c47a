import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { openSync, writeSync, closeSync } from "node:fs";
import App from "./App.svelte";
import { setBackend, type AppInfo } from "./lib/backend";
import { i18n } from "./lib/i18n/index.svelte";
import { router } from "./lib/router.svelte";
import { breakChapter, sampleHandbook } from "./test/authoring";
import { settle } from "./test/dom";
import { removeBackend, rustBackend, type RustBackend, type RustOptions } from "./test/rust";

let b: RustBackend | null = null;
function backend(options: RustOptions = {}): RustBackend {
  b = rustBackend(options);
  setBackend(b);
  return b;
}
afterEach(() => {
  cleanup();
  if (b) removeBackend(b);
  b = null;
});

const TITLE = "Sổ tay hướng dẫn truy xuất nguồn gốc sản phẩm Tôm sú nguyên con đông lạnh Thuận Hòa";

// Each test runs the real backend many times: allow for a busy machine.
describe("App", { timeout: 60_000 }, () => {
  beforeEach(() => {
    i18n.lang = "vi";
    router.go({ area: "handbooks" });
  });

  it("lists the handbooks with status and opens one at its first chapter", async () => {
    const b = backend();
    // A chapter that refers to an undefined variable does not render.
    const broken = await breakChapter(b, "dinh-danh");
    const { summary } = await sampleHandbook(b);
    render(App);
    await settle();
    const title = screen.getByTestId("handbook-title");
    expect(title.textContent).toBe(TITLE);
    expect(screen.getByTestId("status").textContent).toBe("Dự thảo");
    expect(screen.getByTestId("template-list").textContent).toContain("Tôm nước lợ");

    await fireEvent.click(title);
    router.go({ area: "handbooks", handbookId: summary.id });
    await settle();
    expect(screen.getByTestId("handbook-heading").textContent).toBe(TITLE);
    expect(screen.getAllByTestId("chapter-item")).toHaveLength(19);
    expect(screen.getByTestId("chapter-body").innerHTML).toContain("Lời nói đầu");

    // A chapter that failed to render says so instead of showing nothing.
    await fireEvent.click(screen.getAllByTestId("chapter-item")[broken.position - 1]);
    await settle();
    expect(screen.getByTestId("error").textContent).toContain("product.gtin_le");
  });

  it("shows the empty state when there are no handbooks", async () => {
    backend({ empty: true });
    render(App);
    await settle();
    expect(screen.getByTestId("empty").textContent).toContain("Chưa có sổ tay nào");
  });

  it("shows the two pilot models side by side", async () => {
    backend();
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId("nav-pilots"));
    await settle();
    const cards = screen.getAllByTestId("pilot-card");
    expect(cards).toHaveLength(2);
    expect(cards[0].textContent).toContain("Hợp tác xã");
    expect(cards[0].textContent).toContain("Hợp tác xã Tôm – Lúa Thuận Hòa");
    expect(cards[0].textContent).toContain("trước đây: huyện An Minh");
    expect(cards[1].textContent).toContain("Doanh nghiệp");
  });

  it("switches the interface to English and stores the choice", async () => {
    const b = backend();
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId("nav-settings"));
    await settle();
    await fireEvent.click(screen.getByTestId("lang-en"));
    await settle();
    expect(b.run<AppInfo>("app_info").lang).toBe("en");
    expect(screen.getByTestId("nav-pilots").textContent).toContain("Pilot verification");
    expect(document.documentElement.lang).toBe("en");
  });

  it("asks for the user's name, position and unit on first start, then Cài đặt shows them", async () => {
    const b = backend();
    expect(b.run<AppInfo>("app_info").identity).toBeNull();
    render(App);
    await settle();
    const dialog = screen.getByTestId("identity-dialog");
    expect(dialog.textContent).toContain("Chào mừng bạn đến với Sotay");
    expect(dialog.textContent).toContain("Chức vụ");
    // The name is required.
    await fireEvent.click(screen.getByTestId("identity-save"));
    await settle();
    expect(screen.getByTestId("identity-error").textContent).toContain("Cần nhập họ và tên");
    expect(b.run<AppInfo>("app_info").identity).toBeNull();
    await fireEvent.input(screen.getByTestId("identity-name"), { target: { value: " Nguye\u0302\u0303n Thi\u0323 Hoa " } });
    await fireEvent.input(screen.getByTestId("identity-position"), { target: { value: "Chuyên viên" } });
    await fireEvent.input(screen.getByTestId("identity-unit"), { target: { value: "Sở KH&CN tỉnh Hưng Yên" } });
    await fireEvent.click(screen.getByTestId("identity-save"));
    await settle();
    expect(screen.queryByTestId("identity-dialog")).toBeNull();
    expect(b.run<AppInfo>("app_info")).toMatchObject({
      user_name: "Nguyễn Thị Hoa",
      identity: { name: "Nguyễn Thị Hoa", position: "Chuyên viên", unit: "Sở KH&CN tỉnh Hưng Yên" },
    });
    await fireEvent.click(screen.getByTestId("nav-settings"));
    await settle();
    expect((screen.getByTestId("user-name") as HTMLInputElement).value).toBe("Nguyễn Thị Hoa");
    expect((screen.getByTestId("user-position") as HTMLInputElement).value).toBe("Chuyên viên");
    expect((screen.getByTestId("user-unit") as HTMLInputElement).value).toBe("Sở KH&CN tỉnh Hưng Yên");
    await fireEvent.input(screen.getByTestId("user-position"), { target: { value: "Phó phòng" } });
    await fireEvent.click(screen.getByTestId("user-name-save"));
    await settle();
    expect(b.run<AppInfo>("app_info").identity?.position).toBe("Phó phòng");
  });

  it("does not ask again once the identity is set", async () => {
    const b = backend();
    b.run("set_user_identity", { name: "Lê Văn Kiểm", position: "", unit: "" });
    render(App);
    await settle();
    expect(screen.queryByTestId("identity-dialog")).toBeNull();
  });

  it("records the user's name, in NFC, as the author of revisions", async () => {
    const b = backend();
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId("nav-settings"));
    await settle();
    const input = screen.getByTestId("user-name") as HTMLInputElement;
    expect(input.value).toBe("sotay");
    await fireEvent.input(input, { target: { value: " Nguye\u0302\u0303n Thi\u0323 Ha\u0300 " } });
    await fireEvent.click(screen.getByTestId("user-name-save"));
    await settle();
    expect(b.run<AppInfo>("app_info").user_name).toBe("Nguyễn Thị Hà");
    expect(document.getElementById("user-name-msg")?.textContent).toContain("Đã lưu");
    const h = await sampleHandbook(b);
    const c = h.chapters[0];
    expect(await b.saveChapter(h.summary.id, c.id, `${c.source}\n\nSửa.`, "")).toMatchObject({
      author: "Nguyễn Thị Hà",
    });
  });

  it("shows the backend's message when the workspace cannot be opened", async () => {
    const b = backend();
    // Damage the workspace's pages after the header: SQLite finds the database corrupt.
    const fd = openSync(b.db, "r+");
    writeSync(fd, Buffer.alloc(4096 * 20, 0xff), 0, 4096 * 20, 4096);
    closeSync(fd);
    render(App);
    await settle();
    expect(screen.getByTestId("fatal-error").textContent).toContain("bị hỏng");
    expect(screen.getByTestId("fatal-error").textContent).toContain(b.db);
  });
});

describe("pilot verification in the app", { timeout: 60_000 }, () => {
  beforeEach(() => {
    i18n.lang = "vi";
    router.go({ area: "pilots" });
  });

  it("adds a pilot model, starts an assessment, reaches the verdict and compares the pilots", async () => {
    const b = backend();
    await b.setUserName("Lê Văn Kiểm");
    render(App);
    await settle();

    await fireEvent.click(screen.getByTestId("add-pilot"));
    await fireEvent.input(screen.getByTestId("pilot-name"), { target: { value: "Tổ hợp tác tôm Vĩnh Hòa" } });
    await fireEvent.change(screen.getByTestId("pilot-kind"), { target: { value: "household_group" } });
    await fireEvent.click(screen.getByTestId("pilot-save"));
    await settle();
    expect(screen.getAllByTestId("pilot-card")).toHaveLength(3);
    expect(screen.getAllByTestId("pilot-card")[2].textContent).toContain("Tổ hợp tác");
    expect((await b.listPilots()).map((p) => p.kind)).toContain("household_group");

    const card = screen.getAllByTestId("pilot-card")[0];
    expect(card.textContent).toContain("Hợp tác xã Tôm – Lúa Thuận Hòa");
    await fireEvent.click(card.querySelector("[data-testid=new-assessment]")!);
    await settle();
    expect((screen.getByTestId("assessment-lead") as HTMLInputElement).value).toBe("Lê Văn Kiểm");
    await fireEvent.input(screen.getByTestId("assessment-date"), { target: { value: "2026-11-20" } });
    await fireEvent.input(screen.getByTestId("assessment-team"), { target: { value: "Trần Thị Thu Hà, Phạm Văn Lộc" } });
    await fireEvent.click(screen.getByTestId("assessment-create"));
    await settle();
    expect(router.route).toMatchObject({ area: "pilots", tab: "checklist" });
    expect(screen.getByTestId("assessment-heading").textContent).toBe("Hợp tác xã Tôm – Lúa Thuận Hòa");
    expect(screen.getByTestId("assessment-status").textContent).toBe("Đã lập kế hoạch");

    // One answer by keyboard (3: MAJOR on the first item) moves the assessment to "in progress".
    await fireEvent.keyDown(document.activeElement!, { key: "3" });
    await settle();
    expect(screen.getByTestId("assessment-status").textContent).toBe("Đang đánh giá");
    const answered = b.calls.filter((c) => c.command === "answer_item");
    expect(answered.map((c) => c.args)).toEqual([expect.objectContaining({ itemId: "S1.1", result: "major" })]);

    await fireEvent.click(screen.getByTestId("atab-verdict"));
    await settle();
    expect(screen.getByTestId("verdict-label").textContent).toContain("Chưa đủ dữ liệu để kết luận");
    expect(screen.getByTestId("verdict-missing").textContent).toContain("48 mục chưa có kết quả");
    expect((screen.getByTestId("assessment-completed") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getAllByTestId("section-score").map((r) => r.textContent?.slice(0, 2))).toEqual([
      "S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9",
    ]);

    router.go({ area: "pilots", compare: true });
    await settle();
    const heads = screen.getAllByTestId("compare-pilot").map((h) => h.textContent);
    expect(heads).toHaveLength(3);
    expect(heads[0]).toContain("Hợp tác xã Tôm – Lúa Thuận Hòa");
    expect(screen.getAllByTestId("compare-verdict")[0].textContent).toContain("Chưa đủ dữ liệu để kết luận");
    expect(screen.getAllByTestId("compare-provisional")[0].textContent).toBe("Tạm thời: Hiệu lực, cần khắc phục");
    expect(screen.getAllByTestId("compare-actions")[0].textContent).toContain("1 phát hiện chưa có hành động khắc phục");
    expect(screen.getAllByTestId("compare-verdict")[1].textContent?.trim()).toBe("—");
  });
});

describe("the whole-handbook preview", { timeout: 60_000 }, () => {
  it("shows every chapter with the contents, whose links scroll within the view", async () => {
    const b = backend();
    const { summary } = await sampleHandbook(b);
    router.go({ area: "handbooks", handbookId: summary.id });
    render(App);
    await settle();
    await fireEvent.click(screen.getByTestId("tab-whole"));
    await settle();
    const preview = screen.getByTestId("handbook-preview");
    expect(preview.querySelectorAll("section.chapter")).toHaveLength(19);
    const scrolled: string[] = [];
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this.id);
    };
    onTestFinished(() => {
      Element.prototype.scrollIntoView = original;
    });
    const link = preview.querySelector<HTMLAnchorElement>("nav.toc a[href='#chuong-dinh-danh']")!;
    await fireEvent.click(link);
    expect(scrolled).toEqual(["chuong-dinh-danh"]);
    expect(router.route).toMatchObject({ area: "handbooks", handbookId: summary.id });
    expect(location.hash).toBe(`#/handbooks/${summary.id}`);
  });
});
