//! Editions and the distribution log.

use rusqlite::{params, OptionalExtension, Row};
use sotay_model::edition::{Edition, IssuedCopy};

use crate::{Store, StoreError};

/// An edition about to be stored, with its snapshot and approval record (JSON).
#[derive(Debug, Clone)]
pub struct NewEdition {
    pub edition: Edition,
    pub snapshot: serde_json::Value,
    pub approval: serde_json::Value,
    /// The paper of its PDF files: "a4" or "a5" (migration 0017).
    pub paper: String,
}

const EDITION_COLUMNS: &str =
    "id, handbook_id, label, date, version, title, created_by, created_at";

fn edition_from_row(r: &Row<'_>) -> rusqlite::Result<Edition> {
    Ok(Edition {
        id: r.get(0)?,
        handbook_id: r.get(1)?,
        label: r.get(2)?,
        date: r.get(3)?,
        version: r.get(4)?,
        title: r.get(5)?,
        created_by: r.get(6)?,
        created_at: r.get(7)?,
    })
}

const COPY_COLUMNS: &str =
    "edition_id, serial, recipient, unit, format, file_name, bytes, sha256, issued_at, note, replaces, kind";

fn copy_from_row(r: &Row<'_>) -> rusqlite::Result<IssuedCopy> {
    Ok(IssuedCopy {
        edition_id: r.get(0)?,
        serial: r.get(1)?,
        recipient: r.get(2)?,
        unit: r.get(3)?,
        format: r.get(4)?,
        file_name: r.get(5)?,
        bytes: r.get(6)?,
        sha256: r.get(7)?,
        issued_at: r.get(8)?,
        note: r.get(9)?,
        replaces: r.get(10)?,
        kind: sotay_model::edition::RecipientKind::ALL
            .into_iter()
            .find(|k| k.as_str() == r.get::<_, String>(11).unwrap_or_default()),
    })
}

impl Store {
    /// Stores an edition and, when `publish` is set, marks the handbook published — together.
    pub fn insert_edition(
        &mut self,
        e: &NewEdition,
        publish_from_approved: bool,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let ed = &e.edition;
            tx.execute(
                "INSERT INTO editions (id, handbook_id, label, date, version, title, snapshot, approval, created_by, created_at, paper)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    ed.id,
                    ed.handbook_id,
                    ed.label,
                    ed.date,
                    ed.version,
                    ed.title,
                    e.snapshot.to_string(),
                    e.approval.to_string(),
                    ed.created_by,
                    ed.created_at,
                    e.paper
                ],
            )?;
            if publish_from_approved {
                tx.execute(
                    "UPDATE handbooks SET status = 'published', updated_at = ?2 WHERE id = ?1 AND status = 'approved'",
                    params![ed.handbook_id, ed.created_at],
                )?;
            }
            Ok(())
        })
    }

    pub fn edition_by_label(
        &self,
        handbook_id: &str,
        label: &str,
    ) -> Result<Option<(Edition, serde_json::Value)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {EDITION_COLUMNS}, snapshot FROM editions WHERE handbook_id = ?1 AND label = ?2"),
                [handbook_id, label],
                |r| {
                    let s: String = r.get(8)?;
                    Ok((edition_from_row(r)?, serde_json::from_str(&s).unwrap_or_default()))
                },
            )
            .optional()?)
    }

    pub fn edition(&self, id: &str) -> Result<(Edition, serde_json::Value), StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {EDITION_COLUMNS}, snapshot FROM editions WHERE id = ?1"),
                [id],
                |r| {
                    let s: String = r.get(8)?;
                    Ok((
                        edition_from_row(r)?,
                        serde_json::from_str(&s).unwrap_or_default(),
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "edition",
                id: id.to_owned(),
            })
    }

    /// The verification address recorded for an edition's QR codes: `None` when none was
    /// recorded (published before 0013), `Some("")` for the offline code.
    pub fn edition_qr_address(&self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT qr_address FROM editions WHERE id = ?1", [id], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()?
            .flatten())
    }

    /// Records the address of an edition's QR codes (`""`: the offline code) unless one is
    /// recorded already.
    pub fn record_edition_qr_address(&mut self, id: &str, address: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE editions SET qr_address = ?2 WHERE id = ?1 AND qr_address IS NULL",
                [id, address],
            )?;
            Ok(())
        })
    }

    /// The paper recorded for an edition's PDF files ("a4", "a5"): `None` when none was
    /// recorded (published before 0017).
    pub fn edition_paper(&self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT paper FROM editions WHERE id = ?1", [id], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()?
            .flatten())
    }

    /// Records the paper of an edition published before 0017, unless one is recorded already.
    pub fn record_edition_paper(&mut self, id: &str, paper: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE editions SET paper = ?2 WHERE id = ?1 AND paper IS NULL",
                [id, paper],
            )?;
            Ok(())
        })
    }

    /// The editions of a handbook, oldest first.
    pub fn editions(&self, handbook_id: &str) -> Result<Vec<Edition>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {EDITION_COLUMNS} FROM editions WHERE handbook_id = ?1 ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map([handbook_id], edition_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records issued copies in one transaction (a copy already logged with the same edition,
    /// serial and format is replaced by the new record only when its hash is the same).
    pub fn log_copies(&mut self, copies: &[(String, IssuedCopy)]) -> Result<(), StoreError> {
        self.write(|tx| {
            for (id, c) in copies {
                tx.execute(
                    "INSERT INTO copies (id, edition_id, serial, recipient, unit, format, file_name, bytes, sha256, issued_at, note, replaces, kind)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                     ON CONFLICT (edition_id, serial, format) DO NOTHING",
                    params![id, c.edition_id, c.serial, c.recipient, c.unit, c.format, c.file_name, c.bytes, c.sha256, c.issued_at, c.note, c.replaces, c.kind.map_or("", |k| k.as_str())],
                )?;
            }
            Ok(())
        })
    }

    /// The distribution log of an edition, by serial.
    pub fn copies(&self, edition_id: &str) -> Result<Vec<IssuedCopy>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COPY_COLUMNS} FROM copies WHERE edition_id = ?1 ORDER BY serial, format"
        ))?;
        let rows = stmt.query_map([edition_id], copy_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Copies whose file has this SHA-256.
    pub fn copies_by_hash(&self, sha256: &str) -> Result<Vec<IssuedCopy>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COPY_COLUMNS} FROM copies WHERE sha256 = ?1 ORDER BY serial"
        ))?;
        let rows = stmt.query_map([sha256], copy_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The highest serial used in an edition.
    pub fn max_serial(&self, edition_id: &str) -> Result<u32, StoreError> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(serial), 0) FROM copies WHERE edition_id = ?1",
            [edition_id],
            |r| r.get(0),
        )?)
    }
}
