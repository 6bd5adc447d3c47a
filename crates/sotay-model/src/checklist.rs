//! The pilot-verification checklist (danh mục kiểm tra, DOMAIN.md §C.2) as shipped in each
//! template's `checklist.toml`, plus the items generated from the handbook's CTE/KDE table.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::verdict::ItemLevel;
use crate::Localized;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ChecklistSection {
    pub id: String,
    pub title: Localized,
}

/// One checklist item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// `S1.1` … `S9.5`; generated items are `S4.1.1`, `S4.1.2`…; an inspector's own `X1`, `X2`…
    pub id: String,
    pub section: String,
    pub level: ItemLevel,
    /// A K item: a MAJOR on it makes the verdict "not effective".
    #[serde(default)]
    pub critical: bool,
    pub text: Localized,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub evidence: Localized,
    /// When a C item applies (else it is answered NA).
    #[serde(default)]
    pub condition: Option<Localized>,
}

/// The item the per-CTE KDE checks generated from the handbook belong to.
pub const KDE_PARENT: &str = "S4.1";

impl ChecklistItem {
    /// The item this one is a sub-check of: the per-CTE KDE checks (`S4.1.1`, `S4.1.2`…) are
    /// sub-checks of S4.1 ("for each CTE, all KDEs are captured"). Sub-checks are answered for
    /// the record; they enter neither the score nor completeness — S4.1's own answer counts.
    pub fn parent(&self) -> Option<&'static str> {
        self.id
            .strip_prefix(KDE_PARENT)
            .and_then(|rest| rest.strip_prefix('.'))
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            .map(|_| KDE_PARENT)
    }
}

/// A template's checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub version: String,
    pub sections: Vec<ChecklistSection>,
    pub items: Vec<ChecklistItem>,
}

impl Checklist {
    /// Adds one item per CTE of the handbook ("KDEs a, b, c are recorded for <event>") under S4,
    /// after S4.1, so the checklist follows the handbook. `ctes` are (event, kdes) pairs.
    pub fn with_cte_items(mut self, ctes: &[(String, String)]) -> Checklist {
        let at = self
            .items
            .iter()
            .position(|i| i.id == "S4.1")
            .map_or(self.items.len(), |p| p + 1);
        let generated: Vec<ChecklistItem> = ctes
            .iter()
            .filter(|(event, kdes)| !event.trim().is_empty() && !kdes.trim().is_empty())
            .enumerate()
            .map(|(n, (event, kdes))| {
                let list = kdes
                    .split([';', '\n'])
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                ChecklistItem {
                    id: format!("S4.1.{}", n + 1),
                    section: "S4".into(),
                    level: ItemLevel::M,
                    critical: false,
                    text: Localized::new(
                        format!(
                            "Các dữ liệu chính {list} được ghi cho sự kiện “{}”",
                            event.trim()
                        ),
                        format!("KDEs {list} are recorded for “{}”", event.trim()),
                    ),
                    source: "Sổ tay, bảng sự kiện trọng yếu / handbook CTE table".into(),
                    evidence: Localized::new(
                        "Đối chiếu các bản ghi của sự kiện với danh mục dữ liệu chính",
                        "Records of the event checked against the KDE list",
                    ),
                    condition: None,
                }
            })
            .collect();
        self.items.splice(at..at, generated);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cte_items_follow_s4_1() {
        let c = Checklist {
            version: "1".into(),
            sections: vec![],
            items: ["S4.1", "S4.2"]
                .iter()
                .map(|id| ChecklistItem {
                    id: (*id).into(),
                    section: "S4".into(),
                    level: ItemLevel::M,
                    critical: false,
                    text: Localized::new("x", "x"),
                    source: String::new(),
                    evidence: Localized::default(),
                    condition: None,
                })
                .collect(),
        }
        .with_cte_items(&[
            (
                "Thu hoạch".into(),
                "mã lô; ngày thu hoạch; khối lượng".into(),
            ),
            ("Không KDE".into(), " ".into()),
        ]);
        let ids: Vec<&str> = c.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["S4.1", "S4.1.1", "S4.2"]);
        assert_eq!(c.items[1].parent(), Some("S4.1"));
        assert_eq!(c.items[0].parent(), None);
        assert_eq!(c.items[2].parent(), None);
        assert!(c.items[1]
            .text
            .vi
            .contains("mã lô, ngày thu hoạch, khối lượng"));
    }
}
