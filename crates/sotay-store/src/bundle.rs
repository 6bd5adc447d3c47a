//! Records for exchange bundles: rows of the whitelisted tables as JSON objects, and a merge by
//! primary key in one transaction (added / unchanged / conflict kept for the user).

use std::collections::BTreeMap;

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{params_from_iter, OptionalExtension};
use serde_json::{Map, Value};

use crate::{Store, StoreError};

/// Tables a bundle may carry, in the order their rows are imported (parents first).
pub const BUNDLE_TABLES: &[&str] = &[
    "handbooks",
    "chapters",
    "revisions",
    "comments",
    "status_changes",
    "handbook_decisions",
    "blobs",
    "attachments",
    "pilot_models",
    "assessments",
    "answers",
    "evidence",
    "trace_tests",
    "trace_lots",
    "findings",
    "actions",
    "signatures",
    "editions",
    "copies",
];

/// Rows by table name.
pub type Records = BTreeMap<String, Vec<Map<String, Value>>>;

/// What an import did (or would do, in a dry run), per table.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct MergePlan {
    pub added: BTreeMap<String, u32>,
    pub updated: BTreeMap<String, u32>,
    pub unchanged: BTreeMap<String, u32>,
    /// (table, primary key) of rows edited on both sides; both versions are kept.
    pub conflicts: Vec<(String, String)>,
}

fn to_json(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        // Blob bytes travel as files in the bundle; the row keeps a marker.
        ValueRef::Blob(_) => Value::String("<blob>".into()),
    }
}

fn to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

/// How an incoming issuing decision meets the one recorded here for the same handbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DecisionMerge {
    /// The same decision (number, date, issuer) for the same version: who recorded it and when
    /// does not make it another one.
    Same,
    /// It issued a later version of the handbook: it replaces ours.
    Newer,
    /// It issued an earlier version: ours stays.
    Older,
    /// Another decision for the same version: a conflict for the user.
    Different,
}

fn decision_merge(names: &[&String], local: &[Value], incoming: &[Value]) -> DecisionMerge {
    let get = |row: &[Value], col: &str| {
        names
            .iter()
            .position(|n| n.as_str() == col)
            .and_then(|i| row.get(i).cloned())
            .unwrap_or(Value::Null)
    };
    let version = |row: &[Value]| get(row, "version").as_i64().unwrap_or(0);
    let (here, there) = (version(local), version(incoming));
    if there > here {
        DecisionMerge::Newer
    } else if there < here {
        DecisionMerge::Older
    } else if ["number", "date", "issuer"]
        .iter()
        .all(|c| get(local, c) == get(incoming, c))
    {
        DecisionMerge::Same
    } else {
        DecisionMerge::Different
    }
}

impl Store {
    /// (column names, primary-key column names) of a whitelisted table.
    fn table_shape(&self, table: &str) -> Result<(Vec<String>, Vec<String>), StoreError> {
        if !BUNDLE_TABLES.contains(&table) {
            return Err(StoreError::Invalid(format!(
                "table {table} cannot travel in a bundle"
            )));
        }
        let mut stmt = self.conn.prepare(&format!("PRAGMA table_info({table})"))?;
        let mut cols: Vec<(String, i64)> = stmt
            .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(5)?)))?
            .collect::<Result<_, _>>()?;
        let columns = cols.iter().map(|c| c.0.clone()).collect();
        cols.retain(|c| c.1 > 0);
        cols.sort_by_key(|c| c.1);
        Ok((columns, cols.into_iter().map(|c| c.0).collect()))
    }

    /// Rows of `table` where `column` is one of `values` (used by the bundle exporter with
    /// column names of its own, never with user input).
    pub fn rows_where(
        &self,
        table: &str,
        column: &str,
        values: &[String],
    ) -> Result<Vec<Map<String, Value>>, StoreError> {
        let (columns, _) = self.table_shape(table)?;
        if !columns.iter().any(|c| c == column) {
            return Err(StoreError::Invalid(format!(
                "{table} has no column {column}"
            )));
        }
        if values.is_empty() {
            return Ok(Vec::new());
        }
        let marks = vec!["?"; values.len()].join(",");
        let mut stmt = self.conn.prepare(&format!(
            "SELECT * FROM {table} WHERE {column} IN ({marks}) ORDER BY rowid"
        ))?;
        let names: Vec<String> = stmt
            .column_names()
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let rows = stmt.query_map(params_from_iter(values.iter()), |r| {
            let mut m = Map::new();
            for (i, n) in names.iter().enumerate() {
                m.insert(n.clone(), to_json(r.get_ref(i)?));
            }
            Ok(m)
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Merges `records` (with blob bytes by SHA-256) in one transaction. With `dry_run` the
    /// transaction is rolled back: the plan says what would happen. Rows whose key exists with
    /// other content are conflicts: the incoming version is kept in `bundle_conflicts`.
    pub fn merge_records(
        &mut self,
        records: &Records,
        blobs: &BTreeMap<String, Vec<u8>>,
        dry_run: bool,
        at: &str,
    ) -> Result<MergePlan, StoreError> {
        let mut shapes = BTreeMap::new();
        for table in records.keys() {
            shapes.insert(table.clone(), self.table_shape(table)?);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // References are checked at the end, all together, for a clear message.
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS bundle_conflicts (
                id TEXT PRIMARY KEY, table_name TEXT NOT NULL, row_key TEXT NOT NULL,
                incoming TEXT NOT NULL, created_at TEXT NOT NULL) STRICT",
        )?;
        let mut plan = MergePlan::default();
        for table in BUNDLE_TABLES.iter().filter(|t| records.contains_key(**t)) {
            let (columns, pk) = &shapes[*table];
            for row in &records[*table] {
                if let Some(unknown) = row.keys().find(|k| !columns.contains(k)) {
                    return Err(StoreError::Invalid(format!(
                        "{table}: unknown column {unknown}"
                    )));
                }
                let key_values: Vec<SqlValue> = pk
                    .iter()
                    .map(|k| to_sql(row.get(k).unwrap_or(&Value::Null)))
                    .collect();
                if key_values.iter().any(|v| matches!(v, SqlValue::Null)) {
                    return Err(StoreError::Invalid(format!(
                        "{table}: a row has no primary key"
                    )));
                }
                let key_text = pk
                    .iter()
                    .map(|k| row.get(k).map(|v| v.to_string()).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("/");
                let cond = pk
                    .iter()
                    .map(|k| format!("{k} = ?"))
                    .collect::<Vec<_>>()
                    .join(" AND ");
                let names: Vec<&String> = row.keys().collect();
                let existing: Option<Vec<Value>> = {
                    let sql = format!(
                        "SELECT {} FROM {table} WHERE {cond}",
                        names
                            .iter()
                            .map(|n| n.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    tx.query_row(&sql, params_from_iter(key_values.iter()), |r| {
                        (0..names.len())
                            .map(|i| r.get_ref(i).map(to_json))
                            .collect::<Result<Vec<_>, _>>()
                    })
                    .optional()?
                };
                let mut values: Vec<SqlValue> =
                    names.iter().map(|n| to_sql(&row[n.as_str()])).collect();
                if *table == "blobs" {
                    // The bytes come from the bundle's blob entries, checked by hash.
                    let sha = row
                        .get("sha256")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    let bytes = blobs.get(sha).ok_or_else(|| {
                        StoreError::Invalid(format!("blob {sha} is missing from the bundle"))
                    })?;
                    if let Some(i) = names.iter().position(|n| *n == "bytes") {
                        values[i] = SqlValue::Blob(bytes.clone());
                    }
                }
                // A signature withdrawn here stays withdrawn: an older bundle that still
                // carries it does not bring it back (the signature history says it went).
                let withdrawn = existing.is_none()
                    && *table == "signatures"
                    && tx
                        .query_row(
                            "SELECT 1 FROM signature_history WHERE assessment_id = ?1 AND role = ?2 AND signed_at = ?3 AND event = 'withdrawn'",
                            rusqlite::params![
                                row.get("assessment_id").and_then(Value::as_str),
                                row.get("role").and_then(Value::as_str),
                                row.get("signed_at").and_then(Value::as_str),
                            ],
                            |_| Ok(()),
                        )
                        .optional()?
                        .is_some();
                match existing {
                    None if withdrawn => {
                        *plan.unchanged.entry((*table).to_owned()).or_default() += 1;
                    }
                    None => {
                        let sql = format!(
                            "INSERT INTO {table} ({}) VALUES ({})",
                            names
                                .iter()
                                .map(|n| n.as_str())
                                .collect::<Vec<_>>()
                                .join(", "),
                            vec!["?"; names.len()].join(", ")
                        );
                        tx.execute(&sql, params_from_iter(values.iter()))?;
                        *plan.added.entry((*table).to_owned()).or_default() += 1;
                    }
                    Some(old) => {
                        let incoming: Vec<Value> =
                            names.iter().map(|n| row[n.as_str()].clone()).collect();
                        // `updated_at` is bookkeeping: a local edit of a child record (an
                        // answer) touches its parent's time, which alone is not a conflict.
                        let same =
                            names
                                .iter()
                                .zip(old.iter().zip(&incoming))
                                .all(|(n, (a, b))| {
                                    n.as_str() == "updated_at"
                                        || a == b
                                        || (a.is_number()
                                            && b.is_number()
                                            && a.as_f64() == b.as_f64())
                                        || a == &Value::String("<blob>".into())
                                });
                        let decision = (*table == "handbook_decisions")
                            .then(|| decision_merge(&names, &old, &incoming));
                        if decision == Some(DecisionMerge::Newer) {
                            // A decision for a later version of the handbook replaces ours.
                            let sql = format!(
                                "UPDATE {table} SET {} WHERE {cond}",
                                names
                                    .iter()
                                    .map(|n| format!("{n} = ?"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            );
                            let params: Vec<SqlValue> =
                                values.iter().cloned().chain(key_values).collect();
                            tx.execute(&sql, params_from_iter(params.iter()))?;
                            *plan.updated.entry((*table).to_owned()).or_default() += 1;
                        } else if same
                            || *table == "blobs"
                            || matches!(decision, Some(DecisionMerge::Same | DecisionMerge::Older))
                        {
                            *plan.unchanged.entry((*table).to_owned()).or_default() += 1;
                        } else {
                            tx.execute(
                                "INSERT OR REPLACE INTO bundle_conflicts (id, table_name, row_key, incoming, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                                rusqlite::params![format!("{table}/{key_text}"), table, key_text, Value::Object(row.clone()).to_string(), at],
                            )?;
                            plan.conflicts.push(((*table).to_owned(), key_text));
                        }
                    }
                }
            }
        }
        // Every reference must resolve once everything is in.
        let broken: Vec<(String, i64, String, i64)> = {
            let mut stmt = tx.prepare("PRAGMA foreign_key_check")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        if let Some((table, _, parent, _)) = broken.first() {
            return Err(StoreError::Invalid(format!(
                "a {table} record refers to a missing {parent} record"
            )));
        }
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        Ok(plan)
    }

    /// The bytes of every blob a set of rows refers to.
    pub fn blobs_for(&self, shas: &[String]) -> Result<BTreeMap<String, Vec<u8>>, StoreError> {
        let mut out = BTreeMap::new();
        for s in shas {
            if let Some(b) = self.blob(s)? {
                out.insert(s.clone(), b);
            }
        }
        Ok(out)
    }

    /// A deterministic dump of every bundle table (tests compare it before and after).
    pub fn dump(&self) -> Result<String, StoreError> {
        let mut out = String::new();
        for table in BUNDLE_TABLES {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))?;
            let n = stmt.column_count();
            let rows = stmt.query_map([], |r| {
                (0..n)
                    .map(|i| r.get_ref(i).map(|v| to_json(v).to_string()))
                    .collect::<Result<Vec<_>, _>>()
            })?;
            for row in rows {
                out.push_str(table);
                out.push('|');
                out.push_str(&row?.join("|"));
                out.push('\n');
            }
        }
        Ok(out)
    }
}

/// A record edited on both sides, kept from an import for the user to resolve.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Conflict {
    pub id: String,
    pub table: String,
    pub key: String,
    /// The local row and the incoming row.
    pub local: Map<String, Value>,
    pub incoming: Map<String, Value>,
}

impl Store {
    /// The conflicts left by imports.
    pub fn conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        let exists: bool = self.conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'bundle_conflicts'",
            [],
            |r| r.get::<_, i64>(0).map(|n| n > 0),
        )?;
        if !exists {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare("SELECT id, table_name, row_key, incoming FROM bundle_conflicts ORDER BY created_at, id")?;
        let rows: Vec<(String, String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for (id, table, key, incoming) in rows {
            let incoming: Map<String, Value> = serde_json::from_str(&incoming).unwrap_or_default();
            let local = self.row_by_key(&table, &incoming)?.unwrap_or_default();
            out.push(Conflict {
                id,
                table,
                key,
                local,
                incoming,
            });
        }
        Ok(out)
    }

    fn row_by_key(
        &self,
        table: &str,
        row: &Map<String, Value>,
    ) -> Result<Option<Map<String, Value>>, StoreError> {
        let (_, pk) = self.table_shape(table)?;
        let cond = pk
            .iter()
            .map(|k| format!("{k} = ?"))
            .collect::<Vec<_>>()
            .join(" AND ");
        let values: Vec<SqlValue> = pk
            .iter()
            .map(|k| to_sql(row.get(k).unwrap_or(&Value::Null)))
            .collect();
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT * FROM {table} WHERE {cond}"))?;
        let names: Vec<String> = stmt
            .column_names()
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        Ok(stmt
            .query_row(params_from_iter(values.iter()), |r| {
                let mut m = Map::new();
                for (i, n) in names.iter().enumerate() {
                    m.insert(n.clone(), to_json(r.get_ref(i)?));
                }
                Ok(m)
            })
            .optional()?)
    }

    /// Resolves a conflict: keep the local version, or take the incoming one (in one transaction).
    pub fn resolve_conflict(&mut self, id: &str, take_incoming: bool) -> Result<(), StoreError> {
        let conflict = self
            .conflicts()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| StoreError::NotFound {
                what: "conflict",
                id: id.to_owned(),
            })?;
        let (columns, pk) = self.table_shape(&conflict.table)?;
        self.write(|tx| {
            if take_incoming {
                let sets: Vec<&String> = conflict
                    .incoming
                    .keys()
                    .filter(|k| columns.contains(k) && !pk.contains(k))
                    .collect();
                let sql = format!(
                    "UPDATE {} SET {} WHERE {}",
                    conflict.table,
                    sets.iter()
                        .map(|k| format!("{k} = ?"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    pk.iter()
                        .map(|k| format!("{k} = ?"))
                        .collect::<Vec<_>>()
                        .join(" AND ")
                );
                let values: Vec<SqlValue> = sets
                    .iter()
                    .map(|k| to_sql(&conflict.incoming[k.as_str()]))
                    .chain(
                        pk.iter()
                            .map(|k| to_sql(conflict.incoming.get(k).unwrap_or(&Value::Null))),
                    )
                    .collect();
                tx.execute(&sql, params_from_iter(values.iter()))?;
            }
            tx.execute("DELETE FROM bundle_conflicts WHERE id = ?1", [id])?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_issuing_decision_merges_by_version_and_by_what_it_says() {
        let cols = [
            "handbook_id",
            "version",
            "number",
            "date",
            "issuer",
            "recorded_by",
            "recorded_at",
        ]
        .map(String::from);
        let names: Vec<&String> = cols.iter().collect();
        let row = |version: i64, number: &str, by: &str| {
            vec![
                json!("h"),
                json!(version),
                json!(number),
                json!("2026-06-10"),
                json!("Giám đốc Sở"),
                json!(by),
                json!(format!("2026-06-1{version}T08:00:00Z")),
            ]
        };
        let here = row(2, "45/QĐ-SKHCN", "Mai");
        // Recorded by someone else at another time, the same decision: not a conflict.
        assert_eq!(
            decision_merge(&names, &here, &row(2, "45/QĐ-SKHCN", "Tùng")),
            DecisionMerge::Same
        );
        assert_eq!(
            decision_merge(&names, &here, &row(2, "46/QĐ-SKHCN", "Mai")),
            DecisionMerge::Different
        );
        assert_eq!(
            decision_merge(&names, &here, &row(3, "50/QĐ-SKHCN", "Mai")),
            DecisionMerge::Newer
        );
        assert_eq!(
            decision_merge(&names, &here, &row(1, "12/QĐ-SKHCN", "Mai")),
            DecisionMerge::Older
        );
    }
}
