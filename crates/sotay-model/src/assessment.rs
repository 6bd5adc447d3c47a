//! Assessments (đợt đánh giá) of a pilot model: answers, trace tests, findings and corrective
//! actions, as the UI, the CLI and the reports see them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checklist::ChecklistItem;
use crate::verdict::{Direction, ItemResult, TraceGrades};
use crate::Localized;

/// planned → in progress → completed → closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentStatus {
    Planned,
    InProgress,
    Completed,
    Closed,
}

impl AssessmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentStatus::Planned => "planned",
            AssessmentStatus::InProgress => "in_progress",
            AssessmentStatus::Completed => "completed",
            AssessmentStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.replace('-', "_").as_str() {
            "planned" => Some(AssessmentStatus::Planned),
            "in_progress" => Some(AssessmentStatus::InProgress),
            "completed" => Some(AssessmentStatus::Completed),
            "closed" => Some(AssessmentStatus::Closed),
            _ => None,
        }
    }

    pub fn label(self) -> Localized {
        match self {
            AssessmentStatus::Planned => Localized::new("Đã lập kế hoạch", "Planned"),
            AssessmentStatus::InProgress => Localized::new("Đang đánh giá", "In progress"),
            AssessmentStatus::Completed => Localized::new("Đã hoàn thành", "Completed"),
            AssessmentStatus::Closed => Localized::new("Đã đóng", "Closed"),
        }
    }

    /// The step forward from here: planned → in progress → completed → closed.
    pub fn forward(self) -> Option<AssessmentStatus> {
        use AssessmentStatus::*;
        match self {
            Planned => Some(InProgress),
            InProgress => Some(Completed),
            Completed => Some(Closed),
            Closed => None,
        }
    }

    /// The way back: a completed assessment may be reopened to in progress.
    pub fn back(self) -> Option<AssessmentStatus> {
        match self {
            AssessmentStatus::Completed => Some(AssessmentStatus::InProgress),
            _ => None,
        }
    }

    /// Forward one step at a time, or back where [`AssessmentStatus::back`] allows.
    pub fn can_move_to(self, to: AssessmentStatus) -> bool {
        self.forward() == Some(to) || self.back() == Some(to)
    }

    /// What the window offers in this status; a closed assessment is read-only.
    pub fn moves(self) -> AssessmentMoves {
        AssessmentMoves {
            forward: self.forward(),
            back: self.back(),
            editable: self != AssessmentStatus::Closed,
            sign: crate::signature::may_sign(self).is_ok(),
            withdraw: crate::signature::may_withdraw(self).is_ok(),
        }
    }
}

impl TraceTest {
    /// Quantity reconciliation in percent ([`crate::verdict::quantity_pct`]'s rule).
    pub fn quantity_pct(&self) -> f64 {
        crate::verdict::percent(self.accounted_qty, self.input_qty, 0.0)
    }

    /// Key data elements present in percent ([`crate::verdict::kde_pct`]'s rule).
    pub fn kde_pct(&self) -> f64 {
        crate::verdict::percent(
            f64::from(self.kde_present),
            f64::from(self.kde_required),
            100.0,
        )
    }
}

/// The moves an assessment's status allows and whether its answers may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct AssessmentMoves {
    pub forward: Option<AssessmentStatus>,
    pub back: Option<AssessmentStatus>,
    pub editable: bool,
    /// It may be signed now ([`crate::signature::may_sign`]).
    #[serde(default)]
    pub sign: bool,
    /// A signature may be withdrawn now ([`crate::signature::may_withdraw`]).
    #[serde(default)]
    pub withdraw: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AssessmentSummary {
    pub id: String,
    pub pilot_id: String,
    pub pilot_name: String,
    pub handbook_id: Option<String>,
    pub handbook_title: String,
    pub handbook_version: u32,
    pub status: AssessmentStatus,
    /// YYYY-MM-DD.
    pub date: String,
    pub lead: String,
    pub team: Vec<String>,
    /// What the status allows next (from [`AssessmentStatus::moves`]).
    #[serde(default)]
    pub moves: AssessmentMoves,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Answer {
    pub result: ItemResult,
    pub note: String,
    /// Required for NA.
    pub reason: String,
    pub by: String,
    pub at: String,
    /// S9.x results come from the recorded trace tests, not from a manual answer.
    pub from_trace_tests: bool,
}

/// A checklist item of an assessment with its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AssessmentItem {
    #[serde(flatten)]
    pub item: ChecklistItem,
    pub answer: Option<Answer>,
    /// Names of the evidence files (photos, documents) attached to this item.
    pub evidence_files: Vec<String>,
    /// The same files with their capture time and whether a thumbnail exists (not `evidence`:
    /// that is the checklist item's evidence hint).
    pub attached: Vec<EvidenceFile>,
    /// S4.1's per-CTE KDE checks, answered for the record (they do not enter the score).
    pub subchecks: Vec<AssessmentItem>,
    /// For S4.1: the worst of its answered sub-checks and of the trace tests' KDE-completeness
    /// grades — a suggestion; the inspector's answer is what counts.
    pub suggested: Option<ItemResult>,
}

/// A photo or document attached as evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EvidenceFile {
    pub id: String,
    /// The checklist item it belongs to (none for evidence of a corrective action).
    pub item_id: Option<String>,
    pub name: String,
    pub sha256: String,
    /// When the photo was taken, from its EXIF `DateTimeOriginal` (else `DateTime`): the
    /// camera's local wall-clock time as written, `YYYY-MM-DDTHH:MM:SS`, followed by the UTC
    /// offset (`+07:00`) only when the camera recorded `OffsetTimeOriginal`. Never converted.
    pub taken_at: Option<String>,
    /// A thumbnail (longest side 320 px) was made when the file was attached.
    pub has_thumbnail: bool,
}

/// The result of attaching evidence: the stored file and, when the file looked like a photo
/// but no thumbnail could be made (damaged, too large), why — the file is stored anyway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EvidenceAttached {
    pub file: EvidenceFile,
    pub warning: Option<Localized>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TraceTest {
    pub id: String,
    pub direction: Direction,
    pub lot: String,
    /// RFC 3339.
    pub started: String,
    pub finished: String,
    pub minutes: f64,
    pub links_expected: u32,
    pub links_found: u32,
    pub input_qty: f64,
    pub accounted_qty: f64,
    pub unit: String,
    pub kde_required: u32,
    pub kde_present: u32,
    pub contradictions: u32,
    pub grades: TraceGrades,
    pub note: String,
    pub retest_of: Option<String>,
    /// Minor typos found (1–2 MINOR, 3 or more MAJOR with the default rules).
    pub typos: u32,
    /// Why the quantities do not reconcile exactly (yields, by-products, stock, samples).
    pub explanation: String,
    /// The mass balance's parts (C.3 step 4), in `unit`, when given.
    pub outputs_qty: Option<f64>,
    pub losses_qty: Option<f64>,
    pub stock_qty: Option<f64>,
    pub samples_qty: Option<f64>,
    /// The re-test that replaces this failed test in grading (its action is done), if any.
    pub replaced_by: Option<String>,
    /// The lots it found, when recorded lot by lot.
    pub lots: Vec<TraceLot>,
}

/// One lot a trace test found (C.3 step 6: the sortable spreadsheet of lot, product,
/// quantity, unit, date, from, to, reference document, step).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TraceLot {
    pub lot: String,
    #[serde(default)]
    pub product: String,
    #[serde(default)]
    pub quantity: Option<f64>,
    #[serde(default)]
    pub unit: String,
    /// YYYY-MM-DD as given.
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub reference: String,
    /// The stage or step (thu hoạch, sơ chế, xuất hàng…).
    #[serde(default)]
    pub step: String,
}

/// open → in progress → done → verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
    Verified,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
            ActionStatus::Verified => "verified",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.replace('-', "_").as_str() {
            "open" => Some(ActionStatus::Open),
            "in_progress" => Some(ActionStatus::InProgress),
            "done" => Some(ActionStatus::Done),
            "verified" => Some(ActionStatus::Verified),
            _ => None,
        }
    }

    pub fn label(self) -> Localized {
        match self {
            ActionStatus::Open => Localized::new("Chưa thực hiện", "Open"),
            ActionStatus::InProgress => Localized::new("Đang thực hiện", "In progress"),
            ActionStatus::Done => Localized::new("Đã thực hiện", "Done"),
            ActionStatus::Verified => Localized::new("Đã xác nhận", "Verified"),
        }
    }

    /// One step forward; `done` may go back to `in_progress` when verification fails.
    pub fn can_move_to(self, to: ActionStatus) -> bool {
        use ActionStatus::*;
        matches!(
            (self, to),
            (Open, InProgress)
                | (Open, Done)
                | (InProgress, Done)
                | (Done, Verified)
                | (Done, InProgress)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CorrectiveAction {
    pub id: String,
    pub finding_id: String,
    pub description: String,
    pub owner: String,
    /// YYYY-MM-DD.
    pub due: String,
    pub status: ActionStatus,
    /// Past its due date and not yet done or verified (computed for "today").
    pub overdue: bool,
    pub verified_by: Option<String>,
    pub verified_at: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Finding {
    pub id: String,
    pub item_id: String,
    pub severity: ItemResult,
    pub description: String,
    /// `open`, or `withdrawn` when the item's answer later became PASS or NA.
    pub status: String,
    pub actions: Vec<CorrectiveAction>,
}
