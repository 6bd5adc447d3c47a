//! Change marks against an earlier edition (issue 21): a bar in the outer margin beside every
//! changed block, a short tick where blocks were removed, and the change list after the
//! contents. Bars and ticks are layout artifacts (the tags stay those of the text); the change
//! list is a `TOC` like the contents, each entry linked to its page (screen) with the page
//! number. Nothing here runs for a document without [`sotay_doc::Document::changes`].

use super::super::*;
use sotay_doc::changes::{ChangeKind, Removal};

/// How far the bar stands from the text, and how wide it is.
const BAR_GAP: f32 = 4.5 * MM;
const BAR_W: f32 = 2.0;
/// An added block's double bar: two rules this wide, this far apart.
const DOUBLE_W: f32 = 0.9;
const DOUBLE_GAP: f32 = 1.3;
/// A moved block's dashed bar: dashes this long, with these gaps.
const DASH: f32 = 4.0;
const DASH_GAP: f32 = 2.5;
/// The removal tick's length.
const TICK_W: f32 = 7.0;

/// Where the content of a block began: page, and how many runs and shapes it already had.
#[derive(Debug, Clone, Copy)]
pub(in crate::layout) struct Start {
    page: usize,
    runs: usize,
    bg: usize,
    fg: usize,
}

/// How wide the mark of a kind of change is.
fn mark_w(kind: ChangeKind) -> f32 {
    match kind {
        ChangeKind::Added => 2.0 * DOUBLE_W + DOUBLE_GAP,
        ChangeKind::Removed => TICK_W,
        ChangeKind::Changed | ChangeKind::Moved => BAR_W,
    }
}

/// The mark of a kind of change beside content from `y` down `h`, its left edge at `x`: a solid
/// bar (changed), a double one (added), a dashed one (moved), or a horizontal tick in the
/// middle (removed). The kind is told by the shape, not by colour alone.
fn mark_shapes(kind: ChangeKind, x: f32, y: f32, h: f32, color: Rgb) -> Vec<Shape> {
    let rect = |x: f32, y: f32, w: f32, h: f32| Shape::Rect {
        x,
        y,
        w,
        h,
        fill: Some(color),
        stroke: None,
        dash: false,
    };
    match kind {
        ChangeKind::Changed => vec![rect(x, y, BAR_W, h)],
        ChangeKind::Added => vec![
            rect(x, y, DOUBLE_W, h),
            rect(x + DOUBLE_W + DOUBLE_GAP, y, DOUBLE_W, h),
        ],
        ChangeKind::Moved => {
            let mut out = Vec::new();
            let mut at = y;
            while at < y + h - 0.5 {
                out.push(rect(x, at, BAR_W, DASH.min(y + h - at)));
                at += DASH + DASH_GAP;
            }
            out
        }
        ChangeKind::Removed => vec![rect(x, y + h / 2.0 - 1.2, TICK_W, 2.4)],
    }
}

impl<'a> Engine<'a> {
    /// A chapter's top-level blocks, with their change marks when the document has any.
    pub(in crate::layout) fn chapter_blocks(&mut self, ci: usize, fr: Frame) {
        let doc = self.doc;
        let blocks = &doc.chapters[ci].blocks;
        let Some(changes) = &doc.changes else {
            self.blocks(blocks, fr, 0);
            return;
        };
        for k in 0..=blocks.len() {
            for r in changes.removed_before(ci, k) {
                self.removal_tick(r);
            }
            let Some(b) = blocks.get(k) else { break };
            let mark = changes.mark(ci, k);
            let start = mark.map(|kind| (self.start(), kind));
            // A table changed row by row: its grid marks the rows (and leaves `row_marks`
            // taken); a table set otherwise gets one bar.
            self.row_marks = changes.table_rows.get(&(ci, k)).cloned();
            let by_rows = self.row_marks.is_some();
            self.block(b, blocks.get(k + 1), fr, 0);
            let rows_marked = by_rows && self.row_marks.take().is_none();
            if let (Some((start, kind)), false) = (start, rows_marked) {
                self.change_bar(start, kind);
            }
        }
    }

    /// Where a renamed chapter's title begins, when it is to be marked.
    pub(in crate::layout) fn title_mark_start(&mut self, ci: usize) -> Option<Start> {
        let marked = self
            .doc
            .changes
            .as_ref()
            .is_some_and(|c| c.titles.contains(&ci));
        marked.then(|| self.start())
    }

    /// A bar beside a renamed chapter's title.
    pub(in crate::layout) fn title_mark_end(&mut self, start: Option<Start>) {
        if let Some(start) = start {
            self.change_bar(start, ChangeKind::Changed);
        }
    }

    pub(in crate::layout) fn start(&mut self) -> Start {
        let page = self.pages.len().saturating_sub(1);
        let p = self.page();
        Start {
            page,
            runs: p.runs.len(),
            bg: p.bg.len(),
            fg: p.fg.len(),
        }
    }

    /// The x of a mark `w` wide in the outer margin of page `p` (the right on screen and on a
    /// recto, the left on a verso in print).
    fn outer_x(&self, p: usize, w: f32) -> f32 {
        let left = self.pages[p].left;
        let outer_left = self.geo.edition == Edition::Print && !Geometry::is_recto(p);
        if outer_left {
            left - BAR_GAP - w
        } else {
            left + self.geo.text_w() + BAR_GAP
        }
    }

    fn mark_color(&self) -> Rgb {
        if self.geo.edition == Edition::Print {
            BLACK
        } else {
            ACCENT
        }
    }

    /// A bar beside what a block drew since `start`, one per page, from the top of its first
    /// line to the bottom of its last (footnotes and running furniture left out). Its shape
    /// says how the block changed: solid (changed), double (added), dashed (moved).
    pub(in crate::layout) fn change_bar(&mut self, start: Start, kind: ChangeKind) {
        let last = self.pages.len() - 1;
        let color = self.mark_color();
        for p in start.page..=last {
            let first = p == start.page;
            let page = &self.pages[p];
            let flow_end = if p == last { self.y } else { page.end_y } + 0.5;
            let mut span: Option<(f32, f32)> = None;
            let mut add = |top: f32, bottom: f32| {
                if top < flow_end {
                    span = Some(match span {
                        None => (top, bottom.min(flow_end)),
                        Some((a, b)) => (a.min(top), b.max(bottom.min(flow_end))),
                    });
                }
            };
            for r in &page.runs[if first { start.runs } else { 0 }..] {
                add(r.y - r.size * 0.8, r.y + r.size * 0.25);
            }
            let shapes = page.bg[if first { start.bg } else { 0 }..]
                .iter()
                .chain(&page.fg[if first { start.fg } else { 0 }..]);
            for s in shapes {
                let (top, bottom) = match s {
                    Shape::Rect { y, h, .. } | Shape::Image { y, h, .. } => (*y, y + h),
                    Shape::Line { y1, y2, .. } => (y1.min(*y2), y1.max(*y2)),
                    Shape::Qr {
                        y, module, width, ..
                    } => (*y, y + module * *width as f32),
                    Shape::Ink { strokes, .. } => {
                        let ys = strokes.iter().flatten().map(|p| p.1);
                        (
                            ys.clone().fold(f32::MAX, f32::min),
                            ys.fold(f32::MIN, f32::max),
                        )
                    }
                };
                add(top, bottom);
            }
            let Some((y0, y1)) = span else { continue };
            let h = (y1 - y0).max(BAR_W);
            let x = self.outer_x(p, mark_w(kind));
            self.pages[p].fg.extend(mark_shapes(kind, x, y0, h, color));
        }
    }

    /// A short horizontal tick in the outer margin where blocks were removed, with the anchor
    /// the change list points to.
    fn removal_tick(&mut self, r: &Removal) {
        let (p, y) = self.tick(self.line_h() * 0.3);
        self.anchors.entry(r.id.clone()).or_insert((p, y));
    }

    /// A removal tick `up` above the cursor (at the cursor at the top of a page); returns
    /// where it is.
    pub(in crate::layout) fn tick(&mut self, up: f32) -> (usize, f32) {
        self.page();
        let p = self.pages.len() - 1;
        let y = if self.at_top() { self.y } else { self.y - up };
        let x = self.outer_x(p, TICK_W);
        let color = self.mark_color();
        self.pages[p]
            .fg
            .extend(mark_shapes(ChangeKind::Removed, x, y - 1.2, 2.4, color));
        (p, y)
    }

    /// The key under the change list's legend, on one line: each kind's mark drawn (an
    /// artifact, in the legend's grey) before its word ("sửa đổi", "thêm mới", "chuyển chỗ",
    /// "bãi bỏ"), in a `P`.
    fn mark_key(&mut self) {
        let s = self.geo.size;
        let base = self.base(Family::Sans, false, false, s.small, MUTED);
        let color = MUTED;
        let node = self.tree.open(Role::P);
        let y0 = self.y;
        let mut x = 0.0;
        let mut bottom = y0;
        for kind in [
            ChangeKind::Changed,
            ChangeKind::Added,
            ChangeKind::Moved,
            ChangeKind::Removed,
        ] {
            let spans = self.text_spans(kind.label(), base);
            let Some(line) = lay_out(self.fonts, &spans, self.geo.text_w(), Align::Left, 1.35)
                .into_iter()
                .next()
            else {
                continue;
            };
            let (w, h) = (line.width, line.height);
            let text_x = x + mark_w(kind) + 4.0;
            self.y = y0;
            self.place_line(line, text_x);
            let p = self.pages.len() - 1;
            let left = self.pages[p].left;
            self.pages[p]
                .fg
                .extend(mark_shapes(kind, left + x, y0 + h * 0.12, h * 0.76, color));
            bottom = bottom.max(self.y);
            x = text_x + w + 16.0;
        }
        self.y = bottom;
        self.tree.close(node);
    }

    /// The change list, on its own page(s) after the contents: the title, the legend, then
    /// one entry per section ("2.3 Thu hoạch — sửa đổi") with its page number.
    pub(in crate::layout) fn change_list(&mut self) {
        let doc = self.doc;
        let Some(changes) = &doc.changes else {
            return;
        };
        let geo = self.geo;
        let s = geo.size;
        let title = changes.title();
        self.header = Some(title.clone());
        self.kind = PageKind::Front;
        self.new_recto(PageKind::Front);
        self.pages.last_mut().expect("page").opening = true;
        self.anchor("sotay-thay-doi");
        let sect = self.tree.open(Role::Sect);
        let h1 = self.tree.open(Role::H(1));
        let spans = self.text_spans(&title, self.base(Family::Sans, true, false, s.h2, ACCENT));
        let lines = lay_out(self.fonts, &spans, geo.text_w(), Align::Left, 1.3);
        self.place_lines(lines, 0.0, false);
        self.tree.close(h1);
        self.y += s.h2 * 0.5;
        let legend = self.tree.open(Role::P);
        let spans = self.text_spans(
            changes.legend(),
            self.base(Family::Serif, false, true, s.small, MUTED),
        );
        let lines = lay_out(self.fonts, &spans, geo.text_w(), Align::Left, 1.35);
        self.place_lines(lines, 0.0, false);
        self.tree.close(legend);
        self.y += s.small * 0.5;
        self.mark_key();
        self.y += s.body * 0.8;
        let toc = self.tree.open(Role::Toc);
        let num_w = s.body * 2.6;
        let kind_base = self.base(Family::Sans, false, false, s.small, MUTED);
        for entry in &changes.sections {
            let base = self.base(Family::Serif, false, false, s.body, BLACK);
            let mut spans = self.text_spans(&entry.heading(), base);
            spans.extend(self.text_spans(&format!(" — {}", entry.kind.label()), kind_base));
            let w = geo.text_w() - num_w;
            let mut lines = lay_out(self.fonts, &spans, w, Align::Left, 1.35);
            if lines.is_empty() {
                continue;
            }
            let h: f32 = lines.iter().map(|l| l.height).sum::<f32>() + s.body * 0.3;
            if h > self.space() && !self.at_top() {
                self.next_page();
            } else {
                self.gap(s.body * 0.3);
            }
            let y0 = self.y;
            let toci = self.tree.open(Role::Toci);
            let reference = self.tree.open(Role::Reference);
            let target = entry.target.clone().filter(|_| entry.chapter.is_some());
            let linked = self.tree.links && target.is_some();
            let node = if linked {
                self.tree.open(Role::Link)
            } else {
                reference
            };
            self.tree.extra(node).alt = Some(entry.heading());
            let last = lines.pop().expect("non-empty");
            let (last_w, last_base) = (
                last.width,
                last.runs.first().map_or(last.height * 0.75, |r| r.y),
            );
            for l in lines {
                self.place_line(l, 0.0);
            }
            let ly = self.y;
            let lh = last.height;
            self.place_line(last, 0.0);
            if let Some(anchor) = target {
                let pi = self.pages.len() - 1;
                let page = &mut self.pages[pi];
                let left = page.left;
                let mark = self.tree.fresh_mcid(node, pi, &mut page.marks);
                let face = self.fonts.face(base.family, base.bold, base.italic);
                page.refs.push(PageRef {
                    anchor: anchor.clone(),
                    x0: left + last_w,
                    x1: left + geo.text_w(),
                    y: ly + last_base,
                    face,
                    size: base.size,
                    color: base.color,
                    mark,
                });
                let link_node = linked.then_some(node);
                if let Some(n) = link_node {
                    self.tree.nodes[n as usize].kids.push(Kid::Annot {
                        page: pi as u32,
                        link: page.links.len() as u32,
                    });
                }
                page.links.push(Link {
                    x: left,
                    y: y0,
                    w: geo.text_w(),
                    h: ly + lh - y0,
                    target: Target::Anchor(anchor),
                    node: link_node,
                });
            }
            self.tree.close(toci);
        }
        self.tree.close(toc);
        self.tree.close(sect);
    }
}
