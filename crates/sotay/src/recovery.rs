//! A workspace file Sotay refuses (damaged, another program's, written by a newer Sotay) is not
//! a dead end: another file can be opened, a new workspace made elsewhere, or a backup put in
//! its place. The refused file is never deleted nor overwritten: restoring moves it aside under
//! a new name beside itself (`….khong-mo-duoc-<time>`), with its `-wal`/`-shm` files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sotay_store::Store;
use ts_rs::TS;

use crate::clock::rfc3339;
use crate::{Clock, Error, ErrorCode, Workspace};

/// How a backup beside a workspace was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// Sotay's own copy before migrating to a newer schema (`….truoc-nang-cap-vN.bak`).
    BeforeUpgrade,
    /// The copy kept before a restore (`….truoc-khoi-phuc-<time>.bak`).
    BeforeRestore,
    /// Another `.bak` beside it (e.g. from `sotay backup`).
    Other,
}

/// A backup Sotay can restore, found beside a workspace file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupFile {
    pub path: String,
    /// The file name, as shown.
    pub name: String,
    pub kind: BackupKind,
    /// When the file was last written (RFC 3339, UTC).
    pub modified: String,
    pub bytes: u64,
}

/// A workspace file that could not be opened, and the backups beside it (the window's
/// recovery screen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecoveryInfo {
    pub path: String,
    pub backups: Vec<BackupFile>,
}

/// What was done to recover: the workspace now open, and where the refused file was kept
/// (after a restore).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Recovered {
    pub path: String,
    pub kept: Option<String>,
}

/// The backups beside `db` that this Sotay can restore, newest first: files in its folder whose
/// names start with its name and end in `.bak`, each checked read-only (damaged, foreign, empty
/// and newer ones are left out).
pub fn find_backups(db: &Path) -> Vec<BackupFile> {
    let Some(name) = db.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let dir = match db.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(d) => d.to_owned(),
        None => PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, BackupFile)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            let rest = file.strip_prefix(&name)?.strip_prefix('.')?;
            if !rest.ends_with(".bak") {
                return None;
            }
            let meta = e.metadata().ok().filter(|m| m.is_file())?;
            let path = e.path();
            Store::inspect_backup(&path).ok()?;
            let kind = if rest.starts_with("truoc-nang-cap-") {
                BackupKind::BeforeUpgrade
            } else if rest.starts_with("truoc-khoi-phuc-") {
                BackupKind::BeforeRestore
            } else {
                BackupKind::Other
            };
            let modified = meta.modified().ok()?;
            Some((
                modified,
                BackupFile {
                    path: path.display().to_string(),
                    name: file,
                    kind,
                    modified: rfc3339(time::OffsetDateTime::from(modified)),
                    bytes: meta.len(),
                },
            ))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    found.into_iter().map(|(_, b)| b).collect()
}

/// A backup or workspace that cannot be used, said in words (nothing was changed).
fn unusable(path: &Path, e: sotay_store::StoreError) -> Error {
    match e {
        sotay_store::StoreError::Invalid(m) => Error::localized(
            ErrorCode::InvalidInput,
            format!(
                "Không khôi phục được từ “{}”: {m}. Không có gì bị thay đổi.",
                path.display()
            ),
            format!(
                "Cannot restore from “{}”: {m}. Nothing was changed.",
                path.display()
            ),
        ),
        other => other.into(),
    }
}

/// Opens another existing workspace file (refused like any other if damaged, foreign or newer).
pub fn open_other(path: &Path, clock: Arc<dyn Clock>) -> Result<Workspace, Error> {
    if !path.is_file() {
        return Err(Error::localized(
            ErrorCode::InvalidInput,
            format!("Không có tệp “{}”.", path.display()),
            format!("There is no file “{}”.", path.display()),
        ));
    }
    Workspace::open(path, clock)
}

/// Makes a new, empty workspace at `path`, which must not exist yet (nothing is overwritten).
pub fn create_new(path: &Path, clock: Arc<dyn Clock>) -> Result<Workspace, Error> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(Error::localized(
            ErrorCode::InvalidInput,
            format!(
                "Tệp “{}” đã có; hãy chọn tên khác để không ghi đè.",
                path.display()
            ),
            format!(
                "“{}” already exists; choose another name so nothing is overwritten.",
                path.display()
            ),
        ));
    }
    crate::output::check_new_output(path)?;
    Workspace::open(path, clock)
}

/// Puts the Sotay backup `backup` in the place of the workspace file `db`, which is kept beside
/// it under a new name (returned in [`Recovered::kept`]), and opens it. A backup that is
/// damaged, foreign, empty or newer — or `db` itself — is refused before anything moves; a
/// failure after the move puts `db` back, so nothing is lost either way.
pub fn restore_in_place(
    db: &Path,
    backup: &Path,
    clock: Arc<dyn Clock>,
) -> Result<(Workspace, Recovered), Error> {
    let same = matches!((db.canonicalize(), backup.canonicalize()), (Ok(a), Ok(b)) if a == b);
    if same {
        return Err(unusable(
            backup,
            sotay_store::StoreError::Invalid("đó là chính tệp không mở được".into()),
        ));
    }
    Store::inspect_backup(backup).map_err(|e| unusable(backup, e))?;
    let kept = if db.exists() {
        Some(move_aside(db, &clock)?)
    } else {
        None
    };
    let put_back = || {
        if let Some(k) = &kept {
            let _ = std::fs::remove_file(db);
            for (from, to) in companions(k).into_iter().zip(companions(db)) {
                let _ = std::fs::remove_file(&to);
                let _ = std::fs::rename(&from, &to);
            }
            let _ = std::fs::rename(k, db);
        }
    };
    let copied = crate::output::check_new_output(db)
        .and_then(|()| Store::copy_backup(backup, db).map_err(|e| unusable(backup, e)));
    if let Err(e) = copied {
        put_back();
        return Err(e);
    }
    match Workspace::open(db, clock) {
        Ok(ws) => Ok((
            ws,
            Recovered {
                path: db.display().to_string(),
                kept: kept.map(|k| k.display().to_string()),
            },
        )),
        Err(e) => {
            put_back();
            Err(e)
        }
    }
}

/// `-wal` and `-shm` beside `db`.
fn companions(db: &Path) -> [PathBuf; 2] {
    let name = db.file_name().unwrap_or_default().to_string_lossy();
    [
        db.with_file_name(format!("{name}-wal")),
        db.with_file_name(format!("{name}-shm")),
    ]
}

/// Renames `db` (and its `-wal`/`-shm`) to a free name beside it: `<name>.khong-mo-duoc-<UTC
/// time>` (then `-2`, `-3`…).
fn move_aside(db: &Path, clock: &Arc<dyn Clock>) -> Result<PathBuf, Error> {
    let name = db.file_name().unwrap_or_default().to_string_lossy();
    let stamp = crate::clock::file_stamp(clock.now());
    let io = |e: std::io::Error| {
        Error::new(ErrorCode::DbIo, db.display().to_string()).with(
            crate::error::ErrorDetails::Reason {
                reason: e.to_string(),
            },
        )
    };
    for n in 1..1000 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let kept = db.with_file_name(format!("{name}.khong-mo-duoc-{stamp}{suffix}"));
        let taken = std::iter::once(kept.clone())
            .chain(companions(&kept))
            .any(|p| std::fs::symlink_metadata(p).is_ok());
        if taken {
            continue;
        }
        std::fs::rename(db, &kept).map_err(io)?;
        for (from, to) in companions(db).into_iter().zip(companions(&kept)) {
            if from.exists() {
                std::fs::rename(&from, &to).map_err(io)?;
            }
        }
        return Ok(kept);
    }
    Err(Error::new(
        ErrorCode::Internal,
        "no free name to keep the refused workspace",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FixedClock;

    fn clock() -> Arc<dyn Clock> {
        Arc::new(FixedClock(time::macros::datetime!(2026-12-07 09:30 UTC)))
    }

    /// A folder with a sample workspace `ws.db`, its backup `ws.db.sao-luu.bak`, then `ws.db`
    /// overwritten with bytes that are not a database.
    fn damaged() -> (tempfile::TempDir, PathBuf, PathBuf, Vec<u8>) {
        let dir = tempfile::TempDir::new().unwrap();
        let db = dir.path().join("ws.db");
        let backup = dir.path().join("ws.db.sao-luu.bak");
        {
            let mut ws = Workspace::open(&db, clock()).unwrap();
            ws.ensure_sample_workspace().unwrap();
            ws.backup(&backup).unwrap();
        }
        for p in companions(&db) {
            let _ = std::fs::remove_file(p);
        }
        let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        std::fs::write(&db, &junk).unwrap();
        std::fs::write(dir.path().join("ws.db.hong.bak"), b"not a database").unwrap();
        std::fs::write(dir.path().join("other.db.bak"), b"x").unwrap();
        (dir, db, backup, junk)
    }

    #[test]
    fn finds_only_the_restorable_backups_beside_the_file() {
        let (_d, db, backup, _) = damaged();
        let found = find_backups(&db);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].path, backup.display().to_string());
        assert_eq!(found[0].kind, BackupKind::Other);
        assert_eq!(found[0].name, "ws.db.sao-luu.bak");
    }

    #[test]
    fn restoring_keeps_the_damaged_file_beside_and_opens_the_backup() {
        let (dir, db, backup, junk) = damaged();
        assert!(Workspace::open(&db, clock()).is_err());
        let (ws, done) = restore_in_place(&db, &backup, clock()).unwrap();
        assert_eq!(ws.handbooks().unwrap().len(), 1);
        let kept = PathBuf::from(done.kept.unwrap());
        assert_eq!(kept, dir.path().join("ws.db.khong-mo-duoc-20261207-093000"));
        assert_eq!(std::fs::read(&kept).unwrap(), junk);
        // The backup itself is untouched and still listed.
        assert_eq!(find_backups(&db).len(), 1);
        drop(ws);
        // A second restore keeps the first one's file too, under the next free name.
        let (_, again) = restore_in_place(&db, &backup, clock()).unwrap();
        assert!(again.kept.unwrap().ends_with("-093000-2"));
        assert_eq!(std::fs::read(&kept).unwrap(), junk);
    }

    #[test]
    fn a_bad_backup_or_an_existing_target_changes_nothing() {
        let (dir, db, _, junk) = damaged();
        let bad = dir.path().join("ws.db.hong.bak");
        let e = restore_in_place(&db, &bad, clock()).unwrap_err();
        assert_eq!(e.code, ErrorCode::DbNotSqlite);
        assert!(restore_in_place(&db, &db, clock()).is_err());
        assert_eq!(std::fs::read(&db).unwrap(), junk);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 4, "nothing new beside it");
        let e = create_new(&db, clock()).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert_eq!(std::fs::read(&db).unwrap(), junk);
        let fresh = dir.path().join("moi.db");
        let ws = create_new(&fresh, clock()).unwrap();
        assert!(ws.handbooks().unwrap().is_empty());
        assert!(open_other(&dir.path().join("khong-co.db"), clock()).is_err());
        assert!(!dir.path().join("khong-co.db").exists());
    }
}
