//! Authoring: chapter edits as revisions, chapter structure, the workflow's history, review
//! comments, variables, and attachments stored by content hash. Every write is one transaction.

use rusqlite::{params, OptionalExtension, Row};
use sotay_model::{
    Comment, CommentStatus, HandbookStatus, NewChapter, RevisionDetail, RevisionKind,
    RevisionSummary, StatusChange, TextAnchor,
};

use crate::{Store, StoreError};

/// A handbook's name for a stored file (an image, a logo), with the blob's size and type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub sha256: String,
    pub size: u64,
    pub mime: String,
}

/// Who, when, and the new record's id: what every write of an edit needs.
#[derive(Debug, Clone)]
pub struct Stamp<'a> {
    pub id: &'a str,
    pub author: &'a str,
    /// RFC 3339, UTC.
    pub at: &'a str,
}

const REVISION_COLUMNS: &str =
    "id, number, chapter_id, chapter_key, chapter_title, kind, author, message, created_at";

fn revision_from_row(r: &Row<'_>) -> rusqlite::Result<RevisionSummary> {
    let kind: String = r.get(5)?;
    Ok(RevisionSummary {
        id: r.get(0)?,
        number: r.get(1)?,
        chapter_id: r.get(2)?,
        chapter_key: r.get(3)?,
        chapter_title: r.get(4)?,
        kind: RevisionKind::parse(&kind).unwrap_or(RevisionKind::Edit),
        author: r.get(6)?,
        message: r.get(7)?,
        created_at: r.get(8)?,
    })
}

const COMMENT_COLUMNS: &str =
    "id, chapter_id, author, body, status, created_at, resolved_by, resolved_at,
     anchor_quote, anchor_prefix, anchor_suffix, anchor_start, anchor_end, anchor_revision";

fn comment_from_row(r: &Row<'_>) -> rusqlite::Result<Comment> {
    let status: String = r.get(4)?;
    Ok(Comment {
        id: r.get(0)?,
        chapter_id: r.get(1)?,
        author: r.get(2)?,
        body: r.get(3)?,
        status: if status == "resolved" {
            CommentStatus::Resolved
        } else {
            CommentStatus::Open
        },
        created_at: r.get(5)?,
        resolved_by: r.get(6)?,
        resolved_at: r.get(7)?,
        anchor: match r.get::<_, Option<String>>(8)? {
            Some(quote) => Some(TextAnchor {
                quote,
                prefix: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
                suffix: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
                start: r.get::<_, Option<u32>>(11)?.unwrap_or_default(),
                end: r.get::<_, Option<u32>>(12)?.unwrap_or_default(),
                revision: r.get::<_, Option<u32>>(13)?.unwrap_or_default(),
            }),
            None => None,
        },
    })
}

/// The chapter as stored now: (key, title, source, position).
fn chapter_row(
    tx: &rusqlite::Connection,
    handbook_id: &str,
    chapter_id: &str,
) -> Result<(String, String, String, u32), StoreError> {
    tx.query_row(
        "SELECT key, title, source, position FROM chapters WHERE id = ?1 AND handbook_id = ?2",
        [chapter_id, handbook_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        what: "chapter",
        id: chapter_id.to_owned(),
    })
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_revision(
    tx: &rusqlite::Connection,
    handbook_id: &str,
    chapter_id: &str,
    chapter_key: &str,
    chapter_title: &str,
    kind: RevisionKind,
    source: &str,
    message: &str,
    stamp: &Stamp<'_>,
) -> Result<RevisionSummary, StoreError> {
    let number: u32 = tx.query_row(
        "SELECT coalesce(max(number), 0) + 1 FROM revisions WHERE handbook_id = ?1",
        [handbook_id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO revisions (id, handbook_id, number, chapter_id, chapter_key, chapter_title,
                                kind, source, author, message, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            stamp.id,
            handbook_id,
            number,
            chapter_id,
            chapter_key,
            chapter_title,
            kind.as_str(),
            source,
            stamp.author,
            message,
            stamp.at
        ],
    )?;
    Ok(RevisionSummary {
        id: stamp.id.to_owned(),
        number,
        chapter_id: chapter_id.to_owned(),
        chapter_key: chapter_key.to_owned(),
        chapter_title: chapter_title.to_owned(),
        kind,
        author: stamp.author.to_owned(),
        message: message.to_owned(),
        created_at: stamp.at.to_owned(),
    })
}

fn touch(tx: &rusqlite::Connection, handbook_id: &str, at: &str) -> Result<(), StoreError> {
    let n = tx.execute(
        "UPDATE handbooks SET updated_at = ?2 WHERE id = ?1",
        [handbook_id, at],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound {
            what: "handbook",
            id: handbook_id.to_owned(),
        });
    }
    Ok(())
}

/// Renumbers positions 1..n in the current order, moving `moved` (if any) to `to`.
fn reposition(
    tx: &rusqlite::Connection,
    handbook_id: &str,
    moved: Option<(&str, u32)>,
) -> Result<(), StoreError> {
    let mut ids: Vec<String> = {
        let mut stmt =
            tx.prepare("SELECT id FROM chapters WHERE handbook_id = ?1 ORDER BY position, id")?;
        let rows = stmt.query_map([handbook_id], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    if let Some((id, to)) = moved {
        if let Some(from) = ids.iter().position(|x| x == id) {
            let item = ids.remove(from);
            let to = (to.max(1) as usize - 1).min(ids.len());
            ids.insert(to, item);
        }
    }
    // Two passes so the (handbook_id, position) order never collides mid-update.
    for (i, id) in ids.iter().enumerate() {
        tx.execute(
            "UPDATE chapters SET position = ?2 WHERE id = ?1",
            params![id, -(i as i64) - 1],
        )?;
    }
    tx.execute(
        "UPDATE chapters SET position = -position WHERE handbook_id = ?1",
        [handbook_id],
    )?;
    Ok(())
}

impl Store {
    /// Saves a chapter's source as a new revision. Returns `None` (and writes nothing) when
    /// the source is unchanged.
    pub fn save_chapter(
        &mut self,
        handbook_id: &str,
        chapter_id: &str,
        source: &str,
        message: &str,
        kind: RevisionKind,
        stamp: &Stamp<'_>,
    ) -> Result<Option<RevisionSummary>, StoreError> {
        self.write(|tx| {
            let (key, title, old, _) = chapter_row(tx, handbook_id, chapter_id)?;
            if old == source && kind == RevisionKind::Edit {
                return Ok(None);
            }
            tx.execute(
                "UPDATE chapters SET source = ?2, updated_at = ?3 WHERE id = ?1",
                params![chapter_id, source, stamp.at],
            )?;
            touch(tx, handbook_id, stamp.at)?;
            let rev = insert_revision(
                tx,
                handbook_id,
                chapter_id,
                &key,
                &title,
                kind,
                source,
                message,
                stamp,
            )?;
            Ok(Some(rev))
        })
    }

    /// Adds a chapter after position `after` (0 = first) and records it as a revision.
    pub fn add_chapter(
        &mut self,
        handbook_id: &str,
        chapter: &NewChapter,
        after: u32,
        kind: RevisionKind,
        message: &str,
        stamp: &Stamp<'_>,
    ) -> Result<RevisionSummary, StoreError> {
        self.write(|tx| {
            touch(tx, handbook_id, stamp.at)?;
            tx.execute(
                "INSERT INTO chapters (id, handbook_id, key, position, title, level, source, updated_at)
                 VALUES (?1, ?2, ?3, 1000000, ?4, ?5, ?6, ?7)",
                params![
                    chapter.id,
                    handbook_id,
                    chapter.key,
                    chapter.title,
                    chapter.level.as_str(),
                    chapter.source,
                    stamp.at
                ],
            )?;
            reposition(tx, handbook_id, Some((&chapter.id, after + 1)))?;
            insert_revision(
                tx,
                handbook_id,
                &chapter.id,
                &chapter.key,
                &chapter.title,
                kind,
                &chapter.source,
                message,
                stamp,
            )
        })
    }

    /// Removes a chapter; its last source is kept as a `remove` revision, so it can be restored.
    pub fn remove_chapter(
        &mut self,
        handbook_id: &str,
        chapter_id: &str,
        stamp: &Stamp<'_>,
    ) -> Result<RevisionSummary, StoreError> {
        self.write(|tx| {
            let (key, title, source, _) = chapter_row(tx, handbook_id, chapter_id)?;
            let rev = insert_revision(
                tx,
                handbook_id,
                chapter_id,
                &key,
                &title,
                RevisionKind::Remove,
                &source,
                "",
                stamp,
            )?;
            tx.execute("DELETE FROM chapters WHERE id = ?1", [chapter_id])?;
            reposition(tx, handbook_id, None)?;
            touch(tx, handbook_id, stamp.at)?;
            Ok(rev)
        })
    }

    /// Moves a chapter to `position` (1-based; clamped to the chapter count).
    pub fn move_chapter(
        &mut self,
        handbook_id: &str,
        chapter_id: &str,
        position: u32,
        at: &str,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            chapter_row(tx, handbook_id, chapter_id)?;
            reposition(tx, handbook_id, Some((chapter_id, position)))?;
            touch(tx, handbook_id, at)
        })
    }

    /// Renames a chapter (recorded as a revision).
    pub fn rename_chapter(
        &mut self,
        handbook_id: &str,
        chapter_id: &str,
        title: &str,
        stamp: &Stamp<'_>,
    ) -> Result<RevisionSummary, StoreError> {
        self.write(|tx| {
            let (key, old_title, source, _) = chapter_row(tx, handbook_id, chapter_id)?;
            tx.execute(
                "UPDATE chapters SET title = ?2, updated_at = ?3 WHERE id = ?1",
                params![chapter_id, title, stamp.at],
            )?;
            touch(tx, handbook_id, stamp.at)?;
            insert_revision(
                tx,
                handbook_id,
                chapter_id,
                &key,
                title,
                RevisionKind::Rename,
                &source,
                &old_title,
                stamp,
            )
        })
    }

    /// The revisions of a handbook (or of one chapter), newest first.
    pub fn revisions(
        &self,
        handbook_id: &str,
        chapter_id: Option<&str>,
    ) -> Result<Vec<RevisionSummary>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {REVISION_COLUMNS} FROM revisions
             WHERE handbook_id = ?1 AND (?2 IS NULL OR chapter_id = ?2)
             ORDER BY number DESC"
        ))?;
        let rows = stmt.query_map(params![handbook_id, chapter_id], revision_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One revision with its source, by id or by its number within the handbook.
    pub fn revision(
        &self,
        handbook_id: &str,
        id_or_number: &str,
    ) -> Result<RevisionDetail, StoreError> {
        let number: Option<i64> = id_or_number.trim_start_matches('#').parse().ok();
        self.conn
            .query_row(
                &format!(
                    "SELECT {REVISION_COLUMNS}, source FROM revisions
                     WHERE handbook_id = ?1 AND (id = ?2 OR number = ?3)"
                ),
                params![handbook_id, id_or_number, number],
                |r| {
                    Ok(RevisionDetail {
                        summary: revision_from_row(r)?,
                        source: r.get(9)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "revision",
                id: id_or_number.to_owned(),
            })
    }

    /// Whether the chapter exists now.
    pub fn chapter_exists(&self, handbook_id: &str, chapter_id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM chapters WHERE id = ?1 AND handbook_id = ?2",
                [chapter_id, handbook_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Replaces a handbook's variables (and the product name shown in lists), recording each
    /// changed key in the variables' history (numbered inside the same transaction). `new_id`
    /// makes the history rows' ids. Returns how many keys changed; nothing is written when none.
    pub fn update_variables(
        &mut self,
        handbook_id: &str,
        variables: &serde_json::Value,
        product: &str,
        stamp: &Stamp<'_>,
        new_id: &mut dyn FnMut() -> String,
    ) -> Result<usize, StoreError> {
        self.write(|tx| {
            let old: String = tx
                .query_row(
                    "SELECT variables FROM handbooks WHERE id = ?1",
                    [handbook_id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| StoreError::NotFound {
                    what: "handbook",
                    id: handbook_id.to_owned(),
                })?;
            let old: serde_json::Value = serde_json::from_str(&old)
                .map_err(|e| StoreError::Invalid(format!("variables of {handbook_id}: {e}")))?;
            let changes = sotay_model::revision::variable_changes(&old, variables);
            if changes.is_empty() {
                return Ok(0);
            }
            let mut number: u32 = tx.query_row(
                "SELECT COALESCE(MAX(number), 0) FROM variable_changes WHERE handbook_id = ?1",
                [handbook_id],
                |r| r.get(0),
            )?;
            for (key, before, after) in &changes {
                number += 1;
                tx.execute(
                    "INSERT INTO variable_changes (id, handbook_id, number, key, old_value, new_value, author, at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        new_id(),
                        handbook_id,
                        number,
                        key,
                        before.as_ref().map(|v| v.to_string()),
                        after.as_ref().map(|v| v.to_string()),
                        stamp.author,
                        stamp.at
                    ],
                )?;
            }
            touch(tx, handbook_id, stamp.at)?;
            tx.execute(
                "UPDATE handbooks SET variables = ?2, product = ?3 WHERE id = ?1",
                params![handbook_id, variables.to_string(), product],
            )?;
            Ok(changes.len())
        })
    }

    /// The history of a handbook's variables, oldest first (of one key when `key` is given).
    pub fn variable_history(
        &self,
        handbook_id: &str,
        key: Option<&str>,
    ) -> Result<Vec<sotay_model::VariableChange>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, number, key, old_value, new_value, author, at FROM variable_changes
             WHERE handbook_id = ?1 AND (?2 IS NULL OR key = ?2) ORDER BY number",
        )?;
        let rows = stmt.query_map(params![handbook_id, key], |r| {
            let json = |i: usize| -> rusqlite::Result<Option<serde_json::Value>> {
                Ok(r.get::<_, Option<String>>(i)?
                    .and_then(|t| serde_json::from_str(&t).ok()))
            };
            Ok(sotay_model::VariableChange {
                id: r.get(0)?,
                number: r.get(1)?,
                key: r.get(2)?,
                old_value: json(3)?,
                new_value: json(4)?,
                author: r.get(5)?,
                at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Moves a handbook to `to`, recording who and when (and the reason given for a move a rule
    /// objected to); `version` is the version after it.
    #[allow(clippy::too_many_arguments)]
    pub fn set_status(
        &mut self,
        handbook_id: &str,
        from: HandbookStatus,
        to: HandbookStatus,
        version: u32,
        note: &str,
        reason: &str,
        stamp: &Stamp<'_>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE handbooks SET status = ?2, version = ?3, updated_at = ?4
                 WHERE id = ?1 AND status = ?5",
                params![handbook_id, to.as_str(), version, stamp.at, from.as_str()],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!(
                    "handbook {handbook_id} is no longer {}",
                    from.as_str()
                )));
            }
            tx.execute(
                "INSERT INTO status_changes (id, handbook_id, from_status, to_status, version, by, at, note, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    stamp.id,
                    handbook_id,
                    from.as_str(),
                    to.as_str(),
                    version,
                    stamp.author,
                    stamp.at,
                    note,
                    reason
                ],
            )?;
            Ok(())
        })
    }

    /// The workflow history of a handbook, oldest first.
    pub fn status_changes(&self, handbook_id: &str) -> Result<Vec<StatusChange>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT from_status, to_status, version, by, at, note, reason FROM status_changes
             WHERE handbook_id = ?1 ORDER BY at, rowid",
        )?;
        let rows = stmt.query_map([handbook_id], |r| {
            let from: String = r.get(0)?;
            let to: String = r.get(1)?;
            Ok(StatusChange {
                from: HandbookStatus::parse(&from).unwrap_or_default(),
                to: HandbookStatus::parse(&to).unwrap_or_default(),
                version: r.get(2)?,
                by: r.get(3)?,
                at: r.get(4)?,
                note: r.get(5)?,
                reason: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A comment on a chapter, or on a passage of it when `anchor` is given.
    pub fn add_comment(
        &mut self,
        handbook_id: &str,
        chapter_id: &str,
        body: &str,
        anchor: Option<&TextAnchor>,
        stamp: &Stamp<'_>,
    ) -> Result<Comment, StoreError> {
        self.write(|tx| {
            chapter_row(tx, handbook_id, chapter_id)?;
            tx.execute(
                "INSERT INTO comments (id, handbook_id, chapter_id, author, body, created_at,
                                       anchor_quote, anchor_prefix, anchor_suffix, anchor_start,
                                       anchor_end, anchor_revision)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    stamp.id,
                    handbook_id,
                    chapter_id,
                    stamp.author,
                    body,
                    stamp.at,
                    anchor.map(|a| &a.quote),
                    anchor.map(|a| &a.prefix),
                    anchor.map(|a| &a.suffix),
                    anchor.map(|a| a.start),
                    anchor.map(|a| a.end),
                    anchor.map(|a| a.revision),
                ],
            )?;
            Ok(())
        })?;
        self.comment(handbook_id, stamp.id)
    }

    /// Replaces a comment's anchor (re-based after its chapter was saved).
    pub fn update_comment_anchor(
        &mut self,
        handbook_id: &str,
        comment_id: &str,
        anchor: &TextAnchor,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE comments SET anchor_quote = ?3, anchor_prefix = ?4, anchor_suffix = ?5,
                        anchor_start = ?6, anchor_end = ?7, anchor_revision = ?8
                 WHERE id = ?1 AND handbook_id = ?2",
                params![
                    comment_id,
                    handbook_id,
                    anchor.quote,
                    anchor.prefix,
                    anchor.suffix,
                    anchor.start,
                    anchor.end,
                    anchor.revision
                ],
            )?;
            Ok(())
        })
    }

    pub fn resolve_comment(
        &mut self,
        handbook_id: &str,
        comment_id: &str,
        by: &str,
        at: &str,
    ) -> Result<Comment, StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE comments SET status = 'resolved', resolved_by = ?3, resolved_at = ?4
                 WHERE id = ?1 AND handbook_id = ?2 AND status = 'open'",
                params![comment_id, handbook_id, by, at],
            )?;
            Ok(())
        })?;
        self.comment(handbook_id, comment_id)
    }

    fn comment(&self, handbook_id: &str, id: &str) -> Result<Comment, StoreError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {COMMENT_COLUMNS} FROM comments WHERE id = ?1 AND handbook_id = ?2"
                ),
                [id, handbook_id],
                comment_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "comment",
                id: id.to_owned(),
            })
    }

    /// The comments of a handbook, oldest first.
    pub fn comments(&self, handbook_id: &str) -> Result<Vec<Comment>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COMMENT_COLUMNS} FROM comments WHERE handbook_id = ?1 ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map([handbook_id], comment_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Stores a file under `name` for a handbook; its bytes are kept once per SHA-256.
    pub fn put_attachment(
        &mut self,
        handbook_id: &str,
        name: &str,
        sha256: &str,
        mime: &str,
        bytes: &[u8],
        at: &str,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            touch(tx, handbook_id, at)?;
            tx.execute(
                "INSERT INTO blobs (sha256, size, mime, bytes, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (sha256) DO NOTHING",
                params![sha256, bytes.len() as i64, mime, bytes, at],
            )?;
            tx.execute(
                "INSERT INTO attachments (handbook_id, name, sha256, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (handbook_id, name) DO UPDATE SET sha256 = excluded.sha256",
                params![handbook_id, name, sha256, at],
            )?;
            Ok(())
        })
    }

    /// A handbook's attachments: (name, sha256, size, mime).
    pub fn attachments(&self, handbook_id: &str) -> Result<Vec<Attachment>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT a.name, a.sha256, b.size, b.mime FROM attachments a JOIN blobs b USING (sha256)
             WHERE a.handbook_id = ?1 ORDER BY a.name",
        )?;
        let rows = stmt.query_map([handbook_id], |r| {
            Ok(Attachment {
                name: r.get(0)?,
                sha256: r.get(1)?,
                size: r.get(2)?,
                mime: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The bytes stored under a SHA-256.
    pub fn blob(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT bytes FROM blobs WHERE sha256 = ?1", [sha256], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// How many distinct blobs are stored (deduplication is observable in tests).
    pub fn blob_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM blobs", [], |r| r.get(0))?)
    }
}
