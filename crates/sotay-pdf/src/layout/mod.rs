//! Pagination: the document's blocks flow into pages of display items. One pass; what depends
//! on later pages (page numbers in the contents, link destinations, "Trang x / N") is recorded
//! as anchors and references and resolved when the pages are drawn.
//!
//! Rules: chapters open a new page (a recto in print); headings keep with the start of the
//! next block; paragraphs leave no widow or orphan (2 lines); figures and QR codes are never
//! split; table rows do not split unless taller than a page, and the header row repeats on
//! every page the table spans; footnotes go to the foot of the page that references them.
//!
//! One `Engine` holds the state of the pass; its methods are split by job: this file keeps the
//! pages themselves (new page, recto, space left, anchors, warnings), `lines` places laid-out
//! lines, `notes` footnotes, `front` the cover, colophon and contents, `flow` headings,
//! paragraphs, lists and code, `figures` images, captions and QR codes, `tables` tables.

use std::collections::{BTreeMap, BTreeSet};

use sotay_doc::{
    leaf_blocks, plain_text, Align as DocAlign, Block, Cell, ChapterRole, Document, Footnote,
    Inline, ListItem, Table, MAX_NESTING,
};
use sotay_model::{Diagnostic, Localized, Severity};

use crate::fonts::{FaceId, Family, Fonts};
use crate::geometry::{Geometry, MM};
use crate::tags::{Kid, Mark, NodeId, Role, Tree};
use crate::text::{
    lay_out, Align, Base, Flattener, Line, Measured, Rgb, Run, Span, Target, ACCENT, BLACK, INK,
    LINK, MUTED, WHITE,
};
use crate::{Edition, MAX_TABLE_CELLS, MAX_TABLE_COLUMNS};

mod figures;
mod flow;
mod front;
mod lines;
mod notes;
mod tables;

pub(crate) use lines::push_line;
use tables::{table_columns, table_rows_kept, Grid, GridTags};

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
        mark: Mark,
    },
    Image {
        key: String,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        mark: Mark,
    },
    /// A drawn signature: strokes of points in page coordinates, stroked with round caps and
    /// joins `width` wide (vectors, never a bitmap).
    Ink {
        strokes: Vec<Vec<(f32, f32)>>,
        width: f32,
        color: Rgb,
        mark: Mark,
    },
}

impl Shape {
    /// A drawing fitted into the box `(x, y, w, h)` (top-left, y down), centred, its aspect
    /// kept.
    pub(crate) fn ink(
        d: &sotay_model::signature::Drawing,
        (x, y, w, h): (f32, f32, f32, f32),
        color: Rgb,
        mark: Mark,
    ) -> Shape {
        let scale = (w / d.width).min(h / d.height);
        let (ox, oy) = (
            x + (w - d.width * scale) / 2.0,
            y + (h - d.height * scale) / 2.0,
        );
        Shape::Ink {
            strokes: d
                .strokes
                .iter()
                .map(|s| {
                    s.iter()
                        .map(|[px, py]| (ox + px * scale, oy + py * scale))
                        .collect()
                })
                .collect(),
            width: (d.pen() * scale).max(0.6),
            color,
            mark,
        }
    }
}

/// A clickable area; `(x, y)` is its top-left.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub target: Target,
    /// Its `Link` element (the annotation's structure parent).
    pub node: Option<NodeId>,
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
    /// The marked content the number is drawn in (its contents entry's).
    pub mark: Mark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageKind {
    Cover,
    Colophon,
    /// The screen edition's last page (fonts, "Tạo bằng Sotay"): undecorated, never stamped.
    Credits,
    Front,
    Body,
    Blank,
    /// A page of an administrative document ([`crate::admin`]): no running header or footer,
    /// its page number drawn by that layout.
    Admin,
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
    /// The structure element of each marked-content id on the page.
    pub marks: Vec<NodeId>,
    /// Footnotes for the foot of the page: id, `Note` element, lines.
    notes: Vec<(String, NodeId, Vec<Line>)>,
    notes_h: f32,
    /// Where the flow stopped on this page.
    end_y: f32,
    /// The cover of a book laid out for copies ([`lay_out_for_copies`]): where each copy's
    /// words go ("Bản số 003").
    pub copy_slot: Option<CopySlot>,
}

impl Page {
    /// An empty page whose text area starts at `left`, the flow at `top`.
    pub(crate) fn new(kind: PageKind, left: f32, top: f32) -> Page {
        Page {
            kind,
            header: None,
            opening: false,
            left,
            bg: Vec::new(),
            runs: Vec::new(),
            fg: Vec::new(),
            links: Vec::new(),
            refs: Vec::new(),
            marks: Vec::new(),
            notes: Vec::new(),
            notes_h: 0.0,
            end_y: top,
            copy_slot: None,
        }
    }
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
    /// The structure tree (tags).
    pub tree: Tree,
}

/// A paragraph of the cover kept for a distributed copy's words: its marked content is
/// reserved by the layout (so the words are tagged text of the cover, not an artifact) and
/// drawn by the renderer for each copy, right-aligned at `right` on `baseline`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CopySlot {
    pub mark: Mark,
    pub right: f32,
    pub baseline: f32,
    pub size: f32,
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
    /// Its element (`Lbl`, or the contents entry).
    node: NodeId,
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

pub(crate) use sotay_doc::chapter_label;

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
    tree: Tree,
    /// Laid out for stamped copies: the cover keeps a [`Page::copy_slot`].
    copies: bool,
    /// The rows of the table being laid out that changed since an earlier edition (issue 21),
    /// taken by its grid; left untaken, the whole table gets a bar.
    row_marks: Option<sotay_doc::changes::RowChanges>,
}

pub(crate) fn lay_out_document(doc: &Document, fonts: &Fonts, geo: &Geometry) -> Laid {
    paginate(doc, fonts, geo, false)
}

/// The layout of a book whose copies are each stamped: the cover keeps a [`CopySlot`].
pub(crate) fn lay_out_for_copies(doc: &Document, fonts: &Fonts, geo: &Geometry) -> Laid {
    paginate(doc, fonts, geo, true)
}

fn paginate(doc: &Document, fonts: &Fonts, geo: &Geometry, copies: bool) -> Laid {
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
        tree: Tree::new(geo.edition == Edition::Screen),
        copies,
        row_marks: None,
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
    if geo.edition == Edition::Screen {
        e.credits();
    }
    e.finish_page();
    e.tree.flush_notes(0);
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
        tree: e.tree,
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
        for (id, node, lines) in notes {
            self.anchors.entry(id).or_insert((idx, y));
            let page = &mut self.pages[idx];
            for l in lines {
                let left = page.left;
                let h = l.height;
                push_line(page, idx, &mut self.tree, Some(node), l, left, y);
                y += h;
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
            marks: Vec::new(),
            notes: Vec::new(),
            notes_h: 0.0,
            end_y: self.geo.text_top(),
            copy_slot: None,
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

    fn here(&self) -> (usize, f32) {
        (self.pages.len().saturating_sub(1), self.y)
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
}
