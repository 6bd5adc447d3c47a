//! Signatures of an assessment (migration 0010): one per role, replaced when given again.

use rusqlite::params;
use sotay_model::signature::{Drawing, SignatureEvent, SignatureEventKind, SignatureRole};

use crate::{Store, StoreError};

/// A signature as stored: what was signed is `content_sha256`.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureRow {
    pub role: SignatureRole,
    pub name: String,
    pub position: String,
    /// RFC 3339.
    pub signed_at: String,
    pub drawing: Option<Drawing>,
    pub content_sha256: String,
    /// Who recorded it (the app's user).
    pub recorded_by: String,
}

impl Store {
    /// Stores `s` as the signature of its role on `assessment_id`, replacing an earlier one.
    pub fn put_signature(
        &mut self,
        assessment_id: &str,
        s: &SignatureRow,
    ) -> Result<(), StoreError> {
        let drawing = s
            .drawing
            .as_ref()
            .map(|d| serde_json::to_string(d).unwrap_or_default());
        self.write(|tx| {
            tx.execute(
                "INSERT INTO signatures (assessment_id, role, name, position, signed_at, drawing,
                    content_sha256, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (assessment_id, role) DO UPDATE SET name = excluded.name,
                    position = excluded.position, signed_at = excluded.signed_at,
                    drawing = excluded.drawing, content_sha256 = excluded.content_sha256,
                    recorded_by = excluded.recorded_by",
                params![
                    assessment_id,
                    s.role.as_str(),
                    s.name,
                    s.position,
                    s.signed_at,
                    drawing,
                    s.content_sha256,
                    s.recorded_by
                ],
            )?;
            Ok(())
        })
    }

    /// Removes the signature of `role` on `assessment_id`; whether there was one.
    pub fn delete_signature(
        &mut self,
        assessment_id: &str,
        role: SignatureRole,
    ) -> Result<bool, StoreError> {
        self.write(|tx| {
            Ok(tx.execute(
                "DELETE FROM signatures WHERE assessment_id = ?1 AND role = ?2",
                [assessment_id, role.as_str()],
            )? > 0)
        })
    }

    /// Adds a line to an assessment's signature history (migration 0017), numbered after the
    /// last one inside the same write.
    pub fn log_signature_event(
        &mut self,
        assessment_id: &str,
        e: &SignatureEvent,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO signature_history (assessment_id, seq, event, role, name, signed_at, at, by)
                 VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM signature_history WHERE assessment_id = ?1),
                         ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    assessment_id,
                    e.kind.as_str(),
                    e.role.as_str(),
                    e.name,
                    e.signed_at,
                    e.at,
                    e.by
                ],
            )?;
            Ok(())
        })
    }

    /// An assessment's signature history, oldest first.
    pub fn signature_history(
        &self,
        assessment_id: &str,
    ) -> Result<Vec<SignatureEvent>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT event, role, name, signed_at, at, by FROM signature_history
             WHERE assessment_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([assessment_id], |r| {
            let kind: String = r.get(0)?;
            let role: String = r.get(1)?;
            Ok((
                kind,
                role,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, role, name, signed_at, at, by) = row?;
            // The CHECK constraints allow only these names.
            let (Some(kind), Some(role)) = (
                SignatureEventKind::parse(&kind),
                SignatureRole::parse(&role),
            ) else {
                continue;
            };
            out.push(SignatureEvent {
                kind,
                role,
                name,
                signed_at,
                at,
                by,
            });
        }
        Ok(out)
    }

    /// The signatures of an assessment, the team leader's first.
    pub fn signatures(&self, assessment_id: &str) -> Result<Vec<SignatureRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT role, name, position, signed_at, drawing, content_sha256, recorded_by
             FROM signatures WHERE assessment_id = ?1",
        )?;
        let rows = stmt.query_map([assessment_id], |r| {
            let role: String = r.get(0)?;
            let drawing: Option<String> = r.get(4)?;
            Ok((
                role,
                SignatureRow {
                    role: SignatureRole::Leader,
                    name: r.get(1)?,
                    position: r.get(2)?,
                    signed_at: r.get(3)?,
                    drawing: drawing.and_then(|d| serde_json::from_str(&d).ok()),
                    content_sha256: r.get(5)?,
                    recorded_by: r.get(6)?,
                },
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (role, mut s) = row?;
            // The CHECK constraint allows only the two roles.
            let Some(role) = SignatureRole::parse(&role) else {
                continue;
            };
            s.role = role;
            out.push(s);
        }
        out.sort_by_key(|s| s.role);
        Ok(out)
    }
}
