// The units the trace-test form offers: those the backend reads (sotay::verification::unit_factor).
// Converting between them, and refusing units that do not measure the same thing, is the
// backend's (preview_trace says so while the form is filled).
export const UNITS = ["kg", "g", "yến", "tạ", "tấn", "con", "thùng", "bao", "lít"] as const;
export type Unit = (typeof UNITS)[number];
