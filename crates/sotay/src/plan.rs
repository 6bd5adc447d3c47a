//! The programme (Kế hoạch): plans made from a template, tasks and their links to the work
//! that fulfils them, budget lines and spending, outreach activities and the agencies'
//! register. Return forms (.xlsx out and in) are in `plan_returns.rs`; the annual report's
//! section in `reports.rs`.
//!
//! Every read-modify-write runs in one unit of work ([`Workspace::atomically`]): a line's
//! spending total, an activity's line, a task's links are checked and written together.

use serde::{Deserialize, Serialize};
use sotay_model::money::{format_vnd, parse_vnd, vnd_in_words, AmountError};
use sotay_model::plan::{
    plan_template, Activity, ActivityKind, AgencyReturn, BudgetLine, LastYearReturn, Participants,
    PlanSummary, PlanTask, PlanView, ReturnFigures, Spending, TaskLink, TaskStatus, RETURNS_DUE,
};
use sotay_model::Localized;
use sotay_store::{AgencyRow, LineRow, NewActivity, NewPlan, NewSpending, TaskRow};
use ts_rs::TS;

use crate::clock::{new_id, rfc3339};
use crate::verification::parse_date;
use crate::{Error, ErrorCode, Workspace};

fn bad(vi: impl Into<String>, en: impl Into<String>) -> Error {
    Error::localized(ErrorCode::InvalidInput, vi, en)
}

/// Text a user typed: NFC, trimmed, at most `max` characters.
pub(crate) fn text(s: &str, what_vi: &str, what_en: &str, max: usize) -> Result<String, Error> {
    let t = sotay_model::text::nfc(s.trim());
    if t.chars().count() > max {
        return Err(bad(
            format!("{what_vi} dài quá {max} ký tự."),
            format!("{what_en} is longer than {max} characters."),
        ));
    }
    Ok(t)
}

/// `YYYY-MM-DD` between 2000 and 2100, as stored.
pub(crate) fn date_string(s: &str) -> Result<String, Error> {
    let d = parse_date(s)?;
    Ok(format!(
        "{:04}-{:02}-{:02}",
        d.year(),
        u8::from(d.month()),
        d.day()
    ))
}

/// A typed amount of đồng, or the reason it is not one, in both languages.
pub(crate) fn amount(s: &str) -> Result<i64, Error> {
    parse_vnd(s).map_err(|e| {
        let (vi, en) = match e {
            AmountError::Empty => ("chưa nhập số tiền", "no amount given"),
            AmountError::NotWhole => (
                "không phải số tiền nguyên (đồng), ví dụ 12500000 hoặc 12.500.000",
                "not a whole number of đồng, e.g. 12500000 or 12.500.000",
            ),
            AmountError::NotPositive => ("số tiền phải lớn hơn 0", "the amount must be above 0"),
            AmountError::TooLarge => (
                "số tiền quá lớn (tối đa 1.000.000.000.000 đồng)",
                "the amount is too large (at most 1,000,000,000,000 đồng)",
            ),
        };
        bad(
            format!("Số tiền “{s}” không hợp lệ: {vi}. Không ghi gì."),
            format!("The amount “{s}” is not valid: {en}. Nothing was recorded."),
        )
    })
}

/// What a new plan starts from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct NewPlanRequest {
    pub year: i32,
    /// A plan template ("qd100-yearly"); none for an empty plan.
    pub template: Option<String>,
    /// The plan's number ("69/KH-UBND"); may stay empty until issued.
    pub number: String,
    /// Its date, YYYY-MM-DD; may stay empty until issued.
    pub date: String,
    /// Default: the template's ("Ủy ban nhân dân tỉnh").
    pub issuing_body: String,
    /// Default: the template's title and the year.
    pub title: String,
}

/// A spending entry as typed: the amount is text, read here (the window decides nothing).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SpendingInput {
    /// The budget line's code ("1.1").
    pub line: String,
    /// Whole đồng: "12500000" or "12.500.000".
    pub amount: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// The document (chứng từ) number.
    pub reference: String,
    pub payee: String,
}

/// What recording a spending entry did: the entry, its line afterwards, and a warning when
/// the line is now over its estimate (allowed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SpendingReport {
    pub spending: Spending,
    pub line: BudgetLine,
    pub warning: Option<Localized>,
}

/// An activity as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActivityInput {
    pub kind: ActivityKind,
    /// YYYY-MM-DD.
    pub date: String,
    pub title: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub organiser: String,
    /// Who it was for, free text.
    #[serde(default)]
    pub audience: String,
    /// Materials used or handed out, free text.
    #[serde(default)]
    pub materials: String,
    /// The total, when known; the kinds below must not add up to more.
    #[serde(default)]
    pub participants: Option<u32>,
    #[serde(default)]
    pub enterprises: u32,
    #[serde(default)]
    pub cooperatives: u32,
    #[serde(default)]
    pub officials: u32,
    /// The budget line it is paid from ("1.1").
    #[serde(default)]
    pub line: Option<String>,
}

/// A line as typed (a new one, or a change).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct LineInput {
    pub code: String,
    pub title: Option<String>,
    pub lead: Option<String>,
    /// Whole đồng (0 allowed for a line not yet costed).
    pub estimate: Option<String>,
}

/// An estimate: whole đồng, 0 allowed.
fn estimate(s: &str) -> Result<i64, Error> {
    if s.trim().trim_start_matches('0').is_empty() && !s.trim().is_empty() {
        return Ok(0);
    }
    amount(s)
}

fn line_view(l: &LineRow) -> BudgetLine {
    BudgetLine {
        code: l.code.clone(),
        title: l.title.clone(),
        lead: l.lead.clone(),
        estimate_vnd: l.estimate_vnd,
        spent_vnd: l.spent_vnd,
        remaining_vnd: l.estimate_vnd - l.spent_vnd,
    }
}

/// Days from `from` to `to` (both YYYY-MM-DD as stored); 0 when either cannot be read.
fn days_between(from: &str, to: &str) -> i64 {
    match (parse_date(from), parse_date(to)) {
        (Ok(a), Ok(b)) => (b - a).whole_days(),
        _ => 0,
    }
}

const AGENCY_KINDS: [&str; 5] = ["department", "commune", "association", "media", "other"];

impl Workspace {
    /// Creates a plan for `year`, pre-filled from its template. Returns it whole.
    pub fn create_plan(&mut self, req: &NewPlanRequest) -> Result<PlanView, Error> {
        if !(2000..=2100).contains(&req.year) {
            return Err(bad(
                format!("Năm kế hoạch “{}” phải từ 2000 đến 2100.", req.year),
                format!("The plan's year “{}” must be 2000–2100.", req.year),
            ));
        }
        let template = match req.template.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(id) => Some(plan_template(id).ok_or_else(|| {
                bad(
                    format!("Không có mẫu kế hoạch “{id}” (có: qd100-yearly)."),
                    format!("No plan template “{id}” (available: qd100-yearly)."),
                )
            })?),
        };
        let date = if req.date.trim().is_empty() {
            String::new()
        } else {
            date_string(&req.date)?
        };
        let number = text(&req.number, "Số kế hoạch", "The plan's number", 100)?;
        let mut issuing_body = text(
            &req.issuing_body,
            "Cơ quan ban hành",
            "The issuing body",
            300,
        )?;
        let mut title = text(&req.title, "Tên kế hoạch", "The plan's title", 500)?;
        let now = self.now();
        let at = rfc3339(now);
        let (mut lines, mut tasks, mut agencies, mut legal_bases) =
            (vec![], vec![], vec![], vec![]);
        if let Some(t) = template {
            if issuing_body.is_empty() {
                issuing_body = t.issuing_body.to_owned();
            }
            if title.is_empty() {
                title = format!("{} năm {}", t.title, req.year);
            }
            legal_bases = t.legal_bases.iter().map(|s| (*s).to_owned()).collect();
            for task in t.tasks {
                if let Some((code, estimate_vnd)) = task.line {
                    lines.push(LineRow {
                        id: new_id(now),
                        code: code.to_owned(),
                        title: task.title.to_owned(),
                        lead: task.lead.to_owned(),
                        estimate_vnd,
                        spent_vnd: 0,
                    });
                }
                tasks.push(TaskRow {
                    id: new_id(now),
                    code: task.code.to_owned(),
                    title: task.title.to_owned(),
                    lead: task.lead.to_owned(),
                    coordinating: task.coordinating.iter().map(|s| (*s).to_owned()).collect(),
                    period: task.period.to_owned(),
                    status: TaskStatus::NotStarted,
                    progress: 0,
                    line_code: task.line.map(|l| l.0.to_owned()),
                });
            }
            agencies = t
                .agencies
                .iter()
                .map(|a| AgencyRow {
                    id: new_id(now),
                    name: a.name.to_owned(),
                    kind: a.kind.to_owned(),
                    tasks: a.tasks.iter().map(|s| (*s).to_owned()).collect(),
                })
                .collect();
        }
        if title.is_empty() {
            title = format!("Kế hoạch năm {}", req.year);
        }
        let id = new_id(now);
        self.store.insert_plan(&NewPlan {
            id: id.clone(),
            number,
            date,
            issuing_body,
            legal_bases,
            year: req.year,
            title,
            template: template.map(|t| t.id.to_owned()).unwrap_or_default(),
            created_by: self.user_name()?,
            created_at: at,
            lines,
            tasks,
            agencies,
        })?;
        self.plan_view(&id)
    }

    /// Every plan, newest year first.
    pub fn plans(&self) -> Result<Vec<PlanSummary>, Error> {
        Ok(self.store.plans()?)
    }

    /// The id of the plan named by `p`: its id, its number, or its year — when only one plan
    /// has it.
    pub fn resolve_plan(&self, p: &str) -> Result<String, Error> {
        let key = sotay_model::text::nfc(p.trim());
        let plans = self.store.plans()?;
        if let Some(x) = plans.iter().find(|x| x.id == key) {
            return Ok(x.id.clone());
        }
        let mut found: Vec<&PlanSummary> = plans.iter().filter(|x| x.number == key).collect();
        if found.is_empty() {
            if let Ok(year) = key.parse::<i32>() {
                found = plans.iter().filter(|x| x.year == year).collect();
            }
        }
        match found.as_slice() {
            [x] => Ok(x.id.clone()),
            [] => Err(Error::not_found("plan", p)),
            many => {
                let ids = many
                    .iter()
                    .map(|x| x.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                Err(Error::localized(
                    ErrorCode::Ambiguous,
                    format!("Có nhiều kế hoạch ứng với “{p}”; hãy dùng mã (id): {ids}"),
                    format!("Several plans match “{p}”; use an id: {ids}"),
                ))
            }
        }
    }

    /// A whole plan: tasks with what the records say, lines with spending, activities and
    /// the agencies' returns.
    pub fn plan_view(&self, plan: &str) -> Result<PlanView, Error> {
        let id = self.resolve_plan(plan)?;
        let p = self.store.plan(&id)?;
        let line_rows = self.store.plan_lines(&id)?;
        let lines: Vec<BudgetLine> = line_rows.iter().map(line_view).collect();
        let activities = self.store.plan_activities(&id)?;
        let mut tasks = Vec::new();
        for t in self.store.plan_tasks(&id)? {
            tasks.push(self.task_view(t, &lines, &activities)?);
        }
        let due = format!("{:04}-{:02}-{:02}", p.year, RETURNS_DUE.0, RETURNS_DUE.1);
        let received = self.store.latest_returns(&id)?;
        let today = self.today_in_vietnam();
        // The previous year's plan (the latest made, when there are several) and its returns,
        // matched to this year's agencies by name.
        let previous = self
            .store
            .plans()?
            .into_iter()
            .find(|x| x.year == p.year - 1);
        let mut last_year: Vec<(String, LastYearReturn)> = Vec::new();
        if let Some(prev) = &previous {
            let agencies = self.store.plan_agencies(&prev.id)?;
            for r in self.store.latest_returns(&prev.id)? {
                if let Some(a) = agencies.iter().find(|a| a.id == r.agency_id) {
                    last_year.push((
                        a.name.clone(),
                        LastYearReturn {
                            year: prev.year,
                            plan_number: prev.number.clone(),
                            received_on: r.received_on,
                            figures: r.figures,
                        },
                    ));
                }
            }
        }
        let returns = self
            .store
            .plan_agencies(&id)?
            .into_iter()
            .map(|a| {
                let r = received.iter().find(|r| r.agency_id == a.id);
                let before = last_year
                    .iter()
                    .find(|(name, _)| *name == a.name)
                    .map(|(_, l)| l.clone());
                AgencyReturn {
                    comparison: ReturnFigures::compare(
                        r.map(|r| &r.figures),
                        before.as_ref().map(|l| &l.figures),
                    ),
                    last_year: before,
                    agency_id: a.id,
                    agency: a.name,
                    kind: a.kind,
                    tasks: a.tasks,
                    received: r.is_some(),
                    received_on: r.map(|r| r.received_on.clone()),
                    late: r.is_some_and(|r| r.received_on > due),
                    overdue: r.is_none() && today > due,
                    figures: r.map(|r| r.figures.clone()),
                    file_name: r.map(|r| r.file_name.clone()),
                }
            })
            .collect();
        let total_estimate_vnd: i64 = lines.iter().map(|l| l.estimate_vnd).sum();
        let total_spent_vnd: i64 = lines.iter().map(|l| l.spent_vnd).sum();
        Ok(PlanView {
            id: p.id,
            number: p.number,
            date: p.date,
            issuing_body: p.issuing_body,
            legal_bases: p.legal_bases,
            year: p.year,
            title: p.title,
            template: p.template,
            tasks,
            total_estimate_text: format_vnd(total_estimate_vnd),
            total_estimate_words: vnd_in_words(total_estimate_vnd),
            total_remaining_vnd: total_estimate_vnd - total_spent_vnd,
            total_estimate_vnd,
            total_spent_vnd,
            lines,
            spending: self.store.plan_spending(&id)?,
            activity_totals: PlanView::totals_of(&activities),
            activities,
            returns,
            returns_days_left: days_between(&today, &due),
            compared_with_year: previous.map(|x| x.year),
            returns_due: due,
            created_at: p.created_at,
        })
    }

    /// Today's date in Vietnam (UTC+7), where the programme runs: YYYY-MM-DD.
    pub(crate) fn today_in_vietnam(&self) -> String {
        let local = self.now().to_offset(time::macros::offset!(+7));
        format!(
            "{:04}-{:02}-{:02}",
            local.year(),
            u8::from(local.month()),
            local.day()
        )
    }

    fn task_view(
        &self,
        t: TaskRow,
        lines: &[BudgetLine],
        activities: &[Activity],
    ) -> Result<PlanTask, Error> {
        let mut evidence = Vec::new();
        if let Some(code) = &t.line_code {
            let on_line: Vec<&Activity> = activities
                .iter()
                .filter(|a| a.line.as_deref() == Some(code))
                .collect();
            if !on_line.is_empty() {
                let people: u32 = on_line.iter().map(|a| a.participants_total).sum();
                evidence.push(format!(
                    "{} hoạt động, {people} người tham dự",
                    on_line.len()
                ));
            }
            if let Some(l) = lines.iter().find(|l| &l.code == code) {
                if l.spent_vnd > 0 {
                    evidence.push(format!(
                        "đã chi {}/{}",
                        sotay_model::money::group_digits(l.spent_vnd),
                        format_vnd(l.estimate_vnd)
                    ));
                }
            }
        }
        // The catalogue's and the portal's tasks (II.2.a, II.3) show what their records say.
        if let Some(e) = self.catalogue_task_evidence(&t.code)? {
            evidence.push(e);
        }
        let mut links = Vec::new();
        for (kind, record) in self.store.task_links(&t.id)? {
            let label = self.link_label(&kind, &record, activities);
            evidence.push(match kind.as_str() {
                "handbook" => format!("sổ tay {label}"),
                "assessment" => format!("đánh giá {label}"),
                "edition" => format!("ấn bản {label}"),
                _ => format!("hoạt động {label}"),
            });
            links.push(TaskLink {
                kind,
                id: record,
                label,
            });
        }
        Ok(PlanTask {
            id: t.id,
            code: t.code,
            title: t.title,
            lead: t.lead,
            coordinating: t.coordinating,
            period: t.period,
            status: t.status,
            progress: t.progress,
            line: t.line_code,
            links,
            evidence: evidence.join("; "),
        })
    }

    /// What a linked record is called now (and its state), or its id when it is gone.
    fn link_label(&self, kind: &str, id: &str, activities: &[Activity]) -> String {
        let found = match kind {
            "handbook" => self.store.handbook(id).ok().map(|h| {
                format!(
                    "“{}” ({})",
                    h.summary.title,
                    h.summary.status.label().vi.to_lowercase()
                )
            }),
            "assessment" => self.store.assessment(id).ok().map(|a| {
                format!(
                    "{} ngày {} ({})",
                    a.summary.pilot_name,
                    a.summary.date,
                    a.summary.status.label().vi.to_lowercase()
                )
            }),
            "edition" => self.store.edition(id).ok().map(|(e, _)| {
                let copies = self.store.copies(id).map(|c| c.len()).unwrap_or(0);
                format!("{} “{}”, {copies} bản đã phát hành", e.label, e.title)
            }),
            _ => activities
                .iter()
                .find(|a| a.id == id)
                .map(|a| format!("“{}” ({})", a.title, a.date)),
        };
        found.unwrap_or_else(|| format!("{id} (không còn)"))
    }

    fn plan_line(&self, plan_id: &str, code: &str) -> Result<LineRow, Error> {
        let code = code.trim();
        let lines = self.store.plan_lines(plan_id)?;
        lines.iter().find(|l| l.code == code).cloned().ok_or_else(|| {
            let known = lines.iter().map(|l| l.code.as_str()).collect::<Vec<_>>().join(", ");
            bad(
                format!("Kế hoạch không có dòng kinh phí “{code}” (có: {known}). Không ghi gì."),
                format!("The plan has no budget line “{code}” (it has: {known}). Nothing was recorded."),
            )
        })
    }

    /// Records a spending entry. A zero, negative or fractional amount, an unknown line or a
    /// bad date is refused and nothing is recorded; going over the line's estimate is allowed
    /// and reported as a warning.
    pub fn add_spending(
        &mut self,
        plan: &str,
        input: &SpendingInput,
    ) -> Result<SpendingReport, Error> {
        self.atomically(|ws| {
            let plan_id = ws.resolve_plan(plan)?;
            let line = ws.plan_line(&plan_id, &input.line)?;
            let amount_vnd = amount(&input.amount)?;
            let date = date_string(&input.date)?;
            let reference = text(&input.reference, "Số chứng từ", "The document reference", 200)?;
            let payee = text(&input.payee, "Người nhận", "The payee", 300)?;
            let now = ws.now();
            let id = new_id(now);
            let at = rfc3339(now);
            ws.store.insert_spending(&NewSpending {
                id: &id,
                plan_id: &plan_id,
                line_id: &line.id,
                date: &date,
                amount_vnd,
                reference: &reference,
                payee: &payee,
                created_by: &ws.user_name()?,
                created_at: &at,
            })?;
            let after = ws.plan_line(&plan_id, &line.code)?;
            let warning = (after.spent_vnd > after.estimate_vnd).then(|| {
                let over = after.spent_vnd - after.estimate_vnd;
                Localized {
                    vi: format!(
                        "Dòng {} đã chi {}, vượt dự toán {} là {}. Khoản chi vẫn được ghi.",
                        after.code,
                        format_vnd(after.spent_vnd),
                        format_vnd(after.estimate_vnd),
                        format_vnd(over)
                    ),
                    en: format!(
                        "Line {} has now spent {}, over its estimate of {} by {}. The entry was recorded.",
                        after.code,
                        format_vnd(after.spent_vnd),
                        format_vnd(after.estimate_vnd),
                        format_vnd(over)
                    ),
                }
            });
            Ok(SpendingReport {
                spending: Spending {
                    id,
                    line: after.code.clone(),
                    date,
                    amount_vnd,
                    reference,
                    payee,
                    created_at: at,
                },
                line: line_view(&after),
                warning,
            })
        })
    }

    /// Records an activity (training course, workshop, conference attended, media piece).
    pub fn add_activity(&mut self, plan: &str, input: &ActivityInput) -> Result<Activity, Error> {
        self.atomically(|ws| {
            let plan_id = ws.resolve_plan(plan)?;
            let title = text(&input.title, "Tên hoạt động", "The activity's title", 500)?;
            if title.is_empty() {
                return Err(bad(
                    "Hoạt động cần có tên (--title). Không ghi gì.",
                    "An activity needs a title (--title). Nothing was recorded.",
                ));
            }
            let date = date_string(&input.date)?;
            let line = match input.line.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(code) => Some(ws.plan_line(&plan_id, code)?),
            };
            let by_kind = u64::from(input.enterprises)
                + u64::from(input.cooperatives)
                + u64::from(input.officials);
            let others = match input.participants {
                Some(total) if u64::from(total) < by_kind => {
                    return Err(bad(
                        format!("Tổng số người tham dự ({total}) nhỏ hơn tổng theo đối tượng ({by_kind}). Không ghi gì."),
                        format!("The participants in total ({total}) are fewer than by kind ({by_kind}). Nothing was recorded."),
                    ))
                }
                Some(total) => total - by_kind as u32,
                None => 0,
            };
            if by_kind + u64::from(others) > 1_000_000 {
                return Err(bad(
                    "Số người tham dự quá lớn (tối đa 1.000.000). Không ghi gì.",
                    "Too many participants (at most 1,000,000). Nothing was recorded.",
                ));
            }
            let now = ws.now();
            let participants = Participants {
                enterprises: input.enterprises,
                cooperatives: input.cooperatives,
                officials: input.officials,
                others,
            };
            let activity = Activity {
                id: new_id(now),
                kind: input.kind,
                date,
                title,
                place: text(&input.place, "Địa điểm", "The place", 300)?,
                organiser: text(&input.organiser, "Đơn vị tổ chức", "The organiser", 300)?,
                participants_total: participants.total(),
                participants,
                line: line.as_ref().map(|l| l.code.clone()),
                created_at: rfc3339(now),
                audience: text(&input.audience, "Đối tượng tham dự", "The audience", 500)?,
                materials: text(&input.materials, "Tài liệu", "The materials", 1000)?,
                files: Vec::new(),
                attendance: Vec::new(),
            };
            ws.store.insert_activity(&NewActivity {
                plan_id: &plan_id,
                activity: &activity,
                line_id: line.as_ref().map(|l| l.id.as_str()),
                created_by: &ws.user_name()?,
            })?;
            Ok(activity)
        })
    }

    /// Adds a budget line, or changes one (its title, lead or estimate).
    pub fn set_line(&mut self, plan: &str, input: &LineInput) -> Result<BudgetLine, Error> {
        self.atomically(|ws| {
            let plan_id = ws.resolve_plan(plan)?;
            let code = text(&input.code, "Mã dòng kinh phí", "The line's code", 20)?;
            if code.is_empty() {
                return Err(bad(
                    "Dòng kinh phí cần có mã (--code).",
                    "A budget line needs a code (--code).",
                ));
            }
            let title = input
                .title
                .as_deref()
                .map(|t| text(t, "Nội dung", "The title", 500))
                .transpose()?;
            let lead = input
                .lead
                .as_deref()
                .map(|t| text(t, "Đơn vị chủ trì", "The lead agency", 300))
                .transpose()?;
            let estimate_vnd = input.estimate.as_deref().map(estimate).transpose()?;
            let existing = ws
                .store
                .plan_lines(&plan_id)?
                .into_iter()
                .find(|l| l.code == code);
            let row = match existing {
                Some(mut l) => {
                    if let Some(t) = title {
                        l.title = t;
                    }
                    if let Some(x) = lead {
                        l.lead = x;
                    }
                    if let Some(e) = estimate_vnd {
                        l.estimate_vnd = e;
                    }
                    l
                }
                None => LineRow {
                    id: new_id(ws.now()),
                    title: title.filter(|t| !t.is_empty()).ok_or_else(|| {
                        bad(
                            format!("Dòng kinh phí mới “{code}” cần nội dung (--title)."),
                            format!("The new budget line “{code}” needs a title (--title)."),
                        )
                    })?,
                    code: code.clone(),
                    lead: lead.unwrap_or_else(|| "Sở Khoa học và Công nghệ".into()),
                    estimate_vnd: estimate_vnd.unwrap_or(0),
                    spent_vnd: 0,
                },
            };
            ws.store.upsert_line(&plan_id, &row)?;
            Ok(line_view(&ws.plan_line(&plan_id, &code)?))
        })
    }

    /// Sets a task's status and progress (0–100).
    pub fn set_task(
        &mut self,
        plan: &str,
        code: &str,
        status: Option<TaskStatus>,
        progress: Option<u8>,
    ) -> Result<PlanTask, Error> {
        self.atomically(|ws| {
            let plan_id = ws.resolve_plan(plan)?;
            let task = ws.plan_task(&plan_id, code)?;
            let progress = progress.unwrap_or(match status {
                Some(TaskStatus::Done) => 100,
                _ => task.progress,
            });
            if progress > 100 {
                return Err(bad(
                    format!("Tiến độ {progress} % không hợp lệ (0–100)."),
                    format!("Progress {progress} % is not valid (0–100)."),
                ));
            }
            ws.store
                .update_task(&task.id, status.unwrap_or(task.status), progress)?;
            ws.task_by_code(&plan_id, code)
        })
    }

    /// Links a task to the record that fulfils it: a handbook, an assessment, an edition or
    /// an activity (the record must exist).
    pub fn link_task(
        &mut self,
        plan: &str,
        code: &str,
        kind: &str,
        record: &str,
    ) -> Result<PlanTask, Error> {
        self.atomically(|ws| {
            let plan_id = ws.resolve_plan(plan)?;
            let task = ws.plan_task(&plan_id, code)?;
            let record_id = match kind {
                "handbook" => ws.resolve_handbook(record)?,
                "assessment" => ws.store.assessment(record)?.summary.id,
                "edition" => ws.store.edition(record)?.0.id,
                "activity" => ws
                    .store
                    .plan_activities(&plan_id)?
                    .into_iter()
                    .find(|a| a.id == record)
                    .map(|a| a.id)
                    .ok_or_else(|| Error::not_found("activity", record))?,
                other => {
                    return Err(bad(
                        format!("Loại liên kết “{other}” không hợp lệ (handbook, assessment, edition, activity)."),
                        format!("Unknown link kind “{other}” (handbook, assessment, edition, activity)."),
                    ))
                }
            };
            let at = rfc3339(ws.now());
            ws.store.link_task(&task.id, kind, &record_id, &at)?;
            ws.task_by_code(&plan_id, code)
        })
    }

    fn plan_task(&self, plan_id: &str, code: &str) -> Result<TaskRow, Error> {
        let code = code.trim();
        self.store
            .plan_tasks(plan_id)?
            .into_iter()
            .find(|t| t.code == code)
            .ok_or_else(|| Error::not_found("task", code))
    }

    fn task_by_code(&self, plan_id: &str, code: &str) -> Result<PlanTask, Error> {
        let view = self.plan_view(plan_id)?;
        view.tasks
            .into_iter()
            .find(|t| t.code == code.trim())
            .ok_or_else(|| Error::not_found("task", code))
    }

    /// Adds an agency to the plan's register, with the tasks the plan gives it.
    pub fn add_agency(
        &mut self,
        plan: &str,
        name: &str,
        kind: &str,
        tasks: &[String],
    ) -> Result<AgencyReturn, Error> {
        self.atomically(|ws| {
            let plan_id = ws.resolve_plan(plan)?;
            let name = text(name, "Tên đơn vị", "The agency's name", 300)?;
            if name.is_empty() {
                return Err(bad("Đơn vị cần có tên.", "An agency needs a name."));
            }
            if !AGENCY_KINDS.contains(&kind) {
                return Err(bad(
                    format!(
                        "Loại đơn vị “{kind}” không hợp lệ ({}).",
                        AGENCY_KINDS.join(", ")
                    ),
                    format!(
                        "Unknown agency kind “{kind}” ({}).",
                        AGENCY_KINDS.join(", ")
                    ),
                ));
            }
            if ws
                .store
                .plan_agencies(&plan_id)?
                .iter()
                .any(|a| a.name == name)
            {
                return Err(bad(
                    format!("Đơn vị “{name}” đã có trong danh sách."),
                    format!("The agency “{name}” is already registered."),
                ));
            }
            let tasks = tasks
                .iter()
                .map(|t| text(t, "Nhiệm vụ", "A task", 1000))
                .collect::<Result<Vec<_>, _>>()?;
            let id = new_id(ws.now());
            ws.store.insert_agency(
                &plan_id,
                &AgencyRow {
                    id: id.clone(),
                    name,
                    kind: kind.to_owned(),
                    tasks: tasks.into_iter().filter(|t| !t.is_empty()).collect(),
                },
            )?;
            ws.plan_view(&plan_id)?
                .returns
                .into_iter()
                .find(|r| r.agency_id == id)
                .ok_or_else(|| Error::new(ErrorCode::Internal, "agency not stored"))
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::Arc;

    pub(crate) fn workspace() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::TempDir::new().unwrap();
        let at = time::macros::datetime!(2026-03-02 08:00 UTC);
        let ws =
            Workspace::open(&dir.path().join("w.db"), Arc::new(crate::FixedClock(at))).unwrap();
        (dir, ws)
    }

    pub(crate) fn yearly(ws: &mut Workspace) -> PlanView {
        ws.create_plan(&NewPlanRequest {
            year: 2026,
            template: Some("qd100-yearly".into()),
            number: "69/KH-UBND".into(),
            date: "2026-04-07".into(),
            ..Default::default()
        })
        .unwrap()
    }

    fn spend(line: &str, amount: &str, date: &str) -> SpendingInput {
        SpendingInput {
            line: line.into(),
            amount: amount.into(),
            date: date.into(),
            reference: "PC-01/2026".into(),
            payee: "Công ty In Rạch Giá".into(),
        }
    }

    #[test]
    fn the_yearly_template_gives_six_lines_370_million_and_the_agencies() {
        let (_d, mut ws) = workspace();
        let p = yearly(&mut ws);
        let lines: Vec<(&str, i64)> = p
            .lines
            .iter()
            .map(|l| (l.code.as_str(), l.estimate_vnd))
            .collect();
        assert_eq!(
            lines,
            [
                ("1.1", 50_000_000),
                ("1.2", 25_000_000),
                ("1.3", 35_000_000),
                ("2.1", 70_000_000),
                ("2.2", 130_000_000),
                ("2.3", 60_000_000)
            ]
        );
        assert_eq!(p.total_estimate_vnd, 370_000_000);
        assert_eq!(p.total_estimate_text, "370.000.000 đồng");
        assert_eq!(p.total_estimate_words, "ba trăm bảy mươi triệu đồng");
        assert!(p.lines.iter().all(|l| l.lead == "Sở Khoa học và Công nghệ"));
        assert_eq!(p.returns_due, "2026-12-15");
        assert_eq!(p.tasks.len(), 9);
        assert!(p.returns.len() >= 5 && p.returns.iter().all(|r| !r.received));
        assert_eq!(p.number, "69/KH-UBND");
        assert_eq!(ws.resolve_plan("69/KH-UBND").unwrap(), p.id);
        assert_eq!(ws.resolve_plan("2026").unwrap(), p.id);
    }

    #[test]
    fn spending_adds_up_warns_over_the_estimate_and_refuses_bad_input_whole() {
        let (_d, mut ws) = workspace();
        let p = yearly(&mut ws);
        let r = ws
            .add_spending(&p.id, &spend("1.1", "30.000.000", "2026-05-10"))
            .unwrap();
        assert_eq!(r.line.spent_vnd, 30_000_000);
        assert!(r.warning.is_none());
        let r = ws
            .add_spending(&p.id, &spend("1.1", "25000000", "2026-06-10"))
            .unwrap();
        assert_eq!(r.line.remaining_vnd, -5_000_000);
        let w = r.warning.unwrap();
        assert!(
            w.vi.contains("vượt dự toán 50.000.000 đồng là 5.000.000 đồng"),
            "{}",
            w.vi
        );
        let before = ws.plan_view(&p.id).unwrap();
        for (line, amount, date) in [
            ("1.1", "-5000", "2026-05-10"),
            ("1.1", "0", "2026-05-10"),
            ("1.1", "1.5", "2026-05-10"),
            ("9.9", "1000", "2026-05-10"),
            ("1.1", "1000", "2026-13-01"),
            ("1.1", "1000", "10/05/2026"),
        ] {
            let e = ws
                .add_spending(&p.id, &spend(line, amount, date))
                .unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput, "{line} {amount} {date}");
        }
        assert_eq!(ws.plan_view(&p.id).unwrap(), before);
        assert_eq!(before.total_spent_vnd, 55_000_000);
    }

    #[test]
    fn activities_count_participants_by_kind_and_show_on_their_task() {
        let (_d, mut ws) = workspace();
        let p = yearly(&mut ws);
        let a = ws
            .add_activity(
                &p.id,
                &ActivityInput {
                    kind: ActivityKind::Training,
                    date: "2026-06-01".into(),
                    title: "Tập huấn truy xuất nguồn gốc tôm".into(),
                    place: "Rạch Giá".into(),
                    organiser: "Sở Khoa học và Công nghệ".into(),
                    audience: String::new(),
                    materials: String::new(),
                    participants: Some(60),
                    enterprises: 30,
                    cooperatives: 20,
                    officials: 5,
                    line: Some("1.1".into()),
                },
            )
            .unwrap();
        assert_eq!(a.participants.others, 5);
        assert_eq!(a.participants_total, 60);
        let bad_total = ActivityInput {
            participants: Some(10),
            ..ActivityInput {
                kind: ActivityKind::Workshop,
                date: "2026-06-01".into(),
                title: "Hội thảo".into(),
                place: String::new(),
                organiser: String::new(),
                audience: String::new(),
                materials: String::new(),
                participants: None,
                enterprises: 30,
                cooperatives: 0,
                officials: 0,
                line: None,
            }
        };
        assert!(ws.add_activity(&p.id, &bad_total).is_err());
        let view = ws.plan_view(&p.id).unwrap();
        let t = view.tasks.iter().find(|t| t.code == "1.1").unwrap();
        assert_eq!(t.evidence, "1 hoạt động, 60 người tham dự");
        let training = &view.activity_totals[0];
        assert_eq!((training.count, training.participants_total), (1, 60));
        let t = ws
            .set_task(&p.id, "1.1", Some(TaskStatus::InProgress), Some(50))
            .unwrap();
        assert_eq!((t.status, t.progress), (TaskStatus::InProgress, 50));
        let t = ws.link_task(&p.id, "1.1", "activity", &a.id).unwrap();
        assert_eq!(t.links.len(), 1);
        assert!(ws.link_task(&p.id, "1.1", "handbook", "không có").is_err());
    }

    #[test]
    fn lines_can_be_added_and_changed() {
        let (_d, mut ws) = workspace();
        let p = ws
            .create_plan(&NewPlanRequest {
                year: 2027,
                ..Default::default()
            })
            .unwrap();
        assert!(p.lines.is_empty() && p.tasks.is_empty());
        ws.set_line(
            &p.id,
            &LineInput {
                code: "3.1".into(),
                title: Some("Kết nối Cổng".into()),
                lead: None,
                estimate: Some("40.000.000".into()),
            },
        )
        .unwrap();
        let l = ws
            .set_line(
                &p.id,
                &LineInput {
                    code: "3.1".into(),
                    estimate: Some("45000000".into()),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(
            (l.title.as_str(), l.estimate_vnd),
            ("Kết nối Cổng", 45_000_000)
        );
        assert_eq!(ws.plan_view(&p.id).unwrap().total_estimate_vnd, 45_000_000);
    }
}
