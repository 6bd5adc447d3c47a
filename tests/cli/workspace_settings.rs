//! Cài đặt's backups and editions' paper from the command line (issue 17): `sotay backup`
//! without --out writes a dated backup beside the workspace that `sotay recover backups` lists,
//! and `sotay publish` without --paper prints on the workspace's paper.

use std::path::Path;

use predicates::prelude::*;
use tempfile::TempDir;

use crate::publishing::approved_handbook;
use crate::sotay;

#[test]
fn a_backup_without_out_goes_beside_the_workspace_with_the_time_in_its_name() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    sotay(&db).arg("sample").assert().success();
    let at = ["--now", "2026-12-07T09:30:05Z", "backup"];
    sotay(&db)
        .args(at)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ws.db.sao-luu-20261207-093005.bak",
        ));
    // The same second again: a new name, nothing overwritten.
    sotay(&db)
        .args(at)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ws.db.sao-luu-20261207-093005-2.bak",
        ));
    let out = sotay(&db)
        .args(["recover", "backups", "--json"])
        .assert()
        .success();
    let found: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{found}");
    assert!(names.contains(&"ws.db.sao-luu-20261207-093005.bak"));
    assert!(names.contains(&"ws.db.sao-luu-20261207-093005-2.bak"));
}

fn page_size(pdf: &Path) -> Option<String> {
    let out = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .find(|l| l.starts_with("Page size:"))
        .map(str::to_owned)
}

#[test]
fn publish_without_paper_uses_the_workspace_paper_and_a_bad_paper_is_refused() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = approved_handbook(&db);
    let show = |db: &Path| -> serde_json::Value {
        let out = sotay(db)
            .args(["settings", "paper", "show", "--json"])
            .assert()
            .success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    };
    let d = show(&db);
    assert_eq!(d["paper"], "a4");
    assert_eq!(d["body_font"], "Noto Serif");
    sotay(&db)
        .args(["settings", "paper", "set", "letter"])
        .assert()
        .code(2);
    assert_eq!(show(&db)["paper"], "a4", "nothing recorded");
    sotay(&db)
        .args(["settings", "paper", "set", "a5"])
        .assert()
        .success()
        .stdout(predicate::str::contains("A5"));
    assert_eq!(show(&db)["paper"], "a5");
    let publish = |label: &str, paper: Option<&str>| {
        let out = dir.path().join(label);
        let mut cmd = sotay(&db);
        cmd.args(["publish", &h, "--label", label, "--formats", "pdf-screen"]);
        if let Some(p) = paper {
            cmd.args(["--paper", p]);
        }
        cmd.arg("--out").arg(&out).assert().success();
        let pdf = std::fs::read_dir(&out)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "pdf"))
            .unwrap();
        page_size(&pdf)
    };
    let default = publish("1.0", None);
    let asked = publish("1.1", Some("a4"));
    let (Some(default), Some(asked)) = (default, asked) else {
        assert!(
            std::env::var_os("SOTAY_REQUIRE_TOOLS").is_none(),
            "pdfinfo is not installed"
        );
        return;
    };
    // A5 is 148 × 210 mm (419.5 × 595.3 pt), A4 210 × 297 mm (595.3 × 841.9 pt).
    assert!(
        default.contains("419.5") && default.contains("595.2"),
        "{default}"
    );
    assert!(
        asked.contains("595.2") && asked.contains("841.8"),
        "{asked}"
    );
}
