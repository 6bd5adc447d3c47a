//! Change bars against an earlier edition (issue 21): bars in the outer margin beside the
//! changed blocks, drawn as layout artifacts, on screen and in print (A4 and A5), a removal
//! tick, the change list after the contents with page numbers, and a golden render of a page
//! with bars (`SOTAY_PDF_BLESS=1` renews it, like `tests/renders.rs`).

mod common;
#[path = "common/render.rs"]
mod render;

use std::collections::BTreeMap;

use common::*;
use lopdf::content::Content;
use lopdf::Object;
use sotay_doc::changes::compare;
use sotay_doc::{Block, Document, Inline};
use sotay_pdf::{write, Edition, Paper, PdfOptions};

/// The shrimp handbook as edition 1.0, and 1.1 with, in chapter 1, its title and four
/// paragraphs changed, its third removed, a paragraph added at its end and a table row removed.
fn editions() -> (Document, Document) {
    let old = template("tom-nuoc-lo");
    let mut new = old.clone();
    let ci = new
        .chapters
        .iter()
        .position(|c| c.key.contains("gioi-thieu"))
        .expect("chapter 1");
    new.chapters[ci]
        .title
        .push(Inline::Text(" và phạm vi".into()));
    let blocks = &mut new.chapters[ci].blocks;
    let paras: Vec<usize> = (0..blocks.len())
        .filter(|&k| matches!(blocks[k], Block::Paragraph(_)))
        .collect();
    for k in [0, 4, 7, 10] {
        if let Block::Paragraph(inl) = &mut blocks[paras[k]] {
            inl.push(Inline::Text(
                " Sửa đổi năm 2026: ghi chép trong ngày.".into(),
            ));
        }
    }
    blocks.push(Block::Paragraph(vec![Inline::Text(
        "Đoạn mới: mỗi lô tôm giống phải có giấy kiểm dịch.".into(),
    )]));
    if let Some(Block::Table(t)) = blocks.iter_mut().find(|b| matches!(b, Block::Table(_))) {
        t.rows.remove(0);
    }
    blocks.remove(paras[2]);
    new.meta.edition_label = "1.1".into();
    new.changes = Some(compare(&old, &new, "1.0"));
    (old, new)
}

/// The grey of the change list's key, whose sample marks are not change marks.
const KEY_GREY: [f32; 3] = [0.38, 0.38, 0.38];

/// Filled rectangles drawn inside `/Artifact` sequences on each page: (page, x, y, w, h); the
/// change marks (`key` false) or the samples of the change list's key (`key` true, grey).
fn artifact_rects(bytes: &[u8]) -> Vec<(u32, f32, f32, f32, f32)> {
    marked_rects(bytes, false)
}

fn marked_rects(bytes: &[u8], key: bool) -> Vec<(u32, f32, f32, f32, f32)> {
    let lo = lopdf::Document::load_mem(bytes).expect("pdf");
    let num = |o: &Object| {
        o.as_float()
            .or_else(|_| o.as_i64().map(|i| i as f32))
            .unwrap_or(0.0)
    };
    let mut out = Vec::new();
    for (page, pid) in lo.get_pages() {
        let ops = Content::decode(&lo.get_page_content(pid)).expect("ops");
        let mut stack: Vec<bool> = Vec::new();
        let mut rect = None;
        let mut grey = false;
        for op in ops.operations {
            match op.operator.as_str() {
                "rg" => {
                    let v: Vec<f32> = op.operands.iter().map(num).collect();
                    grey = v.len() == 3 && (0..3).all(|i| (v[i] - KEY_GREY[i]).abs() < 0.005);
                }
                "BDC" | "BMC" => stack.push(
                    op.operands.first().and_then(|o| o.as_name().ok())
                        == Some(b"Artifact".as_slice()),
                ),
                "EMC" => {
                    stack.pop();
                }
                "re" => {
                    let v: Vec<f32> = op.operands.iter().map(num).collect();
                    rect = Some((v[0], v[1], v[2], v[3]));
                }
                "f" | "f*" => {
                    if let (Some((x, y, w, h)), true) = (rect.take(), stack.contains(&true)) {
                        if grey == key {
                            out.push((page, x, y, w, h));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The change bars: 2 pt wide filled artifacts.
fn bars(bytes: &[u8]) -> BTreeMap<u32, Vec<(f32, f32)>> {
    let mut out: BTreeMap<u32, Vec<(f32, f32)>> = BTreeMap::new();
    for (p, x, _, w, h) in artifact_rects(bytes) {
        if (w - 2.0).abs() < 0.01 && h >= 2.0 {
            out.entry(p).or_default().push((x, h));
        }
    }
    out
}

#[test]
fn bars_stand_in_the_outer_margin_as_artifacts() {
    let (_, new) = editions();
    let changes = new.changes.as_ref().unwrap();
    assert_eq!(changes.counts(), [1, 5, 0, 1], "{:?}", changes.blocks);
    for (edition, paper) in [
        (Edition::Screen, Paper::A4),
        (Edition::Print, Paper::A4),
        (Edition::Screen, Paper::A5),
        (Edition::Print, Paper::A5),
    ] {
        let out = write(&new, &PdfOptions { edition, paper });
        let found = bars(&out.bytes);
        assert!(!found.is_empty(), "{edition:?} {paper:?}: no bars");
        if edition == Edition::Print {
            // Both sides of the spread are exercised: a recto and a verso with bars.
            assert!(
                found.keys().any(|p| p % 2 == 0) && found.keys().any(|p| p % 2 == 1),
                "{paper:?}: bars on {:?}",
                found.keys().collect::<Vec<_>>()
            );
        }
        let lo = lopdf::Document::load_mem(&out.bytes).unwrap();
        let pages = lo.get_pages();
        for (page, list) in &found {
            let mb = lo
                .get_object(pages[page])
                .and_then(|o| o.as_dict())
                .and_then(|d| d.get(b"TrimBox").or_else(|_| d.get(b"MediaBox")))
                .and_then(|o| o.as_array())
                .map(|a| {
                    a.iter()
                        .map(|o| {
                            o.as_float()
                                .or_else(|_| o.as_i64().map(|i| i as f32))
                                .unwrap()
                        })
                        .collect::<Vec<f32>>()
                })
                .unwrap();
            let (x0, w) = (mb[0], mb[2] - mb[0]);
            for (x, _) in list {
                let right = *x > x0 + w / 2.0;
                // Screen: always right; print: right on odd (recto) pages, left on even.
                let want_right = edition == Edition::Screen || page % 2 == 1;
                assert_eq!(
                    right, want_right,
                    "{edition:?} {paper:?} page {page}: bar at x {x}"
                );
                // In the margin, outside the text block but inside the trim.
                assert!(*x > x0 && *x < x0 + w, "{x} outside the page");
            }
        }
        // Without changes, no bar at all.
        let mut plain = new.clone();
        plain.changes = None;
        assert!(bars(&write(&plain, &PdfOptions { edition, paper }).bytes).is_empty());
    }
}

#[test]
fn the_change_list_follows_the_contents_with_page_numbers() {
    if !have("pdftotext") {
        return;
    }
    let (_, new) = editions();
    let dir = tempfile::tempdir().unwrap();
    let pdf = save(
        &dir,
        "changes.pdf",
        &write(&new, &PdfOptions::default()).bytes,
    );
    let all = text(&pdf, None);
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let layout = String::from_utf8(out.stdout).unwrap();
    let layout = &layout[layout.find("Những thay đổi so với").unwrap()..];
    let start = all
        .find("Những thay đổi so với ấn bản 1.0")
        .expect("the change list's title");
    assert!(all.find("Mục lục").unwrap() < start, "after the contents");
    let changes = new.changes.as_ref().unwrap();
    assert!(!changes.sections.is_empty());
    for s in &changes.sections {
        let line = layout
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(&s.heading()))
            .unwrap_or_else(|| panic!("no entry for {}", s.heading()));
        assert!(line.contains(&format!("— {}", s.kind.label())), "{line}");
        assert!(
            line.split_whitespace()
                .last()
                .unwrap()
                .parse::<u32>()
                .is_ok(),
            "a page number: {line}"
        );
    }
    // The outline names it too.
    let lo = lopdf::Document::load_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    let found = lo.objects.values().any(|o| {
        o.as_dict().ok().and_then(|d| d.get(b"Title").ok()).is_some_and(|t| {
            matches!(t, Object::String(b, _) if String::from_utf16(&b.chunks(2).skip(1).map(|c| u16::from_be_bytes([c[0], c[1]])).collect::<Vec<_>>()).is_ok_and(|s| s.starts_with("Những thay đổi")))
        })
    });
    assert!(found, "an outline entry for the change list");
}

#[test]
fn the_same_changes_give_the_same_bytes() {
    let (old, new) = editions();
    let again = {
        let mut d = new.clone();
        d.changes = Some(compare(&old, &d, "1.0"));
        d
    };
    let opts = PdfOptions {
        edition: Edition::Print,
        paper: Paper::A5,
    };
    assert_eq!(write(&new, &opts).bytes, write(&again, &opts).bytes);
}

#[test]
fn a_page_with_bars_looks_as_it_did() {
    if !have("pdftoppm") || !have("pdftotext") {
        return;
    }
    let (_, new) = editions();
    let out = write(&new, &PdfOptions::default());
    let page = *bars(&out.bytes).keys().next().expect("a page with bars");
    let dir = tempfile::tempdir().unwrap();
    let pdf = save(&dir, "bars.pdf", &out.bytes);
    render::check(&pdf, page as usize, "change-bars-a4");
    // The bars are there in the pixels too (at 40 dpi they are a pixel wide, too thin for the
    // tolerance above): at 100 dpi the bar's column is dark along the bar and the margin
    // beside it white.
    let out_png = std::process::Command::new("pdftoppm")
        .args(["-r", "100", "-png", "-singlefile", "-f"])
        .arg(page.to_string())
        .arg("-l")
        .arg(page.to_string())
        .arg(&pdf)
        .output()
        .unwrap();
    let (w, h, grey) = render::decode(&out_png.stdout);
    let px = |pt: f32| (pt * 100.0 / 72.0).round() as i64;
    let page_h = 841.89_f32;
    let at = |x: i64, y: i64| {
        grey[(y.clamp(0, h as i64 - 1) * w as i64 + x.clamp(0, w as i64 - 1)) as usize]
    };
    let mut checked = 0;
    for (p, x, y, bw, bh) in artifact_rects(&out.bytes) {
        if p != page || (bw - 2.0).abs() > 0.01 || bh < 10.0 {
            continue;
        }
        checked += 1;
        let (cx, top, bottom) = (px(x + bw / 2.0), px(page_h - y - bh), px(page_h - y));
        let column: Vec<u8> = ((top + 2)..(bottom - 2)).map(|yy| at(cx, yy)).collect();
        let dark = column.iter().filter(|&&g| g < 160).count();
        assert!(
            dark * 10 >= column.len() * 9,
            "the bar at x {x} is not drawn: {column:?}"
        );
        let beside: Vec<u8> = ((top + 2)..(bottom - 2)).map(|yy| at(cx + 8, yy)).collect();
        assert!(
            beside.iter().all(|&g| g > 200),
            "the margin beside the bar is not clear"
        );
    }
    assert!(checked > 0, "no bar on page {page}");
    // The change list's page: the one whose text starts with its title.
    let list = (1..page as usize)
        .find(|&p| {
            text(&pdf, Some((p, p)))
                .trim_start()
                .starts_with("Những thay đổi")
        })
        .expect("the change list's page");
    render::check(&pdf, list, "change-list-a4");
}

#[test]
fn marks_and_the_change_list_leave_nothing_untagged() {
    let (_, new) = editions();
    for edition in [Edition::Screen, Edition::Print] {
        let out = write(
            &new,
            &PdfOptions {
                edition,
                paper: Paper::A4,
            },
        );
        let lo = lopdf::Document::load_mem(&out.bytes).unwrap();
        for (page, pid) in lo.get_pages() {
            let ops = Content::decode(&lo.get_page_content(pid)).unwrap();
            let mut depth = 0i32;
            for op in &ops.operations {
                match op.operator.as_str() {
                    "BDC" | "BMC" => depth += 1,
                    "EMC" => depth -= 1,
                    "Tj" | "TJ" | "f" | "f*" | "S" | "B" | "Do" if depth == 0 => {
                        panic!(
                            "{edition:?} page {page}: {} drawn outside marked content",
                            op.operator
                        )
                    }
                    _ => {}
                }
            }
        }
        if have("qpdf") {
            let dir = tempfile::tempdir().unwrap();
            let pdf = save(&dir, "qpdf.pdf", &out.bytes);
            let check = std::process::Command::new("qpdf")
                .arg("--check")
                .arg(&pdf)
                .output()
                .unwrap();
            assert!(
                check.status.success(),
                "{}",
                String::from_utf8_lossy(&check.stdout)
            );
        }
        // The change list is a TOC in the structure tree.
        let has_toc = lo
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.get(b"S").ok().and_then(|s| s.as_name().ok()) == Some(b"TOC".as_slice()))
            .count();
        assert_eq!(has_toc, 2, "the contents and the change list");
    }
}

mod random {
    use proptest::prelude::*;
    use sotay_doc::changes::compare;
    use sotay_doc::{build, ChapterInput, ChapterRole, DocMeta, Numbering};
    use sotay_pdf::{write, Edition, Paper, PdfOptions};

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zàáảãạăâđêôơư ]{1,40}",
            Just("## Mục {#muc}\n".to_owned()),
            Just("### Tiểu mục\n".to_owned()),
            Just("- một\n- hai\n".to_owned()),
            Just("| A | B |\n|-|-|\n| 1 | 2 |\n| 3 | 4 |\n".to_owned()),
            Just("Xem [](#muc) và chú thích[^1].\n\n[^1]: Một.\n".to_owned()),
            Just("> [!NOTE]\n> Ghi chú\n".to_owned()),
            Just("<!-- pagebreak -->\n".to_owned()),
        ]
    }

    fn chapters() -> impl Strategy<Value = Vec<(String, String)>> {
        prop::collection::vec(
            (
                prop::sample::select(vec!["a", "b", "c", "d"]),
                prop::collection::vec(piece(), 0..12).prop_map(|v| v.join("\n\n")),
            ),
            1..4,
        )
        .prop_map(|v| v.into_iter().map(|(k, m)| (k.to_owned(), m)).collect())
    }

    fn doc(chapters: &[(String, String)]) -> sotay_doc::Document {
        let inputs: Vec<ChapterInput> = chapters
            .iter()
            .map(|(k, md)| ChapterInput {
                key: k.clone(),
                title: k.to_uppercase(),
                markdown: md.clone(),
                role: ChapterRole::Body,
            })
            .collect();
        build(DocMeta::default(), &inputs, Numbering::Auto, &|_| None).document
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

        /// Any two editions compare into marks that point at real blocks, and every writer draws
        /// them; an edition compared with itself has no changes.
        #[test]
        fn any_two_editions_compare_and_print(a in chapters(), b in chapters(), print in any::<bool>()) {
            let (old, mut new) = (doc(&a), doc(&b));
            prop_assert!(compare(&old, &old, "1.0").is_empty());
            let c = compare(&old, &new, "1.0");
            for &(ch, k) in c.blocks.keys() {
                prop_assert!(k < new.chapters[ch].blocks.len());
            }
            for r in &c.removals {
                prop_assert!(r.before <= new.chapters[r.chapter].blocks.len() && r.blocks + r.moved > 0);
            }
            prop_assert_eq!(&c, &compare(&old, &new, "1.0"));
            new.changes = Some(c);
            let out = write(&new, &PdfOptions {
                edition: if print { Edition::Print } else { Edition::Screen },
                paper: Paper::A5,
            });
            prop_assert!(lopdf::Document::load_mem(&out.bytes).is_ok());
            prop_assert!(sotay_doc::html::single_file(&new).contains("Những thay đổi"));
            prop_assert!(sotay_doc::epub::write(&new).is_ok());
        }
    }
}

#[test]
fn a_long_table_has_bars_beside_its_changed_rows_only() {
    let table = |change: &dyn Fn(usize) -> String, head: &str| {
        let mut md = format!(
            "# Nhật ký\n\nBảng: Nhật ký cho ăn\n\n| {head} | Ao | Ghi chú |\n|---|---|---|\n"
        );
        for i in 0..80 {
            md.push_str(&format!(
                "| {:02}/06/2025 | AO{:02} | {} |\n",
                i % 28 + 1,
                i % 9 + 1,
                change(i)
            ));
        }
        doc(&[("nhat-ky", &md, sotay_doc::ChapterRole::Body)], &|_| None)
    };
    let plain = |i: usize| format!("Cho ăn lần {i}");
    let old = table(&plain, "Ngày");
    let mut new = table(
        &|i| {
            if i == 60 {
                "Cho ăn lần 60, tăng khẩu phần".into()
            } else {
                plain(i)
            }
        },
        "Ngày",
    );
    new.changes = Some(compare(&old, &new, "1.0"));
    let found = bars(&write(&new, &PdfOptions::default()).bytes);
    assert_eq!(
        found.values().flatten().count(),
        1,
        "one bar, beside row 61: {found:?}"
    );
    let (_, h) = found.values().flatten().next().unwrap();
    assert!(*h < 40.0, "a row high, not the table: {h}");
    if have("pdftotext") {
        // The bar spans exactly that row: it covers the changed row's words and neither the
        // row above's nor the row below's.
        let bytes = write(&new, &PdfOptions::default()).bytes;
        let (&page, _) = found.iter().next().unwrap();
        let bar = artifact_rects(&bytes)
            .into_iter()
            .find(|r| r.0 == page && (r.3 - 2.0).abs() < 0.01)
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let pdf = save(&dir, "rows.pdf", &bytes);
        let words = words(&pdf, page);
        let page_h = 841.89_f32;
        let (top, bottom) = (page_h - bar.2 - bar.4, page_h - bar.2);
        let word = |w: &str| {
            words
                .iter()
                .find(|(t, ..)| t == w)
                .map(|(_, y0, y1)| (*y0, *y1))
                .unwrap_or_else(|| panic!("no word {w} on page {page}"))
        };
        let (y0, y1) = word("tăng");
        assert!(
            top <= y0 && y1 <= bottom,
            "the bar {top}–{bottom} covers the row {y0}–{y1}"
        );
        for neighbour in ["59", "61"] {
            let (y0, y1) = word(neighbour);
            assert!(
                y1 <= top || y0 >= bottom,
                "the bar {top}–{bottom} reaches row {neighbour} ({y0}–{y1})"
            );
        }
    }
    // A changed header row: the whole table, on every page it spans.
    let mut renamed = table(&plain, "Ngày ghi");
    renamed.changes = Some(compare(&old, &renamed, "1.0"));
    let found = bars(&write(&renamed, &PdfOptions::default()).bytes);
    assert!(found.len() >= 2, "{found:?}");
}

/// The words of page `page` with their top and bottom (from the page's top), by
/// `pdftotext -bbox`.
fn words(pdf: &std::path::Path, page: u32) -> Vec<(String, f32, f32)> {
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |w: &str, name: &str| -> f32 {
        let at = w.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        w[at..w[at..].find('"').unwrap() + at].parse().unwrap()
    };
    html.split("<word ")
        .skip(1)
        .map(|w| {
            let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
            (text.to_owned(), attr(w, "yMin"), attr(w, "yMax"))
        })
        .collect()
}

/// A changed, an added and a moved paragraph: a solid bar (2 pt), a double bar (two 0.9 pt
/// rules side by side) and a dashed one (2 pt dashes at most 4 pt high), all artifacts.
#[test]
fn the_kind_of_change_is_told_by_the_bar_s_shape() {
    let para = |k: usize| {
        format!("Đoạn văn số {k} nói về việc ghi chép nhật ký ao nuôi hằng ngày, đủ dài để chiếm vài dòng khi dàn trang trên khổ A4.")
    };
    let md = |paras: &[String]| format!("# Nhật ký\n\n{}\n", paras.join("\n\n"));
    let old_paras: Vec<String> = (0..8).map(para).collect();
    let mut new_paras = old_paras.clone();
    new_paras[1] = format!("{} Sửa đổi.", new_paras[1]); // changed
    new_paras.insert(3, "Đoạn mới thêm vào, ba dòng trở lên: mỗi lô tôm giống phải có giấy kiểm dịch của cơ quan thú y và được ghi vào nhật ký.".into()); // added
    let moved = new_paras.remove(6); // para 5 …
    new_paras.push(moved); // … moved to the end
    let old = doc(
        &[("nhat-ky", &md(&old_paras), sotay_doc::ChapterRole::Body)],
        &|_| None,
    );
    let mut new = doc(
        &[("nhat-ky", &md(&new_paras), sotay_doc::ChapterRole::Body)],
        &|_| None,
    );
    let c = compare(&old, &new, "1.0");
    let kinds: Vec<_> = c.blocks.values().copied().collect();
    use sotay_doc::changes::ChangeKind::*;
    assert_eq!(kinds, [Changed, Added, Moved], "{:?}", c.blocks);
    new.changes = Some(c);
    let bytes = write(&new, &PdfOptions::default()).bytes;
    let dir = tempfile::tempdir().unwrap();
    save(&dir, "kinds.pdf", &bytes); // kept under SOTAY_PDF_KEEP, to look at
    let rects = artifact_rects(&bytes);
    let solid: Vec<_> = rects
        .iter()
        .filter(|r| (r.3 - 2.0).abs() < 0.01 && r.4 > 6.0)
        .collect();
    let dashes: Vec<_> = rects
        .iter()
        .filter(|r| (r.3 - 2.0).abs() < 0.01 && r.4 <= 4.01)
        .collect();
    let rules: Vec<_> = rects.iter().filter(|r| (r.3 - 0.9).abs() < 0.01).collect();
    assert_eq!(solid.len(), 1, "one solid bar (changed): {rects:?}");
    assert_eq!(
        rules.len(),
        2,
        "one double bar (added), two rules: {rects:?}"
    );
    assert_eq!(
        (rules[0].2, rules[0].4),
        (rules[1].2, rules[1].4),
        "side by side"
    );
    assert!((rules[1].1 - rules[0].1 - 2.2).abs() < 0.01);
    assert!(dashes.len() >= 3, "a dashed bar (moved): {dashes:?}");
    assert!(dashes
        .windows(2)
        .all(|d| d[0].1 == d[1].1 && (d[0].2 - d[1].2).abs() > 5.0));
    // The legend says which is which, and its key draws each mark (in grey, on one line)
    // before its word.
    let legend = new.changes.as_ref().unwrap().legend();
    for words in ["vạch liền", "vạch đôi", "vạch đứt", "bãi bỏ"] {
        assert!(legend.contains(words), "{legend}");
    }
    let key = marked_rects(&bytes, true);
    let page = key.first().expect("the key's samples").0;
    assert!(key.iter().all(|r| r.0 == page));
    let count = |w: f32, h: &dyn Fn(f32) -> bool| {
        key.iter()
            .filter(|r| (r.3 - w).abs() < 0.01 && h(r.4))
            .count()
    };
    assert_eq!(count(2.0, &|h| h > 4.01), 1, "solid: {key:?}");
    assert_eq!(count(0.9, &|_| true), 2, "double");
    assert!(count(2.0, &|h| h <= 4.01) >= 2, "dashed");
    assert_eq!(count(7.0, &|h| (h - 2.4).abs() < 0.01), 1, "tick");
    let xs: Vec<f32> = key.iter().map(|r| r.1).collect();
    assert!(xs.windows(2).all(|w| w[0] <= w[1]), "left to right: {xs:?}");
    if have("pdftotext") {
        let pdf = save(&dir, "kinds.pdf", &bytes);
        let text = text(&pdf, Some((page as usize, page as usize)));
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains("bãi bỏ. sửa đổi thêm mới chuyển chỗ bãi bỏ Chương 1."),
            "the key after the legend, before the list: {words}"
        );
    }
}
