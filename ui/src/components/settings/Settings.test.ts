import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import App from "../../App.svelte";
import PublishWizard from "../publishing/PublishWizard.svelte";
import type { BackupFile, EditionDefaults, HandbookSummary } from "../../lib/backend";
import { i18n } from "../../lib/i18n/index.svelte";
import { router } from "../../lib/router.svelte";
import { settle } from "../../test/dom";
import { approveHandbook } from "../../test/exchange";
import { useRustBackend } from "../../test/rust";

const backend = useRustBackend();

describe("Cài đặt: editions' paper and backups", { timeout: 60_000 }, () => {
  beforeEach(() => {
    i18n.lang = "vi";
    router.go({ area: "settings" });
  });
  afterEach(() => cleanup());

  it("sets the editions' paper, which the publish wizard then starts from, and names the embedded fonts", async () => {
    const b = backend();
    const h = approveHandbook(b);
    render(App);
    await settle();
    const panel = screen.getByTestId("settings-edition");
    const a4 = within(panel).getByTestId("edition-paper-a4") as HTMLInputElement;
    const a5 = within(panel).getByTestId("edition-paper-a5") as HTMLInputElement;
    expect(a4.checked).toBe(true);
    expect(a5.parentElement?.textContent).toContain("A5 (14,8 × 21 cm)");
    expect(screen.getByTestId("edition-fonts").textContent).toContain("chữ thân bài Noto Serif, tiêu đề Noto Sans");
    await fireEvent.click(a5);
    await settle();
    expect(screen.getByTestId("edition-paper-msg").textContent).toContain("Đã lưu");
    expect(b.run<EditionDefaults>("edition_defaults").paper).toBe("a5");
    expect((screen.getByTestId("edition-paper-a5") as HTMLInputElement).checked).toBe(true);
    cleanup();

    render(PublishWizard, { handbooks: [h as HandbookSummary], onclose: vi.fn() });
    await settle();
    expect((screen.getByTestId("publish-paper-a5") as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId("publish-paper-a4") as HTMLInputElement).checked).toBe(false);
  });

  it("makes a backup beside the workspace, lists it with date and size, and restores it after a confirmation that keeps the current content", async () => {
    const b = backend();
    render(App);
    await settle();
    expect(screen.getByTestId("backup-none").textContent).toBe("Chưa có bản sao lưu nào cạnh tệp dữ liệu.");
    await fireEvent.click(screen.getByTestId("backup-make"));
    await settle();
    const made = b.run<BackupFile[]>("list_backups");
    expect(made).toHaveLength(1);
    expect(made[0].path.startsWith(b.db)).toBe(true);
    expect(screen.getByTestId("backup-msg").textContent).toContain(`Đã tạo bản sao lưu ${made[0].name}.`);
    let items = screen.getAllByTestId("backup-item");
    expect(items).toHaveLength(1);
    expect(items[0].textContent).toContain("Bản sao lưu");
    expect(items[0].textContent).toMatch(/lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} · \d+(,\d)? (kB|MB)/);

    // After the backup, the paper changes; restoring brings the backup's content back.
    b.run("set_edition_paper", { paper: "a5" });
    await fireEvent.click(within(items[0]).getByTestId("backup-restore"));
    const confirm = screen.getByTestId("backup-confirm");
    expect(confirm.textContent).toContain("Nội dung hiện tại của vùng làm việc được giữ lại thành một bản sao lưu mới");
    // Cancelling changes nothing.
    await fireEvent.click(screen.getByTestId("backup-confirm-no"));
    expect(screen.queryByTestId("backup-confirm")).toBeNull();
    expect(b.run<EditionDefaults>("edition_defaults").paper).toBe("a5");

    await fireEvent.click(within(screen.getAllByTestId("backup-item")[0]).getByTestId("backup-restore"));
    await fireEvent.click(screen.getByTestId("backup-confirm-yes"));
    await settle();
    expect(b.run<EditionDefaults>("edition_defaults").paper).toBe("a4");
    // The window started over on the restored workspace: Cài đặt shows it, and what was there
    // before is listed as a backup of its own.
    expect((screen.getByTestId("edition-paper-a4") as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId("backup-msg").textContent).toMatch(/Đã khôi phục bản sao lưu lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\. Nội dung trước đó được giữ lại trong .*truoc-khoi-phuc-.*\.bak\./);
    items = screen.getAllByTestId("backup-item");
    expect(items).toHaveLength(2);
    expect(items.map((i) => i.textContent).join(" ")).toContain("Bản giữ lại trước lần khôi phục");
  });
});
