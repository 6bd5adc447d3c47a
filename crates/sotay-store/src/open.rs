//! Opening a database file: inspect read-only, refuse what is not ours, then open for writing.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::migrate::{migrate, LATEST_SCHEMA_VERSION};
use crate::{Store, StoreError, APPLICATION_ID};

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// How long a write waits for another process's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(crate::BUSY_TIMEOUT_SECS);

impl Store {
    /// Opens (creating if missing) the Sotay database at `path` and migrates it to the latest
    /// schema.
    ///
    /// Refuses, without modifying the file: a file that is not SQLite ([`StoreError::NotSqlite`]),
    /// a damaged one ([`StoreError::Corrupt`]), another program's database
    /// ([`StoreError::Foreign`]) and one written by a newer Sotay ([`StoreError::NewerSchema`]).
    ///
    /// Several processes may open (and so create and migrate) one workspace at once. Some of
    /// SQLite's answers to that are an immediate "busy" that no busy handler waits for (a
    /// journal-mode change, a read that would have to become a write); opening then starts again
    /// after a short pause, until [`BUSY_TIMEOUT`] has passed.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        let mut pause = Duration::from_millis(5);
        loop {
            match Store::open_once(path) {
                Err(e) if e.is_busy() && std::time::Instant::now() < deadline => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(200));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Store, StoreError> {
        let io = |source| StoreError::Io {
            path: path.to_owned(),
            source,
        };
        let exists_with_content = match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                return Err(io(std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    "is a directory",
                )))
            }
            Ok(m) => m.len() > 0,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(io(e)),
        };
        if exists_with_content {
            inspect(path)?;
        } else if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io)?;
        }

        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Invalid(format!(
                "cannot enable WAL (journal_mode={mode})"
            )));
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Before migrating an existing database, keep a copy of it as it was.
        let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > 0 && version < crate::LATEST_SCHEMA_VERSION {
            let backup = backup_path_for(path, version);
            conn.backup(rusqlite::MAIN_DB, &backup, None).map_err(|e| {
                StoreError::Invalid(format!(
                    "backup before migration to {}: {e}",
                    backup.display()
                ))
            })?;
        }
        migrate(&mut conn).map_err(|e| match e {
            StoreError::Sqlite(e) => classify(path, e),
            other => other,
        })?;
        Ok(Store {
            conn,
            path: path.to_owned(),
            units: 0,
        })
    }
}

/// Where the automatic backup before migrating from `version` goes: beside the database.
pub fn backup_path_for(path: &Path, version: u32) -> std::path::PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".truoc-nang-cap-v{version}.bak"));
    path.with_file_name(name)
}

impl Store {
    /// Copies the open database to `dest` with SQLite's online backup (consistent while in use).
    pub fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        self.conn
            .backup(rusqlite::MAIN_DB, dest, None)
            .map_err(|e| StoreError::Invalid(format!("backup to {}: {e}", dest.display())))
    }

    /// Checks, without writing anything, that `src` is a Sotay backup this version can restore:
    /// SQLite, undamaged, Sotay's (an empty or foreign SQLite file is refused: restoring it would
    /// empty the workspace), not newer — and not this database itself.
    pub fn check_backup(&self, src: &Path) -> Result<(), StoreError> {
        let same = match (src.canonicalize(), self.path.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            return Err(StoreError::Invalid(format!(
                "{} is the open workspace itself",
                src.display()
            )));
        }
        Store::inspect_backup(src).map(|_| ())
    }

    /// Checks, through a read-only handle and without writing anything, that `src` is a Sotay
    /// database this version can open (SQLite, undamaged, Sotay's, not empty, not newer);
    /// returns its schema version.
    pub fn inspect_backup(src: &Path) -> Result<u32, StoreError> {
        let (app_id, version) = inspect(src)?;
        if app_id != APPLICATION_ID || version == 0 {
            return Err(StoreError::Foreign {
                path: src.to_owned(),
            });
        }
        Ok(version)
    }

    /// Copies the Sotay backup `src` to the new file `dest` with SQLite's backup (after
    /// [`Store::inspect_backup`]); `src` is read through a read-only handle and never changed.
    pub fn copy_backup(src: &Path, dest: &Path) -> Result<(), StoreError> {
        Store::inspect_backup(src)?;
        let conn = Connection::open_with_flags(
            immutable_uri(src),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(src, e))?;
        conn.backup(rusqlite::MAIN_DB, dest, None)
            .map_err(|e| StoreError::Invalid(format!("copy to {}: {e}", dest.display())))
    }

    /// Replaces this database's content with a backup file, after [`Store::check_backup`] (a
    /// corrupt, foreign, empty or newer file is refused and nothing changes).
    pub fn restore_from(&mut self, src: &Path) -> Result<(), StoreError> {
        self.check_backup(src)?;
        self.conn
            .restore(
                rusqlite::MAIN_DB,
                src,
                None::<fn(rusqlite::backup::Progress)>,
            )
            .map_err(|e| StoreError::Invalid(format!("restore from {}: {e}", src.display())))?;
        migrate(&mut self.conn)
    }
}

/// Checks an existing file through a read-only handle; returns its application id and schema
/// version. Never writes.
fn inspect(path: &Path) -> Result<(i32, u32), StoreError> {
    let mut header = [0u8; 16];
    let mut file = File::open(path).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        source,
    })?;
    let n = read_up_to(&mut file, &mut header).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        source,
    })?;
    if n < header.len() || &header != SQLITE_HEADER {
        return Err(StoreError::NotSqlite {
            path: path.to_owned(),
        });
    }
    drop(file);

    // Without a `-wal` file beside it, the file alone is the database: open it as immutable so
    // that SQLite creates no `-wal`/`-shm` files next to a file we may refuse. With one (the last
    // writer did not close cleanly, or another process has it open), read through it.
    let wal = path.with_file_name(format!(
        "{}-wal",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    let conn = if wal.exists() {
        Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    } else {
        Connection::open_with_flags(
            immutable_uri(path),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    }
    .map_err(|e| classify(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let check = || -> Result<(), rusqlite::Error> {
        let mut stmt = conn.prepare("PRAGMA quick_check")?;
        let problems: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        if problems.len() == 1 && problems[0] == "ok" {
            Ok(())
        } else {
            Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some(problems.into_iter().take(3).collect::<Vec<_>>().join("; ")),
            ))
        }
    };
    check().map_err(|e| classify(path, e))?;

    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let objects: u32 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID && (app_id != 0 || objects > 0) {
        return Err(StoreError::Foreign {
            path: path.to_owned(),
        });
    }
    if version > LATEST_SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_owned(),
            found: version,
            supported: LATEST_SCHEMA_VERSION,
        });
    }
    Ok((app_id, version))
}

/// `file:<path>?mode=ro&immutable=1`, with the characters URIs reserve percent-encoded.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            c => uri.push(c),
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    uri
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Turns SQLite's "not a database" and "corrupt" codes into the errors users can act on.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ffi::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotSqlite {
            path: path.to_owned(),
        },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_owned(),
            detail: e.to_string(),
        },
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
            StoreError::Io {
                path: path.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, e.to_string()),
            }
        }
        _ => StoreError::Sqlite(e),
    }
}
