//! The Sotay database: one SQLite file per workspace, opened safely and migrated forward.
//!
//! Opening never changes a file it refuses: a file that is not SQLite, is damaged, belongs to
//! another program, or was written by a newer Sotay is checked through a read-only handle first
//! and left byte-for-byte as it was. An accepted file is opened read-write with WAL, foreign keys
//! and a busy timeout, then migrated with the numbered scripts in `migrations/`.
//!
//! One [`Store`] is one connection and so one writer; the desktop app keeps it behind a mutex,
//! and SQLite's own locking (with the busy timeout) orders writers from other processes.

mod authoring;
mod bundle;
mod catalogue;
mod error;
mod handbooks;
mod migrate;
mod open;
mod pilots;
mod plan;
mod publishing;
mod settings;
mod signatures;
mod verification;

pub use authoring::{Attachment, Stamp};
pub use bundle::{Conflict, MergePlan, Records, BUNDLE_TABLES};
pub use catalogue::{KeyProductRow, MilestoneRow, ReadinessRow};
pub use error::StoreError;
pub use handbooks::DecisionRow;
pub use migrate::{database_at_version, LATEST_SCHEMA_VERSION};
pub use open::backup_path_for;
pub use plan::{
    AgencyRow, LineRow, NewActivity, NewActivityFile, NewPlan, NewReturn, NewSpending, PlanRow,
    ReturnRow, TaskRow,
};
pub use publishing::NewEdition;
pub use signatures::SignatureRow;
pub use verification::{
    AnswerRow, BlobRef, NewAssessment, NewEvidence, StoredAssessment, TraceRow,
};

use rusqlite::Connection;

/// How many seconds a write waits for another window's or command's write lock.
pub const BUSY_TIMEOUT_SECS: u64 = 10;

/// `PRAGMA application_id` of every Sotay database ("SOTY").
pub const APPLICATION_ID: i32 = 0x534F_5459;

/// An open, migrated Sotay database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: std::path::PathBuf,
    /// How many units of work ([`Store::begin_unit`]) are open: 0 outside any.
    units: u32,
}

impl Store {
    /// The file this store reads and writes.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// The schema version of the open database (equal to [`LATEST_SCHEMA_VERSION`]).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// A workspace-level flag or value (e.g. whether the sample workspace was created).
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Stores a workspace's first records (handbooks and pilot models) in one transaction and
    /// sets the meta flag `once_key`, unless that flag is already set. Returns whether anything
    /// was stored. The sample workspace is made this way, so it appears exactly once even if the
    /// user later deletes it.
    pub fn seed_once(
        &mut self,
        once_key: &str,
        handbooks: &[sotay_model::NewHandbook],
        pilots: &[sotay_model::NewPilotModel],
    ) -> Result<bool, StoreError> {
        self.write(|tx| {
            let done: Option<String> = {
                use rusqlite::OptionalExtension;
                tx.query_row("SELECT value FROM meta WHERE key = ?1", [once_key], |r| {
                    r.get(0)
                })
                .optional()?
            };
            if done.is_some() {
                return Ok(false);
            }
            for h in handbooks {
                handbooks::insert_handbook(tx, h)?;
            }
            for p in pilots {
                pilots::insert_pilot(tx, p)?;
            }
            set_meta(tx, once_key, "1")?;
            Ok(true)
        })
    }

    /// Starts a unit of work: everything the store reads and writes until the matching
    /// [`Store::end_unit`] happens in one write transaction (`BEGIN IMMEDIATE`, so the
    /// database's write lock is held from the first read: a read-modify-write by another
    /// process waits instead of being lost). Units nest as savepoints.
    pub fn begin_unit(&mut self) -> Result<(), StoreError> {
        if self.units == 0 {
            if !self.conn.is_autocommit() {
                // A unit that panicked left its transaction open: it never committed.
                self.conn.execute_batch("ROLLBACK")?;
            }
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
        } else {
            self.conn
                .execute_batch(&format!("SAVEPOINT unit{}", self.units))?;
        }
        self.units += 1;
        Ok(())
    }

    /// Ends the innermost unit of work: commits it when `commit`, else undoes all of it.
    pub fn end_unit(&mut self, commit: bool) -> Result<(), StoreError> {
        if self.units == 0 {
            return Err(StoreError::Invalid("no unit of work is open".into()));
        }
        self.units -= 1;
        if self.conn.is_autocommit() {
            // SQLite already rolled the transaction back (after a full disk or I/O error).
            return if commit {
                Err(StoreError::Invalid(
                    "the transaction was rolled back by SQLite".into(),
                ))
            } else {
                Ok(())
            };
        }
        let sql = match (self.units, commit) {
            (0, true) => "COMMIT".to_owned(),
            (0, false) => "ROLLBACK".to_owned(),
            (n, true) => format!("RELEASE unit{n}"),
            (n, false) => format!("ROLLBACK TO unit{n}; RELEASE unit{n}"),
        };
        let done = self.conn.execute_batch(&sql);
        if done.is_err() && self.units == 0 && !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        Ok(done?)
    }

    /// Runs `f` inside one write transaction (`BEGIN IMMEDIATE`): all of it or none of it.
    /// Inside a unit of work it is a savepoint of that unit's transaction.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.units > 0 {
            self.conn.execute_batch("SAVEPOINT write")?;
            return match f(&self.conn) {
                Ok(out) => {
                    self.conn.execute_batch("RELEASE write")?;
                    Ok(out)
                }
                Err(e) => {
                    // SQLite rolls the whole transaction back itself after some failures (a
                    // full disk, an I/O error); then there is no savepoint left to undo.
                    if !self.conn.is_autocommit() {
                        let _ = self.conn.execute_batch("ROLLBACK TO write; RELEASE write");
                    }
                    Err(e)
                }
            };
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Every row `sql` gives for `params`, each read by `from_row`.
    pub(crate) fn query_rows<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        from_row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map(params, from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

pub(crate) fn set_meta(
    tx: &rusqlite::Connection,
    key: &str,
    value: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}
