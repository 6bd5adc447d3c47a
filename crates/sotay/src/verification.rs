//! Pilot verification use cases: pilot models, assessments, answers (one by one or from CSV),
//! trace tests, findings, corrective actions and the verdict.

use serde_json::Value;
use sotay_model::assessment::{
    ActionStatus, AssessmentItem, AssessmentStatus, AssessmentSummary, CorrectiveAction,
    EvidenceAttached, EvidenceFile, Finding, TraceTest,
};
use sotay_model::checklist::{Checklist, ChecklistItem};
use sotay_model::verdict::{
    counted_tests, grade_trace, s9_results, verdict, Direction, FindingState, ItemLevel,
    ItemResult, Rules, ScoredItem, TraceFacts, Verdict, VerdictKind,
};
use sotay_model::{Address, Localized, NewPilotModel, PilotKind, PilotModel};
use sotay_store::{AnswerRow, NewAssessment, NewEvidence, TraceRow};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

use crate::clock::{new_id, rfc3339};
use crate::{Error, ErrorCode, Workspace};

fn bad(vi: impl Into<String>, en: impl Into<String>) -> Error {
    Error::localized(ErrorCode::InvalidInput, vi, en)
}

/// Parses `YYYY-MM-DD`.
/// The dates Sotay accepts at input: the programme's years, with room on both sides. A date
/// outside (9999-12-31, year 1) is refused here, before any arithmetic on it can overflow.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

pub(crate) fn parse_date(s: &str) -> Result<time::Date, Error> {
    let d =
        time::Date::parse(s.trim(), format_description!("[year]-[month]-[day]")).map_err(|_| {
            bad(
                format!("“{s}” không phải ngày hợp lệ dạng NNNN-TT-NN."),
                format!("“{s}” is not a valid date YYYY-MM-DD."),
            )
        })?;
    in_years(s, d.year())?;
    Ok(d)
}

fn in_years(s: &str, year: i32) -> Result<(), Error> {
    if YEARS.contains(&year) {
        return Ok(());
    }
    Err(bad(
        format!(
            "Ngày “{s}” nằm ngoài khoảng Sotay nhận ({}–{}).",
            YEARS.start(),
            YEARS.end()
        ),
        format!(
            "The date “{s}” is outside the range Sotay accepts ({}–{}).",
            YEARS.start(),
            YEARS.end()
        ),
    ))
}

fn date_string(d: time::Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// The units of quantity a trace test may use: the name the form offers, the other spellings
/// read from the command line and spreadsheets, the dimension and the factor to its base unit
/// (kg, count, litre). Quantities convert only within one dimension.
const UNITS: &[(&str, &[&str], &str, f64)] = &[
    ("kg", &["kilogam", "kilogram"], "mass", 1.0),
    ("g", &["gam", "gram"], "mass", 0.001),
    ("yến", &[], "mass", 10.0),
    ("tạ", &[], "mass", 100.0),
    ("tấn", &["t", "tan", "tonne"], "mass", 1000.0),
    ("con", &["cá thể", "pcs", "cái"], "count", 1.0),
    ("thùng", &["case"], "case", 1.0),
    ("bao", &["bag"], "bag", 1.0),
    ("lít", &["l", "litre", "liter"], "volume", 1.0),
    ("ml", &[], "volume", 0.001),
];

/// The unit names the trace-test form offers, in order.
pub fn unit_names() -> Vec<String> {
    UNITS.iter().map(|u| u.0.to_owned()).collect()
}

/// Units of quantity: the dimension and the factor to its base unit (kg, count, litre).
pub fn unit_factor(unit: &str) -> Option<(&'static str, f64)> {
    let u = sotay_model::text::nfc(unit.trim()).to_lowercase();
    UNITS
        .iter()
        .find(|(name, aliases, _, _)| *name == u || aliases.contains(&u.as_str()))
        .map(|&(_, _, dim, factor)| (dim, factor))
}

/// What `sotay assess trace` and the trace-test screen record.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct TraceInput {
    pub direction: Direction,
    pub lot: String,
    pub started: String,
    pub finished: String,
    pub links_expected: u32,
    /// Links found; when absent, the number of `lots` (recorded lot by lot).
    pub links_found: Option<u32>,
    pub input_qty: f64,
    /// Σ accounted (C.3 step 4); when absent, the sum of the breakdown below, else of the
    /// quantities of `lots`.
    pub accounted_qty: Option<f64>,
    pub unit: String,
    /// The unit of `accounted_qty` when it differs (converted to `unit`).
    pub accounted_unit: Option<String>,
    pub kde_required: u32,
    pub kde_present: u32,
    /// Contradictions on lot, quantity or party (any is MAJOR).
    pub contradictions: u32,
    pub note: String,
    pub retest_of: Option<String>,
    /// Minor typos (1–2 MINOR, 3 or more MAJOR).
    #[serde(default)]
    #[ts(optional)]
    pub typos: Option<u32>,
    /// Why the quantities do not reconcile exactly: within ± 5 % a deviation is MINOR only
    /// when explained.
    #[serde(default)]
    #[ts(optional)]
    pub explanation: Option<String>,
    /// The mass balance's parts, in `unit`: outputs, documented losses and by-products, stock
    /// on hand or in transit, samples and waste.
    #[serde(default)]
    #[ts(optional)]
    pub outputs_qty: Option<f64>,
    #[serde(default)]
    #[ts(optional)]
    pub losses_qty: Option<f64>,
    #[serde(default)]
    #[ts(optional)]
    pub stock_qty: Option<f64>,
    #[serde(default)]
    #[ts(optional)]
    pub samples_qty: Option<f64>,
    /// The lots the test found (C.3 step 6), e.g. from `--records FILE`.
    #[serde(default)]
    #[ts(optional)]
    pub lots: Option<Vec<sotay_model::assessment::TraceLot>>,
}

impl TraceInput {
    /// A trace test of `lot` that passes every check, for tests, examples and benchmarks: one
    /// hour on 20/07/2025 (08:00–09:00 +07:00), 4 of 4 links found, 500 kg in and 500 kg
    /// accounted for, 20 of 20 key data elements, no contradictions, typos or lots listed.
    /// Change what a case needs with struct update syntax:
    /// `TraceInput { links_expected: 6, ..TraceInput::passing(direction, "L1") }`.
    pub fn passing(direction: Direction, lot: &str) -> Self {
        Self {
            direction,
            lot: lot.to_owned(),
            started: "2025-07-20T08:00:00+07:00".into(),
            finished: "2025-07-20T09:00:00+07:00".into(),
            links_expected: 4,
            links_found: Some(4),
            input_qty: 500.0,
            accounted_qty: Some(500.0),
            unit: "kg".into(),
            accounted_unit: None,
            kde_required: 20,
            kde_present: 20,
            contradictions: 0,
            note: String::new(),
            retest_of: None,
            typos: None,
            explanation: None,
            outputs_qty: None,
            losses_qty: None,
            stock_qty: None,
            samples_qty: None,
            lots: None,
        }
    }
}

fn minutes_between(started: &str, finished: &str) -> Result<f64, Error> {
    let parse = |s: &str| {
        time::OffsetDateTime::parse(s.trim(), &Rfc3339).map_err(|_| {
            bad(
                format!("“{s}” không phải thời điểm RFC 3339 (ví dụ 2025-07-20T09:00:00+07:00)."),
                format!("“{s}” is not an RFC 3339 time (e.g. 2025-07-20T09:00:00+07:00)."),
            )
        })
    };
    let (a, b) = (parse(started)?, parse(finished)?);
    in_years(started, a.year())?;
    in_years(finished, b.year())?;
    if b < a {
        return Err(bad(
            "Thời điểm kết thúc trước thời điểm bắt đầu.",
            "The finish time is before the start time.",
        ));
    }
    Ok((b - a).whole_seconds() as f64 / 60.0)
}

fn trace_view(t: &TraceRow, rules: &Rules, replaced_by: Option<String>) -> TraceTest {
    let facts = facts_of(t);
    TraceTest {
        id: t.id.clone(),
        direction: t.direction,
        lot: t.lot.clone(),
        started: t.started.clone(),
        finished: t.finished.clone(),
        minutes: facts.minutes,
        links_expected: t.links_expected,
        links_found: t.links_found,
        input_qty: t.input_qty,
        accounted_qty: t.accounted_qty,
        unit: t.unit.clone(),
        kde_required: t.kde_required,
        kde_present: t.kde_present,
        contradictions: t.contradictions,
        grades: grade_trace(&facts, rules),
        note: t.note.clone(),
        retest_of: t.retest_of.clone(),
        typos: t.typos,
        explanation: t.explanation.clone(),
        outputs_qty: t.outputs_qty,
        losses_qty: t.losses_qty,
        stock_qty: t.stock_qty,
        samples_qty: t.samples_qty,
        replaced_by,
        lots: t.lots.clone(),
    }
}

fn facts_of(t: &TraceRow) -> TraceFacts {
    TraceFacts {
        id: t.id.clone(),
        retest_of: t.retest_of.clone(),
        direction: t.direction,
        minutes: minutes_between(&t.started, &t.finished).unwrap_or(f64::INFINITY),
        links_expected: t.links_expected,
        links_found: t.links_found,
        input_qty: t.input_qty,
        accounted_qty: t.accounted_qty,
        kde_required: t.kde_required,
        kde_present: t.kde_present,
        contradictions: t.contradictions,
        typos: t.typos,
        explained: !t.explanation.trim().is_empty(),
    }
}

const S9: [&str; 5] = ["S9.1", "S9.2", "S9.3", "S9.4", "S9.5"];

/// What the trace tests of an assessment amount to (see `Workspace::trace_state`).
#[derive(Debug)]
struct TraceState {
    rows: Vec<TraceRow>,
    facts: Vec<TraceFacts>,
    findings: Vec<FindingState>,
    counted: Vec<TraceFacts>,
    replaced: Vec<(String, String)>,
}

impl Workspace {
    /// Adds a pilot model.
    pub fn add_pilot(
        &mut self,
        name: &str,
        kind: PilotKind,
        handbook: Option<&str>,
        address: Address,
        contact: &str,
    ) -> Result<PilotModel, Error> {
        let name = sotay_model::text::nfc(name.trim());
        if name.is_empty() {
            return Err(bad(
                "Tên mô hình thí điểm không được để trống.",
                "A pilot model needs a name.",
            ));
        }
        let handbook_id = handbook.map(|h| self.resolve_handbook(h)).transpose()?;
        let now = self.now();
        let id = new_id(now);
        self.store.insert_pilot(&NewPilotModel {
            id: id.clone(),
            name,
            kind,
            address,
            contact: sotay_model::text::nfc(contact.trim()),
            handbook_id,
            created_at: rfc3339(now),
        })?;
        Ok(self.store.pilot(&id)?)
    }

    /// The id of the pilot model named by `id_or_name` (an id or a name only one has).
    pub fn resolve_pilot(&self, id_or_name: &str) -> Result<String, Error> {
        let pilots = self.store.list_pilots()?;
        if let Some(p) = pilots.iter().find(|p| p.id == id_or_name) {
            return Ok(p.id.clone());
        }
        let name = sotay_model::text::nfc(id_or_name.trim());
        let found: Vec<&PilotModel> = pilots.iter().filter(|p| p.name == name).collect();
        match found.as_slice() {
            [p] => Ok(p.id.clone()),
            [] => Err(Error::not_found("pilot model", id_or_name)),
            many => Err(Error::ambiguous(
                &name,
                &many.iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
            )),
        }
    }

    /// Starts an assessment of a pilot model against a handbook: the template's checklist plus
    /// one item per CTE of the handbook, frozen with today's weights and thresholds.
    pub fn new_assessment(
        &mut self,
        pilot: &str,
        handbook: &str,
        date: &str,
        lead: &str,
        team: &[String],
    ) -> Result<AssessmentSummary, Error> {
        let pilot_id = self.resolve_pilot(pilot)?;
        let handbook_id = self.resolve_handbook(handbook)?;
        let date = date_string(parse_date(date)?);
        let h = self.store.handbook(&handbook_id)?;
        let template = self.template(&h.summary.template_id)?;
        let base = template.checklist.clone().ok_or_else(|| {
            bad(
                format!(
                    "Mẫu “{}” không có danh mục kiểm tra (checklist.toml).",
                    template.id()
                ),
                format!(
                    "The template “{}” has no checklist (checklist.toml).",
                    template.id()
                ),
            )
        })?;
        let ctes: Vec<(String, String)> = sotay_templates::variable_at(&h.variables, "cte_table")
            .and_then(Value::as_array)
            .map(|rows| {
                rows.iter()
                    .map(|r| {
                        let s = |k: &str| {
                            r.get(k)
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_owned()
                        };
                        (s("event"), s("kdes"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let checklist = base.with_cte_items(&ctes);
        let now = self.now();
        let id = new_id(now);
        let lead = if lead.trim().is_empty() {
            self.user_name()?
        } else {
            sotay_model::text::nfc(lead.trim())
        };
        self.store.insert_assessment(&NewAssessment {
            id: id.clone(),
            pilot_id,
            handbook_id: Some(handbook_id),
            handbook_title: h.summary.title.clone(),
            handbook_version: h.summary.version,
            date,
            lead,
            team: team
                .iter()
                .map(|t| sotay_model::text::nfc(t.trim()))
                .filter(|t| !t.is_empty())
                .collect(),
            checklist: serde_json::to_value(&checklist)
                .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?,
            rules: serde_json::to_value(self.rules_for(&h.variables)?)
                .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?,
            created_at: rfc3339(now),
        })?;
        Ok(self.store.assessment(&id)?.summary)
    }

    pub fn assessments(&self, pilot: Option<&str>) -> Result<Vec<AssessmentSummary>, Error> {
        let pilot_id = pilot.map(|p| self.resolve_pilot(p)).transpose()?;
        Ok(self.store.assessments(pilot_id.as_deref())?)
    }

    pub(crate) fn checklist_and_rules(
        &self,
        assessment: &str,
    ) -> Result<(AssessmentSummary, Checklist, Rules), Error> {
        let sotay_store::StoredAssessment {
            summary,
            checklist,
            rules,
        } = self.store.assessment(assessment)?;
        let checklist: Checklist = serde_json::from_value(checklist)
            .map_err(|e| Error::new(ErrorCode::Internal, format!("checklist: {e}")))?;
        let rules: Rules = serde_json::from_value(rules).map_err(|e| {
            Error::localized(
                ErrorCode::Internal,
                format!("Không đọc được quy tắc đánh giá đã chốt của đợt đánh giá ({e}); không dùng quy tắc mặc định thay thế."),
                format!("The assessment's frozen rules cannot be read ({e}); the defaults are not used instead."),
            )
        })?;
        Ok((summary, checklist, rules))
    }

    /// The recorded trace tests as facts, every finding's state (open or not: a withdrawn
    /// finding's done action still lets its re-test count), and the tests that count.
    fn trace_state(&self, assessment: &str) -> Result<TraceState, Error> {
        let rows = self.store.trace_tests(assessment)?;
        let facts: Vec<TraceFacts> = rows.iter().map(facts_of).collect();
        let findings: Vec<FindingState> = self
            .store
            .findings(assessment, &self.today())?
            .into_iter()
            .map(|f| FindingState {
                open: f.status == "open",
                has_action: f
                    .actions
                    .iter()
                    .any(|a| !a.owner.trim().is_empty() && !a.due.is_empty()),
                action_done: f
                    .actions
                    .iter()
                    .any(|a| matches!(a.status, ActionStatus::Done | ActionStatus::Verified)),
                item_id: f.item_id,
                severity: f.severity,
            })
            .collect();
        let (counted, replaced) = counted_tests(&facts, &findings);
        Ok(TraceState {
            rows,
            facts,
            findings,
            counted,
            replaced,
        })
    }

    /// Brings the findings of S9.1–S9.5 in step with the counted trace tests.
    fn sync_trace_findings(&mut self, assessment: &str, rules: &Rules) -> Result<(), Error> {
        let state = self.trace_state(assessment)?;
        let derived: Vec<(String, ItemResult)> = s9_results(&state.counted, rules)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        let now = self.now();
        let mut ids = || new_id(now);
        self.store
            .sync_findings(assessment, &derived, &rfc3339(now), &mut ids)?;
        Ok(())
    }

    /// The items of an assessment with their answers (S9.x from the trace tests).
    pub fn assessment_items(&self, assessment: &str) -> Result<Vec<AssessmentItem>, Error> {
        Ok(self.items_rules_and_tests(assessment)?.0)
    }

    /// The items (S9.x from the counted trace tests), the frozen rules and the trace tests'
    /// state, read once for both the items list and the verdict.
    fn items_rules_and_tests(
        &self,
        assessment: &str,
    ) -> Result<(Vec<AssessmentItem>, Rules, TraceState), Error> {
        let (_, checklist, rules) = self.checklist_and_rules(assessment)?;
        let answers = self.store.answers(assessment)?;
        let state = self.trace_state(assessment)?;
        let derived = s9_results(&state.counted, &rules);
        let evidence = self.store.evidence(assessment)?;
        let all: Vec<AssessmentItem> = checklist
            .items
            .into_iter()
            .map(|item| {
                let answer = match derived.get(item.id.as_str()) {
                    Some(r) => Some(sotay_model::assessment::Answer {
                        result: *r,
                        note: String::new(),
                        reason: String::new(),
                        by: String::new(),
                        at: String::new(),
                        from_trace_tests: true,
                    }),
                    None if S9.contains(&item.id.as_str()) => None,
                    None => answers.get(&item.id).cloned(),
                };
                let attached: Vec<EvidenceFile> = evidence
                    .iter()
                    .filter(|e| e.item_id.as_deref() == Some(item.id.as_str()))
                    .cloned()
                    .collect();
                AssessmentItem {
                    item,
                    answer,
                    evidence_files: attached.iter().map(|e| e.name.clone()).collect(),
                    attached,
                    subchecks: Vec::new(),
                    suggested: None,
                }
            })
            .collect();
        // Sub-checks go under their parent; the parent gets a suggested result: the worst of
        // its answered sub-checks and of the counted trace tests' KDE-completeness grades.
        let (subs, mut top): (Vec<AssessmentItem>, Vec<AssessmentItem>) =
            all.into_iter().partition(|i| i.item.parent().is_some());
        let kde_grades = state
            .counted
            .iter()
            .map(|t| grade_trace(t, &rules).kde.result());
        for parent in top
            .iter_mut()
            .filter(|p| p.item.id == sotay_model::checklist::KDE_PARENT)
        {
            parent.subchecks = subs.clone();
            parent.suggested = subs
                .iter()
                .filter_map(|c| c.answer.as_ref().map(|a| a.result))
                .chain(kde_grades.clone())
                .filter(|r| *r != ItemResult::Na)
                .max();
        }
        if !top
            .iter()
            .any(|p| p.item.id == sotay_model::checklist::KDE_PARENT)
        {
            top.extend(subs); // a checklist without S4.1: nothing to nest them under
        }
        Ok((top, rules, state))
    }

    /// Records answers: every one is validated first and none is stored if any is invalid.
    /// `answers` are (item id, result, note, reason); `rows` name them in errors (e.g. CSV rows).
    pub fn answer(
        &mut self,
        assessment: &str,
        answers: &[(String, String, String, String)],
        rows: Option<&[usize]>,
    ) -> Result<(), Error> {
        self.atomically(|ws| {
        let (summary, checklist, _) = ws.checklist_and_rules(assessment)?;
        if summary.status == AssessmentStatus::Closed {
            return Err(bad(
                "Đợt đánh giá đã đóng, không sửa được kết quả.",
                "The assessment is closed; its answers cannot change.",
            ));
        }
        let mut problems: Vec<(String, String)> = Vec::new();
        let mut valid = Vec::new();
        for (i, (item, result, note, reason)) in answers.iter().enumerate() {
            let place = match rows {
                Some(r) => (format!("Dòng {}: ", r[i]), format!("Row {}: ", r[i])),
                None => (String::new(), String::new()),
            };
            let item = item.trim();
            let Some(res) = ItemResult::parse(result) else {
                problems.push((
                    format!(
                        "{}kết quả “{result}” không hợp lệ (pass, minor, major hoặc na).",
                        place.0
                    ),
                    format!(
                        "{}result “{result}” is not valid (pass, minor, major or na).",
                        place.1
                    ),
                ));
                continue;
            };
            if !checklist.items.iter().any(|i| i.id == item) {
                problems.push((
                    format!("{}không có mục kiểm tra “{item}”.", place.0),
                    format!("{}there is no checklist item “{item}”.", place.1),
                ));
                continue;
            }
            if S9.contains(&item) {
                problems.push((
                    format!("{}mục {item} lấy kết quả từ truy xuất thử (sotay assess trace), không trả lời tay.", place.0),
                    format!("{}item {item} takes its result from the trace tests (sotay assess trace), not a manual answer.", place.1),
                ));
                continue;
            }
            if res == ItemResult::Na && reason.trim().is_empty() {
                problems.push((
                    format!(
                        "{}mục {item} “không áp dụng” cần ghi lý do (--reason).",
                        place.0
                    ),
                    format!(
                        "{}item {item} marked NA needs a reason (--reason).",
                        place.1
                    ),
                ));
                continue;
            }
            valid.push(AnswerRow {
                item_id: item.to_owned(),
                result: res,
                note: sotay_model::text::nfc(note.trim()),
                reason: sotay_model::text::nfc(reason.trim()),
            });
        }
        if !problems.is_empty() {
            let vi: Vec<String> = problems.iter().map(|p| p.0.clone()).collect();
            let en: Vec<String> = problems.iter().map(|p| p.1.clone()).collect();
            return Err(bad(
                format!("Không ghi kết quả nào:\n  {}", vi.join("\n  ")),
                format!("No answer was recorded:\n  {}", en.join("\n  ")),
            ));
        }
        let by = ws.user_name()?;
        let now = ws.now();
        let at = rfc3339(now);
        let mut ids = || new_id(now);
        ws.store
            .put_answers(&summary.id, &valid, &by, &at, &mut ids)?;
        if summary.status == AssessmentStatus::Planned {
            ws.store.set_assessment_status(
                &summary.id,
                AssessmentStatus::Planned,
                AssessmentStatus::InProgress,
                &at,
            )?;
        }
        Ok(())
        })
    }

    /// Records answers from CSV with the header `item,result,note,reason`.
    pub fn answer_csv(&mut self, assessment: &str, csv_text: &str) -> Result<usize, Error> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(csv_text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| {
                bad(
                    format!("Tệp CSV không đọc được: {e}"),
                    format!("Cannot read the CSV: {e}"),
                )
            })?
            .clone();
        let expected = ["item", "result", "note", "reason"];
        let names: Vec<&str> = headers.iter().collect();
        let unknown: Vec<&str> = names
            .iter()
            .copied()
            .filter(|h| !expected.contains(h))
            .collect();
        if !names.contains(&"item") || !names.contains(&"result") || !unknown.is_empty() {
            return Err(bad(
                format!(
                    "Dòng tiêu đề phải là item,result,note,reason (có: {}).",
                    names.join(",")
                ),
                format!(
                    "The header must be item,result,note,reason (found: {}).",
                    names.join(",")
                ),
            ));
        }
        let col = |name: &str| names.iter().position(|h| *h == name);
        let mut answers = Vec::new();
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let row = i + 2;
            let record =
                record.map_err(|e| bad(format!("Dòng {row}: {e}"), format!("Row {row}: {e}")))?;
            let get = |name: &str| {
                col(name)
                    .and_then(|c| record.get(c))
                    .unwrap_or("")
                    .to_owned()
            };
            answers.push((get("item"), get("result"), get("note"), get("reason")));
            rows.push(row);
        }
        if answers.is_empty() {
            return Err(bad(
                "Tệp CSV không có dòng kết quả nào.",
                "The CSV has no answer rows.",
            ));
        }
        let n = answers.len();
        self.answer(assessment, &answers, Some(&rows))?;
        Ok(n)
    }

    /// Adds an inspector's own item to an assessment; returns its id (X1, X2…).
    pub fn add_assessment_item(
        &mut self,
        assessment: &str,
        section: &str,
        text: &str,
        level: ItemLevel,
    ) -> Result<String, Error> {
        self.atomically(|ws| {
            let (_, mut checklist, _) = ws.checklist_and_rules(assessment)?;
            let n = checklist
                .items
                .iter()
                .filter(|i| i.id.starts_with('X'))
                .count()
                + 1;
            let id = format!("X{n}");
            let text = sotay_model::text::nfc(text.trim());
            if text.is_empty() {
                return Err(bad(
                    "Nội dung mục kiểm tra không được để trống.",
                    "An item needs a text.",
                ));
            }
            checklist.items.push(ChecklistItem {
                id: id.clone(),
                section: section.to_owned(),
                level,
                critical: false,
                text: Localized::new(text.clone(), text),
                source: "Người đánh giá bổ sung / added by the inspector".into(),
                evidence: Localized::default(),
                condition: None,
            });
            let at = rfc3339(ws.now());
            let value = serde_json::to_value(&checklist)
                .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
            ws.store.set_assessment_checklist(assessment, &value, &at)?;
            Ok(id)
        })
    }

    /// Grades a trace test as it would be recorded, with the assessment's frozen rules, storing
    /// nothing: what the window's trace-test form shows as it is filled in.
    pub fn preview_trace(&self, assessment: &str, t: &TraceInput) -> Result<TraceTest, Error> {
        let (summary, _, rules) = self.checklist_and_rules(assessment)?;
        let row = self.trace_row(&summary.id, t)?;
        Ok(trace_view(&row, &rules, None))
    }

    /// A trace test checked and converted for storing (one unit, NFC text, the breakdown
    /// summed when no accounted quantity is given).
    fn trace_row(&self, assessment_id: &str, t: &TraceInput) -> Result<TraceRow, Error> {
        let summary = self.store.assessment(assessment_id)?.summary;
        minutes_between(&t.started, &t.finished)?;
        let lot = sotay_model::text::nfc(t.lot.trim());
        if lot.is_empty() {
            return Err(bad(
                "Cần mã lô bắt đầu truy xuất (--lot).",
                "The starting lot code is required (--lot).",
            ));
        }
        let (dim, factor) = unit_factor(&t.unit).ok_or_else(|| {
            bad(
                format!(
                    "Đơn vị “{}” không được hỗ trợ (kg, g, yến, tạ, tấn, con, thùng, bao, lít).",
                    t.unit
                ),
                format!(
                    "The unit “{}” is not supported (kg, g, yến, tạ, tấn, con, thùng, bao, lít).",
                    t.unit
                ),
            )
        })?;
        let parts = [t.outputs_qty, t.losses_qty, t.stock_qty, t.samples_qty];
        if parts.iter().flatten().any(|q| !q.is_finite() || *q < 0.0) {
            return Err(bad(
                "Các phần của cân đối khối lượng phải là số không âm.",
                "The parts of the mass balance must be non-negative numbers.",
            ));
        }
        let lots: Vec<sotay_model::assessment::TraceLot> = t.lots.clone().unwrap_or_default();
        if lots.len() > crate::lots::MAX_LOTS {
            return Err(bad(
                format!(
                    "Quá {} lô trong một lần truy xuất thử.",
                    crate::lots::MAX_LOTS
                ),
                format!(
                    "More than {} lots in one trace test.",
                    crate::lots::MAX_LOTS
                ),
            ));
        }
        let links_found =
            match (t.links_found, lots.len()) {
                (Some(n), 0) => n,
                (None, 0) => return Err(bad(
                    "Cần số liên kết tìm thấy (--links-found) hoặc bảng các lô (--records).",
                    "Links found are required (--links-found), or the table of lots (--records).",
                )),
                (None, k) => k as u32,
                (Some(n), k) if n as usize == k => n,
                (Some(n), k) => {
                    return Err(bad(
                        format!("Số liên kết tìm thấy ({n}) khác số lô trong bảng ({k})."),
                        format!("Links found ({n}) differ from the lots in the table ({k})."),
                    ))
                }
            };
        // The lots' quantities in the test's unit (a lot without a unit is in the test's unit).
        let mut lots_sum: Option<f64> = None;
        for (i, l) in lots.iter().enumerate() {
            let Some(q) = l.quantity else { continue };
            let f = if l.unit.trim().is_empty() {
                1.0
            } else {
                match unit_factor(&l.unit) {
                    Some((d, f)) if d == dim => f / factor,
                    _ => {
                        return Err(bad(
                            format!(
                                "Lô thứ {} ({}): không quy đổi được “{}” sang “{}”.",
                                i + 1,
                                l.lot,
                                l.unit,
                                t.unit
                            ),
                            format!(
                                "Lot {} ({}): “{}” cannot be converted to “{}”.",
                                i + 1,
                                l.lot,
                                l.unit,
                                t.unit
                            ),
                        ))
                    }
                }
            };
            *lots_sum.get_or_insert(0.0) += q * f;
        }
        let accounted_given = match (t.accounted_qty, parts.iter().any(Option::is_some), lots_sum) {
            (Some(q), _, _) => q,
            // C.3 step 4: Σ accounted = outputs + losses/by-products + stock + samples.
            (None, true, _) => parts.iter().flatten().sum(),
            (None, false, Some(sum)) => sum,
            (None, false, None) => {
                return Err(bad(
                    "Cần khối lượng đã giải trình (--accounted-qty) hoặc các phần của nó (--outputs-qty, --losses-qty, --stock-qty, --samples-qty), hoặc số lượng trong bảng các lô.",
                    "The accounted quantity is required (--accounted-qty), or its parts (--outputs-qty, --losses-qty, --stock-qty, --samples-qty), or quantities in the table of lots.",
                ))
            }
        };
        let from_lots = t.accounted_qty.is_none() && !parts.iter().any(Option::is_some);
        let accounted = match &t.accounted_unit {
            _ if from_lots => accounted_given,
            None => accounted_given,
            Some(u) => {
                let (d2, f2) = unit_factor(u).ok_or_else(|| {
                    bad(
                        format!("Đơn vị “{u}” không được hỗ trợ."),
                        format!("The unit “{u}” is not supported."),
                    )
                })?;
                if d2 != dim {
                    return Err(bad(
                        format!("Không quy đổi được “{u}” sang “{}”.", t.unit),
                        format!("“{u}” cannot be converted to “{}”.", t.unit),
                    ));
                }
                accounted_given * f2 / factor
            }
        };
        if !(t.input_qty.is_finite() && accounted.is_finite())
            || t.input_qty < 0.0
            || accounted < 0.0
        {
            return Err(bad(
                "Khối lượng phải là số không âm.",
                "Quantities must be non-negative numbers.",
            ));
        }
        if links_found > t.links_expected {
            return Err(bad(
                format!(
                    "Số liên kết tìm thấy ({}) không thể lớn hơn số liên kết cần có ({}).",
                    links_found, t.links_expected
                ),
                format!(
                    "Links found ({}) cannot exceed links expected ({}).",
                    links_found, t.links_expected
                ),
            ));
        }
        if let Some(retest) = t.retest_of.as_deref() {
            if !self
                .store
                .trace_tests(&summary.id)?
                .iter()
                .any(|x| x.id == retest)
            {
                return Err(bad(
                    format!("Không có lần truy xuất thử “{retest}” trong đợt đánh giá này để làm lại (--retest-of). Xem mã bằng “sotay assess traces”."),
                    format!("There is no trace test “{retest}” in this assessment to retest (--retest-of). See the ids with “sotay assess traces”."),
                ));
            }
        }
        if t.kde_present > t.kde_required {
            return Err(bad(
                "Số dữ liệu chính có mặt không thể lớn hơn số yêu cầu.",
                "KDEs present cannot exceed KDEs required.",
            ));
        }
        let now = self.now();
        let row = TraceRow {
            id: new_id(now),
            direction: t.direction,
            lot,
            started: t.started.trim().to_owned(),
            finished: t.finished.trim().to_owned(),
            links_expected: t.links_expected,
            links_found,
            input_qty: t.input_qty,
            accounted_qty: accounted,
            unit: sotay_model::text::nfc(t.unit.trim()),
            kde_required: t.kde_required,
            kde_present: t.kde_present,
            contradictions: t.contradictions,
            note: sotay_model::text::nfc(t.note.trim()),
            retest_of: t.retest_of.clone(),
            created_at: rfc3339(now),
            typos: t.typos.unwrap_or(0),
            explanation: sotay_model::text::nfc(t.explanation.as_deref().unwrap_or("").trim()),
            outputs_qty: t.outputs_qty,
            losses_qty: t.losses_qty,
            stock_qty: t.stock_qty,
            samples_qty: t.samples_qty,
            lots,
        };
        Ok(row)
    }

    /// Records a trace test; S9.1–S9.5 and their findings follow from it.
    pub fn record_trace(&mut self, assessment: &str, t: &TraceInput) -> Result<TraceTest, Error> {
        self.atomically(|ws| {
            let (summary, _, rules) = ws.checklist_and_rules(assessment)?;
            let row = ws.trace_row(&summary.id, t)?;
            let now = ws.now();
            ws.store.insert_trace_test(&summary.id, &row)?;
            ws.sync_trace_findings(&summary.id, &rules)?;
            let at = rfc3339(now);
            if summary.status == AssessmentStatus::Planned {
                ws.store.set_assessment_status(
                    &summary.id,
                    AssessmentStatus::Planned,
                    AssessmentStatus::InProgress,
                    &at,
                )?;
            }
            Ok(trace_view(&row, &rules, None))
        })
    }

    pub fn trace_tests(&self, assessment: &str) -> Result<Vec<TraceTest>, Error> {
        let (_, _, rules) = self.checklist_and_rules(assessment)?;
        let state = self.trace_state(assessment)?;
        Ok(state
            .rows
            .iter()
            .map(|t| {
                let by = state
                    .replaced
                    .iter()
                    .find(|(old, _)| *old == t.id)
                    .map(|(_, new)| new.clone());
                trace_view(t, &rules, by)
            })
            .collect())
    }

    fn today(&self) -> String {
        rfc3339(self.now())[..10].to_owned()
    }

    /// The findings of an assessment; one without a description of its own is described by
    /// its checklist item's requirement.
    pub fn findings(&self, assessment: &str) -> Result<Vec<Finding>, Error> {
        let (_, checklist, _) = self.checklist_and_rules(assessment)?;
        let mut findings = self.store.findings(assessment, &self.today())?;
        for f in &mut findings {
            if f.description.trim().is_empty() {
                if let Some(item) = checklist.items.iter().find(|i| i.id == f.item_id) {
                    f.description = item.text.vi.clone();
                }
            }
        }
        Ok(findings)
    }

    /// One assessment.
    pub fn assessment(&self, assessment: &str) -> Result<AssessmentSummary, Error> {
        Ok(self.store.assessment(assessment)?.summary)
    }

    /// The checklist sections of an assessment (ids and vi/en titles) and its weights and thresholds.
    pub fn assessment_sections(
        &self,
        assessment: &str,
    ) -> Result<(Vec<sotay_model::checklist::ChecklistSection>, Rules), Error> {
        let (_, checklist, rules) = self.checklist_and_rules(assessment)?;
        Ok((checklist.sections, rules))
    }

    /// The score and verdict of an assessment (DOMAIN.md rules).
    pub fn verdict(&self, assessment: &str) -> Result<Verdict, Error> {
        let (items, rules, state) = self.items_rules_and_tests(assessment)?;
        let scored: Vec<ScoredItem> = items
            .iter()
            .map(|i| ScoredItem {
                id: i.item.id.clone(),
                section: i.item.section.clone(),
                level: i.item.level,
                critical: i.item.critical,
                result: i.answer.as_ref().map(|a| a.result),
            })
            .collect();
        Ok(verdict(&scored, &state.facts, &state.findings, &rules))
    }

    /// Adds a corrective action to a finding. Without a due date: the assessment date plus 30
    /// days for a MAJOR finding, 90 for a MINOR one.
    pub fn add_action(
        &mut self,
        finding: &str,
        owner: &str,
        due: Option<&str>,
        description: &str,
    ) -> Result<CorrectiveAction, Error> {
        self.atomically(|ws| {
            let assessment = ws.store.finding_assessment(finding)?;
            let (summary, _, rules) = ws.checklist_and_rules(&assessment)?;
            let f = ws
                .store
                .findings(&assessment, &ws.today())?
                .into_iter()
                .find(|f| f.id == finding)
                .ok_or_else(|| Error::not_found("finding", finding))?;
            let owner = sotay_model::text::nfc(owner.trim());
            if owner.is_empty() {
                return Err(bad(
                    "Hành động khắc phục cần người phụ trách (--owner).",
                    "A corrective action needs an owner (--owner).",
                ));
            }
            let due = match due {
                Some(d) => date_string(parse_date(d)?),
                None => {
                    let days = if f.severity == ItemResult::Major {
                        rules.major_due_days
                    } else {
                        rules.minor_due_days
                    };
                    date_string(parse_date(&summary.date)? + time::Duration::days(i64::from(days)))
                }
            };
            let now = ws.now();
            let id = new_id(now);
            ws.store.insert_action(
                &id,
                finding,
                &sotay_model::text::nfc(description.trim()),
                &owner,
                &due,
                &rfc3339(now),
            )?;
            Ok(ws.store.action(&id, &ws.today())?)
        })
    }

    /// Moves an action along open → in progress → done → verified (verification is recorded
    /// with the inspector's name).
    pub fn move_action(
        &mut self,
        action: &str,
        to: ActionStatus,
        note: &str,
    ) -> Result<CorrectiveAction, Error> {
        self.atomically(|ws| {
            let a = ws.store.action(action, &ws.today())?;
            if !a.status.can_move_to(to) {
                return Err(Error::localized(
                    ErrorCode::WorkflowRefused,
                    format!(
                        "Không thể chuyển hành động từ “{}” sang “{}”.",
                        a.status.label().vi,
                        to.label().vi
                    ),
                    format!(
                        "An action cannot go from “{}” to “{}”.",
                        a.status.label().en,
                        to.label().en
                    ),
                ));
            }
            let by = ws.user_name()?;
            let at = rfc3339(ws.now());
            ws.store.set_action_status(
                action,
                a.status,
                to,
                &by,
                &sotay_model::text::nfc(note.trim()),
                &at,
            )?;
            // A done action may let a re-test replace the failed test: S9.x follow.
            let finding = ws.store.action(action, &ws.today())?.finding_id;
            let assessment = ws.store.finding_assessment(&finding)?;
            let (_, _, rules) = ws.checklist_and_rules(&assessment)?;
            ws.sync_trace_findings(&assessment, &rules)?;
            Ok(ws.store.action(action, &ws.today())?)
        })
    }

    pub fn set_assessment_status(
        &mut self,
        assessment: &str,
        to: AssessmentStatus,
    ) -> Result<AssessmentSummary, Error> {
        self.atomically(|ws| {
            let summary = ws.store.assessment(assessment)?.summary;
            if !summary.status.can_move_to(to) {
                return Err(Error::localized(
                    ErrorCode::WorkflowRefused,
                    format!(
                        "Không thể chuyển đợt đánh giá từ “{}” sang “{}”.",
                        summary.status.label().vi,
                        to.label().vi
                    ),
                    format!(
                        "An assessment cannot go from “{}” to “{}”.",
                        summary.status.label().en,
                        to.label().en
                    ),
                ));
            }
            if to == AssessmentStatus::Completed {
                let v = ws.verdict(&summary.id)?;
                if v.verdict == VerdictKind::Incomplete {
                    let w = sotay_model::verdict::missing_words(
                        &v.unanswered,
                        &v.missing_directions,
                        true,
                    );
                    let (vi, en) = (w.vi, w.en);
                    return Err(Error::localized(
                        ErrorCode::WorkflowRefused,
                        format!("Chưa thể hoàn thành đánh giá: chưa đủ dữ liệu để kết luận — {vi}."),
                        format!("The assessment cannot be completed yet: not enough data for a verdict — {en}."),
                    ));
                }
            }
            ws.store
                .set_assessment_status(assessment, summary.status, to, &rfc3339(ws.now()))?;
            Ok(ws.store.assessment(assessment)?.summary)
        })
    }

    /// Attaches a photo or document to an item of an assessment (content-addressed). A photo
    /// keeps its EXIF capture time and gets a thumbnail; a photo that cannot be decoded (damaged,
    /// too large) is stored all the same, without thumbnail, and the result says why.
    pub fn attach_evidence(
        &mut self,
        assessment: &str,
        item: Option<&str>,
        name: &str,
        bytes: &[u8],
    ) -> Result<EvidenceAttached, Error> {
        self.store.assessment(assessment)?;
        let e = crate::photo::Evidence::prepare(name, bytes);
        let now = self.now();
        let id = new_id(now);
        self.store.put_evidence(&NewEvidence {
            id: &id,
            assessment_id: assessment,
            item_id: item,
            action_id: None,
            name: &e.name,
            file: e.file(),
            thumbnail: e.thumb(),
            taken_at: e.taken_at.as_deref(),
            at: &rfc3339(now),
        })?;
        Ok(EvidenceAttached {
            file: EvidenceFile {
                id,
                item_id: item.map(str::to_owned),
                has_thumbnail: e.thumbnail.is_some(),
                name: e.name,
                sha256: e.sha256,
                taken_at: e.taken_at,
            },
            warning: e.warning,
        })
    }

    /// The thumbnail of an evidence file as a `data:` URL (the window's CSP allows them for
    /// images); none for documents and photos without one.
    pub fn evidence_thumbnail(&self, evidence: &str) -> Result<Option<String>, Error> {
        Ok(self
            .store
            .evidence_thumbnail(evidence)?
            .map(|(mime, bytes)| sotay_doc::html::data_uri(&mime, &bytes)))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn units_convert_within_their_dimension() {
        assert_eq!(unit_factor("tấn"), Some(("mass", 1000.0)));
        assert_eq!(unit_factor(" KG "), Some(("mass", 1.0)));
        assert_eq!(unit_factor("con").unwrap().0, "count");
        assert_eq!(unit_factor("pound"), None);
        // Every unit the form offers is read back.
        for u in unit_names() {
            assert!(unit_factor(&u).is_some(), "{u}");
        }
    }

    #[test]
    fn trace_times_are_rfc3339_and_ordered() {
        assert_eq!(
            minutes_between("2025-07-20T09:00:00+07:00", "2025-07-20T12:30:00+07:00").unwrap(),
            210.0
        );
        assert!(minutes_between("2025-07-20T12:00:00Z", "2025-07-20T09:00:00Z").is_err());
        assert!(minutes_between("hôm qua", "2025-07-20T09:00:00Z").is_err());
    }

    /// A workspace (the sample) with one planned assessment of the first pilot.
    pub(crate) fn assessment() -> (tempfile::TempDir, Workspace, String) {
        let dir = tempfile::TempDir::new().unwrap();
        let mut ws = Workspace::open(
            &dir.path().join("w.db"),
            std::sync::Arc::new(crate::SystemClock),
        )
        .unwrap();
        ws.ensure_sample_workspace().unwrap();
        let pilot = ws.pilots().unwrap().remove(0);
        let handbook = pilot.handbook_id.clone().unwrap();
        let a = ws
            .new_assessment(&pilot.id, &handbook, "2025-07-20", "Lê Thanh Tùng", &[])
            .unwrap()
            .id;
        (dir, ws, a)
    }

    /// Answers every manual item of assessment `a` PASS (the S9 items are computed).
    pub(crate) fn answer_all_pass(ws: &mut Workspace, a: &str) {
        let answers: Vec<(String, String, String, String)> = ws
            .assessment_items(a)
            .unwrap()
            .iter()
            .filter(|i| !i.item.id.starts_with("S9."))
            .map(|i| {
                (
                    i.item.id.clone(),
                    "pass".into(),
                    String::new(),
                    String::new(),
                )
            })
            .collect();
        ws.answer(a, &answers, None).unwrap();
    }

    #[test]
    fn a_trace_preview_grades_with_the_frozen_rules_and_stores_nothing() {
        let (_dir, mut ws, a) = assessment();
        // 3 % off (485 of 500 kg accounted for) and one typo.
        let input = TraceInput {
            finished: "2025-07-20T09:45:00+07:00".into(),
            accounted_qty: None,
            typos: Some(1),
            outputs_qty: Some(480.0),
            losses_qty: Some(5.0),
            ..TraceInput::passing(Direction::Forward, "PL-2025-0612")
        };
        let t = ws.preview_trace(&a, &input).unwrap();
        assert_eq!((t.minutes, t.accounted_qty), (105.0, 485.0));
        // 3 % off and unexplained: MAJOR; one typo: MINOR.
        assert_eq!(t.grades.quantity, sotay_model::verdict::Grade::Major);
        assert_eq!(t.grades.consistency, sotay_model::verdict::Grade::Minor);
        assert!(ws.trace_tests(&a).unwrap().is_empty());
        let explained = TraceInput {
            explanation: Some("Hao hụt khi vận chuyển".into()),
            ..input.clone()
        };
        let t = ws.preview_trace(&a, &explained).unwrap();
        assert_eq!(t.grades.quantity, sotay_model::verdict::Grade::Minor);
        // A stricter workspace rule does not touch the started assessment.
        ws.set_rule("typos_minor", "0").unwrap();
        let t = ws.preview_trace(&a, &input).unwrap();
        assert_eq!(t.grades.consistency, sotay_model::verdict::Grade::Minor);
    }

    #[test]
    fn a_photo_keeps_its_capture_time_and_gets_a_thumbnail() {
        use crate::photo::tests::jpeg_with_exif;
        let (_dir, mut ws, a) = assessment();
        let photo = jpeg_with_exif(
            640,
            480,
            &[],
            &[(0x9003, "2025:07:20 14:32:05"), (0x9011, "+07:00")],
            None,
        );
        let added = ws
            .attach_evidence(&a, Some("S2.6"), " bờ ao số 3.jpg ", &photo)
            .unwrap();
        assert_eq!(added.warning, None);
        assert_eq!(added.file.name, "bờ ao số 3.jpg");
        assert_eq!(
            added.file.taken_at.as_deref(),
            Some("2025-07-20T14:32:05+07:00")
        );
        assert!(added.file.has_thumbnail);
        let items = ws.assessment_items(&a).unwrap();
        let item = items.iter().find(|i| i.item.id == "S2.6").unwrap();
        assert_eq!(item.attached, std::slice::from_ref(&added.file));
        assert_eq!(item.evidence_files, ["bờ ao số 3.jpg"]);
        let url = ws.evidence_thumbnail(&added.file.id).unwrap().unwrap();
        let jpeg = url.strip_prefix("data:image/jpeg;base64,").unwrap();
        use base64::Engine;
        let thumb = base64::engine::general_purpose::STANDARD
            .decode(jpeg)
            .unwrap();
        let img = image::load_from_memory(&thumb).unwrap();
        assert_eq!((img.width(), img.height()), (320, 240));
        assert_eq!(
            ws.evidence_thumbnail("khong-co").unwrap_err().code,
            ErrorCode::NotFound
        );
    }

    #[test]
    fn a_damaged_or_huge_photo_is_stored_without_thumbnail_and_a_warning() {
        use crate::photo::tests::png_header_only;
        let (_dir, mut ws, a) = assessment();
        let broken = ws
            .attach_evidence(&a, Some("S2.6"), "hỏng.jpg", &[0xFF, 0xD8, 0xFF, 1, 2, 3])
            .unwrap();
        let bomb = ws
            .attach_evidence(
                &a,
                Some("S2.6"),
                "bom.png",
                &png_header_only(100_000, 100_000),
            )
            .unwrap();
        let pdf = ws
            .attach_evidence(&a, Some("S2.6"), "biên bản.pdf", b"%PDF-1.7\n")
            .unwrap();
        for added in [&broken, &bomb] {
            assert!(!added.file.has_thumbnail);
            let w = added.warning.as_ref().expect("a warning");
            assert!(w.vi.contains("không tạo được ảnh thu nhỏ"), "{}", w.vi);
            assert_eq!(ws.evidence_thumbnail(&added.file.id).unwrap(), None);
        }
        assert_eq!((pdf.warning, pdf.file.has_thumbnail), (None, false));
        let items = ws.assessment_items(&a).unwrap();
        let item = items.iter().find(|i| i.item.id == "S2.6").unwrap();
        let mut names = item.evidence_files.clone();
        names.sort(); // attached within the same millisecond, their order is not defined
        assert_eq!(names, ["biên bản.pdf", "bom.png", "hỏng.jpg"]);
    }
}
