//! The provincial programme (Kế hoạch): the plan of a year under Decision 100/QĐ-TTg, its tasks
//! and budget lines, the spending against them, the outreach activities, and the agencies'
//! returns due by 15 December.
//!
//! Plan numbers and dates are fields, never constants: the province's 2021 plan is cited both
//! as 69/KH-UBND and 89/KH-UBND (DOMAIN.md §0). Amounts are integer đồng (`i64`), never floats.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Localized;

/// The day of the year the agencies' returns are due (IV.7: "trước ngày 15 tháng 12").
pub const RETURNS_DUE: (u8, u8) = (12, 15);

/// What an outreach activity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// A training course (lớp tập huấn).
    Training,
    /// A workshop the plan organises (hội thảo).
    Workshop,
    /// A course or conference staff attended (tham dự hội nghị, khóa đào tạo).
    Conference,
    /// A media piece: newspaper, radio/TV, leaflet (tuyên truyền).
    Media,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 4] = [
        ActivityKind::Training,
        ActivityKind::Workshop,
        ActivityKind::Conference,
        ActivityKind::Media,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Training => "training",
            ActivityKind::Workshop => "workshop",
            ActivityKind::Conference => "conference",
            ActivityKind::Media => "media",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> Localized {
        let (vi, en) = match self {
            ActivityKind::Training => ("Tập huấn", "Training"),
            ActivityKind::Workshop => ("Hội thảo", "Workshop"),
            ActivityKind::Conference => ("Tham dự hội nghị, khóa học", "Conference attended"),
            ActivityKind::Media => ("Tuyên truyền", "Media"),
        };
        Localized {
            vi: vi.into(),
            en: en.into(),
        }
    }
}

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Done,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "not_started",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.replace('-', "_").as_str() {
            "not_started" => Some(TaskStatus::NotStarted),
            "in_progress" => Some(TaskStatus::InProgress),
            "done" => Some(TaskStatus::Done),
            _ => None,
        }
    }

    pub fn label(self) -> Localized {
        let (vi, en) = match self {
            TaskStatus::NotStarted => ("Chưa thực hiện", "Not started"),
            TaskStatus::InProgress => ("Đang thực hiện", "In progress"),
            TaskStatus::Done => ("Hoàn thành", "Done"),
        };
        Localized {
            vi: vi.into(),
            en: en.into(),
        }
    }
}

/// A plan, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanSummary {
    pub id: String,
    /// "69/KH-UBND" — as the plan is numbered, never assumed.
    pub number: String,
    /// YYYY-MM-DD, or empty while not issued.
    pub date: String,
    pub issuing_body: String,
    pub year: i32,
    pub title: String,
    /// The template it was made from ("qd100-yearly"), or empty.
    pub template: String,
    #[ts(type = "number")]
    pub total_estimate_vnd: i64,
    #[ts(type = "number")]
    pub total_spent_vnd: i64,
    pub created_at: String,
}

/// A record a task is linked to, so its progress shows from the work itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskLink {
    /// handbook | assessment | edition | activity.
    pub kind: String,
    pub id: String,
    /// What the record is called now (a handbook's title, an activity's title…).
    pub label: String,
}

/// A task of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanTask {
    pub id: String,
    /// "2.1", "II.3" — the plan's own numbering.
    pub code: String,
    pub title: String,
    pub lead: String,
    pub coordinating: Vec<String>,
    /// Free text as the plan says it ("Quý II–IV", "Cả năm").
    pub period: String,
    pub status: TaskStatus,
    /// 0–100, as the user judges it.
    pub progress: u8,
    /// The budget line that funds it, if any.
    pub line: Option<String>,
    pub links: Vec<TaskLink>,
    /// What the records say about it ("2 hoạt động, 85 người tham dự"), in Vietnamese.
    pub evidence: String,
}

/// A budget line with what was spent on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BudgetLine {
    /// "1.1".
    pub code: String,
    pub title: String,
    pub lead: String,
    #[ts(type = "number")]
    pub estimate_vnd: i64,
    #[ts(type = "number")]
    pub spent_vnd: i64,
    /// estimate − spent (negative when overspent).
    #[ts(type = "number")]
    pub remaining_vnd: i64,
}

/// One spending entry against a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Spending {
    pub id: String,
    pub line: String,
    /// YYYY-MM-DD.
    pub date: String,
    #[ts(type = "number")]
    pub amount_vnd: i64,
    /// The document (chứng từ) number.
    pub reference: String,
    pub payee: String,
    pub created_at: String,
}

/// Participants by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Participants {
    pub enterprises: u32,
    pub cooperatives: u32,
    pub officials: u32,
    /// Not broken down (or none of the kinds above).
    pub others: u32,
}

impl Participants {
    pub fn total(&self) -> u32 {
        self.enterprises
            .saturating_add(self.cooperatives)
            .saturating_add(self.officials)
            .saturating_add(self.others)
    }
}

/// An outreach, training or workshop activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Activity {
    pub id: String,
    pub kind: ActivityKind,
    /// YYYY-MM-DD.
    pub date: String,
    pub title: String,
    pub place: String,
    pub organiser: String,
    pub participants: Participants,
    /// Total participants (the sum of the kinds).
    pub participants_total: u32,
    /// The budget line it is paid from, if any.
    pub line: Option<String>,
    pub created_at: String,
    /// Who it was for ("doanh nghiệp, hợp tác xã nuôi tôm"), free text.
    #[serde(default)]
    pub audience: String,
    /// The materials used or handed out ("Sổ tay, tờ rơi, bài giảng"), free text.
    #[serde(default)]
    pub materials: String,
    /// Evidence attached to it: attendance lists, photos, documents (oldest first).
    #[serde(default)]
    pub files: Vec<ActivityFile>,
    /// The latest attendance list imported; when there is one, the participants by kind are
    /// counted from it.
    #[serde(default)]
    pub attendance: Vec<Attendee>,
}

/// What kind of evidence file an activity has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActivityFileKind {
    /// An attendance list (danh sách đại biểu), imported into the participant counts.
    Attendance,
    /// A photo of the activity.
    Photo,
    /// Another document (invitation, programme, article…).
    Document,
}

impl ActivityFileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityFileKind::Attendance => "attendance",
            ActivityFileKind::Photo => "photo",
            ActivityFileKind::Document => "document",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Attendance, Self::Photo, Self::Document]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// An evidence file of an activity (its bytes are kept once, by hash, as assessments' are).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActivityFile {
    pub id: String,
    pub kind: ActivityFileKind,
    pub name: String,
    pub sha256: String,
    /// The photo's capture time (EXIF), when it has one.
    pub taken_at: Option<String>,
    pub has_thumbnail: bool,
    pub created_at: String,
}

/// Who a person on an attendance list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AttendeeKind {
    Enterprise,
    Cooperative,
    Official,
}

impl AttendeeKind {
    pub const ALL: [AttendeeKind; 3] = [
        AttendeeKind::Enterprise,
        AttendeeKind::Cooperative,
        AttendeeKind::Official,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttendeeKind::Enterprise => "enterprise",
            AttendeeKind::Cooperative => "cooperative",
            AttendeeKind::Official => "official",
        }
    }

    pub fn label(self) -> Localized {
        let (vi, en) = match self {
            AttendeeKind::Enterprise => ("doanh nghiệp", "enterprise"),
            AttendeeKind::Cooperative => ("hợp tác xã", "cooperative"),
            AttendeeKind::Official => ("cán bộ", "official"),
        };
        Localized {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The kind as an attendance list writes it: the Vietnamese word ("Doanh nghiệp",
    /// "hợp tác xã", "Cán bộ"), its usual abbreviation (DN, HTX, CB) or the English key —
    /// in any case, with or without the space and diacritics' composition (NFC first).
    pub fn parse(s: &str) -> Option<Self> {
        let t = crate::text::nfc(s.trim()).to_lowercase();
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        match t.as_str() {
            "doanh nghiệp" | "dn" | "enterprise" => Some(AttendeeKind::Enterprise),
            "hợp tác xã" | "htx" | "cooperative" => Some(AttendeeKind::Cooperative),
            "cán bộ" | "cb" | "cán bộ, công chức" | "công chức" | "official" => {
                Some(AttendeeKind::Official)
            }
            _ => None,
        }
    }
}

/// A person on an activity's attendance list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Attendee {
    pub name: String,
    /// Their unit or organisation.
    pub unit: String,
    pub kind: AttendeeKind,
    /// Empty when not given.
    pub phone: String,
}

impl Participants {
    /// The participants an attendance list counts (nobody "other": every row has a kind).
    pub fn of_attendance(list: &[Attendee]) -> Participants {
        let count = |k| list.iter().filter(|a| a.kind == k).count() as u32;
        Participants {
            enterprises: count(AttendeeKind::Enterprise),
            cooperatives: count(AttendeeKind::Cooperative),
            officials: count(AttendeeKind::Official),
            others: 0,
        }
    }
}

/// A column of an attendance list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendanceColumn {
    /// "STT": the row's ordinal, optional; a whole number when given.
    Ordinal,
    Name,
    Unit,
    Kind,
    Phone,
}

impl AttendanceColumn {
    /// The column's Vietnamese name, as messages say it.
    pub fn label_vi(self) -> &'static str {
        match self {
            AttendanceColumn::Ordinal => "STT",
            AttendanceColumn::Name => "Họ và tên",
            AttendanceColumn::Unit => "Đơn vị",
            AttendanceColumn::Kind => "Đối tượng",
            AttendanceColumn::Phone => "Điện thoại",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            AttendanceColumn::Ordinal => "No.",
            AttendanceColumn::Name => "Name",
            AttendanceColumn::Unit => "Unit",
            AttendanceColumn::Kind => "Kind",
            AttendanceColumn::Phone => "Phone",
        }
    }

    /// The column a header cell names ("Họ và tên", "Đơn vị/Tổ chức", "SĐT"…), if any.
    pub fn of_header(h: &str) -> Option<Self> {
        let t = crate::text::nfc(h.trim()).to_lowercase();
        let t = t.trim_end_matches([':', '*', '.']).trim();
        match t {
            "stt" | "tt" | "số tt" | "số thứ tự" | "no" | "#" => Some(Self::Ordinal),
            "họ và tên" | "họ tên" | "tên" | "name" | "full name" => Some(Self::Name),
            "đơn vị"
            | "cơ quan"
            | "tổ chức"
            | "đơn vị/tổ chức"
            | "đơn vị, tổ chức"
            | "cơ quan, đơn vị"
            | "unit"
            | "organisation"
            | "organization" => Some(Self::Unit),
            "đối tượng" | "loại" | "thành phần" | "kind" => Some(Self::Kind),
            "điện thoại" | "số điện thoại" | "sđt" | "đt" | "phone" => {
                Some(Self::Phone)
            }
            _ => None,
        }
    }
}

/// Why an attendance list was refused: where (the file's row, 1 = the header) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceError {
    pub row: usize,
    pub column: Option<AttendanceColumn>,
    pub vi: String,
    pub en: String,
}

/// The most rows an attendance list may have.
pub const MAX_ATTENDEES: usize = 10_000;

/// Checks an attendance list given as rows of cell text (the first non-empty row is the
/// header; empty rows are skipped). Name, unit and kind are required; the kind is one of
/// doanh nghiệp / hợp tác xã / cán bộ; a phone, when given, has 8–15 digits; an ordinal
/// (STT), when given, is a whole number. The first bad row is refused, naming its row and
/// column; nothing is returned then.
pub fn check_attendance(rows: &[Vec<String>]) -> Result<Vec<Attendee>, AttendanceError> {
    let err =
        |row: usize, column: Option<AttendanceColumn>, vi: String, en: String| AttendanceError {
            row,
            column,
            vi,
            en,
        };
    let blank = |r: &Vec<String>| r.iter().all(|c| c.trim().is_empty());
    let Some(header_at) = rows.iter().position(|r| !blank(r)) else {
        return Err(err(
            1,
            None,
            "tệp không có dòng nào".into(),
            "the file has no rows".into(),
        ));
    };
    let mut columns: Vec<Option<AttendanceColumn>> = Vec::new();
    for h in &rows[header_at] {
        let c = AttendanceColumn::of_header(h);
        if c.is_some() && columns.contains(&c) {
            return Err(err(
                header_at + 1,
                c,
                format!("cột “{}” có hai lần", h.trim()),
                format!("the column “{}” appears twice", h.trim()),
            ));
        }
        columns.push(c);
    }
    for needed in [
        AttendanceColumn::Name,
        AttendanceColumn::Unit,
        AttendanceColumn::Kind,
    ] {
        if !columns.contains(&Some(needed)) {
            return Err(err(
                header_at + 1,
                Some(needed),
                format!(
                    "dòng tiêu đề thiếu cột “{}” (cần: Họ và tên, Đơn vị, Đối tượng; Điện thoại nếu có)",
                    needed.label_vi()
                ),
                format!(
                    "the header row lacks the column “{}” (needed: name, unit, kind; phone optional)",
                    needed.label_en()
                ),
            ));
        }
    }
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate().skip(header_at + 1) {
        if blank(r) {
            continue;
        }
        let row = i + 1;
        if out.len() == MAX_ATTENDEES {
            return Err(err(
                row,
                None,
                format!("danh sách dài quá {MAX_ATTENDEES} người"),
                format!("the list is longer than {MAX_ATTENDEES} people"),
            ));
        }
        let cell = |c: AttendanceColumn| {
            columns
                .iter()
                .position(|x| *x == Some(c))
                .and_then(|j| r.get(j))
                .map(|s| {
                    // A cell Sotay (or another careful writer) wrote spreadsheet-safe:
                    // "'=…", "'+84…" read back as typed.
                    let t = s.trim();
                    let t = t
                        .strip_prefix('\'')
                        .filter(|r| r.starts_with(['=', '+', '-', '@']))
                        .unwrap_or(t);
                    crate::text::nfc(t)
                })
                .unwrap_or_default()
        };
        let required = |c: AttendanceColumn, max: usize| {
            let v = cell(c);
            if v.is_empty() {
                return Err(err(
                    row,
                    Some(c),
                    "ô trống, cần ghi".into(),
                    "the cell is empty".into(),
                ));
            }
            if v.chars().count() > max {
                return Err(err(
                    row,
                    Some(c),
                    format!("dài quá {max} ký tự"),
                    format!("longer than {max} characters"),
                ));
            }
            Ok(v)
        };
        let ordinal = cell(AttendanceColumn::Ordinal);
        let ordinal_ok = ordinal.len() <= 6 && ordinal.bytes().all(|b| b.is_ascii_digit());
        if !ordinal.is_empty() && !ordinal_ok {
            return Err(err(
                row,
                Some(AttendanceColumn::Ordinal),
                format!("cần một số thứ tự nguyên, gặp “{ordinal}”"),
                format!("expected a whole ordinal number, found “{ordinal}”"),
            ));
        }
        let name = required(AttendanceColumn::Name, 200)?;
        let unit = required(AttendanceColumn::Unit, 300)?;
        let kind_text = required(AttendanceColumn::Kind, 100)?;
        let Some(kind) = AttendeeKind::parse(&kind_text) else {
            return Err(err(
                row,
                Some(AttendanceColumn::Kind),
                format!("đối tượng “{kind_text}” không hợp lệ — cần “doanh nghiệp”, “hợp tác xã” hoặc “cán bộ”"),
                format!("the kind “{kind_text}” is not valid — expected “doanh nghiệp” (enterprise), “hợp tác xã” (cooperative) or “cán bộ” (official)"),
            ));
        };
        let phone = cell(AttendanceColumn::Phone);
        let digits = phone.bytes().filter(u8::is_ascii_digit).count();
        let phone_chars_ok = phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +.-()".contains(c));
        let phone_ok = phone_chars_ok && (8..=15).contains(&digits);
        if !phone.is_empty() && !phone_ok {
            return Err(err(
                row,
                Some(AttendanceColumn::Phone),
                format!("số điện thoại “{phone}” không hợp lệ (8–15 chữ số)"),
                format!("the phone number “{phone}” is not valid (8–15 digits)"),
            ));
        }
        out.push(Attendee {
            name,
            unit,
            kind,
            phone,
        });
    }
    if out.is_empty() {
        return Err(err(
            header_at + 2,
            None,
            "danh sách không có người nào dưới dòng tiêu đề".into(),
            "the list has nobody below the header row".into(),
        ));
    }
    Ok(out)
}

/// The figures a return form asks of an agency, and what came back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReturnFigures {
    /// Outreach, training and workshop activities held.
    pub activities: u32,
    /// People who took part in them.
    pub participants: u32,
    /// Products proposed for the key-product catalogue.
    pub products_proposed: u32,
    /// Units (enterprises, cooperatives) applying traceability.
    pub units_applying: u32,
    pub difficulties: String,
    pub proposals: String,
}

/// The numeric and text figures of a return form, in the order of the form: key, Vietnamese
/// label, English label, numeric.
pub const RETURN_FIGURES: [(&str, &str, &str, bool); 6] = [
    (
        "activities",
        "Số hoạt động tuyên truyền, tập huấn, hội thảo đã tổ chức",
        "Outreach, training and workshop activities held",
        true,
    ),
    (
        "participants",
        "Số lượt người tham dự",
        "Participants",
        true,
    ),
    (
        "products_proposed",
        "Số sản phẩm đề xuất vào danh mục sản phẩm chủ lực",
        "Products proposed for the key-product catalogue",
        true,
    ),
    (
        "units_applying",
        "Số doanh nghiệp, hợp tác xã áp dụng truy xuất nguồn gốc",
        "Enterprises and cooperatives applying traceability",
        true,
    ),
    ("difficulties", "Khó khăn, vướng mắc", "Difficulties", false),
    ("proposals", "Đề xuất, kiến nghị", "Proposals", false),
];

/// An agency's return: who, which tasks, whether it came back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AgencyReturn {
    pub agency_id: String,
    pub agency: String,
    /// department | commune | association | media | other.
    pub kind: String,
    /// The tasks the plan (section IV) assigns it.
    pub tasks: Vec<String>,
    /// True once its filled form has been imported.
    pub received: bool,
    /// The day the form arrived (YYYY-MM-DD), when received.
    pub received_on: Option<String>,
    /// Received after the deadline.
    pub late: bool,
    /// Not received and the deadline has passed (by the workspace's clock, Vietnam time).
    pub overdue: bool,
    pub figures: Option<ReturnFigures>,
    /// The imported file's name.
    pub file_name: Option<String>,
    /// The same agency's return to the previous year's plan, when it was imported.
    #[serde(default)]
    pub last_year: Option<LastYearReturn>,
    /// This year's and last year's figures side by side, in the form's order (empty when
    /// neither came back).
    #[serde(default)]
    pub comparison: Vec<FigureComparison>,
}

/// An agency's return to the previous year's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LastYearReturn {
    pub year: i32,
    /// The previous plan's number ("89/KH-UBND"), or empty.
    pub plan_number: String,
    /// YYYY-MM-DD.
    pub received_on: String,
    pub figures: ReturnFigures,
}

/// One figure of a return form, this year beside last year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FigureComparison {
    /// activities | participants | products_proposed | units_applying | difficulties | proposals.
    pub key: String,
    pub label: Localized,
    /// The figure as the form gives it ("12", or the text), when that year's return came back.
    pub this_year: Option<String>,
    pub last_year: Option<String>,
    /// this year − last year, for numbers when both came back.
    #[ts(type = "number | null")]
    pub change: Option<i64>,
}

impl ReturnFigures {
    /// A figure by its key in [`RETURN_FIGURES`]: numbers as digits, texts as written.
    pub fn get(&self, key: &str) -> Option<String> {
        Some(match key {
            "activities" => self.activities.to_string(),
            "participants" => self.participants.to_string(),
            "products_proposed" => self.products_proposed.to_string(),
            "units_applying" => self.units_applying.to_string(),
            "difficulties" => self.difficulties.clone(),
            "proposals" => self.proposals.clone(),
            _ => return None,
        })
    }

    /// This year's figures beside last year's, in the form's order; empty when neither is.
    pub fn compare(
        this_year: Option<&ReturnFigures>,
        last_year: Option<&ReturnFigures>,
    ) -> Vec<FigureComparison> {
        if this_year.is_none() && last_year.is_none() {
            return Vec::new();
        }
        RETURN_FIGURES
            .iter()
            .map(|(key, vi, en, numeric)| {
                let now = this_year.and_then(|f| f.get(key));
                let before = last_year.and_then(|f| f.get(key));
                let change = match (&now, &before) {
                    (Some(a), Some(b)) if *numeric => {
                        Some(a.parse::<i64>().unwrap_or(0) - b.parse::<i64>().unwrap_or(0))
                    }
                    _ => None,
                };
                FigureComparison {
                    key: (*key).to_owned(),
                    label: Localized {
                        vi: (*vi).to_owned(),
                        en: (*en).to_owned(),
                    },
                    this_year: now,
                    last_year: before,
                    change,
                }
            })
            .collect()
    }
}

/// Activities of one kind, counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActivityTotals {
    pub kind: ActivityKind,
    pub count: u32,
    pub participants: Participants,
    pub participants_total: u32,
}

/// A whole plan, as `sotay plan show --json` and the Kế hoạch area show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanView {
    pub id: String,
    pub number: String,
    pub date: String,
    pub issuing_body: String,
    pub legal_bases: Vec<String>,
    pub year: i32,
    pub title: String,
    pub template: String,
    pub tasks: Vec<PlanTask>,
    pub lines: Vec<BudgetLine>,
    #[ts(type = "number")]
    pub total_estimate_vnd: i64,
    #[ts(type = "number")]
    pub total_spent_vnd: i64,
    #[ts(type = "number")]
    pub total_remaining_vnd: i64,
    /// "370.000.000 đồng" and "ba trăm bảy mươi triệu đồng".
    pub total_estimate_text: String,
    pub total_estimate_words: String,
    pub spending: Vec<Spending>,
    pub activities: Vec<Activity>,
    pub activity_totals: Vec<ActivityTotals>,
    pub returns: Vec<AgencyReturn>,
    /// The returns' deadline, YYYY-MM-DD (15 December of the plan's year).
    pub returns_due: String,
    /// Days from today (the workspace's clock, Vietnam time) to the deadline: 0 on the day,
    /// negative once it has passed.
    #[serde(default)]
    #[ts(type = "number")]
    pub returns_days_left: i64,
    /// The year of the previous plan the returns are compared with, when there is one.
    #[serde(default)]
    pub compared_with_year: Option<i32>,
    pub created_at: String,
}

impl PlanView {
    /// Counts activities by kind (every kind listed, in order, even when none).
    pub fn totals_of(activities: &[Activity]) -> Vec<ActivityTotals> {
        ActivityKind::ALL
            .into_iter()
            .map(|kind| {
                let mut p = Participants::default();
                let mut count = 0;
                for a in activities.iter().filter(|a| a.kind == kind) {
                    count += 1;
                    p.enterprises += a.participants.enterprises;
                    p.cooperatives += a.participants.cooperatives;
                    p.officials += a.participants.officials;
                    p.others += a.participants.others;
                }
                ActivityTotals {
                    kind,
                    count,
                    participants_total: p.total(),
                    participants: p,
                }
            })
            .collect()
    }
}

/// A task as a plan template gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateTask {
    pub code: &'static str,
    pub title: &'static str,
    pub lead: &'static str,
    pub coordinating: &'static [&'static str],
    pub period: &'static str,
    /// The budget line of the same code funds it.
    pub line: Option<(&'static str, i64)>,
}

/// An agency a plan template names, with the tasks section IV gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateAgency {
    pub name: &'static str,
    pub kind: &'static str,
    pub tasks: &'static [&'static str],
}

/// A plan template: what a new plan of a year starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanTemplate {
    pub id: &'static str,
    pub title: &'static str,
    pub issuing_body: &'static str,
    pub legal_bases: &'static [&'static str],
    pub tasks: &'static [TemplateTask],
    pub agencies: &'static [TemplateAgency],
}

const DOST: &str = "Sở Khoa học và Công nghệ";
const AGRI: &str = "Sở Nông nghiệp và Môi trường";
const TRADE: &str = "Sở Công Thương";
const HEALTH: &str = "Sở Y tế";
const CULTURE: &str = "Sở Văn hóa, Thể thao và Du lịch";
const COMMUNES: &str = "Ủy ban nhân dân các xã, phường, đặc khu";
const ASSOCIATIONS: &str = "Liên minh Hợp tác xã và các hiệp hội ngành hàng";
const MEDIA: &str = "Báo và Phát thanh, Truyền hình tỉnh";

/// The yearly plan implementing Decision 100/QĐ-TTg (Đề án 100) in a province: the six budget
/// lines of the plan this product grew from (1.1–1.3 outreach and training, 2.1–2.3 the
/// handbook, the pilots and the handbook's distribution; 370,000,000 đồng in all), led by the
/// Department of Science and Technology (DOMAIN.md §0: "DOST coordinates"), and the tasks
/// without a budget line (key products and roadmap, portal readiness, the yearly report).
/// Agencies and coordinating bodies carry today's names (the 2025 mergers: Sở Nông nghiệp và
/// Môi trường; communes without districts); a plan of an earlier year edits them.
pub const QD100_YEARLY: PlanTemplate = PlanTemplate {
    id: "qd100-yearly",
    title: "Kế hoạch triển khai, áp dụng và quản lý hệ thống truy xuất nguồn gốc",
    issuing_body: "Ủy ban nhân dân tỉnh",
    legal_bases: &[
        "Quyết định số 100/QĐ-TTg ngày 19/01/2019 của Thủ tướng Chính phủ phê duyệt Đề án triển khai, áp dụng và quản lý hệ thống truy xuất nguồn gốc",
        "Thông tư số 02/2024/TT-BKHCN ngày 28/3/2024 của Bộ trưởng Bộ Khoa học và Công nghệ quy định về quản lý truy xuất nguồn gốc sản phẩm, hàng hóa",
    ],
    tasks: &[
        TemplateTask {
            code: "1.1",
            title: "Tổ chức tập huấn, hướng dẫn áp dụng truy xuất nguồn gốc cho doanh nghiệp, hợp tác xã",
            lead: DOST,
            coordinating: &[AGRI, TRADE, ASSOCIATIONS],
            period: "Quý II–III",
            line: Some(("1.1", 50_000_000)),
        },
        TemplateTask {
            code: "1.2",
            title: "Cử cán bộ tham dự các khóa đào tạo, hội nghị, hội thảo về truy xuất nguồn gốc",
            lead: DOST,
            coordinating: &[],
            period: "Cả năm",
            line: Some(("1.2", 25_000_000)),
        },
        TemplateTask {
            code: "1.3",
            title: "Tổ chức hội thảo giới thiệu mô hình điểm áp dụng truy xuất nguồn gốc để nhân rộng",
            lead: DOST,
            coordinating: &[AGRI, TRADE, COMMUNES],
            period: "Quý IV",
            line: Some(("1.3", 35_000_000)),
        },
        TemplateTask {
            code: "2.1",
            title: "Xây dựng Sổ tay hướng dẫn truy xuất nguồn gốc cho 01 sản phẩm trọng điểm của tỉnh",
            lead: DOST,
            coordinating: &[AGRI, TRADE],
            period: "Quý II–III",
            line: Some(("2.1", 70_000_000)),
        },
        TemplateTask {
            code: "2.2",
            title: "Xây dựng mô hình điểm áp dụng Sổ tay; kiểm tra, xác nhận hiệu lực hệ thống truy xuất nguồn gốc",
            lead: DOST,
            coordinating: &[AGRI, COMMUNES],
            period: "Quý III–IV",
            line: Some(("2.2", 130_000_000)),
        },
        TemplateTask {
            code: "2.3",
            title: "Giới thiệu, phổ biến và phát hành Sổ tay hướng dẫn truy xuất nguồn gốc",
            lead: DOST,
            coordinating: &[MEDIA, COMMUNES],
            period: "Quý IV",
            line: Some(("2.3", 60_000_000)),
        },
        TemplateTask {
            code: "II.2.a",
            title: "Đề xuất danh mục sản phẩm, hàng hóa chủ lực, thế mạnh và lộ trình áp dụng truy xuất nguồn gốc",
            lead: DOST,
            coordinating: &[AGRI, TRADE, HEALTH, ASSOCIATIONS],
            period: "Quý II",
            line: None,
        },
        TemplateTask {
            code: "II.3",
            title: "Nghiên cứu hạ tầng kỹ thuật, sẵn sàng kết nối với Cổng thông tin truy xuất nguồn gốc sản phẩm, hàng hóa quốc gia",
            lead: DOST,
            coordinating: &[TRADE],
            period: "Cả năm",
            line: None,
        },
        TemplateTask {
            code: "IV.7",
            title: "Tổng hợp báo cáo kết quả của các sở, ngành, địa phương (trước ngày 15/12) gửi Ủy ban nhân dân tỉnh và Bộ Khoa học và Công nghệ",
            lead: DOST,
            coordinating: &[],
            period: "Tháng 12",
            line: None,
        },
    ],
    agencies: &[
        TemplateAgency {
            name: AGRI,
            kind: "department",
            tasks: &[
                "Phối hợp xây dựng Sổ tay và mô hình điểm; đề xuất sản phẩm nông, lâm, thủy sản chủ lực",
                "Hướng dẫn cơ sở sản xuất ghi chép, lưu trữ hồ sơ truy xuất nguồn gốc",
            ],
        },
        TemplateAgency {
            name: TRADE,
            kind: "department",
            tasks: &[
                "Đề xuất sản phẩm công nghiệp, thương mại chủ lực; vận động doanh nghiệp áp dụng truy xuất nguồn gốc",
            ],
        },
        TemplateAgency {
            name: HEALTH,
            kind: "department",
            tasks: &["Phối hợp đề xuất sản phẩm thực phẩm thuộc lĩnh vực quản lý"],
        },
        TemplateAgency {
            name: CULTURE,
            kind: "department",
            tasks: &["Phối hợp tuyên truyền về truy xuất nguồn gốc"],
        },
        TemplateAgency {
            name: COMMUNES,
            kind: "commune",
            tasks: &[
                "Phối hợp triển khai mô hình điểm; vận động hợp tác xã, hộ sản xuất tham gia",
            ],
        },
        TemplateAgency {
            name: ASSOCIATIONS,
            kind: "association",
            tasks: &["Vận động hội viên áp dụng truy xuất nguồn gốc; đề xuất sản phẩm chủ lực"],
        },
        TemplateAgency {
            name: MEDIA,
            kind: "media",
            tasks: &["Đưa tin, phóng sự tuyên truyền về truy xuất nguồn gốc"],
        },
    ],
};

/// The built-in plan templates.
pub const PLAN_TEMPLATES: &[PlanTemplate] = &[QD100_YEARLY];

/// The plan template `id`.
pub fn plan_template(id: &str) -> Option<&'static PlanTemplate> {
    PLAN_TEMPLATES.iter().find(|t| t.id == id)
}

impl PlanTemplate {
    /// The sum of its budget lines.
    pub fn total_estimate_vnd(&self) -> i64 {
        self.tasks.iter().filter_map(|t| t.line).map(|l| l.1).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_yearly_template_has_the_plans_six_lines_and_total() {
        let t = plan_template("qd100-yearly").unwrap();
        let lines: Vec<(&str, i64)> = t.tasks.iter().filter_map(|t| t.line).collect();
        assert_eq!(
            lines,
            [
                ("1.1", 50_000_000),
                ("1.2", 25_000_000),
                ("1.3", 35_000_000),
                ("2.1", 70_000_000),
                ("2.2", 130_000_000),
                ("2.3", 60_000_000),
            ]
        );
        assert_eq!(t.total_estimate_vnd(), 370_000_000);
        assert_eq!(
            crate::money::vnd_in_words(t.total_estimate_vnd()),
            "ba trăm bảy mươi triệu đồng"
        );
        assert!(t.tasks.iter().all(|x| x.lead == "Sở Khoa học và Công nghệ"));
    }

    #[test]
    fn kinds_and_statuses_read_back() {
        for k in ActivityKind::ALL {
            assert_eq!(ActivityKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(
            TaskStatus::parse("in-progress"),
            Some(TaskStatus::InProgress)
        );
        let p = Participants {
            enterprises: 20,
            cooperatives: 10,
            officials: 5,
            others: 1,
        };
        assert_eq!(p.total(), 36);
    }

    /// A comparison row: key, this year, last year, change.
    type Side<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<i64>);

    #[test]
    fn returns_compare_figure_by_figure() {
        let now = ReturnFigures {
            activities: 5,
            participants: 180,
            products_proposed: 2,
            units_applying: 14,
            difficulties: "Thiếu kinh phí".into(),
            proposals: String::new(),
        };
        let before = ReturnFigures {
            activities: 3,
            participants: 200,
            units_applying: 9,
            ..Default::default()
        };
        let c = ReturnFigures::compare(Some(&now), Some(&before));
        let rows: Vec<Side> = c
            .iter()
            .map(|r| {
                (
                    r.key.as_str(),
                    r.this_year.as_deref(),
                    r.last_year.as_deref(),
                    r.change,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("activities", Some("5"), Some("3"), Some(2)),
                ("participants", Some("180"), Some("200"), Some(-20)),
                ("products_proposed", Some("2"), Some("0"), Some(2)),
                ("units_applying", Some("14"), Some("9"), Some(5)),
                ("difficulties", Some("Thiếu kinh phí"), Some(""), None),
                ("proposals", Some(""), Some(""), None),
            ]
        );
        let only_last = ReturnFigures::compare(None, Some(&before));
        assert_eq!(only_last[0].this_year, None);
        assert_eq!(only_last[0].change, None);
        assert!(ReturnFigures::compare(None, None).is_empty());
    }

    fn rows(text: &[&[&str]]) -> Vec<Vec<String>> {
        text.iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect()
    }

    #[test]
    fn an_attendance_list_counts_by_kind() {
        let list = check_attendance(&rows(&[
            &[],
            &["STT", "Họ và tên", "Đơn vị", "Đối tượng", "Số điện thoại"],
            &[
                "1",
                "Nguyễn Văn An",
                "Công ty TNHH Tôm Việt",
                "Doanh nghiệp",
                "0912 345 678",
            ],
            &["2", "Trần Thị Bình", "HTX Thủy sản Tân Phú", "HTX", ""],
            &["", "", "", "", ""],
            &[
                "3",
                "Lê Văn Cường",
                "Sở KH&CN",
                "cán bộ",
                "+84 296 3862 123",
            ],
            &["4", "Phạm Thị Dung", "Công ty CP Rạch Giá", "dn", ""],
        ]))
        .unwrap();
        assert_eq!(list.len(), 4);
        assert_eq!(list[1].kind, AttendeeKind::Cooperative);
        assert_eq!(list[0].phone, "0912 345 678");
        assert_eq!(
            Participants::of_attendance(&list),
            Participants {
                enterprises: 2,
                cooperatives: 1,
                officials: 1,
                others: 0
            }
        );
    }

    #[test]
    fn a_bad_attendance_row_is_named_by_row_and_column() {
        let header: &[&str] = &["STT", "Họ và tên", "Đơn vị", "Đối tượng", "Điện thoại"];
        let cases: [(&[&str], usize, Option<AttendanceColumn>, &str); 5] = [
            (
                &["1", "An", "Cty A", "sinh viên", ""],
                3,
                Some(AttendanceColumn::Kind),
                "đối tượng “sinh viên” không hợp lệ",
            ),
            (
                &["một", "An", "Cty A", "DN", ""],
                3,
                Some(AttendanceColumn::Ordinal),
                "cần một số thứ tự nguyên, gặp “một”",
            ),
            (
                &["1", "", "Cty A", "DN", ""],
                3,
                Some(AttendanceColumn::Name),
                "ô trống",
            ),
            (
                &["1", "An", "Cty A", "DN", "gọi sau"],
                3,
                Some(AttendanceColumn::Phone),
                "số điện thoại “gọi sau”",
            ),
            (
                &["1", "An", "", "DN", ""],
                3,
                Some(AttendanceColumn::Unit),
                "ô trống",
            ),
        ];
        for (row, at, column, says) in cases {
            let e = check_attendance(&rows(&[header, &["1", "Bình", "HTX B", "HTX", ""], row]))
                .unwrap_err();
            assert_eq!((e.row, e.column), (at, column), "{row:?}");
            assert!(e.vi.contains(says), "{}", e.vi);
        }
        let e = check_attendance(&rows(&[&["Họ và tên", "Đối tượng"], &["An", "DN"]])).unwrap_err();
        assert_eq!((e.row, e.column), (1, Some(AttendanceColumn::Unit)));
        let e = check_attendance(&rows(&[header])).unwrap_err();
        assert!(e.vi.contains("không có người nào"), "{}", e.vi);
        assert!(check_attendance(&[]).is_err());
    }
}

/// Next year's direction (phương hướng, nhiệm vụ năm sau) kept on a year's plan: the text the
/// user wrote, or — while they have written none — a draft made from the plan's open tasks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanDirection {
    pub plan_id: String,
    /// The plan's year; the direction is for `year + 1`.
    pub year: i32,
    /// The text to show and print.
    pub text: String,
    /// True when `text` is the draft made from the open tasks (nothing written yet).
    pub prefilled: bool,
}

/// The draft direction made from a plan's tasks: one line per task not done, "Tiếp tục thực
/// hiện nhiệm vụ 2.2 … (chủ trì: …; tiến độ 40 %)." Empty when every task is done.
pub fn direction_from_open_tasks(tasks: &[PlanTask]) -> String {
    tasks
        .iter()
        .filter(|t| t.status != TaskStatus::Done)
        .map(|t| {
            let mut about = Vec::new();
            if !t.lead.trim().is_empty() {
                about.push(format!("chủ trì: {}", t.lead.trim()));
            }
            about.push(format!("tiến độ {} %", t.progress));
            format!(
                "Tiếp tục thực hiện nhiệm vụ {} {} ({}).",
                t.code.trim(),
                t.title.trim(),
                about.join("; ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod direction_tests {
    use super::*;

    fn task(code: &str, title: &str, status: TaskStatus, progress: u8) -> PlanTask {
        PlanTask {
            id: code.into(),
            code: code.into(),
            title: title.into(),
            lead: "Sở KH&CN".into(),
            coordinating: vec![],
            period: String::new(),
            status,
            progress,
            line: None,
            links: vec![],
            evidence: String::new(),
        }
    }

    #[test]
    fn the_draft_direction_names_each_open_task_once() {
        let tasks = [
            task("2.1", "Xây dựng sổ tay", TaskStatus::Done, 100),
            task("2.2", "Thí điểm mô hình", TaskStatus::InProgress, 40),
            task("2.3", "Phát hành sổ tay", TaskStatus::NotStarted, 0),
        ];
        assert_eq!(
            direction_from_open_tasks(&tasks),
            "Tiếp tục thực hiện nhiệm vụ 2.2 Thí điểm mô hình (chủ trì: Sở KH&CN; tiến độ 40 %).\n\
             Tiếp tục thực hiện nhiệm vụ 2.3 Phát hành sổ tay (chủ trì: Sở KH&CN; tiến độ 0 %)."
        );
        assert_eq!(direction_from_open_tasks(&tasks[..1]), "");
    }
}
