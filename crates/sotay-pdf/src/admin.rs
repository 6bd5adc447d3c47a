//! The page style of administrative documents (văn bản hành chính): the annual report, the
//! inspection minutes and the issuing decision, laid out as Nghị định 30/2020/NĐ-CP, Phụ lục I
//! asks, separate from the book.
//!
//! - A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm
//!   ([`Geometry::admin`]); Tinos (Times New Roman's metrics), body 14 pt at 1.2 lines,
//!   justified, first lines indented 1.27 cm, 6 pt between paragraphs.
//! - The header block in two columns: left, the parent body (upper case, 13 pt) over the
//!   issuing body (upper case, bold) with a rule of 2/5 of its line under it; right, the
//!   national name (upper case, bold, 12 pt) over the motto (bold, 13 pt) with a rule as long
//!   as the motto. Under them, on one row, "Số: 12/BC-SKHCN" (13 pt) on the left and the place
//!   and date in italics (14 pt) on the right.
//! - The document type (bold, upper case) and the summary (bold) centred, a short rule under
//!   them; headings I., 1., a); tables with a grid at 12 pt.
//! - "Nơi nhận:" (bold italic 12 pt, entries 11 pt) on the left and the signature on the
//!   right (or two signatures side by side), kept together on one page.
//! - Page numbers from page 2, centred in the top margin (13 pt); no cover, no colophon, no
//!   contents.
//!
//! It reuses the book's engine where it can: the fonts and their subsetting, line breaking
//! and justification ([`crate::text`]), placing lines with their structure tags, the renderer
//! and the `lopdf` pass. The file is tagged like the book (PDF/UA-1, PDF/A-2a claimed).

use std::collections::{BTreeMap, BTreeSet};

use sotay_model::admin::{AdminDoc, Appendix, Block, ParaAlign, Run as TextRun, Signature};
use sotay_model::{Diagnostic, Localized, Severity};

use crate::fonts::{Family, Fonts, Usage};
use crate::geometry::{Geometry, MM};
use crate::layout::{column_widths, push_line, Laid, Page, PageKind, Shape};
use crate::tags::{Art, Mark, NodeId, Role, Tree};
use crate::text::{Align, Base, Flattener, Line, Measured, Span, BLACK, INK};
use crate::PdfOutput;

/// Body type size and line height (single is 1.15 in Word; the Decree allows up to 1.5).
pub const BODY_PT: f32 = 14.0;
const LEADING: f32 = 1.2;
/// Space after a paragraph: the Decree's minimum.
const PARA_GAP: f32 = 6.0;
/// First-line indent: 1.27 cm.
pub const INDENT_PT: f32 = 12.7 * MM;
/// The header block's sizes.
const HEAD_PT: f32 = 13.0;
const NATION_PT: f32 = 12.0;
const MOTTO_PT: f32 = 13.0;
const TABLE_PT: f32 = 12.0;
const RECIPIENTS_TITLE_PT: f32 = 12.0;
const RECIPIENTS_PT: f32 = 11.0;
const PAGE_NUMBER_PT: f32 = 13.0;
/// Room to sign and seal between the position and the name.
const SIGN_SPACE: f32 = 24.0 * MM;
const RULE_W: f32 = 0.6;
/// A table cell's padding left and right.
const CELL_PAD: f32 = 3.0;
/// A rule's distance under the line above it (clear of the descenders).
const RULE_GAP: f32 = 3.0;

/// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
pub const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// "Độc lập - Tự do - Hạnh phúc" (hyphens, as the Decree writes it).
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// Writes an administrative document as a PDF. Never fails on content: characters no font
/// has become `[U+XXXX]` and a warning. The same document gives the same bytes.
pub fn write(doc: &AdminDoc) -> PdfOutput {
    let fonts = Fonts::load_admin();
    let geo = Geometry::admin();
    let laid = lay_out(doc, &fonts, &geo);
    let meta = sotay_doc::Document {
        meta: sotay_doc::DocMeta {
            title: doc.title.clone(),
            subtitle: doc.summary.replace('\n', " "),
            issuing_body: doc.issuing_body.clone(),
            edition_id: doc.id.clone(),
            date: doc.date.clone(),
            ..Default::default()
        },
        chapters: Vec::new(),
        toc: Vec::new(),
        images: BTreeMap::new(),
        changes: None,
    };
    let mut usage = Usage::default();
    let rendered = crate::render::render(&laid, &meta, &fonts, &geo, &mut usage, None);
    PdfOutput {
        bytes: crate::assemble(&fonts, &geo, &laid, &meta, rendered, &usage),
        pages: laid.pages.len(),
        diagnostics: laid.diagnostics.clone(),
    }
}

/// Widths of text in Tinos, which has Times New Roman's metrics: the Word writer sizes the
/// header columns and rules with them, so both files look alike.
#[derive(Debug)]
pub struct Metrics {
    fonts: Fonts,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        Metrics {
            fonts: Fonts::load_admin(),
        }
    }

    /// Width in points of `text` at `size`.
    pub fn width(&self, text: &str, size: f32, bold: bool, italic: bool) -> f32 {
        let face = self.fonts.face(Family::Times, bold, italic);
        self.fonts.width(face, size, text)
    }

    /// The header block's columns (left, right) in points, as the PDF lays them out.
    pub fn header_columns(&self, doc: &AdminDoc) -> (f32, f32) {
        columns(&self.fonts, doc, Geometry::admin().text_w())
    }

    /// A table's column widths in points for a width of `w`, as the PDF sets them.
    pub fn table_widths(&self, header: &[String], rows: &[Vec<String>], w: f32) -> Vec<f32> {
        table_widths(&self.fonts, header, rows, w)
    }

    /// The text area's width in points.
    pub fn text_width(&self) -> f32 {
        Geometry::admin().text_w()
    }
}

/// The header's columns in a text area `w` wide: the right as wide as its widest line (the
/// national name, the motto, the place and date) plus a little, the left takes the rest.
fn columns(fonts: &Fonts, doc: &AdminDoc, w: f32) -> (f32, f32) {
    let width = |t: &str, size: f32, bold: bool, italic: bool| {
        fonts.width(fonts.face(Family::Times, bold, italic), size, t)
    };
    let right = width(NATION, NATION_PT, true, false)
        .max(width(MOTTO, MOTTO_PT, true, false))
        .max(width(&doc.place_date, BODY_PT, false, true));
    let right = (right + 8.0).min(w * 0.66);
    (w - right, right)
}

/// Column widths of a table `w` wide, as [`crate::layout::column_widths`] shares the room out
/// in the book: from each column's widest word and its whole text (header bold).
fn table_widths(fonts: &Fonts, header: &[String], rows: &[Vec<String>], w: f32) -> Vec<f32> {
    let cols = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    let mut mins = vec![0.0f32; cols];
    let mut maxs = vec![0.0f32; cols];
    let mut missing = BTreeSet::new();
    let mut f = Flattener {
        fonts,
        missing: &mut missing,
        link_color: None,
    };
    let all = std::iter::once((true, header)).chain(rows.iter().map(|r| (false, &r[..])));
    for (bold, r) in all {
        for c in 0..cols {
            let text = r.get(c).map(String::as_str).unwrap_or_default();
            let spans = f.text(text, Admin::base(TABLE_PT, bold, false));
            let m = Measured::new(fonts, &spans);
            // A point of slack: Word and LibreOffice round widths to twips.
            mins[c] = mins[c].max(m.min_width() + 2.0 * CELL_PAD + 1.0);
            maxs[c] = maxs[c].max(m.max_width() + 2.0 * CELL_PAD + 1.0);
        }
    }
    column_widths(&mins, &maxs, w)
}

/// Sizes the Word writer shares with the PDF, in points.
pub mod sizes {
    pub use super::{BODY_PT, INDENT_PT};
    pub const HEAD: f32 = super::HEAD_PT;
    pub const NATION: f32 = super::NATION_PT;
    pub const MOTTO: f32 = super::MOTTO_PT;
    pub const TABLE: f32 = super::TABLE_PT;
    pub const RECIPIENTS_TITLE: f32 = super::RECIPIENTS_TITLE_PT;
    pub const RECIPIENTS: f32 = super::RECIPIENTS_PT;
    pub const PAGE_NUMBER: f32 = super::PAGE_NUMBER_PT;
    pub const LEADING: f32 = super::LEADING;
    pub const PARA_GAP: f32 = super::PARA_GAP;
    pub const SIGN_SPACE: f32 = super::SIGN_SPACE;
}

/// A laid-out line and where it starts, from the left edge of its column.
type Placed = (f32, Line);

/// The closing block: the left column's lines (with whether each is the space to sign, and
/// which element it starts: 0 signature, 1 "Nơi nhận:", 2 a recipient), the right column's,
/// the left column's width and the whole height.
struct Closing {
    left: Vec<(Placed, bool, u8)>,
    right: Vec<(Placed, bool)>,
    left_w: f32,
    height: f32,
}

struct Admin<'a> {
    fonts: &'a Fonts,
    geo: &'a Geometry,
    pages: Vec<Page>,
    y: f32,
    tree: Tree,
    missing: BTreeSet<char>,
}

fn lay_out(doc: &AdminDoc, fonts: &Fonts, geo: &Geometry) -> Laid {
    let mut a = Admin {
        fonts,
        geo,
        pages: Vec::new(),
        y: geo.text_top(),
        tree: Tree::new(false),
        missing: BTreeSet::new(),
    };
    a.new_page();
    a.header(doc);
    a.title(doc);
    for (i, b) in doc.body.iter().enumerate() {
        if i + 1 == doc.body.len() {
            // The last paragraph goes with the signature: never a signature alone on a page.
            if let Block::Para { runs, .. } = b {
                let w = a.width();
                let lines = a.lines(runs, BODY_PT, w, Align::Justify, INDENT_PT);
                let need = Admin::height(&lines) + PARA_GAP + a.closing_parts(doc).height;
                if a.y + need > a.bottom() && !a.at_top() {
                    a.new_page();
                }
            }
        }
        a.block(b, &doc.body[i + 1..]);
    }
    a.closing(doc);
    if let Some(appendix) = &doc.appendix {
        a.appendix(doc, appendix);
    }
    a.page_numbers();
    let mut diagnostics = Vec::new();
    if !a.missing.is_empty() {
        let list: Vec<String> = a
            .missing
            .iter()
            .map(|c| format!("{c} (U+{:04X})", *c as u32))
            .collect();
        let list = list.join(", ");
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            "pdf.glyph.missing",
            Localized::new(
                format!("Phông chữ không có các ký tự sau; bản PDF in mã [U+…] thay cho chúng: {list}."),
                format!("The font has no glyph for these characters; the PDF prints [U+…] codes instead: {list}."),
            ),
        ));
    }
    Laid {
        pages: a.pages,
        anchors: BTreeMap::new(),
        body_start: 0,
        images: Vec::new(),
        diagnostics,
        tree: a.tree,
    }
}

impl Admin<'_> {
    fn new_page(&mut self) {
        self.pages.push(Page::new(
            PageKind::Admin,
            self.geo.inner,
            self.geo.text_top(),
        ));
        self.y = self.geo.text_top();
    }

    fn width(&self) -> f32 {
        self.geo.text_w()
    }

    fn bottom(&self) -> f32 {
        self.geo.text_bottom()
    }

    fn at_top(&self) -> bool {
        self.y <= self.geo.text_top() + 0.5
    }

    fn base(size: f32, bold: bool, italic: bool) -> Base {
        Base {
            family: Family::Times,
            bold,
            italic,
            size,
            color: BLACK,
        }
    }

    fn spans(&mut self, runs: &[TextRun], size: f32) -> Vec<Span> {
        let mut f = Flattener {
            fonts: self.fonts,
            missing: &mut self.missing,
            link_color: None,
        };
        let mut out = Vec::new();
        for r in runs {
            out.extend(f.text(&r.text, Self::base(size, r.bold, r.italic)));
        }
        out
    }

    /// Lines of `runs` in a column `width` wide; the first indented by `indent`.
    fn lines(
        &mut self,
        runs: &[TextRun],
        size: f32,
        width: f32,
        align: Align,
        indent: f32,
    ) -> Vec<Placed> {
        let spans = self.spans(runs, size);
        if spans.is_empty() {
            return Vec::new();
        }
        let m = Measured::new(self.fonts, &spans);
        let height = size * LEADING;
        m.break_lines_indented(width, indent)
            .into_iter()
            .enumerate()
            .map(|(i, b)| {
                let ind = if i == 0 { indent } else { 0.0 };
                (ind, m.line(self.fonts, b, width - ind, align, height))
            })
            .collect()
    }

    /// Text in one style.
    fn text_lines(
        &mut self,
        text: &str,
        size: f32,
        bold: bool,
        italic: bool,
        width: f32,
        align: Align,
    ) -> Vec<Placed> {
        let run = TextRun {
            text: text.to_owned(),
            bold,
            italic,
        };
        self.lines(&[run], size, width, align, 0.0)
    }

    /// Places `lines` at `y` in the column starting `x` from the text area's left edge,
    /// tagged as content of `node` (or as artifacts). Returns the y under them.
    fn put(&mut self, lines: Vec<Placed>, x: f32, y: f32, node: Option<NodeId>) -> f32 {
        let pi = self.pages.len() - 1;
        let left = self.geo.inner;
        let page = &mut self.pages[pi];
        let mut y = y;
        for (dx, l) in lines {
            let h = l.height;
            push_line(page, pi, &mut self.tree, node, l, left + x + dx, y);
            y += h;
        }
        y
    }

    fn rule(&mut self, x: f32, y: f32, w: f32) {
        let left = self.geo.inner;
        let page = self.pages.last_mut().expect("a page");
        page.fg.push(Shape::Line {
            x1: left + x,
            y1: y,
            x2: left + x + w,
            y2: y,
            color: BLACK,
            width: RULE_W,
        });
    }

    fn widest(lines: &[Placed]) -> f32 {
        lines.iter().map(|(_, l)| l.width).fold(0.0, f32::max)
    }

    fn height(lines: &[Placed]) -> f32 {
        lines.iter().map(|(_, l)| l.height).sum()
    }

    /// Flows lines from the cursor, across pages, keeping at least two lines of a paragraph
    /// together at either end.
    fn flow(&mut self, lines: Vec<Placed>, node: NodeId) {
        let n = lines.len();
        let mut rest = lines.into_iter().peekable();
        let mut done = 0;
        while rest.peek().is_some() {
            let space = self.bottom() - self.y;
            let mut fit = 0;
            let mut h = 0.0;
            let heights: Vec<f32> = rest.clone().map(|(_, l)| l.height).collect();
            for lh in &heights {
                if h + lh > space + 0.01 {
                    break;
                }
                h += lh;
                fit += 1;
            }
            let k = crate::layout::split_point(fit, n - done, true, self.at_top());
            let chunk: Vec<Placed> = rest.by_ref().take(k).collect();
            done += chunk.len();
            let y = self.y;
            self.y = self.put(chunk, 0.0, y, Some(node));
            if rest.peek().is_some() {
                self.new_page();
            }
        }
    }

    // ----- the header block ------------------------------------------------------------
    fn header(&mut self, doc: &AdminDoc) {
        self.header_block(doc, true);
    }

    /// The two-column header; `numbered` adds the row of number and place-and-date (a text
    /// issued with a decision has neither: they are the decision's).
    fn header_block(&mut self, doc: &AdminDoc, numbered: bool) {
        let header = self.tree.open(Role::Div);
        let (left_w, right_w) = columns(self.fonts, doc, self.width());
        let top = self.y;

        // Left: parent body over issuing body, a rule under it.
        let mut y = top;
        if !doc.parent_body.trim().is_empty() {
            let l = self.text_lines(
                &doc.parent_body,
                HEAD_PT,
                false,
                false,
                left_w,
                Align::Center,
            );
            let p = self.tree.leaf(Role::P);
            y = self.put(l, 0.0, y, Some(p));
        }
        let issuing = self.text_lines(
            &doc.issuing_body,
            HEAD_PT,
            true,
            false,
            left_w,
            Align::Center,
        );
        let issuing_w = Self::widest(&issuing);
        let p = self.tree.leaf(Role::P);
        y = self.put(issuing, 0.0, y, Some(p));
        let rule_w = (issuing_w * 0.4).max(30.0);
        let left_rule = y + RULE_GAP;
        self.rule((left_w - rule_w) / 2.0, left_rule, rule_w);

        // Right: the national name and the motto, a rule as long as the motto.
        let nation = self.text_lines(NATION, NATION_PT, true, false, right_w, Align::Center);
        let motto = self.text_lines(MOTTO, MOTTO_PT, true, false, right_w, Align::Center);
        let motto_w = Self::widest(&motto);
        let p = self.tree.leaf(Role::P);
        let y2 = self.put(nation, left_w, top, Some(p));
        let p = self.tree.leaf(Role::P);
        let y2 = self.put(motto, left_w, y2, Some(p));
        let right_rule = y2 + RULE_GAP;
        self.rule(left_w + (right_w - motto_w) / 2.0, right_rule, motto_w);

        // One row: the number on the left, the place and date on the right.
        let row = left_rule.max(right_rule) + 8.0;
        if !numbered {
            self.tree.close(header);
            self.y = row + BODY_PT * 1.2;
            return;
        }
        let number = self.text_lines(
            &doc.number_line,
            HEAD_PT,
            false,
            false,
            left_w,
            Align::Center,
        );
        let date = self.text_lines(
            &doc.place_date,
            BODY_PT,
            false,
            true,
            right_w,
            Align::Center,
        );
        let p = self.tree.leaf(Role::P);
        let a = self.put(number, 0.0, row, Some(p));
        let p = self.tree.leaf(Role::P);
        let b = self.put(date, left_w, row, Some(p));
        self.tree.close(header);
        self.y = a.max(b) + BODY_PT * 1.2;
    }

    /// The document type and summary, centred, a short rule under them; then the authority
    /// that decides and "Kính gửi".
    fn title(&mut self, doc: &AdminDoc) {
        let w = self.width();
        let h1 = self.tree.open(Role::H(1));
        let kind = self.text_lines(doc.kind.title(), BODY_PT, true, false, w, Align::Center);
        let y = self.y;
        self.y = self.put(kind, 0.0, y, Some(h1));
        let mut summary_w: f32 = 0.0;
        for part in doc.summary.lines().filter(|l| !l.trim().is_empty()) {
            let l = self.text_lines(part.trim(), BODY_PT, true, false, w, Align::Center);
            summary_w = summary_w.max(Self::widest(&l));
            let y = self.y;
            self.y = self.put(l, 0.0, y, Some(h1));
        }
        self.tree.close(h1);
        let rule_w = (summary_w * 0.4).clamp(40.0, w * 0.5);
        let y = self.y + RULE_GAP;
        self.rule((w - rule_w) / 2.0, y, rule_w);
        self.y += BODY_PT * 1.1;
        if !doc.authority.trim().is_empty() {
            self.y += PARA_GAP;
            let l = self.text_lines(doc.authority.trim(), BODY_PT, true, false, w, Align::Center);
            let p = self.tree.leaf(Role::P);
            let y = self.y;
            self.y = self.put(l, 0.0, y, Some(p)) + PARA_GAP;
        }
        for a in &doc.addressees {
            let l = self.text_lines(a, BODY_PT, false, false, w, Align::Center);
            let p = self.tree.leaf(Role::P);
            let y = self.y;
            self.y = self.put(l, 0.0, y, Some(p));
        }
        if !doc.addressees.is_empty() {
            self.y += PARA_GAP * 2.0;
        }
    }

    // ----- the body ----------------------------------------------------------------------
    fn block(&mut self, b: &Block, rest: &[Block]) {
        let w = self.width();
        match b {
            Block::Heading { level, label, text } => {
                let runs = [TextRun {
                    text: format!("{label} {text}"),
                    bold: *level <= 2,
                    italic: *level >= 3,
                }];
                let lines = self.lines(&runs, BODY_PT, w, Align::Left, INDENT_PT);
                // Keep with the start of what follows.
                let need = Self::height(&lines) + PARA_GAP + self.start_height(rest);
                if self.y + need > self.bottom() && !self.at_top() {
                    self.new_page();
                }
                if !self.at_top() {
                    self.y += PARA_GAP;
                }
                let h = self.tree.leaf(Role::H((*level).clamp(1, 4) + 1));
                self.flow(lines, h);
                self.y += PARA_GAP;
            }
            Block::Para { runs, align } => {
                let lines = match align {
                    ParaAlign::Body => self.lines(runs, BODY_PT, w, Align::Justify, INDENT_PT),
                    ParaAlign::Center => self.lines(runs, BODY_PT, w, Align::Center, 0.0),
                };
                let p = self.tree.leaf(Role::P);
                self.flow(lines, p);
                self.y += PARA_GAP;
            }
            Block::Table {
                caption,
                header,
                rows,
                numeric,
            } => self.table(caption, header, rows, numeric),
        }
    }

    /// The height that must follow a heading on its page: two lines of a paragraph, a
    /// table's caption, header and first row, or the next heading with what it must keep.
    fn start_height(&mut self, rest: &[Block]) -> f32 {
        let line = BODY_PT * LEADING;
        match rest.first() {
            Some(Block::Table { caption, .. }) => {
                line * if caption.is_empty() { 1.0 } else { 2.0 } + TABLE_PT * LEADING * 3.0
            }
            Some(Block::Heading { .. }) => line + PARA_GAP * 2.0 + self.start_height(&rest[1..]),
            Some(_) => line * 2.0,
            None => 0.0,
        }
    }

    fn table(&mut self, caption: &str, header: &[String], rows: &[Vec<String>], numeric: &[bool]) {
        let w = self.width();
        let cols = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if cols == 0 {
            return;
        }
        let pad = CELL_PAD;
        let vpad = 2.0;
        let cell = |r: &Vec<String>, c: usize| r.get(c).cloned().unwrap_or_default();
        let header_row: Vec<String> = (0..cols)
            .map(|c| header.get(c).cloned().unwrap_or_default())
            .collect();
        let widths = table_widths(self.fonts, header, rows, w);
        let lay_row = |me: &mut Self, r: &Vec<String>, bold: bool| -> Vec<Vec<Placed>> {
            (0..cols)
                .map(|c| {
                    let align = if bold {
                        Align::Center
                    } else if numeric.get(c).copied().unwrap_or(false) {
                        Align::Right
                    } else {
                        Align::Left
                    };
                    me.text_lines(
                        &cell(r, c),
                        TABLE_PT,
                        bold,
                        false,
                        (widths[c] - 2.0 * pad).max(1.0),
                        align,
                    )
                })
                .collect()
        };
        let row_h = |cells: &[Vec<Placed>]| {
            cells
                .iter()
                .map(|l| Self::height(l))
                .fold(TABLE_PT * LEADING, f32::max)
                + 2.0 * vpad
        };
        let head_cells = lay_row(self, &header_row, true);
        let head_h = row_h(&head_cells);
        let cap_lines = if caption.trim().is_empty() {
            Vec::new()
        } else {
            self.text_lines(caption.trim(), HEAD_PT, true, false, w, Align::Center)
        };
        let body: Vec<Vec<Vec<Placed>>> = rows.iter().map(|r| lay_row(self, r, false)).collect();
        let first_h = body.first().map_or(0.0, |c| row_h(c));
        let need = Self::height(&cap_lines) + head_h + first_h;
        if self.y + need > self.bottom() && !self.at_top() {
            self.new_page();
        }
        let table = self.tree.open(Role::Table);
        if !cap_lines.is_empty() {
            let c = self.tree.leaf(Role::Caption);
            let y = self.y;
            self.y = self.put(cap_lines, 0.0, y, Some(c)) + 2.0;
        }
        let draw_row = |me: &mut Self, cells: Vec<Vec<Placed>>, h: f32, role: Option<Role>| {
            let tr = role.map(|_| me.tree.open(Role::TR));
            let mut x = 0.0;
            let top = me.y;
            for (c, lines) in cells.into_iter().enumerate() {
                let cw = widths[c];
                let node = role.map(|r| me.tree.leaf(r));
                me.put(lines, x + pad, top + vpad, node);
                let left = me.geo.inner;
                me.pages.last_mut().expect("a page").bg.push(Shape::Rect {
                    x: left + x,
                    y: top,
                    w: cw,
                    h,
                    fill: None,
                    stroke: Some((BLACK, 0.5)),
                    dash: false,
                });
                x += cw;
            }
            if let Some(tr) = tr {
                me.tree.close(tr);
            }
            me.y = top + h;
        };
        draw_row(self, head_cells.clone(), head_h, Some(Role::TH));
        for cells in body {
            let h = row_h(&cells);
            if self.y + h > self.bottom() && !self.at_top() {
                self.new_page();
                // The header row again, as pagination furniture.
                draw_row(self, head_cells.clone(), head_h, None);
            }
            draw_row(self, cells, h, Some(Role::TD));
        }
        self.tree.close(table);
        self.y += PARA_GAP * 2.0;
    }

    // ----- "Nơi nhận" and signatures -----------------------------------------------------
    fn signature_lines(&mut self, s: &Signature, width: f32) -> Vec<(Placed, bool)> {
        let mut out = Vec::new();
        for h in &s.heading {
            for l in self.text_lines(h, BODY_PT, true, false, width, Align::Center) {
                out.push((l, false));
            }
        }
        if !s.note.trim().is_empty() {
            for l in self.text_lines(s.note.trim(), BODY_PT, false, true, width, Align::Center) {
                out.push((l, false));
            }
        }
        // The space to sign and seal: an empty line of that height.
        let gap = Line {
            height: SIGN_SPACE,
            ..Line::default()
        };
        out.push(((0.0, gap), true));
        if !s.name.trim().is_empty() {
            for l in self.text_lines(s.name.trim(), BODY_PT, true, false, width, Align::Center) {
                out.push((l, false));
            }
        }
        if let Some(m) = s.on_screen.as_ref().filter(|m| !m.when.is_empty()) {
            for l in self.text_lines(&m.when, RECIPIENTS_PT, false, true, width, Align::Center) {
                out.push((l, false));
            }
        }
        out
    }

    /// The on-screen signature in the space to sign, a column `(x, w)` wide from `y`: the
    /// drawn mark as vector strokes (a Figure with its alternate description), or the typed
    /// name in italics.
    fn on_screen(&mut self, s: &Signature, x: f32, w: f32, y: f32) {
        let Some(m) = &s.on_screen else {
            return;
        };
        let (pad, h) = (4.0, SIGN_SPACE - 8.0);
        match &m.drawing {
            Some(d) => {
                let pi = self.pages.len() - 1;
                let left = self.geo.inner;
                let fig = self.tree.leaf(Role::Figure);
                self.tree.extra(fig).alt = Some(m.alt.clone());
                let bw = (w * 0.8).min(h * 3.0);
                let bx = left + x + (w - bw) / 2.0;
                self.tree.extra(fig).bbox = Some((pi as u32, [bx, y + pad, bw, h]));
                let page = &mut self.pages[pi];
                let mark = self.tree.mcid(fig, pi, &mut page.marks);
                page.fg.push(Shape::ink(d, (bx, y + pad, bw, h), INK, mark));
            }
            None => {
                let lines = self.text_lines(&m.typed, BODY_PT + 2.0, false, true, w, Align::Center);
                let th = Admin::height(&lines);
                let node = self.tree.leaf(Role::P);
                self.put(lines, x, y + (SIGN_SPACE - th) / 2.0, Some(node));
            }
        }
    }

    /// The closing's columns, laid out but not placed.
    fn closing_parts(&mut self, doc: &AdminDoc) -> Closing {
        let w = self.width();
        let two = doc.signatures.len() >= 2;
        let (left_w, right_w) = if two {
            (w / 2.0, w / 2.0)
        } else {
            (w * 0.45, w * 0.55)
        };
        // Left: "Nơi nhận:" and its lines, or the first of two signatures.
        let mut left: Vec<(Placed, bool, u8)> = Vec::new();
        if two {
            for (l, gap) in self.signature_lines(&doc.signatures[0], left_w) {
                left.push((l, gap, 0));
            }
        } else if !doc.recipients.is_empty() {
            for l in self.text_lines(
                "Nơi nhận:",
                RECIPIENTS_TITLE_PT,
                true,
                true,
                left_w,
                Align::Left,
            ) {
                left.push((l, false, 1));
            }
            for r in &doc.recipients {
                for l in self.text_lines(r, RECIPIENTS_PT, false, false, left_w, Align::Left) {
                    left.push((l, false, 2));
                }
            }
        }
        let right_sig = doc.signatures.get(usize::from(two)).cloned();
        let right: Vec<(Placed, bool)> = match &right_sig {
            Some(s) => self.signature_lines(s, right_w),
            None => Vec::new(),
        };
        let lh: f32 = left.iter().map(|((_, l), _, _)| l.height).sum();
        let rh: f32 = right.iter().map(|((_, l), _)| l.height).sum();
        Closing {
            left,
            right,
            left_w,
            height: lh.max(rh) + PARA_GAP,
        }
    }

    /// "Nơi nhận" and the signature(s), never split across pages.
    fn closing(&mut self, doc: &AdminDoc) {
        let Closing {
            left,
            right,
            left_w,
            height,
        } = self.closing_parts(doc);
        if self.y + height > self.bottom() && !self.at_top() {
            self.new_page();
        }
        self.y += PARA_GAP;
        let div = self.tree.open(Role::Div);
        let top = self.y;
        // Reading order: the signature(s) first, then "Nơi nhận".
        let mut y = top;
        let two = doc.signatures.len() >= 2;
        let right_sig = doc.signatures.get(usize::from(two)).cloned();
        let right_w = self.width() - left_w;
        let sig = self.tree.leaf(Role::P);
        let mut sig = Some(sig);
        for ((dx, l), gap) in right {
            if gap {
                if let Some(s) = right_sig.as_ref().filter(|s| s.on_screen.is_some()) {
                    // The mark between the heading and the name: the name is a paragraph of
                    // its own after it, in reading order.
                    self.on_screen(s, left_w, right_w, y);
                    sig = None;
                }
                y += l.height;
                continue;
            }
            let node = *sig.get_or_insert_with(|| self.tree.leaf(Role::P));
            y = self.put(vec![(dx, l)], left_w, y, Some(node));
        }
        let mut y2 = top;
        let mut node = None;
        for ((dx, l), gap, kind) in left {
            if gap {
                if two && doc.signatures[0].on_screen.is_some() {
                    let s = doc.signatures[0].clone();
                    self.on_screen(&s, 0.0, left_w, y2);
                    node = None;
                }
                y2 += l.height;
                continue;
            }
            if node.is_none() || kind == 2 || kind == 1 {
                node = Some(self.tree.leaf(Role::P));
            }
            y2 = self.put(vec![(dx, l)], 0.0, y2, node);
        }
        self.tree.close(div);
        self.y = y.max(y2);
    }

    /// The text issued with the decision, from a new page: the header without number or
    /// date, its kind and name in bold, the line tying it to the decision in italics, a short
    /// rule, then its body. Tagged as a section of its own with its heading.
    fn appendix(&mut self, doc: &AdminDoc, appendix: &Appendix) {
        self.new_page();
        let sect = self.tree.open(Role::Sect);
        self.header_block(doc, false);
        let w = self.width();
        let h1 = self.tree.open(Role::H(1));
        let mut title_w: f32 = 0.0;
        let title = std::iter::once(appendix.kind.as_str()).chain(appendix.summary.lines());
        for part in title.map(str::trim).filter(|l| !l.is_empty()) {
            let l = self.text_lines(part, BODY_PT, true, false, w, Align::Center);
            title_w = title_w.max(Self::widest(&l));
            let y = self.y;
            self.y = self.put(l, 0.0, y, Some(h1));
        }
        self.tree.close(h1);
        if !appendix.issued_with.trim().is_empty() {
            let l = self.text_lines(
                appendix.issued_with.trim(),
                BODY_PT,
                false,
                true,
                w,
                Align::Center,
            );
            let p = self.tree.leaf(Role::P);
            let y = self.y;
            self.y = self.put(l, 0.0, y, Some(p));
        }
        let rule_w = (title_w * 0.4).clamp(40.0, w * 0.5);
        let y = self.y + RULE_GAP;
        self.rule((w - rule_w) / 2.0, y, rule_w);
        self.y += BODY_PT * 1.1 + PARA_GAP;
        for (i, b) in appendix.body.iter().enumerate() {
            self.block(b, &appendix.body[i + 1..]);
        }
        self.tree.close(sect);
    }

    /// Page numbers from page 2, centred in the top margin.
    fn page_numbers(&mut self) {
        let w = self.width();
        for idx in 1..self.pages.len() {
            let lines = self.text_lines(
                &(idx + 1).to_string(),
                PAGE_NUMBER_PT,
                false,
                false,
                w,
                Align::Center,
            );
            let left = self.geo.inner;
            let y = self.geo.header_y;
            let page = &mut self.pages[idx];
            for (_, l) in lines {
                for mut r in l.runs {
                    r.x += left;
                    r.y = y;
                    r.mark = Mark::Artifact(Art::PageNum);
                    page.runs.push(r);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotay_model::admin::{number_line, place_date, AdminKind};

    fn doc(paragraphs: usize) -> AdminDoc {
        let mut body = vec![Block::Heading {
            level: 1,
            label: "I.".into(),
            text: "KẾT QUẢ THỰC HIỆN".into(),
        }];
        for i in 0..paragraphs {
            body.push(Block::para(format!(
                "Đoạn {i}: Sở Khoa học và Công nghệ đã hướng dẫn các hợp tác xã ghi chép nhật ký ao nuôi, mã hóa lô hàng và truy xuất thử theo sổ tay; kết quả được ghi nhận đầy đủ."
            )));
        }
        body.push(Block::Table {
            caption: "Bảng: Kết quả".into(),
            header: vec!["Mô hình".into(), "Điểm".into()],
            rows: vec![vec!["HTX Thuận Hòa".into(), "92,5".into()]],
            numeric: vec![false, true],
        });
        AdminDoc {
            kind: AdminKind::Report,
            parent_body: "UBND TỈNH AN GIANG".into(),
            issuing_body: "SỞ KHOA HỌC VÀ CÔNG NGHỆ".into(),
            number_line: number_line(AdminKind::Report, Some(12), "SKHCN"),
            place_date: place_date("An Giang", Some("2026-12-05"), 2026),
            summary: "Kết quả triển khai hệ thống truy xuất nguồn gốc năm 2026".into(),
            authority: String::new(),
            addressees: vec!["Kính gửi: Ủy ban nhân dân tỉnh An Giang.".into()],
            body,
            recipients: vec!["- UBND tỉnh;".into(), "- Lưu: VT, TĐC.".into()],
            signatures: vec![Signature {
                heading: vec!["KT. GIÁM ĐỐC".into(), "PHÓ GIÁM ĐỐC".into()],
                note: String::new(),
                name: "Nguyễn Văn A".into(),
                on_screen: None,
            }],
            appendix: None,
            title: "Báo cáo năm 2026".into(),
            date: "2026-12-05".into(),
            id: "annual-2026".into(),
        }
    }

    #[test]
    fn a_text_issued_with_the_decision_starts_a_page_of_its_own() {
        let fonts = Fonts::load_admin();
        let geo = Geometry::admin();
        let text = |p: &Page| {
            p.runs
                .iter()
                .flat_map(|r| &r.items)
                .filter_map(|i| match i {
                    crate::text::Piece::Text(t) => Some(t.as_str()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut d = doc(3);
        let without = lay_out(&d, &fonts, &geo).pages.len();
        d.appendix = Some(Appendix {
            kind: "DANH MỤC".into(),
            summary: "Sản phẩm chủ lực".into(),
            issued_with: "(Ban hành kèm theo Quyết định số 07/QĐ-SKHCN)".into(),
            body: vec![Block::Table {
                caption: String::new(),
                header: vec!["STT".into(), "Tên".into()],
                rows: vec![vec!["1".into(), "Tôm sú".into()]],
                numeric: vec![true, false],
            }],
        });
        let laid = lay_out(&d, &fonts, &geo);
        assert_eq!(laid.pages.len(), without + 1);
        let last = text(laid.pages.last().unwrap());
        for want in ["CỘNG", "DANH", "Tôm", "07/QĐ-SKHCN"] {
            assert!(last.contains(want), "{want} not in {last}");
        }
        // The header repeats the bodies and the national name, not the number and date.
        assert!(!last.contains("Số:"), "{last}");
        let first: String = laid.pages[..without].iter().map(text).collect();
        assert!(!first.contains("DANH") && !first.contains("Tôm"), "{first}");
    }

    #[test]
    fn a_long_report_numbers_its_pages_from_the_second() {
        let fonts = Fonts::load_admin();
        let geo = Geometry::admin();
        let laid = lay_out(&doc(30), &fonts, &geo);
        assert!(laid.pages.len() >= 2, "{}", laid.pages.len());
        let numbers = |p: &Page| {
            p.runs
                .iter()
                .filter(|r| r.mark == Mark::Artifact(Art::PageNum))
                .count()
        };
        assert_eq!(numbers(&laid.pages[0]), 0);
        assert!(laid.pages[1..].iter().all(|p| numbers(p) > 0));
        // Every run is Tinos, inside the margins, and tagged.
        let tinos: Vec<usize> = (0..fonts.faces.len())
            .filter(|&f| fonts.faces[f].file.family == "Tinos")
            .collect();
        for p in &laid.pages {
            for r in &p.runs {
                assert!(tinos.contains(&r.face));
                assert!(r.x >= geo.inner - 0.01, "{}", r.x);
                assert_ne!(r.mark, Mark::Unset);
            }
        }
        let bytes = write(&doc(3)).bytes;
        assert!(bytes.starts_with(b"%PDF-1.7"));
        assert_eq!(bytes, write(&doc(3)).bytes, "deterministic");
    }
}
