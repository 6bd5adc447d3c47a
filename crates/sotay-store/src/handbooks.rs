//! Handbooks and their chapters.

use rusqlite::{params, OptionalExtension, Row};
use sotay_model::{Chapter, ChapterLevel, Handbook, HandbookStatus, HandbookSummary, NewHandbook};

use crate::{Store, StoreError};

const SUMMARY_COLUMNS: &str = "h.id, h.title, h.product, h.template_id, h.status, h.updated_at,
     (SELECT count(*) FROM chapters c WHERE c.handbook_id = h.id), h.version";

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<HandbookSummary> {
    let status = HandbookStatus::parse(&row.get::<_, String>(4)?).unwrap_or_default();
    Ok(HandbookSummary {
        id: row.get(0)?,
        title: row.get(1)?,
        product: row.get(2)?,
        template_id: row.get(3)?,
        status,
        moves: status.moves(),
        updated_at: row.get(5)?,
        chapter_count: row.get(6)?,
        version: row.get(7)?,
    })
}

impl Store {
    /// Stores a new handbook and its chapters in one transaction.
    pub fn insert_handbook(&mut self, h: &NewHandbook) -> Result<(), StoreError> {
        self.write(|tx| insert_handbook(tx, h))
    }

    /// All handbooks, most recently changed first.
    pub fn list_handbooks(&self) -> Result<Vec<HandbookSummary>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM handbooks h ORDER BY h.updated_at DESC, h.title"
        ))?;
        let rows = stmt.query_map([], summary_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The ids of the handbooks whose title is exactly `title`.
    pub fn handbook_ids_by_title(&self, title: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM handbooks WHERE title = ?1 ORDER BY id")?;
        let rows = stmt.query_map([title], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One handbook with its variables and chapters, or [`StoreError::NotFound`].
    pub fn handbook(&self, id: &str) -> Result<Handbook, StoreError> {
        let found = self
            .conn
            .query_row(
                &format!("SELECT {SUMMARY_COLUMNS}, h.variables FROM handbooks h WHERE h.id = ?1"),
                [id],
                |row| Ok((summary_from_row(row)?, row.get::<_, String>(8)?)),
            )
            .optional()?;
        let Some((summary, variables)) = found else {
            return Err(StoreError::NotFound {
                what: "handbook",
                id: id.to_owned(),
            });
        };
        let variables = serde_json::from_str(&variables)
            .map_err(|e| StoreError::Invalid(format!("handbook {id} variables: {e}")))?;
        let mut stmt = self.conn.prepare(
            "SELECT id, key, position, title, level, source FROM chapters
             WHERE handbook_id = ?1 ORDER BY position",
        )?;
        let chapters = stmt
            .query_map([id], |r| {
                let level: String = r.get(4)?;
                Ok(Chapter {
                    id: r.get(0)?,
                    key: r.get(1)?,
                    position: r.get(2)?,
                    title: r.get(3)?,
                    level: ChapterLevel::parse(&level).unwrap_or_default(),
                    source: r.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Handbook {
            summary,
            variables,
            chapters,
        })
    }
}

pub(crate) fn insert_handbook(
    tx: &rusqlite::Connection,
    h: &NewHandbook,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO handbooks
                   (id, title, product, template_id, template_version, status, variables,
                    created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'draft', ?6, ?7, ?7)",
        params![
            h.id,
            h.title,
            h.product,
            h.template_id,
            h.template_version,
            h.variables.to_string(),
            h.created_at
        ],
    )?;
    let mut insert = tx.prepare(
        "INSERT INTO chapters (id, handbook_id, key, position, title, level, source, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (position, c) in h.chapters.iter().enumerate() {
        insert.execute(params![
            c.id,
            h.id,
            c.key,
            position as u32 + 1,
            c.title,
            c.level.as_str(),
            c.source,
            h.created_at
        ])?;
        let revision_id = format!("{}-r1", c.id);
        crate::authoring::insert_revision(
            tx,
            &h.id,
            &c.id,
            &c.key,
            &c.title,
            sotay_model::RevisionKind::Create,
            &c.source,
            "",
            &crate::authoring::Stamp {
                id: &revision_id,
                author: &h.author,
                at: &h.created_at,
            },
        )?;
    }
    Ok(())
}

/// The decision recorded on a handbook (migration 0014).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRow {
    /// The handbook version it issued.
    pub version: u32,
    pub decision: sotay_model::admin::IssuingDecision,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl Store {
    /// The decision that issued the handbook, if one was recorded.
    pub fn handbook_decision(&self, handbook_id: &str) -> Result<Option<DecisionRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT version, number, date, issuer, recorded_by, recorded_at
                 FROM handbook_decisions WHERE handbook_id = ?1",
                [handbook_id],
                |r| {
                    Ok(DecisionRow {
                        version: r.get(0)?,
                        decision: sotay_model::admin::IssuingDecision {
                            number: r.get(1)?,
                            date: r.get(2)?,
                            issuer: r.get(3)?,
                        },
                        recorded_by: r.get(4)?,
                        recorded_at: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Records (or replaces) the decision that issued the handbook, in one transaction.
    pub fn set_handbook_decision(
        &mut self,
        handbook_id: &str,
        row: &DecisionRow,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO handbook_decisions
                   (handbook_id, version, number, date, issuer, recorded_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (handbook_id) DO UPDATE SET
                   version = excluded.version, number = excluded.number, date = excluded.date,
                   issuer = excluded.issuer, recorded_by = excluded.recorded_by,
                   recorded_at = excluded.recorded_at",
                params![
                    handbook_id,
                    row.version,
                    row.decision.number,
                    row.decision.date,
                    row.decision.issuer,
                    row.recorded_by,
                    row.recorded_at
                ],
            )?;
            Ok(())
        })
    }
}
