// Results as the Rust code gives them (issue 14: one rule engine — the window's tests use
// these, never grades computed in TypeScript). Taken from the `sotay` CLI on the sample
// workspace (`sotay rules show --json`, `assess traces --json`, `assess verdict --json` in
// both languages), reshaped to what crosses IPC (`Verdict`'s reasons are vi/en pairs).
import type { Rules, TraceTest, Verdict } from "../lib/backend";

/** DOMAIN.md's defaults: `sotay rules show --json` on a new workspace. */
export const defaultRules: Rules = {
  weight_m: 3,
  weight_c: 2,
  weight_r: 1,
  effective_score: 85,
  not_effective_score: 65,
  trace_pass_minutes: 240,
  trace_minor_minutes: 1440,
  qty_pass_pct: 2,
  qty_minor_pct: 5,
  kde_pass_pct: 95,
  kde_minor_pct: 80,
  typos_minor: 2,
  major_due_days: 30,
  minor_due_days: 90,
};

/** A backward test with a mass-balance breakdown, an explanation and one typo: quantity
 *  (97,5 %, explained), KDEs (37/40) and consistency MINOR. */
export const tracedWithBreakdown: TraceTest = {
  id: "01a25055-ae5d-782b-b05f-49a961b35efd",
  direction: "backward",
  lot: "AO03-250615-01",
  started: "2026-12-01T09:00:00+07:00",
  finished: "2026-12-01T10:30:00+07:00",
  minutes: 90.0,
  links_expected: 6,
  links_found: 6,
  input_qty: 1000.0,
  accounted_qty: 975.0,
  unit: "kg",
  kde_required: 40,
  kde_present: 37,
  contradictions: 0,
  grades: {"time": "pass", "links": "pass", "quantity": "minor", "kde": "minor", "consistency": "minor"},
  note: "",
  retest_of: null,
  typos: 1,
  explanation: "Hao hụt do lột vỏ",
  outputs_qty: 700.0,
  losses_qty: 250.0,
  stock_qty: 20.0,
  samples_qty: 5.0,
  replaced_by: null,
  lots: [],
};

/** The sample workspace with the 5 critical items passed and that one backward test: 40 items
 *  and the forward direction missing. */
export const incompleteVerdict: Verdict = {
  missing: ["S1.1", "S1.2", "S1.3", "S1.4", "S2.1", "S2.2", "S2.3", "S2.5", "S2.6", "S2.7", "S2.8", "S2.9", "S3.4", "S3.5", "S3.6", "S4.1", "S4.2", "S4.3", "S4.4", "S4.5", "S4.6", "S5.1", "S5.2", "S5.3", "S5.4", "S6.1", "S6.2", "S6.3", "S6.4", "S7.1", "S7.2", "S7.3", "S7.4", "S8.1", "S8.2", "S8.3", "S8.4", "S8.5", "S8.6", "S9.2", "forward"],
  missing_directions: ["forward"],
  pending: false,
  provisional: "effective_with_corrective_actions",
  provisional_score: 97.67,
  reasons: [
    {"vi": "Chưa đủ dữ liệu để kết luận: còn 40 mục chưa có kết quả; chưa có truy xuất xuôi. Kết luận tạm thời (nếu các mục còn thiếu đều đạt): Hiệu lực, cần khắc phục.", "en": "Not enough data for a verdict: 40 items have no result; no forward trace test. Provisional verdict (if every missing item passed): Effective with corrective actions."},
    {"vi": "Truy xuất thử thứ 1 chưa đạt (thời gian: Đạt, liên kết: Đạt, khối lượng: Lỗi nhẹ).", "en": "Trace test 1 did not pass (time: Pass, links: Pass, quantity: Minor)."},
    {"vi": "Chờ hành động khắc phục (người phụ trách, hạn) cho: S9.4, S9.5.", "en": "Waiting for corrective actions (owner, due date) for: S9.4, S9.5."},
  ],
  retested: [],
  score: 88.89,
  sections: {
    S1: {"answered": 0, "items": 4, "major": 0, "minor": 0, "na": 0, "pass": 0, "points": 0.0, "score": null, "weight": 0.0},
    S2: {"answered": 1, "items": 9, "major": 0, "minor": 0, "na": 0, "pass": 1, "points": 3.0, "score": 100.0, "weight": 3.0},
    S3: {"answered": 3, "items": 6, "major": 0, "minor": 0, "na": 0, "pass": 3, "points": 9.0, "score": 100.0, "weight": 9.0},
    S4: {"answered": 0, "items": 6, "major": 0, "minor": 0, "na": 0, "pass": 0, "points": 0.0, "score": null, "weight": 0.0},
    S5: {"answered": 1, "items": 5, "major": 0, "minor": 0, "na": 0, "pass": 1, "points": 3.0, "score": 100.0, "weight": 3.0},
    S6: {"answered": 0, "items": 4, "major": 0, "minor": 0, "na": 0, "pass": 0, "points": 0.0, "score": null, "weight": 0.0},
    S7: {"answered": 0, "items": 4, "major": 0, "minor": 0, "na": 0, "pass": 0, "points": 0.0, "score": null, "weight": 0.0},
    S8: {"answered": 0, "items": 6, "major": 0, "minor": 0, "na": 0, "pass": 0, "points": 0.0, "score": null, "weight": 0.0},
    S9: {"answered": 4, "items": 5, "major": 0, "minor": 2, "na": 0, "pass": 2, "points": 9.0, "score": 75.0, "weight": 12.0},
  },
  unanswered: ["S1.1", "S1.2", "S1.3", "S1.4", "S2.1", "S2.2", "S2.3", "S2.5", "S2.6", "S2.7", "S2.8", "S2.9", "S3.4", "S3.5", "S3.6", "S4.1", "S4.2", "S4.3", "S4.4", "S4.5", "S4.6", "S5.1", "S5.2", "S5.3", "S5.4", "S6.1", "S6.2", "S6.3", "S6.4", "S7.1", "S7.2", "S7.3", "S7.4", "S8.1", "S8.2", "S8.3", "S8.4", "S8.5", "S8.6", "S9.2"],
  verdict: "incomplete",
};

/** The same once every item is answered (S2.9 MINOR) and a forward test is recorded: final. */
export const finalVerdict: Verdict = {
  missing: [],
  missing_directions: [],
  pending: true,
  provisional: null,
  provisional_score: null,
  reasons: [
    {"vi": "Truy xuất thử thứ 1 chưa đạt (thời gian: Đạt, liên kết: Đạt, khối lượng: Lỗi nhẹ).", "en": "Trace test 1 did not pass (time: Pass, links: Pass, quantity: Minor)."},
    {"vi": "Chờ hành động khắc phục (người phụ trách, hạn) cho: S2.9, S9.4, S9.5.", "en": "Waiting for corrective actions (owner, due date) for: S2.9, S9.4, S9.5."},
  ],
  retested: [],
  score: 97.29,
  sections: {
    S1: {"answered": 4, "items": 4, "major": 0, "minor": 0, "na": 0, "pass": 4, "points": 12.0, "score": 100.0, "weight": 12.0},
    S2: {"answered": 9, "items": 9, "major": 0, "minor": 1, "na": 0, "pass": 8, "points": 21.5, "score": 97.73, "weight": 22.0},
    S3: {"answered": 6, "items": 6, "major": 0, "minor": 0, "na": 0, "pass": 6, "points": 17.0, "score": 100.0, "weight": 17.0},
    S4: {"answered": 6, "items": 6, "major": 0, "minor": 0, "na": 0, "pass": 6, "points": 15.0, "score": 100.0, "weight": 15.0},
    S5: {"answered": 5, "items": 5, "major": 0, "minor": 0, "na": 0, "pass": 5, "points": 15.0, "score": 100.0, "weight": 15.0},
    S6: {"answered": 4, "items": 4, "major": 0, "minor": 0, "na": 0, "pass": 4, "points": 10.0, "score": 100.0, "weight": 10.0},
    S7: {"answered": 4, "items": 4, "major": 0, "minor": 0, "na": 0, "pass": 4, "points": 9.0, "score": 100.0, "weight": 9.0},
    S8: {"answered": 6, "items": 6, "major": 0, "minor": 0, "na": 0, "pass": 6, "points": 14.0, "score": 100.0, "weight": 14.0},
    S9: {"answered": 5, "items": 5, "major": 0, "minor": 2, "na": 0, "pass": 3, "points": 12.0, "score": 80.0, "weight": 15.0},
  },
  unanswered: [],
  verdict: "effective_with_corrective_actions",
};
