//! What the window shows of exchange bundles: an import's plan as one row per record type, and a
//! conflict as its fields side by side (local and incoming), marking those that differ.

use serde_json::{Map, Value};
use sotay_store::{Conflict, BUNDLE_TABLES};

use crate::ImportReport;

/// One record type (store table) of an import's plan.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct BundleTableCount {
    /// The store table, e.g. `answers`; the UI names it in the user's language.
    pub table: String,
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub conflicts: u32,
}

/// An import (or a dry run) as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct BundleImport {
    /// `handbook`, `edition` or `assessment`.
    pub kind: String,
    pub dry_run: bool,
    /// Record types in import order (parents first); only those the bundle carries.
    pub tables: Vec<BundleTableCount>,
    /// The keys of the records in conflict, `(table, key)`.
    pub conflicts: Vec<(String, String)>,
}

impl From<&ImportReport> for BundleImport {
    fn from(r: &ImportReport) -> Self {
        let plan = &r.plan;
        let count =
            |m: &std::collections::BTreeMap<String, u32>, t: &str| m.get(t).copied().unwrap_or(0);
        let tables = BUNDLE_TABLES
            .iter()
            .map(|t| BundleTableCount {
                table: (*t).to_owned(),
                added: count(&plan.added, t),
                updated: count(&plan.updated, t),
                unchanged: count(&plan.unchanged, t),
                conflicts: plan.conflicts.iter().filter(|(ct, _)| ct == t).count() as u32,
            })
            .filter(|c| c.added + c.updated + c.unchanged + c.conflicts > 0)
            .collect();
        BundleImport {
            kind: r.kind.clone(),
            dry_run: r.dry_run,
            tables,
            conflicts: plan
                .conflicts
                .iter()
                .map(|(t, k)| (t.clone(), key_text(k)))
                .collect(),
        }
    }
}

/// One column of a record in conflict: its value here and in the bundle (`None` = empty/absent).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ConflictField {
    pub name: String,
    pub local: Option<String>,
    pub incoming: Option<String>,
    pub differs: bool,
}

/// What to do with a record edited on both sides: keep the version here or take the bundle's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum ConflictChoice {
    Local,
    Incoming,
}

/// The handbook or assessment a record in conflict belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum ConflictOwnerKind {
    Handbook,
    Assessment,
}

/// Where a conflict is found besides the exchange area: under its handbook or assessment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ConflictOwner {
    pub kind: ConflictOwnerKind,
    pub id: String,
}

/// A record edited on both sides, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct BundleConflict {
    pub id: String,
    pub table: String,
    /// The record's key, readable: `S1.1` rather than `"0193…"/"S1.1"` when a part names it.
    pub key: String,
    /// What the record is, in words: "S4.2 · the item's text" for an answer, a finding or a
    /// photo; a chapter's title; a trace test's lot; an edition's label. Empty when the key
    /// says it already.
    pub subject: String,
    /// The handbook or assessment it belongs to (none for a pilot model or a stored file).
    pub owner: Option<ConflictOwner>,
    /// Every column of the record: those that differ first, then the others; each group in the
    /// incoming row's order, then any column only the local row has.
    pub fields: Vec<ConflictField>,
}

/// `"a"/"S1.1"` → `a / S1.1`.
fn key_text(key: &str) -> String {
    key.split('/')
        .map(|p| p.trim_matches('"'))
        .collect::<Vec<_>>()
        .join(" / ")
}

fn shown(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The readable name of a record: its title, name, item or label when it has one, else its key.
fn record_name(row: &Map<String, Value>, key: &str) -> String {
    ["item_id", "title", "name", "label", "serial"]
        .iter()
        .find_map(|k| row.get(*k).and_then(Value::as_str))
        .map_or_else(|| key_text(key), str::to_owned)
}

impl From<&Conflict> for BundleConflict {
    fn from(c: &Conflict) -> Self {
        let mut names: Vec<&String> = c.incoming.keys().collect();
        names.extend(c.local.keys().filter(|k| !c.incoming.contains_key(*k)));
        let mut fields: Vec<ConflictField> = names
            .into_iter()
            .map(|n| {
                let (l, i) = (c.local.get(n), c.incoming.get(n));
                ConflictField {
                    name: n.clone(),
                    local: shown(l),
                    incoming: shown(i),
                    differs: l != i,
                }
            })
            .collect();
        // What differs first: that is what the user decides on.
        fields.sort_by_key(|f| !f.differs);
        BundleConflict {
            id: c.id.clone(),
            table: c.table.clone(),
            key: record_name(&c.incoming, &c.key),
            subject: String::new(),
            owner: None,
            fields,
        }
    }
}

/// A text column of a conflict's row (the incoming one, else the local one).
fn column<'a>(c: &'a Conflict, name: &str) -> Option<&'a str> {
    c.incoming
        .get(name)
        .or_else(|| c.local.get(name))
        .and_then(Value::as_str)
}

/// An issuing decision in conflict, in words: "Quyết định số 45/QĐ-SKHCN ngày 10/06/2026 (phiên
/// bản 2)" — the incoming one; the fields show both.
fn decision_words(c: &Conflict, lang: sotay_model::Lang) -> String {
    let number = column(c, "number").unwrap_or_default();
    let date = column(c, "date")
        .and_then(sotay_model::admin::ymd)
        .map(|(y, m, d)| format!("{d:02}/{m:02}/{y}"))
        .unwrap_or_default();
    let version = c
        .incoming
        .get("version")
        .and_then(Value::as_i64)
        .unwrap_or_default();
    match lang {
        sotay_model::Lang::Vi => {
            format!("Quyết định số {number} ngày {date} (phiên bản {version})")
        }
        sotay_model::Lang::En => format!("Decision No. {number} of {date} (revision {version})"),
    }
}

impl crate::Workspace {
    /// The conflicts left by imports, each named by what it is and placed under its handbook or
    /// assessment.
    pub fn conflict_views(&self) -> Result<Vec<BundleConflict>, crate::Error> {
        let lang = self.lang()?;
        let conflicts = self.store.conflicts()?;
        let mut items: std::collections::HashMap<
            String,
            Vec<sotay_model::checklist::ChecklistItem>,
        > = Default::default();
        let mut out = Vec::with_capacity(conflicts.len());
        for c in &conflicts {
            let mut view = BundleConflict::from(c);
            let one = |table: &str, col: &str, id: &str| -> Option<Map<String, Value>> {
                self.store
                    .rows_where(table, col, &[id.to_owned()])
                    .ok()?
                    .into_iter()
                    .next()
            };
            let text = |row: &Map<String, Value>, k: &str| {
                row.get(k).and_then(Value::as_str).map(str::to_owned)
            };
            use ConflictOwnerKind::{Assessment, Handbook};
            let owner: Option<(ConflictOwnerKind, String)> = match c.table.as_str() {
                "handbooks" => column(c, "id").map(|id| (Handbook, id.to_owned())),
                "assessments" => column(c, "id").map(|id| (Assessment, id.to_owned())),
                "chapters" | "revisions" | "comments" | "status_changes" | "attachments"
                | "editions" | "handbook_decisions" => {
                    column(c, "handbook_id").map(|id| (Handbook, id.to_owned()))
                }
                "answers" | "evidence" | "trace_tests" | "findings" | "signatures" => {
                    column(c, "assessment_id").map(|id| (Assessment, id.to_owned()))
                }
                "copies" => column(c, "edition_id")
                    .and_then(|e| one("editions", "id", e))
                    .and_then(|e| text(&e, "handbook_id"))
                    .map(|id| (Handbook, id)),
                "trace_lots" => column(c, "trace_test_id")
                    .and_then(|t| one("trace_tests", "id", t))
                    .and_then(|t| text(&t, "assessment_id"))
                    .map(|id| (Assessment, id)),
                "actions" => column(c, "finding_id")
                    .and_then(|f| self.store.finding_assessment(f).ok())
                    .map(|id| (Assessment, id)),
                _ => None,
            };
            // What it is, in words.
            let item_id = match c.table.as_str() {
                "answers" | "evidence" | "findings" => column(c, "item_id").map(str::to_owned),
                "actions" => column(c, "finding_id")
                    .and_then(|f| one("findings", "id", f))
                    .and_then(|f| text(&f, "item_id")),
                _ => None,
            };
            view.subject = match (&owner, item_id) {
                (Some((Assessment, a)), Some(item)) => {
                    if !items.contains_key(a) {
                        let list = self
                            .checklist_and_rules(a)
                            .map(|(_, c, _)| c.items)
                            .unwrap_or_default();
                        items.insert(a.clone(), list);
                    }
                    let found = items[a].iter().find(|i| i.id == item);
                    match found {
                        Some(i) => format!("{item} · {}", i.text.get(lang)),
                        None => item,
                    }
                }
                _ => match c.table.as_str() {
                    "chapters" | "handbooks" => column(c, "title").unwrap_or_default().to_owned(),
                    "revisions" => column(c, "chapter_title").unwrap_or_default().to_owned(),
                    "comments" => column(c, "chapter_id")
                        .and_then(|ch| one("chapters", "id", ch))
                        .and_then(|ch| text(&ch, "title"))
                        .unwrap_or_default(),
                    "trace_tests" | "trace_lots" => column(c, "lot").unwrap_or_default().to_owned(),
                    "editions" => column(c, "label").unwrap_or_default().to_owned(),
                    "copies" => column(c, "recipient").unwrap_or_default().to_owned(),
                    "signatures" => column(c, "name").unwrap_or_default().to_owned(),
                    "handbook_decisions" => decision_words(c, lang),
                    _ => String::new(),
                },
            };
            view.owner = owner.map(|(kind, id)| ConflictOwner { kind, id });
            out.push(view);
        }
        Ok(out)
    }

    /// The open conflicts of one handbook or assessment (by id).
    pub fn record_conflicts(
        &self,
        kind: ConflictOwnerKind,
        id: &str,
    ) -> Result<Vec<BundleConflict>, crate::Error> {
        Ok(self
            .conflict_views()?
            .into_iter()
            .filter(|c| {
                c.owner
                    .as_ref()
                    .is_some_and(|o| o.kind == kind && o.id == id)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn a_conflict_lists_every_field_and_marks_those_that_differ() {
        let c = Conflict {
            id: "answers/\"a1\"/\"S1.1\"".into(),
            table: "answers".into(),
            key: "\"a1\"/\"S1.1\"".into(),
            local: obj(
                json!({"assessment_id": "a1", "item_id": "S1.1", "result": "minor", "note": "", "extra": 1}),
            ),
            incoming: obj(
                json!({"assessment_id": "a1", "item_id": "S1.1", "result": "pass", "note": null}),
            ),
        };
        let v = BundleConflict::from(&c);
        assert_eq!(v.key, "S1.1");
        let f = |n: &str| v.fields.iter().find(|f| f.name == n).unwrap().clone();
        assert!(!f("item_id").differs);
        assert!(f("result").differs);
        assert_eq!(f("result").local.as_deref(), Some("minor"));
        assert_eq!(f("result").incoming.as_deref(), Some("pass"));
        assert_eq!(f("note").incoming, None);
        assert_eq!(f("extra").local.as_deref(), Some("1"));
        // Those that differ first (the order within each group follows serde_json's maps).
        let differs: Vec<bool> = v.fields.iter().map(|f| f.differs).collect();
        assert_eq!(differs, [true, true, true, false, false]);
    }

    #[test]
    fn keys_without_a_name_are_shown_without_quotes() {
        assert_eq!(key_text("\"a1\"/\"S1.1\""), "a1 / S1.1");
        assert_eq!(record_name(&Map::new(), "\"x\""), "x");
    }
}
