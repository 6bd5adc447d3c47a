//! Acceptance tests of the `sotay` command: each runs the real binary on a temporary database.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

mod admin;
mod authoring;
mod bad_input;
mod catalogue;
mod changes;
mod comments;
mod concurrency;
mod copy_code;
mod crash;
mod edition_paper;
mod export;
mod hostile;
mod plan;
mod publishing;
mod recovery;
mod search;
mod signatures;
mod verification;
mod workspace_settings;

fn sotay(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("sotay").unwrap();
    cmd.arg("--db")
        .arg(db)
        .env_remove("SOTAY_DB")
        .env_remove("SOTAY_LANG");
    cmd
}

/// The last line of a command's output, trimmed: where creating commands print the new id.
fn last_line(out: &[u8]) -> String {
    String::from_utf8_lossy(out)
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// A new handbook from `template` (by Nguyễn Thị Hoa); its id.
fn new_handbook(db: &Path, template: &str) -> String {
    let out = sotay(db)
        .env("SOTAY_AUTHOR", "Nguyễn Thị Hoa")
        .args(["new", "--template", template])
        .assert()
        .success();
    last_line(&out.get_output().stdout)
}

/// A new workspace in a folder of its own holding one handbook: where most tests start.
struct Handbook {
    dir: TempDir,
    db: PathBuf,
    id: String,
}

/// A new workspace (`ws.db` in a new temporary folder) with a handbook from `template`.
fn handbook(template: &str) -> Handbook {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let id = new_handbook(&db, template);
    Handbook { dir, db, id }
}

/// A pilot model of `kind` and an assessment of it against handbook `h` on 2025-10-20; their ids.
fn new_assessment(db: &Path, h: &str, pilot: &str, kind: &str) -> (String, String) {
    let run =
        |args: &[&str]| last_line(&sotay(db).args(args).assert().success().get_output().stdout);
    let p = run(&["pilot", "add", "--name", pilot, "--kind", kind]);
    let a = run(&[
        "assess",
        "new",
        "--pilot",
        &p,
        "--handbook",
        h,
        "--date",
        "2025-10-20",
    ]);
    (p, a)
}

#[test]
fn version_prints_the_package_version() {
    Command::cargo_bin("sotay")
        .unwrap()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn templates_json_lists_ids_and_names_on_a_new_database() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("new.db");
    let out = sotay(&db).args(["templates", "--json"]).assert().success();
    let list: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let list = list.as_array().unwrap();
    assert!(list.len() >= 2, "{list:?}");
    for t in list {
        assert!(t["id"].is_string() && t["name"]["vi"].is_string(), "{t}");
    }
    let ids: Vec<&str> = list.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert!(
        ids.contains(&"tom-nuoc-lo") && ids.contains(&"lua-gao"),
        "{ids:?}"
    );
    assert!(db.exists());
}

#[test]
fn list_on_a_new_database_says_what_to_do_first() {
    let dir = TempDir::new().unwrap();
    sotay(&dir.path().join("new.db"))
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Chưa có sổ tay nào"));
}

#[test]
fn sample_then_list_pilots_and_show() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    sotay(&db).arg("sample").assert().success();
    // A second time changes nothing.
    sotay(&db)
        .arg("sample")
        .assert()
        .success()
        .stdout(predicate::str::contains("không thay đổi"));

    let out = sotay(&db).args(["list", "--json"]).assert().success();
    let list: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let title = list[0]["title"].as_str().unwrap().to_owned();
    assert!(
        title.starts_with("Sổ tay hướng dẫn truy xuất nguồn gốc"),
        "{title}"
    );

    sotay(&db)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains(&title))
        .stdout(predicate::str::contains("Dự thảo"));

    let out = sotay(&db).args(["pilots", "--json"]).assert().success();
    let pilots: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let kinds: Vec<&str> = pilots
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["cooperative", "enterprise"]);

    // Open by title and by id; every chapter renders.
    let out = sotay(&db)
        .args(["show", &title, "--json"])
        .assert()
        .success();
    let view: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let chapters = view["chapters"].as_array().unwrap();
    assert!(chapters.len() >= 10, "{}", chapters.len());
    for c in chapters {
        assert!(
            c["render_error"].is_null(),
            "{}: {}",
            c["key"],
            c["render_error"]
        );
    }
    let id = view["summary"]["id"].as_str().unwrap();
    sotay(&db)
        .args(["--lang", "en", "show", id])
        .assert()
        .success()
        .stdout(predicate::str::contains("Status: Draft"));
}

#[test]
fn random_bytes_are_refused_with_exit_2_and_left_unchanged() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("corrupt.db");
    let bytes: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&db, &bytes).unwrap();
    sotay(&db)
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "không phải là cơ sở dữ liệu Sotay",
        ));
    sotay(&db)
        .args(["--lang", "en", "templates"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a Sotay database"));
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    // No WAL or journal files were created beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn unknown_handbook_and_bad_usage_exit_2() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    sotay(&db)
        .args(["show", "không có"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Không tìm thấy sổ tay: không có"));
    sotay(&db).args(["frobnicate"]).assert().code(2);
    sotay(&db).args(["--lang", "fr", "list"]).assert().code(2);
}

#[test]
fn sotay_db_environment_variable_selects_the_database() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("env.db");
    Command::cargo_bin("sotay")
        .unwrap()
        .env("SOTAY_DB", &db)
        .arg("sample")
        .assert()
        .success();
    assert!(db.exists());
}

#[test]
fn backup_and_restore_round_trip_and_a_bad_backup_is_refused() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    sotay(&db).arg("sample").assert().success();
    let backup = dir.path().join("sao-luu.db");
    sotay(&db)
        .args(["backup", "-o"])
        .arg(&backup)
        .assert()
        .success();
    // An existing file is never overwritten.
    sotay(&db)
        .args(["backup", "-o"])
        .arg(&backup)
        .assert()
        .code(2);
    let list = |db: &Path| sotay(db).args(["list", "--json"]).output().unwrap().stdout;
    let before = list(&db);
    sotay(&db)
        .args(["new", "--template", "lua-gao"])
        .assert()
        .success();
    assert_ne!(list(&db), before);
    sotay(&db)
        .arg("restore-backup")
        .arg(&backup)
        .assert()
        .success();
    assert_eq!(list(&db), before, "restored");
    // A corrupt backup is refused and the workspace stays as it is.
    let junk = dir.path().join("hong.db");
    std::fs::write(&junk, vec![7u8; 4096]).unwrap();
    sotay(&db).arg("restore-backup").arg(&junk).assert().code(2);
    assert_eq!(list(&db), before);
}
