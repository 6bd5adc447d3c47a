//! Hostile nesting and huge tables: Markdown nested thousands of levels deep (`>`, `- `, `*`,
//! `[`…) used to overflow the stack and abort the process. Every case runs on a thread with a
//! small stack, so a recursion that is not bounded by `MAX_NESTING` fails here every time
//! instead of passing by luck on a big main stack.

use std::io::Read;

use sotay_doc::{
    build, html, leaf_blocks, nesting_depth, plain_text, Block, Built, Chapter, ChapterInput,
    ChapterRole, DocMeta, Document, Inline, ListItem, Numbering, MAX_NESTING,
};

/// Small enough that 10,000 levels of any recursion overflow it, large enough for a debug
/// build's frames at `MAX_NESTING`.
const STACK: usize = 512 * 1024;

/// Runs `f` on a thread with a [`STACK`]-byte stack. A stack overflow there aborts the test
/// binary: the run fails either way.
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

fn chapter(md: &str) -> ChapterInput {
    ChapterInput {
        key: "sau".into(),
        title: "Chương sâu".into(),
        markdown: md.into(),
        role: ChapterRole::Body,
    }
}

fn build_one(md: &str) -> Built {
    build(DocMeta::default(), &[chapter(md)], Numbering::Auto, &|_| {
        None
    })
}

/// The text of every XHTML file of an EPUB.
fn epub_text(epub: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().ends_with(".xhtml") {
            f.read_to_string(&mut all).unwrap();
        }
    }
    all
}

/// A hostile input, the words it must keep, and how deep it nests (`None`: not deeper than
/// the limit).
struct Case {
    name: &'static str,
    markdown: String,
    words: Vec<String>,
    deeper_than_limit: bool,
}

/// Levels at which the inputs put a word: around the limit and far beyond it.
const LEVELS: [usize; 12] = [1, 2, 10, 31, 32, 33, 34, 100, 1000, 3000, 7000, 10_000];

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let words = |prefix: &str, levels: &[usize]| -> Vec<String> {
        levels.iter().map(|k| format!("{prefix}{k}x")).collect()
    };
    // Block quotes: 10 KB of `>` alone, then a word at each level of a stack of them.
    out.push(Case {
        name: "10 000 >",
        markdown: ">".repeat(10_000),
        words: Vec::new(),
        deeper_than_limit: true,
    });
    out.push(Case {
        name: "> at many levels",
        markdown: LEVELS
            .iter()
            .map(|&k| format!("{} q{k}x\n\n", ">".repeat(k)))
            .collect(),
        words: words("q", &LEVELS),
        deeper_than_limit: true,
    });
    // Lists: `- ` repeated, alone and with a word at each level; ordered lists; task lists.
    // `- - -`… alone is a thematic break; with a word it is 5,000 nested lists.
    out.push(Case {
        name: "5 000 `- `",
        markdown: "- ".repeat(5000),
        words: Vec::new(),
        deeper_than_limit: false,
    });
    out.push(Case {
        name: "5 000 `- ` x",
        markdown: "- ".repeat(5000) + "l1x",
        words: vec!["l1x".into()],
        deeper_than_limit: true,
    });
    out.push(Case {
        name: "- at many levels",
        markdown: LEVELS[..10]
            .iter()
            .map(|&k| format!("{}l{k}x\n\n", "- ".repeat(k)))
            .collect(),
        words: words("l", &LEVELS[..10]),
        deeper_than_limit: true,
    });
    out.push(Case {
        name: "1. and - [x] deep",
        markdown: format!(
            "{}o1x\n\n{}[x] t1x\n",
            "1. ".repeat(3000),
            "- ".repeat(3000)
        ),
        words: vec!["o1x".into(), "t1x".into()],
        deeper_than_limit: true,
    });
    // Quotes of lists of quotes, and tight list items of emphasis.
    out.push(Case {
        name: "> - mixed",
        markdown: format!("{}m1x\n", "> - ".repeat(3000)),
        words: vec!["m1x".into()],
        deeper_than_limit: true,
    });
    // Emphasis: 50,000 `*` alone (a thematic break), around a word, and a word at each of
    // 5,000 levels of `*…*`, `_…_`, `**…**`, `~~…~~`.
    out.push(Case {
        name: "50 000 *",
        markdown: "*".repeat(50_000),
        words: Vec::new(),
        deeper_than_limit: false,
    });
    out.push(Case {
        name: "25 000 * x 25 000 *",
        markdown: format!("{}s1x{}", "*".repeat(25_000), "*".repeat(25_000)),
        words: vec!["s1x".into()],
        deeper_than_limit: true,
    });
    for (name, open, close) in [
        ("*w *w … w* w*", "*", "*"),
        ("_w _w … w_ w_", "_", "_"),
        ("**w **w … w** w**", "**", "**"),
        ("~~w ~~w … w~~ w~~", "~~", "~~"),
    ] {
        let n = 5000;
        let mut md = String::new();
        for i in 0..n {
            md.push_str(&format!("{open}e{i}x "));
        }
        for i in (0..n).rev() {
            md.push_str(&format!("f{i}x{close} "));
        }
        out.push(Case {
            name,
            markdown: md,
            words: [0, 31, 32, 33, 1000, n - 1]
                .iter()
                .flat_map(|i| [format!("e{i}x"), format!("f{i}x")])
                .collect(),
            deeper_than_limit: true,
        });
    }
    // Runs of the other marks.
    for (name, mark) in [
        ("50 000 _", "_"),
        ("50 000 [", "["),
        ("50 000 `", "`"),
        ("50 000 |", "|"),
        ("20 000 ![", "!["),
    ] {
        out.push(Case {
            name,
            markdown: format!("{} r1x", mark.repeat(50_000 / mark.len())),
            words: vec!["r1x".into()],
            deeper_than_limit: false,
        });
    }
    // Links inside links (the inner one wins), emphasis inside links, images inside links.
    let n = 3000;
    out.push(Case {
        name: "[k [k … ](#x)](#x)",
        markdown: (0..n).map(|i| format!("[k{i}x ")).collect::<String>() + &"](#x)".repeat(n),
        words: vec!["k0x".into(), "k1500x".into(), format!("k{}x", n - 1)],
        deeper_than_limit: false,
    });
    out.push(Case {
        name: "[*a *a … a* a*](https://gs1.org)",
        markdown: format!(
            "[{}a1x{}](https://gs1.org)",
            "*g ".repeat(n),
            " h*".repeat(n)
        ),
        words: vec!["a1x".into()],
        deeper_than_limit: true,
    });
    // Tables inside quotes and lists, at the limit and beyond.
    out.push(Case {
        name: "tables in quotes",
        markdown: [1, 31, 32, 33, 200, 3000]
            .iter()
            .map(|&k| {
                let q = "> ".repeat(k);
                format!("{q}| a{k}x | b |\n{q}|---|---|\n{q}| c{k}x | *d{k}x* |\n\n")
            })
            .collect(),
        words: [1, 31, 32, 33, 200, 3000]
            .iter()
            .flat_map(|k| [format!("a{k}x"), format!("c{k}x"), format!("d{k}x")])
            .collect(),
        deeper_than_limit: true,
    });
    // Alerts nested past the limit keep their label.
    out.push(Case {
        name: "alerts deep",
        markdown: format!("{q}[!WARNING]\n{q}w1x\n", q = "> ".repeat(MAX_NESTING + 8)),
        words: vec!["w1x".into(), "Cảnh báo".into()],
        deeper_than_limit: true,
    });
    // A footnote holding deep quotes.
    out.push(Case {
        name: "footnote deep",
        markdown: format!("Có chú thích.[^1]\n\n[^1]: {}n1x\n", "> ".repeat(2000)),
        words: vec!["n1x".into()],
        deeper_than_limit: true,
    });
    out
}

/// The deepest nesting in a chapter, footnotes included.
fn chapter_depth(ch: &Chapter) -> usize {
    let notes = ch.footnotes.iter().map(|f| nesting_depth(&f.blocks));
    notes.fold(nesting_depth(&ch.blocks), usize::max)
}

#[test]
fn deep_markdown_is_flattened_with_every_word_kept_and_a_warning() {
    for case in cases() {
        let (built, html, epub, preview) = on_small_stack(|| {
            let built = build_one(&case.markdown);
            let html = html::single_file(&built.document);
            let epub = epub_text(&sotay_doc::epub::write(&built.document).unwrap());
            let preview = html::preview_fragment(&case.markdown, &|_| None);
            (built, html, epub, preview)
        });
        let name = case.name;
        let depth = chapter_depth(&built.document.chapters[0]);
        assert!(depth <= MAX_NESTING, "{name}: the model nests {depth} deep");
        for w in &case.words {
            assert!(html.contains(w.as_str()), "{name}: {w} lost in the HTML");
            assert!(epub.contains(w.as_str()), "{name}: {w} lost in the EPUB");
            assert!(
                preview.contains(w.as_str()),
                "{name}: {w} lost in the preview"
            );
        }
        let warning = built
            .diagnostics
            .iter()
            .find(|d| d.code == "markdown.too_deep");
        match (case.deeper_than_limit, warning) {
            (true, Some(d)) => {
                let vi = &d.message.vi;
                assert!(
                    vi.starts_with("Chương “Chương sâu”: cấu trúc lồng quá sâu (")
                        && vi.contains(&format!(
                            "cấp; tối đa {MAX_NESTING}) — phần sâu hơn được làm phẳng."
                        )),
                    "{name}: {vi}"
                );
                assert!(
                    d.message.en.contains("nests too deep") && d.message.en.contains("flattened"),
                    "{name}: {}",
                    d.message.en
                );
                // `sotay check` builds the document too, so it reports this same warning
                // (`check::tests::check_reports_what_the_build_reports` in crates/sotay).
                assert_eq!(d.file.as_deref(), Some("sau"), "{name}");
            }
            (false, None) => {}
            (deeper, found) => panic!("{name}: deeper {deeper}, warning {found:?}"),
        }
    }
}

#[test]
fn the_warning_says_how_deep_and_the_limit_is_exact() {
    let quotes = |n: usize| format!("{} x\n", ">".repeat(n));
    // At the limit: kept as it is, no warning.
    let at = build_one(&quotes(MAX_NESTING));
    assert!(at.diagnostics.is_empty(), "{:?}", at.diagnostics);
    assert_eq!(chapter_depth(&at.document.chapters[0]), MAX_NESTING);
    // One more: flattened to the limit, and the warning gives the depth found.
    for n in [MAX_NESTING + 1, 7000] {
        let built = on_small_stack(|| build_one(&quotes(n)));
        assert_eq!(chapter_depth(&built.document.chapters[0]), MAX_NESTING);
        let d = &built.diagnostics[0];
        assert!(
            d.message
                .vi
                .contains(&format!("({n} cấp; tối đa {MAX_NESTING})")),
            "{}",
            d.message.vi
        );
        assert!(
            d.message
                .en
                .contains(&format!("({n} levels; at most {MAX_NESTING})")),
            "{}",
            d.message.en
        );
    }
    // The same for emphasis.
    let emph = |n: usize| format!("{}x{}", "*a ".repeat(n), " b*".repeat(n));
    assert!(build_one(&emph(MAX_NESTING)).diagnostics.is_empty());
    let built = build_one(&emph(MAX_NESTING + 1));
    assert!(built.diagnostics[0]
        .message
        .vi
        .contains(&format!("({} cấp;", MAX_NESTING + 1)));
}

#[test]
fn flattened_list_items_stay_separate_paragraphs_in_order() {
    // Below the limit every item is its own paragraph, in the order written.
    let md = format!(
        "{}- mot\n{}- hai\n{}- ba\n",
        "  ".repeat(0),
        "- ".repeat(MAX_NESTING + 5),
        "- ".repeat(MAX_NESTING + 9)
    );
    let built = build_one(&md);
    let text: Vec<String> = leaf_blocks(&built.document.chapters[0].blocks)
        .into_iter()
        .map(|b| match b {
            Block::Paragraph(i) => plain_text(i),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(text, ["mot", "hai", "ba"]);
}

/// A document built by hand, nested `n` levels deep in quotes, lists and emphasis, with a
/// word at some levels. Built from the inside out: nothing recurses.
fn hand_built(n: usize) -> Document {
    let marked = |k: usize| k == 1 || k == MAX_NESTING || k == n / 2 || k == n;
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
        let mut inner = vec![if k % 2 == 0 {
            Block::Quote(blocks)
        } else {
            Block::List {
                ordered: k % 3 == 0,
                start: 1,
                items: vec![ListItem { task: None, blocks }],
            }
        }];
        if marked(k) {
            inner.insert(0, Block::Paragraph(vec![Inline::Text(format!("b{k}x"))]));
        }
        blocks = inner;
    }
    Document {
        meta: DocMeta::default(),
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
    }
}

#[test]
fn writers_are_safe_on_a_document_built_by_hand_deeper_than_the_limit() {
    let n = 20_000;
    // Building and dropping such a tree recurses (Rust's drop glue): a big stack for that,
    // the writers on a small one.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let doc = hand_built(n);
            let (html, epub, depth, text, leaves) = on_small_stack(|| {
                let Block::Paragraph(first) = &doc.chapters[0].blocks[0] else {
                    panic!()
                };
                (
                    html::single_file(&doc),
                    epub_text(&sotay_doc::epub::write(&doc).unwrap()),
                    nesting_depth(&doc.chapters[0].blocks),
                    plain_text(first),
                    leaf_blocks(&doc.chapters[0].blocks).len(),
                )
            });
            // Two inline levels (strong, emphasis) a block level.
            assert_eq!(depth, 2 * (n - 1));
            assert_eq!(text, "b1x");
            // b1x, b32x, b10000x and the innermost paragraph.
            assert_eq!(leaves, 4);
            for k in [1, MAX_NESTING, n / 2, n] {
                for w in [format!("i{k}x"), format!("b{k}x")] {
                    if k < n || w.starts_with('i') {
                        assert!(html.contains(&w), "{w} lost in the HTML");
                        assert!(epub.contains(&w), "{w} lost in the EPUB");
                    }
                }
            }
            // The HTML nests no deeper than the limit: one container a level down to it.
            let containers = html.matches("<blockquote>").count()
                + html.matches("<ul>").count()
                + html.matches("<ol>").count();
            assert_eq!(containers, MAX_NESTING);
            assert_eq!(html.matches("<em>").count(), MAX_NESTING / 2);
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn pulldown_cmark_itself_reads_deep_input_without_recursing() {
    use pulldown_cmark::{Event, Options, Parser};
    for case in cases() {
        let (events, deepest) = on_small_stack(|| {
            let mut depth = 0usize;
            let mut deepest = 0;
            let mut events = 0;
            for e in Parser::new_ext(&case.markdown, Options::all()) {
                events += 1;
                match e {
                    Event::Start(_) => {
                        depth += 1;
                        deepest = deepest.max(depth);
                    }
                    Event::End(_) => depth -= 1,
                    _ => {}
                }
            }
            (events, deepest)
        });
        assert!(events > 0, "{}", case.name);
        assert_eq!(
            deepest > MAX_NESTING,
            case.deeper_than_limit,
            "{}: {deepest}",
            case.name
        );
    }
}

/// A table of `cols` columns and `rows` rows; cells plain, empty, and formatted, mixed.
fn table(cols: usize, rows: usize) -> String {
    let mut md = String::from("Bảng: Rộng {#bang-rong}\n\n|");
    for c in 0..cols {
        md.push_str(&format!(" h{c} |"));
    }
    md.push_str("\n|");
    md.push_str(&"---|".repeat(cols));
    md.push('\n');
    for r in 0..rows {
        md.push('|');
        for c in 0..cols {
            match (r + c) % 5 {
                0 => md.push_str(" |"),
                1 => md.push_str(&format!(" **r{r}c{c}** |")),
                _ => md.push_str(&format!(" r{r}c{c} |")),
            }
        }
        md.push('\n');
    }
    md
}

#[test]
fn a_wide_table_keeps_every_cell_in_the_model_the_html_and_the_epub() {
    let (cols, rows) = (5000, 20);
    let md = format!(
        "# Bảng\n\n{}\n\n> {}\n\nSau bảng.[^1]\n\n[^1]: Chú thích.\n\n    | x | y |\n    |---|---|\n    | n1 | *n2* |\n",
        table(cols, rows),
        "| q | p |\n> |---|---|\n> | q1 | p1 |"
    );
    let built = build_one(&md);
    let ch = &built.document.chapters[0];
    let tables: Vec<&sotay_doc::Table> = ch
        .blocks
        .iter()
        .chain(ch.footnotes.iter().flat_map(|f| &f.blocks))
        .flat_map(|b| match b {
            Block::Quote(inner) => inner.iter().collect(),
            other => vec![other],
        })
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 3, "{:?}", ch.blocks.len());
    // The ids are the captions' (nothing left of the parser's bookkeeping).
    let ids: Vec<Option<&str>> = tables.iter().map(|t| t.id.as_deref()).collect();
    assert_eq!(ids, [Some("bang-rong"), None, None]);
    let wide = tables[0];
    assert_eq!(wide.head.len(), cols);
    assert_eq!(wide.rows.len(), rows);
    for (r, row) in wide.rows.iter().enumerate() {
        assert_eq!(row.len(), cols);
        for (c, cell) in row.iter().enumerate() {
            let want = match (r + c) % 5 {
                0 => Vec::new(),
                1 => vec![Inline::Strong(vec![Inline::Text(format!("r{r}c{c}"))])],
                _ => vec![Inline::Text(format!("r{r}c{c}"))],
            };
            assert_eq!(cell, &want, "row {r} column {c}");
        }
    }
    assert_eq!(plain_text(&tables[1].rows[0][0]), "q1");
    assert_eq!(
        tables[2].rows[0][1],
        vec![Inline::Emph(vec![Inline::Text("n2".into())])]
    );
    let html = html::single_file(&built.document);
    let epub = epub_text(&sotay_doc::epub::write(&built.document).unwrap());
    for w in [
        "h4999",
        "r19c4998",
        "<strong>r0c1</strong>",
        "q1",
        "<em>n2</em>",
    ] {
        assert!(html.contains(w), "{w} lost in the HTML");
        assert!(epub.contains(w), "{w} lost in the EPUB");
    }
    assert_eq!(html.matches("<td").count(), cols * rows + 4);
    assert!(built.diagnostics.is_empty(), "{:?}", built.diagnostics);
}
