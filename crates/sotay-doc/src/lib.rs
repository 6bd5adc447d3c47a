//! One document model behind every output. Markdown is parsed once ([`build`]) into a
//! [`Document`]: chapters of blocks and inlines with section, table and figure numbers,
//! cross-references resolved to labels ("mục 4.1", "Bảng 3.2", "Hình 2.1"), footnotes numbered,
//! a table of contents, and the images found. The writers ([`html`], [`epub`]; the PDF layout in
//! its own crate) only read it.
//!
//! Markdown conventions (documented for authors in `docs/markdown.md`):
//! - the first `# ` heading of a chapter is its title; `##`…`######` are its sections;
//! - `{#id}` after a heading, a table caption or an image's alt text gives it an id;
//! - a paragraph `Bảng: caption` (or `Table:`) right before or after a table is its caption;
//! - an image alone in a paragraph is a figure, its alt text the caption;
//! - `[](#id)` prints the target's label; `[text](#id)` links the text;
//! - ```` ```qr ```` blocks are QR codes; ```` ```glossary ```` blocks hold `TERM: definition` lines;
//! - `[words]{lang=en}` (or `{lang=en}` after a heading) marks a passage in another language;
//! - `<!-- pagebreak -->` is a page-break hint; other raw HTML is shown as text.
//!
//! The build also reports what a screen reader would miss (`a11y.*`, see [`a11y`]).

pub mod a11y;
mod captions;
pub mod changes;
pub mod epub;
pub mod fonts;
pub mod html;
pub mod model;
mod parse;
pub mod qr;
mod resolve;
mod span;
mod split;

use std::collections::{BTreeMap, BTreeSet};

use sotay_model::Diagnostic;

pub use model::*;
pub use span::Span;
pub use split::chapters_from_markdown;

use captions::{attach_table_captions, hand_numbered};
use resolve::{footnote_id, footnote_order, Builder};

/// A document and the problems found while building it (never fatal).
#[derive(Debug, Clone)]
pub struct Built {
    pub document: Document,
    /// Warnings, each in the file of its chapter's key (`bìa` for the cover's logo) and, when
    /// it is about something written in the chapter, at its 1-based line and column there.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each of `diagnostics` points, index for index: its chapter and byte range (`None`
    /// for a whole chapter or the cover).
    pub spans: Vec<Option<Span>>,
}

/// The warning for a chapter that nests deeper than [`MAX_NESTING`].
fn too_deep(key: &str, title: &str, deepest: usize) -> Diagnostic {
    Diagnostic::warning(
        "markdown.too_deep",
        format!("Chương “{title}”: cấu trúc lồng quá sâu ({deepest} cấp; tối đa {MAX_NESTING}) — phần sâu hơn được làm phẳng."),
        format!("Chapter “{title}”: the structure nests too deep ({deepest} levels; at most {MAX_NESTING}) — the deeper part was flattened."),
    )
    .in_file(key)
    .hint(
        "Bớt các dấu “>”, “-”, “*” hay “[” chồng nhau ở đầu dòng hoặc quanh chữ.",
        "Remove stacked “>”, “-”, “*” or “[” marks at the start of lines or around words.",
    )
}

/// Whether a chapter's Markdown says anything beyond its headings: text, a table, a figure, a
/// QR code, code, a glossary (for `chapter.empty`). Read by the same parser as [`build`].
pub fn has_content(markdown: &str) -> bool {
    let p = parse::parse(markdown);
    let blank = |inlines: &[Inline]| plain_text(inlines).trim().is_empty();
    let said = |blocks: &[Block]| {
        leaf_blocks(blocks).into_iter().any(|b| match b {
            Block::Paragraph(i) => !blank(i) || i.iter().any(|i| matches!(i, Inline::Image { .. })),
            Block::Code { text, .. } => !text.trim().is_empty(),
            Block::Qr { data } => !data.is_empty(),
            Block::Glossary(terms) => !terms.is_empty(),
            Block::Table(_) | Block::Figure { .. } => true,
            _ => false,
        })
    };
    said(&p.blocks) || p.footnotes.iter().any(|(_, b)| said(b))
}

/// Builds the document from chapters of Markdown. `images` finds an image by the name used in
/// the Markdown. Problems (missing images, broken references) become diagnostics and visible
/// placeholders; building never fails. Markdown nested deeper than [`MAX_NESTING`] is
/// flattened (its text kept) with a `markdown.too_deep` warning.
pub fn build(
    meta: DocMeta,
    chapters: &[ChapterInput],
    numbering: Numbering,
    images: &dyn Fn(&str) -> Option<Image>,
) -> Built {
    let doc_lang = meta.lang;
    let mut parsed: Vec<parse::Parsed> = chapters
        .iter()
        .map(|c| parse::parse_as(&c.markdown, Some(doc_lang)))
        .collect();
    let texts: Vec<String> = parsed
        .iter_mut()
        .map(|p| std::mem::take(&mut p.text))
        .collect();
    let numbering_on = match numbering {
        Numbering::On => true,
        Numbering::Off => false,
        Numbering::Auto => !parsed.iter().any(|p| {
            p.title.as_ref().is_some_and(|t| hand_numbered(&plain_text(t)))
                || p.blocks.iter().any(|b| matches!(b, Block::Heading { content, .. } if hand_numbered(&plain_text(content))))
        }),
    };
    let mut b = Builder {
        images,
        ids: BTreeSet::new(),
        targets: BTreeMap::new(),
        diagnostics: Vec::new(),
        spans: Vec::new(),
        chapter: None,
        marks: parsed
            .iter_mut()
            .map(|p| std::mem::take(&mut p.marks))
            .collect(),
        found_images: BTreeMap::new(),
        toc: Vec::new(),
        numbering: numbering_on,
    };
    if !meta.logo.is_empty() {
        b.image("bìa", &meta.logo);
    }
    let mut out_chapters = Vec::with_capacity(chapters.len());
    let (mut body_no, mut annex_no) = (0u32, 0u8);
    for (ci, (input, p)) in chapters.iter().zip(parsed).enumerate() {
        let number = match (numbering_on, input.role) {
            (false, _) | (_, ChapterRole::Front) => None,
            (true, ChapterRole::Body) => {
                body_no += 1;
                Some(body_no.to_string())
            }
            (true, ChapterRole::Annex) => {
                annex_no += 1;
                Some(char::from(b'A' + (annex_no - 1) % 26).to_string())
            }
        };
        let title = p
            .title
            .unwrap_or_else(|| vec![Inline::Text(sotay_model::text::nfc(&input.title))]);
        let title_text = plain_text(&title);
        b.chapter = Some(ci);
        for (finding, range) in &p.findings {
            if let Some(d) = finding.diagnostic(doc_lang) {
                b.diagnostics.push(d.in_file(&input.key));
                b.spans.push(Some(Span {
                    chapter: ci,
                    range: range.clone(),
                }));
            }
        }
        if p.deepest > MAX_NESTING {
            b.warn(
                &input.key,
                None,
                too_deep(&input.key, &title_text, p.deepest),
            );
        }
        let id = b.unique_id(
            &p.title_id
                .unwrap_or_else(|| format!("chuong-{}", input.key)),
        );
        let label = chapter_label(input.role, number.as_deref())
            .unwrap_or_else(|| format!("“{title_text}”"));
        let target = Target {
            kind: TargetKind::Chapter,
            chapter: ci,
            id: id.clone(),
            label,
        };
        b.targets.insert(id.clone(), target.clone());
        b.targets.entry(input.key.clone()).or_insert(target);
        b.toc.push(TocEntry {
            level: 1,
            chapter: ci,
            id: id.clone(),
            number: number.clone(),
            title: title_text,
        });
        let mut blocks = attach_table_captions(p.blocks);
        b.number_chapter(ci, &input.key, number.as_deref(), &mut blocks);
        out_chapters.push((
            Chapter {
                key: input.key.clone(),
                id,
                role: input.role,
                number,
                title,
                blocks,
                footnotes: Vec::new(),
            },
            p.footnotes,
        ));
    }
    // Footnotes: numbered per chapter in order of first reference; ids unique in the document.
    let mut chapters_out = Vec::with_capacity(out_chapters.len());
    for (ci, (mut ch, defs)) in out_chapters.into_iter().enumerate() {
        b.chapter = Some(ci);
        // One definition per label, as in GitHub's Markdown: the first is kept. (A label
        // defined hundreds of times, nested in itself, made the PDF grow with its square.)
        let mut labels = std::collections::BTreeSet::new();
        let defs: Vec<_> = defs
            .into_iter()
            .filter(|(label, _)| labels.insert(label.clone()))
            .collect();
        let mut order = Vec::new();
        footnote_order(&ch.blocks, &mut order);
        for (label, _) in &defs {
            if !order.contains(label) {
                order.push(label.clone());
            }
        }
        let numbers: BTreeMap<String, u32> = order
            .iter()
            .enumerate()
            .map(|(i, l)| (l.clone(), i as u32 + 1))
            .collect();
        let key = ch.key.clone();
        let mut title = std::mem::take(&mut ch.title);
        b.resolve_inlines(&key, &mut title, &numbers);
        ch.title = title;
        b.resolve_blocks(&key, &mut ch.blocks, &numbers);
        let mut footnotes: Vec<Footnote> = defs
            .into_iter()
            .map(|(label, mut blocks)| {
                b.resolve_blocks(&key, &mut blocks, &numbers);
                Footnote {
                    id: footnote_id(&key, &label),
                    number: numbers.get(&label).copied().unwrap_or(0),
                    blocks,
                }
            })
            .collect();
        footnotes.sort_by_key(|f| f.number);
        ch.footnotes = footnotes;
        chapters_out.push(ch);
    }
    let mut diagnostics = b.diagnostics;
    place(&mut diagnostics, &b.spans, &texts);
    Built {
        document: Document {
            meta,
            chapters: chapters_out,
            toc: b.toc,
            images: b.found_images,
            changes: None,
        },
        diagnostics,
        spans: b.spans,
    }
}

/// Gives the diagnostics that have a span their line and column in their chapter's text.
fn place(diagnostics: &mut [Diagnostic], spans: &[Option<Span>], texts: &[String]) {
    let mut by_chapter: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for (i, s) in spans.iter().enumerate() {
        if let Some(s) = s {
            by_chapter
                .entry(s.chapter)
                .or_default()
                .push((i, s.range.start));
        }
    }
    for (ci, found) in by_chapter {
        let offsets: Vec<usize> = found.iter().map(|&(_, at)| at).collect();
        let places = sotay_model::diagnostic::line_cols(&texts[ci], &offsets);
        for ((i, _), (line, column)) in found.into_iter().zip(places) {
            diagnostics[i].line = Some(line);
            diagnostics[i].column = Some(column);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(key: &str, md: &str, role: ChapterRole) -> ChapterInput {
        ChapterInput {
            key: key.into(),
            title: key.into(),
            markdown: md.into(),
            role,
        }
    }

    fn none(_: &str) -> Option<Image> {
        None
    }

    #[test]
    fn numbers_sections_tables_figures_and_resolves_references() {
        let chapters = [
            ch("loi-noi-dau", "# Lời nói đầu\n\nXem [](#gioi-thieu) và [](#bang-cte).\n", ChapterRole::Front),
            ch(
                "gioi-thieu",
                "# Giới thiệu\n\n## Mục tiêu\n\n### Chi tiết {#chi-tiet}\n\nBảng: Sự kiện trọng yếu {#bang-cte}\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n![Sơ đồ chuỗi](so-do.png)\n\nTheo [](#chi-tiet), [](#BM-01) và [](#khong-co).[^a]\n\n[^a]: Chú thích.\n",
                ChapterRole::Body,
            ),
            ch("phu-luc", "# Phụ lục biểu mẫu\n\n## BM-01. Nhật ký ao nuôi\n\nNội dung.\n", ChapterRole::Annex),
        ];
        let built = build(DocMeta::default(), &chapters, Numbering::Auto, &none);
        let d = &built.document;
        assert_eq!(d.chapters[0].number, None);
        assert_eq!(d.chapters[1].number.as_deref(), Some("1"));
        assert_eq!(d.chapters[2].number.as_deref(), Some("A"));
        let labels: Vec<String> = {
            let Block::Paragraph(p) = &d.chapters[1].blocks[4] else {
                panic!("{:?}", d.chapters[1].blocks)
            };
            p.iter()
                .filter_map(|i| match i {
                    Inline::XRef { target, .. } => {
                        Some(target.as_ref().map_or("?".into(), |t| t.label.clone()))
                    }
                    _ => None,
                })
                .collect()
        };
        assert_eq!(labels, ["mục 1.1.1", "Biểu mẫu BM-01", "?"]);
        let Block::Paragraph(p) = &d.chapters[0].blocks[0] else {
            panic!()
        };
        assert_eq!(plain_text(p), "Xem Chương 1 và Bảng 1.1.");
        let Block::Table(t) = &d.chapters[1].blocks[2] else {
            panic!()
        };
        assert_eq!(
            (t.number.as_deref(), t.id.as_deref()),
            (Some("1.1"), Some("bang-cte"))
        );
        assert_eq!(plain_text(t.caption.as_ref().unwrap()), "Sự kiện trọng yếu");
        let Block::Figure { number, .. } = &d.chapters[1].blocks[3] else {
            panic!()
        };
        assert_eq!(number.as_deref(), Some("1.1"));
        let codes: Vec<&str> = built.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["image.missing", "xref.unresolved"]);
        assert_eq!(d.chapters[1].footnotes[0].number, 1);
        assert_eq!(d.toc.iter().filter(|t| t.level == 1).count(), 3);
    }

    #[test]
    fn a_drawn_signature_is_no_numbered_figure_and_shifts_no_number() {
        let svg = sotay_model::signature::Drawing {
            width: 300.0,
            height: 100.0,
            strokes: vec![vec![[10.0, 50.0], [120.0, 40.0], [280.0, 60.0]]],
        }
        .to_svg("Chữ ký của Trần Văn Minh");
        let images = |src: &str| match src {
            "chu-ky-leader.svg" => Some(Image {
                bytes: svg.clone().into_bytes(),
                mime: "image/svg+xml".into(),
            }),
            "so-do.png" | "ao.png" => Some(Image {
                bytes: Vec::new(),
                mime: "image/png".into(),
            }),
            _ => None,
        };
        let md = "# Kết luận

![Sơ đồ chuỗi](so-do.png)

## Chữ ký

![Chữ ký của Trần Văn Minh](chu-ky-leader.svg)

![Ao nuôi](ao.png)

Xem [](#hinh-ket-luan-2).
";
        let built = build(
            DocMeta::default(),
            &[ch("ket-luan", md, ChapterRole::Body)],
            Numbering::Auto,
            &images,
        );
        let figures: Vec<(Option<&str>, String, &str)> = built.document.chapters[0]
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Figure {
                    number,
                    caption,
                    alt,
                    ..
                } => Some((number.as_deref(), plain_text(caption), alt.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(
            figures,
            [
                (Some("1.1"), "Sơ đồ chuỗi".to_owned(), "Sơ đồ chuỗi"),
                // The signature: described for a screen reader, neither numbered nor captioned.
                (None, String::new(), "Chữ ký của Trần Văn Minh"),
                (Some("1.2"), "Ao nuôi".to_owned(), "Ao nuôi"),
            ]
        );
        // The figure after it is still the second one, and named so.
        let Some(Block::Paragraph(p)) = built.document.chapters[0].blocks.last() else {
            panic!()
        };
        assert_eq!(plain_text(p), "Xem Hình 1.2.");
        // An SVG that is no drawing Sotay made stays a figure.
        let other = |src: &str| {
            (src == "chu-ky-leader.svg").then(|| Image {
                bytes: b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
                mime: "image/svg+xml".into(),
            })
        };
        let built = build(
            DocMeta::default(),
            &[ch("ket-luan", md, ChapterRole::Body)],
            Numbering::Auto,
            &other,
        );
        assert!(built.document.chapters[0].blocks.iter().any(|b| matches!(
            b,
            Block::Figure { number: Some(n), alt, .. } if n == "1.2" && alt.starts_with("Chữ ký")
        )));
    }

    #[test]
    fn diagnostics_point_at_the_chapter_line_and_column_of_what_they_name() {
        let chapters = [
            ch("a", "# A\n\n## Mục tiêu\n\nXem [mục](#muc-tieu).\n", ChapterRole::Body),
            ch(
                "b",
                "# B\n\n## Mục tiêu\n\nỞ đây [](#muc-tieu-2), [sai](#khong-co) và\n![ảnh](khong.png) rồi [lại](#khong-co).\n",
                ChapterRole::Body,
            ),
        ];
        let built = build(DocMeta::default(), &chapters, Numbering::Auto, &none);
        let got: Vec<(&str, String)> = built
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.location()))
            .collect();
        // `#muc-tieu-2` is the second "Mục tiêu", as every writer names it: not reported.
        assert_eq!(
            got,
            [
                ("xref.unresolved", "b:5:29".to_owned()),
                ("image.missing", "b:6:7".to_owned()),
                ("xref.unresolved", "b:6:28".to_owned()),
            ]
        );
        let text = |s: &Option<Span>| {
            let s = s.as_ref().unwrap();
            &chapters[s.chapter].markdown[s.range.clone()]
        };
        let spans: Vec<&str> = built.spans.iter().map(text).collect();
        assert_eq!(spans, ["(#khong-co)", "(khong.png)", "(#khong-co)"]);
        assert!(built.diagnostics.iter().all(|d| d.hint.is_some()));
    }

    /// A label defined again is the first definition's (GitHub's rule): a label defined in
    /// itself hundreds of times (found by the fuzzer) yields one footnote, not hundreds.
    #[test]
    fn a_footnote_label_has_one_definition() {
        let md = format!(
            "# A\n\nCâu[^a].\n\n[^a]: Đầu.\n\n{}[^[^a]: cuối\n",
            "[^a]: ".repeat(300)
        );
        let built = build(
            DocMeta::default(),
            &[ch("a", &md, ChapterRole::Body)],
            Numbering::Auto,
            &none,
        );
        let notes = &built.document.chapters[0].footnotes;
        assert_eq!(notes.len(), 1);
        let Block::Paragraph(p) = &notes[0].blocks[0] else {
            panic!("{:?}", notes[0].blocks)
        };
        assert_eq!(plain_text(p), "Đầu.");
    }

    #[test]
    fn content_is_more_than_headings() {
        assert!(!has_content("# Tiêu đề\n\n## Mục\n\n---\n"));
        for md in [
            "# T\n\nNội dung.",
            "# T\n\n![](a.png)",
            "| A |\n|---|\n| |\n",
            "```\nx\n```",
        ] {
            assert!(has_content(md), "{md}");
        }
    }

    #[test]
    fn hand_numbered_sources_are_not_numbered_again() {
        let chapters = [ch("a", "# Chương 1. Tổng quan\n\n## 1.1. Mã số\n\n**Bảng 1. Nhật ký**\n\n| A |\n|---|\n| x |\n", ChapterRole::Body)];
        let d = build(DocMeta::default(), &chapters, Numbering::Auto, &none).document;
        assert_eq!(d.chapters[0].number, None);
        let Block::Table(t) = &d.chapters[0].blocks[1] else {
            panic!("{:?}", d.chapters[0].blocks)
        };
        assert_eq!(t.number, None);
        assert_eq!(plain_text(t.caption.as_ref().unwrap()), "Bảng 1. Nhật ký");
    }

    #[test]
    fn recognises_hand_written_numbers_only() {
        for t in [
            "Chương 1. Tổng quan",
            "Phụ lục A. Biểu mẫu",
            "1.1. Mã số",
            "2 Phạm vi",
            "Chương IV: X",
        ] {
            assert!(hand_numbered(t), "{t}");
        }
        for t in [
            "Phụ lục biểu mẫu",
            "Chương trình đào tạo",
            "BM-01. Nhật ký",
            "2025 là năm",
            "Giới thiệu",
        ] {
            assert!(!hand_numbered(t), "{t}");
        }
    }

    #[test]
    fn one_markdown_file_splits_into_chapters() {
        let (title, chapters) = chapters_from_markdown(
            "# Sổ tay\n\n*Bản thử.*\n\n# Chương 1. Tổng quan\n\n## 1.1. A\n\n```\n# not a heading\n```\n\n# Phụ lục A. Biểu mẫu\n\n## BM-01\n",
            "x",
        );
        assert_eq!(title, "Sổ tay");
        let roles: Vec<ChapterRole> = chapters.iter().map(|c| c.role).collect();
        assert_eq!(
            roles,
            [ChapterRole::Front, ChapterRole::Body, ChapterRole::Annex]
        );
        assert!(chapters[1].markdown.contains("# not a heading"));
    }
}
