//! Hostile input through the PDF layout: nesting thousands of levels deep (which used to
//! overflow the stack and abort), tables too wide for a page or too large for a book (which
//! used to take gigabytes). The deep cases run on a thread with a small stack, so an unbounded
//! recursion fails here every time.

mod common;

use common::*;
use sotay_doc::{
    build, Block, Chapter, ChapterInput, ChapterRole, Document, Inline, ListItem, Numbering,
    MAX_NESTING,
};
use sotay_pdf::{write, Edition, Paper, PdfOptions, MAX_TABLE_CELLS, MAX_TABLE_COLUMNS};

const A5_PRINT: PdfOptions = PdfOptions {
    edition: Edition::Print,
    paper: Paper::A5,
};

/// Small enough that thousands of levels of any recursion overflow it.
const STACK: usize = 1024 * 1024;

fn on_small_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(s, f)
            .expect("thread")
            .join()
            .expect("no panic")
    })
}

fn one_chapter(md: &str) -> sotay_doc::Built {
    build(
        meta("Sổ tay"),
        &[ChapterInput {
            key: "c".into(),
            title: "C".into(),
            markdown: md.into(),
            role: ChapterRole::Body,
        }],
        Numbering::Auto,
        &|_| None,
    )
}

/// The PDF's body text (no running heads) with no white space (pdftotext breaks lines where
/// the layout does), or `None` without pdftotext.
fn squashed_text(bytes: &[u8], doc: &Document) -> Option<String> {
    if !have("pdftotext") {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = save(&dir, "limits.pdf", bytes);
    Some(
        body_text(doc, &text(&path, None))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect(),
    )
}

fn codes(d: &[sotay_model::Diagnostic]) -> Vec<&str> {
    d.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn deep_markdown_gives_a_pdf_with_every_word() {
    let levels = [1, 31, 32, 33, 100, 2000, 7000];
    let emph = 3000;
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "quotes",
            levels
                .iter()
                .map(|&k| format!("{} q{k}x\n\n", ">".repeat(k)))
                .collect(),
            levels.iter().map(|k| format!("q{k}x")).collect(),
        ),
        (
            "lists",
            levels
                .iter()
                .map(|&k| format!("{}l{k}x\n\n", "- ".repeat(k)))
                .collect(),
            levels.iter().map(|k| format!("l{k}x")).collect(),
        ),
        (
            "emphasis",
            (0..emph).map(|i| format!("*e{i}x ")).collect::<String>()
                + &(0..emph).rev().map(|i| format!("f{i}x* ")).collect::<String>(),
            [0, 32, 33, emph - 1]
                .iter()
                .flat_map(|i| [format!("e{i}x"), format!("f{i}x")])
                .collect(),
        ),
        (
            "tables and alerts in quotes",
            [1, 33, 500]
                .iter()
                .map(|&k| {
                    let q = "> ".repeat(k);
                    format!("{q}| a{k}x | b |\n{q}|---|---|\n{q}| c{k}x | d |\n\n{q}[!NOTE]\n{q}n{k}x\n\n")
                })
                .collect(),
            [1, 33, 500]
                .iter()
                .flat_map(|k| [format!("a{k}x"), format!("c{k}x"), format!("n{k}x")])
                .collect(),
        ),
    ];
    for (name, md, words) in cases {
        let built = one_chapter(&md);
        let out = on_small_stack(|| write(&built.document, &A5_PRINT));
        let diags = &built.diagnostics;
        assert!(out.bytes.starts_with(b"%PDF-"), "{name}");
        assert!(
            codes(diags).contains(&"markdown.too_deep"),
            "{name}: {diags:?}"
        );
        if let Some(text) = squashed_text(&out.bytes, &built.document) {
            for w in &words {
                assert!(text.contains(w.as_str()), "{name}: {w} lost in the PDF");
            }
        }
    }
}

#[test]
fn the_layout_is_safe_on_a_document_built_by_hand_deeper_than_the_limit() {
    let n = 20_000;
    // Building and dropping such a tree recurses (Rust's drop glue): a big stack for that,
    // the layout on a small one.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let marked = |k: usize| k == 1 || k == MAX_NESTING + 1 || k == n / 2;
            let mut inl = vec![Inline::Text(format!("i{n}x"))];
            for k in (1..n).rev() {
                let mut v = vec![Inline::Emph(inl)];
                if marked(k) {
                    v.insert(0, Inline::Text(format!("i{k}x ")));
                }
                inl = vec![Inline::Strong(v)];
            }
            let mut blocks = vec![Block::Paragraph(inl)];
            for k in (1..n).rev() {
                let mut inner = vec![match k % 3 {
                    0 => Block::Quote(blocks),
                    1 => Block::Alert {
                        kind: sotay_doc::AlertKind::Tip,
                        blocks,
                    },
                    _ => Block::List {
                        ordered: false,
                        start: 1,
                        items: vec![ListItem {
                            task: Some(true),
                            blocks,
                        }],
                    },
                }];
                if marked(k) {
                    inner.insert(0, Block::Paragraph(vec![Inline::Text(format!("b{k}x"))]));
                }
                blocks = inner;
            }
            let doc = Document {
                meta: meta("Sổ tay"),
                chapters: vec![Chapter {
                    key: "tay".into(),
                    id: "tay".into(),
                    role: ChapterRole::Body,
                    number: None,
                    title: vec![Inline::Text("Tay".into())],
                    blocks,
                    footnotes: Vec::new(),
                }],
                toc: Vec::new(),
                images: Default::default(),
                changes: None,
            };
            let out = on_small_stack(|| write(&doc, &A5_PRINT));
            if let Some(text) = squashed_text(&out.bytes, &doc) {
                for w in [
                    "b1x", "b33x", "b10000x", "i1x", "i33x", "i10000x", "i20000x",
                ] {
                    assert!(text.contains(w), "{w} lost in the PDF");
                }
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

/// A table of `cols` columns and `rows` rows: header `h0…`, cells `r0c0…`, some bold, some
/// empty.
fn table(cols: usize, rows: usize) -> String {
    let mut md = String::from("# Bảng\n\nBảng: Số liệu {#so-lieu}\n\n|");
    for c in 0..cols {
        md.push_str(&format!(" h{c} |"));
    }
    md.push_str("\n|");
    md.push_str(&"---|".repeat(cols));
    md.push('\n');
    for r in 0..rows {
        md.push('|');
        for c in 0..cols {
            match (r + c) % 7 {
                0 => md.push_str(" |"),
                1 => md.push_str(&format!(" **r{r}c{c}** |")),
                _ => md.push_str(&format!(" r{r}c{c} |")),
            }
        }
        md.push('\n');
    }
    md.push_str("\nSau bảng.\n");
    md
}

#[test]
fn a_table_too_wide_for_the_page_is_set_as_records_with_every_cell() {
    let (cols, rows) = (MAX_TABLE_COLUMNS * 3, 6);
    let built = one_chapter(&table(cols, rows));
    let out = write(&built.document, &A5_PRINT);
    let d = out
        .diagnostics
        .iter()
        .find(|d| d.code == "pdf.table.wide")
        .expect("a warning");
    assert_eq!(
        d.message.vi,
        format!("Bảng 1.1 có {cols} cột, quá rộng cho trang PDF (tối đa {MAX_TABLE_COLUMNS}): bản PDF in mỗi hàng thành một đoạn “tên cột: giá trị”; bản HTML và EPUB giữ nguyên bảng.")
    );
    assert!(d.message.en.starts_with(&format!(
        "Table 1.1 has {cols} columns, too wide for a PDF page"
    )));
    assert_eq!(d.file.as_deref(), Some("c"));
    assert!(!codes(&out.diagnostics).contains(&"pdf.table.cut"));
    if let Some(text) = squashed_text(&out.bytes, &built.document) {
        assert!(text.contains("Bảng1.1.Sốliệu"), "the caption");
        // Every non-empty cell, with its column's name, in the table's order.
        let fields: Vec<String> = (0..rows)
            .flat_map(|r| (0..cols).map(move |c| (r, c)))
            .filter(|(r, c)| (r + c) % 7 != 0)
            .map(|(r, c)| format!("h{c}:r{r}c{c}"))
            .collect();
        let miss = missing_in_order(&text, &fields);
        assert!(
            miss.is_empty(),
            "{} fields missing: {:?}",
            miss.len(),
            &miss[..3.min(miss.len())]
        );
        assert!(text.contains("Saubảng."));
    }
}

#[test]
fn a_table_at_the_column_limit_stays_a_grid() {
    let built = one_chapter(&table(MAX_TABLE_COLUMNS, 3));
    let out = write(&built.document, &A5_PRINT);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    if let Some(text) = squashed_text(&out.bytes, &built.document) {
        // A grid: the header row's names together, no "name: value".
        assert!(text.contains("h0h1h2"), "{text}");
        assert!(!text.contains("h2:r"));
    }
}

#[test]
fn a_5000_column_table_is_cut_to_the_cell_budget_in_the_pdf_only() {
    let (cols, rows) = (5000, 5);
    let built = one_chapter(&table(cols, rows));
    // The model (and so the HTML and EPUB) keeps every cell.
    let html = sotay_doc::html::single_file(&built.document);
    assert_eq!(html.matches("<td").count(), cols * rows);
    let out = on_small_stack(|| write(&built.document, &A5_PRINT));
    let kept_rows = MAX_TABLE_CELLS / cols;
    let left = (rows - kept_rows) * cols;
    let cut = out
        .diagnostics
        .iter()
        .find(|d| d.code == "pdf.table.cut")
        .expect("a warning");
    assert_eq!(
        cut.message.vi,
        format!("Bảng 1.1 có {rows} hàng × {cols} cột, quá lớn cho bản PDF (tối đa {MAX_TABLE_CELLS} ô một bảng): bản PDF bỏ {left} ô cuối, từ hàng {}, và ghi chú điều đó dưới bảng; bản HTML và EPUB giữ đủ.", kept_rows + 1)
    );
    assert!(cut
        .message
        .en
        .contains(&format!("leaves out its last {left} cells")));
    assert!(codes(&out.diagnostics).contains(&"pdf.table.wide"));
    // Book-sized: a few dozen pages, not thousands.
    assert!(out.pages < 100, "{} pages", out.pages);
    if let Some(text) = squashed_text(&out.bytes, &built.document) {
        let last = kept_rows - 1;
        assert!(text.contains(&format!("h4999:r{last}c4999")));
        assert!(!text.contains(&format!("r{kept_rows}c2")));
        let note = format!(
            "[BảnPDFkhôngin{left}ôcuốicủabảngnày,từhàng{};bảnHTMLvàEPUBcóđủ.]",
            kept_rows + 1
        );
        assert!(text.contains(&note), "the note under the table");
        assert!(text.contains("Saubảng."));
    }
}

#[test]
fn a_very_long_grid_is_cut_to_the_cell_budget_with_a_note() {
    let cols = 8;
    let rows = MAX_TABLE_CELLS / cols + 30;
    let built = one_chapter(&table(cols, rows));
    let out = write(&built.document, &PdfOptions::default());
    let kept = MAX_TABLE_CELLS / cols;
    let cut = out
        .diagnostics
        .iter()
        .find(|d| d.code == "pdf.table.cut")
        .expect("a warning");
    assert!(
        cut.message
            .vi
            .contains(&format!("bỏ {} ô cuối, từ hàng {}", 30 * cols, kept + 1)),
        "{}",
        cut.message.vi
    );
    assert!(!codes(&out.diagnostics).contains(&"pdf.table.wide"));
    if let Some(text) = squashed_text(&out.bytes, &built.document) {
        assert!(text.contains(&format!("r{}c3", kept - 1)));
        assert!(!text.contains(&format!("r{kept}c3")));
        assert!(text.contains(&format!(
            "[BảnPDFkhôngin{}ôcuốicủabảngnày,từhàng{};",
            30 * cols,
            kept + 1
        )));
    }
}

#[test]
fn a_footnote_holding_a_huge_table_is_cut_with_a_warning() {
    let mut md = String::from(
        "# A\n\nXem chú thích.[^1]\n\n[^1]: Bảng kèm theo:\n\n    | a | b |\n    |---|---|\n",
    );
    for r in 0..MAX_TABLE_CELLS / 2 + 1 {
        md.push_str(&format!("    | x{r} | y{r} |\n"));
    }
    let built = one_chapter(&md);
    let out = write(&built.document, &A5_PRINT);
    let cut = out
        .diagnostics
        .iter()
        .find(|d| d.code == "pdf.table.cut")
        .expect("a warning");
    assert!(
        cut.message
            .vi
            .starts_with("Chú thích 1 chứa một bảng quá lớn"),
        "{}",
        cut.message.vi
    );
    // The HTML keeps every row.
    let html = sotay_doc::html::single_file(&built.document);
    assert!(html.contains(&format!("y{}", MAX_TABLE_CELLS / 2)));
}

/// Runs `f` on a thread and fails if it takes longer than `secs` (a runaway layout would
/// otherwise hang the suite or take the machine's memory).
fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(secs))
        .expect("finished in time")
}

#[test]
fn a_header_row_taller_than_a_page_is_set_once_and_split() {
    // Found by the fuzzer: a header row repeated on each page while taller than a page added
    // pages without end (gigabytes in seconds).
    let md = format!(
        "# Bảng\n\n| Khâu | Sản phẩm {}ra |\n|---|---|\n| Thu hoạch | Tôm |\n| Sơ chế | Tôm |\n",
        "> - ".repeat(2500)
    );
    let built = one_chapter(&md);
    let doc = built.document.clone();
    let out = within(60, move || write(&doc, &A5_PRINT));
    assert!(out.pages < 100, "{} pages", out.pages);
    if let Some(text) = squashed_text(&out.bytes, &built.document) {
        // The whole header, once (pdftotext drops the `-` that ends a line: count the `>`).
        assert!(text.contains("Sảnphẩm>-"));
        assert_eq!(text.matches('>').count(), 2500);
        assert!(text.contains(">-ra"));
        assert_eq!(text.matches("Khâu").count(), 1);
        assert!(text.contains("ThuhoạchTôm") && text.contains("SơchếTôm"));
    }
}

#[test]
fn a_very_long_chapter_title_does_not_slow_the_running_heads() {
    // Found by the fuzzer: 20 KB of title, cut for each page's header one character at a
    // time, took 19 s (release).
    let doc = one_chapter(&format!("# Tr{}\n\nNội dung.\n", "* ".repeat(10_000))).document;
    let out = within(60, move || write(&doc, &A5_PRINT));
    assert!(out.bytes.starts_with(b"%PDF-"));
}
