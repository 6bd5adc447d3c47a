import { afterEach, describe, expect, it } from "vitest";
import { valueLabel } from "./bundle";
import { i18n } from "./i18n/index.svelte";

describe("valueLabel", () => {
  afterEach(() => {
    i18n.lang = "vi";
  });

  it("writes results in words, without the stored code", () => {
    expect(valueLabel("result", "minor")).toBe("Lỗi nhẹ");
  });

  it("writes times with seconds in the user's language, not as RFC 3339", () => {
    const a = valueLabel("answered_at", "2026-11-29T09:01:39Z");
    const b = valueLabel("answered_at", "2026-11-29T09:01:38Z");
    expect(a).not.toContain("T09");
    expect(a).toMatch(/^29\/11\/2026 \d\d:01:39$/);
    expect(a).not.toBe(b);
    i18n.lang = "en";
    expect(valueLabel("answered_at", "2026-11-29T09:01:39Z")).toMatch(/29\/11\/2026/);
  });

  it("leaves other values, and says when one is empty", () => {
    expect(valueLabel("item_id", "S1.1")).toBe("S1.1");
    expect(valueLabel("note", "")).toBe("(trống)");
    expect(valueLabel("note", "2026-11-29")).toBe("2026-11-29");
    // A day in a date field is written dd/mm/yyyy.
    expect(valueLabel("due", "2026-11-29")).toBe("29/11/2026");
  });
});
