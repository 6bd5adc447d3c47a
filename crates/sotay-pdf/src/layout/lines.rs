//! Spans, bases and line placement: text turned into laid-out lines and placed on the page, with list markers and decorations.

use super::*;

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
    /// page first when it (with the footnotes it references) does not fit.
    pub(super) fn place_line(&mut self, line: Line, x: f32) {
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
    pub(super) fn set_marker(&mut self, text: &str, base: Base, x_right: f32, width: Option<f32>) {
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

/// Puts a line's runs, links and strike-throughs on the page with its top-left at `(x, y)`.
pub(super) fn push_line(page: &mut Page, line: Line, x: f32, y: f32) {
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
