//! Revisions (phiên bản sửa đổi), review comments (góp ý) and the workflow's history: nothing a
//! user saved is ever lost; restoring an old revision makes a new one.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::anchor::{TextAnchor, TextRange};
use crate::HandbookStatus;

/// What a revision recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RevisionKind {
    /// The chapter as the template made it.
    Create,
    /// A saved edit of the source.
    Edit,
    /// An old revision brought back (as a new revision).
    Restore,
    /// The chapter was renamed.
    Rename,
    /// A chapter added by the user.
    Add,
    /// The chapter was removed (its last source is kept here).
    Remove,
}

impl RevisionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionKind::Create => "create",
            RevisionKind::Edit => "edit",
            RevisionKind::Restore => "restore",
            RevisionKind::Rename => "rename",
            RevisionKind::Add => "add",
            RevisionKind::Remove => "remove",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            RevisionKind::Create,
            RevisionKind::Edit,
            RevisionKind::Restore,
            RevisionKind::Rename,
            RevisionKind::Add,
            RevisionKind::Remove,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One revision in a handbook's history (without its source).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RevisionSummary {
    pub id: String,
    /// 1, 2, 3… within the handbook: what `sotay diff H 3 7` refers to.
    pub number: u32,
    pub chapter_id: String,
    pub chapter_key: String,
    pub chapter_title: String,
    pub kind: RevisionKind,
    pub author: String,
    pub message: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// A revision with the chapter source it saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RevisionDetail {
    pub summary: RevisionSummary,
    pub source: String,
}

/// One piece of a word-level diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DiffOp {
    Equal,
    Insert,
    Delete,
}

/// A run of text that is the same, added or removed between two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DiffSpan {
    pub op: DiffOp,
    pub text: String,
}

/// A word-level diff between two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RevisionDiff {
    pub from: RevisionSummary,
    pub to: RevisionSummary,
    pub spans: Vec<DiffSpan>,
    pub inserted_words: u32,
    pub deleted_words: u32,
}

/// Open or resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum CommentStatus {
    Open,
    Resolved,
}

/// A reviewer's comment on a chapter, or on a passage of it (`anchor`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Comment {
    pub id: String,
    pub chapter_id: String,
    pub author: String,
    pub body: String,
    pub status: CommentStatus,
    pub created_at: String,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<String>,
    /// The passage the comment is about; `None` for a comment on the whole chapter.
    pub anchor: Option<TextAnchor>,
}

/// A comment of one chapter with where its passage is in the chapter's text now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChapterComment {
    pub comment: Comment,
    /// The passage's range in the text it was located in (`None`: whole chapter, or detached).
    pub range: Option<TextRange>,
    /// The passage was edited beyond recognition or removed ("đoạn văn đã bị sửa/xoá").
    pub detached: bool,
}

impl ChapterComment {
    /// Locates `comment`'s passage in `text` ([`TextAnchor::locate`]).
    pub fn locate(comment: Comment, text: &str) -> ChapterComment {
        let range = comment.anchor.as_ref().and_then(|a| a.locate(text));
        ChapterComment {
            detached: comment.anchor.is_some() && range.is_none(),
            range,
            comment,
        }
    }
}

/// Approving one's own draft while review comments are open, without saying why: refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelfApprovalRefused {
    pub open_comments: usize,
}

/// The rule "an author cannot approve her own draft while a comment is open without saying
/// so": `approver` is one of `draft_authors` (the people who wrote the draft's revisions,
/// names compared in NFC without case or surrounding space), `open_comments` are open, and
/// `reason` is blank → refused. A reason, another approver or no open comment → allowed.
pub fn check_self_approval<S: AsRef<str>>(
    approver: &str,
    draft_authors: &[S],
    open_comments: usize,
    reason: &str,
) -> Result<(), SelfApprovalRefused> {
    let person = |s: &str| crate::text::nfc(s.trim()).to_lowercase();
    let me = person(approver);
    let own = draft_authors.iter().any(|a| person(a.as_ref()) == me);
    if own && open_comments > 0 && reason.trim().is_empty() {
        Err(SelfApprovalRefused { open_comments })
    } else {
        Ok(())
    }
}

/// One step of a handbook's workflow: who moved it from which status to which, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusChange {
    pub from: HandbookStatus,
    pub to: HandbookStatus,
    /// The handbook's version after the change (reopening an approved handbook adds one).
    pub version: u32,
    pub by: String,
    pub at: String,
    pub note: String,
    /// Why the move was made despite a rule's objection (an author approving her own draft
    /// with comments open); empty otherwise.
    pub reason: String,
}

impl HandbookStatus {
    /// The workflow's step forward from here: draft → review → approved → published.
    pub fn forward(self) -> Option<HandbookStatus> {
        use HandbookStatus::*;
        match self {
            Draft => Some(Review),
            Review => Some(Approved),
            Approved => Some(Published),
            Published => None,
        }
    }

    /// The way back from here, to draft: returned for changes (from review) or reopened as a
    /// new version (from approved or published).
    pub fn back(self) -> Option<HandbookStatus> {
        match self {
            HandbookStatus::Draft => None,
            _ => Some(HandbookStatus::Draft),
        }
    }

    /// Whether the workflow allows going from `self` to `to`: one step forward or back.
    pub fn can_move_to(self, to: HandbookStatus) -> bool {
        self.forward() == Some(to) || self.back() == Some(to)
    }

    /// Whether chapters and variables may be edited in this status.
    pub fn is_editable(self) -> bool {
        matches!(self, HandbookStatus::Draft | HandbookStatus::Review)
    }

    /// What the window offers in this status (it draws the moves, the workflow decides them).
    pub fn moves(self) -> HandbookMoves {
        HandbookMoves {
            forward: self.forward(),
            back: self.back(),
            editable: self.is_editable(),
        }
    }
}

/// The moves a handbook's status allows and whether it may be edited: decided here, shown by
/// the window's workflow bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct HandbookMoves {
    pub forward: Option<HandbookStatus>,
    pub back: Option<HandbookStatus>,
    pub editable: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use HandbookStatus::*;

    #[test]
    fn workflow_moves_only_along_its_edges() {
        assert!(Draft.can_move_to(Review));
        assert!(Review.can_move_to(Approved));
        assert!(Approved.can_move_to(Published));
        assert!(Approved.can_move_to(Draft));
        assert!(!Draft.can_move_to(Approved));
        assert!(!Draft.can_move_to(Published));
        assert!(!Published.can_move_to(Review));
        assert!(!Draft.can_move_to(Draft));
        assert!(Published.can_move_to(Draft) && Review.can_move_to(Draft));
        assert_eq!(
            Review.moves(),
            HandbookMoves {
                forward: Some(Approved),
                back: Some(Draft),
                editable: true
            }
        );
        assert_eq!(Published.moves().forward, None);
    }

    #[test]
    fn approved_and_published_are_read_only() {
        assert!(Draft.is_editable() && Review.is_editable());
        assert!(!Approved.is_editable() && !Published.is_editable());
    }

    #[test]
    fn an_author_approving_her_own_draft_with_open_comments_must_say_why() {
        let authors = ["Nguyễn Thị Lan", "Trần Văn Bình"];
        assert_eq!(
            check_self_approval("Nguyễn Thị Lan", &authors, 2, ""),
            Err(SelfApprovalRefused { open_comments: 2 })
        );
        // The same name typed differently is the same person.
        assert!(check_self_approval(" nguyễn thị lan ", &authors, 1, "  ").is_err());
        let nfd = "Nguye\u{302}\u{303}n Thi\u{323} Lan";
        assert!(check_self_approval(nfd, &authors, 1, "").is_err());
        assert!(
            check_self_approval("Nguyễn Thị Lan", &authors, 2, "Góp ý đã trao đổi trực tiếp")
                .is_ok()
        );
        assert!(check_self_approval("Lê Văn Cường", &authors, 2, "").is_ok());
        assert!(check_self_approval("Nguyễn Thị Lan", &authors, 0, "").is_ok());
        assert!(check_self_approval::<&str>("Nguyễn Thị Lan", &[], 3, "").is_ok());
    }

    #[test]
    fn revision_kinds_round_trip() {
        for k in ["create", "edit", "restore", "rename", "add", "remove"] {
            assert_eq!(RevisionKind::parse(k).unwrap().as_str(), k);
        }
        assert_eq!(RevisionKind::parse("merge"), None);
    }
}

/// One change of one variable (a dotted key such as `product.net_weight`, or a whole table):
/// the value before and after (`None` where the key was absent), who and when. Numbered 1, 2,
/// 3… per handbook; `sotay vars H --undo N` sets the key back to `old_value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct VariableChange {
    pub id: String,
    pub number: u32,
    pub key: String,
    #[ts(type = "unknown")]
    pub old_value: Option<serde_json::Value>,
    #[ts(type = "unknown")]
    pub new_value: Option<serde_json::Value>,
    pub author: String,
    /// RFC 3339, UTC.
    pub at: String,
}

/// The keys whose values differ between two variable objects, as (key, old, new). Objects are
/// walked into dotted keys; arrays (tables) and scalars are compared whole.
pub fn variable_changes(
    old: &serde_json::Value,
    new: &serde_json::Value,
) -> Vec<(String, Option<serde_json::Value>, Option<serde_json::Value>)> {
    use std::collections::BTreeMap;
    fn leaves(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, serde_json::Value>) {
        match v {
            serde_json::Value::Object(o) if !o.is_empty() || prefix.is_empty() => {
                for (k, x) in o {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    leaves(&key, x, out);
                }
            }
            other => {
                out.insert(prefix.to_owned(), other.clone());
            }
        }
    }
    let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
    leaves("", old, &mut a);
    leaves("", new, &mut b);
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| !same_value(a.get(*k), b.get(*k)))
        .map(|k| ((*k).clone(), a.get(k).cloned(), b.get(k).cloned()))
        .collect()
}

/// Whether two stored values are the same, reading numbers as numbers: `3.0` from the
/// database and `3` from the window (JavaScript has one number type) are not a change.
fn same_value(a: Option<&serde_json::Value>, b: Option<&serde_json::Value>) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(Some(p), Some(q)))
        }
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            x.len() == y.len() && x.iter().all(|(k, p)| same_value(Some(p), y.get(k)))
        }
        (x, y) => x == y,
    }
}

#[cfg(test)]
mod variable_change_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_number_written_differently_is_not_a_change() {
        let stored = json!({"chain": {"sites": [{"area_ha": 3.0, "code": "AO01"}]}, "n": 2.0});
        let from_window = json!({"chain": {"sites": [{"area_ha": 3, "code": "AO01"}]}, "n": 2});
        assert!(variable_changes(&stored, &from_window).is_empty());
        let changed = json!({"chain": {"sites": [{"area_ha": 3.5, "code": "AO01"}]}, "n": 2});
        assert_eq!(variable_changes(&stored, &changed).len(), 1);
    }

    #[test]
    fn changes_are_listed_by_dotted_key_with_both_values() {
        let old = json!({"product": {"name": "Tôm", "net_weight": 1}, "lots": [1, 2], "x": "a"});
        let new = json!({"product": {"name": "Tôm sú", "net_weight": 1}, "lots": [1], "y": "b"});
        let c = variable_changes(&old, &new);
        assert_eq!(
            c,
            vec![
                ("lots".into(), Some(json!([1, 2])), Some(json!([1]))),
                (
                    "product.name".into(),
                    Some(json!("Tôm")),
                    Some(json!("Tôm sú"))
                ),
                ("x".into(), Some(json!("a")), None),
                ("y".into(), None, Some(json!("b"))),
            ]
        );
        assert!(variable_changes(&old, &old).is_empty());
    }
}
