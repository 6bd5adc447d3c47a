//! Where the workspace database lives.

use std::path::{Path, PathBuf};

/// The environment variable that overrides the database location.
pub const DB_ENV: &str = "SOTAY_DB";

/// The per-user default: `$XDG_DATA_HOME/sotay/sotay.db` (on Linux usually
/// `~/.local/share/sotay/sotay.db`), or the platform's equivalent.
pub fn default_db_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("sotay").join("sotay.db"))
}

/// The database to use: an explicit `--db` path first, then `SOTAY_DB`, then the default.
pub fn resolve_db_path(explicit: Option<&Path>) -> Option<PathBuf> {
    explicit
        .map(Path::to_path_buf)
        .or_else(|| {
            std::env::var_os(DB_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(default_db_path)
}
