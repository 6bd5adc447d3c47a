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
//! - `<!-- pagebreak -->` is a page-break hint; other raw HTML is shown as text.

pub mod epub;
pub mod fonts;
pub mod html;
pub mod model;
mod parse;
pub mod qr;

use std::collections::{BTreeMap, BTreeSet};

use sotay_model::{Diagnostic, Localized, Severity};

pub use model::*;

/// A document and the problems found while building it (never fatal).
#[derive(Debug, Clone)]
pub struct Built {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

/// Hand-written numbers at the start of a heading: "Chương 2.", "Phụ lục A.", "2.1.", "3 ".
fn hand_numbered(text: &str) -> bool {
    let t = text.trim_start();
    for prefix in ["Chương ", "Phụ lục ", "Chapter ", "Annex "] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let token: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let after = rest[token.len()..].chars().next();
            let is_number = token.chars().all(|c| c.is_ascii_digit())
                || (token.len() == 1 && token.chars().all(|c| c.is_ascii_uppercase()))
                || token.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
            return !token.is_empty() && is_number && matches!(after, None | Some('.' | ':' | ' '));
        }
    }
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    !digits.is_empty()
        && digits.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t[digits.len()..].starts_with(' ')
        && (digits.contains('.') || digits.len() <= 2)
}

/// A table/figure caption: `Bảng: text` (auto-numbered) or `Bảng 3. text` (hand-numbered).
enum Caption {
    Auto(String),
    Hand,
}

fn caption_kind(text: &str, words: &[&str]) -> Option<Caption> {
    let t = text.trim();
    for w in words {
        if let Some(rest) = t.strip_prefix(w) {
            let rest_trim = rest.trim_start();
            if let Some(after) = rest_trim.strip_prefix(':') {
                return Some(Caption::Auto(after.trim().to_owned()));
            }
            if rest.starts_with(' ') && rest_trim.chars().next().is_some_and(|c| c.is_ascii_digit())
            {
                return Some(Caption::Hand);
            }
        }
    }
    None
}

/// The paragraph's inlines without one wrapping `**…**`.
fn unwrap_strong(inlines: &[Inline]) -> Vec<Inline> {
    match inlines {
        [Inline::Strong(inner)] => inner.clone(),
        other => other.to_vec(),
    }
}

fn strip_caption_prefix(inlines: &[Inline], words: &[&str]) -> Vec<Inline> {
    let mut out = unwrap_strong(inlines);
    if let Some(Inline::Text(t)) = out.first_mut() {
        for w in words {
            if let Some(rest) = t.trim_start().strip_prefix(w) {
                if let Some(after) = rest.trim_start().strip_prefix(':') {
                    *t = after.trim_start().to_owned();
                    break;
                }
            }
        }
    }
    // Drop a trailing `{#id}` from the last text run.
    if let Some(Inline::Text(t)) = out.last_mut() {
        let (text, _) = parse::split_id(t);
        *t = text;
    }
    out
}

const TABLE_WORDS: &[&str] = &["Bảng", "Table"];
const FIGURE_WORDS: &[&str] = &["Hình", "Figure"];

/// Attaches `Bảng: …` paragraphs to the neighbouring table.
fn attach_table_captions(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut iter = blocks.into_iter().peekable();
    while let Some(b) = iter.next() {
        match b {
            Block::Table(mut t) => {
                // A caption paragraph just before.
                let before = match out.last() {
                    Some(Block::Paragraph(p)) => {
                        let text = plain_text(p);
                        caption_kind(&text, TABLE_WORDS).map(|k| (k, p.clone(), text))
                    }
                    _ => None,
                };
                let found = match before {
                    Some(x) => {
                        out.pop();
                        Some(x)
                    }
                    None => match iter.peek() {
                        Some(Block::Paragraph(p)) => {
                            let text = plain_text(p);
                            match caption_kind(&text, TABLE_WORDS) {
                                Some(Caption::Auto(c)) => {
                                    let p = p.clone();
                                    iter.next();
                                    Some((Caption::Auto(c), p, text))
                                }
                                _ => None,
                            }
                        }
                        _ => None,
                    },
                };
                if let Some((kind, inlines, text)) = found {
                    let (_, id) = parse::split_id(&text);
                    t.id = id;
                    t.caption = Some(match kind {
                        Caption::Auto(_) => strip_caption_prefix(&inlines, TABLE_WORDS),
                        Caption::Hand => {
                            let mut c = unwrap_strong(&inlines);
                            if let Some(Inline::Text(last)) = c.last_mut() {
                                *last = parse::split_id(last).0;
                            }
                            c
                        }
                    });
                    // Hand-numbered captions keep their text; mark them so they get no number.
                    if matches!(kind, Caption::Hand) {
                        t.number = Some(String::new());
                    }
                }
                out.push(Block::Table(t));
            }
            Block::List {
                ordered,
                start,
                items,
            } => out.push(Block::List {
                ordered,
                start,
                items: items
                    .into_iter()
                    .map(|i| ListItem {
                        task: i.task,
                        blocks: attach_table_captions(i.blocks),
                    })
                    .collect(),
            }),
            Block::Quote(inner) => out.push(Block::Quote(attach_table_captions(inner))),
            Block::Alert { kind, blocks } => out.push(Block::Alert {
                kind,
                blocks: attach_table_captions(blocks),
            }),
            other => out.push(other),
        }
    }
    out
}

struct Builder<'a> {
    images: &'a dyn Fn(&str) -> Option<Image>,
    ids: BTreeSet<String>,
    targets: BTreeMap<String, Target>,
    diagnostics: Vec<Diagnostic>,
    found_images: BTreeMap<String, Image>,
    toc: Vec<TocEntry>,
    numbering: bool,
}

impl Builder<'_> {
    fn unique_id(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() {
            "muc".to_owned()
        } else {
            wanted.to_owned()
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }

    fn warn(&mut self, chapter: &str, code: &str, vi: String, en: String) {
        self.diagnostics.push(
            Diagnostic::new(Severity::Warning, code, Localized::new(vi, en)).in_file(chapter),
        );
    }

    fn image(&mut self, chapter: &str, src: &str) {
        if self.found_images.contains_key(src) {
            return;
        }
        if src.starts_with("http://") || src.starts_with("https://") {
            self.warn(
                chapter,
                "image.remote",
                format!("Ảnh “{src}” nằm trên mạng nên không được đưa vào (bản mềm không tải gì từ mạng)."),
                format!("The image “{src}” is on the web and was left out (soft copies fetch nothing)."),
            );
            return;
        }
        match (self.images)(src) {
            Some(img) => {
                self.found_images.insert(src.to_owned(), img);
            }
            None => self.warn(
                chapter,
                "image.missing",
                format!("Không tìm thấy ảnh “{src}”; bản xuất hiện ô thay thế."),
                format!("The image “{src}” was not found; a placeholder is shown."),
            ),
        }
    }

    /// Numbers sections, tables and figures of one chapter; registers their targets.
    fn number_chapter(
        &mut self,
        ci: usize,
        key: &str,
        chapter_no: Option<&str>,
        blocks: &mut [Block],
    ) {
        let mut sections = [0u32; 7];
        let mut tables = 0u32;
        let mut figures = 0u32;
        self.number_blocks(
            ci,
            key,
            chapter_no,
            blocks,
            &mut sections,
            &mut tables,
            &mut figures,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn number_blocks(
        &mut self,
        ci: usize,
        key: &str,
        chapter_no: Option<&str>,
        blocks: &mut [Block],
        sections: &mut [u32; 7],
        tables: &mut u32,
        figures: &mut u32,
    ) {
        for b in blocks {
            match b {
                Block::Heading {
                    level,
                    id,
                    number,
                    content,
                } => {
                    let text = plain_text(content);
                    let wanted = if id.is_empty() {
                        sotay_model::text::slug(&text)
                    } else {
                        id.clone()
                    };
                    *id = self.unique_id(&wanted);
                    let l = (*level).clamp(2, 6) as usize;
                    sections[l] += 1;
                    for s in sections.iter_mut().skip(l + 1) {
                        *s = 0;
                    }
                    if let (true, Some(c)) = (self.numbering, chapter_no) {
                        let parts: Vec<String> = sections[2..=l]
                            .iter()
                            .map(|n| n.max(&1).to_string())
                            .collect();
                        *number = Some(format!("{c}.{}", parts.join(".")));
                    }
                    let label = match number {
                        Some(n) => format!("mục {n}"),
                        None => format!("mục “{text}”"),
                    };
                    // A record form's heading ("BM-03. Nhật ký ao nuôi") is also reachable as #BM-03.
                    let form: String = text
                        .strip_prefix("BM-")
                        .map(|r| {
                            format!(
                                "BM-{}",
                                r.chars()
                                    .take_while(char::is_ascii_digit)
                                    .collect::<String>()
                            )
                        })
                        .filter(|f| f.len() > 3)
                        .unwrap_or_default();
                    if !form.is_empty() {
                        self.targets.entry(form.clone()).or_insert(Target {
                            kind: TargetKind::Form,
                            chapter: ci,
                            id: id.clone(),
                            label: format!("Biểu mẫu {form}"),
                        });
                    }
                    self.targets.insert(
                        id.clone(),
                        Target {
                            kind: TargetKind::Section,
                            chapter: ci,
                            id: id.clone(),
                            label,
                        },
                    );
                    if *level <= 3 {
                        self.toc.push(TocEntry {
                            level: *level,
                            chapter: ci,
                            id: id.clone(),
                            number: number.clone(),
                            title: text,
                        });
                    }
                }
                Block::Table(t) => {
                    let hand = t.number.as_deref() == Some("");
                    t.number = None;
                    if t.caption.is_some() {
                        *tables += 1;
                        let label = if hand {
                            caption_label(t.caption.as_deref().unwrap_or_default(), "Bảng")
                        } else {
                            let n = match chapter_no.filter(|_| self.numbering) {
                                Some(c) => format!("{c}.{tables}"),
                                None => tables.to_string(),
                            };
                            t.number = Some(n.clone());
                            format!("Bảng {n}")
                        };
                        let id = self.unique_id(
                            &t.id
                                .clone()
                                .unwrap_or_else(|| format!("bang-{key}-{tables}")),
                        );
                        t.id = Some(id.clone());
                        self.targets.insert(
                            id.clone(),
                            Target {
                                kind: TargetKind::Table,
                                chapter: ci,
                                id,
                                label,
                            },
                        );
                    }
                }
                Block::Figure {
                    id,
                    number,
                    caption,
                    src,
                    ..
                } => {
                    self.image(key, &src.clone());
                    *figures += 1;
                    let text = plain_text(caption);
                    let hand = matches!(caption_kind(&text, FIGURE_WORDS), Some(Caption::Hand));
                    let label = if hand || caption.is_empty() {
                        if caption.is_empty() {
                            format!("Hình {figures}")
                        } else {
                            caption_label(caption, "Hình")
                        }
                    } else {
                        let n = match chapter_no.filter(|_| self.numbering) {
                            Some(c) => format!("{c}.{figures}"),
                            None => figures.to_string(),
                        };
                        *number = Some(n.clone());
                        format!("Hình {n}")
                    };
                    let new_id = self.unique_id(
                        &id.clone()
                            .unwrap_or_else(|| format!("hinh-{key}-{figures}")),
                    );
                    *id = Some(new_id.clone());
                    self.targets.insert(
                        new_id.clone(),
                        Target {
                            kind: TargetKind::Figure,
                            chapter: ci,
                            id: new_id,
                            label,
                        },
                    );
                }
                Block::List { items, .. } => {
                    for i in items {
                        self.number_blocks(
                            ci,
                            key,
                            chapter_no,
                            &mut i.blocks,
                            sections,
                            tables,
                            figures,
                        );
                    }
                }
                Block::Quote(inner) | Block::Alert { blocks: inner, .. } => {
                    self.number_blocks(ci, key, chapter_no, inner, sections, tables, figures);
                }
                _ => {}
            }
        }
    }

    fn resolve_blocks(&mut self, key: &str, blocks: &mut [Block], notes: &BTreeMap<String, u32>) {
        for b in blocks {
            match b {
                Block::Heading { content, .. } | Block::Paragraph(content) => {
                    self.resolve_inlines(key, content, notes)
                }
                Block::Figure { caption, .. } => self.resolve_inlines(key, caption, notes),
                Block::Table(t) => {
                    if let Some(c) = &mut t.caption {
                        self.resolve_inlines(key, c, notes);
                    }
                    for cell in t.head.iter_mut().chain(t.rows.iter_mut().flatten()) {
                        self.resolve_inlines(key, cell, notes);
                    }
                }
                Block::List { items, .. } => {
                    for i in items {
                        self.resolve_blocks(key, &mut i.blocks, notes);
                    }
                }
                Block::Quote(inner) | Block::Alert { blocks: inner, .. } => {
                    self.resolve_blocks(key, inner, notes)
                }
                _ => {}
            }
        }
    }

    fn resolve_inlines(
        &mut self,
        key: &str,
        inlines: &mut [Inline],
        notes: &BTreeMap<String, u32>,
    ) {
        for i in inlines {
            match i {
                Inline::XRef {
                    target,
                    id,
                    content,
                } => {
                    self.resolve_inlines(key, content, notes);
                    *target = self.targets.get(id.as_str()).cloned().map(Box::new);
                    if target.is_none() {
                        self.warn(
                            key,
                            "xref.unresolved",
                            format!("Tham chiếu “#{id}” không trỏ tới mục, bảng, hình hay biểu mẫu nào."),
                            format!("The reference “#{id}” points to no section, table, figure or form."),
                        );
                    }
                }
                Inline::FootnoteRef { number, id } => match notes.get(id.as_str()) {
                    Some(n) => {
                        *number = *n;
                        *id = footnote_id(key, id);
                    }
                    None => self.warn(
                        key,
                        "footnote.missing",
                        format!("Chú thích [^{id}] chưa có nội dung."),
                        format!("The footnote [^{id}] has no text."),
                    ),
                },
                Inline::Image { src, .. } => {
                    let s = src.clone();
                    self.image(key, &s);
                }
                Inline::Strong(c)
                | Inline::Emph(c)
                | Inline::Strike(c)
                | Inline::Link { content: c, .. } => self.resolve_inlines(key, c, notes),
                _ => {}
            }
        }
    }
}

/// The anchor of a chapter's footnote.
fn footnote_id(chapter_key: &str, label: &str) -> String {
    format!("fn-{chapter_key}-{}", sotay_model::text::slug(label))
}

/// "Bảng 3" from a hand-numbered caption "Bảng 3. Nhật ký…".
fn caption_label(caption: &[Inline], word: &str) -> String {
    let text = plain_text(caption);
    let rest = text.split_once(' ').map_or("", |x| x.1);
    let n: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    format!("{word} {}", n.trim_end_matches('.'))
}

/// Footnote labels in the order they are first referenced.
fn footnote_order(blocks: &[Block], out: &mut Vec<String>) {
    fn inl(inlines: &[Inline], out: &mut Vec<String>) {
        for i in inlines {
            match i {
                Inline::FootnoteRef { id, .. } if !out.contains(id) => out.push(id.clone()),
                Inline::Strong(c)
                | Inline::Emph(c)
                | Inline::Strike(c)
                | Inline::Link { content: c, .. }
                | Inline::XRef { content: c, .. } => inl(c, out),
                _ => {}
            }
        }
    }
    for b in blocks {
        match b {
            Block::Heading { content, .. } | Block::Paragraph(content) => inl(content, out),
            Block::Figure { caption, .. } => inl(caption, out),
            Block::Table(t) => {
                for cell in t.head.iter().chain(t.rows.iter().flatten()) {
                    inl(cell, out);
                }
            }
            Block::List { items, .. } => items.iter().for_each(|i| footnote_order(&i.blocks, out)),
            Block::Quote(inner) | Block::Alert { blocks: inner, .. } => footnote_order(inner, out),
            _ => {}
        }
    }
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

/// The warnings [`build`] gives about one chapter's Markdown itself (not about the rest of the
/// handbook): today, nesting deeper than [`MAX_NESTING`]. For `sotay check`, which does not
/// build the whole document. `title` is used when the Markdown has no `# ` heading.
pub fn chapter_diagnostics(key: &str, title: &str, markdown: &str) -> Vec<Diagnostic> {
    let p = parse::parse(markdown);
    if p.deepest <= MAX_NESTING {
        return Vec::new();
    }
    let title = p
        .title
        .as_deref()
        .map(plain_text)
        .unwrap_or_else(|| sotay_model::text::nfc(title));
    vec![too_deep(key, &title, p.deepest)]
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
    let parsed: Vec<parse::Parsed> = chapters.iter().map(|c| parse::parse(&c.markdown)).collect();
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
        if p.deepest > MAX_NESTING {
            b.diagnostics
                .push(too_deep(&input.key, &title_text, p.deepest));
        }
        let id = b.unique_id(
            &p.title_id
                .unwrap_or_else(|| format!("chuong-{}", input.key)),
        );
        let label = match (&number, input.role) {
            (Some(n), ChapterRole::Annex) => format!("Phụ lục {n}"),
            (Some(n), _) => format!("Chương {n}"),
            (None, _) => format!("“{title_text}”"),
        };
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
    for (mut ch, defs) in out_chapters {
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
    Built {
        document: Document {
            meta,
            chapters: chapters_out,
            toc: b.toc,
            images: b.found_images,
        },
        diagnostics: b.diagnostics,
    }
}

/// Splits one Markdown file into chapters at its `# ` headings (outside code fences). Text before
/// the first heading, and a first heading with no sections under it (a title page), become an
/// unnumbered front chapter. Returns the document title (the first `# ` heading) and chapters.
pub fn chapters_from_markdown(markdown: &str, fallback_title: &str) -> (String, Vec<ChapterInput>) {
    let text = sotay_model::text::nfc(markdown);
    let mut parts: Vec<String> = vec![String::new()];
    let mut fence: Option<String> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_owned());
        } else if line.starts_with("# ") {
            parts.push(String::new());
        }
        parts.last_mut().expect("non-empty").push_str(line);
    }
    let title_of = |p: &str| {
        p.lines()
            .find_map(|l| l.strip_prefix("# "))
            .map(|t| parse::split_id(t.trim()).0)
    };
    let doc_title = parts
        .iter()
        .find_map(|p| title_of(p))
        .unwrap_or_else(|| fallback_title.to_owned());
    let mut chapters = Vec::new();
    let count = parts.len();
    for (i, p) in parts.into_iter().enumerate() {
        if p.trim().is_empty() {
            continue;
        }
        let has_sections = p.lines().any(|l| l.starts_with("## "));
        let title = title_of(&p);
        let role = if title.is_none() || (i == 1 && !has_sections && count > 2) {
            ChapterRole::Front
        } else if title
            .as_deref()
            .is_some_and(|t| t.starts_with("Phụ lục") || t.starts_with("Annex"))
        {
            ChapterRole::Annex
        } else {
            ChapterRole::Body
        };
        chapters.push(ChapterInput {
            key: format!("ch{:02}", chapters.len() + 1),
            title: title.clone().unwrap_or_else(|| doc_title.clone()),
            markdown: p,
            role,
        });
    }
    (doc_title, chapters)
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
