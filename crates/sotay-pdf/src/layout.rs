//! Pagination: the document's blocks flow into pages of display items. One pass; what depends
//! on later pages (page numbers in the contents, link destinations, "Trang x / N") is recorded
//! as anchors and references and resolved when the pages are drawn.
//!
//! Rules: chapters open a new page (a recto in print); headings keep with the start of the
//! next block; paragraphs leave no widow or orphan (2 lines); figures and QR codes are never
//! split; table rows do not split unless taller than a page, and the header row repeats on
//! every page the table spans; footnotes go to the foot of the page that references them.

use std::collections::{BTreeMap, BTreeSet};

use sotay_doc::{
    leaf_blocks, plain_text, Align as DocAlign, Block, Cell, ChapterRole, Document, Footnote,
    Inline, ListItem, Table, MAX_NESTING,
};
use sotay_model::{Diagnostic, Localized, Severity};

use crate::fonts::{FaceId, Family, Fonts};
use crate::geometry::{Geometry, MM};
use crate::text::{
    lay_out, Align, Base, Flattener, Line, Measured, Rgb, Run, Span, Target, ACCENT, BLACK, LINK,
    MUTED, WHITE,
};
use crate::{Edition, MAX_TABLE_CELLS, MAX_TABLE_COLUMNS};

/// Something drawn that is not text.
#[derive(Debug, Clone)]
pub(crate) enum Shape {
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
        dash: bool,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        color: Rgb,
        width: f32,
    },
    /// A QR code: `(x, y)` is the top-left of the symbol (quiet zone excluded).
    Qr {
        x: f32,
        y: f32,
        module: f32,
        width: usize,
        dark: Vec<bool>,
    },
    Image {
        key: String,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// A clickable area; `(x, y)` is its top-left.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub target: Target,
}

/// A page number in the contents, filled in when pages are drawn: dot leaders from `x0` to
/// the number, right-aligned at `x1`, on baseline `y`.
#[derive(Debug, Clone)]
pub(crate) struct PageRef {
    pub anchor: String,
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub face: FaceId,
    pub size: f32,
    pub color: Rgb,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageKind {
    Cover,
    Colophon,
    Front,
    Body,
    Blank,
}

#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub kind: PageKind,
    /// The running header's chapter text.
    pub header: Option<String>,
    /// A chapter opens here (no running header).
    pub opening: bool,
    /// The text area's left edge on this page.
    pub left: f32,
    pub bg: Vec<Shape>,
    pub runs: Vec<Run>,
    pub fg: Vec<Shape>,
    pub links: Vec<Link>,
    pub refs: Vec<PageRef>,
    notes: Vec<(String, Vec<Line>)>,
    notes_h: f32,
    /// Where the flow stopped on this page.
    end_y: f32,
}

/// The paged document.
#[derive(Debug)]
pub(crate) struct Laid {
    pub pages: Vec<Page>,
    /// Anchor id → (page index, y from the top).
    pub anchors: BTreeMap<String, (usize, f32)>,
    /// Index of the first page numbered 1 (pages before it are front matter, numbered i, ii…).
    pub body_start: usize,
    /// Images drawn, by key (`Im1`…), decoded.
    pub images: Vec<(String, printpdf::RawImage)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where a block is laid: `x` from the text area's left edge, `w` wide.
#[derive(Debug, Clone, Copy)]
struct Frame {
    x: f32,
    w: f32,
    /// Space after a paragraph (smaller inside tight lists).
    para_gap: f32,
}

impl Frame {
    /// The frame indented by `left` and `right`, but never narrower than an inch (deeply
    /// nested quotes and lists stop indenting).
    fn inset(self, left: f32, right: f32) -> Frame {
        const MIN_W: f32 = 72.0;
        let room = (self.w - MIN_W).max(0.0);
        let left = left.min(room);
        let right = right.min(room - left);
        Frame {
            x: self.x + left,
            w: self.w - left - right,
            para_gap: self.para_gap,
        }
    }
}

/// A list marker waiting for the first line of its item.
#[derive(Debug, Clone)]
struct Marker {
    runs: Vec<Run>,
    /// Right edge of the marker, from the text area's left edge.
    x_right: f32,
    width: f32,
}

/// An image decoded for drawing: key, pixel size.
#[derive(Debug, Clone)]
enum Img {
    Ok { key: String, w: f32, h: f32 },
    Bad,
}

/// Column widths for a table of `avail` points: natural widths when they fit (stretched to the
/// full width), else the minimums plus a share of what is left in proportion to how much each
/// column wants, else the minimums scaled down (cells then break anywhere).
pub(crate) fn column_widths(mins: &[f32], maxs: &[f32], avail: f32) -> Vec<f32> {
    let n = mins.len();
    if n == 0 {
        return Vec::new();
    }
    let maxs: Vec<f32> = maxs
        .iter()
        .zip(mins)
        .map(|(&a, &b)| a.max(b).max(1.0))
        .collect();
    let sum_max: f32 = maxs.iter().sum();
    let sum_min: f32 = mins.iter().sum();
    if sum_max <= avail {
        maxs.iter()
            .map(|m| m + (avail - sum_max) * m / sum_max)
            .collect()
    } else if sum_min <= avail {
        let extra = avail - sum_min;
        let want = sum_max - sum_min;
        mins.iter()
            .zip(&maxs)
            .map(|(&lo, &hi)| {
                lo + if want > 0.0 {
                    extra * (hi - lo) / want
                } else {
                    0.0
                }
            })
            .collect()
    } else {
        mins.iter().map(|m| avail * m / sum_min).collect()
    }
}

/// The type scale and side padding of a table: full size with 0.7 em padding when the columns'
/// widest words fit side by side in `avail`, else smaller steps (down to 72 %, 0.45 em).
pub(crate) fn table_scale(text_mins: &[f32], size: f32, cap: f32, avail: f32) -> (f32, f32) {
    const STEPS: [(f32, f32); 4] = [(1.0, 0.7), (0.9, 0.6), (0.8, 0.5), (0.72, 0.45)];
    for (k, padf) in STEPS {
        let pad = size * k * padf;
        let need: f32 = text_mins.iter().map(|m| (m * k + 2.0 * pad).min(cap)).sum();
        if need <= avail {
            return (k, pad);
        }
    }
    let (k, padf) = STEPS[STEPS.len() - 1];
    (k, size * k * padf)
}

/// How many of the next lines to put on this page. `fit` lines fit, `rem` remain. With
/// `widows` on, a paragraph is not split so that one line stays alone on either page.
pub(crate) fn split_point(fit: usize, rem: usize, widows: bool, at_top: bool) -> usize {
    if fit >= rem {
        return rem;
    }
    let mut k = fit;
    if widows {
        if rem < 4 || k < 2 {
            k = 0;
        } else if rem - k < 2 {
            k = rem - 2;
        }
    }
    if k == 0 && at_top {
        // Nothing fits even on an empty page: place what fits (at least one line).
        k = fit.max(1);
    }
    k
}

fn alert_color(kind: sotay_doc::AlertKind) -> Rgb {
    use sotay_doc::AlertKind::*;
    match kind {
        Note => Rgb(0.11, 0.39, 0.75),
        Tip => Rgb(0.10, 0.50, 0.25),
        Important => Rgb(0.45, 0.24, 0.70),
        Warning => Rgb(0.70, 0.45, 0.0),
        Caution => Rgb(0.75, 0.15, 0.15),
    }
}

fn tint(c: Rgb, t: f32) -> Rgb {
    Rgb(
        1.0 - (1.0 - c.0) * t,
        1.0 - (1.0 - c.1) * t,
        1.0 - (1.0 - c.2) * t,
    )
}

/// "dd/mm/yyyy" from "yyyy-mm-dd" (as written otherwise).
pub(crate) fn vi_date(iso: &str) -> String {
    let p: Vec<&str> = iso.split('-').collect();
    match p.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}

/// A chapter's label: "Chương 2", "Phụ lục A", or nothing.
pub(crate) fn chapter_label(role: ChapterRole, number: Option<&str>) -> Option<String> {
    number.map(|n| match role {
        ChapterRole::Annex => format!("Phụ lục {n}"),
        _ => format!("Chương {n}"),
    })
}

struct Engine<'a> {
    doc: &'a Document,
    fonts: &'a Fonts,
    geo: &'a Geometry,
    pages: Vec<Page>,
    y: f32,
    anchors: BTreeMap<String, (usize, f32)>,
    missing: BTreeSet<char>,
    diags: Vec<Diagnostic>,
    header: Option<String>,
    kind: PageKind,
    chapter_key: String,
    notes: BTreeMap<String, &'a Footnote>,
    placed: BTreeSet<String>,
    marker: Option<Marker>,
    imgs: BTreeMap<String, Img>,
    images: Vec<(String, printpdf::RawImage)>,
    link_color: Option<Rgb>,
}

pub(crate) fn lay_out_document(doc: &Document, fonts: &Fonts, geo: &Geometry) -> Laid {
    let mut notes = BTreeMap::new();
    for ch in &doc.chapters {
        for f in &ch.footnotes {
            notes.insert(f.id.clone(), f);
        }
    }
    let mut e = Engine {
        doc,
        fonts,
        geo,
        pages: Vec::new(),
        y: geo.text_top(),
        anchors: BTreeMap::new(),
        missing: BTreeSet::new(),
        diags: Vec::new(),
        header: None,
        kind: PageKind::Front,
        chapter_key: String::new(),
        notes,
        placed: BTreeSet::new(),
        marker: None,
        imgs: BTreeMap::new(),
        images: Vec::new(),
        link_color: (geo.edition == Edition::Screen).then_some(LINK),
    };
    e.cover();
    e.colophon();
    e.contents();
    // Leading unnumbered chapters (a foreword) belong to the front matter when numbered
    // chapters follow.
    let has_body = doc.chapters.iter().any(|c| c.role != ChapterRole::Front);
    let mut body_start = None;
    for (ci, ch) in doc.chapters.iter().enumerate() {
        let front = has_body && body_start.is_none() && ch.role == ChapterRole::Front;
        let kind = if front {
            PageKind::Front
        } else {
            PageKind::Body
        };
        let opening = e.chapter(ci, kind);
        if !front && body_start.is_none() {
            body_start = Some(opening);
        }
    }
    e.finish_page();
    let body_start = body_start.unwrap_or(e.pages.len());
    if !e.missing.is_empty() {
        let list: Vec<String> = e
            .missing
            .iter()
            .map(|c| format!("{c} (U+{:04X})", *c as u32))
            .collect();
        let list = list.join(", ");
        e.diags.push(Diagnostic::new(
            Severity::Warning,
            "pdf.glyph.missing",
            Localized::new(
                format!("Không phông chữ nào có các ký tự sau; bản PDF in mã [U+…] thay cho chúng: {list}."),
                format!("No bundled font has these characters; the PDF prints [U+…] codes instead: {list}."),
            ),
        ));
    }
    Laid {
        pages: e.pages,
        anchors: e.anchors,
        body_start,
        images: e.images,
        diagnostics: e.diags,
    }
}

impl<'a> Engine<'a> {
    // ----- pages -------------------------------------------------------------------------

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.new_page(PageKind::Front);
        }
        self.pages.last_mut().expect("a page")
    }

    fn finish_page(&mut self) {
        let Some(idx) = self.pages.len().checked_sub(1) else {
            return;
        };
        let y_end = self.y;
        let geo = self.geo;
        let fonts_sep = geo.size.note;
        let page = &mut self.pages[idx];
        page.end_y = y_end;
        if page.notes.is_empty() {
            return;
        }
        let mut y = geo.text_bottom() - page.notes_h;
        let sep = fonts_sep * 1.2;
        page.fg.push(Shape::Line {
            x1: page.left,
            y1: y + sep * 0.4,
            x2: page.left + geo.text_w() * 0.3,
            y2: y + sep * 0.4,
            color: MUTED,
            width: 0.5,
        });
        y += sep;
        let notes = std::mem::take(&mut page.notes);
        for (id, lines) in notes {
            self.anchors.entry(id).or_insert((idx, y));
            let page = &mut self.pages[idx];
            for l in lines {
                let left = page.left;
                push_line(page, l.clone(), left, y);
                y += l.height;
            }
        }
    }

    fn new_page(&mut self, kind: PageKind) {
        self.finish_page();
        let idx = self.pages.len();
        self.pages.push(Page {
            kind,
            header: self.header.clone(),
            opening: false,
            left: self.geo.left(idx),
            bg: Vec::new(),
            runs: Vec::new(),
            fg: Vec::new(),
            links: Vec::new(),
            refs: Vec::new(),
            notes: Vec::new(),
            notes_h: 0.0,
            end_y: self.geo.text_top(),
        });
        self.y = self.geo.text_top();
    }

    /// A new page that continues the flow.
    fn next_page(&mut self) {
        self.new_page(self.kind);
    }

    /// A new page on the right-hand side in print (a blank verso first when needed).
    fn new_recto(&mut self, kind: PageKind) {
        if self.geo.edition == Edition::Print && !Geometry::is_recto(self.pages.len()) {
            let h = self.header.take();
            self.new_page(PageKind::Blank);
            self.header = h;
        }
        self.new_page(kind);
    }

    fn limit(&self) -> f32 {
        let notes = self.pages.last().map_or(0.0, |p| p.notes_h);
        self.geo.text_bottom() - notes
    }

    fn space(&self) -> f32 {
        self.limit() - self.y
    }

    fn at_top(&self) -> bool {
        self.y <= self.geo.text_top() + 0.5
    }

    fn gap(&mut self, h: f32) {
        if !self.at_top() {
            self.y += h;
        }
    }

    fn anchor(&mut self, id: &str) {
        let idx = self.pages.len().saturating_sub(1);
        self.anchors.entry(id.to_owned()).or_insert((idx, self.y));
    }

    fn warn(&mut self, code: &str, vi: String, en: String) {
        self.diags.push(
            Diagnostic::new(Severity::Warning, code, Localized::new(vi, en))
                .in_file(self.chapter_key.clone()),
        );
    }

    // ----- text --------------------------------------------------------------------------

    fn spans(&mut self, inlines: &[Inline], base: Base) -> Vec<Span> {
        let mut f = Flattener {
            fonts: self.fonts,
            missing: &mut self.missing,
            link_color: self.link_color,
        };
        f.spans(inlines, base)
    }

    fn text_spans(&mut self, text: &str, base: Base) -> Vec<Span> {
        let mut f = Flattener {
            fonts: self.fonts,
            missing: &mut self.missing,
            link_color: self.link_color,
        };
        f.text(text, base)
    }

    fn base(&self, family: Family, bold: bool, italic: bool, size: f32, color: Rgb) -> Base {
        Base {
            family,
            bold,
            italic,
            size,
            color,
        }
    }

    fn body(&self) -> Base {
        self.base(Family::Serif, false, false, self.geo.size.body, BLACK)
    }

    fn line_h(&self) -> f32 {
        self.geo.size.body * self.geo.size.leading
    }

    /// Footnote lines for `id`, laid at the full text width.
    fn note_lines(&mut self, id: &str) -> Vec<Line> {
        let Some(f) = self.notes.get(id).copied() else {
            return Vec::new();
        };
        let size = self.geo.size.note;
        let base = self.base(Family::Serif, false, false, size, BLACK);
        let w = self.geo.text_w();
        let mut lines = Vec::new();
        let mut first = true;
        for b in &f.blocks {
            let mut spans = Vec::new();
            if first {
                let mut num = base;
                num.bold = true;
                spans.extend(self.text_spans(&format!("{}. ", f.number), num));
                first = false;
            }
            match b {
                Block::Paragraph(i) => spans.extend(self.spans(i, base)),
                other => {
                    let mut cut = false;
                    let t = block_plain(other, 0, &mut cut);
                    if cut {
                        self.warn(
                            "pdf.table.cut",
                            format!("Chú thích {} chứa một bảng quá lớn: bản PDF chỉ in {MAX_TABLE_CELLS} ô đầu; bản HTML và EPUB giữ đủ.", f.number),
                            format!("The footnote {} holds a table too large: the PDF prints its first {MAX_TABLE_CELLS} cells only; the HTML and EPUB keep them all.", f.number),
                        );
                    }
                    spans.extend(self.text_spans(&t, base));
                }
            }
            lines.extend(lay_out(self.fonts, &spans, w, Align::Justify, 1.3));
        }
        if first {
            let mut num = base;
            num.bold = true;
            let spans = self.text_spans(&format!("{}.", f.number), num);
            lines.extend(lay_out(self.fonts, &spans, w, Align::Left, 1.3));
        }
        lines
    }

    /// Space the footnotes first referenced by `line` need on this page.
    fn notes_for(&mut self, footnotes: &[String]) -> (f32, Vec<(String, Vec<Line>)>) {
        let mut h = 0.0;
        let mut out = Vec::new();
        let page_has = self.pages.last().is_some_and(|p| !p.notes.is_empty());
        for id in footnotes {
            if self.placed.contains(id)
                || out.iter().any(|(i, _): &(String, Vec<Line>)| i == id)
                || !self.notes.contains_key(id)
            {
                continue;
            }
            let lines = self.note_lines(id);
            h += lines.iter().map(|l| l.height).sum::<f32>();
            out.push((id.clone(), lines));
        }
        if !out.is_empty() && !page_has {
            h += self.geo.size.note * 1.2;
        }
        (h, out)
    }

    fn add_notes(&mut self, h: f32, notes: Vec<(String, Vec<Line>)>) {
        for (id, _) in &notes {
            self.placed.insert(id.clone());
        }
        let page = self.page();
        page.notes_h += h;
        page.notes.extend(notes);
    }

    /// Places one line at the cursor (`x` from the text area's left edge), moving to a new
    /// page first when it (with the footnotes it references) does not fit.
    fn place_line(&mut self, line: Line, x: f32) {
        let (mut nh, mut notes) = self.notes_for(&line.footnotes);
        if self.y + line.height + nh > self.limit() + 0.01 && !self.at_top() {
            self.next_page();
            (nh, notes) = self.notes_for(&line.footnotes);
        }
        self.add_notes(nh, notes);
        let y = self.y;
        let baseline = line.runs.first().map_or(line.height * 0.75, |r| r.y);
        let marker = self.marker.take();
        let page = self.page();
        let left = page.left;
        if let Some(m) = marker {
            for mut r in m.runs {
                r.x += left + m.x_right - m.width;
                r.y = y + baseline;
                page.runs.push(r);
            }
        }
        push_line(page, line.clone(), left + x, y);
        self.y += line.height;
    }

    /// A marker (list bullet or number, contents number) for the next placed line, ending at
    /// `x_right`; `width` overrides its measured width (to start it at `x_right - width`).
    fn set_marker(&mut self, text: &str, base: Base, x_right: f32, width: Option<f32>) {
        let spans = self.text_spans(text, base);
        let (runs, measured) = lay_out(self.fonts, &spans, f32::MAX / 4.0, Align::Left, 1.0)
            .into_iter()
            .next()
            .map(|l| (l.runs, l.width))
            .unwrap_or_default();
        self.marker = Some(Marker {
            runs: runs
                .into_iter()
                .map(|mut r| {
                    r.y = 0.0;
                    r
                })
                .collect(),
            x_right,
            width: width.unwrap_or(measured),
        });
    }

    /// Places lines, splitting between pages as the widow/orphan rule allows.
    fn place_lines(&mut self, lines: Vec<Line>, x: f32, widows: bool) {
        let n = lines.len();
        let mut i = 0;
        while i < n {
            let space = self.space();
            let mut h = 0.0;
            let mut fit = 0;
            for l in &lines[i..] {
                if h + l.height > space + 0.01 {
                    break;
                }
                h += l.height;
                fit += 1;
            }
            let k = split_point(fit, n - i, widows, self.at_top());
            for l in &lines[i..i + k] {
                self.place_line(l.clone(), x);
            }
            i += k;
            if i < n {
                self.next_page();
            }
        }
    }

    /// Draws a decoration (bar, background) beside content that ran from `start` to the
    /// cursor, one piece per page.
    fn decorate(
        &mut self,
        start: (usize, f32),
        to_bg: bool,
        make: &dyn Fn(f32, f32, f32) -> Vec<Shape>,
    ) {
        let last = self.pages.len() - 1;
        for p in start.0..=last {
            let y0 = if p == start.0 {
                start.1
            } else {
                self.geo.text_top()
            };
            let y1 = if p == last {
                self.y
            } else {
                self.pages[p].end_y
            };
            if y1 <= y0 {
                continue;
            }
            let left = self.pages[p].left;
            let shapes = make(left, y0, y1);
            if to_bg {
                self.pages[p].bg.extend(shapes);
            } else {
                self.pages[p].fg.extend(shapes);
            }
        }
    }

    fn here(&self) -> (usize, f32) {
        (self.pages.len().saturating_sub(1), self.y)
    }

    // ----- front matter ------------------------------------------------------------------

    fn cover(&mut self) {
        let geo = self.geo;
        let meta = &self.doc.meta;
        self.new_page(PageKind::Cover);
        let w = geo.page_w - 2.0 * geo.outer.min(geo.inner);
        let x = (geo.page_w - w) / 2.0;
        let band_h = geo.page_h * 0.42;
        // A colour band to the trimmed edges (into the bleed in print).
        let b = geo.bleed;
        self.page().bg.push(Shape::Rect {
            x: -b,
            y: -b,
            w: geo.page_w + 2.0 * b,
            h: band_h + b,
            fill: Some(ACCENT),
            stroke: None,
            dash: false,
        });
        let s = geo.size;
        let put = |e: &mut Engine, spans: Vec<Span>, y: f32, align: Align| -> f32 {
            let lines = lay_out(e.fonts, &spans, w, align, 1.25);
            let mut y = y;
            let page = e.page();
            for l in lines {
                let h = l.height;
                push_line(page, l, x, y);
                y += h;
            }
            y
        };
        let mut y = geo.top;
        // The issuing body's logo, top left on a white tile so any logo reads on the band.
        if !meta.logo.is_empty() {
            if let Some((key, pw, ph)) = self.image(&meta.logo) {
                let (tile, pad) = (26.0 * MM, 2.5 * MM);
                let scale = ((tile - 2.0 * pad) / pw).min((tile - 2.0 * pad) / ph);
                let (iw, ih) = (pw * scale, ph * scale);
                let page = self.page();
                page.bg.push(Shape::Rect {
                    x,
                    y,
                    w: tile,
                    h: tile,
                    fill: Some(WHITE),
                    stroke: None,
                    dash: false,
                });
                page.bg.push(Shape::Image {
                    key,
                    x: x + (tile - iw) / 2.0,
                    y: y + (tile - ih) / 2.0,
                    w: iw,
                    h: ih,
                });
                y += tile + 4.0 * MM;
            }
        }
        if !meta.issuing_body.is_empty() {
            let sp = self.text_spans(
                &meta.issuing_body.to_uppercase(),
                self.base(Family::Sans, true, false, s.body, WHITE),
            );
            y = put(self, sp, y, Align::Left);
        }
        let title = if meta.title.is_empty() {
            "Sổ tay truy xuất nguồn gốc"
        } else {
            meta.title.as_str()
        };
        let title_spans = self.text_spans(
            title,
            self.base(Family::Sans, true, false, s.h1 * 1.35, WHITE),
        );
        let title_lines = lay_out(self.fonts, &title_spans, w, Align::Left, 1.2);
        let th: f32 = title_lines.iter().map(|l| l.height).sum();
        let ty = (band_h - th - 14.0 * MM).max(y + 6.0 * MM);
        put(self, title_spans, ty, Align::Left);
        y = band_h + 12.0 * MM;
        if !meta.subtitle.is_empty() {
            let sp = self.text_spans(
                &meta.subtitle,
                self.base(Family::Serif, false, true, s.h2 * 1.15, BLACK),
            );
            y = put(self, sp, y, Align::Left) + 4.0 * MM;
        }
        if !meta.province.is_empty() {
            let sp = self.text_spans(
                &meta.province,
                self.base(Family::Sans, false, false, s.h3, ACCENT),
            );
            put(self, sp, y, Align::Left);
        }
        let mut facts = Vec::new();
        if !meta.edition_label.is_empty() {
            facts.push(format!("Phiên bản {}", meta.edition_label));
        }
        if !meta.date.is_empty() {
            facts.push(vi_date(&meta.date));
        }
        if !facts.is_empty() {
            let sp = self.text_spans(
                &facts.join(" · "),
                self.base(Family::Sans, false, false, s.body, MUTED),
            );
            put(
                self,
                sp,
                geo.page_h - geo.bottom - s.body * 1.3,
                Align::Left,
            );
        }
    }

    fn colophon(&mut self) {
        let meta = &self.doc.meta;
        self.header = None;
        self.new_page(PageKind::Colophon);
        let size = self.geo.size.note;
        let base = self.base(Family::Sans, false, false, size, BLACK);
        let bold = self.base(Family::Sans, true, false, size, BLACK);
        let mut paras: Vec<Vec<Span>> = Vec::new();
        let title = if meta.title.is_empty() {
            "Sổ tay truy xuất nguồn gốc"
        } else {
            &meta.title
        };
        paras.push(self.text_spans(title, bold));
        if !meta.subtitle.is_empty() {
            paras.push(self.text_spans(&meta.subtitle, base));
        }
        let mut facts = Vec::new();
        if !meta.issuing_body.is_empty() {
            facts.push(format!("Đơn vị ban hành: {}", meta.issuing_body));
        }
        if !meta.province.is_empty() {
            facts.push(format!("Địa bàn: {}", meta.province));
        }
        let mut ed = String::new();
        if !meta.edition_label.is_empty() {
            ed = format!("Phiên bản {}", meta.edition_label);
        }
        if !meta.date.is_empty() {
            if !ed.is_empty() {
                ed.push_str(", ");
            }
            ed.push_str(&format!("ngày {}", vi_date(&meta.date)));
        }
        if !ed.is_empty() {
            facts.push(ed);
        }
        if !meta.edition_id.is_empty() {
            facts.push(format!("Mã ấn bản: {}", meta.edition_id));
        }
        let paper = match self.geo.paper {
            crate::Paper::A4 => "A4",
            crate::Paper::A5 => "A5",
        };
        facts.push(match self.geo.edition {
            Edition::Screen => format!("Ấn bản đọc trên màn hình, khổ {paper}."),
            Edition::Print => format!("Ấn bản in, khổ {paper}, lề gáy đối xứng, tràn lề 3 mm."),
        });
        facts.push(
            "Phông chữ Noto Serif, Noto Sans, Noto Sans Mono (SIL Open Font License 1.1) và DejaVu Sans. Tạo bằng Sotay.".to_owned(),
        );
        for f in facts {
            paras.push(self.text_spans(&f, base));
        }
        let w = self.geo.text_w();
        let mut all: Vec<Line> = Vec::new();
        for p in paras {
            let mut lines = lay_out(self.fonts, &p, w, Align::Left, 1.35);
            if let Some(l) = lines.last_mut() {
                l.height += size * 0.5;
            }
            all.extend(lines);
        }
        let h: f32 = all.iter().map(|l| l.height).sum();
        self.y = self.geo.text_bottom() - h;
        for l in all {
            self.place_line(l, 0.0);
        }
    }

    fn contents(&mut self) {
        let geo = self.geo;
        self.header = Some("Mục lục".to_owned());
        self.kind = PageKind::Front;
        self.new_recto(PageKind::Front);
        self.pages.last_mut().expect("page").opening = true;
        self.anchor("muc-luc");
        let s = geo.size;
        let title = self.text_spans(
            "Mục lục",
            self.base(Family::Sans, true, false, s.h1, ACCENT),
        );
        let lines = lay_out(self.fonts, &title, geo.text_w(), Align::Left, 1.3);
        self.place_lines(lines, 0.0, false);
        self.y += s.h1 * 0.6;
        let max_level = if self.doc.toc.len() > 160 { 2 } else { 3 };
        let entries: Vec<_> = self
            .doc
            .toc
            .iter()
            .filter(|e| e.level <= max_level)
            .cloned()
            .collect();
        let num_w = s.body * 2.6;
        for (i, e) in entries.iter().enumerate() {
            let ch = &self.doc.chapters[e.chapter];
            // The number hangs: a wrapped title continues under the title, not the number.
            let (indent, base, number) = match e.level {
                1 => (
                    0.0,
                    self.base(Family::Sans, true, false, s.body, BLACK),
                    chapter_label(ch.role, e.number.as_deref()).map(|l| format!("{l}. ")),
                ),
                2 => (
                    s.body * 1.6,
                    self.base(Family::Serif, false, false, s.body, BLACK),
                    e.number.as_ref().map(|n| format!("{n} ")),
                ),
                _ => (
                    s.body * 3.4,
                    self.base(Family::Serif, false, false, s.small, MUTED),
                    e.number.as_ref().map(|n| format!("{n} ")),
                ),
            };
            let face = self.fonts.face(base.family, base.bold, base.italic);
            let hang = number
                .as_deref()
                .map_or(0.0, |n| self.fonts.width(face, base.size, n));
            let title_at = indent + hang;
            let spans = self.text_spans(&e.title, base);
            let w = geo.text_w() - title_at - num_w;
            let mut lines = lay_out(self.fonts, &spans, w, Align::Left, 1.35);
            if lines.is_empty() {
                continue;
            }
            if e.level == 1 {
                let gap = s.body * 0.5;
                // Keep a chapter line with the first of its sections.
                let next_h = entries
                    .get(i + 1)
                    .filter(|n| n.level > 1)
                    .map_or(0.0, |_| s.body * 1.4);
                let h: f32 = lines.iter().map(|l| l.height).sum::<f32>() + gap + next_h;
                if h > self.space() && !self.at_top() {
                    self.next_page();
                } else {
                    self.gap(gap);
                }
            }
            let h: f32 = lines.iter().map(|l| l.height).sum();
            if h > self.space() && !self.at_top() {
                self.next_page();
            }
            let y0 = self.y;
            if let Some(n) = &number {
                self.set_marker(n, base, title_at, Some(hang));
            }
            let last = lines.pop().expect("non-empty");
            let (last_w, last_base) = (
                last.width,
                last.runs.first().map_or(last.height * 0.75, |r| r.y),
            );
            for l in lines {
                self.place_line(l, title_at);
            }
            let ly = self.y;
            let lh = last.height;
            self.place_line(last, title_at);
            let page = self.page();
            let left = page.left;
            page.refs.push(PageRef {
                anchor: e.id.clone(),
                x0: left + title_at + last_w,
                x1: left + geo.text_w(),
                y: ly + last_base,
                face,
                size: base.size,
                color: base.color,
            });
            page.links.push(Link {
                x: left + indent,
                y: y0,
                w: geo.text_w() - indent,
                h: ly + lh - y0,
                target: Target::Anchor(e.id.clone()),
            });
        }
    }

    // ----- chapters ----------------------------------------------------------------------

    /// Lays out a chapter; returns the index of its opening page.
    fn chapter(&mut self, ci: usize, kind: PageKind) -> usize {
        let doc = self.doc;
        let ch = &doc.chapters[ci];
        let geo = self.geo;
        let s = geo.size;
        self.chapter_key = ch.key.clone();
        self.kind = kind;
        let label = chapter_label(ch.role, ch.number.as_deref());
        let title = plain_text(&ch.title);
        self.header = Some(match &label {
            Some(l) => format!("{l}. {title}"),
            None => title.clone(),
        });
        self.new_recto(kind);
        let opening = self.pages.len() - 1;
        self.pages[opening].opening = true;
        self.anchor(&ch.id);
        self.y += s.h1 * 1.2;
        if let Some(l) = &label {
            let sp = self.text_spans(l, self.base(Family::Sans, true, false, s.h3, ACCENT));
            let lines = lay_out(self.fonts, &sp, geo.text_w(), Align::Left, 1.3);
            self.place_lines(lines, 0.0, false);
            self.y += s.h3 * 0.3;
        }
        let sp = self.spans(&ch.title, self.base(Family::Sans, true, false, s.h1, BLACK));
        let lines = lay_out(self.fonts, &sp, geo.text_w(), Align::Left, 1.22);
        self.place_lines(lines, 0.0, false);
        self.y += s.h1 * 0.35;
        let left = self.page().left;
        let y = self.y;
        self.page().fg.push(Shape::Line {
            x1: left,
            y1: y,
            x2: left + geo.text_w() * 0.25,
            y2: y,
            color: ACCENT,
            width: 2.0,
        });
        self.y += s.h1 * 1.1;
        let frame = Frame {
            x: 0.0,
            w: geo.text_w(),
            para_gap: self.line_h() * 0.45,
        };
        self.blocks(&ch.blocks, frame, 0);
        // Footnotes nobody referenced: at the end of the chapter.
        let orphans: Vec<String> = ch
            .footnotes
            .iter()
            .filter(|f| !self.placed.contains(&f.id))
            .map(|f| f.id.clone())
            .collect();
        if !orphans.is_empty() {
            self.gap(self.line_h());
            for id in orphans {
                self.placed.insert(id.clone());
                let lines = self.note_lines(&id);
                self.anchor(&id);
                self.place_lines(lines, 0.0, false);
            }
        }
        opening
    }

    /// Blocks `depth` containers deep. Containers at [`MAX_NESTING`] are set flat (their leaf
    /// blocks in order), so a document built by hand cannot make this recurse deeper; one from
    /// `sotay_doc::build` never nests that deep.
    fn blocks(&mut self, blocks: &[Block], fr: Frame, depth: usize) {
        for (i, b) in blocks.iter().enumerate() {
            self.block(b, blocks.get(i + 1), fr, depth);
        }
    }

    /// The height that must follow a heading on the same page.
    fn min_start(&mut self, next: Option<&Block>, fr: Frame) -> f32 {
        let lh = self.line_h();
        match next {
            None => 0.0,
            Some(Block::Heading { level, .. }) => self.heading_size(*level) * 2.6 + lh * 2.0,
            Some(Block::Table(t)) if table_columns(t) > MAX_TABLE_COLUMNS => {
                // Set as records: the caption and the first lines.
                let cap = t.caption.as_ref().map_or(0.0, |c| {
                    let prefix = t.number.as_ref().map(|n| format!("Bảng {n}. "));
                    let lines = self.caption_lines(prefix, c, fr.w, Align::Left);
                    lines.iter().map(|l| l.height).sum()
                });
                cap + lh * 3.3
            }
            Some(Block::Table(t)) => {
                let rows = &t.rows[..table_rows_kept(t)];
                self.table_parts(t, rows, fr).map_or(0.0, |p| p.start_h()) + lh * 0.3
            }
            Some(Block::Paragraph(inlines)) => {
                // A paragraph of fewer than four lines does not split.
                let lines = self.paragraph_lines(inlines, fr.w);
                let n = if lines.len() < 4 { lines.len() } else { 2 };
                lines.iter().take(n).map(|l| l.height).sum()
            }
            Some(Block::Figure { src, .. }) => {
                let (_, h) = self.figure_size(src, fr.w);
                h + lh * 1.5
            }
            Some(Block::Qr { .. }) => self.geo.size.qr + lh * 1.5,
            Some(Block::Code { .. }) => self.geo.size.code * 1.3 * 3.0 + 8.0,
            Some(_) => lh * 2.0,
        }
    }

    /// A body paragraph, justified.
    fn paragraph_lines(&mut self, inlines: &[Inline], w: f32) -> Vec<Line> {
        let spans = self.spans(inlines, self.body());
        lay_out(self.fonts, &spans, w, Align::Justify, self.geo.size.leading)
    }

    fn heading_size(&self, level: u8) -> f32 {
        let s = self.geo.size;
        match level {
            0..=2 => s.h2,
            3 => s.h3,
            _ => s.h4,
        }
    }

    fn block(&mut self, b: &Block, next: Option<&Block>, fr: Frame, depth: usize) {
        if depth >= MAX_NESTING
            && matches!(
                b,
                Block::List { .. } | Block::Quote(_) | Block::Alert { .. }
            )
        {
            let leaves = leaf_blocks(std::slice::from_ref(b));
            for (i, leaf) in leaves.iter().enumerate() {
                self.block(leaf, leaves.get(i + 1).copied(), fr, depth);
            }
            return;
        }
        let lh = self.line_h();
        match b {
            Block::Heading {
                level,
                id,
                number,
                content,
            } => {
                let size = self.heading_size(*level);
                let color = if *level <= 3 { ACCENT } else { BLACK };
                let base = self.base(Family::Sans, true, *level >= 5, size, color);
                let mut spans = Vec::new();
                if let Some(n) = number {
                    spans.extend(self.text_spans(&format!("{n}  "), base));
                }
                spans.extend(self.spans(content, base));
                let lines = lay_out(self.fonts, &spans, fr.w, Align::Left, 1.25);
                let before = size * if *level <= 2 { 1.1 } else { 0.8 };
                let after = size * 0.35;
                let h: f32 = lines.iter().map(|l| l.height).sum::<f32>() + before + after;
                let need = h + self.min_start(next, fr);
                if need > self.space() && !self.at_top() {
                    self.next_page();
                } else {
                    self.gap(before);
                }
                self.anchor(id);
                self.place_lines(lines, fr.x, false);
                self.y += after;
            }
            Block::Paragraph(inlines) => {
                let lines = self.paragraph_lines(inlines, fr.w);
                self.place_lines(lines, fr.x, true);
                self.y += fr.para_gap;
            }
            Block::List {
                ordered,
                start,
                items,
            } => self.list(*ordered, *start, items, fr, depth),
            Block::Quote(inner) => {
                let start = self.here();
                let inset = lh * 1.1;
                self.blocks(inner, fr.inset(inset, 0.0), depth + 1);
                let x = fr.x + lh * 0.3;
                self.decorate(start, false, &|left, y0, y1| {
                    vec![Shape::Rect {
                        x: left + x,
                        y: y0,
                        w: 2.2,
                        h: (y1 - y0 - 4.0).max(1.0),
                        fill: Some(Rgb(0.72, 0.72, 0.72)),
                        stroke: None,
                        dash: false,
                    }]
                });
                self.y += fr.para_gap * 0.5;
            }
            Block::Alert { kind, blocks } => {
                let color = alert_color(*kind);
                let pad = lh * 0.35;
                let inset = lh * 0.9;
                let label = self.text_spans(
                    kind.label(),
                    self.base(Family::Sans, true, false, self.geo.size.body, color),
                );
                let label_lines = lay_out(self.fonts, &label, fr.w - inset, Align::Left, 1.3);
                let need = label_lines.iter().map(|l| l.height).sum::<f32>() + lh * 2.0 + pad;
                if need > self.space() && !self.at_top() {
                    self.next_page();
                }
                let start = self.here();
                self.y += pad;
                self.place_lines(label_lines, fr.x + inset, false);
                let inner = Frame {
                    para_gap: fr.para_gap * 0.6,
                    ..fr.inset(inset, pad)
                };
                self.blocks(blocks, inner, depth + 1);
                self.y += pad * 0.5;
                let (x, w) = (fr.x, fr.w);
                let bg = tint(color, 0.08);
                self.decorate(start, true, &|left, y0, y1| {
                    vec![
                        Shape::Rect {
                            x: left + x,
                            y: y0,
                            w,
                            h: y1 - y0,
                            fill: Some(bg),
                            stroke: None,
                            dash: false,
                        },
                        Shape::Rect {
                            x: left + x,
                            y: y0,
                            w: 3.0,
                            h: y1 - y0,
                            fill: Some(color),
                            stroke: None,
                            dash: false,
                        },
                    ]
                });
                self.y += fr.para_gap;
            }
            Block::Code { text, .. } => self.code(text, fr),
            Block::Table(t) => self.table(t, fr),
            Block::Figure {
                id,
                number,
                src,
                caption,
                ..
            } => self.figure(id.as_deref(), number.as_deref(), src, caption, fr),
            Block::Qr { data } => self.qr(data, fr),
            Block::Glossary(entries) => self.glossary(entries, fr),
            Block::Rule => {
                self.gap(lh * 0.5);
                if self.space() < lh {
                    self.next_page();
                    return;
                }
                let left = self.page().left;
                let y = self.y;
                self.page().fg.push(Shape::Line {
                    x1: left + fr.x + fr.w * 0.3,
                    y1: y,
                    x2: left + fr.x + fr.w * 0.7,
                    y2: y,
                    color: MUTED,
                    width: 0.6,
                });
                self.y += lh;
            }
            Block::PageBreak => {
                if !self.at_top() {
                    self.next_page();
                }
            }
        }
    }

    fn list(&mut self, ordered: bool, start: u64, items: &[ListItem], fr: Frame, depth: usize) {
        let size = self.geo.size.body;
        let indent_level = ((fr.x / (size * 1.8)) as usize).min(3);
        let marker_text = |i: usize, task: Option<bool>| -> String {
            match task {
                Some(true) => "☑".to_owned(),
                Some(false) => "☐".to_owned(),
                None if ordered => format!("{}.", start.saturating_add(i as u64)),
                None => ["•", "◦", "▪", "–"][indent_level % 4].to_owned(),
            }
        };
        let base = self.body();
        let widest = (0..items.len())
            .map(|i| {
                self.fonts.width(
                    self.fonts.face(Family::Serif, false, false),
                    size,
                    &marker_text(i, items[i].task),
                )
            })
            .fold(0.0, f32::max);
        let indent = (widest + size * 0.6).max(size * 1.6);
        let tight = items.iter().all(|i| i.blocks.len() <= 2);
        let inner = Frame {
            para_gap: if tight { size * 0.2 } else { fr.para_gap },
            ..fr.inset(indent, 0.0)
        };
        for (i, item) in items.iter().enumerate() {
            let text = marker_text(i, item.task);
            self.set_marker(&text, base, inner.x - size * 0.45, None);
            self.blocks(&item.blocks, inner, depth + 1);
            if self.marker.is_some() {
                // An empty item: the marker alone.
                self.place_line(
                    Line {
                        height: self.line_h(),
                        ..Line::default()
                    },
                    inner.x,
                );
            }
        }
        self.y += fr.para_gap - inner.para_gap;
    }

    fn code(&mut self, text: &str, fr: Frame) {
        let size = self.geo.size.code;
        let pad = size * 0.7;
        let base = self.base(Family::Mono, false, false, size, BLACK);
        let mut lines = Vec::new();
        let body = text.strip_suffix('\n').unwrap_or(text);
        for src in body.split('\n') {
            let src = src.replace('\t', "    ");
            let spans = self.text_spans(&src, base);
            let mut l = lay_out(self.fonts, &spans, fr.w - 2.0 * pad, Align::Left, 1.3);
            if l.is_empty() {
                l.push(Line {
                    height: size * 1.3,
                    ..Line::default()
                });
            }
            lines.extend(l);
        }
        let first: f32 = lines.iter().take(3).map(|l| l.height).sum::<f32>() + 2.0 * pad;
        if first > self.space() && !self.at_top() {
            self.next_page();
        }
        let start = self.here();
        self.y += pad;
        self.place_lines(lines, fr.x + pad, false);
        self.y += pad;
        let (x, w) = (fr.x, fr.w);
        self.decorate(start, true, &|left, y0, y1| {
            vec![Shape::Rect {
                x: left + x,
                y: y0,
                w,
                h: y1 - y0,
                fill: Some(Rgb(0.95, 0.95, 0.94)),
                stroke: Some((Rgb(0.85, 0.85, 0.84), 0.4)),
                dash: false,
            }]
        });
        self.y += fr.para_gap;
    }

    // ----- figures and QR codes ----------------------------------------------------------

    fn image(&mut self, src: &str) -> Option<(String, f32, f32)> {
        if !self.imgs.contains_key(src) {
            let img = match self.doc.images.get(src) {
                Some(img)
                    if img.mime == "image/png"
                        || img.mime == "image/jpeg"
                        || img.mime.is_empty()
                        || img.mime == "image/jpg" =>
                {
                    let mut w = Vec::new();
                    match printpdf::RawImage::decode_from_bytes(&img.bytes, &mut w) {
                        Ok(raw) => {
                            let key = format!("Im{}", self.images.len() + 1);
                            let (pw, ph) = (raw.width as f32, raw.height as f32);
                            self.images.push((key.clone(), raw));
                            Img::Ok { key, w: pw, h: ph }
                        }
                        Err(e) => {
                            self.warn(
                                "pdf.image.unreadable",
                                format!("Không đọc được ảnh “{src}” ({e}); bản PDF hiện ô thay thế."),
                                format!("The image “{src}” could not be read ({e}); the PDF shows a placeholder."),
                            );
                            Img::Bad
                        }
                    }
                }
                Some(img) => {
                    let mime = img.mime.clone();
                    self.warn(
                        "pdf.image.unsupported",
                        format!("Ảnh “{src}” ({mime}) chưa in được vào PDF (chỉ PNG và JPEG); bản PDF hiện ô thay thế."),
                        format!("The image “{src}” ({mime}) cannot go into the PDF (PNG and JPEG only); a placeholder is shown."),
                    );
                    Img::Bad
                }
                None => {
                    self.warn(
                        "pdf.image.missing",
                        format!("Không có ảnh “{src}”; bản PDF hiện ô thay thế."),
                        format!("The image “{src}” is missing; the PDF shows a placeholder."),
                    );
                    Img::Bad
                }
            };
            self.imgs.insert(src.to_owned(), img);
        }
        match self.imgs.get(src) {
            Some(Img::Ok { key, w, h }) => Some((key.clone(), *w, *h)),
            _ => None,
        }
    }

    /// The drawn size of an image (or its placeholder) in a frame `w` wide.
    fn figure_size(&mut self, src: &str, w: f32) -> (f32, f32) {
        match self.image(src) {
            Some((_, pw, ph)) if pw > 0.0 && ph > 0.0 => {
                // 150 dpi natural size, never wider than the frame nor taller than 70 % of
                // the text height.
                let mut dw = (pw * 72.0 / 150.0).min(w);
                let mut dh = dw * ph / pw;
                let max_h = self.geo.text_h() * 0.7;
                if dh > max_h {
                    dh = max_h;
                    dw = dh * pw / ph;
                }
                (dw, dh)
            }
            _ => (w * 0.7, 32.0 * MM),
        }
    }

    fn caption_lines(
        &mut self,
        prefix: Option<String>,
        caption: &[Inline],
        w: f32,
        align: Align,
    ) -> Vec<Line> {
        let size = self.geo.size.small;
        let base = self.base(Family::Sans, false, false, size, BLACK);
        let mut spans = Vec::new();
        if let Some(p) = prefix {
            let mut b = base;
            b.bold = true;
            spans.extend(self.text_spans(&p, b));
        }
        spans.extend(self.spans(caption, base));
        lay_out(self.fonts, &spans, w, align, 1.3)
    }

    fn figure(
        &mut self,
        id: Option<&str>,
        number: Option<&str>,
        src: &str,
        caption: &[Inline],
        fr: Frame,
    ) {
        let (w, h) = self.figure_size(src, fr.w);
        let cap = self.caption_lines(
            number.map(|n| format!("Hình {n}. ")),
            caption,
            fr.w * 0.9,
            Align::Center,
        );
        let cap_h: f32 = cap.iter().map(|l| l.height).sum();
        let gap = self.geo.size.small * 0.6;
        let total = h + gap + cap_h;
        self.gap(self.line_h() * 0.3);
        if total > self.space() && !self.at_top() {
            self.next_page();
        }
        if let Some(id) = id {
            self.anchor(id);
        }
        let x = fr.x + (fr.w - w) / 2.0;
        let y = self.y;
        match self.image(src) {
            Some((key, _, _)) => {
                let left = self.page().left;
                self.page().bg.push(Shape::Image {
                    key,
                    x: left + x,
                    y,
                    w,
                    h,
                });
            }
            None => self.placeholder(&format!("Thiếu ảnh: {src}"), x, y, w, h),
        }
        self.y += h + gap;
        self.place_lines(cap, fr.x + fr.w * 0.05, false);
        self.y += fr.para_gap.max(self.line_h() * 0.4);
    }

    fn placeholder(&mut self, text: &str, x: f32, y: f32, w: f32, h: f32) {
        let size = self.geo.size.small;
        let spans = self.text_spans(text, self.base(Family::Sans, false, true, size, MUTED));
        let lines = lay_out(self.fonts, &spans, w - 8.0, Align::Center, 1.3);
        let th: f32 = lines.iter().map(|l| l.height).sum();
        let page = self.page();
        let left = page.left;
        page.bg.push(Shape::Rect {
            x: left + x,
            y,
            w,
            h,
            fill: Some(Rgb(0.97, 0.97, 0.97)),
            stroke: Some((MUTED, 0.8)),
            dash: true,
        });
        let mut ly = y + (h - th) / 2.0;
        for l in lines {
            let lh = l.height;
            push_line(page, l, left + x + 4.0, ly);
            ly += lh;
        }
    }

    fn qr(&mut self, data: &str, fr: Frame) {
        let size = self.geo.size.qr;
        let m = sotay_doc::qr::matrix(data);
        if m.is_none() {
            self.warn(
                "pdf.qr.too_long",
                format!(
                    "Dữ liệu mã QR quá dài ({} byte); bản PDF hiện ô thay thế.",
                    data.len()
                ),
                format!(
                    "The QR code data is too long ({} bytes); the PDF shows a placeholder.",
                    data.len()
                ),
            );
        }
        let base = self.base(
            Family::Mono,
            false,
            false,
            self.geo.size.small * 0.85,
            MUTED,
        );
        let spans = self.text_spans(data, base);
        let cap = lay_out(self.fonts, &spans, fr.w * 0.8, Align::Center, 1.25);
        let cap_h: f32 = cap.iter().map(|l| l.height).sum();
        let total = size + 4.0 + cap_h;
        self.gap(self.line_h() * 0.3);
        if total > self.space() && !self.at_top() {
            self.next_page();
        }
        let x = fr.x + (fr.w - size) / 2.0;
        let y = self.y;
        match m {
            Some(m) => {
                let module = size / (m.width as f32 + 8.0);
                let left = self.page().left;
                self.page().fg.push(Shape::Qr {
                    x: left + x + 4.0 * module,
                    y: y + 4.0 * module,
                    module,
                    width: m.width,
                    dark: m.dark,
                });
            }
            None => self.placeholder("Mã QR quá dài", x, y, size, size),
        }
        self.y += size + 4.0;
        self.place_lines(cap, fr.x + fr.w * 0.1, false);
        self.y += fr.para_gap;
    }

    // ----- tables ------------------------------------------------------------------------

    /// A table laid out: caption, header row, rows, column grid.
    fn table_parts(&mut self, t: &Table, rows: &[Vec<Cell>], fr: Frame) -> Option<TableParts> {
        let ncols = t
            .head
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if ncols == 0 {
            return None;
        }
        let size = self.geo.size.small;
        let body = self.base(Family::Sans, false, false, size, BLACK);
        let head_base = self.base(Family::Sans, true, false, size, BLACK);
        let empty: Vec<Inline> = Vec::new();
        let cell_spans = |e: &mut Engine, row: &[Vec<Inline>], base: Base| -> Vec<Vec<Span>> {
            (0..ncols)
                .map(|c| e.spans(row.get(c).unwrap_or(&empty), base))
                .collect()
        };
        let mut head: Option<Vec<Vec<Span>>> =
            (!t.head.is_empty()).then(|| cell_spans(self, &t.head, head_base));
        let mut rows: Vec<Vec<Vec<Span>>> =
            rows.iter().map(|r| cell_spans(self, r, body)).collect();
        // Column widths from content: the widest unbreakable piece and the natural width of
        // each column, text only.
        let mut tmins = vec![0.0f32; ncols];
        let mut tmaxs = vec![0.0f32; ncols];
        for row in head.iter().chain(rows.iter()) {
            for (c, spans) in row.iter().enumerate() {
                let m = Measured::new(self.fonts, spans);
                tmins[c] = tmins[c].max(m.min_width());
                tmaxs[c] = tmaxs[c].max(m.max_width());
            }
        }
        // A long code may take up to a third of the width before it is broken.
        let cap_min = (fr.w / ncols as f32 * 1.6).max(fr.w * 0.3);
        // Wide side padding: text extraction (pdftotext) tells cells apart by the gap. A table
        // whose words do not fit side by side is set smaller, with less padding, before words
        // are broken.
        let (k, pad) = table_scale(&tmins, size, cap_min, fr.w);
        let pad_y = size * k * 0.4;
        if k < 1.0 {
            for spans in head.iter_mut().chain(rows.iter_mut()).flatten().flatten() {
                spans.size *= k;
                spans.rise *= k;
            }
        }
        let mins: Vec<f32> = tmins
            .iter()
            .map(|m| (m * k + 2.0 * pad).min(cap_min))
            .collect();
        let maxs: Vec<f32> = tmaxs.iter().map(|m| m * k + 2.0 * pad).collect();
        let widths = column_widths(&mins, &maxs, fr.w);
        let size = size * k;
        let aligns: Vec<Align> = (0..ncols)
            .map(
                |c| match t.align.get(c).copied().unwrap_or(DocAlign::None) {
                    DocAlign::Center => Align::Center,
                    DocAlign::Right => Align::Right,
                    _ => Align::Left,
                },
            )
            .collect();
        let lay_row = |e: &mut Engine, row: &[Vec<Span>]| -> Vec<Vec<Line>> {
            row.iter()
                .enumerate()
                .map(|(c, spans)| lay_out(e.fonts, spans, widths[c] - 2.0 * pad, aligns[c], 1.3))
                .collect()
        };
        let head_lines = head.as_ref().map(|h| lay_row(self, h));
        let row_lines: Vec<Vec<Vec<Line>>> = rows.iter().map(|r| lay_row(self, r)).collect();
        let grid = Grid {
            x: fr.x,
            widths,
            pad_x: pad,
            pad_y,
            borders: true,
            min_line: size * 1.3,
        };
        let cap = t.caption.as_ref().map(|c| {
            let prefix = t.number.as_ref().map(|n| format!("Bảng {n}. "));
            self.caption_lines(prefix, c, fr.w, Align::Left)
        });
        Some(TableParts {
            grid,
            cap,
            cap_gap: size * 0.3,
            head: head_lines,
            rows: row_lines,
        })
    }

    /// A table: a grid of at most [`MAX_TABLE_COLUMNS`] columns (wider ones are set as
    /// [`Engine::records`]) and [`MAX_TABLE_CELLS`] cells (the rows after that are left out,
    /// said so under the table and in a warning).
    fn table(&mut self, t: &Table, fr: Frame) {
        let ncols = table_columns(t);
        if ncols > MAX_TABLE_COLUMNS {
            self.records(t, ncols, fr);
            return;
        }
        let kept = table_rows_kept(t);
        let Some(parts) = self.table_parts(t, &t.rows[..kept], fr) else {
            return;
        };
        // The caption stays with the header and the first row.
        self.gap(self.line_h() * 0.3);
        if parts.start_h() > self.space() && !self.at_top() {
            self.next_page();
        }
        if let Some(id) = &t.id {
            self.anchor(id);
        }
        if let Some(cap) = parts.cap {
            self.place_lines(cap, fr.x, false);
            self.y += parts.cap_gap;
        }
        self.grid(&parts.grid, parts.head.as_ref(), &parts.rows);
        if kept < t.rows.len() {
            let left = t.rows[kept..].iter().map(Vec::len).sum();
            self.table_cut(t, ncols, kept, left, fr);
        }
        self.y += fr.para_gap.max(self.line_h() * 0.5);
    }

    /// A table too wide for the page, set as records: one paragraph a row, "column: value"
    /// for each of its cells that is not empty, the columns' names from the header row (or
    /// "Cột 3"). Every word stays in the PDF, read in the table's order, where a grid of
    /// hundreds of columns a few millimetres wide would break each word into letters. At most
    /// [`MAX_TABLE_CELLS`] cells, as for a grid.
    fn records(&mut self, t: &Table, ncols: usize, fr: Frame) {
        let size = self.geo.size.small;
        let body = self.base(Family::Sans, false, false, size, BLACK);
        let bold = self.base(Family::Sans, true, false, size, BLACK);
        let name = table_name(t);
        self.warn(
            "pdf.table.wide",
            format!(
                "{} có {ncols} cột, quá rộng cho trang PDF (tối đa {MAX_TABLE_COLUMNS}): bản PDF in mỗi hàng thành một đoạn “tên cột: giá trị”; bản HTML và EPUB giữ nguyên bảng.",
                name.0
            ),
            format!(
                "{} has {ncols} columns, too wide for a PDF page (at most {MAX_TABLE_COLUMNS}): the PDF prints each row as a paragraph of “column: value”; the HTML and EPUB keep the table.",
                name.1
            ),
        );
        self.gap(self.line_h() * 0.3);
        if let Some(id) = &t.id {
            self.anchor(id);
        }
        if let Some(c) = &t.caption {
            let prefix = t.number.as_ref().map(|n| format!("Bảng {n}. "));
            let cap = self.caption_lines(prefix, c, fr.w, Align::Left);
            self.place_lines(cap, fr.x, false);
            self.y += size * 0.3;
        }
        let intro = self.text_spans(
            &format!("(Bảng {ncols} cột, in theo từng hàng: “tên cột: giá trị”.)"),
            self.base(Family::Sans, false, true, size, MUTED),
        );
        let intro = lay_out(self.fonts, &intro, fr.w, Align::Left, 1.3);
        self.place_lines(intro, fr.x, false);
        let mut budget = MAX_TABLE_CELLS;
        // Rows set whole.
        let mut whole = 0;
        for (r, row) in t.rows.iter().enumerate() {
            if budget == 0 {
                break;
            }
            let take = row.len().min(budget);
            budget -= take;
            if take == row.len() {
                whole = r + 1;
            }
            let mut spans = self.text_spans(&format!("{}.", r + 1), bold);
            for (c, cell) in row[..take].iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                spans.extend(self.text_spans("  ·  ", body));
                match t.head.get(c).filter(|h| !h.is_empty()) {
                    Some(h) => spans.extend(self.spans(h, bold)),
                    None => spans.extend(self.text_spans(&format!("Cột {}", c + 1), bold)),
                }
                spans.extend(self.text_spans(": ", body));
                spans.extend(self.spans(cell, body));
            }
            let lines = lay_out(self.fonts, &spans, fr.w, Align::Left, 1.3);
            self.place_lines(lines, fr.x, true);
            self.y += size * 0.4;
        }
        let total: usize = t.rows.iter().map(Vec::len).sum();
        let printed = MAX_TABLE_CELLS - budget;
        if printed < total {
            self.table_cut(t, ncols, whole, total - printed, fr);
        }
        self.y += fr.para_gap.max(self.line_h() * 0.5);
    }

    /// Says, under a table and in a warning, that its last `cells` cells, after the first
    /// `whole` rows, are not in the PDF.
    fn table_cut(&mut self, t: &Table, ncols: usize, whole: usize, cells: usize, fr: Frame) {
        let name = table_name(t);
        let (rows, from) = (t.rows.len(), whole + 1);
        self.warn(
            "pdf.table.cut",
            format!(
                "{} có {rows} hàng × {ncols} cột, quá lớn cho bản PDF (tối đa {MAX_TABLE_CELLS} ô một bảng): bản PDF bỏ {cells} ô cuối, từ hàng {from}, và ghi chú điều đó dưới bảng; bản HTML và EPUB giữ đủ.",
                name.0
            ),
            format!(
                "{} has {rows} rows × {ncols} columns, too large for the PDF (at most {MAX_TABLE_CELLS} cells a table): the PDF leaves out its last {cells} cells, from row {from}, and says so under the table; the HTML and EPUB keep them all.",
                name.1
            ),
        );
        let size = self.geo.size.small;
        let note = self.text_spans(
            &format!("[Bản PDF không in {cells} ô cuối của bảng này, từ hàng {from}; bản HTML và EPUB có đủ.]"),
            self.base(Family::Sans, false, true, size, MUTED),
        );
        let lines = lay_out(self.fonts, &note, fr.w, Align::Left, 1.3);
        self.gap(size * 0.3);
        self.place_lines(lines, fr.x, false);
    }

    fn glossary(&mut self, entries: &[(String, String)], fr: Frame) {
        if entries.is_empty() {
            return;
        }
        let size = self.geo.size.body;
        let term_base = self.base(Family::Sans, true, false, size * 0.95, BLACK);
        let def_base = self.body();
        let pad = size * 0.3;
        let terms: Vec<Vec<Span>> = entries
            .iter()
            .map(|(t, _)| self.text_spans(t, term_base))
            .collect();
        let defs: Vec<Vec<Span>> = entries
            .iter()
            .map(|(_, d)| self.text_spans(d, def_base))
            .collect();
        let widest = terms
            .iter()
            .map(|s| Measured::new(self.fonts, s).max_width())
            .fold(0.0, f32::max);
        let tw = (widest + 2.0 * pad + size).min(fr.w * 0.3);
        let widths = vec![tw, fr.w - tw];
        let rows: Vec<Vec<Vec<Line>>> = terms
            .iter()
            .zip(&defs)
            .map(|(t, d)| {
                vec![
                    lay_out(
                        self.fonts,
                        t,
                        tw - 2.0 * pad,
                        Align::Left,
                        self.geo.size.leading,
                    ),
                    lay_out(
                        self.fonts,
                        d,
                        fr.w - tw - 2.0 * pad,
                        Align::Left,
                        self.geo.size.leading,
                    ),
                ]
            })
            .collect();
        let grid = Grid {
            x: fr.x,
            widths,
            pad_x: pad,
            pad_y: pad,
            borders: false,
            min_line: 0.0,
        };
        self.grid(&grid, None, &rows);
        self.y += fr.para_gap;
    }

    /// Draws rows of cells; a row moves to the next page whole (the header row drawn again
    /// there) unless it is taller than a page, when it is split between lines. A header row
    /// taller than a third of a page is not repeated: it is set once, like a row (repeating it
    /// would leave no room for the rows, and one taller than a page used to add pages forever).
    fn grid(&mut self, g: &Grid, head: Option<&Vec<Vec<Line>>>, rows: &[Vec<Vec<Line>>]) {
        fn slices(r: &[Vec<Line>]) -> Vec<&[Line]> {
            r.iter().map(Vec::as_slice).collect()
        }
        let tall = head.is_some_and(|h| g.row_height(h) > self.geo.text_h() / 3.0);
        let repeat = head.filter(|_| !tall);
        let head_h = repeat.map_or(0.0, |h| g.row_height(h));
        if let Some(h) = repeat {
            self.draw_row(g, &slices(h), true);
        }
        let once = head.filter(|_| tall).map(|h| (h, true));
        for (row, is_head) in once.into_iter().chain(rows.iter().map(|r| (r, false))) {
            let h = g.row_height(row);
            let refs: Vec<String> = row
                .iter()
                .flatten()
                .flat_map(|l| l.footnotes.iter().cloned())
                .collect();
            let (nh, _) = self.notes_for(&refs);
            if h + nh > self.space() + 0.01 {
                let fresh = self.geo.text_h() - head_h;
                if h + nh <= fresh {
                    self.next_page();
                    if let Some(hd) = repeat {
                        self.draw_row(g, &slices(hd), true);
                    }
                } else {
                    // Taller than a page: split between lines.
                    let mut rest: Vec<&[Line]> = row.iter().map(Vec::as_slice).collect();
                    // Whether the cursor is where a new page starts (after a repeated header).
                    let mut page_start = false;
                    loop {
                        let avail = self.space() - 2.0 * g.pad_y;
                        let mut part = Vec::with_capacity(rest.len());
                        let mut more = Vec::with_capacity(rest.len());
                        for cell in &rest {
                            let mut acc = 0.0;
                            let mut k = 0;
                            for l in cell.iter() {
                                if acc + l.height > avail {
                                    break;
                                }
                                acc += l.height;
                                k += 1;
                            }
                            part.push(&cell[..k]);
                            more.push(&cell[k..]);
                        }
                        let progress = part.iter().any(|p| !p.is_empty());
                        if progress {
                            self.draw_row(g, &part, is_head);
                        }
                        if more.iter().all(|m| m.is_empty()) {
                            break;
                        }
                        if !progress && (page_start || self.at_top()) {
                            // A single line taller than a page: give up on the rest.
                            break;
                        }
                        self.next_page();
                        if let Some(hd) = repeat {
                            self.draw_row(g, &slices(hd), true);
                        }
                        page_start = true;
                        rest = more;
                    }
                    continue;
                }
            }
            self.draw_row(g, &slices(row), is_head);
        }
    }

    fn draw_row(&mut self, g: &Grid, cells: &[&[Line]], head: bool) {
        let h = cells
            .iter()
            .map(|c| c.iter().map(|l| l.height).sum::<f32>())
            .fold(g.min_line, f32::max)
            + 2.0 * g.pad_y;
        let refs: Vec<String> = cells
            .iter()
            .flat_map(|c| c.iter())
            .flat_map(|l| l.footnotes.iter().cloned())
            .collect();
        let (nh, notes) = self.notes_for(&refs);
        self.add_notes(nh, notes);
        let y = self.y;
        let page = self.page();
        let left = page.left + g.x;
        let mut x = left;
        for (c, lines) in cells.iter().enumerate() {
            let w = g.widths[c];
            if g.borders {
                page.bg.push(Shape::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill: head.then_some(Rgb(0.90, 0.93, 0.94)),
                    stroke: Some((Rgb(0.55, 0.55, 0.55), 0.5)),
                    dash: false,
                });
            }
            let mut ly = y + g.pad_y;
            for l in lines.iter() {
                push_line(page, l.clone(), x + g.pad_x, ly);
                ly += l.height;
            }
            x += w;
        }
        self.y += h;
    }
}

/// A table ready to place.
struct TableParts {
    grid: Grid,
    cap: Option<Vec<Line>>,
    cap_gap: f32,
    head: Option<Vec<Vec<Line>>>,
    rows: Vec<Vec<Vec<Line>>>,
}

impl TableParts {
    /// Caption, header row and first row: what must fit where the table starts.
    fn start_h(&self) -> f32 {
        let cap: f32 = self.cap.iter().flatten().map(|l| l.height).sum();
        let cap = if cap > 0.0 { cap + self.cap_gap } else { 0.0 };
        cap + self.head.as_ref().map_or(0.0, |h| self.grid.row_height(h))
            + self.rows.first().map_or(0.0, |r| self.grid.row_height(r))
            + 1.0
    }
}

/// Column layout of a table or glossary.
struct Grid {
    x: f32,
    widths: Vec<f32>,
    pad_x: f32,
    pad_y: f32,
    borders: bool,
    /// Empty rows (forms to fill in by hand) are still one line high.
    min_line: f32,
}

impl Grid {
    fn row_height(&self, cells: &[Vec<Line>]) -> f32 {
        cells
            .iter()
            .map(|c| c.iter().map(|l| l.height).sum::<f32>())
            .fold(self.min_line, f32::max)
            + 2.0 * self.pad_y
    }
}

/// Puts a line's runs, links and strike-throughs on the page with its top-left at `(x, y)`.
fn push_line(page: &mut Page, line: Line, x: f32, y: f32) {
    for mut r in line.runs {
        r.x += x;
        r.y += y;
        page.runs.push(r);
    }
    for (x0, x1, target) in line.links {
        page.links.push(Link {
            x: x + x0,
            y,
            w: x1 - x0,
            h: line.height,
            target,
        });
    }
    for (x0, x1, sy, size) in line.strikes {
        page.fg.push(Shape::Line {
            x1: x + x0,
            y1: y + sy,
            x2: x + x1,
            y2: y + sy,
            color: BLACK,
            width: size * 0.06,
        });
    }
}

/// How many columns a table has: its widest row.
fn table_columns(t: &Table) -> usize {
    t.head
        .len()
        .max(t.rows.iter().map(Vec::len).max().unwrap_or(0))
}

/// How many of a grid table's rows the PDF sets: all that fit in [`MAX_TABLE_CELLS`], at
/// least one.
fn table_rows_kept(t: &Table) -> usize {
    let ncols = table_columns(t).max(1);
    t.rows.len().min((MAX_TABLE_CELLS / ncols).max(1))
}

/// How warnings name a table: "Bảng 3.2", "Bảng “caption”" or "Một bảng"; Vietnamese and
/// English.
fn table_name(t: &Table) -> (String, String) {
    match (&t.number, &t.caption) {
        (Some(n), _) if !n.is_empty() => (format!("Bảng {n}"), format!("Table {n}")),
        (_, Some(c)) => {
            let c = plain_text(c);
            (format!("Bảng “{c}”"), format!("The table “{c}”"))
        }
        _ => ("Một bảng".to_owned(), "A table".to_owned()),
    }
}

/// Plain text of a block (footnotes with lists, quotes…), `depth` containers deep (flat
/// beyond [`MAX_NESTING`]); a table gives at most [`MAX_TABLE_CELLS`] cells, and `cut` is set
/// when it had more.
fn block_plain(b: &Block, depth: usize, cut: &mut bool) -> String {
    if depth >= MAX_NESTING {
        return leaf_blocks(std::slice::from_ref(b))
            .into_iter()
            .map(|l| block_plain(l, 0, cut))
            .collect::<Vec<_>>()
            .join(" ");
    }
    match b {
        Block::Heading { content, .. } | Block::Paragraph(content) => plain_text(content),
        Block::List { items, .. } => items
            .iter()
            .map(|i| {
                i.blocks
                    .iter()
                    .map(|b| block_plain(b, depth + 1, cut))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("; "),
        Block::Quote(bs) | Block::Alert { blocks: bs, .. } => bs
            .iter()
            .map(|b| block_plain(b, depth + 1, cut))
            .collect::<Vec<_>>()
            .join(" "),
        Block::Code { text, .. } => text.clone(),
        Block::Table(t) => {
            let cells = t.head.iter().chain(t.rows.iter().flatten());
            let mut text = cells
                .clone()
                .take(MAX_TABLE_CELLS)
                .map(|c| plain_text(c))
                .collect::<Vec<_>>()
                .join(" | ");
            if cells.count() > MAX_TABLE_CELLS {
                *cut = true;
                text.push_str(" | […]");
            }
            text
        }
        Block::Figure { caption, .. } => plain_text(caption),
        Block::Qr { data } => data.clone(),
        Block::Glossary(e) => e
            .iter()
            .map(|(t, d)| format!("{t}: {d}"))
            .collect::<Vec<_>>()
            .join("; "),
        Block::Rule | Block::PageBreak => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_use_natural_widths_when_they_fit() {
        let w = column_widths(&[20.0, 20.0], &[50.0, 150.0], 400.0);
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 0.01);
        assert!((w[1] / w[0] - 3.0).abs() < 0.01, "{w:?}");
    }

    #[test]
    fn columns_share_what_is_left_by_what_they_want() {
        let w = column_widths(&[30.0, 30.0, 30.0], &[40.0, 300.0, 100.0], 200.0);
        assert!((w.iter().sum::<f32>() - 200.0).abs() < 0.01);
        assert!(w.iter().zip([30.0, 30.0, 30.0]).all(|(a, b)| *a >= b));
        assert!(w[1] > w[2] && w[2] > w[0], "{w:?}");
    }

    #[test]
    fn columns_shrink_below_their_minimum_when_they_must() {
        let w = column_widths(&[100.0, 300.0], &[200.0, 600.0], 200.0);
        assert!((w[0] - 50.0).abs() < 0.01 && (w[1] - 150.0).abs() < 0.01);
    }

    #[test]
    fn crowded_tables_are_set_smaller_before_words_break() {
        assert_eq!(
            table_scale(&[20.0, 30.0], 9.0, 200.0, 400.0),
            (1.0, 9.0 * 0.7)
        );
        // 14 columns of 26 pt words: too wide at full size (540 pt), fits at 90 % (464 pt).
        let (k, pad) = table_scale(&[26.0; 14], 9.0, 200.0, 480.0);
        assert_eq!(k, 0.9);
        assert!((pad - 9.0 * 0.9 * 0.6).abs() < 1e-4);
        // Hopeless: the smallest step.
        assert_eq!(table_scale(&[100.0; 14], 9.0, 200.0, 480.0).0, 0.72);
    }

    #[test]
    fn no_widows_or_orphans() {
        // All fits.
        assert_eq!(split_point(10, 5, true, false), 5);
        // 1 line would stay alone at the bottom: move the paragraph.
        assert_eq!(split_point(1, 6, true, false), 0);
        // 5 of 6 fit: one line would be a widow: leave 2 for the next page.
        assert_eq!(split_point(5, 6, true, false), 4);
        // Three-line paragraphs never split.
        assert_eq!(split_point(2, 3, true, false), 0);
        // Without the rule: as many as fit.
        assert_eq!(split_point(1, 6, false, false), 1);
        // At the top of an empty page something must go.
        assert_eq!(split_point(0, 3, true, true), 1);
    }

    #[test]
    fn dates_read_the_vietnamese_way() {
        assert_eq!(vi_date("2025-07-01"), "01/07/2025");
        assert_eq!(vi_date("07/2025"), "07/2025");
    }
}
