use std::path::PathBuf;

/// What can go wrong in the store. Each variant is something the user can act on; the app maps
/// them to stable error codes and Vietnamese/English messages.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not an SQLite database at all.
    #[error("{path}: not an SQLite database")]
    NotSqlite { path: PathBuf },
    /// The file is SQLite but damaged (the integrity check failed or pages cannot be read).
    #[error("{path}: database is damaged: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    /// An SQLite database of another program.
    #[error("{path}: not a Sotay database")]
    Foreign { path: PathBuf },
    /// Written by a newer Sotay whose schema this version does not know.
    #[error("{path}: schema version {found} is newer than this Sotay supports ({supported})")]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    /// The file or its folder cannot be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A record that was asked for does not exist.
    #[error("{what} not found: {id}")]
    NotFound { what: &'static str, id: String },
    /// Stored data that does not parse (a bug or a hand-edited database).
    #[error("invalid stored data: {0}")]
    Invalid(String),
    /// Any other SQLite error.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// Whether this is a failed write the user can act on: the disk is full, the file became
    /// read-only, or the operating system refused the write. SQLite rolled the transaction back,
    /// so what was saved before is intact.
    /// Whether another connection held the write lock for longer than the busy timeout
    /// ([`crate::BUSY_TIMEOUT_SECS`]); the transaction did not start or was rolled back.
    pub fn is_busy(&self) -> bool {
        use rusqlite::ErrorCode as C;
        matches!(
            self,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, C::DatabaseBusy | C::DatabaseLocked)
        )
    }

    pub fn is_write_failure(&self) -> bool {
        use rusqlite::ErrorCode as C;
        matches!(
            self,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, C::DiskFull | C::SystemIoFailure | C::ReadOnly | C::CannotOpen | C::PermissionDenied)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_disks_and_io_errors_are_write_failures() {
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        assert!(StoreError::from(full).is_write_failure());
        let io = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR_WRITE),
            Some("disk I/O error".into()),
        );
        assert!(StoreError::from(io).is_write_failure());
        let constraint = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT),
            None,
        );
        assert!(!StoreError::from(constraint).is_write_failure());
    }
}
