//! Inline layout: the model's inlines become styled spans, spans become lines. Line breaks fall
//! on UAX #14 opportunities (`unicode-linebreak`), measured with the fonts' real advances; a
//! token wider than the line (a URL, a lot code) is broken between any two characters rather
//! than run into the margin. Justified lines stretch their spaces with `TJ` offsets (the `Tw`
//! operator does not apply to two-byte CID fonts).

use std::collections::BTreeSet;
use std::sync::Arc;

use sotay_doc::{plain_text, Inline, Target as DocTarget, MAX_NESTING};
use unicode_linebreak::{linebreaks, BreakOpportunity};

use crate::fonts::{FaceId, Family, Fonts};
use crate::tags::Mark;

/// An RGB colour, 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f32, pub f32, pub f32);

pub(crate) const BLACK: Rgb = Rgb(0.08, 0.08, 0.08);
pub(crate) const MUTED: Rgb = Rgb(0.38, 0.38, 0.38);
pub(crate) const ACCENT: Rgb = Rgb(0.04, 0.31, 0.42);
pub(crate) const LINK: Rgb = Rgb(0.07, 0.33, 0.66);
/// A drawn signature's ink: a dark blue, as a pen signs.
pub(crate) const INK: Rgb = Rgb(0.04, 0.16, 0.42);
pub(crate) const WHITE: Rgb = Rgb(1.0, 1.0, 1.0);

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Uri(String),
    Anchor(String),
}

/// A piece of text in one style.
#[derive(Debug, Clone)]
pub(crate) struct Span {
    pub text: String,
    pub face: FaceId,
    pub size: f32,
    /// Baseline shift upwards (superscript footnote numbers), in points.
    pub rise: f32,
    pub color: Rgb,
    pub link: Option<Target>,
    pub strike: bool,
    /// The footnote this span refers to (a footnote number).
    pub footnote: Option<String>,
    /// The language of a passage marked `{lang=…}` (the document's: `None`).
    pub lang: Option<Arc<str>>,
}

/// The style inlines start from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Base {
    pub family: Family,
    pub bold: bool,
    pub italic: bool,
    pub size: f32,
    pub color: Rgb,
}

#[derive(Debug, Clone)]
struct St {
    base: Base,
    link: Option<Target>,
    strike: bool,
    lang: Option<Arc<str>>,
}

/// Turns inlines into spans. Characters no bundled font has are replaced by a visible
/// `[U+XXXX]` and collected in `missing` (reported as a warning).
pub(crate) struct Flattener<'a> {
    pub fonts: &'a Fonts,
    pub missing: &'a mut BTreeSet<char>,
    /// Colour of links (the screen edition colours them; print keeps the text colour).
    pub link_color: Option<Rgb>,
}

impl Flattener<'_> {
    pub fn spans(&mut self, inlines: &[Inline], base: Base) -> Vec<Span> {
        let mut out = Vec::new();
        let st = St {
            base,
            link: None,
            strike: false,
            lang: None,
        };
        self.walk(inlines, &st, 0, &mut out);
        out
    }

    /// One span of plain text in `base`.
    pub fn text(&mut self, text: &str, base: Base) -> Vec<Span> {
        let mut out = Vec::new();
        let st = St {
            base,
            link: None,
            strike: false,
            lang: None,
        };
        self.push(text, &st, &mut out);
        out
    }

    fn clean(&mut self, face: FaceId, text: &str) -> String {
        let mut s = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\t' | '\r' => s.push(' '),
                '\n' => s.push('\n'),
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {}
                c if c.is_control() => {}
                c => {
                    if self.fonts.resolve(face, c).is_some() {
                        s.push(c);
                    } else if c.is_whitespace() {
                        s.push(' ');
                    } else {
                        self.missing.insert(c);
                        s.push_str(&format!("[U+{:04X}]", c as u32));
                    }
                }
            }
        }
        s
    }

    fn push(&mut self, text: &str, st: &St, out: &mut Vec<Span>) {
        let face = self
            .fonts
            .face(st.base.family, st.base.bold, st.base.italic);
        let text = self.clean(face, text);
        if text.is_empty() {
            return;
        }
        let color = match (&st.link, self.link_color) {
            (Some(_), Some(c)) => c,
            _ => st.base.color,
        };
        // Merge with the previous span when nothing differs.
        if let Some(last) = out.last_mut() {
            if last.face == face
                && last.size == st.base.size
                && last.rise == 0.0
                && last.color == color
                && last.link == st.link
                && last.strike == st.strike
                && last.lang == st.lang
                && last.footnote.is_none()
            {
                last.text.push_str(&text);
                return;
            }
        }
        out.push(Span {
            text,
            face,
            size: st.base.size,
            rise: 0.0,
            color,
            link: st.link.clone(),
            strike: st.strike,
            footnote: None,
            lang: st.lang.clone(),
        });
    }

    /// Inlines `depth` levels deep: at [`MAX_NESTING`] emphasis, links and the like are set as
    /// their plain text in the style reached, so a document built by hand with deeper nesting
    /// cannot make this recurse further (one from `sotay_doc::build` never nests that deep).
    fn walk(&mut self, inlines: &[Inline], st: &St, depth: usize, out: &mut Vec<Span>) {
        for i in inlines {
            if depth >= MAX_NESTING
                && matches!(
                    i,
                    Inline::Strong(_)
                        | Inline::Emph(_)
                        | Inline::Strike(_)
                        | Inline::Link { .. }
                        | Inline::Lang { .. }
                        | Inline::XRef { .. }
                )
            {
                self.push(&plain_text(std::slice::from_ref(i)), st, out);
                continue;
            }
            match i {
                Inline::Text(t) => self.push(t, st, out),
                Inline::Strong(c) => {
                    let mut s = st.clone();
                    s.base.bold = true;
                    self.walk(c, &s, depth + 1, out);
                }
                Inline::Emph(c) => {
                    let mut s = st.clone();
                    s.base.italic = !s.base.italic;
                    self.walk(c, &s, depth + 1, out);
                }
                Inline::Strike(c) => {
                    let mut s = st.clone();
                    s.strike = true;
                    self.walk(c, &s, depth + 1, out);
                }
                Inline::Lang { lang, content } => {
                    let mut s = st.clone();
                    s.lang = Some(Arc::from(lang.as_str()));
                    self.walk(content, &s, depth + 1, out);
                }
                Inline::Code(t) => {
                    let mut s = st.clone();
                    s.base.family = Family::Mono;
                    s.base.bold = false;
                    s.base.italic = false;
                    s.base.size = st.base.size * 0.88;
                    self.push(t, &s, out);
                }
                Inline::Link { url, content } => {
                    let mut s = st.clone();
                    s.link = Some(Target::Uri(url.clone()));
                    if content.is_empty() {
                        self.push(url, &s, out);
                    } else {
                        self.walk(content, &s, depth + 1, out);
                    }
                }
                Inline::XRef {
                    target,
                    id,
                    content,
                } => match target {
                    Some(t) => {
                        let mut s = st.clone();
                        s.link = Some(Target::Anchor(anchor_of(t)));
                        if content.is_empty() {
                            self.push(&t.label, &s, out);
                        } else {
                            self.walk(content, &s, depth + 1, out);
                        }
                    }
                    None => {
                        if content.is_empty() {
                            self.push(&format!("[?#{id}]"), st, out);
                        } else {
                            self.walk(content, st, depth + 1, out);
                        }
                    }
                },
                Inline::FootnoteRef { number, id } => {
                    let face = self.fonts.face(st.base.family, false, false);
                    if *number > 0 {
                        out.push(Span {
                            text: number.to_string(),
                            face,
                            size: st.base.size * 0.62,
                            rise: st.base.size * 0.36,
                            color: self.link_color.unwrap_or(st.base.color),
                            link: Some(Target::Anchor(id.clone())),
                            strike: false,
                            footnote: Some(id.clone()),
                            lang: None,
                        });
                    } else {
                        self.push(&format!("[^{id}]"), st, out);
                    }
                }
                Inline::Image { alt, .. } => {
                    let mut s = st.clone();
                    s.base.italic = !s.base.italic;
                    self.push(&format!("[{alt}]"), &s, out);
                }
                Inline::LineBreak => self.push("\n", st, out),
                Inline::SoftBreak => self.push(" ", st, out),
            }
        }
    }
}

/// The anchor a cross-reference lands on.
pub(crate) fn anchor_of(t: &DocTarget) -> String {
    t.id.clone()
}

/// Horizontal alignment of lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// A glyph run: one face, size and colour, drawn from `x` on the baseline.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub x: f32,
    /// Baseline, from the top of the line (after placement: from the top of the page).
    pub y: f32,
    pub face: FaceId,
    pub size: f32,
    pub color: Rgb,
    pub items: Vec<Piece>,
    /// How it is tagged (set when it is placed on a page).
    pub mark: Mark,
    /// The line's link (index in [`Line::links`]) it belongs to.
    pub link: Option<u32>,
    /// A footnote reference (the superscript number).
    pub note_ref: bool,
    /// The language of its passage: 1 + its index in [`Line::langs`], 0 for the document's.
    pub lang: u16,
}

#[derive(Debug, Clone)]
pub(crate) enum Piece {
    Text(String),
    /// A `TJ` adjustment in thousandths of an em (negative moves right).
    Offset(f32),
}

/// One laid-out line; coordinates relative to the line's top-left.
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    pub height: f32,
    pub width: f32,
    pub runs: Vec<Run>,
    /// `(x0, x1, target)` of linked text; the rectangle spans the line's height.
    pub links: Vec<(f32, f32, Target)>,
    /// Strike-through segments `(x0, x1, y, size)`.
    pub strikes: Vec<(f32, f32, f32, f32)>,
    /// Footnotes referenced on this line.
    pub footnotes: Vec<String>,
    /// The languages of passages on this line (see [`Run::lang`]).
    pub langs: Vec<Arc<str>>,
}

/// A break candidate: `[start, end)` is content, `[end, ws_end)` the whitespace after it.
#[derive(Debug, Clone, Copy)]
struct Seg {
    start: usize,
    end: usize,
    ws_end: usize,
    hard: bool,
}

/// Lines `[start, end)` of the concatenated text, before justification.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Broken {
    pub start: usize,
    pub end: usize,
    pub width: f32,
    /// Ended by a forced break or the end of the paragraph (not justified).
    pub last: bool,
}

/// Spans joined into one string with a width for every byte boundary.
pub(crate) struct Measured<'a> {
    pub spans: &'a [Span],
    pub text: String,
    /// Byte offset where each span starts.
    pub starts: Vec<usize>,
    /// `xs[i]` = width of `text[..i]` (valid on char boundaries).
    xs: Vec<f32>,
}

impl<'a> Measured<'a> {
    pub fn new(fonts: &Fonts, spans: &'a [Span]) -> Measured<'a> {
        let total: usize = spans.iter().map(|s| s.text.len()).sum();
        let mut text = String::with_capacity(total);
        let mut starts = Vec::with_capacity(spans.len());
        let mut xs = vec![0.0f32; total + 1];
        let mut x = 0.0;
        for s in spans {
            starts.push(text.len());
            for (i, c) in s.text.char_indices() {
                let at = text.len() + i;
                xs[at] = x;
                if c != '\n' {
                    let f = fonts.resolve(s.face, c).unwrap_or(s.face);
                    x += fonts.advance(f, c) * s.size / 1000.0;
                }
                for k in 1..c.len_utf8() {
                    xs[at + k] = x;
                }
            }
            text.push_str(&s.text);
        }
        xs[total] = x;
        Measured {
            spans,
            text,
            starts,
            xs,
        }
    }

    pub fn w(&self, a: usize, b: usize) -> f32 {
        self.xs[b] - self.xs[a]
    }

    fn segs(&self) -> Vec<Seg> {
        let mut out = Vec::new();
        let mut prev = 0;
        for (idx, op) in linebreaks(&self.text) {
            // No break right after a hyphen inside a token ("TT-BNNPTNT", "AO03-250615"):
            // text extraction would take the line-end hyphen for a soft one and drop it.
            if op == BreakOpportunity::Allowed && self.text[..idx].ends_with('-') {
                continue;
            }
            let seg_text = &self.text[prev..idx];
            let content = seg_text.trim_end_matches([' ', '\n']);
            let end = prev + content.len();
            out.push(Seg {
                start: prev,
                end,
                ws_end: idx,
                hard: op == BreakOpportunity::Mandatory,
            });
            prev = idx;
        }
        out
    }

    /// The widest unbreakable piece (for table column minimums).
    pub fn min_width(&self) -> f32 {
        self.segs()
            .iter()
            .map(|s| self.w(s.start, s.end))
            .fold(0.0, f32::max)
    }

    /// The widest line when only forced breaks apply.
    pub fn max_width(&self) -> f32 {
        let mut best: f32 = 0.0;
        let mut line_start = 0;
        for s in self.segs() {
            best = best.max(self.w(line_start, s.end));
            if s.hard {
                line_start = s.ws_end;
            }
        }
        best
    }

    /// Greedy line breaking at UAX #14 opportunities within `max`; tokens wider than `max`
    /// break between characters.
    pub fn break_lines(&self, max: f32) -> Vec<Broken> {
        self.break_lines_indented(max, 0.0)
    }

    /// [`Self::break_lines`] with the first line `indent` narrower (a first-line indent).
    pub fn break_lines_indented(&self, max: f32, indent: f32) -> Vec<Broken> {
        let full = max.max(1.0);
        let first = (max - indent).max(1.0);
        let mut lines: Vec<Broken> = Vec::new();
        let segs = self.segs();
        // Current line: [ls, le) with content, `has` = something on it.
        let mut ls = segs.first().map_or(0, |s| s.start);
        let mut le = ls;
        let mut has = false;
        for s in segs {
            let mut from = s.start;
            loop {
                let max = if lines.is_empty() { first } else { full };
                let fits = self.w(ls, s.end) <= max + 0.01;
                if !has || fits {
                    if !has {
                        ls = from;
                    }
                    if self.w(ls, s.end) <= max + 0.01 {
                        le = s.end;
                        has = true;
                        break;
                    }
                    // Alone and still too wide: cut it.
                    let cut = self.cut(ls, s.end, max);
                    lines.push(self.piece(ls, cut, false));
                    from = cut;
                    ls = cut;
                    has = false;
                    continue;
                }
                // Doesn't fit after what is on the line. A very long token fills the rest of
                // this line first (if a useful amount is left), else starts the next one.
                if self.w(from, s.end) > max && max - self.w(ls, from) > max * 0.3 {
                    let cut = self.cut(ls, s.end, max);
                    if cut > from {
                        lines.push(self.piece(ls, cut, false));
                        from = cut;
                        ls = cut;
                        has = false;
                        continue;
                    }
                }
                lines.push(self.piece(ls, le, false));
                has = false;
                ls = from;
            }
            if s.hard {
                lines.push(Broken {
                    start: ls,
                    end: le.max(ls),
                    width: self.w(ls, le.max(ls)),
                    last: true,
                });
                has = false;
                ls = s.ws_end;
                le = ls;
            }
        }
        if has {
            lines.push(self.piece(ls, le, true));
        }
        // A trailing forced break at the very end leaves an empty last line: drop it.
        while lines.len() > 1
            && lines
                .last()
                .is_some_and(|l| l.start == l.end && l.start == self.text.len())
        {
            lines.pop();
        }
        lines
    }

    fn piece(&self, start: usize, end: usize, last: bool) -> Broken {
        Broken {
            start,
            end,
            width: self.w(start, end),
            last,
        }
    }

    /// The last char boundary in `(a, b]` such that `[a, cut)` fits `max` (at least one char).
    fn cut(&self, a: usize, b: usize, max: f32) -> usize {
        let mut cut = a;
        for (i, c) in self.text[a..b].char_indices() {
            let next = a + i + c.len_utf8();
            if self.w(a, next) > max && cut > a {
                break;
            }
            cut = next;
        }
        // Not right after a hyphen (see `segs`), when there is room to step back.
        if cut < b && self.text[..cut].ends_with('-') && cut - 1 > a {
            cut -= 1;
        }
        cut
    }

    /// Builds the drawable line for `[start, end)`: runs per face, justification offsets after
    /// spaces, link rectangles, strike-throughs, footnote references.
    pub fn line(&self, fonts: &Fonts, b: Broken, max: f32, align: Align, line_height: f32) -> Line {
        let spaces = self.text[b.start..b.end].matches(' ').count();
        let size = self.spans.first().map_or(10.0, |s| s.size);
        let extra = match align {
            Align::Justify if !b.last && spaces > 0 => ((max - b.width) / spaces as f32).max(0.0),
            _ => 0.0,
        };
        // A line that would need spaces wider than about 3/4 em stays ragged: gaps that wide
        // look like holes and text extraction takes them for columns.
        let extra = if extra > size * 0.5 { 0.0 } else { extra };
        let x0 = match align {
            Align::Center => ((max - b.width) / 2.0).max(0.0),
            Align::Right => (max - b.width).max(0.0),
            _ => 0.0,
        };
        let mut line = Line {
            height: line_height,
            width: b.width + extra * spaces as f32,
            ..Line::default()
        };
        let mut max_size: f32 = 0.0;
        let mut x = x0;
        // Only the spans the line overlaps (the spans are consecutive in `text`): a paragraph
        // of many spans costs each line its own spans, not all of them.
        let first = self
            .starts
            .partition_point(|&s| s <= b.start)
            .saturating_sub(1);
        for (si, span) in self.spans.iter().enumerate().skip(first) {
            let s0 = self.starts[si];
            if s0 >= b.end {
                break;
            }
            let s1 = s0 + span.text.len();
            let a = b.start.max(s0);
            let e = b.end.min(s1);
            if a >= e {
                continue;
            }
            max_size = max_size.max(span.size);
            let piece = &self.text[a..e];
            let span_x0 = x;
            // The link entry this span extends or starts (see below).
            let link = span.link.as_ref().map(|target| {
                let n = line.links.len();
                match line.links.last() {
                    Some((_, x1, t)) if t == target && (*x1 - span_x0).abs() < 0.01 => n - 1,
                    _ => n,
                }
            });
            let lang = match &span.lang {
                None => 0,
                Some(l) => match line.langs.iter().position(|x| x == l) {
                    Some(i) => i as u16 + 1,
                    None => {
                        line.langs.push(l.clone());
                        line.langs.len().min(u16::MAX as usize) as u16
                    }
                },
            };
            for (face, t) in fonts.runs(span.face, piece) {
                let mut run = Run {
                    x,
                    y: -span.rise,
                    face,
                    size: span.size,
                    color: span.color,
                    items: Vec::new(),
                    mark: Mark::Unset,
                    link: link.map(|l| l as u32),
                    note_ref: span.footnote.is_some(),
                    lang,
                };
                let mut w = 0.0;
                if extra > 0.0 {
                    let mut buf = String::new();
                    for c in t.chars() {
                        buf.push(c);
                        w += fonts.advance(face, c) * span.size / 1000.0;
                        if c == ' ' {
                            run.items.push(Piece::Text(std::mem::take(&mut buf)));
                            run.items.push(Piece::Offset(-extra * 1000.0 / span.size));
                            w += extra;
                        }
                    }
                    if !buf.is_empty() {
                        run.items.push(Piece::Text(buf));
                    }
                } else {
                    w = t.chars().map(|c| fonts.advance(face, c)).sum::<f32>() * span.size / 1000.0;
                    run.items.push(Piece::Text(t));
                }
                x += w;
                line.runs.push(run);
            }
            if let Some(target) = &span.link {
                match line.links.last_mut() {
                    Some((_, x1, t)) if t == target && (*x1 - span_x0).abs() < 0.01 => *x1 = x,
                    _ => line.links.push((span_x0, x, target.clone())),
                }
            }
            if span.strike {
                line.strikes.push((span_x0, x, 0.0, span.size));
            }
            if let Some(f) = &span.footnote {
                line.footnotes.push(f.clone());
            }
        }
        // Baseline: centre the face's ascent+descent box in the line.
        let size = if max_size > 0.0 {
            max_size
        } else {
            line_height / 1.4
        };
        let baseline = (line_height - 1.36 * size) / 2.0 + 1.07 * size;
        for r in &mut line.runs {
            r.y += baseline;
        }
        for s in &mut line.strikes {
            s.2 = baseline - s.3 * 0.3;
        }
        line
    }
}

/// Lays out spans into lines of `max` width.
pub(crate) fn lay_out(
    fonts: &Fonts,
    spans: &[Span],
    max: f32,
    align: Align,
    leading: f32,
) -> Vec<Line> {
    if spans.is_empty() {
        return Vec::new();
    }
    let m = Measured::new(fonts, spans);
    let height = spans.iter().map(|s| s.size).fold(0.0, f32::max) * leading;
    m.break_lines(max)
        .into_iter()
        .map(|b| m.line(fonts, b, max, align, height))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(fonts: &Fonts, text: &str, size: f32) -> Vec<Span> {
        let mut missing = BTreeSet::new();
        let mut f = Flattener {
            fonts,
            missing: &mut missing,
            link_color: None,
        };
        f.text(
            text,
            Base {
                family: Family::Serif,
                bold: false,
                italic: false,
                size,
                color: BLACK,
            },
        )
    }

    fn texts(m: &Measured, lines: &[Broken]) -> Vec<String> {
        lines
            .iter()
            .map(|l| m.text[l.start..l.end].to_owned())
            .collect()
    }

    #[test]
    fn breaks_at_spaces_within_the_width() {
        let fonts = Fonts::load();
        let s = spans(
            &fonts,
            "Mỗi lô tôm được ghi nhận từ ao nuôi đến nhà máy chế biến.",
            10.0,
        );
        let m = Measured::new(&fonts, &s);
        let lines = m.break_lines(100.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(l.width <= 100.01, "{l:?}");
        }
        let joined = texts(&m, &lines).join(" ");
        assert_eq!(
            joined,
            "Mỗi lô tôm được ghi nhận từ ao nuôi đến nhà máy chế biến."
        );
        assert!(lines.last().unwrap().last);
        assert!(!lines[0].last);
    }

    #[test]
    fn long_tokens_break_anywhere() {
        let fonts = Fonts::load();
        let url = "https://id.gs1.org/01/08931234567897/10/AO03-250615-01/21/000123456789";
        let s = spans(&fonts, &format!("Xem {url} nhé"), 10.0);
        let m = Measured::new(&fonts, &s);
        let lines = m.break_lines(80.0);
        for l in &lines {
            assert!(l.width <= 80.01, "{l:?} {}", &m.text[l.start..l.end]);
        }
        let all: String = texts(&m, &lines).concat();
        assert_eq!(all.replace(' ', ""), format!("Xem{url}nhé"));
    }

    #[test]
    fn no_line_ends_in_a_hyphen_inside_a_code() {
        let fonts = Fonts::load();
        let s = spans(
            &fonts,
            "Theo Thông tư số 17/2021/TT-BNNPTNT và mã lô AO03-250615-01 của hợp tác xã.",
            10.0,
        );
        let m = Measured::new(&fonts, &s);
        for w in [40.0, 60.0, 90.0, 130.0, 200.0] {
            for l in m.break_lines(w) {
                let t = &m.text[l.start..l.end];
                assert!(!t.ends_with('-'), "{w}: {t:?}");
            }
        }
    }

    #[test]
    fn forced_breaks_end_lines() {
        let fonts = Fonts::load();
        let s = spans(&fonts, "một\nhai ba", 10.0);
        let m = Measured::new(&fonts, &s);
        let lines = m.break_lines(500.0);
        assert_eq!(texts(&m, &lines), ["một", "hai ba"]);
        assert!(lines[0].last && lines[1].last);
    }

    #[test]
    fn justified_lines_fill_the_width_and_the_last_does_not() {
        let fonts = Fonts::load();
        let s = spans(&fonts, &"truy xuất nguồn gốc ".repeat(20), 10.0);
        let lines = lay_out(&fonts, &s, 200.0, Align::Justify, 14.0);
        assert!(lines.len() > 2);
        for l in &lines[..lines.len() - 1] {
            assert!((l.width - 200.0).abs() < 0.05, "{}", l.width);
            assert!(l
                .runs
                .iter()
                .any(|r| r.items.iter().any(|p| matches!(p, Piece::Offset(_)))));
        }
        assert!(lines.last().unwrap().width < 200.0);
    }

    #[test]
    fn widths_add_up() {
        let fonts = Fonts::load();
        let s = spans(&fonts, "ab", 10.0);
        let m = Measured::new(&fonts, &s);
        assert!((m.w(0, 2) - (m.w(0, 1) + m.w(1, 2))).abs() < 1e-4);
        assert!((m.max_width() - m.w(0, 2)).abs() < 1e-4);
    }
}
