//! Verification of effectiveness (kiểm tra, xác nhận hiệu lực): grading trace tests, the score
//! and the verdict, exactly as DOMAIN.md "Verdict rules, made exact" says. Pure functions; the
//! weights and thresholds are settings whose defaults are the brief's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Localized;

/// M mandatory, C conditionally mandatory, R recommended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum ItemLevel {
    M,
    C,
    R,
}

/// An answer to a checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ItemResult {
    Pass,
    Minor,
    Major,
    Na,
}

impl ItemResult {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pass" | "dat" | "đạt" => Some(ItemResult::Pass),
            "minor" => Some(ItemResult::Minor),
            "major" => Some(ItemResult::Major),
            "na" | "n/a" => Some(ItemResult::Na),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ItemResult::Pass => "pass",
            ItemResult::Minor => "minor",
            ItemResult::Major => "major",
            ItemResult::Na => "na",
        }
    }

    pub fn label(self) -> Localized {
        match self {
            ItemResult::Pass => Localized::new("Đạt", "Pass"),
            ItemResult::Minor => Localized::new("Lỗi nhẹ", "Minor"),
            ItemResult::Major => Localized::new("Lỗi nặng", "Major"),
            ItemResult::Na => Localized::new("Không áp dụng", "Not applicable"),
        }
    }
}

/// The grade of one trace-test metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    Pass,
    Minor,
    Major,
}

/// A score written the Vietnamese way: two decimals with a comma (66,67).
pub fn vi_number(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

impl Grade {
    /// Đạt / Lỗi nhẹ / Lỗi nặng.
    pub fn label(self) -> Localized {
        self.result().label()
    }

    pub fn result(self) -> ItemResult {
        match self {
            Grade::Pass => ItemResult::Pass,
            Grade::Minor => ItemResult::Minor,
            Grade::Major => ItemResult::Major,
        }
    }
}

/// Weights and thresholds (settings; these are DOMAIN.md's defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Rules {
    pub weight_m: f64,
    pub weight_c: f64,
    pub weight_r: f64,
    /// Score at or above which an assessment can be "effective".
    pub effective_score: f64,
    /// Score below which an assessment is "not effective".
    pub not_effective_score: f64,
    /// Trace time: pass ≤ this many minutes, minor ≤ `trace_minor_minutes`, else major.
    pub trace_pass_minutes: f64,
    pub trace_minor_minutes: f64,
    /// Quantity reconciliation: pass within ± this percent, minor within ± `qty_minor_pct`.
    pub qty_pass_pct: f64,
    pub qty_minor_pct: f64,
    /// KDE completeness: pass ≥ this percent, minor ≥ `kde_minor_pct`.
    pub kde_pass_pct: f64,
    pub kde_minor_pct: f64,
    /// Data consistency: any contradiction on lot, quantity or party is MAJOR; minor typos:
    /// 0 pass, up to this many MINOR, more MAJOR. (Frozen rules from before issue 14 call it
    /// `contradictions_minor`.)
    #[serde(alias = "contradictions_minor")]
    pub typos_minor: u32,
    /// Corrective action due dates after the assessment date.
    pub major_due_days: u32,
    pub minor_due_days: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            weight_m: 3.0,
            weight_c: 2.0,
            weight_r: 1.0,
            effective_score: 85.0,
            not_effective_score: 65.0,
            trace_pass_minutes: 240.0,
            trace_minor_minutes: 1440.0,
            qty_pass_pct: 2.0,
            qty_minor_pct: 5.0,
            kde_pass_pct: 95.0,
            kde_minor_pct: 80.0,
            typos_minor: 2,
            major_due_days: 30,
            minor_due_days: 90,
        }
    }
}

impl Rules {
    /// What is wrong with these rules, if anything (each problem in both languages): weights
    /// must be positive, scores between 0 and 100 with "not effective" below "effective", each
    /// PASS band inside its MINOR band, due days at least one.
    pub fn problems(&self) -> Vec<Localized> {
        let mut out = Vec::new();
        let mut need = |ok: bool, vi: &str, en: &str| {
            if !ok {
                out.push(Localized::new(vi, en));
            }
        };
        let finite = [
            self.weight_m,
            self.weight_c,
            self.weight_r,
            self.effective_score,
            self.not_effective_score,
            self.trace_pass_minutes,
            self.trace_minor_minutes,
            self.qty_pass_pct,
            self.qty_minor_pct,
            self.kde_pass_pct,
            self.kde_minor_pct,
        ];
        need(
            finite.iter().all(|x| x.is_finite() && *x >= 0.0),
            "mọi giá trị phải là số không âm",
            "every value must be a non-negative number",
        );
        need(
            self.weight_m > 0.0 && self.weight_c > 0.0 && self.weight_r > 0.0,
            "trọng số M, C, R phải lớn hơn 0",
            "the weights M, C, R must be above 0",
        );
        need(
            self.not_effective_score <= self.effective_score && self.effective_score <= 100.0,
            "ngưỡng “không hiệu lực” phải ≤ ngưỡng “hiệu lực” ≤ 100",
            "the “not effective” threshold must be ≤ the “effective” one ≤ 100",
        );
        need(
            self.trace_pass_minutes <= self.trace_minor_minutes,
            "thời gian đạt phải ≤ thời gian lỗi nhẹ",
            "the passing time must be ≤ the minor time",
        );
        need(
            self.qty_pass_pct <= self.qty_minor_pct,
            "dung sai khối lượng đạt phải ≤ dung sai lỗi nhẹ",
            "the passing quantity tolerance must be ≤ the minor one",
        );
        need(
            self.kde_minor_pct <= self.kde_pass_pct && self.kde_pass_pct <= 100.0,
            "ngưỡng dữ liệu chính lỗi nhẹ ≤ ngưỡng đạt ≤ 100",
            "the KDE minor band must be ≤ the passing band ≤ 100",
        );
        need(
            self.major_due_days >= 1 && self.minor_due_days >= 1,
            "hạn khắc phục phải từ 1 ngày",
            "corrective-action due days must be at least 1",
        );
        out
    }

    /// Each rule's key (as in the JSON), label and unit, in the order a reader expects them:
    /// the one list the report (and any settings page) shows.
    pub fn described(&self) -> Vec<(&'static str, Localized, &'static str, f64)> {
        let l = Localized::new;
        vec![
            (
                "weight_m",
                l("Trọng số mục bắt buộc (M)", "Weight of mandatory items (M)"),
                "",
                self.weight_m,
            ),
            (
                "weight_c",
                l(
                    "Trọng số mục bắt buộc có điều kiện (C)",
                    "Weight of conditional items (C)",
                ),
                "",
                self.weight_c,
            ),
            (
                "weight_r",
                l(
                    "Trọng số mục khuyến nghị (R)",
                    "Weight of recommended items (R)",
                ),
                "",
                self.weight_r,
            ),
            (
                "effective_score",
                l(
                    "Điểm tối thiểu để “Hiệu lực”",
                    "Minimum score for “Effective”",
                ),
                "%",
                self.effective_score,
            ),
            (
                "not_effective_score",
                l(
                    "Dưới điểm này là “Không hiệu lực”",
                    "Below this score: “Not effective”",
                ),
                "%",
                self.not_effective_score,
            ),
            (
                "trace_pass_minutes",
                l(
                    "Thời gian truy xuất đạt, tối đa",
                    "Trace time to pass, at most",
                ),
                "phút",
                self.trace_pass_minutes,
            ),
            (
                "trace_minor_minutes",
                l(
                    "Thời gian truy xuất lỗi nhẹ, tối đa",
                    "Trace time for a minor, at most",
                ),
                "phút",
                self.trace_minor_minutes,
            ),
            (
                "qty_pass_pct",
                l(
                    "Dung sai cân đối khối lượng đạt",
                    "Quantity tolerance to pass",
                ),
                "%",
                self.qty_pass_pct,
            ),
            (
                "qty_minor_pct",
                l(
                    "Dung sai lỗi nhẹ (khi có giải trình)",
                    "Tolerance for a minor (when explained)",
                ),
                "%",
                self.qty_minor_pct,
            ),
            (
                "kde_pass_pct",
                l(
                    "Dữ liệu chính đầy đủ để đạt, tối thiểu",
                    "KDE completeness to pass, at least",
                ),
                "%",
                self.kde_pass_pct,
            ),
            (
                "kde_minor_pct",
                l(
                    "Dữ liệu chính cho lỗi nhẹ, tối thiểu",
                    "KDE completeness for a minor, at least",
                ),
                "%",
                self.kde_minor_pct,
            ),
            (
                "typos_minor",
                l(
                    "Số lỗi đánh máy nhỏ tối đa cho lỗi nhẹ",
                    "Minor typos at most for a minor",
                ),
                "",
                f64::from(self.typos_minor),
            ),
            (
                "major_due_days",
                l("Hạn khắc phục lỗi nặng", "Due days for a MAJOR finding"),
                "ngày",
                f64::from(self.major_due_days),
            ),
            (
                "minor_due_days",
                l("Hạn khắc phục lỗi nhẹ", "Due days for a MINOR finding"),
                "ngày",
                f64::from(self.minor_due_days),
            ),
        ]
    }

    pub fn weight(&self, level: ItemLevel) -> f64 {
        match level {
            ItemLevel::M => self.weight_m,
            ItemLevel::C => self.weight_c,
            ItemLevel::R => self.weight_r,
        }
    }
}

/// Backward (from a finished lot to its inputs) or forward (from an input lot to its outputs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Backward,
    Forward,
}

impl Direction {
    /// Truy xuất ngược / Backward trace (the UI's terms).
    pub fn label(self) -> Localized {
        match self {
            Direction::Backward => Localized::new("Truy xuất ngược", "Backward"),
            Direction::Forward => Localized::new("Truy xuất xuôi", "Forward"),
        }
    }

    /// The short word a report's table column uses: "Ngược" / "Xuôi".
    pub fn short(self) -> Localized {
        match self {
            Direction::Backward => Localized::new("Ngược", "Backward"),
            Direction::Forward => Localized::new("Xuôi", "Forward"),
        }
    }
}

/// The measured facts of one trace test (quantities already in one unit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TraceFacts {
    /// The recorded test's id (empty for a draft being graded).
    #[serde(default)]
    pub id: String,
    /// The failed test this one re-tests (SALSA): it replaces it once that test's finding has
    /// a corrective action done or verified.
    #[serde(default)]
    pub retest_of: Option<String>,
    pub direction: Direction,
    pub minutes: f64,
    pub links_expected: u32,
    pub links_found: u32,
    pub input_qty: f64,
    pub accounted_qty: f64,
    pub kde_required: u32,
    pub kde_present: u32,
    /// Contradictions on lot, quantity or party: any is MAJOR.
    pub contradictions: u32,
    /// Minor typos: 1–2 MINOR, 3 or more MAJOR (with the default rules).
    #[serde(default)]
    pub typos: u32,
    /// Whether a deviation of the quantity reconciliation is explained (yields, by-products,
    /// stock, samples): within ± 5 % it is MINOR only when explained.
    #[serde(default)]
    pub explained: bool,
}

/// The grade of each metric of a trace test (DOMAIN.md §C.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TraceGrades {
    pub time: Grade,
    pub links: Grade,
    pub quantity: Grade,
    pub kde: Grade,
    pub consistency: Grade,
}

impl TraceGrades {
    /// "Passes on time, links and quantity reconciliation" (verdict rule 2).
    pub fn passes(&self) -> bool {
        self.time == Grade::Pass && self.links == Grade::Pass && self.quantity == Grade::Pass
    }
}

/// `part / whole × 100`, or `empty` when there is no whole: the trace-test ratios, computed
/// here once for the grading, the reports and the minutes.
pub fn percent(part: f64, whole: f64, empty: f64) -> f64 {
    if whole <= 0.0 {
        empty
    } else {
        part / whole * 100.0
    }
}

/// Link completeness in percent; 100 when nothing was expected.
pub fn link_pct(t: &TraceFacts) -> f64 {
    percent(f64::from(t.links_found), f64::from(t.links_expected), 100.0)
}

/// Quantity reconciliation: accounted / input × 100 (0 when no input was given).
pub fn quantity_pct(t: &TraceFacts) -> f64 {
    percent(t.accounted_qty, t.input_qty, 0.0)
}

/// Key data elements present of those required, in percent; 100 when none are required.
pub fn kde_pct(t: &TraceFacts) -> f64 {
    percent(f64::from(t.kde_present), f64::from(t.kde_required), 100.0)
}

/// A tiny tolerance so that 102.0 % computed as 101.99999 or 102.00001 grades as written.
const EPS: f64 = 1e-9;

pub fn grade_trace(t: &TraceFacts, r: &Rules) -> TraceGrades {
    let time = if t.minutes <= r.trace_pass_minutes + EPS {
        Grade::Pass
    } else if t.minutes <= r.trace_minor_minutes + EPS {
        Grade::Minor
    } else {
        Grade::Major
    };
    let links = if t.links_found >= t.links_expected {
        Grade::Pass
    } else {
        Grade::Major
    };
    let dev = (quantity_pct(t) - 100.0).abs();
    let quantity = if t.input_qty <= 0.0 {
        Grade::Major
    } else if dev <= r.qty_pass_pct + EPS {
        Grade::Pass
    } else if dev <= r.qty_minor_pct + EPS && t.explained {
        Grade::Minor
    } else {
        Grade::Major
    };
    let k = kde_pct(t);
    let kde = if k + EPS >= r.kde_pass_pct {
        Grade::Pass
    } else if k + EPS >= r.kde_minor_pct {
        Grade::Minor
    } else {
        Grade::Major
    };
    let consistency = match (t.contradictions, t.typos) {
        (0, 0) => Grade::Pass,
        (0, n) if n <= r.typos_minor => Grade::Minor,
        _ => Grade::Major,
    };
    TraceGrades {
        time,
        links,
        quantity,
        kde,
        consistency,
    }
}

/// The results S9.1–S9.5 take from the recorded trace tests (the worst test counts): S9.1 from the
/// backward tests' links, S9.2 from the forward tests' links, S9.3 time, S9.4 quantity, S9.5
/// consistency. Items with no test to take from are absent.
pub fn s9_results(tests: &[TraceFacts], r: &Rules) -> BTreeMap<&'static str, ItemResult> {
    let graded: Vec<(Direction, TraceGrades)> = tests
        .iter()
        .map(|t| (t.direction, grade_trace(t, r)))
        .collect();
    let worst =
        |f: &dyn Fn(&(Direction, TraceGrades)) -> Option<Grade>| graded.iter().filter_map(f).max();
    let mut out = BTreeMap::new();
    let pairs: [(&str, Option<Grade>); 5] = [
        (
            "S9.1",
            worst(&|(d, g)| (*d == Direction::Backward).then_some(g.links)),
        ),
        (
            "S9.2",
            worst(&|(d, g)| (*d == Direction::Forward).then_some(g.links)),
        ),
        ("S9.3", worst(&|(_, g)| Some(g.time))),
        ("S9.4", worst(&|(_, g)| Some(g.quantity))),
        ("S9.5", worst(&|(_, g)| Some(g.consistency))),
    ];
    for (id, g) in pairs {
        if let Some(g) = g {
            out.insert(id, g.result());
        }
    }
    out
}

/// One item as the verdict needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredItem {
    pub id: String,
    pub section: String,
    pub level: ItemLevel,
    pub critical: bool,
    /// `None` while unanswered.
    pub result: Option<ItemResult>,
}

/// A finding's corrective-action state, for "pending" and for re-tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingState {
    pub item_id: String,
    pub severity: ItemResult,
    /// Whether it has a corrective action with an owner and a due date.
    pub has_action: bool,
    /// Whether one of its corrective actions is done or verified.
    pub action_done: bool,
    /// Open (not withdrawn or closed): only open findings keep a verdict pending.
    pub open: bool,
}

/// The trace tests that count for S9.x and the verdict, and the (replaced, re-test) id pairs:
/// a test recorded as a re-test of T replaces T once a finding of the trace-test items (S9.x)
/// has a corrective action done or verified. Both stay in the record.
pub fn counted_tests(
    tests: &[TraceFacts],
    findings: &[FindingState],
) -> (Vec<TraceFacts>, Vec<(String, String)>) {
    let ready = findings
        .iter()
        .any(|f| f.item_id.starts_with("S9.") && f.action_done);
    let mut replaced: Vec<(String, String)> = Vec::new();
    if ready {
        for t in tests {
            if let Some(old) = t.retest_of.as_deref() {
                if tests.iter().any(|x| x.id == old) && !replaced.iter().any(|(r, _)| r == old) {
                    replaced.push((old.to_owned(), t.id.clone()));
                }
            }
        }
    }
    let counted = tests
        .iter()
        .filter(|t| !replaced.iter().any(|(r, _)| *r == t.id))
        .cloned()
        .collect();
    (counted, replaced)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    Effective,
    EffectiveWithCorrectiveActions,
    NotEffective,
    /// Chưa đủ dữ liệu: an item without a result, or no backward or no forward trace test.
    Incomplete,
}

impl VerdictKind {
    pub fn label(self) -> Localized {
        match self {
            VerdictKind::Effective => Localized::new("Hiệu lực", "Effective"),
            VerdictKind::EffectiveWithCorrectiveActions => Localized::new(
                "Hiệu lực, cần khắc phục",
                "Effective with corrective actions",
            ),
            VerdictKind::NotEffective => Localized::new("Không hiệu lực", "Not effective"),
            VerdictKind::Incomplete => Localized::new(
                "Chưa đủ dữ liệu để kết luận",
                "Not enough data for a verdict",
            ),
        }
    }
}

/// Points over applicable weight for one section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SectionScore {
    /// 0–100, two decimals; `None` when nothing in the section is applicable yet.
    pub score: Option<f64>,
    pub points: f64,
    pub weight: f64,
    pub items: u32,
    pub answered: u32,
    pub pass: u32,
    pub minor: u32,
    pub major: u32,
    pub na: u32,
}

/// The verdict of an assessment with its reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Verdict {
    /// 0–100, two decimals.
    pub score: f64,
    pub verdict: VerdictKind,
    /// "Effective with corrective actions" stays pending until every MAJOR and MINOR finding
    /// has a corrective action with an owner and a due date.
    pub pending: bool,
    pub reasons: Vec<Localized>,
    pub sections: BTreeMap<String, SectionScore>,
    pub unanswered: Vec<String>,
    /// While incomplete: what the verdict would be if every missing item were PASS.
    pub provisional: Option<VerdictKind>,
    /// While incomplete: the score if every missing item were PASS (two decimals).
    pub provisional_score: Option<f64>,
    /// What keeps the verdict from being final: the unanswered item ids, then the missing
    /// trace-test directions (`backward`, `forward`). Empty when final.
    pub missing: Vec<String>,
    pub missing_directions: Vec<Direction>,
    /// Failed trace tests replaced by a re-test: (replaced, re-test) ids.
    pub retested: Vec<(String, String)>,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn points(result: ItemResult, weight: f64) -> f64 {
    match result {
        ItemResult::Pass => weight,
        ItemResult::Minor => weight * 0.5,
        ItemResult::Major | ItemResult::Na => 0.0,
    }
}

/// The score and verdict (DOMAIN.md, "Verdict rules, made exact"), evaluated in order:
/// 0. incomplete — an item without a result, or no backward or no forward trace test: no final
///    verdict, only the provisional one (missing items taken as PASS);
/// 1. not effective — a critical item MAJOR, a trace test with a missing link, or score < 65;
/// 2. effective — no M item MAJOR, every critical item PASS, every trace test passes on time,
///    links and quantity, and score ≥ 85;
/// 3. otherwise effective with corrective actions, pending until every MAJOR/MINOR finding has
///    an action with owner and due date.
///
/// Thresholds compare the unrounded score; only the reported score is rounded. `items` carry
/// their results with S9.x already taken from the counted trace tests ([`counted_tests`]);
/// sub-checks are not among them. `tests` are all recorded tests.
pub fn verdict(
    items: &[ScoredItem],
    tests: &[TraceFacts],
    findings: &[FindingState],
    r: &Rules,
) -> Verdict {
    let (counted, retested) = counted_tests(tests, findings);
    let missing_directions: Vec<Direction> = [Direction::Backward, Direction::Forward]
        .into_iter()
        .filter(|d| !tests.iter().any(|t| t.direction == *d))
        .collect();
    let mut v = decide(items, &counted, findings, r);
    for (old, new) in &retested {
        v.reasons.push(Localized::new(
            format!("Lần truy xuất thử {old} không đạt và đã được làm lại ({new}); lần làm lại được tính."),
            format!("Trace test {old} failed and was re-tested ({new}); the re-test counts."),
        ));
    }
    v.retested = retested;
    if v.unanswered.is_empty() && missing_directions.is_empty() {
        return v;
    }
    let filled: Vec<ScoredItem> = items
        .iter()
        .map(|i| ScoredItem {
            result: i.result.or(Some(ItemResult::Pass)),
            ..i.clone()
        })
        .collect();
    let mut provisional = decide(&filled, &counted, findings, r);
    provisional.reasons.extend(
        v.reasons
            .iter()
            .filter(|x| x.en.contains("re-tested"))
            .cloned(),
    );
    let mut missing = v.unanswered.clone();
    missing.extend(missing_directions.iter().map(|d| match d {
        Direction::Backward => "backward".to_owned(),
        Direction::Forward => "forward".to_owned(),
    }));
    let what = missing_words(&v.unanswered, &missing_directions, false);
    let mut reasons = vec![Localized::new(
        format!(
            "Chưa đủ dữ liệu để kết luận: {}. Kết luận tạm thời (nếu các mục còn thiếu đều đạt): {}.",
            what.vi,
            provisional.verdict.label().vi
        ),
        format!(
            "Not enough data for a verdict: {}. Provisional verdict (if every missing item passed): {}.",
            what.en,
            provisional.verdict.label().en
        ),
    )];
    // Then why the provisional verdict is what it is (not the answered-only reasons, which
    // would call every unanswered critical item "not passed").
    reasons.extend(provisional.reasons);
    Verdict {
        verdict: VerdictKind::Incomplete,
        pending: false,
        reasons,
        provisional: Some(provisional.verdict),
        provisional_score: Some(provisional.score),
        missing,
        missing_directions,
        ..v
    }
}

/// What keeps a verdict from being final, in words: how many items have no result (and which,
/// with `with_ids`), and the trace-test directions not yet recorded.
pub fn missing_words(unanswered: &[String], directions: &[Direction], with_ids: bool) -> Localized {
    let (mut vi, mut en) = (Vec::new(), Vec::new());
    if !unanswered.is_empty() {
        let n = unanswered.len();
        if with_ids {
            let ids = unanswered.join(", ");
            vi.push(format!("{n} mục chưa có kết quả: {ids}"));
            en.push(format!("{n} items without a result: {ids}"));
        } else {
            vi.push(format!("còn {n} mục chưa có kết quả"));
            en.push(format!("{n} items have no result"));
        }
    }
    for d in directions {
        vi.push(format!("chưa có {}", d.label().vi.to_lowercase()));
        en.push(format!("no {} trace test", d.label().en.to_lowercase()));
    }
    Localized::new(vi.join("; "), en.join("; "))
}

/// Rules 1–3 on the items as they are (unanswered items leave the score).
fn decide(
    items: &[ScoredItem],
    tests: &[TraceFacts],
    findings: &[FindingState],
    r: &Rules,
) -> Verdict {
    let mut sections: BTreeMap<String, SectionScore> = BTreeMap::new();
    let (mut total_points, mut total_weight) = (0.0, 0.0);
    let mut unanswered = Vec::new();
    for it in items {
        let s = sections.entry(it.section.clone()).or_insert(SectionScore {
            score: None,
            points: 0.0,
            weight: 0.0,
            items: 0,
            answered: 0,
            pass: 0,
            minor: 0,
            major: 0,
            na: 0,
        });
        s.items += 1;
        let Some(res) = it.result else {
            unanswered.push(it.id.clone());
            continue;
        };
        s.answered += 1;
        match res {
            ItemResult::Pass => s.pass += 1,
            ItemResult::Minor => s.minor += 1,
            ItemResult::Major => s.major += 1,
            ItemResult::Na => s.na += 1,
        }
        if res == ItemResult::Na {
            continue;
        }
        let w = r.weight(it.level);
        let p = points(res, w);
        s.points += p;
        s.weight += w;
        total_points += p;
        total_weight += w;
    }
    for s in sections.values_mut() {
        s.score = (s.weight > 0.0).then(|| round2(s.points / s.weight * 100.0));
        s.points = round2(s.points);
    }
    // Thresholds compare the unrounded score (84.996 is below 85); only the report rounds.
    let exact = if total_weight > 0.0 {
        total_points / total_weight * 100.0
    } else {
        0.0
    };
    let score = round2(exact);

    let critical_major: Vec<&str> = items
        .iter()
        .filter(|i| i.critical && i.result == Some(ItemResult::Major))
        .map(|i| i.id.as_str())
        .collect();
    let missing_links: Vec<&TraceFacts> = tests
        .iter()
        .filter(|t| t.links_found < t.links_expected)
        .collect();
    let mut reasons = Vec::new();

    // Rule 1.
    if !critical_major.is_empty() || !missing_links.is_empty() || exact < r.not_effective_score {
        if !critical_major.is_empty() {
            reasons.push(Localized::new(
                format!("Mục trọng yếu bị lỗi nặng: {}.", critical_major.join(", ")),
                format!(
                    "Critical items with a MAJOR result: {}.",
                    critical_major.join(", ")
                ),
            ));
        }
        for t in &missing_links {
            let (dvi, den) = match t.direction {
                Direction::Backward => ("ngược", "backward"),
                Direction::Forward => ("xuôi", "forward"),
            };
            reasons.push(Localized::new(
                format!(
                    "Truy xuất thử {dvi} thiếu liên kết: tìm được {}/{}.",
                    t.links_found, t.links_expected
                ),
                format!(
                    "The {den} trace test missed links: {} of {} found.",
                    t.links_found, t.links_expected
                ),
            ));
        }
        if exact < r.not_effective_score {
            reasons.push(Localized::new(
                format!(
                    "Điểm {} thấp hơn {:.0}.",
                    vi_number(score),
                    r.not_effective_score
                ),
                format!("Score {score:.2} is below {:.0}.", r.not_effective_score),
            ));
        }
        return Verdict {
            score,
            verdict: VerdictKind::NotEffective,
            pending: false,
            reasons,
            sections,
            unanswered,
            provisional: None,
            provisional_score: None,
            missing: Vec::new(),
            missing_directions: Vec::new(),
            retested: Vec::new(),
        };
    }

    // Rule 2.
    let m_major: Vec<&str> = items
        .iter()
        .filter(|i| i.level == ItemLevel::M && i.result == Some(ItemResult::Major))
        .map(|i| i.id.as_str())
        .collect();
    let critical_not_pass: Vec<&str> = items
        .iter()
        .filter(|i| i.critical && i.result != Some(ItemResult::Pass))
        .map(|i| i.id.as_str())
        .collect();
    let failing_tests: Vec<(usize, TraceGrades)> = tests
        .iter()
        .map(|t| grade_trace(t, r))
        .enumerate()
        .filter(|(_, g)| !g.passes())
        .collect();
    if m_major.is_empty()
        && critical_not_pass.is_empty()
        && failing_tests.is_empty()
        && exact >= r.effective_score
    {
        reasons.push(Localized::new(
            format!("Không có lỗi nặng ở mục bắt buộc, mọi mục trọng yếu đạt, truy xuất thử đạt; điểm {} ≥ {:.0}.", vi_number(score), r.effective_score),
            format!("No MAJOR on mandatory items, every critical item passes, trace tests pass; score {score:.2} ≥ {:.0}.", r.effective_score),
        ));
        return Verdict {
            score,
            verdict: VerdictKind::Effective,
            pending: false,
            reasons,
            sections,
            unanswered,
            provisional: None,
            provisional_score: None,
            missing: Vec::new(),
            missing_directions: Vec::new(),
            retested: Vec::new(),
        };
    }

    // Rule 3.
    if !m_major.is_empty() {
        reasons.push(Localized::new(
            format!("Mục bắt buộc bị lỗi nặng: {}.", m_major.join(", ")),
            format!(
                "Mandatory items with a MAJOR result: {}.",
                m_major.join(", ")
            ),
        ));
    }
    if !critical_not_pass.is_empty() {
        reasons.push(Localized::new(
            format!("Mục trọng yếu chưa đạt: {}.", critical_not_pass.join(", ")),
            format!(
                "Critical items not passed: {}.",
                critical_not_pass.join(", ")
            ),
        ));
    }
    for (i, g) in &failing_tests {
        reasons.push(Localized::new(
            format!(
                "Truy xuất thử thứ {} chưa đạt (thời gian: {}, liên kết: {}, khối lượng: {}).",
                i + 1,
                g.time.label().vi,
                g.links.label().vi,
                g.quantity.label().vi
            ),
            format!(
                "Trace test {} did not pass (time: {}, links: {}, quantity: {}).",
                i + 1,
                g.time.label().en,
                g.links.label().en,
                g.quantity.label().en
            ),
        ));
    }
    if exact < r.effective_score {
        reasons.push(Localized::new(
            format!(
                "Điểm {} thấp hơn {:.0}.",
                vi_number(score),
                r.effective_score
            ),
            format!("Score {score:.2} is below {:.0}.", r.effective_score),
        ));
    }
    let without_action: Vec<&str> = findings
        .iter()
        .filter(|f| {
            f.open && matches!(f.severity, ItemResult::Major | ItemResult::Minor) && !f.has_action
        })
        .map(|f| f.item_id.as_str())
        .collect();
    let pending = !without_action.is_empty();
    if pending {
        reasons.push(Localized::new(
            format!(
                "Chờ hành động khắc phục (người phụ trách, hạn) cho: {}.",
                without_action.join(", ")
            ),
            format!(
                "Waiting for corrective actions (owner, due date) for: {}.",
                without_action.join(", ")
            ),
        ));
    }
    Verdict {
        score,
        verdict: VerdictKind::EffectiveWithCorrectiveActions,
        pending,
        reasons,
        sections,
        unanswered,
        provisional: None,
        provisional_score: None,
        missing: Vec::new(),
        missing_directions: Vec::new(),
        retested: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, level: ItemLevel, critical: bool, result: ItemResult) -> ScoredItem {
        ScoredItem {
            id: id.into(),
            section: id.split('.').next().unwrap().into(),
            level,
            critical,
            result: Some(result),
        }
    }

    fn good_test(direction: Direction) -> TraceFacts {
        TraceFacts {
            id: format!("{direction:?}"),
            retest_of: None,
            typos: 0,
            explained: false,
            direction,
            minutes: 90.0,
            links_expected: 6,
            links_found: 6,
            input_qty: 1000.0,
            accounted_qty: 990.0,
            kde_required: 40,
            kde_present: 40,
            contradictions: 0,
        }
    }

    /// 10 M items (2 critical) all PASS: score 100.
    fn base() -> Vec<ScoredItem> {
        (1..=10)
            .map(|i| item(&format!("S1.{i}"), ItemLevel::M, i <= 2, ItemResult::Pass))
            .collect()
    }

    /// The verdict; with no test given, one passing test each way (so that it can be final).
    fn run(items: &[ScoredItem], tests: &[TraceFacts], findings: &[FindingState]) -> Verdict {
        let both = [
            good_test(Direction::Backward),
            good_test(Direction::Forward),
        ];
        let tests = if tests.is_empty() { &both[..] } else { tests };
        verdict(items, tests, findings, &Rules::default())
    }

    #[test]
    fn every_rule_has_a_label_and_the_defaults_make_sense() {
        let r = Rules::default();
        let json = serde_json::to_value(&r).unwrap();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut described: Vec<&str> = r.described().iter().map(|d| d.0).collect();
        keys.sort();
        described.sort();
        assert_eq!(keys, described);
        assert!(r.problems().is_empty());
        let bad = Rules {
            not_effective_score: 90.0,
            ..Rules::default()
        };
        assert_eq!(bad.problems().len(), 1);
    }

    #[test]
    fn all_pass_is_effective() {
        let v = run(
            &base(),
            &[
                good_test(Direction::Backward),
                good_test(Direction::Forward),
            ],
            &[],
        );
        assert_eq!(
            (v.score, v.verdict, v.pending),
            (100.0, VerdictKind::Effective, false)
        );
    }

    #[test]
    fn score_boundaries_85_and_65() {
        // Weights: M=3. Build scores exactly at the boundaries with M PASS and R/C items.
        // 17 R items: 85 % needs points/weight = 0.85.
        let mut items: Vec<ScoredItem> = (1..=20)
            .map(|i| item(&format!("S2.{i}"), ItemLevel::R, false, ItemResult::Pass))
            .collect();
        for i in items.iter_mut().take(3) {
            i.result = Some(ItemResult::Major); // 17/20 = 85.00
        }
        let v = run(&items, &[], &[]);
        assert_eq!((v.score, v.verdict), (85.0, VerdictKind::Effective));
        items[3].result = Some(ItemResult::Minor); // 16.5/20 = 82.5
        let v = run(&items, &[], &[]);
        assert_eq!(
            (v.score, v.verdict),
            (82.5, VerdictKind::EffectiveWithCorrectiveActions)
        );
        // 13/20 = 65 → not below 65: corrective actions, not "not effective".
        for i in items.iter_mut().take(7) {
            i.result = Some(ItemResult::Major);
        }
        items[7].result = Some(ItemResult::Pass);
        let v = run(&items, &[], &[]);
        assert_eq!(
            (v.score, v.verdict),
            (65.0, VerdictKind::EffectiveWithCorrectiveActions)
        );
        items[7].result = Some(ItemResult::Minor); // 12.5/20 = 62.5
        let v = run(&items, &[], &[]);
        assert_eq!((v.score, v.verdict), (62.5, VerdictKind::NotEffective));
    }

    #[test]
    fn na_leaves_both_sums() {
        let mut items = base();
        items[5].result = Some(ItemResult::Na);
        items[6].result = Some(ItemResult::Minor);
        // 8 PASS + 1 MINOR over 9 applicable M items: (24 + 1.5) / 27 = 94.44
        let v = run(&items, &[], &[]);
        assert_eq!(v.score, 94.44);
        assert_eq!(v.sections["S1"].na, 1);
        assert_eq!(v.sections["S1"].weight, 27.0);
    }

    #[test]
    fn a_critical_major_is_not_effective_whatever_the_score() {
        let mut items = base();
        items[0].result = Some(ItemResult::Major);
        let v = run(&items, &[], &[]);
        assert_eq!(v.verdict, VerdictKind::NotEffective);
        assert_eq!(v.score, 90.0);
        assert!(v.reasons[0].en.contains("S1.1"));
    }

    #[test]
    fn a_missing_link_is_not_effective() {
        let mut t = good_test(Direction::Forward);
        t.links_found = 5;
        let v = run(&base(), &[good_test(Direction::Backward), t], &[]);
        assert_eq!(v.verdict, VerdictKind::NotEffective);
        assert!(v.reasons[0].vi.contains("xuôi"));
    }

    #[test]
    fn an_m_major_or_a_slow_test_needs_corrective_actions_and_is_pending_until_actions_exist() {
        let mut items = base();
        items[4].result = Some(ItemResult::Major); // non-critical M item
        let finding = |has_action| FindingState {
            item_id: "S1.5".into(),
            severity: ItemResult::Major,
            has_action,
            action_done: false,
            open: true,
        };
        let v = run(&items, &[], &[finding(false)]);
        assert_eq!(
            (v.verdict, v.pending),
            (VerdictKind::EffectiveWithCorrectiveActions, true)
        );
        let v = run(&items, &[], &[finding(true)]);
        assert_eq!(
            (v.verdict, v.pending),
            (VerdictKind::EffectiveWithCorrectiveActions, false)
        );
        // A test over 4 h (but ≤ 24 h) blocks "effective".
        let mut slow = good_test(Direction::Backward);
        slow.minutes = 241.0;
        let v = run(&base(), &[slow, good_test(Direction::Forward)], &[]);
        assert_eq!(v.verdict, VerdictKind::EffectiveWithCorrectiveActions);
    }

    #[test]
    fn an_unanswered_item_makes_the_verdict_incomplete_with_a_provisional_one() {
        let mut items = base();
        items[1].result = None;
        let v = run(&items, &[], &[]);
        assert_eq!(v.verdict, VerdictKind::Incomplete);
        assert_eq!(v.provisional, Some(VerdictKind::Effective));
        assert_eq!(v.unanswered, ["S1.2"]);
        assert_eq!(v.missing, ["S1.2"]);
        assert_eq!(v.score, 100.0);
        assert!(v.reasons[0].vi.starts_with("Chưa đủ dữ liệu để kết luận"));
        // Incomplete by one item: answering it makes the verdict final.
        items[1].result = Some(ItemResult::Pass);
        assert_eq!(run(&items, &[], &[]).verdict, VerdictKind::Effective);
    }

    #[test]
    fn a_missing_direction_makes_the_verdict_incomplete() {
        let v = verdict(
            &base(),
            &[good_test(Direction::Backward)],
            &[],
            &Rules::default(),
        );
        assert_eq!(v.verdict, VerdictKind::Incomplete);
        assert_eq!(v.missing, ["forward"]);
        assert_eq!(v.missing_directions, [Direction::Forward]);
        assert_eq!(v.provisional, Some(VerdictKind::Effective));
        let v = verdict(&base(), &[], &[], &Rules::default());
        assert_eq!(v.missing, ["backward", "forward"]);
        // The sample's shortcut: 5 critical items PASS, 60 unanswered, both tests: incomplete.
        let mut items = base();
        for i in items.iter_mut().skip(5) {
            i.result = None;
        }
        let v = run(&items, &[], &[]);
        assert_eq!((v.verdict, v.score), (VerdictKind::Incomplete, 100.0));
        assert_eq!(v.missing.len(), 5);
    }

    #[test]
    fn thresholds_compare_the_unrounded_score() {
        // 84.996 … rounds to 85.00 but is below 85: not effective-grade.
        let r = Rules::default();
        let mut items: Vec<ScoredItem> = (1..=1000)
            .map(|i| item(&format!("S2.{i}"), ItemLevel::R, false, ItemResult::Pass))
            .collect();
        for i in items.iter_mut().take(150) {
            i.result = Some(ItemResult::Major);
        }
        items[150].result = Some(ItemResult::Minor); // 849.5 / 1000 = 84.95
        let v = verdict(
            &items,
            &[
                good_test(Direction::Backward),
                good_test(Direction::Forward),
            ],
            &[],
            &r,
        );
        assert_eq!(
            (v.score, v.verdict),
            (84.95, VerdictKind::EffectiveWithCorrectiveActions)
        );
        let mut r2 = r.clone();
        r2.effective_score = 84.951; // the exact score is 84.95: below, though it prints 84.95
        let v = verdict(
            &items,
            &[
                good_test(Direction::Backward),
                good_test(Direction::Forward),
            ],
            &[],
            &r2,
        );
        assert_eq!(v.verdict, VerdictKind::EffectiveWithCorrectiveActions);
        r2.effective_score = 84.95;
        let v = verdict(
            &items,
            &[
                good_test(Direction::Backward),
                good_test(Direction::Forward),
            ],
            &[],
            &r2,
        );
        assert_eq!(v.verdict, VerdictKind::Effective);
        // 64.99 / 65: 2/3 of … use 6499 of 10000 R points.
        let mut items: Vec<ScoredItem> = (1..=10000)
            .map(|i| item(&format!("S3.{i}"), ItemLevel::R, false, ItemResult::Pass))
            .collect();
        for i in items.iter_mut().take(3501) {
            i.result = Some(ItemResult::Major);
        }
        let v = verdict(
            &items,
            &[
                good_test(Direction::Backward),
                good_test(Direction::Forward),
            ],
            &[],
            &r,
        );
        assert_eq!((v.score, v.verdict), (64.99, VerdictKind::NotEffective));
        items[3500].result = Some(ItemResult::Pass);
        let v = verdict(
            &items,
            &[
                good_test(Direction::Backward),
                good_test(Direction::Forward),
            ],
            &[],
            &r,
        );
        assert_eq!(
            (v.score, v.verdict),
            (65.0, VerdictKind::EffectiveWithCorrectiveActions)
        );
    }

    #[test]
    fn quantity_needs_an_explanation_to_be_minor_and_typos_grade_consistency() {
        let r = Rules::default();
        let g = |f: &dyn Fn(&mut TraceFacts)| {
            let mut t = good_test(Direction::Backward);
            f(&mut t);
            grade_trace(&t, &r)
        };
        // 2 % and 5 % boundaries, explained or not.
        assert_eq!(g(&|t| t.accounted_qty = 1020.0).quantity, Grade::Pass);
        assert_eq!(g(&|t| t.accounted_qty = 1021.0).quantity, Grade::Major);
        assert_eq!(
            g(&|t| {
                t.accounted_qty = 1021.0;
                t.explained = true
            })
            .quantity,
            Grade::Minor
        );
        assert_eq!(
            g(&|t| {
                t.accounted_qty = 950.0;
                t.explained = true
            })
            .quantity,
            Grade::Minor
        );
        assert_eq!(
            g(&|t| {
                t.accounted_qty = 949.0;
                t.explained = true
            })
            .quantity,
            Grade::Major
        );
        // 0/1/2/3 typos; one contradiction.
        assert_eq!(g(&|t| t.typos = 0).consistency, Grade::Pass);
        assert_eq!(g(&|t| t.typos = 1).consistency, Grade::Minor);
        assert_eq!(g(&|t| t.typos = 2).consistency, Grade::Minor);
        assert_eq!(g(&|t| t.typos = 3).consistency, Grade::Major);
        assert_eq!(g(&|t| t.contradictions = 1).consistency, Grade::Major);
    }

    #[test]
    fn a_retest_replaces_the_failed_test_once_its_action_is_done() {
        let mut failed = good_test(Direction::Forward);
        failed.id = "T1".into();
        failed.links_found = 5;
        let mut retest = good_test(Direction::Forward);
        retest.id = "T2".into();
        retest.retest_of = Some("T1".into());
        let tests = [good_test(Direction::Backward), failed, retest];
        let finding = |done| FindingState {
            item_id: "S9.2".into(),
            severity: ItemResult::Major,
            has_action: true,
            action_done: done,
            open: true,
        };
        // Before the action is done, the failed test still counts: not effective.
        let v = verdict(&base(), &tests, &[finding(false)], &Rules::default());
        assert_eq!(v.verdict, VerdictKind::NotEffective);
        assert!(v.retested.is_empty());
        // After: the re-test replaces it, and the reasons say so.
        let v = verdict(&base(), &tests, &[finding(true)], &Rules::default());
        assert_eq!(v.verdict, VerdictKind::Effective);
        assert_eq!(v.retested, [("T1".to_owned(), "T2".to_owned())]);
        assert!(v
            .reasons
            .iter()
            .any(|r| r.en.contains("T1 failed and was re-tested")));
        let (counted, _) = counted_tests(&tests, &[finding(true)]);
        assert_eq!(counted.len(), 2);
    }

    #[test]
    fn trace_metrics_grade_at_their_thresholds() {
        let r = Rules::default();
        let g = |f: &dyn Fn(&mut TraceFacts)| {
            let mut t = good_test(Direction::Backward);
            f(&mut t);
            grade_trace(&t, &r)
        };
        assert_eq!(g(&|t| t.minutes = 240.0).time, Grade::Pass);
        assert_eq!(g(&|t| t.minutes = 240.5).time, Grade::Minor);
        assert_eq!(g(&|t| t.minutes = 1440.0).time, Grade::Minor);
        assert_eq!(g(&|t| t.minutes = 1441.0).time, Grade::Major);
        assert_eq!(g(&|t| t.accounted_qty = 1020.0).quantity, Grade::Pass);
        assert_eq!(g(&|t| t.accounted_qty = 980.0).quantity, Grade::Pass);
        assert_eq!(g(&|t| t.accounted_qty = 1030.0).quantity, Grade::Major); // unexplained
        assert_eq!(
            g(&|t| {
                t.accounted_qty = 1030.0;
                t.explained = true
            })
            .quantity,
            Grade::Minor
        );
        assert_eq!(
            g(&|t| {
                t.accounted_qty = 950.0;
                t.explained = true
            })
            .quantity,
            Grade::Minor
        );
        assert_eq!(g(&|t| t.accounted_qty = 949.0).quantity, Grade::Major);
        assert_eq!(g(&|t| t.kde_present = 38).kde, Grade::Pass); // 95 %
        assert_eq!(g(&|t| t.kde_present = 37).kde, Grade::Minor);
        assert_eq!(g(&|t| t.kde_present = 32).kde, Grade::Minor); // 80 %
        assert_eq!(g(&|t| t.kde_present = 31).kde, Grade::Major);
        assert_eq!(g(&|t| t.contradictions = 2).consistency, Grade::Major); // any contradiction
        assert_eq!(g(&|t| t.typos = 2).consistency, Grade::Minor);
        assert_eq!(g(&|t| t.typos = 3).consistency, Grade::Major);
        assert_eq!(g(&|t| t.links_found = 7).links, Grade::Pass);
    }

    #[test]
    fn s9_items_take_the_worst_test() {
        let r = Rules::default();
        let mut slow = good_test(Direction::Forward);
        slow.minutes = 300.0;
        slow.links_found = 5;
        let s9 = s9_results(&[good_test(Direction::Backward), slow], &r);
        assert_eq!(s9["S9.1"], ItemResult::Pass);
        assert_eq!(s9["S9.2"], ItemResult::Major);
        assert_eq!(s9["S9.3"], ItemResult::Minor);
        assert_eq!(s9["S9.4"], ItemResult::Pass);
        assert!(!s9_results(&[good_test(Direction::Backward)], &r).contains_key("S9.2"));
    }
}
