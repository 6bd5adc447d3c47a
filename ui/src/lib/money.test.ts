import { describe, expect, it } from "vitest";
import { groupDigits } from "./money";

describe("groupDigits", () => {
  it("groups đồng by three with dots, as Rust's format_vnd does", () => {
    expect(groupDigits(370_000_000)).toBe("370.000.000");
    expect(groupDigits(0)).toBe("0");
    expect(groupDigits(999)).toBe("999");
    expect(groupDigits(1_000_005)).toBe("1.000.005");
    expect(groupDigits(-5_000_000)).toBe("-5.000.000");
  });
});
