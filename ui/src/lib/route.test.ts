import { describe, expect, it } from "vitest";
import { parseRoute, routeHash } from "./route";

describe("routes", () => {
  it("parses every area and defaults to the handbook library", () => {
    expect(parseRoute("")).toEqual({ area: "handbooks" });
    expect(parseRoute("#/pilots")).toEqual({ area: "pilots" });
    expect(parseRoute("#/publishing")).toEqual({ area: "publishing" });
    expect(parseRoute("#/settings")).toEqual({ area: "settings" });
    expect(parseRoute("#/plan")).toEqual({ area: "plan" });
    expect(parseRoute(routeHash({ area: "plan", planId: "019c-kế-hoạch" }))).toEqual({ area: "plan", planId: "019c-kế-hoạch" });
    expect(parseRoute("#/nowhere")).toEqual({ area: "handbooks" });
  });

  it("round-trips a handbook and chapter with Vietnamese characters", () => {
    const route = { area: "handbooks" as const, handbookId: "Sổ tay tôm", chapterKey: "dinh-danh" };
    expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it("round-trips an assessment's tabs and the pilot comparison", () => {
    const route = { area: "pilots" as const, assessmentId: "019a-đánh-giá", tab: "trace" as const };
    expect(routeHash(route)).toBe("#/pilots/019a-%C4%91%C3%A1nh-gi%C3%A1/trace");
    expect(parseRoute(routeHash(route))).toEqual(route);
    expect(parseRoute("#/pilots/a1")).toEqual({ area: "pilots", assessmentId: "a1", tab: "checklist" });
    expect(parseRoute("#/pilots/a1/nowhere")).toEqual({ area: "pilots", assessmentId: "a1", tab: "checklist" });
    expect(parseRoute("#/pilots/compare")).toEqual({ area: "pilots", compare: true });
    expect(routeHash({ area: "pilots", compare: true })).toBe("#/pilots/compare");
  });

  it("survives malformed escapes", () => {
    expect(parseRoute("#/handbooks/%E0%A4%A")).toEqual({
      area: "handbooks",
      handbookId: "%E0%A4%A",
      chapterKey: undefined,
    });
  });

  it("round-trips the place a search result opens", () => {
    const chapter = { area: "handbooks" as const, handbookId: "h1", chapterKey: "nhat-ky", line: 12 };
    expect(routeHash(chapter)).toBe("#/handbooks/h1/nhat-ky?line=12");
    expect(parseRoute(routeHash(chapter))).toEqual(chapter);
    const item = { area: "pilots" as const, assessmentId: "a1", tab: "checklist" as const, item: "S4.1" };
    expect(parseRoute(routeHash(item))).toEqual(item);
    const finding = { area: "pilots" as const, assessmentId: "a1", tab: "findings" as const, finding: "f-1" };
    expect(parseRoute(routeHash(finding))).toEqual(finding);
    const copy = { area: "publishing" as const, handbookId: "h1", edition: "1.0", serial: 3 };
    expect(parseRoute(routeHash(copy))).toEqual(copy);
    expect(parseRoute("#/handbooks/h1/c?line=abc")).toEqual({ area: "handbooks", handbookId: "h1", chapterKey: "c" });
  });
});
