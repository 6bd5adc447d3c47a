//! Change bars between editions (issue 21) through the real binary: a second edition after a
//! changed paragraph, an added section, a moved paragraph, a removed table row and a chapter
//! inserted before others (which renumbers them: no false bars); the manifest's record, the
//! change list in the PDF, HTML and EPUB, byte-identical reproduction, `--no-change-bars`,
//! `--compare-with`, and `sotay report changes` in PDF, HTML and Word.

use std::io::Read;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

use crate::publishing::approved_handbook;
use crate::sotay;

fn have(tool: &str) -> bool {
    std::process::Command::new(tool).arg("-v").output().is_ok()
}

fn pdftotext(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn edit(db: &Path, h: &str, chapter: &str, change: impl Fn(String) -> String) {
    let out = sotay(db)
        .args(["chapter", "get", h, chapter])
        .output()
        .unwrap();
    assert!(out.status.success());
    let before = String::from_utf8(out.stdout).unwrap();
    let after = change(before.clone());
    assert_ne!(before, after, "the edit of {chapter} changed nothing");
    let file = db.with_extension(format!("{chapter}.md"));
    std::fs::write(&file, after).unwrap();
    sotay(db)
        .args(["chapter", "set", h, chapter, "--from"])
        .arg(&file)
        .assert()
        .success();
}

fn publish(db: &Path, h: &str, label: &str, out: &Path, extra: &[&str]) -> Value {
    sotay(db)
        .args(["publish", h, "--label", label, "--date", "2026-03-01"])
        .args(["--formats", "pdf-screen,html,epub", "--out"])
        .arg(out)
        .args(extra)
        .assert()
        .success();
    serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap()
}

fn file_of(out: &Path, manifest: &Value, format: &str) -> std::path::PathBuf {
    let f = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["format"] == format)
        .unwrap();
    out.join(f["file"].as_str().unwrap())
}

const MOVED: &str =
    "Hiện chưa có tiêu chuẩn quốc gia riêng về truy xuất nguồn gốc cho chuỗi lúa gạo.";

/// Edition 1.0, then 1.1 after the edits.
fn two_editions(dir: &TempDir) -> (std::path::PathBuf, String) {
    let db = dir.path().join("ws.db");
    let h = approved_handbook(&db);
    let first = publish(&db, &h, "1.0", &dir.path().join("v1"), &[]);
    assert!(
        first.get("changes").is_none(),
        "a first edition compares with nothing"
    );
    sotay(&db).args(["status", &h, "draft"]).assert().success();
    edit(&db, &h, "gioi-thieu", |s| {
        // A changed paragraph, a paragraph moved to another section, an added section.
        let start = s.find(MOVED).unwrap();
        let end = start + s[start..].find("\n\n").unwrap();
        let para = s[start..end].to_owned();
        let s = s.replacen(&format!("{para}\n\n"), "", 1);
        let s = s.replacen(
            "## Đối tượng sử dụng",
            &format!("{para}\n\n## Đối tượng sử dụng"),
            1,
        );
        let s = s.replacen(
            "Sổ tay là tài liệu dùng chung cho mọi bên",
            "Sổ tay là tài liệu dùng chung bắt buộc cho mọi bên",
            1,
        );
        format!("{s}\n## Nhật ký điện tử\n\nTừ vụ Đông Xuân 2026, nhật ký đồng ruộng được ghi trên điện thoại.\n")
    });
    edit(&db, &h, "dinh-danh", |s| {
        s.replacen(
            "| Mã số thuế | Cơ quan thuế cấp | Dùng trên hóa đơn, hợp đồng |\n",
            "",
            1,
        )
    });
    // A new chapter after the introduction: every later chapter is renumbered.
    sotay(&db)
        .args([
            "chapter",
            "add",
            &h,
            "Hướng dẫn nhanh",
            "--after",
            "gioi-thieu",
        ])
        .assert()
        .success();
    edit(&db, &h, "Hướng dẫn nhanh", |_| {
        "# Hướng dẫn nhanh\n\nĐọc chương này trước khi ghi nhật ký.\n".to_owned()
    });
    sotay(&db).args(["status", &h, "review"]).assert().success();
    sotay(&db)
        .args(["status", &h, "approved"])
        .assert()
        .success();
    (db, h)
}

#[test]
fn a_second_edition_marks_what_changed_and_only_that() {
    let dir = TempDir::new().unwrap();
    let (db, h) = two_editions(&dir);
    let out = dir.path().join("v2");
    let m = publish(&db, &h, "1.1", &out, &[]);
    let c = &m["changes"];
    assert_eq!(c["against"], "1.0");
    let listed: Vec<(String, String)> = c["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let label = s["label"].as_str().unwrap_or("").to_owned();
            (
                format!("{label} {}", s["title"].as_str().unwrap())
                    .trim()
                    .to_owned(),
                s["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want = [
        ("1.1 Mục đích của sổ tay", "changed"),
        ("1.3 Căn cứ pháp lý và kỹ thuật", "changed"),
        ("1.7 Nhật ký điện tử", "added"),
        ("Chương 2 Hướng dẫn nhanh", "added"),
        ("6.1 Định danh tổ chức", "changed"),
    ];
    let got: Vec<(&str, &str)> = listed
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    // Renumbered chapters (3, 4, 5…) bring no entry of their own: no false bars.
    assert_eq!(got, want, "{c:#}");
    assert_eq!(
        c["blocks"]["moved"], 1,
        "the paragraph moved, not removed and added: {c:#}"
    );
    assert_eq!(c["blocks"]["removed"], 0);

    // The HTML marks the blocks and lists the changes after the contents.
    let html = std::fs::read_to_string(file_of(&out, &m, "html")).unwrap();
    let list = html
        .find("Những thay đổi so với ấn bản 1.0")
        .expect("the change list");
    assert!(html.find("id=\"toc-title\"").unwrap() < list);
    assert!(html.contains(
        "<div class=\"change change-changed\"><span class=\"visually-hidden\">Đã sửa đổi:</span>"
    ));
    assert!(html.contains("change change-moved"));
    assert!(html.contains("change change-added"));
    assert!(
        html.contains("<del>Nội dung ở đây đã chuyển sang chỗ khác.</del>"),
        "where the moved paragraph was"
    );
    assert!(html.contains(".change {"), "the marks' styles");
    // The removed table row is noted in its table, where it was; the table is not marked as a
    // whole.
    assert!(
        html.contains("<tr class=\"change-removed-row\"><td colspan=\"3\"><del>Đã bãi bỏ 1 dòng ở đây.</del></td></tr>"),
        "the removed row"
    );
    assert!(!html.contains(
        "<span class=\"visually-hidden\">Đã sửa đổi:</span>\n<div class=\"table-wrap\">"
    ));

    // The EPUB has the change list in its spine and passes epubcheck.
    let epub = file_of(&out, &m, "epub");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    let mut xhtml = String::new();
    zip.by_name("EPUB/changes.xhtml")
        .unwrap()
        .read_to_string(&mut xhtml)
        .unwrap();
    assert!(
        xhtml.contains("6.1 Định danh tổ chức</a> — <span class=\"kind\">sửa đổi</span>"),
        "{xhtml}"
    );
    crate::export::epubcheck(&epub);

    // The PDF lists each entry with its page, after the contents.
    if have("pdftotext") {
        let text = pdftotext(&file_of(&out, &m, "pdf-screen"));
        let at = text.find("Những thay đổi so với ấn bản 1.0").unwrap();
        assert!(text.find("Mục lục").unwrap() < at);
        for (entry, kind) in [
            ("1.1 Mục đích của sổ tay", "sửa đổi"),
            ("1.7 Nhật ký điện tử", "thêm mới"),
            ("Chương 2. Hướng dẫn nhanh", "thêm mới"),
            ("6.1 Định danh tổ chức", "sửa đổi"),
        ] {
            let line = text[at..]
                .lines()
                .find(|l| l.trim_start().starts_with(entry))
                .unwrap_or_else(|| panic!("{entry}"));
            assert!(line.contains(&format!("— {kind}")), "{line}");
            assert!(
                line.trim_end()
                    .rsplit(' ')
                    .next()
                    .unwrap()
                    .parse::<u32>()
                    .is_ok(),
                "{line}"
            );
        }
    }

    // Published again: the same bytes, the same bars.
    let again = dir.path().join("v2-again");
    let m2 = publish(&db, &h, "1.1", &again, &[]);
    assert_eq!(m["files"], m2["files"]);
    assert_eq!(m["changes"], m2["changes"]);
    // …and the comparison cannot change.
    sotay(&db)
        .args(["publish", &h, "--label", "1.1", "--no-change-bars", "--out"])
        .arg(dir.path().join("v2-off"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("so sánh với ấn bản 1.0"));
    assert!(!dir.path().join("v2-off").exists());
}

#[test]
fn bars_can_be_turned_off_or_compared_with_an_older_edition() {
    let dir = TempDir::new().unwrap();
    let (db, h) = two_editions(&dir);
    // An edition that does not exist: refused, nothing made.
    sotay(&db)
        .args([
            "publish",
            &h,
            "--label",
            "1.1",
            "--compare-with",
            "0.9",
            "--out",
        ])
        .arg(dir.path().join("bad"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("chưa có ấn bản “0.9”"));
    assert!(!dir.path().join("bad").exists());
    let out = dir.path().join("off");
    let m = publish(&db, &h, "1.1", &out, &["--no-change-bars"]);
    assert_eq!(m["changes"], serde_json::json!({ "disabled": true }));
    let html = std::fs::read_to_string(file_of(&out, &m, "html")).unwrap();
    assert!(!html.contains("Những thay đổi") && !html.contains("class=\"change"));
    // A later edition compared explicitly with 1.0 rather than the previous 1.1.
    sotay(&db).args(["status", &h, "draft"]).assert().success();
    sotay(&db).args(["status", &h, "review"]).assert().success();
    sotay(&db)
        .args(["status", &h, "approved"])
        .assert()
        .success();
    let m = publish(
        &db,
        &h,
        "1.2",
        &dir.path().join("v3"),
        &["--compare-with", "1.0"],
    );
    assert_eq!(m["changes"]["against"], "1.0");
    assert_eq!(m["changes"]["sections"].as_array().unwrap().len(), 5);
}

#[test]
fn the_comparison_report_shows_the_changed_words() {
    let dir = TempDir::new().unwrap();
    let (db, h) = two_editions(&dir);
    publish(&db, &h, "1.1", &dir.path().join("v2"), &[]);
    let report = |format: &str| {
        let out = dir.path().join(format!("so-sanh.{format}"));
        sotay(&db)
            .args([
                "report", "changes", &h, "--from", "1.0", "--to", "1.1", "--format", format, "-o",
            ])
            .arg(&out)
            .assert()
            .success();
        out
    };
    let html = std::fs::read_to_string(report("html")).unwrap();
    assert!(html.contains("So sánh ấn bản 1.1 với ấn bản 1.0"));
    assert!(html.contains("1.1 Mục đích của sổ tay — sửa đổi"));
    assert!(
        html.contains("<strong>bắt buộc</strong>"),
        "the added word in bold"
    );
    assert!(html.contains("Mã số thuế"), "the removed row");
    if have("pdftotext") {
        let text = pdftotext(&report("pdf"));
        for s in [
            "So sánh ấn bản 1.1 với ấn bản 1.0",
            "6.1 Định danh tổ chức — sửa đổi",
            "Chương 2. Hướng dẫn nhanh — thêm mới",
            "bắt buộc",
        ] {
            assert!(text.contains(s), "{s}");
        }
    }
    let mut zip = zip::ZipArchive::new(std::fs::File::open(report("docx")).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("<w:strike"), "removed words struck through");
    assert!(xml.contains("Mã số thuế"));
    // Unknown editions: exit 2.
    sotay(&db)
        .args([
            "report", "changes", &h, "--from", "1.0", "--to", "2.0", "--format", "html", "-o",
        ])
        .arg(dir.path().join("x.html"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("chưa có ấn bản “2.0”"));
}
