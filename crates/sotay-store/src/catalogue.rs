//! The key-product catalogue (migration 0012): proposals and their scores, roadmap milestones
//! and the portal-readiness facts of a product or pilot.

use rusqlite::{params, OptionalExtension};
use sotay_model::catalogue::{MilestoneKind, ProductStatus};

use crate::{Store, StoreError};

/// A key product as stored (scores apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyProductRow {
    pub id: String,
    pub name: String,
    pub proposed_by: String,
    pub reasons: String,
    pub status: ProductStatus,
    pub decision_number: String,
    pub decision_date: String,
    pub handbook_id: Option<String>,
    pub created_by: String,
    pub created_at: String,
}

/// A roadmap milestone as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneRow {
    pub id: String,
    pub product_id: String,
    pub year: i32,
    pub kind: MilestoneKind,
    pub target: u32,
    pub note: String,
    pub created_at: String,
}

/// The readiness facts of a product (`pilot_id` empty) or a pilot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadinessRow {
    pub product_id: String,
    pub pilot_id: String,
    pub company_prefix: String,
    pub gtins: Vec<String>,
    pub glns: Vec<String>,
    pub carrier: String,
    pub image: String,
    pub registered: bool,
    pub portal_id: String,
    pub updated_at: String,
}

fn json_list(s: String) -> Vec<String> {
    serde_json::from_str(&s).unwrap_or_default()
}

impl Store {
    pub fn insert_key_product(&mut self, p: &KeyProductRow) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO key_products (id, name, proposed_by, reasons, status, decision_number,
                                           decision_date, handbook_id, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    p.id,
                    p.name,
                    p.proposed_by,
                    p.reasons,
                    p.status.as_str(),
                    p.decision_number,
                    p.decision_date,
                    p.handbook_id,
                    p.created_by,
                    p.created_at
                ],
            )?;
            Ok(())
        })
    }

    /// Every key product, in the order they were proposed.
    pub fn key_products(&self) -> Result<Vec<KeyProductRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, proposed_by, reasons, status, decision_number, decision_date,
                    handbook_id, created_by, created_at
             FROM key_products ORDER BY created_at, rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            let status: String = r.get(4)?;
            Ok(KeyProductRow {
                id: r.get(0)?,
                name: r.get(1)?,
                proposed_by: r.get(2)?,
                reasons: r.get(3)?,
                status: ProductStatus::parse(&status).unwrap_or(ProductStatus::Proposed),
                decision_number: r.get(5)?,
                decision_date: r.get(6)?,
                handbook_id: r.get(7)?,
                created_by: r.get(8)?,
                created_at: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every score: (product, criterion, score).
    pub fn key_product_scores(&self) -> Result<Vec<(String, String, u8)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT product_id, criterion, score FROM key_product_scores")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Sets (or replaces) the scores of one product.
    pub fn set_key_product_scores(
        &mut self,
        product_id: &str,
        scores: &[(String, u8)],
        by: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            for (criterion, score) in scores {
                tx.execute(
                    "INSERT INTO key_product_scores (product_id, criterion, score, scored_by, scored_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (product_id, criterion)
                     DO UPDATE SET score = excluded.score, scored_by = excluded.scored_by,
                                   scored_at = excluded.scored_at",
                    params![product_id, criterion, score, by, at],
                )?;
            }
            Ok(())
        })
    }

    /// Marks products issued under a decision.
    pub fn issue_key_products(
        &mut self,
        ids: &[String],
        number: &str,
        date: &str,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            for id in ids {
                tx.execute(
                    "UPDATE key_products SET status = 'issued', decision_number = ?2, decision_date = ?3
                     WHERE id = ?1",
                    params![id, number, date],
                )?;
            }
            Ok(())
        })
    }

    /// Links (or unlinks) the handbook written for a product.
    pub fn set_key_product_handbook(
        &mut self,
        id: &str,
        handbook_id: Option<&str>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE key_products SET handbook_id = ?2 WHERE id = ?1",
                params![id, handbook_id],
            )?;
            Ok(())
        })
    }

    pub fn insert_milestone(&mut self, m: &MilestoneRow) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO roadmap_milestones (id, product_id, year, kind, target, note, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    m.id,
                    m.product_id,
                    m.year,
                    m.kind.as_str(),
                    m.target,
                    m.note,
                    m.created_at
                ],
            )?;
            Ok(())
        })
    }

    /// A product's milestones by year, then handbook, pilot, replication, portal, then entry.
    pub fn milestones(&self, product_id: &str) -> Result<Vec<MilestoneRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, product_id, year, kind, target, note, created_at FROM roadmap_milestones
             WHERE product_id = ?1
             ORDER BY year,
                      CASE kind WHEN 'handbook' THEN 1 WHEN 'pilot' THEN 2
                                WHEN 'replication' THEN 3 ELSE 4 END,
                      created_at, rowid",
        )?;
        let rows = stmt.query_map([product_id], |r| {
            let kind: String = r.get(3)?;
            Ok(MilestoneRow {
                id: r.get(0)?,
                product_id: r.get(1)?,
                year: r.get(2)?,
                kind: MilestoneKind::parse(&kind).unwrap_or(MilestoneKind::Handbook),
                target: r.get(4)?,
                note: r.get(5)?,
                created_at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn readiness_row(
        &self,
        product_id: &str,
        pilot_id: &str,
    ) -> Result<Option<ReadinessRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT company_prefix, gtins, glns, carrier, image, registered, portal_id, updated_at
                 FROM portal_readiness WHERE product_id = ?1 AND pilot_id = ?2",
                params![product_id, pilot_id],
                |r| {
                    Ok(ReadinessRow {
                        product_id: product_id.to_owned(),
                        pilot_id: pilot_id.to_owned(),
                        company_prefix: r.get(0)?,
                        gtins: json_list(r.get(1)?),
                        glns: json_list(r.get(2)?),
                        carrier: r.get(3)?,
                        image: r.get(4)?,
                        registered: r.get::<_, i64>(5)? != 0,
                        portal_id: r.get(6)?,
                        updated_at: r.get(7)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn upsert_readiness(&mut self, r: &ReadinessRow) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO portal_readiness (product_id, pilot_id, company_prefix, gtins, glns, carrier,
                                               image, registered, portal_id, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (product_id, pilot_id) DO UPDATE SET
                    company_prefix = excluded.company_prefix, gtins = excluded.gtins,
                    glns = excluded.glns, carrier = excluded.carrier, image = excluded.image,
                    registered = excluded.registered, portal_id = excluded.portal_id,
                    updated_at = excluded.updated_at",
                params![
                    r.product_id,
                    r.pilot_id,
                    r.company_prefix,
                    serde_json::to_string(&r.gtins).unwrap_or_else(|_| "[]".into()),
                    serde_json::to_string(&r.glns).unwrap_or_else(|_| "[]".into()),
                    r.carrier,
                    r.image,
                    i64::from(r.registered),
                    r.portal_id,
                    r.updated_at
                ],
            )?;
            Ok(())
        })
    }
}
