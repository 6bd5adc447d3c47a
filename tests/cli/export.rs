//! Acceptance tests of `sotay export` (issue 4): both template handbooks and arbitrary Markdown
//! to single-file HTML and EPUB 3 — every sentence and table cell present (NFC), no script, no
//! network reference, epubcheck clean, byte-identical on repeat, atomic output, exit codes.

use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

use crate::sotay;

fn nfc_squash(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().filter(|c| !c.is_whitespace()).collect()
}

/// The visible text of HTML/XHTML: tags removed (with `<style>`), entities decoded.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push(' ');
        let after = &rest[i..];
        let skip_to = if after.starts_with("<style") {
            after.find("</style>").map_or(after.len(), |e| e + 8)
        } else {
            after.find('>').map_or(after.len(), |e| e + 1)
        };
        rest = &after[skip_to..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#160;", " ")
        .replace("&amp;", "&")
}

/// Sentences (≥ 12 characters) and table cells of Markdown, the way the outside check reads them.
fn units(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in md.lines() {
        let t = line.trim();
        if t.is_empty()
            || t.contains('<')
            || t.starts_with("[^")
            || t.starts_with("```")
            || t.starts_with("![")
        {
            continue;
        }
        if t.starts_with('|') {
            for c in t.trim_matches('|').split('|') {
                let c = c.trim();
                if !c.is_empty() && !c.chars().all(|ch| matches!(ch, '-' | ':')) {
                    out.push(strip_inline(c));
                }
            }
            continue;
        }
        let t = t.trim_start_matches(['#', '>', '-', '*', '+']).trim_start();
        let t = strip_numbered(t);
        let t = strip_inline(t);
        for s in t.split_inclusive(['.', ';', ':', '!', '?']) {
            if s.trim().chars().count() >= 12 {
                out.push(s.trim().to_owned());
            }
        }
    }
    out
}

fn strip_numbered(t: &str) -> &str {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && t[digits..].starts_with(". ") {
        &t[digits + 2..]
    } else {
        t
    }
}

/// Drops Markdown marks: links keep their text, `[^n]` footnote marks and `{#id}` go.
fn strip_inline(t: &str) -> String {
    let mut s = t.replace("**", "").replace(['`', '*'], "");
    while let Some(a) = s.find("[^") {
        let Some(b) = s[a..].find(']') else { break };
        s.replace_range(a..a + b + 1, "");
    }
    while let Some(a) = s.find("](") {
        let Some(open) = s[..a].rfind('[') else { break };
        let Some(close) = s[a..].find(')') else { break };
        let text = s[open + 1..a].to_owned();
        s.replace_range(open..a + close + 1, &text);
    }
    while let Some(a) = s.find("{#") {
        let Some(b) = s[a..].find('}') else { break };
        s.replace_range(a..a + b + 1, "");
    }
    s
}

fn assert_holds_text(md: &str, text: &str, what: &str) {
    let flat = nfc_squash(text);
    let missing: Vec<String> = units(md)
        .into_iter()
        .filter(|u| !u.is_empty() && !flat.contains(&nfc_squash(u)))
        .collect();
    assert!(
        missing.is_empty(),
        "{what}: {} units missing, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(3)]
    );
    assert!(!text.contains('\u{fffd}'), "{what}: replacement characters");
}

fn epub_text(path: &Path) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut names: Vec<String> = z
        .file_names()
        .filter(|n| n.ends_with(".xhtml"))
        .map(str::to_owned)
        .collect();
    names.sort();
    let mut out = String::new();
    for n in names {
        let mut s = String::new();
        z.by_name(&n).unwrap().read_to_string(&mut s).unwrap();
        assert!(!s.contains("<script"), "{n} has a script");
        out.push_str(&visible_text(&s));
    }
    out
}

/// Runs epubcheck when it is installed (`make test` installs it and sets SOTAY_REQUIRE_TOOLS).
pub(crate) fn epubcheck(path: &Path) {
    let jar = Path::new("/usr/share/java/epubcheck.jar");
    if !jar.exists() {
        assert!(
            std::env::var_os("SOTAY_REQUIRE_TOOLS").is_none(),
            "epubcheck is not installed"
        );
        eprintln!("epubcheck not installed; skipped");
        return;
    }
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(path)
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && all.contains("0 fatals / 0 errors / 0 warnings"),
        "{}: {all}",
        path.display()
    );
}

fn rendered_markdown(db: &Path, id: &str) -> String {
    let out = sotay(db)
        .args(["show", id, "--json"])
        .output()
        .unwrap()
        .stdout;
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    v["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rendered"].as_str().unwrap().to_owned() + "\n")
        .collect()
}

fn check_html(path: &Path, md: &str) {
    let html = std::fs::read_to_string(path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
    assert!(!html.contains("<script"), "script in {}", path.display());
    for attr in ["src=\"http", "href=\"javascript", "url(http", "@import"] {
        assert!(!html.contains(attr), "{attr} in {}", path.display());
    }
    assert!(html.contains("<nav class=\"toc\""));
    assert_holds_text(md, &visible_text(&html), &path.display().to_string());
}

#[test]
fn both_template_handbooks_export_to_html_and_epub() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    for template in ["tom-nuoc-lo", "lua-gao"] {
        let out = sotay(&db)
            .args(["new", "--template", template])
            .output()
            .unwrap();
        let id = String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .unwrap()
            .to_owned();
        let md = rendered_markdown(&db, &id);
        let html = dir.path().join(format!("{template}.html"));
        let epub = dir.path().join(format!("{template}.epub"));
        sotay(&db)
            .args(["export", &id, "--format", "html", "-o"])
            .arg(&html)
            .assert()
            .success()
            .stderr("");
        sotay(&db)
            .args(["export", &id, "--format", "epub", "-o"])
            .arg(&epub)
            .assert()
            .success()
            .stderr("");
        check_html(&html, &md);
        assert!(std::fs::read_to_string(&html)
            .unwrap()
            .contains("<span class=\"num\">Chương 1.</span>"));
        assert_holds_text(&md, &epub_text(&epub), &epub.display().to_string());
        epubcheck(&epub);
        // Deterministic: the same handbook gives the same bytes.
        let again = dir.path().join("again.epub");
        sotay(&db)
            .args(["export", &id, "--format", "epub", "-o"])
            .arg(&again)
            .assert()
            .success();
        assert_eq!(
            std::fs::read(&epub).unwrap(),
            std::fs::read(&again).unwrap()
        );
        let again = dir.path().join("again.html");
        sotay(&db)
            .args(["export", &id, "--format", "html", "-o"])
            .arg(&again)
            .assert()
            .success();
        assert_eq!(
            std::fs::read(&html).unwrap(),
            std::fs::read(&again).unwrap()
        );
    }
}

/// An exported handbook is named as `docs/terms.md` says: by the edition its variables name
/// ("Ấn bản 1.0"), else by the revision it was made from ("Phiên bản 1"); never by an id.
#[test]
fn an_exported_handbook_is_named_by_its_edition_or_its_revision_never_by_an_id() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let id = crate::new_handbook(&db, "tom-nuoc-lo");
    let export = |name: &str| {
        let path = dir.path().join(name);
        sotay(&db)
            .args(["export", &id, "--format", "html", "-o"])
            .arg(&path)
            .assert()
            .success();
        std::fs::read_to_string(&path).unwrap()
    };
    let html = export("an-ban.html");
    assert!(html.contains("Ấn bản 1.0 · 15/12/2025"), "the cover");
    assert!(
        html.contains("<p>Ấn bản 1.0, ngày 15/12/2025</p>"),
        "the colophon"
    );
    assert!(!html.contains("Phiên bản 1.0"));
    assert!(!html.contains("Mã ấn bản"));
    // The id stays in the metadata (`<meta name="sotay-edition">`), not in what is read.
    assert!(
        !visible_text(&html).contains(&id),
        "the handbook's id is printed"
    );
    sotay(&db)
        .args(["vars", &id, "--set", "edition.version="])
        .assert()
        .success();
    let html = export("phien-ban.html");
    assert!(html.contains("Phiên bản 1 · 15/12/2025"), "the cover");
    assert!(
        html.contains("<p>Phiên bản 1, ngày 15/12/2025</p>"),
        "the colophon"
    );
    assert!(!html.contains("Ấn bản 1"));
}

const ARBITRARY: &str = "# Sổ tay thử nghiệm\n\n*Bản thử cho kiểm tra xuất bản.*\n\n# Chương 1. Tổng quan\n\n## 1.1. Mã số\n\nMã GTIN 8934567000014 in trên nhãn là sai chữ số kiểm tra.\n\n![Ảnh ao nuôi không có](anh/khong-co.png)\n\n![Sơ đồ chuỗi cung ứng tôm](so-do.png)\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n[Liên kết độc hại](javascript:steal) và [GS1](https://www.gs1.org).\n\n**Bảng 1. Nhật ký kiểm tra nước ao**\n\n| Ngày | Ao | pH |\n|---|---|--:|\n| 01/06/2025 | A1 | 7,8 |\n| 02/06/2025 | A2 | 8,1 |\n\n> [!NOTE]\n> Hồ sơ được lưu tối thiểu hai năm kể từ ngày xuất bán.\n\nCó một chú thích ở đây.[^1]\n\n[^1]: Nội dung chú thích cuối trang.\n\n```qr\nhttps://id.gs1.org/01/08931234567897/10/AO03-250615-01\n```\n";

fn tiny_png() -> Vec<u8> {
    // A 1×1 PNG.
    vec![
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0,
        0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 0x0D, 0x49, 0x44,
        0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0, 0x05, 0x00, 0x01, 0xFF,
        0x89, 0x99, 0x3D, 0x1D, 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
}

#[test]
fn arbitrary_markdown_exports_with_warnings_never_with_script() {
    let dir = TempDir::new().unwrap();
    let md = dir.path().join("so-tay.md");
    std::fs::write(&md, ARBITRARY).unwrap();
    std::fs::write(dir.path().join("so-do.png"), tiny_png()).unwrap();
    let html = dir.path().join("out.html");
    Command::cargo_bin("sotay")
        .unwrap()
        .args(["export"])
        .arg(&md)
        .args(["--format", "html", "-o"])
        .arg(&html)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("8934567000014")
                .and(predicate::str::contains("anh/khong-co.png")),
        );
    check_html(&html, ARBITRARY);
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(
        text.contains("data:image/png;base64,"),
        "the image is embedded"
    );
    assert!(
        text.contains("Thiếu ảnh: anh/khong-co.png"),
        "a visible placeholder"
    );
    assert!(text.contains("<svg"), "the QR code is drawn");
    assert!(
        !text.contains("<span class=\"num\">Chương"),
        "hand-numbered headings are not numbered again"
    );
    let epub = dir.path().join("out.epub");
    Command::cargo_bin("sotay")
        .unwrap()
        .args(["--lang", "en", "export"])
        .arg(&md)
        .args(["--format", "epub", "--date", "2025-07-01", "-o"])
        .arg(&epub)
        .assert()
        .success()
        .stderr(predicate::str::contains("not found"));
    assert_holds_text(ARBITRARY, &epub_text(&epub), "epub");
    epubcheck(&epub);
}

#[test]
fn a_folder_of_chapters_exports_in_name_order() {
    let dir = TempDir::new().unwrap();
    let ch = dir.path().join("chuong");
    std::fs::create_dir(&ch).unwrap();
    std::fs::write(
        ch.join("02-quy-trinh.md"),
        "# Quy trình\n\nXem [](#gioi-thieu-chung) trước khi ghi chép.\n",
    )
    .unwrap();
    std::fs::write(
        ch.join("01-gioi-thieu.md"),
        "# Giới thiệu chung {#gioi-thieu-chung}\n\nSổ tay này hướng dẫn ghi chép.\n",
    )
    .unwrap();
    let out = dir.path().join("book.html");
    Command::cargo_bin("sotay")
        .unwrap()
        .arg("export")
        .arg(&ch)
        .args(["--format", "html", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr("");
    let html = std::fs::read_to_string(&out).unwrap();
    let a = html.find("Giới thiệu chung</h2>").unwrap();
    let b = html.find("Quy trình</h2>").unwrap();
    assert!(a < b);
    assert!(
        html.contains("Xem <a class=\"xref\" href=\"#gioi-thieu-chung\">Chương 1</a>"),
        "{html}"
    );
}

#[test]
fn unreadable_input_or_unwritable_output_exit_2_and_leave_nothing() {
    let dir = TempDir::new().unwrap();
    let md = dir.path().join("a.md");
    std::fs::write(&md, "# A\n\nNội dung.\n").unwrap();
    // Output folder does not exist.
    Command::cargo_bin("sotay")
        .unwrap()
        .arg("export")
        .arg(&md)
        .args(["--format", "html", "-o"])
        .arg(dir.path().join("khong/co/out.html"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Không ghi được"));
    // Not UTF-8.
    let bad = dir.path().join("bad.md");
    std::fs::write(&bad, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    Command::cargo_bin("sotay")
        .unwrap()
        .arg("export")
        .arg(&bad)
        .args(["--format", "epub", "-o"])
        .arg(dir.path().join("x.epub"))
        .assert()
        .code(2);
    // An unknown handbook (not a file either).
    sotay(&dir.path().join("ws.db"))
        .args(["export", "không có", "--format", "html", "-o"])
        .arg(dir.path().join("y.html"))
        .assert()
        .code(2);
    // A bad format is a usage error.
    Command::cargo_bin("sotay")
        .unwrap()
        .arg("export")
        .arg(&md)
        .args(["--format", "pdf2", "-o"])
        .arg(dir.path().join("z"))
        .assert()
        .code(2);
    let names: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x != "md" && x != "db"))
        .collect();
    assert!(names.is_empty(), "left behind: {names:?}");
}

/// The issuing body's logo (an attachment named by the `issuing_body_logo` variable) is on the
/// cover of the PDF, the HTML and the EPUB; the EPUB stays epubcheck-clean.
#[test]
fn the_issuing_bodys_logo_is_on_every_cover() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let id = crate::new_handbook(&db, "lua-gao");
    let logo = dir.path().join("bieu-trung.png");
    std::fs::write(&logo, tiny_png()).unwrap();
    sotay(&db)
        .arg("attach")
        .arg(&id)
        .arg(&logo)
        .assert()
        .success();
    sotay(&db)
        .args(["vars", &id, "--set", "issuing_body_logo=bieu-trung.png"])
        .assert()
        .success();
    let path = |ext: &str| dir.path().join(format!("so-tay.{ext}"));
    for format in ["pdf", "html", "epub"] {
        sotay(&db)
            .args(["export", &id, "--format", format, "-o"])
            .arg(path(format))
            .assert()
            .success();
    }
    let html = std::fs::read_to_string(path("html")).unwrap();
    assert!(html.contains("<img class=\"logo\" src=\"data:image/png;base64,"));
    epubcheck(&path("epub"));
    match std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(path("pdf"))
        .output()
    {
        Ok(out) => {
            let list = String::from_utf8_lossy(&out.stdout);
            // The header, a rule, then the cover's image on page 1.
            let first = list.lines().nth(2).unwrap_or_default();
            assert!(first.split_whitespace().next() == Some("1"), "{list}");
        }
        Err(_) => assert!(
            std::env::var_os("SOTAY_REQUIRE_TOOLS").is_none(),
            "pdfimages (poppler-utils) is not installed"
        ),
    }
}
