import { describe, expect, it } from "vitest";
import { defaultExportPath, fileName, formatBytes, homeFromDbPath, resolveExportPath, withExtension } from "./export-path";

describe("export paths", () => {
  const db = "/home/thuha/.local/share/sotay/sotay.db";

  it("finds the home folder from the usual database location only", () => {
    expect(homeFromDbPath(db)).toBe("/home/thuha");
    expect(homeFromDbPath("C:\\Users\\Ha\\AppData\\Roaming\\sotay\\sotay.db")).toBe("C:\\Users\\Ha");
    expect(homeFromDbPath("/tmp/x/e2e.db")).toBeNull();
  });

  it("proposes a file named after the handbook, keeping Vietnamese letters", () => {
    expect(fileName("Sổ tay: tôm/lúa?")).toBe("Sổ tay tôm lúa");
    expect(defaultExportPath(db, "Sổ tay tôm", "html", "Tài liệu")).toEqual({
      value: "/home/thuha/Sổ tay tôm.html",
      placeholder: "/home/thuha/Tài liệu/Sổ tay tôm.html",
    });
    expect(defaultExportPath("/tmp/e2e.db", "Sổ tay tôm", "epub", "Tài liệu")).toEqual({
      value: "",
      placeholder: "~/Tài liệu/Sổ tay tôm.epub",
    });
    expect(withExtension("/home/a/so-tay.html", "epub")).toBe("/home/a/so-tay.epub");
    expect(withExtension("/home/a/ban-in", "epub")).toBe("/home/a/ban-in");
  });

  it("needs a full path to a file; expands ~ when the home folder is known", () => {
    expect(resolveExportPath("  ", db)).toEqual({ problem: "empty" });
    expect(resolveExportPath("so-tay.html", db)).toEqual({ problem: "relative" });
    expect(resolveExportPath("/home/thuha/", db)).toEqual({ problem: "folder" });
    expect(resolveExportPath("~/so-tay.html", db)).toEqual({ path: "/home/thuha/so-tay.html" });
    expect(resolveExportPath("~/so-tay.html", "/tmp/e2e.db")).toEqual({ problem: "relative" });
    expect(resolveExportPath("D:\\ban-sao\\so-tay.epub", db)).toEqual({ path: "D:\\ban-sao\\so-tay.epub" });
  });

  it("writes sizes in the interface language", () => {
    expect(formatBytes(850, "vi")).toBe("850 B");
    expect(formatBytes(1_234_567, "vi")).toBe("1,2 MB");
    expect(formatBytes(1_234_567, "en")).toBe("1.2 MB");
  });
});
