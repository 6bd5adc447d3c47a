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
