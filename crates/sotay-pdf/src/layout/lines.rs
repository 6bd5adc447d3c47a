//! Spans, bases and line placement: text turned into laid-out lines and placed on the page, with list markers and decorations.

use super::*;
use crate::text::Piece;

impl<'a> Engine<'a> {
    // ----- text --------------------------------------------------------------------------
    pub(super) fn spans(&mut self, inlines: &[Inline], base: Base) -> Vec<Span> {
        let mut f = Flattener {
            fonts: self.fonts,
            missing: &mut self.missing,
            link_color: self.link_color,
        };
        f.spans(inlines, base)
    }

    pub(super) fn text_spans(&mut self, text: &str, base: Base) -> Vec<Span> {
        let mut f = Flattener {
            fonts: self.fonts,
            missing: &mut self.missing,
            link_color: self.link_color,
        };
        f.text(text, base)
    }

    pub(super) fn base(
        &self,
        family: Family,
        bold: bool,
        italic: bool,
        size: f32,
        color: Rgb,
    ) -> Base {
        Base {
            family,
            bold,
            italic,
            size,
            color,
        }
    }

    pub(super) fn body(&self) -> Base {
        self.base(Family::Serif, false, false, self.geo.size.body, BLACK)
    }

    pub(super) fn line_h(&self) -> f32 {
        self.geo.size.body * self.geo.size.leading
    }

    /// Places one line at the cursor (`x` from the text area's left edge), moving to a new
    /// page first when it (with the footnotes it references) does not fit. Its text belongs to
    /// the innermost open structure element.
    pub(super) fn place_line(&mut self, line: Line, x: f32) {
        let (mut nh, mut notes) = self.notes_for(&line.footnotes);
        if self.y + line.height + nh > self.limit() + 0.01 && !self.at_top() {
            self.next_page();
            (nh, notes) = self.notes_for(&line.footnotes);
        }
        self.add_notes(nh, notes);
        let y = self.y;
        let h = line.height;
        let baseline = line.runs.first().map_or(line.height * 0.75, |r| r.y);
        let marker = self.marker.take();
        let node = self.tree.cur();
        self.page();
        let pi = self.pages.len() - 1;
        let page = &mut self.pages[pi];
        let left = page.left;
        if let Some(m) = marker {
            for mut r in m.runs {
                r.x += left + m.x_right - m.width;
                r.y = y + baseline;
                r.mark = self.tree.mcid(m.node, pi, &mut page.marks);
                page.runs.push(r);
            }
        }
        push_line(page, pi, &mut self.tree, Some(node), line, left + x, y);
        self.y += h;
    }

    /// A marker (list bullet or number, contents number) for the next placed line, ending at
    /// `x_right`; `width` overrides its measured width (to start it at `x_right - width`); its
    /// text belongs to the structure element `node`.
    pub(super) fn set_marker(
        &mut self,
        text: &str,
        base: Base,
        x_right: f32,
        width: Option<f32>,
        node: NodeId,
    ) {
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
            node,
        });
    }

    /// Places lines, splitting between pages as the widow/orphan rule allows.
    pub(super) fn place_lines(&mut self, lines: Vec<Line>, x: f32, widows: bool) {
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
    pub(super) fn decorate(
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
}

/// Puts a line's runs, links and strike-throughs on page `pi` with its top-left at `(x, y)`.
/// Its text is content of the structure element `node` (linked text in a `Link` element
/// inside it, a passage in another language in a `Span`, a footnote number in a `Reference`), or, without one, a pagination artifact (a
/// table's header row repeated on a new page; its links are not drawn again).
pub(crate) fn push_line(
    page: &mut Page,
    pi: usize,
    tree: &mut Tree,
    node: Option<NodeId>,
    line: Line,
    x: f32,
    y: f32,
) {
    // `Link` elements of the line's links, made when their first run is met; the
    // `Reference` of the footnote number being drawn.
    let mut link_nodes: Vec<Option<NodeId>> = vec![None; line.links.len()];
    let mut reference: Option<(Option<u32>, NodeId)> = None;
    let mut prev_note = false;
    for mut r in line.runs {
        r.x += x;
        r.y += y;
        r.mark = match node {
            None => Mark::Artifact(crate::tags::Art::Pagination),
            Some(n) => {
                let mut owner = n;
                if r.note_ref {
                    let keep = prev_note && reference.is_some_and(|(l, _)| l == r.link);
                    if !keep {
                        reference = Some((r.link, tree.child(n, Role::Reference)));
                    }
                    owner = reference.map_or(n, |(_, id)| id);
                }
                prev_note = r.note_ref;
                // A passage in another language: a `Span` with its `/Lang`.
                if let Some(lang) = (r.lang > 0 && !r.note_ref)
                    .then(|| line.langs.get(r.lang as usize - 1))
                    .flatten()
                {
                    owner = tree.lang_span(owner, lang);
                }
                if let (Some(l), true) = (r.link, tree.links) {
                    if let Some(slot) = link_nodes.get_mut(l as usize) {
                        let ln = *slot.get_or_insert_with(|| tree.child(owner, Role::Link));
                        let text = tree.extra(ln).alt.get_or_insert_with(String::new);
                        for p in &r.items {
                            if let Piece::Text(t) = p {
                                text.push_str(t);
                            }
                        }
                        owner = ln;
                    }
                }
                tree.mcid(owner, pi, &mut page.marks)
            }
        };
        page.runs.push(r);
    }
    if node.is_some() {
        for ((x0, x1, target), ln) in line.links.into_iter().zip(link_nodes) {
            if let Some(ln) = ln {
                tree.nodes[ln as usize].kids.push(Kid::Annot {
                    page: pi as u32,
                    link: page.links.len() as u32,
                });
            }
            page.links.push(Link {
                x: x + x0,
                y,
                w: x1 - x0,
                h: line.height,
                target,
                node: ln,
            });
        }
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
