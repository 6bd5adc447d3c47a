//! Acceptance tests of publishing (issue 7): frozen editions, per-recipient copies with their
//! serial, manifest.json and SHA256SUMS, reproduction with identical bytes, a refused recipients
//! list producing nothing, the distribution log and `verify`.

use std::path::Path;

use predicates::prelude::*;
use sha2::{Digest, Sha256};
use tempfile::TempDir;

use crate::{last_line, sotay};

pub(crate) fn approved_handbook(db: &Path) -> String {
    let out = sotay(db)
        .args(["new", "--template", "lua-gao"])
        .output()
        .unwrap();
    let id = last_line(&out.stdout);
    sotay(db)
        .args(["publish", &id, "--label", "1.0", "--out"])
        .arg(db.with_extension("draft"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cần được duyệt"));
    sotay(db).args(["status", &id, "review"]).assert().success();
    sotay(db)
        .args(["status", &id, "approved"])
        .assert()
        .success();
    id
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn an_edition_with_recipients_makes_stamped_checkable_reproducible_copies() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = approved_handbook(&db);
    let csv = dir.path().join("nguoi-nhan.csv");
    std::fs::write(&csv, "name,unit,copies\nHTX Thuận Hòa,Ban quản trị,2\n\"Công ty TNHH Thủy sản Rạch Giá, chi nhánh 1\",Phòng chất lượng,1\n").unwrap();
    let out = dir.path().join("phat-hanh");
    let run = sotay(&db)
        .args([
            "publish",
            &h,
            "--label",
            "1.0",
            "--date",
            "2025-12-01",
            "--recipients",
        ])
        .arg(&csv)
        .args(["--formats", "html,epub", "--out"])
        .arg(&out)
        .assert()
        .success();
    let edition_id = last_line(&run.get_output().stdout);
    let names = files(&out);
    assert_eq!(names.len(), 3 * 2 + 2, "{names:?}");
    // manifest.json lists every file with its hash; SHA256SUMS agrees with the bytes.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["edition"]["id"], edition_id.as_str());
    assert_eq!(manifest["edition"]["date"], "2025-12-01");
    assert_eq!(manifest["accessible"], true);
    assert!(manifest.get("accessibility_problems").is_none());
    let listed = manifest["files"].as_array().unwrap();
    assert_eq!(listed.len(), 6);
    for f in listed {
        for key in ["serial", "recipient", "file", "bytes", "sha256"] {
            assert!(!f[key].is_null(), "{key} in {f}");
        }
    }
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    for line in sums.lines() {
        let (hash, name) = line.split_once("  ").unwrap();
        assert_eq!(
            format!(
                "{:x}",
                Sha256::digest(std::fs::read(out.join(name)).unwrap())
            ),
            hash,
            "{name}"
        );
    }
    if let Ok(status) = std::process::Command::new("sha256sum")
        .arg("-c")
        .arg("SHA256SUMS")
        .current_dir(&out)
        .output()
    {
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stdout)
        );
    }
    // Every copy carries its own serial and recipient.
    for f in listed.iter().filter(|f| f["format"] == "html") {
        let html = std::fs::read_to_string(out.join(f["file"].as_str().unwrap())).unwrap();
        let line = format!(
            "Bản số {:03} — cấp cho: {}",
            f["serial"].as_u64().unwrap(),
            f["recipient"].as_str().unwrap()
        );
        assert!(html.contains(&line), "{line}");
        // The edition is named by its label on the cover and the colophon (docs/terms.md): not
        // "Phiên bản 1.0", and its id only inside the QR code's text.
        assert!(html.contains("Ấn bản 1.0 · 01/12/2025"), "cover");
        assert!(
            html.contains("<p>Ấn bản 1.0, ngày 01/12/2025</p>"),
            "colophon"
        );
        assert!(!html.contains("Phiên bản 1.0"), "an edition is no revision");
        assert!(!html.contains("Mã ấn bản"), "no id line");
        // No address set: the QR code holds the offline code (docs/copy-code.md).
        let qr = f["qr"].as_str().unwrap();
        assert!(
            qr.starts_with(&format!(
                "SOTAY1:{}:{:03}:",
                edition_id.to_uppercase(),
                f["serial"].as_u64().unwrap()
            )),
            "{qr}"
        );
        assert!(html.contains(qr), "QR data");
    }
    // The same label reproduces the edition: identical bytes.
    let again = dir.path().join("lai");
    sotay(&db)
        .args(["publish", &h, "--label", "1.0", "--recipients"])
        .arg(&csv)
        .args(["--formats", "html,epub", "--out"])
        .arg(&again)
        .assert()
        .success()
        .stdout(predicate::str::contains("tái tạo"));
    for name in &names {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(again.join(name)).unwrap(),
            "{name}"
        );
    }
    // Another date for the same label is refused, naming the edition's date as people read it.
    sotay(&db)
        .args([
            "publish",
            &h,
            "--label",
            "1.0",
            "--date",
            "2025-12-02",
            "--recipients",
        ])
        .arg(&csv)
        .args(["--formats", "html", "--out"])
        .arg(dir.path().join("ngay-khac"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("đã phát hành ngày 01/12/2025; không đổi được ngày")
                .and(predicate::str::contains("2025-12-01").not()),
        );
    assert!(!dir.path().join("ngay-khac").exists());
    // verify: genuine copies name their recipient; anything else exits 1.
    let epub = listed
        .iter()
        .find(|f| f["format"] == "epub" && f["serial"] == 3)
        .unwrap()["file"]
        .as_str()
        .unwrap()
        .to_owned();
    sotay(&db)
        .arg("verify")
        .arg(out.join(&epub))
        .assert()
        .success()
        .stdout(predicate::str::contains("Bản số 003").and(predicate::str::contains("Rạch Giá")));
    let fake = dir.path().join("gia.html");
    std::fs::write(&fake, "<html>bản giả</html>").unwrap();
    sotay(&db).arg("verify").arg(&fake).assert().code(1);
    // The distribution log, and the handbook is now published.
    let log = sotay(&db)
        .args(["distribution", &h, "--label", "1.0", "--json"])
        .output()
        .unwrap()
        .stdout;
    let log: serde_json::Value = serde_json::from_slice(&log).unwrap();
    assert_eq!(log["copies"].as_array().unwrap().len(), 6);
    sotay(&db)
        .args(["show", &h])
        .assert()
        .success()
        .stdout(predicate::str::contains("Đã phát hành"));
    sotay(&db)
        .args(["editions", &h])
        .assert()
        .success()
        .stdout(predicate::str::contains("2025-12-01"));
    // A stamped EPUB is still a valid EPUB.
    if Path::new("/usr/share/java/epubcheck.jar").exists() {
        let o = std::process::Command::new("java")
            .args(["-jar", "/usr/share/java/epubcheck.jar"])
            .arg(out.join(&epub))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
}

#[test]
fn a_bad_recipients_file_is_refused_naming_the_row_and_nothing_is_produced() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = approved_handbook(&db);
    let out = dir.path().join("ra");
    for (csv, row) in [
        ("name,unit,copies\nA,,1\n,Phòng,2\n", "Row 3"),
        ("name,unit,copies\nA,,1\nB,,0\n", "Row 3"),
        ("name,unit,copies,email\nA,,1,a@x\n", "email"),
        (
            "name,unit,copies,kind\nA,,1,htx\nB,,1,hộ gia đình\n",
            "Row 3: unknown recipient kind “hộ gia đình”",
        ),
    ] {
        let f = dir.path().join("r.csv");
        std::fs::write(&f, csv).unwrap();
        sotay(&db)
            .args([
                "--lang",
                "en",
                "publish",
                &h,
                "--label",
                "2.0",
                "--recipients",
            ])
            .arg(&f)
            .args(["--out"])
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(row));
        assert!(!out.exists(), "nothing produced");
    }
    // No edition was frozen by the refused runs.
    let eds = sotay(&db)
        .args(["editions", &h, "--json"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&eds)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn every_page_of_every_pdf_copy_shows_its_own_serial() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = approved_handbook(&db);
    let csv = dir.path().join("r.csv");
    std::fs::write(
        &csv,
        "name,unit,copies\nHTX Thuận Hòa,,2\nSở Nông nghiệp và Môi trường,Chi cục Thủy sản,1\n",
    )
    .unwrap();
    let out = dir.path().join("in");
    sotay(&db)
        .args([
            "publish",
            &h,
            "--label",
            "2025-1",
            "--date",
            "2025-12-01",
            "--recipients",
        ])
        .arg(&csv)
        .args([
            "--formats",
            "pdf-print,pdf-screen",
            "--paper",
            "a5",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(files.len(), 6);
    let Ok(probe) = std::process::Command::new("pdftotext").arg("-v").output() else {
        assert!(
            std::env::var_os("SOTAY_REQUIRE_TOOLS").is_none(),
            "pdftotext is not installed"
        );
        return;
    };
    let _ = probe;
    for f in files {
        let path = out.join(f["file"].as_str().unwrap());
        let serial = f["serial"].as_u64().unwrap();
        let recipient = f["recipient"].as_str().unwrap();
        let text = String::from_utf8(
            std::process::Command::new("pdftotext")
                .arg(&path)
                .arg("-")
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        let stamped = pages
            .iter()
            .filter(|p| p.contains(&format!("Bản số {serial:03} — cấp cho: {recipient}")))
            .count();
        // Every numbered page (all but the cover, colophon and blank pages) carries the stamp.
        assert!(
            stamped + 3 >= pages.len(),
            "{}: {stamped} of {} pages",
            path.display(),
            pages.len()
        );
        for other in 1..=3u64 {
            if other != serial {
                assert!(
                    !text.contains(&format!("Bản số {other:03} —")),
                    "copy {serial} names copy {other}"
                );
            }
        }
    }
    // Reproduced byte for byte.
    let again = dir.path().join("lai");
    sotay(&db)
        .args(["publish", &h, "--label", "2025-1", "--recipients"])
        .arg(&csv)
        .args([
            "--formats",
            "pdf-print,pdf-screen",
            "--paper",
            "a5",
            "--out",
        ])
        .arg(&again)
        .assert()
        .success();
    for f in files {
        let name = f["file"].as_str().unwrap();
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(again.join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn a_lost_copy_is_reprinted_with_a_new_serial_and_a_note() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = approved_handbook(&db);
    let csv = dir.path().join("r.csv");
    std::fs::write(&csv, "name,unit,copies\nHTX Thuận Hòa,,2\n").unwrap();
    sotay(&db)
        .args(["publish", &h, "--label", "1.0", "--recipients"])
        .arg(&csv)
        .args(["--formats", "html", "--out"])
        .arg(dir.path().join("a"))
        .assert()
        .success();
    let out = dir.path().join("in-lai");
    sotay(&db)
        .args([
            "publish",
            &h,
            "--label",
            "1.0",
            "--reprint",
            "2",
            "--note",
            "Bản số 002 bị mất khi vận chuyển",
            "--formats",
            "html",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["files"][0]["serial"], 3);
    assert_eq!(manifest["files"][0]["recipient"], "HTX Thuận Hòa");
    let log = sotay(&db)
        .args(["distribution", &h, "--label", "1.0", "--json"])
        .output()
        .unwrap()
        .stdout;
    let log: serde_json::Value = serde_json::from_slice(&log).unwrap();
    let copy3 = log["copies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["serial"] == 3)
        .unwrap()
        .clone();
    assert_eq!(copy3["replaces"], 2);
    assert_eq!(copy3["note"], "Bản số 002 bị mất khi vận chuyển");
    // Reprinting a copy that was never issued is refused.
    sotay(&db)
        .args(["publish", &h, "--label", "1.0", "--reprint", "9", "--out"])
        .arg(dir.path().join("b"))
        .assert()
        .code(2);
}

/// Issue 18: what a screen reader would miss is checked before export. `check` lists each
/// problem at its chapter:line (warnings: a draft may have them); `publish` refuses the edition
/// (exit 2, the problems listed, nothing written, no edition frozen) unless
/// `--allow-inaccessible`, which the manifest records.
#[test]
fn accessibility_problems_are_listed_by_check_and_refused_by_publish_unless_allowed() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = sotay(&db)
        .args(["new", "--template", "tom-nuoc-lo"])
        .output()
        .unwrap();
    let h = last_line(&h.stdout);
    let img = dir.path().join("ao.png");
    std::fs::write(&img, b"\x89PNG\r\n\x1a\nnot really").unwrap();
    sotay(&db)
        .args(["attach", &h])
        .arg(&img)
        .args(["--name", "anh/ao.png"])
        .assert()
        .success();
    let md = dir.path().join("gioi-thieu.md");
    std::fs::write(
        &md,
        "# Giới thiệu chung\n\n## Mục đích\n\n#### Chi tiết\n\n![](anh/ao.png)\n\n\
         | | Ngày thả |\n|---|---|\n| Ao 1 | 01/07 |\n\n\
         Xem [tại đây](https://truyxuatnguongoc.gov.vn).\n\n\
         Traceability is the ability to follow the movement of a food through specified stages of production.\n",
    )
    .unwrap();
    sotay(&db)
        .args(["chapter", "set", &h, "gioi-thieu", "--from"])
        .arg(&md)
        .assert()
        .success();
    // check: every problem with its chapter:line; warnings only, so it exits 0.
    let out = sotay(&db).args(["check", &h]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for (place, code) in [
        ("gioi-thieu:5:1", "a11y.heading_skip"),
        ("gioi-thieu:7:1", "a11y.image_alt"),
        ("gioi-thieu:9:1", "a11y.table_header"),
        ("gioi-thieu:13:5", "a11y.link_text"),
        ("gioi-thieu:15:1", "a11y.lang"),
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(place) && l.contains(&format!("[{code}]"))),
            "{place} {code} in:\n{text}"
        );
    }
    let report = sotay(&db).args(["check", &h, "--json"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let a11y: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("a11y."))
        .collect();
    assert_eq!(a11y.len(), 5, "{a11y:#?}");
    for d in &a11y {
        assert_eq!(d["severity"], "warning", "{d}");
        assert!(
            d["message"]["en"].is_string() && d["hint"]["vi"].is_string(),
            "{d}"
        );
    }
    // Approval needs no error; publishing an inaccessible edition is refused, nothing written.
    sotay(&db).args(["status", &h, "review"]).assert().success();
    sotay(&db)
        .args(["status", &h, "approved"])
        .assert()
        .success();
    let out = dir.path().join("phat-hanh");
    let refused = sotay(&db)
        .args(["--lang", "en", "publish", &h, "--label", "1.0", "--out"])
        .arg(&out)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(
        err.contains("accessibility") && err.contains("--allow-inaccessible"),
        "{err}"
    );
    for place in ["gioi-thieu:5:1", "gioi-thieu:7:1", "gioi-thieu:15:1"] {
        assert!(err.contains(place), "{place} in {err}");
    }
    assert!(!out.exists(), "nothing written");
    sotay(&db)
        .args(["publish", &h, "--label", "1.0", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("trợ năng").and(predicate::str::contains("a11y.image_alt")),
        );
    let eds = sotay(&db)
        .args(["editions", &h, "--json"])
        .output()
        .unwrap();
    let eds: serde_json::Value = serde_json::from_slice(&eds.stdout).unwrap();
    assert_eq!(eds.as_array().unwrap().len(), 0, "no edition frozen");
    // Allowed: published, and the manifest says so.
    sotay(&db)
        .args([
            "publish",
            &h,
            "--label",
            "1.0",
            "--allow-inaccessible",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("--allow-inaccessible"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["accessible"], false);
    let problems: Vec<(&str, &str)> = manifest["accessibility_problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["code"].as_str().unwrap(), p["where"].as_str().unwrap()))
        .collect();
    assert_eq!(
        problems,
        [
            ("a11y.heading_skip", "gioi-thieu:5:1"),
            ("a11y.image_alt", "gioi-thieu:7:1"),
            ("a11y.table_header", "gioi-thieu:9:1"),
            ("a11y.link_text", "gioi-thieu:13:5"),
            ("a11y.lang", "gioi-thieu:15:1"),
        ]
    );
    // Reproducing the edition needs the flag again, and says the same.
    let again = dir.path().join("lai");
    sotay(&db)
        .args(["publish", &h, "--label", "1.0", "--out"])
        .arg(&again)
        .assert()
        .code(2);
    assert!(!again.exists());
    sotay(&db)
        .args([
            "publish",
            &h,
            "--label",
            "1.0",
            "--allow-inaccessible",
            "--out",
        ])
        .arg(&again)
        .assert()
        .success();
    let m2: serde_json::Value =
        serde_json::from_slice(&std::fs::read(again.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m2["accessible"], false);
    assert_eq!(
        m2["accessibility_problems"].as_array().unwrap().len(),
        problems.len()
    );
}

#[test]
fn whoami_sets_the_identity_that_editions_name() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let who = || {
        let mut c = sotay(&db);
        c.env_remove("SOTAY_AUTHOR");
        c
    };
    let show = |c: &mut assert_cmd::Command| -> serde_json::Value {
        serde_json::from_slice(&c.args(["whoami", "--json"]).output().unwrap().stdout).unwrap()
    };
    assert_eq!(show(&mut who())["identity"], serde_json::Value::Null);
    // The name is required; nothing is stored without it.
    who()
        .args([
            "whoami",
            "--set",
            "--name",
            "  ",
            "--position",
            "Chuyên viên",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("họ và tên"));
    who()
        .args([
            "whoami",
            "--set",
            "--name",
            " Trần Văn Bình ",
            "--position",
            "Phó phòng",
            "--unit",
            "Sở KH&CN tỉnh An Giang",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Trần Văn Bình").and(predicate::str::contains("Phó phòng")),
        );
    let v = show(&mut who());
    assert_eq!(v["name"], "Trần Văn Bình");
    assert_eq!(v["identity"]["position"], "Phó phòng");
    assert_eq!(v["identity"]["unit"], "Sở KH&CN tỉnh An Giang");
    // SOTAY_AUTHOR still wins for one command.
    assert_eq!(
        show(sotay(&db).env("SOTAY_AUTHOR", "Lê Thị C"))["name"],
        "Lê Thị C"
    );

    let id = last_line(
        &who()
            .args(["new", "--template", "lua-gao"])
            .output()
            .unwrap()
            .stdout,
    );
    who().args(["status", &id, "review"]).assert().success();
    who().args(["status", &id, "approved"]).assert().success();
    who()
        .args([
            "publish",
            &id,
            "--label",
            "1.0",
            "--formats",
            "html",
            "--out",
        ])
        .arg(dir.path().join("a"))
        .assert()
        .success();
    let eds: serde_json::Value = serde_json::from_slice(
        &who()
            .args(["editions", &id, "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(eds[0]["created_by"], "Trần Văn Bình");
    let hist = String::from_utf8(who().args(["history", &id]).output().unwrap().stdout).unwrap();
    assert!(hist.contains("Trần Văn Bình"), "{hist}");
}
