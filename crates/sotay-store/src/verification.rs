//! Pilot verification: assessments, answers, evidence, trace tests, findings, corrective actions.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension, Row};
use sotay_model::assessment::{
    ActionStatus, Answer, AssessmentStatus, AssessmentSummary, CorrectiveAction, EvidenceFile,
    Finding,
};
use sotay_model::verdict::{Direction, ItemResult};

use crate::{Store, StoreError};

/// An assessment about to be stored.
#[derive(Debug, Clone)]
pub struct NewAssessment {
    pub id: String,
    pub pilot_id: String,
    pub handbook_id: Option<String>,
    pub handbook_title: String,
    pub handbook_version: u32,
    pub date: String,
    pub lead: String,
    pub team: Vec<String>,
    pub checklist: serde_json::Value,
    pub rules: serde_json::Value,
    pub created_at: String,
}

/// Content to store as a blob.
#[derive(Debug, Clone, Copy)]
pub struct BlobRef<'a> {
    pub sha256: &'a str,
    pub mime: &'a str,
    pub bytes: &'a [u8],
}

/// Stores a blob once, by hash (evidence of assessments and of activities).
pub(crate) fn put_blob(
    tx: &rusqlite::Connection,
    blob: &BlobRef<'_>,
    at: &str,
) -> rusqlite::Result<usize> {
    tx.execute(
        "INSERT INTO blobs (sha256, size, mime, bytes, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (sha256) DO NOTHING",
        params![
            blob.sha256,
            blob.bytes.len() as i64,
            blob.mime,
            blob.bytes,
            at
        ],
    )
}

/// An evidence file about to be stored, with its thumbnail if one was made.
#[derive(Debug, Clone)]
pub struct NewEvidence<'a> {
    pub id: &'a str,
    pub assessment_id: &'a str,
    pub item_id: Option<&'a str>,
    pub action_id: Option<&'a str>,
    pub name: &'a str,
    pub file: BlobRef<'a>,
    pub thumbnail: Option<BlobRef<'a>>,
    pub taken_at: Option<&'a str>,
    pub at: &'a str,
}

/// A stored trace test (before grading).
#[derive(Debug, Clone, PartialEq)]
pub struct TraceRow {
    pub id: String,
    pub direction: Direction,
    pub lot: String,
    pub started: String,
    pub finished: String,
    pub links_expected: u32,
    pub links_found: u32,
    pub input_qty: f64,
    pub accounted_qty: f64,
    pub unit: String,
    pub kde_required: u32,
    pub kde_present: u32,
    pub contradictions: u32,
    pub note: String,
    pub retest_of: Option<String>,
    pub created_at: String,
    pub typos: u32,
    pub explanation: String,
    /// The mass balance's parts (C.3 step 4), in `unit`, when given.
    pub outputs_qty: Option<f64>,
    pub losses_qty: Option<f64>,
    pub stock_qty: Option<f64>,
    pub samples_qty: Option<f64>,
    /// The lots found, in order (stored in `trace_lots`).
    pub lots: Vec<sotay_model::assessment::TraceLot>,
}

/// An assessment as stored: its summary, and the checklist and rules it froze (JSON, read by
/// the use cases; `Null` when the stored text does not parse).
#[derive(Debug, Clone)]
pub struct StoredAssessment {
    pub summary: AssessmentSummary,
    pub checklist: serde_json::Value,
    pub rules: serde_json::Value,
}

/// One answer to store.
#[derive(Debug, Clone)]
pub struct AnswerRow {
    pub item_id: String,
    pub result: ItemResult,
    pub note: String,
    pub reason: String,
}

const ASSESSMENT_COLUMNS: &str =
    "a.id, a.pilot_id, p.name, a.handbook_id, a.handbook_title, a.handbook_version,
    a.status, a.date, a.lead, a.team";

fn assessment_from_row(r: &Row<'_>) -> rusqlite::Result<AssessmentSummary> {
    let status =
        AssessmentStatus::parse(&r.get::<_, String>(6)?).unwrap_or(AssessmentStatus::Planned);
    let team: String = r.get(9)?;
    Ok(AssessmentSummary {
        id: r.get(0)?,
        pilot_id: r.get(1)?,
        pilot_name: r.get(2)?,
        handbook_id: r.get(3)?,
        handbook_title: r.get(4)?,
        handbook_version: r.get(5)?,
        status,
        moves: status.moves(),
        date: r.get(7)?,
        lead: r.get(8)?,
        team: serde_json::from_str(&team).unwrap_or_default(),
    })
}

fn parse_result(s: &str) -> ItemResult {
    ItemResult::parse(s).unwrap_or(ItemResult::Na)
}

fn not_found(what: &'static str, id: &str) -> StoreError {
    StoreError::NotFound {
        what,
        id: id.to_owned(),
    }
}

impl Store {
    pub fn insert_assessment(&mut self, a: &NewAssessment) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO assessments (id, pilot_id, handbook_id, handbook_title, handbook_version, date,
                    lead, team, checklist, rules, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                params![
                    a.id,
                    a.pilot_id,
                    a.handbook_id,
                    a.handbook_title,
                    a.handbook_version,
                    a.date,
                    a.lead,
                    serde_json::to_string(&a.team).unwrap_or_else(|_| "[]".into()),
                    a.checklist.to_string(),
                    a.rules.to_string(),
                    a.created_at
                ],
            )?;
            Ok(())
        })
    }

    /// One assessment with its frozen checklist and rules (as JSON).
    pub fn assessment(&self, id: &str) -> Result<StoredAssessment, StoreError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {ASSESSMENT_COLUMNS}, a.checklist, a.rules FROM assessments a
                     JOIN pilot_models p ON p.id = a.pilot_id WHERE a.id = ?1"
                ),
                [id],
                |r| {
                    let c: String = r.get(10)?;
                    let rules: String = r.get(11)?;
                    Ok(StoredAssessment {
                        summary: assessment_from_row(r)?,
                        checklist: serde_json::from_str(&c).unwrap_or_default(),
                        rules: serde_json::from_str(&rules).unwrap_or_default(),
                    })
                },
            )
            .optional()?
            .ok_or_else(|| not_found("assessment", id))
    }

    /// Assessments, newest first; of one pilot model when given.
    pub fn assessments(
        &self,
        pilot_id: Option<&str>,
    ) -> Result<Vec<AssessmentSummary>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ASSESSMENT_COLUMNS} FROM assessments a JOIN pilot_models p ON p.id = a.pilot_id
             WHERE ?1 IS NULL OR a.pilot_id = ?1 ORDER BY a.date DESC, a.id DESC"
        ))?;
        let rows = stmt.query_map([pilot_id], assessment_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn set_assessment_status(
        &mut self,
        id: &str,
        from: AssessmentStatus,
        to: AssessmentStatus,
        at: &str,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE assessments SET status = ?3, updated_at = ?4 WHERE id = ?1 AND status = ?2",
                params![id, from.as_str(), to.as_str(), at],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!(
                    "assessment {id} is no longer {}",
                    from.as_str()
                )));
            }
            Ok(())
        })
    }

    pub fn set_assessment_checklist(
        &mut self,
        id: &str,
        checklist: &serde_json::Value,
        at: &str,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE assessments SET checklist = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, checklist.to_string(), at],
            )?;
            if n == 0 {
                return Err(not_found("assessment", id));
            }
            Ok(())
        })
    }

    /// Stores answers in one transaction and keeps findings in step: a MINOR or MAJOR answer
    /// opens (or updates) the item's finding; PASS or NA withdraws it. `new_id` makes finding ids.
    pub fn put_answers(
        &mut self,
        assessment_id: &str,
        answers: &[AnswerRow],
        by: &str,
        at: &str,
        new_id: &mut dyn FnMut() -> String,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            for a in answers {
                tx.execute(
                    "INSERT INTO answers (assessment_id, item_id, result, note, reason, answered_by, answered_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (assessment_id, item_id) DO UPDATE SET result = excluded.result,
                        note = excluded.note, reason = excluded.reason, answered_by = excluded.answered_by,
                        answered_at = excluded.answered_at",
                    params![assessment_id, a.item_id, a.result.as_str(), a.note, a.reason, by, at],
                )?;
            }
            let results: Vec<(String, ItemResult)> = answers.iter().map(|a| (a.item_id.clone(), a.result)).collect();
            sync_findings(tx, assessment_id, &results, at, new_id)?;
            tx.execute("UPDATE assessments SET updated_at = ?2 WHERE id = ?1", params![assessment_id, at])?;
            Ok(())
        })
    }

    /// Keeps findings in step with results derived elsewhere (S9.x from trace tests).
    pub fn sync_findings(
        &mut self,
        assessment_id: &str,
        results: &[(String, ItemResult)],
        at: &str,
        new_id: &mut dyn FnMut() -> String,
    ) -> Result<(), StoreError> {
        self.write(|tx| sync_findings(tx, assessment_id, results, at, new_id))
    }

    pub fn answers(&self, assessment_id: &str) -> Result<BTreeMap<String, Answer>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT item_id, result, note, reason, answered_by, answered_at FROM answers WHERE assessment_id = ?1",
        )?;
        let rows = stmt.query_map([assessment_id], |r| {
            let result: String = r.get(1)?;
            Ok((
                r.get::<_, String>(0)?,
                Answer {
                    result: parse_result(&result),
                    note: r.get(2)?,
                    reason: r.get(3)?,
                    by: r.get(4)?,
                    at: r.get(5)?,
                    from_trace_tests: false,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn insert_trace_test(
        &mut self,
        assessment_id: &str,
        t: &TraceRow,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO trace_tests (id, assessment_id, direction, lot, started, finished, links_expected,
                    links_found, input_qty, accounted_qty, unit, kde_required, kde_present, contradictions,
                    note, retest_of, created_at, typos, explanation, outputs_qty, losses_qty, stock_qty,
                    samples_qty)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                    ?18, ?19, ?20, ?21, ?22, ?23)",
                params![
                    t.id,
                    assessment_id,
                    match t.direction {
                        Direction::Backward => "backward",
                        Direction::Forward => "forward",
                    },
                    t.lot,
                    t.started,
                    t.finished,
                    t.links_expected,
                    t.links_found,
                    t.input_qty,
                    t.accounted_qty,
                    t.unit,
                    t.kde_required,
                    t.kde_present,
                    t.contradictions,
                    t.note,
                    t.retest_of,
                    t.created_at,
                    t.typos,
                    t.explanation,
                    t.outputs_qty,
                    t.losses_qty,
                    t.stock_qty,
                    t.samples_qty
                ],
            )?;
            for (i, l) in t.lots.iter().enumerate() {
                tx.execute(
                    "INSERT INTO trace_lots (id, trace_test_id, position, lot, product, quantity, unit, date,
                        from_party, to_party, reference, step)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                    params![
                        format!("{}/{}", t.id, i + 1),
                        t.id,
                        i + 1,
                        l.lot,
                        l.product,
                        l.quantity,
                        l.unit,
                        l.date,
                        l.from,
                        l.to,
                        l.reference,
                        l.step
                    ],
                )?;
            }
            Ok(())
        })
    }

    pub fn trace_tests(&self, assessment_id: &str) -> Result<Vec<TraceRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, direction, lot, started, finished, links_expected, links_found, input_qty, accounted_qty,
                    unit, kde_required, kde_present, contradictions, note, retest_of, created_at,
                    typos, explanation, outputs_qty, losses_qty, stock_qty, samples_qty
             FROM trace_tests WHERE assessment_id = ?1 ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map([assessment_id], |r| {
            let d: String = r.get(1)?;
            Ok(TraceRow {
                id: r.get(0)?,
                direction: if d == "forward" {
                    Direction::Forward
                } else {
                    Direction::Backward
                },
                lot: r.get(2)?,
                started: r.get(3)?,
                finished: r.get(4)?,
                links_expected: r.get(5)?,
                links_found: r.get(6)?,
                input_qty: r.get(7)?,
                accounted_qty: r.get(8)?,
                unit: r.get(9)?,
                kde_required: r.get(10)?,
                kde_present: r.get(11)?,
                contradictions: r.get(12)?,
                note: r.get(13)?,
                retest_of: r.get(14)?,
                created_at: r.get(15)?,
                typos: r.get(16)?,
                explanation: r.get(17)?,
                outputs_qty: r.get(18)?,
                losses_qty: r.get(19)?,
                stock_qty: r.get(20)?,
                samples_qty: r.get(21)?,
                lots: Vec::new(),
            })
        })?;
        let mut tests: Vec<TraceRow> = rows.collect::<Result<_, _>>()?;
        let mut lots = self.conn.prepare(
            "SELECT lot, product, quantity, unit, date, from_party, to_party, reference, step
             FROM trace_lots WHERE trace_test_id = ?1 ORDER BY position",
        )?;
        for t in &mut tests {
            t.lots = lots
                .query_map([&t.id], |r| {
                    Ok(sotay_model::assessment::TraceLot {
                        lot: r.get(0)?,
                        product: r.get(1)?,
                        quantity: r.get(2)?,
                        unit: r.get(3)?,
                        date: r.get(4)?,
                        from: r.get(5)?,
                        to: r.get(6)?,
                        reference: r.get(7)?,
                        step: r.get(8)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
        }
        Ok(tests)
    }

    /// Findings of an assessment with their actions; `today` (YYYY-MM-DD) decides "overdue".
    pub fn findings(&self, assessment_id: &str, today: &str) -> Result<Vec<Finding>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, item_id, severity, description, status FROM findings WHERE assessment_id = ?1 ORDER BY item_id",
        )?;
        let findings: Vec<Finding> = stmt
            .query_map([assessment_id], |r| {
                let sev: String = r.get(2)?;
                Ok(Finding {
                    id: r.get(0)?,
                    item_id: r.get(1)?,
                    severity: parse_result(&sev),
                    description: r.get(3)?,
                    status: r.get(4)?,
                    actions: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::with_capacity(findings.len());
        for mut f in findings {
            f.actions = self.actions_of(&f.id, today)?;
            out.push(f);
        }
        Ok(out)
    }

    /// The assessment a finding belongs to.
    pub fn finding_assessment(&self, finding_id: &str) -> Result<String, StoreError> {
        self.conn
            .query_row(
                "SELECT assessment_id FROM findings WHERE id = ?1",
                [finding_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| not_found("finding", finding_id))
    }

    fn actions_of(
        &self,
        finding_id: &str,
        today: &str,
    ) -> Result<Vec<CorrectiveAction>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, finding_id, description, owner, due, status, verified_by, verified_at, note
             FROM actions WHERE finding_id = ?1 ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map([finding_id], |r| action_from_row(r, today))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn action(&self, id: &str, today: &str) -> Result<CorrectiveAction, StoreError> {
        self.conn
            .query_row(
                "SELECT id, finding_id, description, owner, due, status, verified_by, verified_at, note
                 FROM actions WHERE id = ?1",
                [id],
                |r| action_from_row(r, today),
            )
            .optional()?
            .ok_or_else(|| not_found("corrective action", id))
    }

    #[allow(clippy::too_many_arguments)]
    pub fn insert_action(
        &mut self,
        id: &str,
        finding_id: &str,
        description: &str,
        owner: &str,
        due: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO actions (id, finding_id, description, owner, due, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![id, finding_id, description, owner, due, at],
            )?;
            Ok(())
        })
    }

    pub fn set_action_status(
        &mut self,
        id: &str,
        from: ActionStatus,
        to: ActionStatus,
        by: &str,
        note: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let verified = to == ActionStatus::Verified;
            let n = tx.execute(
                "UPDATE actions SET status = ?3, updated_at = ?4,
                    verified_by = CASE WHEN ?5 THEN ?6 ELSE verified_by END,
                    verified_at = CASE WHEN ?5 THEN ?4 ELSE verified_at END,
                    note = CASE WHEN ?7 = '' THEN note ELSE ?7 END
                 WHERE id = ?1 AND status = ?2",
                params![id, from.as_str(), to.as_str(), at, verified, by, note],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!(
                    "action {id} is no longer {}",
                    from.as_str()
                )));
            }
            Ok(())
        })
    }

    /// Stores an evidence file, its bytes and its thumbnail's (each blob once, by hash).
    pub fn put_evidence(&mut self, e: &NewEvidence<'_>) -> Result<(), StoreError> {
        self.write(|tx| {
            put_blob(tx, &e.file, e.at)?;
            if let Some(thumb) = &e.thumbnail {
                put_blob(tx, thumb, e.at)?;
            }
            tx.execute(
                "INSERT INTO evidence (id, assessment_id, item_id, action_id, name, sha256, taken_at, created_at, thumb_sha256)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    e.id,
                    e.assessment_id,
                    e.item_id,
                    e.action_id,
                    e.name,
                    e.file.sha256,
                    e.taken_at,
                    e.at,
                    e.thumbnail.as_ref().map(|t| t.sha256)
                ],
            )?;
            Ok(())
        })
    }

    /// Evidence of an assessment, oldest first.
    pub fn evidence(&self, assessment_id: &str) -> Result<Vec<EvidenceFile>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, item_id, name, sha256, taken_at, thumb_sha256 IS NOT NULL FROM evidence
             WHERE assessment_id = ?1 ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map([assessment_id], |r| {
            Ok(EvidenceFile {
                id: r.get(0)?,
                item_id: r.get(1)?,
                name: r.get(2)?,
                sha256: r.get(3)?,
                taken_at: r.get(4)?,
                has_thumbnail: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The thumbnail of an evidence file: (MIME type, bytes); none for documents.
    pub fn evidence_thumbnail(&self, id: &str) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let found: Option<Option<(String, Vec<u8>)>> = self
            .conn
            .query_row(
                "SELECT b.mime, b.bytes FROM evidence e LEFT JOIN blobs b ON b.sha256 = e.thumb_sha256
                 WHERE e.id = ?1",
                [id],
                |r| Ok(r.get::<_, Option<String>>(0)?.zip(r.get(1)?)),
            )
            .optional()?;
        found.ok_or_else(|| not_found("evidence", id))
    }

    /// A pilot model by id.
    pub fn pilot(&self, id: &str) -> Result<sotay_model::PilotModel, StoreError> {
        self.list_pilots()?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| not_found("pilot model", id))
    }
}

fn action_from_row(r: &Row<'_>, today: &str) -> rusqlite::Result<CorrectiveAction> {
    let status: String = r.get(5)?;
    let status = ActionStatus::parse(&status).unwrap_or(ActionStatus::Open);
    let due: String = r.get(4)?;
    Ok(CorrectiveAction {
        id: r.get(0)?,
        finding_id: r.get(1)?,
        description: r.get(2)?,
        owner: r.get(3)?,
        overdue: matches!(status, ActionStatus::Open | ActionStatus::InProgress)
            && due.as_str() < today,
        due,
        status,
        verified_by: r.get(6)?,
        verified_at: r.get(7)?,
        note: r.get(8)?,
    })
}

fn sync_findings(
    tx: &rusqlite::Connection,
    assessment_id: &str,
    results: &[(String, ItemResult)],
    at: &str,
    new_id: &mut dyn FnMut() -> String,
) -> Result<(), StoreError> {
    for (item, result) in results {
        match result {
            ItemResult::Minor | ItemResult::Major => {
                let severity = result.as_str();
                let existing: Option<String> = tx
                    .query_row(
                        "SELECT id FROM findings WHERE assessment_id = ?1 AND item_id = ?2",
                        [assessment_id, item],
                        |r| r.get(0),
                    )
                    .optional()?;
                match existing {
                    Some(id) => {
                        tx.execute(
                            "UPDATE findings SET severity = ?2, status = 'open' WHERE id = ?1",
                            [&id, severity],
                        )?;
                    }
                    None => {
                        tx.execute(
                            "INSERT INTO findings (id, assessment_id, item_id, severity, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                            params![new_id(), assessment_id, item, severity, at],
                        )?;
                    }
                }
            }
            ItemResult::Pass | ItemResult::Na => {
                tx.execute(
                    "UPDATE findings SET status = 'withdrawn' WHERE assessment_id = ?1 AND item_id = ?2",
                    [assessment_id, item],
                )?;
            }
        }
    }
    Ok(())
}
