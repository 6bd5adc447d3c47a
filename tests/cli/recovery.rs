//! Acceptance tests of `sotay recover backups|restore` (issue 17): a workspace file Sotay
//! refuses is not a dead end, and the refused file is never deleted nor overwritten.

use predicates::prelude::*;
use tempfile::TempDir;

use crate::sotay;

/// A sample workspace `ws.db` backed up to `ws.db.sao-luu.bak`, then overwritten with junk.
fn damaged() -> (TempDir, std::path::PathBuf, std::path::PathBuf, Vec<u8>) {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let backup = dir.path().join("ws.db.sao-luu.bak");
    sotay(&db).arg("sample").assert().success();
    sotay(&db)
        .args(["backup", "-o"])
        .arg(&backup)
        .assert()
        .success();
    let junk: Vec<u8> = (0..8192u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(&db, &junk).unwrap();
    (dir, db, backup, junk)
}

#[test]
fn a_damaged_workspace_is_restored_from_the_backup_beside_it_and_kept() {
    let (dir, db, backup, junk) = damaged();
    sotay(&db).arg("list").assert().code(2);
    let out = sotay(&db)
        .args(["recover", "backups", "--json"])
        .assert()
        .success();
    let found: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0]["path"], backup.display().to_string());
    assert_eq!(found[0]["kind"], "other");
    let out = sotay(&db)
        .args(["--now", "2026-12-07T09:30:00Z", "recover", "restore"])
        .arg(&backup)
        .arg("--json")
        .assert()
        .success();
    let done: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let kept = dir.path().join("ws.db.khong-mo-duoc-20261207-093000");
    assert_eq!(done["kept"], kept.display().to_string());
    assert_eq!(std::fs::read(&kept).unwrap(), junk);
    sotay(&db)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Tôm"));
}

#[test]
fn a_bad_backup_is_refused_with_exit_2_and_nothing_moves() {
    let (dir, db, _, junk) = damaged();
    let bad = dir.path().join("ws.db.hong.bak");
    std::fs::write(&bad, b"not a database").unwrap();
    sotay(&db)
        .args(["recover", "restore"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("không phải là cơ sở dữ liệu Sotay")
                .and(predicate::str::contains("SQLite").not()),
        );
    assert_eq!(std::fs::read(&db).unwrap(), junk);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    sotay(&db)
        .args(["--lang", "en", "recover", "backups"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ws.db.sao-luu.bak"));
}
