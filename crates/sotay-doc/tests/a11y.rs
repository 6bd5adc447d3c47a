//! Accessibility checked before export (issue 18): one test per `a11y.*` rule, each with what
//! it reports (at its chapter, line and column) and what it leaves alone; and passages marked
//! `{lang=…}` carried by the model into HTML and EPUB.

use std::io::Read;

use sotay_doc::{
    build, epub, html, plain_text, Block, Built, ChapterInput, ChapterRole, DocMeta, Image, Inline,
    Numbering,
};
use sotay_model::Lang;

fn found(_: &str) -> Option<Image> {
    Some(Image {
        bytes: Vec::new(),
        mime: "image/png".into(),
    })
}

fn build_in(lang: Lang, md: &str) -> Built {
    let meta = DocMeta {
        title: "Sổ tay".into(),
        lang,
        ..DocMeta::default()
    };
    let chapters = [ChapterInput {
        key: "c".into(),
        title: "C".into(),
        markdown: md.into(),
        role: ChapterRole::Body,
    }];
    build(meta, &chapters, Numbering::Auto, &found)
}

/// The `a11y.*` diagnostics of a chapter `c` in Vietnamese: code and `c:line:column`.
fn a11y_in(lang: Lang, md: &str) -> Vec<(String, String)> {
    build_in(lang, md)
        .diagnostics
        .iter()
        .filter(|d| sotay_doc::a11y::is_a11y(d))
        .map(|d| {
            assert!(d.hint.is_some(), "{d:?}");
            assert!(!d.message.vi.is_empty() && !d.message.en.is_empty());
            assert_eq!(d.severity, sotay_model::Severity::Warning);
            (d.code.clone(), d.location())
        })
        .collect()
}

fn a11y(md: &str) -> Vec<(String, String)> {
    a11y_in(Lang::Vi, md)
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn images_need_a_description() {
    let md = "# C\n\n![](ao.png)\n\n![{#hinh-ao}](ao.png)\n\nẢnh nhỏ ![](icon.png) trong câu.\n\n![ao-03](anh/ao-03.jpg)\n\n![Ao nuôi số 3 lúc thu hoạch](ao.png)\n\nChữ ![biểu tượng GS1](gs1.png) có mô tả.\n";
    assert_eq!(
        a11y(md),
        pairs(&[
            ("a11y.image_alt", "c:3:1"),
            ("a11y.image_alt", "c:5:1"),
            ("a11y.image_alt", "c:7:9"),
            ("a11y.image_alt", "c:9:1"),
        ])
    );
    let built = build_in(Lang::Vi, md);
    let d = built
        .diagnostics
        .iter()
        .find(|d| d.location() == "c:9:1")
        .unwrap();
    assert!(d.message.en.contains("only by its file name"), "{d:?}");
}

#[test]
fn heading_levels_are_not_skipped() {
    let md = "# C\n\n## A\n\n#### B\n\n##### B1\n\n## D\n\n### E\n\n#### F\n\n## G\n";
    assert_eq!(a11y(md), pairs(&[("a11y.heading_skip", "c:5:1")]));
    let d = build_in(Lang::Vi, md).diagnostics.remove(0);
    assert!(
        d.message.vi.contains("“##” xuống “####”"),
        "{}",
        d.message.vi
    );
    assert!(d.hint.unwrap().vi.contains("“###”"));
    // Straight from the chapter title to `###`.
    assert_eq!(
        a11y("# C\n\nMở đầu.\n\n### Chi tiết\n"),
        pairs(&[("a11y.heading_skip", "c:5:1")])
    );
    // No title: the chapter's name is the H1, so `##` first is right; a later `#` is a section.
    assert!(a11y("## A\n\n### B\n\n# C\n\n### D\n").is_empty());
    assert!(a11y("# C\n\n## A\n\n### B\n\n#### C\n\n## D\n").is_empty());
}

#[test]
fn table_headers_name_every_column() {
    let md = "# C\n\n| | |\n|---|---|\n| 1 | 2 |\n\nBảng: Có tiêu đề thiếu\n\n| Ao | |\n|---|---|\n| 1 | 2 |\n\n| Ao | Ngày |\n|---|---|\n| 1 | 2 |\n";
    assert_eq!(
        a11y(md),
        pairs(&[
            ("a11y.table_header", "c:3:1"),
            ("a11y.table_header", "c:9:1")
        ])
    );
    let built = build_in(Lang::Vi, md);
    assert!(built.diagnostics[0].message.en.contains("no header row"));
    assert!(built.diagnostics[1].message.en.contains("Column 2"));
    // What the span points at: the header row.
    let s = built.spans[1].as_ref().unwrap();
    assert_eq!(&md[s.range.clone()], "| Ao | |");
}

#[test]
fn link_words_say_where_they_lead() {
    let md = "# C\n\n## Mục\n\nXem [tại đây](https://truyxuat.gov.vn) và [Xem thêm](#muc).\n\n- [here](https://gs1.org)\n- [link](https://gs1.org)\n\nĐịa chỉ <https://gs1.org>, [https://gs1.org](https://gs1.org), [Cổng truy xuất quốc gia](https://truyxuat.gov.vn), [](#muc), [mục trên](#muc).\n";
    assert_eq!(
        a11y(md),
        pairs(&[
            ("a11y.link_text", "c:5:5"),
            ("a11y.link_text", "c:5:43"),
            ("a11y.link_text", "c:7:3"),
            ("a11y.link_text", "c:8:3"),
        ])
    );
}

#[test]
fn passages_in_another_language_need_their_marker() {
    let english = "Traceability is the ability to follow the movement of a food through specified stages of production.";
    let md = format!(
        "# C\n\n{english}\n\n[{english}]{{lang=en}}\n\nTiêu chuẩn GS1 EPCIS (Electronic Product Code Information Services) quy định cách trao đổi sự kiện.\n\n- {english}\n- Mỗi lô phải được ghi ngày thu hoạch.\n\n## The records that each farm should keep for the buyer\n\n## The records that each farm should keep for the buyer {{lang=en}}\n"
    );
    assert_eq!(
        a11y(&md),
        pairs(&[
            ("a11y.lang", "c:3:1"),
            ("a11y.lang", "c:9:3"),
            ("a11y.lang", "c:12:1"),
        ])
    );
    let d = build_in(Lang::Vi, &md).diagnostics.remove(0);
    assert!(d.message.vi.contains("tiếng Anh"), "{}", d.message.vi);
    assert!(d.hint.unwrap().vi.contains("{lang=en}"));
    // In an English document the English passage is at home and a Vietnamese one is not.
    let md = format!("# C\n\n{english}\n\nSổ tay này hướng dẫn các cơ sở nuôi tôm ghi chép nhật ký ao nuôi theo lô.\n\n[Sổ tay này hướng dẫn các cơ sở nuôi tôm ghi chép nhật ký ao nuôi theo lô.]{{lang=vi}}\n");
    assert_eq!(a11y_in(Lang::En, &md), pairs(&[("a11y.lang", "c:5:1")]));
}

#[test]
fn a_document_without_problems_has_no_a11y_warnings() {
    let md = "# C\n\n## Mục tiêu\n\nSổ tay hướng dẫn ghi chép theo tiêu chuẩn GS1 (Global Traceability Standard).\n\n### Chi tiết\n\n![Sơ đồ chuỗi cung ứng](so-do.png)\n\n| Ao | Ngày thả |\n|---|---|\n| 1 | 2 |\n\nXem [Cổng truy xuất nguồn gốc](https://truyxuat.gov.vn) và [](#muc-tieu).\n";
    assert!(a11y(md).is_empty(), "{:?}", a11y(md));
}

fn paragraph(built: &Built, i: usize) -> &[Inline] {
    match &built.document.chapters[0].blocks[i] {
        Block::Paragraph(p) => p,
        other => panic!("{other:?}"),
    }
}

#[test]
fn lang_spans_are_read_into_the_model() {
    let md = "# C\n\n## Mục {#muc}\n\nTheo [Good *Aquaculture* Practices]{lang=en} và [bonne pratique]{lang=\"fr-CA\"}.\n\n[a [b] c]{lang=en} rồi x]{lang=en} và [y]{.red} và [z]{lang=1x}.\n\n[see [](#muc)[^1]]{lang=en}\n\n## Good Aquaculture Practices {#gap lang=en}\n\n- [Record keeping]{lang=en}\n\n[^1]: Chú thích.\n";
    let built = build_in(Lang::Vi, md);
    let p = paragraph(&built, 1);
    assert_eq!(
        p,
        &[
            Inline::Text("Theo ".into()),
            Inline::Lang {
                lang: "en".into(),
                content: vec![
                    Inline::Text("Good ".into()),
                    Inline::Emph(vec![Inline::Text("Aquaculture".into())]),
                    Inline::Text(" Practices".into()),
                ]
            },
            Inline::Text(" và ".into()),
            Inline::Lang {
                lang: "fr-CA".into(),
                content: vec![Inline::Text("bonne pratique".into())]
            },
            Inline::Text(".".into()),
        ]
    );
    let p = paragraph(&built, 2);
    assert!(matches!(&p[0], Inline::Lang { content, .. } if plain_text(content) == "a [b] c"));
    assert_eq!(
        plain_text(&p[1..]),
        " rồi x]{lang=en} và [y]{.red} và [z]{lang=1x}."
    );
    // Cross-references and footnotes inside a passage resolve.
    let p = paragraph(&built, 3);
    let Inline::Lang { content, .. } = &p[0] else {
        panic!("{p:?}")
    };
    assert!(matches!(&content[1], Inline::XRef { target: Some(t), .. } if t.label == "mục 1.1"));
    assert!(matches!(&content[2], Inline::FootnoteRef { number: 1, .. }));
    // A heading's `{lang=en}` marks its whole text; the id is kept.
    let Block::Heading { id, content, .. } = &built.document.chapters[0].blocks[4] else {
        panic!()
    };
    assert_eq!(id, "gap");
    assert!(
        matches!(content.as_slice(), [Inline::Lang { lang, .. }] if lang == "en"),
        "{content:?}"
    );
    let Block::List { items, .. } = &built.document.chapters[0].blocks[5] else {
        panic!()
    };
    assert!(matches!(
        &items[0].blocks[0],
        Block::Paragraph(p) if matches!(p.as_slice(), [Inline::Lang { .. }])
    ));
    assert!(built.diagnostics.is_empty(), "{:?}", built.diagnostics);
}

#[test]
fn html_and_epub_carry_the_language_of_a_passage() {
    let md = "# C\n\nTheo [Good Aquaculture Practices]{lang=en}.\n\n## Traceability {lang=en}\n";
    let built = build_in(Lang::Vi, md);
    let page = html::single_file(&built.document);
    assert!(
        page.contains("Theo <span lang=\"en\">Good Aquaculture Practices</span>."),
        "{page}"
    );
    assert!(
        page.contains("<span lang=\"en\">Traceability</span></h"),
        "{page}"
    );
    let bytes = epub::write(&built.document).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().ends_with(".xhtml") {
            f.read_to_string(&mut all).unwrap();
        }
    }
    assert!(
        all.contains("<span lang=\"en\">Good Aquaculture Practices</span>"),
        "{all}"
    );
}
