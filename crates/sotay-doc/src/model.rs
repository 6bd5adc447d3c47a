//! The document tree every writer reads: blocks and inlines, already numbered, with cross
//! references resolved. Built once by [`crate::build`].

/// Facts about the edition printed on the cover and in the metadata. Dates come from the
/// edition, never from the clock, so the same input gives the same bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocMeta {
    pub title: String,
    /// E.g. the product: "Tôm sú nguyên con đông lạnh".
    pub subtitle: String,
    pub province: String,
    /// E.g. "Sở Khoa học và Công nghệ tỉnh An Giang".
    pub issuing_body: String,
    /// The edition's id (the EPUB identifier, the PDF's file id): metadata only, never printed
    /// (a copy is named by its QR code and serial, an edition by its label).
    pub edition_id: String,
    /// The edition's label, e.g. "1.0": printed "Ấn bản 1.0" (`docs/terms.md`). Empty outside
    /// an edition, unless the handbook's variables name the edition it is written for.
    pub edition_label: String,
    /// The handbook's revision (phiên bản) the file was made from, printed "Phiên bản 3" only
    /// when there is no edition label (an exported draft); `None` for what is not a handbook.
    pub revision: Option<u32>,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The document's language (its BCP 47 code goes into every output); Vietnamese unless
    /// set otherwise.
    pub lang: sotay_model::Lang,
    /// The issuing body's logo on the cover: an image name resolved like chapter images
    /// (empty: no logo).
    pub logo: String,
    /// The decision that issued the handbook, named on the cover ("Ban hành kèm theo Quyết
    /// định số …").
    pub decision: Option<sotay_model::admin::IssuingDecision>,
    /// What the print edition's colophon must carry as a publication (Luật Xuất bản 2012,
    /// Điều 27); `None` outside a published edition.
    pub publication: Option<sotay_model::edition::PublicationInfo>,
}

/// Where a chapter stands in the book, which decides its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChapterRole {
    /// Foreword, title page: not numbered.
    Front,
    /// Chương 1, 2, 3…
    #[default]
    Body,
    /// Phụ lục A, B, C…
    Annex,
}

/// One chapter's Markdown (variables already filled in) as it enters the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterInput {
    /// Stable key (used for file names and `#key` links).
    pub key: String,
    /// Used when the Markdown has no `# ` heading.
    pub title: String,
    pub markdown: String,
    pub role: ChapterRole,
}

/// Whether sections get automatic numbers (1, 1.1, 1.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbering {
    /// Number, unless the headings already carry hand-written numbers ("Chương 2.", "2.1.").
    #[default]
    Auto,
    On,
    Off,
}

/// An image the document uses, looked up by the name the Markdown gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub bytes: Vec<u8>,
    /// `image/png`, `image/jpeg`, `image/svg+xml`…
    pub mime: String,
}

/// The kinds of things a cross-reference can point to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    Chapter,
    Section,
    Figure,
    Table,
    Form,
    Footnote,
}

/// What `[](#id)` resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub kind: TargetKind,
    /// Index of the chapter that holds it.
    pub chapter: usize,
    /// The anchor id in the output.
    pub id: String,
    /// The reader's label: "mục 4.1", "Bảng 3.2", "Hình 2.1", "Biểu mẫu BM-03", "Chương 5".
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl AlertKind {
    /// The label printed on the note, in Vietnamese.
    pub fn label(self) -> &'static str {
        match self {
            AlertKind::Note => "Ghi chú",
            AlertKind::Tip => "Mẹo",
            AlertKind::Important => "Quan trọng",
            AlertKind::Warning => "Cảnh báo",
            AlertKind::Caution => "Thận trọng",
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            AlertKind::Note => "note",
            AlertKind::Tip => "tip",
            AlertKind::Important => "important",
            AlertKind::Warning => "warning",
            AlertKind::Caution => "caution",
        }
    }
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Emph(Vec<Inline>),
    Strike(Vec<Inline>),
    Code(String),
    /// A link to the outside world (http, https, mailto, tel). Unsafe schemes never get here.
    Link {
        url: String,
        content: Vec<Inline>,
    },
    /// A link inside the document; `content` empty means "print the target's label".
    XRef {
        /// Boxed: most inlines are text, and this keeps every inline half as big (a large
        /// table's cells are each one).
        target: Option<Box<Target>>,
        /// The id written in the Markdown (for diagnostics and placeholders).
        id: String,
        content: Vec<Inline>,
    },
    FootnoteRef {
        number: u32,
        id: String,
    },
    /// A passage in another language than the document's (`[words]{lang=en}`, or a heading's
    /// `{lang=en}`): every writer marks it (`lang="en"` in HTML and EPUB, `/Lang` in the PDF).
    Lang {
        /// A BCP 47 tag as written: `en`, `fr`, `en-GB`.
        lang: String,
        content: Vec<Inline>,
    },
    /// An image inside a line of text (a figure is a block).
    Image {
        src: String,
        alt: String,
    },
    LineBreak,
    SoftBreak,
}

/// One table cell's content.
pub type Cell = Vec<Inline>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub id: Option<String>,
    /// "3.2" when numbered automatically.
    pub number: Option<String>,
    pub caption: Option<Vec<Inline>>,
    pub align: Vec<Align>,
    pub head: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// `Some(done)` for a task-list item.
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

/// Block content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading {
        /// 2–6 (the chapter title is level 1 and lives in [`Chapter::title`]).
        level: u8,
        id: String,
        /// "4.1" when numbered.
        number: Option<String>,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    List {
        ordered: bool,
        start: u64,
        items: Vec<ListItem>,
    },
    Quote(Vec<Block>),
    Alert {
        kind: AlertKind,
        blocks: Vec<Block>,
    },
    Code {
        lang: Option<String>,
        text: String,
    },
    Table(Table),
    Figure {
        id: Option<String>,
        number: Option<String>,
        src: String,
        /// The caption (the image's alt text without its `{#id}`).
        caption: Vec<Inline>,
        alt: String,
    },
    /// A QR code (GS1 Digital Link or URL), drawn in every output.
    Qr {
        data: String,
    },
    /// Terms and definitions from a ```glossary block.
    Glossary(Vec<(String, String)>),
    Rule,
    /// A hint for paged outputs; ignored by HTML and EPUB.
    PageBreak,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote {
    pub id: String,
    pub number: u32,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    pub key: String,
    /// The anchor of the chapter heading.
    pub id: String,
    pub role: ChapterRole,
    /// "1", "2"… for body chapters, "A", "B"… for annexes, when numbered.
    pub number: Option<String>,
    pub title: Vec<Inline>,
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
}

/// One line of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// 1 = chapter, 2 = section, 3 = subsection.
    pub level: u8,
    pub chapter: usize,
    pub id: String,
    pub number: Option<String>,
    pub title: String,
}

/// The whole document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub meta: DocMeta,
    pub chapters: Vec<Chapter>,
    pub toc: Vec<TocEntry>,
    /// Images by the name the Markdown uses (only those found).
    pub images: std::collections::BTreeMap<String, Image>,
    /// What changed since an earlier edition (issue 21): change bars, deletion marks and the
    /// change list after the contents. `None` (a first edition, or bars turned off): nothing is
    /// drawn and every writer's output is as without it.
    pub changes: Option<crate::changes::Changes>,
}

/// The deepest nesting the model holds, for blocks (quotes, alerts, list items) and, separately,
/// for inlines (emphasis, strong, strike-through, links).
///
/// CommonMark sets no limit, and every walk over the tree (the parser, the build, each writer)
/// recurses, so a few kilobytes of `>` or `- ` or `*` used to overflow the stack and abort the
/// process. Real handbooks nest lists three or four deep, quotes twice, emphasis two or three
/// times; markdown-it stops at 20 in its CommonMark preset and 100 by default. 32 is far above
/// any real text, and keeps the deepest walk (the PDF layout: a few kilobytes of stack per
/// level, blocks and inlines together) well under 256 KiB, a small part of a worker thread's
/// 2 MiB. In the PDF, 32 list levels of indentation are already wider than the page (the layout
/// stops indenting before that).
///
/// The parser flattens what is deeper (see [`crate::build`]): the content is kept, as
/// paragraphs and plain text, only the extra levels go, and the build reports it. Writers guard
/// their own recursion with the same limit, so a [`Document`] built by hand is safe too.
pub const MAX_NESTING: usize = 32;

/// The plain text of inlines (for titles, alt text, the TOC). Iterative: safe at any depth.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    let mut stack: Vec<std::slice::Iter<'_, Inline>> = vec![inlines.iter()];
    while let Some(top) = stack.last_mut() {
        let Some(i) = top.next() else {
            stack.pop();
            continue;
        };
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Strong(c)
            | Inline::Emph(c)
            | Inline::Strike(c)
            | Inline::Link { content: c, .. }
            | Inline::Lang { content: c, .. } => stack.push(c.iter()),
            Inline::XRef {
                target, content, ..
            } => {
                if content.is_empty() {
                    if let Some(t) = target {
                        out.push_str(&t.label);
                    }
                } else {
                    stack.push(content.iter());
                }
            }
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::LineBreak | Inline::SoftBreak => out.push(' '),
            Inline::FootnoteRef { .. } => {}
        }
    }
    out
}

/// The blocks that hold no other blocks (paragraphs, headings, tables, code, figures…) inside
/// `blocks`, in reading order, at any depth: what a writer prints in place of containers
/// nested deeper than [`MAX_NESTING`]. Iterative: safe at any depth.
pub fn leaf_blocks(blocks: &[Block]) -> Vec<&Block> {
    enum Level<'a> {
        Blocks(std::slice::Iter<'a, Block>),
        Items(std::slice::Iter<'a, ListItem>),
    }
    let mut out = Vec::new();
    let mut stack = vec![Level::Blocks(blocks.iter())];
    while let Some(top) = stack.last_mut() {
        let next = match top {
            Level::Items(items) => items.next().map(|i| Level::Blocks(i.blocks.iter())),
            Level::Blocks(blocks) => match blocks.next() {
                Some(Block::Quote(inner) | Block::Alert { blocks: inner, .. }) => {
                    Some(Level::Blocks(inner.iter()))
                }
                Some(Block::List { items, .. }) => Some(Level::Items(items.iter())),
                Some(leaf) => {
                    out.push(leaf);
                    continue;
                }
                None => None,
            },
        };
        match next {
            Some(level) => stack.push(level),
            None => {
                stack.pop();
            }
        }
    }
    out
}

/// How deep blocks and inlines nest in `blocks` (0 for a flat list of paragraphs of plain
/// text): the larger of the two depths, as [`MAX_NESTING`] counts them. Iterative.
pub fn nesting_depth(blocks: &[Block]) -> usize {
    fn inline_depth(inlines: &[Inline]) -> usize {
        let mut deepest = 0;
        let mut stack: Vec<(&[Inline], usize)> = vec![(inlines, 0)];
        while let Some((list, d)) = stack.pop() {
            for i in list {
                match i {
                    Inline::Strong(c)
                    | Inline::Emph(c)
                    | Inline::Strike(c)
                    | Inline::Link { content: c, .. }
                    | Inline::Lang { content: c, .. }
                    | Inline::XRef { content: c, .. } => {
                        deepest = deepest.max(d + 1);
                        stack.push((c, d + 1));
                    }
                    _ => {}
                }
            }
        }
        deepest
    }
    let mut deepest = 0;
    let mut stack: Vec<(&[Block], usize)> = vec![(blocks, 0)];
    while let Some((list, d)) = stack.pop() {
        for b in list {
            match b {
                Block::Quote(inner) | Block::Alert { blocks: inner, .. } => {
                    deepest = deepest.max(d + 1);
                    stack.push((inner, d + 1));
                }
                Block::List { items, .. } => {
                    deepest = deepest.max(d + 1);
                    for i in items {
                        stack.push((&i.blocks, d + 1));
                    }
                }
                Block::Heading { content, .. } | Block::Paragraph(content) => {
                    deepest = deepest.max(inline_depth(content));
                }
                Block::Figure { caption, .. } => deepest = deepest.max(inline_depth(caption)),
                Block::Table(t) => {
                    for cell in t
                        .caption
                        .iter()
                        .chain(&t.head)
                        .chain(t.rows.iter().flatten())
                    {
                        deepest = deepest.max(inline_depth(cell));
                    }
                }
                _ => {}
            }
        }
    }
    deepest
}

/// What makes one distributed copy unique: its serial, recipient and QR code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyStamp {
    pub serial: u32,
    pub recipient: String,
    pub unit: String,
    /// Encoded in the colophon's QR code (`sotay_model::copy_code`: the offline `SOTAY1:…`
    /// code, or the verification address with the edition, serial and check code).
    pub qr_data: String,
}

impl CopyStamp {
    /// The copy's words on the cover, as controlled copies carry them: "Bản số 003".
    pub fn cover(&self) -> String {
        format!("Bản số {:03}", self.serial)
    }

    /// "Bản số 012 — cấp cho: HTX Thuận Hòa (Phòng Kinh tế)".
    pub fn line(&self) -> String {
        let unit = if self.unit.trim().is_empty() {
            String::new()
        } else {
            format!(" ({})", self.unit.trim())
        };
        format!(
            "{} — cấp cho: {}{unit}",
            self.cover(),
            self.recipient.trim()
        )
    }
}

/// A chapter's label, the same in every output: "Chương 2", "Phụ lục A", or none.
pub fn chapter_label(role: ChapterRole, number: Option<&str>) -> Option<String> {
    number.map(|n| match role {
        ChapterRole::Annex => format!("Phụ lục {n}"),
        _ => format!("Chương {n}"),
    })
}

/// A date the Vietnamese way, dd/mm/yyyy, from YYYY-MM-DD (anything else as written): the
/// one rule in `sotay_model::text`.
pub fn display_date(iso: &str) -> String {
    sotay_model::text::display_date(iso)
}

/// The words of the cover and the colophon, decided once here so the HTML, the EPUB and the
/// PDF of one edition say the same thing (the writers only draw them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// Under the cover title: "Ấn bản 1.0 · 15/01/2026" (an exported draft without an edition
    /// label: "Phiên bản 3 · 15/01/2026").
    pub cover_edition: Option<String>,
    /// The colophon's facts, one per line.
    pub colophon: Vec<String>,
    /// The heading of the table of contents.
    pub contents_title: &'static str,
    /// Under the cover title, when a decision issued the handbook: "(Ban hành kèm theo
    /// Quyết định số 45/QĐ-SKHCN ngày 10/6/2026 của Giám đốc Sở …)".
    pub cover_decision: Option<String>,
    /// The print edition's colophon as a publication (after the facts): licence, who is
    /// responsible, size and print run, printer, legal deposit, "Tài liệu không bán".
    pub publication: Vec<String>,
    /// The screen edition's last page: the fonts' licence and "Tạo bằng Sotay".
    pub credits: Vec<String>,
    /// The running footer's name of the edition: "Ấn bản 1.0" (a draft: "Phiên bản 3"; none
    /// without either).
    pub footer_edition: Option<String>,
}

/// The fonts the book's PDF embeds and their licence, as its last page names them.
pub const FONT_CREDIT: &str =
    "Phông chữ Noto Serif, Noto Sans, Noto Sans Mono (SIL Open Font License 1.1) và DejaVu Sans.";

/// The words of the colophon as a publication, from what the edition was given.
fn publication_lines(p: &sotay_model::edition::PublicationInfo) -> Vec<String> {
    let t = |s: &str| s.trim().to_owned();
    let mut out = Vec::new();
    if !t(&p.publishing_responsible).is_empty() {
        out.push(format!(
            "Chịu trách nhiệm xuất bản: {}",
            t(&p.publishing_responsible)
        ));
    }
    if !t(&p.content_responsible).is_empty() {
        out.push(format!(
            "Chịu trách nhiệm nội dung: {}",
            t(&p.content_responsible)
        ));
    }
    // "In 120 bản, khổ 14,8 × 21 cm, tại Công ty In …" — each part only when known.
    let mut print = Vec::new();
    if let Some(n) = p.print_run {
        print.push(format!("In {n} bản"));
    }
    if !t(&p.size).is_empty() {
        print.push(format!("khổ {}", t(&p.size)));
    }
    if !t(&p.printer).is_empty() {
        print.push(format!("tại {}", t(&p.printer)));
    }
    if !print.is_empty() {
        let mut line = print.join(", ");
        if let Some(first) = line.get(..1) {
            line = first.to_uppercase() + &line[1..];
        }
        out.push(format!("{line}."));
    }
    if !t(&p.printer_address).is_empty() {
        out.push(format!(
            "Địa chỉ cơ sở in: {}.",
            t(&p.printer_address).trim_end_matches('.')
        ));
    }
    if !t(&p.licence_number).is_empty() {
        let date = t(&p.licence_date);
        let date = if date.is_empty() {
            String::new()
        } else {
            format!(" ngày {}", display_date(&date))
        };
        out.push(format!(
            "Giấy phép xuất bản số {}{date}.",
            t(&p.licence_number)
        ));
    }
    if !t(&p.deposit_date).is_empty() {
        out.push(format!(
            "Nộp lưu chiểu ngày {}.",
            display_date(&t(&p.deposit_date))
        ));
    }
    out.push("Tài liệu không bán.".to_owned());
    out
}

/// "(Ban hành kèm theo Quyết định số 45/QĐ-SKHCN ngày 10/6/2026 của Giám đốc Sở …)".
fn decision_line(d: &sotay_model::admin::IssuingDecision) -> Option<String> {
    let number = d.number.trim();
    if number.is_empty() {
        return None;
    }
    let mut s = format!("(Ban hành kèm theo Quyết định số {number}");
    if !d.date.trim().is_empty() {
        s.push_str(&format!(
            " ngày {}",
            sotay_model::admin::cited_date(d.date.trim())
        ));
    }
    if !d.issuer.trim().is_empty() {
        s.push_str(&format!(" của {}", d.issuer.trim()));
    }
    s.push(')');
    Some(s)
}

/// "Ấn bản 1.0": an edition named by its label, the one way every output and report names it
/// (`docs/terms.md`: an edition is what Phát hành makes; a revision is a state of the handbook).
pub fn edition_name(label: &str) -> String {
    format!("Ấn bản {}", label.trim())
}

/// "so với ấn bản 1.0": what a later edition's changes are counted against.
pub fn since_edition(label: &str) -> String {
    format!("so với ấn bản {}", label.trim())
}

/// The colophon's line for the kind of file (`docs/terms.md`: "Bản in" / "Bản điện tử"; an
/// edition is made of both): "Bản điện tử đọc trên màn hình, khổ A4." or "Bản in, khổ A5, lề gáy
/// đối xứng, tràn lề 3 mm.".
pub fn file_kind(print: bool, paper: &str) -> String {
    if print {
        format!("Bản in, khổ {paper}, lề gáy đối xứng, tràn lề 3 mm.")
    } else {
        format!("Bản điện tử đọc trên màn hình, khổ {paper}.")
    }
}

/// "Phiên bản 3": a numbered state of a handbook (its revision), as the window names it.
pub fn revision_name(n: u32) -> String {
    format!("Phiên bản {n}")
}

impl DocMeta {
    /// What the file is a state of: the edition ("Ấn bản 1.0"), else the handbook's revision
    /// it was made from ("Phiên bản 3"), else nothing (a report, a loose Markdown file).
    pub fn edition_name(&self) -> Option<String> {
        if !self.edition_label.trim().is_empty() {
            Some(edition_name(&self.edition_label))
        } else {
            self.revision.map(revision_name)
        }
    }

    /// The cover's and colophon's words for this edition.
    pub fn front(&self) -> FrontMatter {
        let date = (!self.date.is_empty()).then(|| display_date(&self.date));
        let label = self.edition_name();
        let cover_edition = match (&label, &date) {
            (Some(l), Some(d)) => Some(format!("{l} · {d}")),
            (Some(x), None) | (None, Some(x)) => Some(x.clone()),
            (None, None) => None,
        };
        let mut colophon = Vec::new();
        if !self.issuing_body.is_empty() {
            colophon.push(format!("Cơ quan ban hành: {}", self.issuing_body));
        }
        if !self.province.is_empty() {
            colophon.push(format!("Địa bàn: {}", self.province));
        }
        let footer_edition = label.clone();
        match (label, date) {
            (Some(l), Some(d)) => colophon.push(format!("{l}, ngày {d}")),
            (Some(l), None) => colophon.push(l),
            // Not an edition (a report, a loose file): nothing was published (phát hành).
            (None, Some(d)) => colophon.push(format!("Ngày lập: {d}")),
            (None, None) => {}
        }
        FrontMatter {
            cover_edition,
            colophon,
            contents_title: "Mục lục",
            cover_decision: self.decision.as_ref().and_then(decision_line),
            publication: self
                .publication
                .as_ref()
                .map(publication_lines)
                .unwrap_or_default(),
            credits: vec![FONT_CREDIT.to_owned(), "Tạo bằng Sotay.".to_owned()],
            footer_edition,
        }
    }
}

#[cfg(test)]
mod front_tests {
    use super::*;

    #[test]
    fn a_draft_is_named_by_its_revision_and_a_report_by_neither() {
        let draft = DocMeta {
            title: "Sổ tay".into(),
            revision: Some(3),
            date: "2026-01-15".into(),
            edition_id: "0199f0a2-7c3b-7d10-9e4a-2b1c3d4e5f60".into(),
            ..DocMeta::default()
        };
        let f = draft.front();
        assert_eq!(f.cover_edition.as_deref(), Some("Phiên bản 3 · 15/01/2026"));
        assert_eq!(f.footer_edition.as_deref(), Some("Phiên bản 3"));
        assert_eq!(f.colophon, ["Phiên bản 3, ngày 15/01/2026"]);
        let report = DocMeta {
            revision: None,
            ..draft
        };
        let f = report.front();
        assert_eq!(f.cover_edition.as_deref(), Some("15/01/2026"));
        assert_eq!(f.footer_edition, None);
        assert_eq!(f.colophon, ["Ngày lập: 15/01/2026"]);
        for line in f.colophon.iter().chain(&f.credits) {
            assert!(!line.contains("0199"), "an id is printed: {line}");
        }
        assert_eq!(since_edition(" 1.0 "), "so với ấn bản 1.0");
        assert_eq!(
            file_kind(false, "A4"),
            "Bản điện tử đọc trên màn hình, khổ A4."
        );
        assert!(file_kind(true, "A5").starts_with("Bản in, khổ A5"));
    }

    #[test]
    fn the_front_matter_is_worded_once() {
        let meta = DocMeta {
            title: "Sổ tay".into(),
            issuing_body: "Sở Khoa học và Công nghệ tỉnh An Giang".into(),
            province: "An Giang".into(),
            edition_label: "1.0".into(),
            date: "2026-01-15".into(),
            edition_id: "e1".into(),
            ..DocMeta::default()
        };
        let f = meta.front();
        assert_eq!(f.cover_edition.as_deref(), Some("Ấn bản 1.0 · 15/01/2026"));
        assert_eq!(f.footer_edition.as_deref(), Some("Ấn bản 1.0"));
        // The edition's id is metadata: no colophon line prints it.
        assert_eq!(
            f.colophon,
            [
                "Cơ quan ban hành: Sở Khoa học và Công nghệ tỉnh An Giang",
                "Địa bàn: An Giang",
                "Ấn bản 1.0, ngày 15/01/2026",
            ]
        );
        assert_eq!(
            chapter_label(ChapterRole::Annex, Some("A")).as_deref(),
            Some("Phụ lục A")
        );
        assert_eq!(f.cover_decision, None);
        assert!(
            f.publication.is_empty(),
            "no publication outside an edition"
        );
        assert_eq!(
            f.credits.last().map(String::as_str),
            Some("Tạo bằng Sotay.")
        );
        assert_eq!(display_date("2025-07-01"), "01/07/2025");
        // An edition label wins over the revision it was made from.
        let with_revision = DocMeta {
            revision: Some(3),
            ..meta.clone()
        };
        assert_eq!(with_revision.front(), f);
        assert_eq!(display_date("07/2025"), "07/2025");
    }
}

#[cfg(test)]
mod publication_tests {
    use super::*;
    use sotay_model::admin::IssuingDecision;
    use sotay_model::edition::PublicationInfo;

    #[test]
    fn the_cover_names_the_issuing_decision() {
        let mut meta = DocMeta {
            decision: Some(IssuingDecision {
                number: "45/QĐ-SKHCN".into(),
                date: "2026-06-10".into(),
                issuer: "Giám đốc Sở Khoa học và Công nghệ tỉnh An Giang".into(),
            }),
            ..DocMeta::default()
        };
        assert_eq!(
            meta.front().cover_decision.as_deref(),
            Some("(Ban hành kèm theo Quyết định số 45/QĐ-SKHCN ngày 10/6/2026 của Giám đốc Sở Khoa học và Công nghệ tỉnh An Giang)")
        );
        meta.decision = Some(IssuingDecision {
            number: "45/QĐ-SKHCN".into(),
            ..IssuingDecision::default()
        });
        assert_eq!(
            meta.front().cover_decision.as_deref(),
            Some("(Ban hành kèm theo Quyết định số 45/QĐ-SKHCN)")
        );
        meta.decision = Some(IssuingDecision::default());
        assert_eq!(meta.front().cover_decision, None, "no number, no line");
    }

    #[test]
    fn the_colophon_carries_what_article_27_asks_and_nothing_invented() {
        let full = PublicationInfo {
            licence_number: "125/GP-STTTT".into(),
            licence_date: "2026-06-05".into(),
            publishing_responsible: "Nguyễn Văn A, Giám đốc Sở".into(),
            content_responsible: "Trần Thị B, Chi cục trưởng".into(),
            size: "14,8 × 21 cm".into(),
            print_run: Some(120),
            printer: "Công ty In Long Xuyên".into(),
            printer_address: "12 Trần Hưng Đạo, Long Xuyên, An Giang".into(),
            deposit_date: "2026-06-20".into(),
        };
        let meta = DocMeta {
            publication: Some(full),
            ..DocMeta::default()
        };
        assert_eq!(
            meta.front().publication,
            [
                "Chịu trách nhiệm xuất bản: Nguyễn Văn A, Giám đốc Sở",
                "Chịu trách nhiệm nội dung: Trần Thị B, Chi cục trưởng",
                "In 120 bản, khổ 14,8 × 21 cm, tại Công ty In Long Xuyên.",
                "Địa chỉ cơ sở in: 12 Trần Hưng Đạo, Long Xuyên, An Giang.",
                "Giấy phép xuất bản số 125/GP-STTTT ngày 05/06/2026.",
                "Nộp lưu chiểu ngày 20/06/2026.",
                "Tài liệu không bán.",
            ]
        );
        let bare = DocMeta {
            publication: Some(PublicationInfo {
                size: "21 × 29,7 cm".into(),
                ..PublicationInfo::default()
            }),
            ..DocMeta::default()
        };
        assert_eq!(
            bare.front().publication,
            ["Khổ 21 × 29,7 cm.", "Tài liệu không bán."]
        );
    }
}
