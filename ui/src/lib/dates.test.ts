import { describe, expect, it } from "vitest";
import { cameraTime, formatDate, formatDateTime, isIsoDay, parseDate, parseTime } from "./dates";

describe("dates as people read and type them", () => {
  it("shows days as dd/mm/yyyy and instants as dd/mm/yyyy HH:mm in local time", () => {
    expect(formatDate("2026-12-06")).toBe("06/12/2026");
    const local = new Date(2026, 11, 6, 14, 13, 21);
    expect(formatDateTime(local.toISOString())).toBe("06/12/2026 14:13");
    expect(formatDateTime(local.toISOString(), true)).toBe("06/12/2026 14:13:21");
    expect(formatDate(local.toISOString())).toBe("06/12/2026");
    // Not a date: left as it is; nothing: nothing.
    expect(formatDate("tuần 3")).toBe("tuần 3");
    expect(formatDateTime(null)).toBe("");
  });

  it("reads what is typed, day first, and refuses days that do not exist", () => {
    expect(parseDate("06/12/2026")).toBe("2026-12-06");
    expect(parseDate("6/12/2026")).toBe("2026-12-06");
    expect(parseDate("06.12.2026")).toBe("2026-12-06");
    expect(parseDate("06-12-2026")).toBe("2026-12-06");
    expect(parseDate("2026-12-06")).toBe("2026-12-06");
    expect(parseDate("31/02/2026")).toBeNull();
    expect(parseDate("12/31/2026")).toBeNull();
    expect(parseDate("06/12/26")).toBeNull();
    expect(parseTime("9:30")).toBe("09:30:00");
    expect(parseTime("09:30:15")).toBe("09:30:15");
    expect(parseTime("24:00")).toBeNull();
    expect(isIsoDay("2026-02-29")).toBe(false);
    expect(isIsoDay("2028-02-29")).toBe(true);
  });

  it("keeps a photo's camera time as the camera showed it", () => {
    expect(cameraTime("2025-07-20T14:32:05+07:00")).toEqual({ time: "14:32", date: "20/07/2025" });
    expect(cameraTime("not a time")).toBeNull();
  });
});
