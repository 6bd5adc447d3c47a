import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import App from "../App.svelte";
import { i18n } from "../lib/i18n/index.svelte";
import { router } from "../lib/router.svelte";
import { settle } from "../test/dom";
import { useRustBackend } from "../test/rust";

const backend = useRustBackend();

describe("a workspace that cannot be opened", { timeout: 60_000 }, () => {
  beforeEach(() => {
    i18n.lang = "vi";
    router.go({ area: "handbooks" });
  });
  afterEach(() => cleanup());

  it("offers another file, a new workspace and the backups beside it, and restores one keeping the damaged file", async () => {
    const b = backend();
    const copy = join(b.dir, "workspace.db.sao-luu.bak");
    b.cli(["backup", "-o", copy]);
    const junk = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251));
    writeFileSync(b.db, junk);
    render(App);
    await settle();
    const screenEl = screen.getByTestId("fatal-error");
    expect(screenEl.querySelector("h1")?.textContent).toBe("Không mở được vùng làm việc");
    expect(screen.getByTestId("recovery-cause").textContent).toContain("không phải là cơ sở dữ liệu Sotay (tệp đã hỏng hoặc là loại tệp khác)");
    // Said in words, not by the storage engine's name.
    expect(screenEl.textContent).not.toContain("SQLite");
    expect(screen.getByTestId("recovery-other").textContent).toBe("Chọn tệp khác");
    expect(screen.getByTestId("recovery-new").textContent).toBe("Tạo vùng làm việc mới");
    expect(within(screen.getByTestId("recovery-restore")).getByRole("heading").textContent).toBe("Khôi phục từ bản sao lưu");
    const listed = screen.getAllByTestId("recovery-backup");
    expect(listed).toHaveLength(1);
    expect(listed[0].textContent).toContain("Bản sao lưu");
    expect(listed[0].textContent).toMatch(/lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(listed[0].textContent).toContain("workspace.db.sao-luu.bak");
    // The search palette is not offered while there is no workspace.
    expect(screen.queryByTestId("open-search")).toBeNull();

    // Cancelling the file dialog changes nothing.
    await fireEvent.click(screen.getByTestId("recovery-other"));
    await settle();
    expect(screen.getByTestId("fatal-error")).toBeTruthy();
    expect(readFileSync(b.db)).toEqual(junk);

    await fireEvent.click(within(listed[0]).getByTestId("recovery-use-backup"));
    await settle();
    expect(screen.queryByTestId("fatal-error")).toBeNull();
    expect(screen.getByTestId("handbook-title").textContent).toContain("Tôm sú");
    const kept = readdirSync(b.dir).filter((n) => n.startsWith("workspace.db.khong-mo-duoc-"));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(b.dir, kept[0]))).toEqual(junk);
  });

  it("says why a chosen backup cannot be used, next to the choices, and keeps the file", async () => {
    const b = backend();
    const junk = Buffer.from("not a database at all, just text that is long enough to be read".repeat(80));
    writeFileSync(b.db, junk);
    const bad = join(b.dir, "hong.bak");
    writeFileSync(bad, "x");
    b.dialogs.open = bad;
    render(App);
    await settle();
    expect(screen.getByTestId("recovery-no-backups").textContent).toBe("Không thấy bản sao lưu nào bên cạnh tệp này.");
    await fireEvent.click(screen.getByTestId("recovery-pick-backup"));
    await settle();
    expect(screen.getByTestId("recovery-error").textContent).toContain("hong.bak");
    expect(readFileSync(b.db)).toEqual(junk);
  });
});
