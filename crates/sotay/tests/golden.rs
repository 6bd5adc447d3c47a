//! Golden outputs (issue 15): both built-in templates, rendered with their sample values, are
//! exported to HTML, EPUB and the two PDF editions; the SHA-256 of every file, the visible
//! text of the HTML and of each EPUB XHTML file, and the screen PDF's outline and text (as
//! `pdftotext` reads it) are kept in `tests/golden/`, so any change to what a Department
//! receives shows in review. `SOTAY_UPDATE_GOLDEN=1 cargo test -p sotay --test golden` rewrites them
//! after a deliberate change.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use sotay::{export_path, FileExportOptions, Format, Paper};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden")
}

/// The visible text of an HTML file: tags dropped, entities of the five kinds decoded, blank
/// runs collapsed — what a reader sees, line by line.
fn visible_text(html: &str) -> String {
    let body = html
        .split_once("<body")
        .and_then(|(_, b)| b.split_once('>'))
        .map_or(html, |(_, b)| b)
        .split("</body>")
        .next()
        .unwrap_or_default();
    let mut out = String::new();
    let mut in_tag = false;
    let mut skip = false;
    let mut tag = String::new();
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                let name = tag.split_whitespace().next().unwrap_or("").to_lowercase();
                match name.as_str() {
                    "style" | "script" => skip = true,
                    "/style" | "/script" => skip = false,
                    "p" | "/p" | "br" | "br/" | "li" | "tr" | "/tr" | "h1" | "h2" | "h3" | "h4"
                    | "/h1" | "/h2" | "/h3" | "/h4" | "div" | "/div" | "td" | "th" => {
                        out.push('\n')
                    }
                    _ => {}
                }
            }
            _ if in_tag => tag.push(c),
            _ if skip => {}
            c => out.push(c),
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn check(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("SOTAY_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or(expected.lines().count().min(actual.lines().count()), |i| i);
        panic!(
            "tests/golden/{name} differs from the output at line {}:\n  kept:   {:?}\n  now:    {:?}\n\
             If the change is meant, run SOTAY_UPDATE_GOLDEN=1 cargo test -p sotay --test golden \
             and commit tests/golden/.",
            first + 1,
            expected.lines().nth(first).unwrap_or(""),
            actual.lines().nth(first).unwrap_or(""),
        );
    }
}

/// Every XHTML file of an EPUB, in the zip's order, each as its visible text under its name.
fn epub_texts(epub: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().ends_with(".xhtml") {
            let name = f.name().to_owned();
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).unwrap();
            let _ = write!(out, "=== {name}\n{}", visible_text(&s));
        }
    }
    out
}

/// A PDF's text as `pdftotext` reads it (reading order, one page after another, pages marked),
/// blank lines dropped; `None` without poppler-utils unless `SOTAY_REQUIRE_TOOLS` is set.
fn pdf_text(pdf: &Path) -> Option<String> {
    let Ok(out) = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
    else {
        assert!(
            std::env::var_os("SOTAY_REQUIRE_TOOLS").is_none(),
            "pdftotext is required"
        );
        return None;
    };
    let text = String::from_utf8(out.stdout).unwrap();
    let mut s = String::from("=== text\n");
    for (n, page) in text.split('\u{c}').enumerate() {
        if page.trim().is_empty() {
            continue;
        }
        let _ = writeln!(s, "--- page {}", n + 1);
        for line in page.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let _ = writeln!(s, "{line}");
        }
    }
    Some(s)
}

/// A PDF's outline (bookmarks) as an indented list of titles.
fn pdf_outline(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let mut out = String::from("=== outline\n");
    let catalog = doc.catalog().unwrap();
    let first = catalog
        .get(b"Outlines")
        .and_then(|o| o.as_reference())
        .and_then(|r| doc.get_dictionary(r))
        .and_then(|d| d.get(b"First"))
        .and_then(|f| f.as_reference())
        .ok();
    fn walk(
        doc: &lopdf::Document,
        mut node: Option<lopdf::ObjectId>,
        depth: usize,
        out: &mut String,
    ) {
        while let Some(id) = node {
            let d = doc.get_dictionary(id).unwrap();
            let title = d
                .get(b"Title")
                .ok()
                .and_then(|t| t.as_str().ok())
                .map(decode_pdf_string)
                .unwrap_or_default();
            let _ = writeln!(out, "{}{title}", "  ".repeat(depth));
            let child = d.get(b"First").and_then(|f| f.as_reference()).ok();
            walk(doc, child, depth + 1, out);
            node = d.get(b"Next").and_then(|n| n.as_reference()).ok();
        }
    }
    walk(&doc, first, 0, &mut out);
    out
}

/// A PDF text string: UTF-16BE after a byte-order mark, else PDFDocEncoding (ASCII here).
fn decode_pdf_string(b: &[u8]) -> String {
    match b {
        [0xFE, 0xFF, rest @ ..] => String::from_utf16_lossy(
            &rest
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect::<Vec<_>>(),
        ),
        _ => b.iter().map(|&c| c as char).collect(),
    }
}

#[test]
fn both_template_handbooks_export_exactly_as_kept() {
    let tmp = tempfile::TempDir::new().unwrap();
    for t in sotay_templates::builtin().unwrap() {
        let id = t.id().to_owned();
        let src = tmp.path().join(&id);
        std::fs::create_dir_all(&src).unwrap();
        for (i, (key, source)) in t.chapters.iter().enumerate() {
            let md = sotay_templates::render(source, &t.sample_vars).unwrap();
            std::fs::write(src.join(format!("{i:02}-{key}.md")), md).unwrap();
        }
        let title = sotay_templates::render(&t.manifest.title, &t.sample_vars).unwrap();
        let opts = FileExportOptions {
            title: Some(title),
            date: Some("2026-01-15".into()),
            paper: Paper::A4,
            ..FileExportOptions::default()
        };
        let a5 = FileExportOptions {
            paper: Paper::A5,
            ..opts.clone()
        };
        let mut sums = String::new();
        for (name, format, opts) in [
            ("html", Format::Html, &opts),
            ("epub", Format::Epub, &opts),
            ("pdf-screen", Format::PdfScreen, &opts),
            ("pdf-print-a5", Format::PdfPrint, &a5),
        ] {
            let out = tmp.path().join(format!("{id}.{name}"));
            export_path(&src, format, &out, opts).unwrap();
            let bytes = std::fs::read(&out).unwrap();
            // The same input gives the same bytes, run after run.
            let again = tmp.path().join(format!("{id}.again.{name}"));
            export_path(&src, format, &again, opts).unwrap();
            assert_eq!(std::fs::read(&again).unwrap(), bytes, "{id} {name}");
            let _ = writeln!(sums, "{:x}  {id}.{name}", Sha256::digest(&bytes));
            match name {
                "html" => check(
                    &format!("{id}.html.txt"),
                    &visible_text(&String::from_utf8(bytes).unwrap()),
                ),
                "epub" => check(&format!("{id}.epub.txt"), &epub_texts(&out)),
                "pdf-screen" => {
                    if let Some(text) = pdf_text(&out) {
                        check(&format!("{id}.pdf.txt"), &(pdf_outline(&bytes) + &text));
                    }
                }
                _ => {}
            }
        }
        check(&format!("{id}.sha256"), &sums);
    }
}

/// The cover and colophon say the same words in the HTML, the EPUB and the PDF of one edition
/// (issue 15: the issuing-body label and the date format used to differ).
#[test]
fn html_epub_and_pdf_agree_on_the_front_matter_word_for_word() {
    let tmp = tempfile::TempDir::new().unwrap();
    let src = tmp.path().join("ch.md");
    std::fs::write(
        &src,
        "# Giới thiệu\n\nNội dung.\n\n# Phụ lục A. Biểu mẫu\n\nBiểu mẫu.\n",
    )
    .unwrap();
    let opts = FileExportOptions {
        title: Some("Sổ tay thử".into()),
        date: Some("2026-01-15".into()),
        paper: Paper::A4,
        ..FileExportOptions::default()
    };
    let html = tmp.path().join("a.html");
    export_path(&src, Format::Html, &html, &opts).unwrap();
    let html = visible_text(&std::fs::read_to_string(&html).unwrap());
    let epub = tmp.path().join("a.epub");
    export_path(&src, Format::Epub, &epub, &opts).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    let mut epub_text = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().ends_with(".xhtml") {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).unwrap();
            epub_text.push_str(&visible_text(&s));
        }
    }
    let pdf = tmp.path().join("a.pdf");
    export_path(&src, Format::PdfScreen, &pdf, &opts).unwrap();
    let Ok(out) = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
    else {
        assert!(
            std::env::var_os("SOTAY_REQUIRE_TOOLS").is_none(),
            "pdftotext is required"
        );
        return;
    };
    let pdf_text = String::from_utf8_lossy(&out.stdout).replace('\n', " ");
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (html, epub_text, pdf_text) = (flat(&html), flat(&epub_text), flat(&pdf_text));
    let meta = sotay_doc::DocMeta {
        title: "Sổ tay thử".into(),
        date: "2026-01-15".into(),
        ..Default::default()
    };
    let front = meta.front();
    let mut words: Vec<String> = front.colophon.clone();
    words.extend(front.cover_edition.clone());
    words.push(front.contents_title.to_owned());
    words.push("Phụ lục A".to_owned());
    assert!(words.iter().any(|w| w.contains("15/01/2026")), "{words:?}");
    for w in &words {
        for (name, text) in [("HTML", &html), ("EPUB", &epub_text), ("PDF", &pdf_text)] {
            assert!(text.contains(w.as_str()), "{name} lacks “{w}”");
        }
    }
    for (name, text) in [("HTML", &html), ("EPUB", &epub_text), ("PDF", &pdf_text)] {
        assert!(!text.contains("2026-01-15"), "{name} prints the ISO date");
        assert!(!text.contains("Đơn vị ban hành"), "{name}");
    }
}
