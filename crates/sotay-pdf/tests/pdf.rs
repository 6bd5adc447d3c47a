//! Acceptance tests for the PDF editions, checked with the public tools where installed
//! (`qpdf`, `pdffonts`, `pdftotext`, `pdfinfo`) and with `lopdf` for the structure.

mod common;

use common::*;
use lopdf::{Document as Lo, Object};
use sotay_doc::{ChapterRole, Image};
use sotay_pdf::{write, Edition, Paper, PdfOptions};

const SCREEN_A4: PdfOptions = PdfOptions {
    edition: Edition::Screen,
    paper: Paper::A4,
};
const PRINT_A4: PdfOptions = PdfOptions {
    edition: Edition::Print,
    paper: Paper::A4,
};

fn none(_: &str) -> Option<Image> {
    None
}

fn load(bytes: &[u8]) -> Lo {
    Lo::load_mem(bytes).expect("lopdf reads our PDF")
}

fn catalog(lo: &Lo) -> &lopdf::Dictionary {
    let root = lo.trailer.get(b"Root").unwrap().as_reference().unwrap();
    lo.get_dictionary(root).unwrap()
}

fn num(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => panic!("not a number: {o:?}"),
    }
}

fn rect(lo: &Lo, page: lopdf::ObjectId, key: &[u8]) -> Option<[f32; 4]> {
    let d = lo.get_dictionary(page).ok()?;
    let a = d.get(key).ok()?.as_array().ok()?;
    Some([num(&a[0]), num(&a[1]), num(&a[2]), num(&a[3])])
}

/// Checks every public-tool acceptance point on one PDF; returns the page count.
fn check_with_tools(name: &str, doc: &sotay_doc::Document, opts: &PdfOptions) -> usize {
    let out = write(doc, opts);
    let dir = tempfile::tempdir().unwrap();
    let path = save(&dir, name, &out.bytes);
    if have("qpdf") {
        let check = run("qpdf", &["--check"], &path);
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{check}"
        );
    }
    if have("pdffonts") {
        let fonts = run("pdffonts", &[], &path);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{fonts}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type… encoding emb sub uni id gen
            let n = cols.len();
            assert_eq!(
                (cols[n - 5], cols[n - 4], cols[n - 3]),
                ("yes", "yes", "yes"),
                "every font embedded, subset, with a ToUnicode map: {row}"
            );
            assert!(cols[0].as_bytes()[6] == b'+', "subset tag: {row}");
        }
    }
    if have("pdftotext") {
        let text = body_text(doc, &text(&path, None));
        assert!(!text.contains('\u{fffd}'), "no replacement characters");
        assert!(
            !text.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)),
            "no loose combining marks (NFC)"
        );
        let (sents, cells) = sentences_and_cells(doc);
        assert!(!sents.is_empty());
        let miss = missing_in_order(&text, &sents);
        assert!(
            miss.is_empty(),
            "{} of {} sentences missing or out of order, e.g. {:?}",
            miss.len(),
            sents.len(),
            &miss[..miss.len().min(3)]
        );
        // Every cell whole in the reading-order text. pdftotext's layout analysis may take
        // an empty column's header for a block of its own, so the order of cells is checked
        // on the content-stream order (`-raw`): rows top to bottom, cells left to right.
        let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let absent: Vec<&String> = cells
            .iter()
            .filter(|c| {
                !squashed.contains(&c.chars().filter(|c| !c.is_whitespace()).collect::<String>())
            })
            .collect();
        assert!(
            absent.is_empty(),
            "{} of {} cells missing, e.g. {:?}",
            absent.len(),
            cells.len(),
            &absent[..absent.len().min(3)]
        );
        let raw = text_with(&path, None, true);
        let miss = missing_in_order(&body_text(doc, &raw), &cells);
        assert!(
            miss.is_empty(),
            "{} of {} table cells out of order, e.g. {:?}",
            miss.len(),
            cells.len(),
            &miss[..miss.len().min(3)]
        );
    }
    if have("pdfinfo") {
        let info = run("pdfinfo", &["-box"], &path);
        assert!(
            info.contains(&format!("Pages:           {}", out.pages)),
            "{info}"
        );
        assert!(info.contains("Title:           Sổ tay"), "{info}");
        assert!(info.contains("Author:          Sở Khoa học"), "{info}");
        let date = &doc.meta.date; // YYYY-MM-DD
        let day: u32 = date[8..].parse().unwrap();
        assert!(
            info.lines().any(|l| l.starts_with("CreationDate:")
                && l.contains(&format!(" {day} "))
                && l.contains(&date[..4])),
            "creation date from the edition ({date}): {info}"
        );
    }
    out.pages
}

#[test]
fn both_template_handbooks_export_whole_and_clean() {
    for id in ["tom-nuoc-lo", "lua-gao"] {
        let doc = template(id);
        let pages = check_with_tools(&format!("{id}.pdf"), &doc, &SCREEN_A4);
        assert!(pages >= 30, "{id}: {pages} pages");
        let out = write(&doc, &SCREEN_A4);
        assert!(
            out.diagnostics
                .iter()
                .all(|d| d.code != "pdf.glyph.missing"),
            "{id}: {:?}",
            out.diagnostics
        );
    }
}

#[test]
fn print_edition_a5_of_a_template_is_clean() {
    let doc = template("tom-nuoc-lo");
    let opts = PdfOptions {
        edition: Edition::Print,
        paper: Paper::A5,
    };
    let pages = check_with_tools("tom-nuoc-lo-print-a5.pdf", &doc, &opts);
    assert!(pages >= 30, "{pages}");
}

#[test]
fn same_input_gives_the_same_bytes() {
    let doc = template("lua-gao");
    for opts in [SCREEN_A4, PRINT_A4] {
        let a = write(&doc, &opts).bytes;
        let b = write(&doc, &opts).bytes;
        assert!(a == b, "{opts:?}: two runs differ");
        assert!(a.starts_with(b"%PDF-1.7"));
    }
}

#[test]
fn page_sizes_follow_paper_and_edition() {
    let doc = doc(
        &[("a", "# Một\n\nMột đoạn văn ngắn.\n", ChapterRole::Body)],
        &none,
    );
    let a4 = (595.28, 841.89);
    let a5 = (419.53, 595.28);
    for (opts, (w, h)) in [
        (SCREEN_A4, a4),
        (
            PdfOptions {
                edition: Edition::Screen,
                paper: Paper::A5,
            },
            a5,
        ),
        (PRINT_A4, a4),
        (
            PdfOptions {
                edition: Edition::Print,
                paper: Paper::A5,
            },
            a5,
        ),
    ] {
        let bytes = write(&doc, &opts).bytes;
        // The paper reads back from the file (the trim box, not the print edition's media).
        assert_eq!(Paper::of_pdf(&bytes), Some(opts.paper), "{opts:?}");
        let lo = load(&bytes);
        for (_, page) in lo.get_pages() {
            let trim = rect(&lo, page, b"TrimBox").expect("TrimBox");
            assert!(
                ((trim[2] - trim[0]) - w).abs() < 0.1 && ((trim[3] - trim[1]) - h).abs() < 0.1,
                "{opts:?}: trim {trim:?}"
            );
            let media = rect(&lo, page, b"MediaBox").unwrap();
            match opts.edition {
                Edition::Screen => {
                    assert!(
                        media.iter().zip(&trim).all(|(a, b)| (a - b).abs() < 0.01),
                        "screen: the page is the trim {media:?} {trim:?}"
                    );
                    assert!(rect(&lo, page, b"BleedBox").is_none());
                }
                Edition::Print => {
                    let bleed = rect(&lo, page, b"BleedBox").expect("BleedBox in print");
                    let mm3 = 3.0 * 72.0 / 25.4;
                    assert!(
                        (trim[0] - bleed[0] - mm3).abs() < 0.05,
                        "{bleed:?} {trim:?}"
                    );
                    assert!((bleed[2] - trim[2] - mm3).abs() < 0.05);
                    assert!(
                        media[0] < bleed[0] && media[2] > bleed[2],
                        "room for crop marks"
                    );
                }
            }
        }
    }
    // Anything else is no paper of ours.
    assert_eq!(Paper::of_pdf(b"not a pdf"), None);
    // pdfinfo agrees (screen: the media box is the paper).
    if have("pdfinfo") {
        let dir = tempfile::tempdir().unwrap();
        let p = save(
            &dir,
            "a5.pdf",
            &write(
                &doc,
                &PdfOptions {
                    edition: Edition::Screen,
                    paper: Paper::A5,
                },
            )
            .bytes,
        );
        assert!(run("pdfinfo", &[], &p).contains("Page size:       419.528 x 595.276 pts"));
        let p = save(&dir, "a4.pdf", &write(&doc, &SCREEN_A4).bytes);
        assert!(run("pdfinfo", &[], &p).contains("(A4)"));
    }
}

fn long_table(rows: usize) -> String {
    let mut md = String::from(
        "# Nhật ký\n\nBảng: Nhật ký cho ăn hằng ngày {#bang-nhat-ky}\n\n| Ngày | Số ao | Loại thức ăn | Lượng (kg) | Người ghi |\n|---|---|---|--:|---|\n",
    );
    for i in 0..rows {
        md.push_str(&format!(
            "| {:02}/06/2025 | AO{:02} | Thức ăn CP 9001 số lô L{} | {},5 | Nguyễn Văn Hùng |\n",
            i % 28 + 1,
            i % 12 + 1,
            1000 + i,
            10 + i % 7
        ));
    }
    md.push_str("\nXem [](#bang-nhat-ky) ở trên.\n");
    md
}

#[test]
fn a_long_table_repeats_its_header_on_every_page() {
    let md = long_table(120);
    let doc = doc(&[("nhat-ky", &md, ChapterRole::Body)], &none);
    let opts = PdfOptions {
        edition: Edition::Screen,
        paper: Paper::A5,
    };
    let out = write(&doc, &opts);
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = save(&dir, "long-table-a5.pdf", &out.bytes);
    // Pages holding rows of the table: each begins its table part with the header row.
    let mut table_pages = 0;
    for p in 1..=out.pages {
        let t = text(&path, Some((p, p)));
        if t.contains("Thức ăn CP 9001") {
            table_pages += 1;
            let head = t.find("Loại thức ăn").expect("header on every table page");
            let first_row = t.find("Thức ăn CP 9001").unwrap();
            assert!(head < first_row, "page {p}: header above the rows");
            let sq: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                sq.contains("Ngườighi") && sq.contains("Lượng(kg)"),
                "page {p}: {t}"
            );
        }
    }
    assert!(table_pages >= 3, "the table spans {table_pages} pages");
    // Caption once, with the table's number.
    let all = text(&path, None);
    assert_eq!(all.matches("Bảng 1.1.").count(), 1, "{all}");
    // Every row comes back whole and in order.
    let rows: Vec<String> = (0..120).map(|i| format!("L{}", 1000 + i)).collect();
    assert!(missing_in_order(&all, &rows).is_empty());
}

#[test]
fn the_outline_nests_sections_under_chapters() {
    let doc = template("tom-nuoc-lo");
    let lo = load(&write(&doc, &SCREEN_A4).bytes);
    let cat = catalog(&lo);
    let outlines = lo
        .get_dictionary(cat.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let mut item = outlines.get(b"First").unwrap().as_reference().unwrap();
    let mut top = 0;
    let mut nested = 0;
    loop {
        let d = lo.get_dictionary(item).unwrap();
        top += 1;
        if let Ok(first) = d.get(b"First") {
            nested += 1;
            let child = lo.get_dictionary(first.as_reference().unwrap()).unwrap();
            assert_eq!(child.get(b"Parent").unwrap().as_reference().unwrap(), item);
            assert!(child.get(b"Dest").is_ok(), "children have destinations");
        }
        assert!(d.get(b"Dest").is_ok());
        match d.get(b"Next") {
            Ok(n) => item = n.as_reference().unwrap(),
            Err(_) => break,
        }
    }
    assert_eq!(
        top,
        doc.chapters.len() + 1,
        "contents + one entry per chapter"
    );
    assert!(
        nested >= 10,
        "{nested} chapters have sections in the outline"
    );
    // Page labels: roman front matter, then 1, 2, 3…
    let labels = cat.get(b"PageLabels").unwrap().as_dict().unwrap();
    let nums = labels.get(b"Nums").unwrap().as_array().unwrap();
    assert_eq!(nums.len(), 4, "{nums:?}");
    assert_eq!(cat.get(b"Lang").unwrap().as_str().unwrap(), b"vi-VN");
}

#[test]
fn screen_links_have_no_border_and_print_has_no_links() {
    let doc = template("lua-gao");
    let count = |opts: &PdfOptions| {
        let lo = load(&write(&doc, opts).bytes);
        let mut n = 0;
        for (_, page) in lo.get_pages() {
            let d = lo.get_dictionary(page).unwrap();
            if let Ok(annots) = d.get(b"Annots").and_then(Object::as_array) {
                for a in annots {
                    let a = match a {
                        Object::Dictionary(d) => d,
                        Object::Reference(r) => lo.get_dictionary(*r).unwrap(),
                        _ => continue,
                    };
                    let border = a.get(b"Border").unwrap().as_array().unwrap();
                    assert!(border.iter().all(|b| num(b) == 0.0), "{border:?}");
                    n += 1;
                }
            }
        }
        n
    };
    assert!(
        count(&SCREEN_A4) > 50,
        "contents, cross-references, footnotes are links"
    );
    assert_eq!(count(&PRINT_A4), 0);
}

#[test]
fn footnotes_sit_at_the_foot_of_the_page_that_cites_them() {
    let mut md = String::from("# Chú thích\n\n");
    for i in 0..40 {
        md.push_str(&format!(
            "Đoạn văn số {i} nói về nhật ký ao nuôi, mã lô thu hoạch và người ghi chép trong ngày."
        ));
        if i == 25 {
            md.push_str("[^ghi]");
        }
        md.push_str("\n\n");
    }
    md.push_str("[^ghi]: Nhật ký phải ghi trong vòng 24 giờ kể từ khi thu hoạch.\n");
    let doc = doc(&[("chu-thich", &md, ChapterRole::Body)], &none);
    let out = write(&doc, &SCREEN_A4);
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = save(&dir, "footnotes.pdf", &out.bytes);
    let mut found = false;
    for p in 1..=out.pages {
        let t = norm(&text(&path, Some((p, p))));
        if t.contains("Đoạn văn số 25 ") {
            let note = t
                .find("1. Nhật ký phải ghi trong vòng 24 giờ")
                .expect("note on the citing page");
            let last_para = t.rfind("Đoạn văn số").unwrap();
            assert!(note > last_para, "the note is below the text");
            found = true;
        }
    }
    assert!(found);
}

#[test]
fn content_problems_are_warnings_and_visible() {
    let png = include_bytes!("fixtures/pixels.png").to_vec();
    let images = move |name: &str| match name {
        "hong.png" => Some(Image {
            bytes: b"not an image".to_vec(),
            mime: "image/png".into(),
        }),
        "co.png" => Some(Image {
            bytes: png.clone(),
            mime: "image/png".into(),
        }),
        _ => None,
    };
    let long_qr = "x".repeat(3000);
    let md = format!(
        "# Vấn đề\n\nBiểu tượng 😀 và 𝄞 không có phông.\n\n![Ảnh không có](khong-co.png)\n\n![Ảnh hỏng](hong.png)\n\n![Ảnh tốt](co.png)\n\n```qr\n{long_qr}\n```\n\nMũi tên → và ≤ ≥ ✓ có trong phông ký hiệu.\n"
    );
    let doc = doc(&[("van-de", &md, ChapterRole::Body)], &images);
    let out = write(&doc, &SCREEN_A4);
    let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
    for c in [
        "pdf.glyph.missing",
        "pdf.image.missing",
        "pdf.image.unreadable",
        "pdf.qr.too_long",
    ] {
        assert!(codes.contains(&c), "{c} in {codes:?}");
    }
    let glyphs = out
        .diagnostics
        .iter()
        .find(|d| d.code == "pdf.glyph.missing")
        .unwrap();
    assert!(glyphs.message.vi.contains("U+1F600") && glyphs.message.vi.contains("U+1D11E"));
    if have("pdftotext") {
        let dir = tempfile::tempdir().unwrap();
        let path = save(&dir, "problems.pdf", &out.bytes);
        let t = text(&path, None);
        assert!(t.contains("[U+1F600]"), "{t}");
        assert!(t.contains("Thiếu ảnh: khong-co.png"));
        assert!(
            t.contains("Mũi tên → và ≤ ≥ ✓"),
            "symbols through the fallback font"
        );
    }
}

#[test]
fn images_are_embedded_losslessly() {
    // A 3×2 PNG with distinct pixels: the PDF must carry them as they are (Flate, not DCT).
    let png = include_bytes!("fixtures/pixels.png");
    let doc = doc(
        &[(
            "anh",
            "# Ảnh\n\n![Sơ đồ chuỗi cung ứng](pixels.png)\n",
            ChapterRole::Body,
        )],
        &|n| {
            (n == "pixels.png").then(|| Image {
                bytes: png.to_vec(),
                mime: "image/png".into(),
            })
        },
    );
    let out = write(&doc, &SCREEN_A4);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let lo = load(&out.bytes);
    let mut found = 0;
    for (_, o) in lo.objects.iter() {
        if let Object::Stream(s) = o {
            if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image".as_slice()) {
                // Lossless: Flate or (for tiny images) nothing; never DCT (JPEG).
                let filter = s.dict.get(b"Filter").and_then(Object::as_name).ok();
                assert!(matches!(filter, None | Some(b"FlateDecode")), "{filter:?}");
                assert_eq!(num(s.dict.get(b"Width").unwrap()), 3.0);
                let px = match filter {
                    Some(_) => s.decompressed_content().unwrap(),
                    None => s.content.clone(),
                };
                assert_eq!(
                    px,
                    [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]
                );
                found += 1;
            }
        }
    }
    assert_eq!(found, 1);
}

#[test]
fn a_row_taller_than_a_page_is_split_between_lines() {
    let long: Vec<String> = (0..90)
        .map(|i| format!("Câu số {i} mô tả một bước ghi chép tại ao nuôi."))
        .collect();
    let md = format!(
        "# Bảng dài\n\n| Bước | Mô tả |\n|---|---|\n| 1 | {} |\n| 2 | Ngắn. |\n",
        long.join(" ")
    );
    let doc = doc(&[("bang-dai", &md, ChapterRole::Body)], &none);
    let opts = PdfOptions {
        edition: Edition::Screen,
        paper: Paper::A5,
    };
    let out = write(&doc, &opts);
    assert!(out.pages >= 6, "{}", out.pages);
    if have("pdftotext") {
        let dir = tempfile::tempdir().unwrap();
        let path = save(&dir, "tall-row.pdf", &out.bytes);
        // Without the repeated header row, which sits inside the sentence cut by the page.
        let all: String = body_text(&doc, &text(&path, None))
            .lines()
            .filter(|l| !matches!(l.trim(), "Bước" | "Mô tả" | "Bước Mô tả"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(missing_in_order(&all, &long).is_empty());
        // The header row heads every page of the split row.
        let pages_with_rows = (1..=out.pages)
            .filter(|&p| text(&path, Some((p, p))).contains("Câu số"))
            .count();
        let pages_with_head = (1..=out.pages)
            .filter(|&p| {
                let t = text(&path, Some((p, p)));
                t.contains("Câu số") && t.contains("Bước") && t.contains("Mô tả")
            })
            .count();
        assert!(pages_with_rows >= 2);
        assert_eq!(pages_with_rows, pages_with_head);
    }
}

#[test]
fn contents_page_numbers_point_at_their_headings() {
    if !have("pdftotext") {
        return;
    }
    let doc = template("tom-nuoc-lo");
    let out = write(&doc, &SCREEN_A4);
    let dir = tempfile::tempdir().unwrap();
    let path = save(&dir, "contents.pdf", &out.bytes);
    let all = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap()
        .stdout;
    let all = String::from_utf8(all).unwrap();
    let pages: Vec<&str> = all.split('\u{c}').collect();
    let body_start = pages
        .iter()
        .position(|p| p.contains("Trang 1 / "))
        .expect("first body page");
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut checked = 0;
    for page in &pages[..body_start] {
        for line in page.lines() {
            let Some((title, rest)) = line.split_once(" . . ") else {
                continue;
            };
            let Some(num) = rest.split_whitespace().last() else {
                continue;
            };
            let Ok(n) = num.parse::<usize>() else {
                continue; // roman: front matter
            };
            let title = title.trim();
            // "Chương 2. Thuật ngữ", "1.1 Mục đích của Sổ tay" → the heading's own text.
            let heading = if title.starts_with("Chương ") || title.starts_with("Phụ lục ") {
                title.split_once(". ").map_or(title, |(_, t)| t)
            } else if title.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                title.split_once(' ').map_or(title, |(_, t)| t)
            } else {
                title
            };
            let target = pages[body_start + n - 1];
            assert!(
                squash(target).contains(&squash(heading)),
                "“{title}” is listed on page {n}, but that page does not have it"
            );
            checked += 1;
        }
    }
    assert!(checked >= 60, "{checked} entries checked");
}

#[test]
fn the_cover_carries_the_issuing_bodys_logo() {
    let png = include_bytes!("fixtures/pixels.png");
    let images = |n: &str| {
        (n == "logo.png").then(|| Image {
            bytes: png.to_vec(),
            mime: "image/png".into(),
        })
    };
    let chapters = [sotay_doc::ChapterInput {
        key: "a".into(),
        title: "A".into(),
        markdown: "# Mở đầu\n\nVăn bản.\n".into(),
        role: ChapterRole::Body,
    }];
    let with_logo = |logo: &str| {
        let meta = sotay_doc::DocMeta {
            logo: logo.into(),
            ..common::meta("Sổ tay có biểu trưng")
        };
        sotay_doc::build(meta, &chapters, sotay_doc::Numbering::Auto, &images)
    };
    // The cover page (page 1) draws one image: the logo.
    let built = with_logo("logo.png");
    assert!(built.diagnostics.is_empty(), "{:?}", built.diagnostics);
    let out = write(&built.document, &SCREEN_A4);
    let lo = load(&out.bytes);
    let cover = *lo.get_pages().get(&1).unwrap();
    let images_on = |page| {
        lo.get_page_images(page)
            .map(|v| v.len())
            .unwrap_or_default()
    };
    assert_eq!(images_on(cover), 1);
    // Without a logo, none; a logo that is not attached is a warning, never a failure.
    assert_eq!(
        images_on(
            *load(&write(&with_logo("").document, &SCREEN_A4).bytes)
                .get_pages()
                .get(&1)
                .unwrap()
        ),
        0
    );
    let missing = with_logo("khong-co.png");
    assert!(missing
        .diagnostics
        .iter()
        .any(|d| d.code == "image.missing"));
    assert!(write(&missing.document, &SCREEN_A4)
        .bytes
        .starts_with(b"%PDF"));
}
