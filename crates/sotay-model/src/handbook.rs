//! Handbooks (Sổ tay hướng dẫn truy xuất nguồn gốc) and their chapters (chương).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Localized;

/// Where a handbook is in its workflow: Dự thảo → Đang góp ý → Đã duyệt → Đã phát hành.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HandbookStatus {
    #[default]
    Draft,
    Review,
    Approved,
    Published,
}

impl HandbookStatus {
    /// The stable name stored in the database and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            HandbookStatus::Draft => "draft",
            HandbookStatus::Review => "review",
            HandbookStatus::Approved => "approved",
            HandbookStatus::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(HandbookStatus::Draft),
            "review" => Some(HandbookStatus::Review),
            "approved" => Some(HandbookStatus::Approved),
            "published" => Some(HandbookStatus::Published),
            _ => None,
        }
    }

    /// The status as the user reads it.
    pub fn label(self) -> Localized {
        match self {
            HandbookStatus::Draft => Localized::new("Dự thảo", "Draft"),
            HandbookStatus::Review => Localized::new("Đang góp ý", "In review"),
            HandbookStatus::Approved => Localized::new("Đã duyệt", "Approved"),
            HandbookStatus::Published => Localized::new("Đã phát hành", "Published"),
        }
    }
}

/// How necessary a chapter is (DOMAIN.md §B): M must be present before approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
pub enum ChapterLevel {
    /// Mandatory (bắt buộc).
    #[default]
    M,
    /// Recommended (khuyến nghị).
    R,
    /// Optional (tùy chọn).
    O,
}

impl ChapterLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            ChapterLevel::M => "M",
            ChapterLevel::R => "R",
            ChapterLevel::O => "O",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "M" => Some(ChapterLevel::M),
            "R" => Some(ChapterLevel::R),
            "O" => Some(ChapterLevel::O),
            _ => None,
        }
    }
}

/// One line of the handbook library (thư viện sổ tay).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HandbookSummary {
    pub id: String,
    pub title: String,
    /// The product the handbook covers, e.g. "Tôm thẻ chân trắng".
    pub product: String,
    pub template_id: String,
    pub status: HandbookStatus,
    /// 1 for the first version; reopening an approved or published handbook adds one.
    pub version: u32,
    pub chapter_count: u32,
    /// RFC 3339, UTC.
    pub updated_at: String,
    /// What the status allows next (from [`HandbookStatus::moves`]).
    #[serde(default)]
    pub moves: crate::HandbookMoves,
}

/// A chapter as the reader sees it: its Markdown with the variables filled in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChapterView {
    pub id: String,
    pub key: String,
    pub position: u32,
    pub title: String,
    pub level: ChapterLevel,
    /// The stored source: Markdown with Tera expressions.
    pub source: String,
    /// The source rendered with the handbook's variables (Markdown).
    pub rendered: String,
    /// The rendered Markdown as a sanitised HTML fragment for the preview.
    pub html: String,
    /// Set when rendering failed; `rendered` and `html` then show the source unrendered.
    pub render_error: Option<String>,
}

/// An opened handbook: its summary, variables and chapters in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HandbookView {
    pub summary: HandbookSummary,
    /// The variables as a nested JSON object (`product.gtin` is `{"product": {"gtin": …}}`).
    #[ts(type = "Record<string, unknown>")]
    pub variables: serde_json::Value,
    pub chapters: Vec<ChapterView>,
    /// The decision that issued this version of the handbook, when one was recorded
    /// (`sotay report decision H --number --date`); the window shows it under the title.
    #[serde(default)]
    pub decision: Option<crate::admin::IssuingDecision>,
}

/// The live preview of an unsaved chapter source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChapterPreview {
    /// Sanitised HTML fragment.
    pub html: String,
    /// Set when the source does not render (e.g. a Tera error), with its line and column.
    pub error: Option<crate::Diagnostic>,
}

/// The answer to saving a handbook's variables: saved only when there is no error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SaveVariablesResult {
    pub saved: bool,
    pub diagnostics: Vec<crate::Diagnostic>,
}

/// A stored chapter: its Markdown source with Tera expressions, not yet rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    pub id: String,
    pub key: String,
    pub position: u32,
    pub title: String,
    pub level: ChapterLevel,
    pub source: String,
}

/// A stored handbook with its variables and chapters in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Handbook {
    pub summary: HandbookSummary,
    pub variables: serde_json::Value,
    pub chapters: Vec<Chapter>,
}

/// A handbook about to be stored (made from a template).
#[derive(Debug, Clone, PartialEq)]
pub struct NewHandbook {
    pub id: String,
    pub title: String,
    pub product: String,
    pub template_id: String,
    pub template_version: String,
    pub variables: serde_json::Value,
    pub chapters: Vec<NewChapter>,
    /// Who made it (the author of the chapters' first revisions).
    pub author: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// A chapter about to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewChapter {
    pub id: String,
    pub key: String,
    pub title: String,
    pub level: ChapterLevel,
    pub source: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_round_trips_through_its_stored_name() {
        for s in [
            HandbookStatus::Draft,
            HandbookStatus::Review,
            HandbookStatus::Approved,
            HandbookStatus::Published,
        ] {
            assert_eq!(HandbookStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(HandbookStatus::parse("final"), None);
        assert_eq!(HandbookStatus::Review.label().vi, "Đang góp ý");
    }

    #[test]
    fn chapter_level_parses_only_known_levels() {
        assert_eq!(ChapterLevel::parse("R"), Some(ChapterLevel::R));
        assert_eq!(ChapterLevel::parse("m"), None);
    }
}
