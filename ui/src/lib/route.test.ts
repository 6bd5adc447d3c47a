import { describe, expect, it } from "vitest";
import { parseRoute, routeHash } from "./route";

describe("routes", () => {
  it("parses every area and defaults to the handbook library", () => {
    expect(parseRoute("")).toEqual({ area: "handbooks" });
    expect(parseRoute("#/pilots")).toEqual({ area: "pilots" });
    expect(parseRoute("#/publishing")).toEqual({ area: "publishing" });
    expect(parseRoute("#/settings")).toEqual({ area: "settings" });
    expect(parseRoute("#/nowhere")).toEqual({ area: "handbooks" });
  });

  it("round-trips a handbook and chapter with Vietnamese characters", () => {
    const route = { area: "handbooks" as const, handbookId: "Sổ tay tôm", chapterKey: "dinh-danh" };
    expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it("survives malformed escapes", () => {
    expect(parseRoute("#/handbooks/%E0%A4%A")).toEqual({
      area: "handbooks",
      handbookId: "%E0%A4%A",
      chapterKey: undefined,
    });
  });
});
