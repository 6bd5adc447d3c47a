//! Acceptance tests of the authoring commands (issue 3): new, check, template check, chapter,
//! history, diff, restore, status — through the real binary on a temporary database.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

use crate::{handbook, last_line, new_handbook, sotay, Handbook};

fn dump(db: &Path) -> Vec<u8> {
    // The database's logical content, to prove that refused commands change nothing.
    let mut out = Vec::new();
    for args in [["list", "--json"], ["pilots", "--json"]] {
        out.extend(sotay(db).args(args).output().unwrap().stdout);
    }
    out
}

#[test]
fn every_builtin_template_makes_a_handbook_that_checks_clean() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    for template in ["tom-nuoc-lo", "lua-gao"] {
        let id = new_handbook(&db, template);
        assert_eq!(id.len(), 36, "the last line is the id: {id}");
        let out = sotay(&db).args(["check", &id, "--json"]).assert().success();
        let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        assert_eq!(report["errors"], 0, "{template}: {report:#}");
        // Issue 18: nothing a screen reader would miss (no `a11y.*` warning): a handbook made
        // from a built-in template can be published as it is.
        let a11y: Vec<&serde_json::Value> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"].as_str().unwrap_or("").starts_with("a11y."))
            .collect();
        assert!(a11y.is_empty(), "{template}: {a11y:#?}");
        let view = sotay(&db)
            .args(["show", &id, "--json"])
            .output()
            .unwrap()
            .stdout;
        let view: serde_json::Value = serde_json::from_slice(&view).unwrap();
        assert!(view["chapters"].as_array().unwrap().len() >= 15);
    }
}

#[test]
fn a_wrong_gtin_with_set_exits_2_names_the_variable_and_creates_nothing() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let before = dump(&db);
    sotay(&db)
        .args([
            "new",
            "--template",
            "tom-nuoc-lo",
            "--set",
            "product.gtin=8934567000014",
        ])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("product.gtin")
                .and(predicate::str::contains("chữ số kiểm tra là 4")),
        );
    sotay(&db)
        .args([
            "--lang",
            "en",
            "new",
            "--template",
            "lua-gao",
            "--set",
            "organization.gln=123",
        ])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("organization.gln").and(predicate::str::contains("3 digits")),
        );
    sotay(&db)
        .args([
            "new",
            "--template",
            "lua-gao",
            "--set",
            "product.gtn=8931234567897",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("product.gtin"));
    assert_eq!(dump(&db), before);
    sotay(&db)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Chưa có sổ tay nào"));
}

#[test]
fn new_takes_a_vars_file_and_set_values_and_a_title() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    // Start from the sample values, change a few.
    let id = new_handbook(&db, "tom-nuoc-lo");
    let vars = sotay(&db).args(["vars", &id]).output().unwrap().stdout;
    let vars_file = dir.path().join("vars.toml");
    std::fs::write(&vars_file, &vars).unwrap();
    let out = sotay(&db)
        .args(["new", "--template", "tom-nuoc-lo", "--vars"])
        .arg(&vars_file)
        .args([
            "--set",
            "product.name=Tôm thẻ chân trắng Rạch Giá",
            "--title",
            "Sổ tay thử",
        ])
        .assert()
        .success();
    let id2 = last_line(&out.get_output().stdout);
    let view = sotay(&db)
        .args(["show", &id2, "--json"])
        .output()
        .unwrap()
        .stdout;
    let view: serde_json::Value = serde_json::from_slice(&view).unwrap();
    assert_eq!(view["summary"]["title"], "Sổ tay thử");
    assert_eq!(view["summary"]["product"], "Tôm thẻ chân trắng Rạch Giá");
    // A vars file with a TOML error names its line and column.
    std::fs::write(&vars_file, "[product]\nname = \"x\nx").unwrap();
    sotay(&db)
        .args(["new", "--template", "tom-nuoc-lo", "--vars"])
        .arg(&vars_file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("vars.toml:2:"));
}

#[test]
fn edits_are_revisions_that_survive_restarts_and_restoring_adds_one() {
    let Handbook { dir, db, id } = handbook("lua-gao");
    let md = dir.path().join("ch.md");
    std::fs::write(
        &md,
        "# Giới thiệu chung\n\nBản sửa thứ nhất: thu hoạch lúa ST25 trong 4 giờ.\n",
    )
    .unwrap();
    sotay(&db)
        .env("SOTAY_AUTHOR", "Phạm Minh Đức")
        .args(["chapter", "set", &id, "gioi-thieu", "--from"])
        .arg(&md)
        .args(["--message", "Rút gọn phần mở đầu"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Đã lưu lần sửa #19"));
    std::fs::write(
        &md,
        "# Giới thiệu chung\n\nBản sửa thứ hai: thu hoạch lúa ST24 trong 2 giờ.\n",
    )
    .unwrap();
    sotay(&db)
        .args(["chapter", "set", &id, "gioi-thieu", "--from"])
        .arg(&md)
        .args(["--message", "Sửa giống"])
        .assert()
        .success();
    // Saving the same text again is not a new revision.
    sotay(&db)
        .args(["chapter", "set", &id, "gioi-thieu", "--from"])
        .arg(&md)
        .assert()
        .success()
        .stdout(predicate::str::contains("Không có thay đổi"));

    // A new process: the history is there.
    let out = sotay(&db)
        .args(["history", &id, "--chapter", "gioi-thieu", "--json"])
        .assert()
        .success();
    let history: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let numbers: Vec<u64> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [20, 19, 2]);
    assert_eq!(history[1]["author"], "Phạm Minh Đức");
    assert_eq!(history[1]["message"], "Rút gọn phần mở đầu");

    sotay(&db)
        .args(["diff", &id, "19", "20"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("[-ST25-]{+ST24+}")
                .and(predicate::str::contains("[-4-]{+2+}")),
        );

    sotay(&db)
        .args(["restore", &id, "19"])
        .assert()
        .success()
        .stdout(predicate::str::contains("#21"));
    let src = sotay(&db)
        .args(["chapter", "get", &id, "gioi-thieu"])
        .output()
        .unwrap()
        .stdout;
    assert!(String::from_utf8(src).unwrap().contains("thứ nhất"));
    // Nothing was lost: revision 20 is still there.
    sotay(&db)
        .args(["diff", &id, "20", "21"])
        .assert()
        .success();
}

#[test]
fn chapters_can_be_added_moved_renamed_removed_and_restored() {
    let Handbook { dir: _dir, db, id } = handbook("tom-nuoc-lo");
    sotay(&db)
        .args([
            "chapter",
            "add",
            &id,
            "Phụ lục D. Ảnh hiện trường",
            "--level",
            "O",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("phu-luc-d-anh-hien-truong"));
    sotay(&db)
        .args(["chapter", "move", &id, "phu-luc-d-anh-hien-truong", "1"])
        .assert()
        .success();
    sotay(&db)
        .args([
            "chapter",
            "rename",
            &id,
            "phu-luc-d-anh-hien-truong",
            "Ảnh hiện trường",
        ])
        .assert()
        .success();
    let show = |db: &PathBuf| {
        let v = sotay(db)
            .args(["show", &id, "--json"])
            .output()
            .unwrap()
            .stdout;
        serde_json::from_slice::<serde_json::Value>(&v).unwrap()
    };
    assert_eq!(show(&db)["chapters"][0]["title"], "Ảnh hiện trường");
    // Removing a mandatory chapter is an error in check; restoring brings it back.
    sotay(&db)
        .args(["chapter", "remove", &id, "thu-hoi"])
        .assert()
        .success();
    let out = sotay(&db).args(["check", &id, "--json"]).assert().code(1);
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "chapter.missing"),
        "{report:#}"
    );
    let history = sotay(&db)
        .args(["history", &id, "--chapter", "thu-hoi", "--json"])
        .output()
        .unwrap()
        .stdout;
    let history: serde_json::Value = serde_json::from_slice(&history).unwrap();
    assert_eq!(history[0]["kind"], "remove");
    let removed = history[0]["number"].as_u64().unwrap().to_string();
    sotay(&db)
        .args(["restore", &id, &removed])
        .assert()
        .success();
    sotay(&db).args(["check", &id]).assert().success();
}

#[test]
fn check_reports_errors_with_chapter_line_column_and_exits_1_until_fixed() {
    let Handbook { dir, db, id } = handbook("tom-nuoc-lo");
    let md = dir.path().join("bad.md");
    std::fs::write(&md, "# Giới thiệu chung\n\nSản phẩm {{ product.nam }}.\n").unwrap();
    sotay(&db)
        .args(["chapter", "set", &id, "gioi-thieu", "--from"])
        .arg(&md)
        .assert()
        .success();
    sotay(&db).args(["check", &id]).assert().code(1).stdout(
        predicate::str::contains("gioi-thieu:3:13").and(predicate::str::contains("product.nam")),
    );
    std::fs::write(
        &md,
        "# Giới thiệu chung\n\nMã GTIN 8934567000014, xem [mục](#khong-co), biểu mẫu BM-99, \
         liên kết https://id.gs1.org/01/08931234567897/21/S1/10/L1.\n\n![ảnh](anh/khong-co.jpg)\n",
    )
    .unwrap();
    sotay(&db)
        .args(["chapter", "set", &id, "gioi-thieu", "--from"])
        .arg(&md)
        .assert()
        .success();
    let out = sotay(&db).args(["check", &id, "--json"]).assert().code(1);
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let mut codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "form.missing",
            "id.digital_link",
            "id.gtin",
            "image.missing",
            "xref.unresolved"
        ]
    );
    for d in report["diagnostics"].as_array().unwrap() {
        assert!(
            d["line"].is_u64() && d["column"].is_u64() && d["hint"]["vi"].is_string(),
            "{d}"
        );
        assert!(d["message"]["vi"].is_string() && d["message"]["en"].is_string());
    }
    std::fs::write(&md, "# Giới thiệu chung\n\nNội dung đã sửa.\n").unwrap();
    sotay(&db)
        .args(["chapter", "set", &id, "gioi-thieu", "--from"])
        .arg(&md)
        .assert()
        .success();
    sotay(&db).args(["check", &id]).assert().success();
}

/// Issue 15: `check` reads the Markdown through the document model the exports use, so a broken
/// reference is one diagnostic, with the export's code, chapter, line and column, and a link
/// to a heading the HTML resolves is not reported.
#[test]
fn check_reports_a_broken_reference_once_where_the_export_does() {
    let Handbook { dir, db, id } = handbook("tom-nuoc-lo");
    let md = dir.path().join("ref.md");
    std::fs::write(
        &md,
        "# Giới thiệu chung\n\nNội dung.\n\n## Điều cần biết\n\n\
         Xem [điều cần biết](#dieu-can-biet) và [mục cũ](#muc-cu).\n",
    )
    .unwrap();
    sotay(&db)
        .args(["chapter", "set", &id, "gioi-thieu", "--from"])
        .arg(&md)
        .assert()
        .success();
    let out = sotay(&db).args(["check", &id, "--json"]).assert().code(1);
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let links: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            let code = d["code"].as_str().unwrap();
            code.starts_with("xref.") || code.starts_with("link.")
        })
        .collect();
    assert_eq!(links.len(), 1, "{report:#}");
    let d = links[0];
    assert_eq!(
        (&d["code"], &d["file"], &d["line"], &d["column"]),
        (
            &serde_json::json!("xref.unresolved"),
            &serde_json::json!("gioi-thieu"),
            &serde_json::json!(7),
            &serde_json::json!(48)
        ),
        "{d}"
    );
    assert_eq!(d["severity"], "error");
    // The export warns about the same reference, once, at the same place.
    let html = dir.path().join("out.html");
    let out = sotay(&db)
        .args(["export", &id, "--format", "html", "-o"])
        .arg(&html)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(stderr.matches("#muc-cu").count(), 1, "{stderr}");
    assert!(stderr.contains("gioi-thieu:7:48: "), "{stderr}");
    assert!(!stderr.contains("dieu-can-biet"), "{stderr}");
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(
        html.contains("href=\"#dieu-can-biet\""),
        "the HTML resolves it"
    );
}

#[test]
fn the_workflow_moves_along_its_edges_and_approved_handbooks_are_read_only() {
    let Handbook { dir, db, id } = handbook("lua-gao");
    sotay(&db)
        .args(["status", &id, "approved"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Không thể chuyển"));
    sotay(&db)
        .args(["status", &id, "review"])
        .assert()
        .success();
    sotay(&db)
        .env("SOTAY_AUTHOR", "Giám đốc Sở")
        .args(["status", &id, "approved", "--note", "QĐ số 15/QĐ-SKHCN"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Đã duyệt")
                .and(predicate::str::contains("Giám đốc Sở — QĐ số 15/QĐ-SKHCN")),
        );
    let md = dir.path().join("x.md");
    std::fs::write(&md, "# X\n\nY.\n").unwrap();
    sotay(&db)
        .args(["chapter", "set", &id, "gioi-thieu", "--from"])
        .arg(&md)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("chỉ đọc"));
    // Reopening starts version 2 and allows editing again.
    sotay(&db)
        .args(["status", &id, "draft"])
        .assert()
        .success()
        .stdout(predicate::str::contains("phiên bản 2"));
    sotay(&db)
        .args(["chapter", "set", &id, "gioi-thieu", "--from"])
        .arg(&md)
        .assert()
        .success();
}

#[test]
fn approval_is_refused_while_check_has_errors() {
    let Handbook { dir, db, id } = handbook("tom-nuoc-lo");
    let md = dir.path().join("x.md");
    std::fs::write(&md, "# Thu hồi\n").unwrap();
    sotay(&db)
        .args(["chapter", "set", &id, "thu-hoi", "--from"])
        .arg(&md)
        .assert()
        .success();
    sotay(&db)
        .args(["status", &id, "review"])
        .assert()
        .success();
    sotay(&db)
        .args(["--lang", "en", "status", &id, "approved"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Cannot approve"));
}

#[test]
fn template_check_reports_every_problem_with_file_line_column() {
    let dir = TempDir::new().unwrap();
    let t = dir.path().join("mau");
    std::fs::create_dir_all(t.join("chapters")).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../handbook-templates/lua-gao");
    // A good template passes.
    Command::cargo_bin("sotay")
        .unwrap()
        .args(["template", "check"])
        .arg(&src)
        .assert()
        .success();
    // Break a copy of it in three places.
    copy_dir(&src, &t);
    let manifest = std::fs::read_to_string(t.join("template.toml")).unwrap();
    std::fs::write(
        t.join("template.toml"),
        manifest.replace(
            "file = \"chapters/08-thu-hoi.md\"",
            "file = \"chapters/08-khong-co.md\"",
        ),
    )
    .unwrap();
    let ch = t.join("chapters/01-gioi-thieu.md");
    let text = std::fs::read_to_string(&ch).unwrap();
    std::fs::write(
        &ch,
        text.replacen("{{ product.name }}", "{{ product.ten }}", 1),
    )
    .unwrap();
    let vars = std::fs::read_to_string(t.join("sample-vars.toml")).unwrap();
    let gtin_line = vars
        .lines()
        .position(|l| l.trim_start().starts_with("gtin ="))
        .unwrap()
        + 1;
    let bad = regex_free_replace_gtin(&vars);
    std::fs::write(t.join("sample-vars.toml"), bad).unwrap();
    let out = Command::cargo_bin("sotay")
        .unwrap()
        .args(["template", "check"])
        .arg(&t)
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("template.toml:"), "{stdout}");
    assert!(stdout.contains("template.chapter_file"), "{stdout}");
    assert!(
        stdout.contains(&format!("sample-vars.toml:{gtin_line}:")),
        "{stdout}"
    );
    assert!(
        stdout.contains("chapters/01-gioi-thieu.md:") && stdout.contains("product.ten"),
        "{stdout}"
    );
    // A manifest that is not TOML at all: one error at its position.
    std::fs::write(t.join("template.toml"), "id = \"x\"\nname = {\n").unwrap();
    Command::cargo_bin("sotay")
        .unwrap()
        .args(["--lang", "en", "template", "check"])
        .arg(&t)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("template.toml:2:"));
    // Not a folder: bad input.
    Command::cargo_bin("sotay")
        .unwrap()
        .args(["template", "check"])
        .arg(dir.path().join("none"))
        .assert()
        .code(2);
}

/// Replaces the first `gtin = "…"` value with one whose check digit is wrong.
fn regex_free_replace_gtin(vars: &str) -> String {
    let mut out = String::new();
    let mut done = false;
    for line in vars.lines() {
        if !done && line.trim_start().starts_with("gtin =") {
            out.push_str("gtin = \"8934567000014\"\n");
            done = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn attachments_are_deduplicated_and_satisfy_image_references() {
    let Handbook { dir, db, id } = handbook("tom-nuoc-lo");
    let img = dir.path().join("ao.png");
    std::fs::write(&img, b"\x89PNG\r\n\x1a\nnot really").unwrap();
    sotay(&db)
        .args(["attach", &id])
        .arg(&img)
        .args(["--name", "anh/ao-01.png"])
        .assert()
        .success()
        .stdout(predicate::str::contains("sha256:"));
    sotay(&db)
        .args(["attach", &id])
        .arg(&img)
        .args(["--name", "anh/ao-02.png"])
        .assert()
        .success();
    let md = dir.path().join("x.md");
    std::fs::write(
        &md,
        "# Giới thiệu chung\n\n![Ao nuôi số 1](anh/ao-01.png)\n",
    )
    .unwrap();
    sotay(&db)
        .args(["chapter", "set", &id, "gioi-thieu", "--from"])
        .arg(&md)
        .assert()
        .success();
    sotay(&db).args(["check", &id]).assert().success();
    sotay(&db)
        .args(["attach", &id])
        .arg(dir.path().join("none.png"))
        .assert()
        .code(2);
}

#[test]
fn check_lints_a_handbooks_chapters_against_its_template() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = crate::new_handbook(&db, "lua-gao");
    let md = dir.path().join("c.md");
    std::fs::write(
        &md,
        "# Lời nói đầu\n\nHàng xếp lên côngtenơ. Vùng đất {{ province.legacy_name }} cũ theo Quyết định số 999/QĐ-UBND.\n",
    )
    .unwrap();
    sotay(&db)
        .args(["chapter", "set", &h, "loi-noi-dau", "--from"])
        .arg(&md)
        .assert()
        .success();
    let codes = |db: &Path| -> Vec<String> {
        let out = sotay(db).args(["check", &h, "--json"]).output().unwrap();
        let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        d["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["file"] == "loi-noi-dau")
            .map(|x| x["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let with_value = codes(&db);
    assert!(
        with_value.contains(&"lint.spelling".to_owned()),
        "{with_value:?}"
    );
    assert!(with_value.contains(&"lint.legal_reference".to_owned()));
    assert!(
        !with_value.contains(&"lint.unguarded_optional".to_owned()),
        "the value is there"
    );
    sotay(&db)
        .args(["vars", &h, "--set", "province.legacy_name="])
        .assert()
        .success();
    assert!(codes(&db).contains(&"lint.unguarded_optional".to_owned()));
}
