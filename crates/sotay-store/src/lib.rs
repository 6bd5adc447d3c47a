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
mod error;
mod handbooks;
mod migrate;
mod open;
mod pilots;
mod publishing;
mod settings;
mod verification;

pub use authoring::Stamp;
pub use bundle::{Conflict, MergePlan, Records, BUNDLE_TABLES};
pub use error::StoreError;
pub use migrate::LATEST_SCHEMA_VERSION;
pub use open::backup_path_for;
pub use publishing::NewEdition;
pub use verification::{AnswerRow, BlobRef, NewAssessment, NewEvidence, TraceRow};

use rusqlite::Connection;

/// `PRAGMA application_id` of every Sotay database ("SOTY").
pub const APPLICATION_ID: i32 = 0x534F_5459;

/// An open, migrated Sotay database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: std::path::PathBuf,
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

    /// Runs `f` inside one write transaction (`BEGIN IMMEDIATE`): all of it or none of it.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

pub(crate) fn set_meta(
    tx: &rusqlite::Transaction<'_>,
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
