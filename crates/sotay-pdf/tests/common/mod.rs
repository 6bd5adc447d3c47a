//! Helpers for the PDF acceptance tests: documents from the built-in templates and from
//! Markdown, and the public tools (`qpdf`, `pdffonts`, `pdftotext`, `pdfinfo`).
//!
//! A missing tool skips the check that needs it, unless `SOTAY_REQUIRE_TOOLS` is set.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use sotay_doc::{
    build, plain_text, Block, ChapterInput, ChapterRole, DocMeta, Document, Image, Inline,
    Numbering,
};

pub fn meta(title: &str) -> DocMeta {
    DocMeta {
        title: title.into(),
        subtitle: "Tôm sú nguyên con đông lạnh".into(),
        province: "An Giang".into(),
        issuing_body: "Sở Khoa học và Công nghệ tỉnh An Giang".into(),
        edition_id: "0199-test".into(),
        edition_label: "1.0".into(),
        revision: None,
        date: "2025-07-01".into(),
        lang: sotay_model::Lang::Vi,
        logo: String::new(),
        decision: None,
        publication: None,
    }
}

/// A document from chapters of Markdown (key, markdown, role).
pub fn doc(
    chapters: &[(&str, &str, ChapterRole)],
    images: &dyn Fn(&str) -> Option<Image>,
) -> Document {
    let inputs: Vec<ChapterInput> = chapters
        .iter()
        .map(|(k, md, role)| ChapterInput {
            key: (*k).into(),
            title: (*k).into(),
            markdown: (*md).into(),
            role: *role,
        })
        .collect();
    build(meta("Sổ tay thử nghiệm"), &inputs, Numbering::Auto, images).document
}

fn role_of(key: &str) -> ChapterRole {
    if key.contains("loi-noi-dau") {
        ChapterRole::Front
    } else if key.starts_with("phu-luc") {
        ChapterRole::Annex
    } else {
        ChapterRole::Body
    }
}

fn text_var(v: &serde_json::Value, path: &str) -> String {
    let mut cur = v;
    for k in path.split('.') {
        match cur.get(k) {
            Some(x) => cur = x,
            None => return String::new(),
        }
    }
    cur.as_str().unwrap_or_default().to_owned()
}

/// A built-in template rendered with its sample values, as `sotay export` builds it.
pub fn template(id: &str) -> Document {
    let t = sotay_templates::builtin()
        .expect("built-in templates")
        .into_iter()
        .find(|t| t.manifest.id == id)
        .expect("template");
    let vars = &t.sample_vars;
    let chapters: Vec<ChapterInput> = t
        .chapters
        .iter()
        .map(|(key, source)| ChapterInput {
            key: key.clone(),
            title: t
                .manifest
                .chapters
                .iter()
                .find(|c| &c.key == key)
                .map(|c| c.title.vi.clone())
                .unwrap_or_default(),
            markdown: sotay_templates::render(source, vars).expect("template renders"),
            role: role_of(key),
        })
        .collect();
    let title = sotay_templates::render(&t.manifest.title, vars).expect("title renders");
    let meta = DocMeta {
        title,
        subtitle: text_var(vars, "product.name"),
        province: text_var(vars, "province.name"),
        issuing_body: text_var(vars, "issuing_body"),
        edition_id: format!("{id}-sample"),
        edition_label: text_var(vars, "edition.version"),
        revision: None,
        date: text_var(vars, "edition.date"),
        lang: sotay_model::Lang::Vi,
        logo: String::new(),
        decision: None,
        publication: None,
    };
    build(meta, &chapters, Numbering::Auto, &|_| None).document
}

/// Whether `tool` runs; panics when it does not and `SOTAY_REQUIRE_TOOLS` is set.
pub fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg(if tool == "qpdf" { "--version" } else { "-v" })
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var_os("SOTAY_REQUIRE_TOOLS").is_some() {
            panic!(
                "{tool} is required (SOTAY_REQUIRE_TOOLS is set); install qpdf and poppler-utils"
            );
        }
        eprintln!("{tool} not installed: check skipped");
    }
    ok
}

pub fn run(tool: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(file)
        .output()
        .expect("tool runs");
    assert!(
        out.status.success() || tool == "qpdf" && out.status.code() == Some(3),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Writes the PDF where the tools can read it (kept under `SOTAY_PDF_KEEP` when set).
pub fn save(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = match std::env::var_os("SOTAY_PDF_KEEP") {
        Some(keep) => {
            std::fs::create_dir_all(&keep).expect("keep dir");
            PathBuf::from(keep).join(name)
        }
        None => dir.path().join(name),
    };
    std::fs::write(&path, bytes).expect("write pdf");
    path
}

/// `pdftotext` of pages `first..=last` (all when `None`).
pub fn text(file: &Path, pages: Option<(usize, usize)>) -> String {
    text_with(file, pages, false)
}

/// `pdftotext`, in content-stream order with `raw`.
pub fn text_with(file: &Path, pages: Option<(usize, usize)>, raw: bool) -> String {
    let mut args = vec!["-enc".to_owned(), "UTF-8".to_owned()];
    if raw {
        args.push("-raw".to_owned());
    }
    if let Some((f, l)) = pages {
        args.extend([
            "-f".to_owned(),
            f.to_string(),
            "-l".to_owned(),
            l.to_string(),
        ]);
    }
    let out = Command::new("pdftotext")
        .args(&args)
        .arg(file)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The text without the running header and footer lines (title, chapter, "Ấn bản …",
/// "Trang x / N"), which pdftotext puts between a sentence's halves at a page break.
pub fn body_text(doc: &Document, text: &str) -> String {
    let mut running: Vec<String> = vec![doc.meta.title.clone(), "Mục lục".to_owned()];
    for ch in &doc.chapters {
        let title = plain_text(&ch.title);
        running.push(match (&ch.number, ch.role) {
            (Some(n), ChapterRole::Annex) => format!("Phụ lục {n}. {title}"),
            (Some(n), _) => format!("Chương {n}. {title}"),
            (None, _) => title,
        });
    }
    let is_page_no = |l: &str| {
        l.strip_prefix("Trang ").is_some_and(|r| {
            r.chars()
                .all(|c| c.is_ascii_digit() || " /ivxlcdm".contains(c))
        })
    };
    text.lines()
        .filter(|l| {
            let l = l.trim();
            !(is_page_no(l)
                || doc.meta.front().footer_edition.as_deref() == Some(l)
                || l.strip_suffix('…')
                    .is_some_and(|cut| running.iter().any(|r| r.starts_with(cut.trim_end())))
                || running.iter().any(|r| r == l))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Sentences (six words or more) of the document's paragraphs, and its table cells, in order.
pub fn sentences_and_cells(doc: &Document) -> (Vec<String>, Vec<String>) {
    fn blocks(bs: &[Block], sents: &mut Vec<String>, cells: &mut Vec<String>) {
        for b in bs {
            match b {
                Block::Paragraph(i) => {
                    let t = norm(&plain_text(i));
                    let mut cur = String::new();
                    for w in t.split(' ') {
                        if !cur.is_empty() {
                            cur.push(' ');
                        }
                        cur.push_str(w);
                        if w.ends_with(['.', '!', '?']) {
                            if cur.split(' ').count() >= 6 {
                                sents.push(std::mem::take(&mut cur));
                            }
                            cur.clear();
                        }
                    }
                    if cur.split(' ').count() >= 6 {
                        sents.push(cur);
                    }
                }
                Block::List { items, .. } => {
                    for i in items {
                        blocks(&i.blocks, sents, cells);
                    }
                }
                Block::Quote(inner) | Block::Alert { blocks: inner, .. } => {
                    blocks(inner, sents, cells)
                }
                Block::Table(t) => {
                    for c in t.head.iter().chain(t.rows.iter().flatten()) {
                        let s = norm(&plain_text(c));
                        if !s.is_empty() {
                            cells.push(s);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut sents = Vec::new();
    let mut cells = Vec::new();
    for ch in &doc.chapters {
        blocks(&ch.blocks, &mut sents, &mut cells);
    }
    (sents, cells)
}

/// Finds every needle in `hay` in order; returns the ones missing or out of order. Very short
/// needles (a table cell "B", "T") are only looked for anywhere: they say nothing about order
/// and would make the search jump ahead.
pub fn missing_in_order(hay: &str, needles: &[String]) -> Vec<String> {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let hay_sq = squash(hay);
    let mut at = 0;
    let mut missing = Vec::new();
    for n in needles {
        // Spaces may differ where a line was broken inside a long token: compare without
        // whitespace.
        let n_sq = squash(n);
        if n_sq.chars().count() < 6 {
            if !hay_sq.contains(&n_sq) {
                missing.push(n.clone());
            }
            continue;
        }
        match hay_sq[at..].find(&n_sq) {
            Some(p) => at += p + n_sq.len(),
            None => {
                if missing.is_empty() && std::env::var_os("SOTAY_PDF_DEBUG").is_some() {
                    let ctx: String = hay_sq[at.saturating_sub(300)..].chars().take(400).collect();
                    eprintln!("first miss {n:?} near: {ctx}");
                }
                missing.push(n.clone())
            }
        }
    }
    missing
}

/// Inline text helper for building tests' expectations.
pub fn inline_text(i: &[Inline]) -> String {
    plain_text(i)
}
