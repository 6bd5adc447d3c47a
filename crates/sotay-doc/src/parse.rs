//! Markdown (CommonMark + tables, footnotes, strikethrough, task lists, heading attributes,
//! GFM alerts) → blocks and inlines, with nothing resolved yet. Text is NFC on the way in.
//! Raw HTML is never passed through: it becomes text, except `<br>` (a line break) and
//! `<!-- pagebreak -->` (a page-break hint).

use std::iter::Peekable;
use std::ops::Range;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, OffsetIter, Options, Parser,
    Tag, TagEnd,
};
use sotay_model::text::nfc;
use sotay_model::Lang;

use crate::a11y::{first_line, guess, opening, prose, vague_link, Finding};
use crate::model::{plain_text, AlertKind, Align, Block, Inline, ListItem, Table, MAX_NESTING};
use crate::span::{destination, Mark, Marks};

/// A chapter as parsed: its `# ` title (if any), blocks, and footnote definitions by label.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub title: Option<Vec<Inline>>,
    pub title_id: Option<String>,
    pub blocks: Vec<Block>,
    pub footnotes: Vec<(String, Vec<Block>)>,
    /// How deep the Markdown nests (blocks or inlines, as [`MAX_NESTING`] counts); deeper than
    /// the limit means the deeper part was flattened.
    pub deepest: usize,
    /// The text parsed (the Markdown, NFC): what the ranges in `marks` index.
    pub text: String,
    /// Where the cross-references, images and footnote references were written.
    pub marks: Marks,
    /// What a screen reader would miss, and where (ranges in `text`), in the order found.
    pub findings: Vec<(Finding, Range<usize>)>,
}

/// What the recursive descent collects on the way.
#[derive(Default)]
struct State {
    footnotes: Vec<(String, Vec<Block>)>,
    deepest: usize,
    tables: Vec<Option<PackedTable>>,
    marks: Marks,
    findings: Vec<(Finding, Range<usize>)>,
    /// Every heading's level as written, its first line and its text, in order.
    headings: Vec<(u8, Range<usize>, String)>,
    /// The document's language: passages that read as the other one are reported. `None`:
    /// not looked for.
    doc_lang: Option<Lang>,
}

impl State {
    fn reached(&mut self, depth: usize) {
        self.deepest = self.deepest.max(depth);
    }

    /// Keeps where a link to `#id` or an image was written (`at`: its whole range in `text`):
    /// the build may report it. The same tags [`wrap_inline`] turns into cross-references and
    /// images, so every such inline has its range.
    fn mark_tag(&mut self, tag: &Tag<'_>, text: &str, at: Range<usize>) {
        match tag {
            Tag::Link { dest_url, .. } => {
                if let Some(id) = dest_url.strip_prefix('#') {
                    self.marks.push(Mark::XRef, &nfc(id), destination(text, at));
                }
            }
            Tag::Image { dest_url, .. } => {
                self.marks
                    .push(Mark::Image, dest_url, destination(text, at));
            }
            _ => {}
        }
    }

    /// Keeps where a footnote reference was written.
    fn mark_leaf(&mut self, e: &Event<'_>, at: &Range<usize>) {
        if let Event::FootnoteReference(label) = e {
            self.marks.push(Mark::Footnote, &nfc(label), at.clone());
        }
    }

    /// Looks at an image or link for what a screen reader would miss: an image without a
    /// description, link words that say nothing.
    fn inspect(&mut self, tag: &Tag<'_>, content: &[Inline], text: &str, at: Range<usize>) {
        match tag {
            Tag::Image { dest_url, .. } => {
                let (alt, _) = split_id(&plain_text(content));
                let alt = alt.trim().to_lowercase();
                let file = dest_url
                    .rsplit(['/', '\\'])
                    .next()
                    .unwrap_or("")
                    .to_lowercase();
                let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
                let file_name = !alt.is_empty() && (alt == file || alt == stem);
                if alt.is_empty() || file_name {
                    let src = dest_url.to_string();
                    let range = first_line(text, at);
                    self.findings
                        .push((Finding::ImageAlt { src, file_name }, range));
                }
            }
            Tag::Link { .. } => {
                let words = plain_text(content);
                if vague_link(&words) {
                    let text_of = words.split_whitespace().collect::<Vec<_>>().join(" ");
                    self.findings
                        .push((Finding::LinkText { text: text_of }, first_line(text, at)));
                }
            }
            _ => {}
        }
    }

    /// Looks at a paragraph, heading or list item's words (written at `at`) for a passage in
    /// the other language without its marker.
    fn passage(&mut self, inlines: &[Inline], text: &str, at: Range<usize>) {
        let Some(doc) = self.doc_lang else {
            return;
        };
        let p = prose(inlines);
        if let Some(lang) = guess(&p, doc) {
            let start = opening(&p);
            self.findings
                .push((Finding::Passage { lang, start }, first_line(text, at)));
        }
    }
}

/// Block tags that hold blocks: flattened below [`MAX_NESTING`].
fn is_container(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_)
    )
}

/// The ends of the containers that count as a level (a list's items do, the list itself not).
fn is_level_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition
    )
}

fn alert_kind(k: BlockQuoteKind) -> AlertKind {
    match k {
        BlockQuoteKind::Note => AlertKind::Note,
        BlockQuoteKind::Tip => AlertKind::Tip,
        BlockQuoteKind::Important => AlertKind::Important,
        BlockQuoteKind::Warning => AlertKind::Warning,
        BlockQuoteKind::Caution => AlertKind::Caution,
    }
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Whether a link may be followed by a reader: http(s), mailto, tel, or an in-document `#id`.
pub(crate) fn safe_url(url: &str) -> bool {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    match lower.split_once(':') {
        Some((scheme, _))
            if !scheme.contains('/') && !scheme.contains('#') && !scheme.contains('?') =>
        {
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

/// A chapter's events, and where in its text the last one read was written.
struct Events<'a> {
    inner: Peekable<OffsetIter<'a>>,
    text: &'a str,
    /// The byte range of the event [`Iterator::next`] returned last (for a start tag, the
    /// whole element).
    at: Range<usize>,
}

impl<'a> Iterator for Events<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let (event, at) = self.inner.next()?;
        self.at = at;
        Some(event)
    }
}

impl<'a> Events<'a> {
    fn new(text: &'a str) -> Self {
        Events {
            inner: Parser::new_ext(text, options())
                .into_offset_iter()
                .peekable(),
            text,
            at: 0..0,
        }
    }

    fn peek(&mut self) -> Option<&Event<'a>> {
        self.inner.peek().map(|(e, _)| e)
    }
}

pub(crate) fn parse(markdown: &str) -> Parsed {
    parse_as(markdown, None)
}

/// Parses a chapter of a document in `doc_lang` (`None`: passages in another language are not
/// looked for).
pub(crate) fn parse_as(markdown: &str, doc_lang: Option<Lang>) -> Parsed {
    let text = nfc(markdown);
    let mut out = Parsed::default();
    let mut st = State {
        doc_lang,
        ..State::default()
    };
    let mut blocks = {
        let mut events = Events::new(&text);
        blocks_until(&mut events, None, 0, &mut st)
    };
    // pulldown-cmark's tree is gone: the tables can take their full size.
    unpack_tables(&mut blocks, &mut st.tables);
    for (_, f) in &mut st.footnotes {
        unpack_tables(f, &mut st.tables);
    }
    out.footnotes = st.footnotes;
    out.deepest = st.deepest;
    out.marks = st.marks;
    let titled = matches!(blocks.first(), Some(Block::Heading { level: 1, .. }));
    // The first `# ` heading is the chapter title; later level-1 headings become sections.
    let mut rest = Vec::new();
    for b in blocks {
        match b {
            Block::Heading {
                level: 1,
                content,
                id,
                ..
            } if out.title.is_none() && rest.is_empty() => {
                out.title = Some(content);
                out.title_id = (!id.is_empty()).then_some(id);
            }
            Block::Heading {
                level: 1,
                content,
                id,
                number,
            } => rest.push(Block::Heading {
                level: 2,
                content,
                id,
                number,
            }),
            other => rest.push(other),
        }
    }
    out.blocks = rest;
    // Heading levels, as a reader moving by headings meets them: the chapter title is level 1,
    // a later `# ` is a section (2); each may go at most one level below the one before.
    let mut prev = 1u8;
    for (i, (level, range, heading)) in st.headings.into_iter().enumerate() {
        if i == 0 && titled && level == 1 {
            continue;
        }
        let level = level.max(2);
        if level > prev + 1 {
            st.findings.push((
                Finding::HeadingSkip {
                    from: prev,
                    to: level,
                    text: heading,
                },
                range,
            ));
        }
        prev = level;
    }
    st.findings.sort_by_key(|(_, r)| r.start);
    out.findings = st.findings;
    out.text = text;
    out
}

fn level_of(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Blocks up to `end`, `depth` levels deep (0 for a chapter's own blocks). At
/// [`MAX_NESTING`] the containers that open are flattened: their blocks join this level (each
/// list item a paragraph of its own), so nothing deeper is built and no text is lost.
fn blocks_until(
    ev: &mut Events<'_>,
    end: Option<TagEnd>,
    depth: usize,
    st: &mut State,
) -> Vec<Block> {
    let mut out = Vec::new();
    // Loose inline content directly in a list item (tight lists have no Paragraph), and where
    // it was written.
    let mut loose: Vec<Inline> = Vec::new();
    let mut loose_at: Option<Range<usize>> = None;
    let text = ev.text;
    let flush = |loose: &mut Vec<Inline>,
                 loose_at: &mut Option<Range<usize>>,
                 out: &mut Vec<Block>,
                 st: &mut State| {
        let at = loose_at.take();
        if !loose.is_empty() {
            let inlines = lang_spans(merge_text(std::mem::take(loose)));
            if let Some(at) = at {
                st.passage(&inlines, text, at);
            }
            out.push(Block::Paragraph(inlines));
        }
    };
    // Containers flattened into this level and still open: all of them, and those that count
    // as a level. Every other start is read to its end by the code that handles it, so while
    // some are open, the next end closes the innermost.
    let (mut flat, mut flat_levels) = (0usize, 0usize);
    while let Some(event) = ev.next() {
        match event {
            Event::End(e) if flat > 0 => {
                flat -= 1;
                if is_level_end(&e) {
                    flat_levels -= 1;
                }
                flush(&mut loose, &mut loose_at, &mut out, st);
            }
            Event::End(e) if Some(e) == end => break,
            Event::Start(tag) if depth >= MAX_NESTING && is_container(&tag) => {
                flush(&mut loose, &mut loose_at, &mut out, st);
                flat += 1;
                if is_level_end(&tag.to_end()) {
                    flat_levels += 1;
                    st.reached(depth + flat_levels);
                }
                if let Tag::BlockQuote(Some(k)) = tag {
                    // An alert keeps its label.
                    let label = format!("{}:", alert_kind(k).label());
                    out.push(Block::Paragraph(vec![Inline::Strong(vec![Inline::Text(
                        label,
                    )])]));
                }
            }
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    flush(&mut loose, &mut loose_at, &mut out, st);
                    let at = ev.at.clone();
                    let inlines = inlines_until(ev, TagEnd::Paragraph, 0, st);
                    st.passage(&inlines, text, at);
                    out.push(paragraph_or_figure(inlines));
                }
                Tag::Heading {
                    level, id, attrs, ..
                } => {
                    flush(&mut loose, &mut loose_at, &mut out, st);
                    let l = level_of(level);
                    let at = first_line(text, ev.at.clone());
                    let mut content = inlines_until(ev, TagEnd::Heading(level), 0, st);
                    // `## Title {lang=en}`: the whole heading is in that language.
                    let lang = attrs
                        .iter()
                        .find(|(k, _)| k.as_ref() == "lang")
                        .and_then(|(_, v)| v.as_deref().and_then(lang_tag));
                    if let Some(lang) = lang {
                        content = vec![Inline::Lang { lang, content }];
                    }
                    st.passage(&content, text, at.clone());
                    st.headings.push((l, at, plain_text(&content)));
                    out.push(Block::Heading {
                        level: l,
                        id: id.map(|i| i.to_string()).unwrap_or_default(),
                        number: None,
                        content,
                    });
                }
                Tag::BlockQuote(kind) => {
                    flush(&mut loose, &mut loose_at, &mut out, st);
                    st.reached(depth + 1);
                    let inner = blocks_until(ev, Some(TagEnd::BlockQuote(kind)), depth + 1, st);
                    out.push(match kind {
                        None => Block::Quote(inner),
                        Some(k) => Block::Alert {
                            kind: alert_kind(k),
                            blocks: inner,
                        },
                    });
                }
                Tag::CodeBlock(kind) => {
                    flush(&mut loose, &mut loose_at, &mut out, st);
                    let lang = match &kind {
                        CodeBlockKind::Fenced(info) => {
                            let l = info.split_whitespace().next().unwrap_or("").to_owned();
                            (!l.is_empty()).then_some(l)
                        }
                        CodeBlockKind::Indented => None,
                    };
                    let mut text = String::new();
                    for e in ev.by_ref() {
                        match e {
                            Event::Text(t) => text.push_str(&t),
                            Event::End(TagEnd::CodeBlock) => break,
                            _ => {}
                        }
                    }
                    out.push(match lang.as_deref() {
                        Some("qr") => Block::Qr {
                            data: text.trim().to_owned(),
                        },
                        Some("glossary") => Block::Glossary(glossary(&text)),
                        _ => Block::Code { lang, text },
                    });
                }
                Tag::HtmlBlock => {
                    flush(&mut loose, &mut loose_at, &mut out, st);
                    let mut raw = String::new();
                    for e in ev.by_ref() {
                        match e {
                            Event::Html(t) | Event::Text(t) => raw.push_str(&t),
                            Event::End(TagEnd::HtmlBlock) => break,
                            _ => {}
                        }
                    }
                    let trimmed = raw.trim();
                    if trimmed.eq_ignore_ascii_case("<!-- pagebreak -->") {
                        out.push(Block::PageBreak);
                    } else if !trimmed.is_empty() {
                        // Shown as text, never executed.
                        out.push(Block::Paragraph(vec![Inline::Text(trimmed.to_owned())]));
                    }
                }
                Tag::List(start) => {
                    flush(&mut loose, &mut loose_at, &mut out, st);
                    let ordered = start.is_some();
                    let mut items = Vec::new();
                    while let Some(e) = ev.next() {
                        match e {
                            Event::Start(Tag::Item) => {
                                let mut task = None;
                                if let Some(Event::TaskListMarker(done)) = ev.peek() {
                                    task = Some(*done);
                                    ev.next();
                                }
                                st.reached(depth + 1);
                                let blocks = blocks_until(ev, Some(TagEnd::Item), depth + 1, st);
                                items.push(ListItem { task, blocks });
                            }
                            Event::End(TagEnd::List(_)) => break,
                            _ => {}
                        }
                    }
                    out.push(Block::List {
                        ordered,
                        start: start.unwrap_or(1),
                        items,
                    });
                }
                Tag::FootnoteDefinition(label) => {
                    flush(&mut loose, &mut loose_at, &mut out, st);
                    st.reached(depth + 1);
                    let inner = blocks_until(ev, Some(TagEnd::FootnoteDefinition), depth + 1, st);
                    st.footnotes.push((nfc(&label), inner));
                }
                Tag::Table(aligns) => {
                    flush(&mut loose, &mut loose_at, &mut out, st);
                    out.push(Block::Table(table(ev, &aligns, st)));
                }
                Tag::MetadataBlock(_) => {
                    for e in ev.by_ref() {
                        if matches!(e, Event::End(TagEnd::MetadataBlock(_))) {
                            break;
                        }
                    }
                }
                // Inline starts directly in a tight list item.
                inline_tag => {
                    st.reached(1);
                    let at = ev.at.clone();
                    let end_tag = inline_tag.to_end();
                    let content = inlines_until(ev, end_tag, 1, st);
                    st.mark_tag(&inline_tag, ev.text, at.clone());
                    st.inspect(&inline_tag, &content, ev.text, at.clone());
                    widen(&mut loose_at, at);
                    loose.extend(wrap_inline(inline_tag, content));
                }
            },
            Event::Rule => {
                flush(&mut loose, &mut loose_at, &mut out, st);
                out.push(Block::Rule);
            }
            other => {
                st.mark_leaf(&other, &ev.at);
                if let Some(i) = leaf_inline(other) {
                    widen(&mut loose_at, ev.at.clone());
                    loose.push(i);
                }
            }
        }
    }
    flush(&mut loose, &mut loose_at, &mut out, st);
    out
}

fn glossary(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let (term, def) = l.split_once(':').or_else(|| l.split_once(" — "))?;
            let (term, def) = (term.trim(), def.trim());
            (!term.is_empty()).then(|| (term.to_owned(), def.to_owned()))
        })
        .collect()
}

/// A table's cells while the chapter is being read. pulldown-cmark holds its tree of the whole
/// chapter until the last event, and a cell in the model costs about 120 bytes (a vector, an
/// inline, a string) for a source that may be two bytes (`|1`): a 5,000 × 200 table is a
/// million cells. So cells of plain text are packed into one string per row while the tree is
/// there, and unpacked by [`unpack_tables`] once it is gone: the two never add up.
#[derive(Default)]
struct PackedRow {
    /// The plain cells' text, one after the other.
    text: String,
    /// Where each cell's text ends in `text`, or [`RICH`].
    ends: Vec<u32>,
    /// The other cells (formatting, links, several runs), in order.
    rich: Vec<Vec<Inline>>,
}

/// A cell that is not plain text: the next of [`PackedRow::rich`].
const RICH: u32 = u32::MAX;

impl PackedRow {
    fn push(&mut self, cell: Vec<Inline>) {
        match cell.as_slice() {
            [] => self.ends.push(self.text.len() as u32),
            [Inline::Text(t)] if self.text.len() + t.len() < RICH as usize => {
                self.text.push_str(t);
                self.ends.push(self.text.len() as u32);
            }
            _ => {
                self.rich.push(cell);
                self.ends.push(RICH);
            }
        }
    }

    fn unpack(self) -> Vec<Vec<Inline>> {
        let mut rich = self.rich.into_iter();
        let mut start = 0;
        self.ends
            .iter()
            .map(|&end| {
                if end == RICH {
                    return rich.next().unwrap_or_default();
                }
                let t = &self.text[start..end as usize];
                start = end as usize;
                if t.is_empty() {
                    Vec::new()
                } else {
                    vec![Inline::Text(t.to_owned())]
                }
            })
            .collect()
    }
}

/// A table's header and rows, packed (see [`PackedRow`]).
struct PackedTable {
    head: PackedRow,
    rows: Vec<PackedRow>,
}

/// Marks a table whose cells wait in [`State::tables`]: its `id` (always `None` after parsing;
/// captions give ids later) is this and the index. Only [`parse`] sees it.
const PACKED: &str = "\u{0}packed:";

fn table(ev: &mut Events<'_>, aligns: &[Alignment], st: &mut State) -> Table {
    let mut head = PackedRow::default();
    let mut rows: Vec<PackedRow> = Vec::new();
    let mut in_head = false;
    // The header row's place and its empty cells (1-based columns).
    let (mut head_at, mut columns, mut empty) = (0..0, 0usize, Vec::new());
    while let Some(e) = ev.next() {
        match e {
            Event::Start(Tag::TableHead) => {
                in_head = true;
                head_at = first_line(ev.text, ev.at.clone());
            }
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => rows.push(PackedRow::default()),
            Event::Start(Tag::TableCell) => {
                let cell = inlines_until(ev, TagEnd::TableCell, 0, st);
                if in_head {
                    columns += 1;
                    let said = !plain_text(&cell).trim().is_empty()
                        || cell.iter().any(|i| matches!(i, Inline::Image { .. }));
                    if !said {
                        empty.push(columns);
                    }
                    head.push(cell);
                } else if let Some(r) = rows.last_mut() {
                    r.push(cell);
                }
            }
            Event::End(TagEnd::Table) => break,
            _ => {}
        }
    }
    if !empty.is_empty() {
        st.findings
            .push((Finding::TableHeader { empty, columns }, head_at));
    }
    let id = format!("{PACKED}{}", st.tables.len());
    st.tables.push(Some(PackedTable { head, rows }));
    Table {
        id: Some(id),
        number: None,
        caption: None,
        align: aligns
            .iter()
            .map(|a| match a {
                Alignment::None => Align::None,
                Alignment::Left => Align::Left,
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
            })
            .collect(),
        head: Vec::new(),
        rows: Vec::new(),
    }
}

/// Puts the packed cells back into their tables (see [`PackedRow`]).
fn unpack_tables(blocks: &mut [Block], tables: &mut [Option<PackedTable>]) {
    for b in blocks {
        match b {
            Block::Table(t) => {
                let Some(index) = t.id.as_deref().and_then(|id| id.strip_prefix(PACKED)) else {
                    continue;
                };
                let packed = index
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| tables.get_mut(i)?.take());
                t.id = None;
                if let Some(p) = packed {
                    t.head = p.head.unpack();
                    t.rows = p.rows.into_iter().map(PackedRow::unpack).collect();
                }
            }
            Block::List { items, .. } => {
                for i in items {
                    unpack_tables(&mut i.blocks, tables);
                }
            }
            Block::Quote(inner) | Block::Alert { blocks: inner, .. } => {
                unpack_tables(inner, tables)
            }
            _ => {}
        }
    }
}

fn leaf_inline(e: Event<'_>) -> Option<Inline> {
    Some(match e {
        Event::Text(t) => Inline::Text(t.into_string()),
        Event::Code(t) => Inline::Code(t.into_string()),
        Event::InlineMath(t) | Event::DisplayMath(t) => Inline::Code(t.into_string()),
        Event::SoftBreak => Inline::SoftBreak,
        Event::HardBreak => Inline::LineBreak,
        Event::FootnoteReference(label) => Inline::FootnoteRef {
            number: 0,
            id: nfc(&label),
        },
        Event::InlineHtml(raw) | Event::Html(raw) => {
            let t = raw.trim().to_ascii_lowercase();
            if matches!(t.as_str(), "<br>" | "<br/>" | "<br />") {
                Inline::LineBreak
            } else {
                Inline::Text(raw.into_string())
            }
        }
        Event::TaskListMarker(done) => Inline::Text(if done { "☑ " } else { "☐ " }.into()),
        _ => return None,
    })
}

fn wrap_inline(tag: Tag<'_>, content: Vec<Inline>) -> Vec<Inline> {
    match tag {
        Tag::Emphasis => vec![Inline::Emph(content)],
        Tag::Strong => vec![Inline::Strong(content)],
        Tag::Strikethrough => vec![Inline::Strike(content)],
        Tag::Link { dest_url, .. } => {
            let url = dest_url.into_string();
            if let Some(id) = url.strip_prefix('#') {
                vec![Inline::XRef {
                    target: None,
                    id: nfc(id),
                    content,
                }]
            } else if safe_url(&url) && !url.is_empty() {
                vec![Inline::Link { url, content }]
            } else {
                // An unsafe or relative link keeps its text, loses its target.
                content
            }
        }
        Tag::Image { dest_url, .. } => vec![Inline::Image {
            src: dest_url.into_string(),
            alt: crate::model::plain_text(&content),
        }],
        // Superscript, subscript and anything else: keep the text.
        _ => content,
    }
}

/// Inlines up to `end`, `depth` levels deep (0 for a paragraph's own). At [`MAX_NESTING`] the
/// emphasis, links and the like that open are flattened: their text joins this level.
fn inlines_until(ev: &mut Events<'_>, end: TagEnd, depth: usize, st: &mut State) -> Vec<Inline> {
    let mut out = Vec::new();
    // Inline tags flattened into this level and still open (see `blocks_until`).
    let mut flat = 0usize;
    while let Some(e) = ev.next() {
        match e {
            Event::End(_) if flat > 0 => flat -= 1,
            Event::End(e) if e == end => break,
            Event::Start(_) if depth >= MAX_NESTING => {
                flat += 1;
                st.reached(depth + flat);
            }
            Event::Start(tag) => {
                st.reached(depth + 1);
                let at = ev.at.clone();
                let end_tag = tag.to_end();
                let content = inlines_until(ev, end_tag, depth + 1, st);
                st.mark_tag(&tag, ev.text, at.clone());
                st.inspect(&tag, &content, ev.text, at);
                out.extend(wrap_inline(tag, content));
            }
            other => {
                st.mark_leaf(&other, &ev.at);
                if let Some(i) = leaf_inline(other) {
                    out.push(i);
                }
            }
        }
    }
    lang_spans(merge_text(out))
}

/// Extends the range of loose content with `at`.
fn widen(range: &mut Option<Range<usize>>, at: Range<usize>) {
    *range = Some(match range.take() {
        Some(r) => r.start.min(at.start)..r.end.max(at.end),
        None => at,
    });
}

/// A language tag as `{lang=…}` may give it: `en`, `fr`, `en-GB`, `zh-Hant` (BCP 47's shape:
/// 2–3 letters, then subtags of 1–8 letters or digits), quotes allowed.
fn lang_tag(value: &str) -> Option<String> {
    let v = value.trim().trim_matches(['"', '\'']);
    let mut parts = v.split('-');
    let first = parts.next()?;
    let ok = (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    ok.then(|| v.to_owned())
}

/// Where the next `]{lang=…}` closes a passage in `t`: the `]`'s byte, the length through the
/// `}`, and the language.
fn lang_close(t: &str) -> Option<(usize, usize, String)> {
    let mut from = 0;
    while let Some(i) = t[from..].find("]{") {
        let at = from + i;
        let body_start = at + 2;
        if let Some(len) = t[body_start..].find('}') {
            let body = t[body_start..body_start + len].trim();
            if let Some(lang) = body
                .strip_prefix("lang")
                .map(str::trim_start)
                .and_then(|r| r.strip_prefix('='))
                .and_then(lang_tag)
            {
                return Some((at, 2 + len + 1, lang));
            }
        }
        from = body_start;
    }
    None
}

/// Appends text, joining it to the text before.
fn push_text(out: &mut Vec<Inline>, t: &str) {
    if t.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(Inline::Text(last)) => last.push_str(t),
        _ => out.push(Inline::Text(t.to_owned())),
    }
}

/// The `[` that opens a passage closed at the end of `out`: the index of its text and the
/// byte in it, skipping balanced `[…]` pairs; only text at this level counts.
fn lang_open(out: &[Inline]) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (idx, i) in out.iter().enumerate().rev() {
        let Inline::Text(t) = i else { continue };
        for (b, c) in t.char_indices().rev() {
            match c {
                ']' => depth += 1,
                '[' if depth == 0 => return Some((idx, b)),
                '[' => depth -= 1,
                _ => {}
            }
        }
    }
    None
}

/// Passages in another language: `[words]{lang=en}` becomes [`Inline::Lang`]. pulldown-cmark
/// leaves brackets that start no link as text, so a passage arrives as text ending in `[`, its
/// words (which may be formatted, links, footnote references) and text starting `]{lang=en}`.
/// A closing mark with no opening bracket stays as written.
fn lang_spans(inlines: Vec<Inline>) -> Vec<Inline> {
    if !inlines
        .iter()
        .any(|i| matches!(i, Inline::Text(t) if t.contains("]{")))
    {
        return inlines;
    }
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for i in inlines {
        let Inline::Text(t) = i else {
            out.push(i);
            continue;
        };
        let mut rest = t.as_str();
        while let Some((at, len, lang)) = lang_close(rest) {
            push_text(&mut out, &rest[..at]);
            match lang_open(&out) {
                Some((idx, byte)) => {
                    let mut content = out.split_off(idx);
                    if let Some(Inline::Text(first)) = content.first_mut() {
                        let after = first.split_off(byte + 1);
                        first.pop();
                        push_text(&mut out, first);
                        content[0] = Inline::Text(after);
                    }
                    let content: Vec<Inline> = content
                        .into_iter()
                        .filter(|i| !matches!(i, Inline::Text(t) if t.is_empty()))
                        .collect();
                    if !content.is_empty() {
                        out.push(Inline::Lang { lang, content });
                    }
                }
                None => push_text(&mut out, &rest[at..at + len]),
            }
            rest = &rest[at + len..];
        }
        push_text(&mut out, rest);
    }
    out
}

/// Joins neighbouring text runs (pulldown-cmark splits text at some characters).
fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for i in inlines {
        match (out.last_mut(), i) {
            (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
            (_, i) => out.push(i),
        }
    }
    out.shrink_to_fit();
    out
}

/// A paragraph that holds only an image is a figure.
fn paragraph_or_figure(inlines: Vec<Inline>) -> Block {
    let meaningful: Vec<&Inline> = inlines
        .iter()
        .filter(|i| {
            !matches!(i, Inline::Text(t) if t.trim().is_empty()) && !matches!(i, Inline::SoftBreak)
        })
        .collect();
    if let [Inline::Image { src, alt }] = meaningful.as_slice() {
        let (caption, id) = split_id(alt);
        return Block::Figure {
            id,
            number: None,
            src: src.clone(),
            caption: if caption.is_empty() {
                Vec::new()
            } else {
                vec![Inline::Text(caption.clone())]
            },
            alt: caption,
        };
    }
    Block::Paragraph(inlines)
}

/// `Caption text {#id}` → ("Caption text", Some("id")).
pub(crate) fn split_id(text: &str) -> (String, Option<String>) {
    let t = text.trim_end();
    if let Some(open) = t.rfind("{#") {
        if t.ends_with('}') {
            let id = &t[open + 2..t.len() - 1];
            if !id.is_empty() && !id.contains(char::is_whitespace) {
                return (t[..open].trim_end().to_owned(), Some(id.to_owned()));
            }
        }
    }
    (t.to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_block_kinds() {
        let p = parse(
            "# Chương thử {#ct}\n\nĐoạn **đậm** và *nghiêng*.\n\n## Mục\n\n- [x] xong\n- chưa\n\n3. ba\n4. bốn\n\n> [!WARNING]\n> Cẩn thận.\n\n```qr\nhttps://id.gs1.org/01/08931234567897\n```\n\n| A | B |\n|:--|--:|\n| 1 | 2 |\n\n![Sơ đồ {#fig-so-do}](so-do.png)\n\n<script>alert(1)</script>\n\n<!-- pagebreak -->\n\nCó chú thích.[^1]\n\n[^1]: Chú thích.\n",
        );
        assert_eq!(
            crate::model::plain_text(p.title.as_ref().unwrap()),
            "Chương thử"
        );
        assert_eq!(p.title_id.as_deref(), Some("ct"));
        let kinds: Vec<&str> = p
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(_) => "p",
                Block::Heading { .. } => "h",
                Block::List { ordered: false, .. } => "ul",
                Block::List {
                    ordered: true,
                    start: 3,
                    ..
                } => "ol3",
                Block::Alert {
                    kind: AlertKind::Warning,
                    ..
                } => "warn",
                Block::Qr { .. } => "qr",
                Block::Table(_) => "table",
                Block::Figure { id: Some(_), .. } => "fig",
                Block::PageBreak => "break",
                _ => "?",
            })
            .collect();
        assert_eq!(
            kinds,
            ["p", "h", "ul", "ol3", "warn", "qr", "table", "fig", "p", "break", "p"]
        );
        // The script is text, not markup.
        assert_eq!(
            p.blocks[8],
            Block::Paragraph(vec![Inline::Text("<script>alert(1)</script>".into())])
        );
        assert_eq!(p.footnotes.len(), 1);
        if let Block::List { items, .. } = &p.blocks[2] {
            assert_eq!(items[0].task, Some(true));
        }
    }

    #[test]
    fn unsafe_links_lose_their_target() {
        let p = parse("[x](javascript:alert(1)) [y](https://gs1.org) [z](#muc-1)");
        let Block::Paragraph(i) = &p.blocks[0] else {
            panic!()
        };
        assert!(
            matches!(&i[0], Inline::Text(t) if t.starts_with('x')),
            "{i:?}"
        );
        assert!(i
            .iter()
            .any(|x| matches!(x, Inline::Link { url, .. } if url == "https://gs1.org")));
        assert!(i
            .iter()
            .any(|x| matches!(x, Inline::XRef { id, .. } if id == "muc-1")));
    }

    #[test]
    fn text_is_nfc() {
        let p = parse("So\u{302}\u{309} tay");
        assert_eq!(
            p.blocks[0],
            Block::Paragraph(vec![Inline::Text("Sổ tay".into())])
        );
    }
}
