//! An edition records its paper (migration 0017): publishing the same label again keeps it
//! whatever `sotay settings paper` says by then, another `--paper` is refused (exit 2, nothing
//! written), and an edition published before the migration gets the paper its files were made
//! on, else A4, and says which.

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use sha2::{Digest, Sha256};
use tempfile::TempDir;

use crate::publishing::approved_handbook;
use crate::sotay;

fn set_paper(db: &Path, paper: &str) {
    sotay(db)
        .args(["settings", "paper", "set", paper])
        .assert()
        .success();
}

/// `sotay publish H --label L --formats pdf-screen [--paper P] --out OUT --json`.
fn publish(
    db: &Path,
    h: &str,
    label: &str,
    paper: Option<&str>,
    out: &Path,
) -> assert_cmd::assert::Assert {
    let mut cmd = sotay(db);
    cmd.args([
        "publish",
        h,
        "--label",
        label,
        "--formats",
        "pdf-screen",
        "--json",
    ]);
    if let Some(p) = paper {
        cmd.args(["--paper", p]);
    }
    cmd.arg("--out").arg(out).assert()
}

fn report(a: &assert_cmd::assert::Assert) -> serde_json::Value {
    serde_json::from_slice(&a.get_output().stdout).unwrap()
}

/// The one PDF in a folder and its bytes.
fn pdf_in(dir: &Path) -> (PathBuf, Vec<u8>) {
    let path = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a PDF");
    let bytes = std::fs::read(&path).unwrap();
    (path, bytes)
}

/// The page's width in points as `pdfinfo` says (419.5 for A5, 595.3 for A4); when pdfinfo is
/// not installed, the width `expected` (and a failure under SOTAY_REQUIRE_TOOLS, as CI runs).
fn width_pt(pdf: &Path, expected: f32) -> f32 {
    let Ok(out) = std::process::Command::new("pdfinfo").arg(pdf).output() else {
        assert!(
            std::env::var_os("SOTAY_REQUIRE_TOOLS").is_none(),
            "pdfinfo is not installed"
        );
        return expected;
    };
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = text
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .expect("pdfinfo says the page size");
    line.split_whitespace().nth(2).unwrap().parse().unwrap()
}

fn sha(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

#[test]
fn an_edition_published_again_keeps_its_paper_and_refuses_another() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = approved_handbook(&db);
    set_paper(&db, "a5");
    let first = dir.path().join("1.0");
    let made = publish(&db, &h, "1.0", None, &first).success();
    let r = report(&made);
    assert_eq!(
        (r["paper"].as_str(), r["paper_from"].as_str()),
        (Some("a5"), Some("setting"))
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(first.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["paper"], "a5", "{manifest}");
    let (path, original) = pdf_in(&first);
    assert!((width_pt(&path, 419.5) - 419.5).abs() < 0.5);

    // The setting changes; the edition does not.
    set_paper(&db, "a4");
    let again = dir.path().join("again");
    let r = report(&publish(&db, &h, "1.0", None, &again).success());
    assert_eq!(
        (r["paper"].as_str(), r["paper_from"].as_str()),
        (Some("a5"), Some("recorded"))
    );
    assert_eq!(
        sha(&pdf_in(&again).1),
        sha(&original),
        "the same edition, byte for byte"
    );

    // Another paper is refused, saying which one it was published on; nothing is written.
    let refused = dir.path().join("refused");
    publish(&db, &h, "1.0", Some("a4"), &refused)
        .code(2)
        .stderr(predicate::str::contains("Ấn bản “1.0” đã phát hành khổ A5"))
        .stderr(predicate::str::contains("nhãn mới"))
        .stderr(predicate::str::contains("Không tạo tệp nào"));
    assert!(!refused.exists(), "nothing written");
    // The same paper said aloud is fine.
    publish(&db, &h, "1.0", Some("a5"), &dir.path().join("said")).success();
    // A new label follows the setting again.
    let r = report(&publish(&db, &h, "1.1", None, &dir.path().join("1.1")).success());
    assert_eq!(
        (r["paper"].as_str(), r["paper_from"].as_str()),
        (Some("a4"), Some("setting"))
    );
}

/// Takes a workspace back to what Sotay wrote before migration 0017 (schema 16: no paper
/// column, no signature history) and an output folder's manifest back to what it wrote then (no "paper").
fn as_before_0017(db: &Path, folders: &[&Path]) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("ALTER TABLE editions DROP COLUMN paper; DROP TABLE signature_history; PRAGMA user_version = 16;")
        .unwrap();
    drop(conn);
    for f in folders {
        let path = f.join("manifest.json");
        let mut m: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        m.as_object_mut().unwrap().remove("paper");
        std::fs::write(&path, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    }
}

#[test]
fn editions_from_before_the_migration_get_the_paper_of_their_files_else_a4_and_say_which() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = approved_handbook(&db);
    // 1.0 on A5 into a folder kept; 2.0 and 3.0 on A4 into folders lost since.
    let kept = dir.path().join("1.0");
    publish(&db, &h, "1.0", Some("a5"), &kept).success();
    let (pdf, original) = pdf_in(&kept);
    for label in ["2.0", "3.0"] {
        publish(
            &db,
            &h,
            label,
            Some("a4"),
            &dir.path().join(format!("lost-{label}")),
        )
        .success();
    }
    as_before_0017(&db, &[&kept]);
    let editions = |db: &Path| {
        let out = sotay(db)
            .args(["editions", &h, "--json"])
            .assert()
            .success();
        serde_json::from_slice::<serde_json::Value>(&out.get_output().stdout).unwrap()
    };
    // The upgrade keeps the editions (and backs up the schema-16 file first).
    assert_eq!(editions(&db).as_array().unwrap().len(), 3);
    assert!(std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e
            .file_name()
            .to_string_lossy()
            .contains("truoc-nang-cap-v16")));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let recorded = |conn: &rusqlite::Connection, label: &str| -> Option<String> {
        conn.query_row(
            "SELECT paper FROM editions WHERE label = ?1",
            [label],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(
        recorded(&conn, "1.0"),
        None,
        "not recorded by the migration"
    );
    // Whatever the setting says now.
    set_paper(&db, "a4");

    // 1.0 again into its own folder: the paper is read from its PDF, said, and recorded.
    let a = publish(&db, &h, "1.0", None, &kept)
        .success()
        .stderr(predicate::str::contains(
            "phát hành trước khi Sotay ghi khổ giấy",
        ))
        .stderr(predicate::str::contains(format!(
            "khổ A5 đọc từ tệp “{}”",
            pdf.file_name().unwrap().to_string_lossy()
        )));
    let r = report(&a);
    assert_eq!(
        (r["paper"].as_str(), r["paper_from"].as_str()),
        (Some("a5"), Some("files"))
    );
    assert_eq!(
        sha(&std::fs::read(&pdf).unwrap()),
        sha(&original),
        "the same file again"
    );
    assert_eq!(recorded(&conn, "1.0").as_deref(), Some("a5"));
    // From now on it is the recorded paper, in any folder.
    publish(&db, &h, "1.0", Some("a4"), &dir.path().join("no"))
        .code(2)
        .stderr(predicate::str::contains("đã phát hành khổ A5"));
    let r = report(&publish(&db, &h, "1.0", None, &dir.path().join("elsewhere")).success());
    assert_eq!(r["paper_from"], "recorded");

    // 2.0 into a new folder, nothing to read and no --paper: A4, and it says so.
    set_paper(&db, "a5");
    let fresh = dir.path().join("2.0-again");
    let a = publish(&db, &h, "2.0", None, &fresh)
        .success()
        .stderr(predicate::str::contains("dùng khổ A4 (mặc định)"));
    assert_eq!(report(&a)["paper_from"], "default_a4");
    let (path, _) = pdf_in(&fresh);
    assert!(
        (width_pt(&path, 595.3) - 595.3).abs() < 0.5,
        "A4, not the A5 setting"
    );
    assert_eq!(recorded(&conn, "2.0").as_deref(), Some("a4"));

    // 3.0 likewise but with --paper: that paper, said and recorded.
    let a = publish(&db, &h, "3.0", Some("a4"), &dir.path().join("3.0-again"))
        .success()
        .stderr(predicate::str::contains("dùng khổ A4 theo --paper"));
    assert_eq!(report(&a)["paper_from"], "asked_for_old");
    assert_eq!(recorded(&conn, "3.0").as_deref(), Some("a4"));
}

#[test]
fn an_old_editions_files_contradicting_the_paper_asked_for_refuse_it() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = approved_handbook(&db);
    let kept = dir.path().join("1.0");
    publish(&db, &h, "1.0", Some("a5"), &kept).success();
    as_before_0017(&db, &[&kept]);
    let before: Vec<_> = std::fs::read_dir(&kept)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    publish(&db, &h, "1.0", Some("a4"), &kept)
        .code(2)
        .stderr(predicate::str::contains("đã phát hành khổ A5 (đọc từ tệp"));
    let after: Vec<_> = std::fs::read_dir(&kept)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after, "nothing written");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let paper: Option<String> = conn
        .query_row("SELECT paper FROM editions WHERE label = '1.0'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(paper, None, "nothing recorded");
}
