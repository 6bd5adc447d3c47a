//! Display lists → printpdf operations. Here the references left open by the layout are
//! resolved: page numbers in the contents (with dot leaders), link destinations, the running
//! header and footer (the edition as the document model names it, "Trang x / N"), and in print the crop marks.
//!
//! Everything drawn is marked: the layout's content in `/P <</MCID n>> BDC … EMC` (the tag of
//! its structure element), the rest as artifacts (`/Artifact <</Type /Pagination /Subtype
//! /Header>> BDC`…), written here as short placeholders the `post` pass expands (see
//! [`begin`]). Consecutive pieces with the same mark share one sequence.

use printpdf as pp;
use sotay_doc::Document;

use crate::fonts::{Family, Fonts, Usage};
use crate::geometry::{Geometry, MM};
use crate::layout::{Laid, PageKind, Shape};
use crate::tags::{Art, Mark};
use crate::text::{Piece, Rgb, Run, Target, ACCENT, BLACK, MUTED};
use crate::Edition;

/// Lower-case roman numerals for front-matter page numbers.
pub(crate) fn roman(mut n: usize) -> String {
    const T: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// The printed number of page `idx` (0-based): roman in the front matter, then 1, 2, 3…
pub(crate) fn page_label(idx: usize, body_start: usize) -> String {
    if idx < body_start {
        roman(idx + 1)
    } else {
        (idx - body_start + 1).to_string()
    }
}

fn color(c: Rgb) -> pp::Color {
    pp::Color::Rgb(pp::Rgb::new(c.0, c.1, c.2, None))
}

struct Ctx<'a> {
    geo: &'a Geometry,
    ox: f32,
    oy: f32,
}

impl Ctx<'_> {
    fn px(&self, x: f32) -> pp::Pt {
        pp::Pt(self.ox + x)
    }

    fn py(&self, y: f32) -> pp::Pt {
        pp::Pt(self.oy + self.geo.page_h - y)
    }
}

fn font_id(face: usize) -> pp::FontId {
    pp::FontId(format!("F{}", face + 1))
}

/// Opens the marked-content sequence of `mark` (nothing for [`Mark::Unset`]) as a
/// placeholder, `/m12 BMC` for MCID 12 or `/a3 BMC` for an artifact of the fourth kind, which
/// the `post` pass expands to `/P <</MCID 12>> BDC` or `/Artifact <</Type /Pagination
/// /Subtype /Footer>> BDC`. printpdf keeps every page's operations until the file is written,
/// and a `BDC` property list there is a `BTreeMap` of about 0.8 KB: tens of megabytes for a
/// long handbook, where a placeholder name costs a few bytes.
fn begin(mark: Mark, ops: &mut Vec<pp::Op>) {
    let tag = match mark {
        Mark::Unset => return,
        Mark::Mcid(m) => format!("m{m}"),
        Mark::Artifact(a) => format!("a{}", a.index()),
    };
    ops.push(pp::Op::BeginMarkedContent { tag });
}

fn end(mark: Mark, ops: &mut Vec<pp::Op>) {
    if mark != Mark::Unset {
        ops.push(pp::Op::EndMarkedContent);
    }
}

/// Text runs as one text object (keeps a cell's or a paragraph's text together), each run in
/// its mark's marked-content sequence.
fn text_ops(ctx: &Ctx, runs: &[Run], usage: &mut Usage, ops: &mut Vec<pp::Op>) {
    if runs.is_empty() {
        return;
    }
    ops.push(pp::Op::StartTextSection);
    let mut cur_color: Option<Rgb> = None;
    let mut cur_font: Option<(usize, f32)> = None;
    let mut open: Option<Mark> = None;
    for r in runs {
        if open != Some(r.mark) {
            if let Some(m) = open {
                end(m, ops);
            }
            begin(r.mark, ops);
            open = Some(r.mark);
        }
        if cur_color != Some(r.color) {
            ops.push(pp::Op::SetFillColor {
                col: color(r.color),
            });
            cur_color = Some(r.color);
        }
        if cur_font != Some((r.face, r.size)) {
            ops.push(pp::Op::SetFont {
                font: pp::PdfFontHandle::External(font_id(r.face)),
                size: pp::Pt(r.size),
            });
            cur_font = Some((r.face, r.size));
        }
        ops.push(pp::Op::SetTextMatrix {
            matrix: pp::TextMatrix::Translate(ctx.px(r.x), ctx.py(r.y)),
        });
        let mut items = Vec::with_capacity(r.items.len());
        for p in &r.items {
            match p {
                Piece::Text(t) => {
                    usage.add(r.face, t);
                    items.push(pp::TextItem::Text(t.clone()));
                }
                Piece::Offset(o) => items.push(pp::TextItem::Offset(*o)),
            }
        }
        ops.push(pp::Op::ShowText { items });
    }
    if let Some(m) = open {
        end(m, ops);
    }
    ops.push(pp::Op::EndTextSection);
}

/// Shapes, each in its mark's marked-content sequence: images and QR codes carry theirs, the
/// rest (rules, backgrounds, borders) are artifacts of kind `art`.
fn shapes_ops(ctx: &Ctx, shapes: &[Shape], art: Art, ops: &mut Vec<pp::Op>) {
    let mut open: Option<Mark> = None;
    for s in shapes {
        let mark = match s {
            Shape::Image { mark, .. } | Shape::Qr { mark, .. } | Shape::Ink { mark, .. } => *mark,
            _ => Mark::Artifact(art),
        };
        if open != Some(mark) {
            if let Some(m) = open {
                end(m, ops);
            }
            begin(mark, ops);
            open = Some(mark);
        }
        shape_ops(ctx, s, ops);
    }
    if let Some(m) = open {
        end(m, ops);
    }
}

fn shape_ops(ctx: &Ctx, s: &Shape, ops: &mut Vec<pp::Op>) {
    match s {
        Shape::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
            dash,
        } => {
            if let Some(f) = fill {
                ops.push(pp::Op::SetFillColor { col: color(*f) });
            }
            if let Some((c, width)) = stroke {
                ops.push(pp::Op::SetOutlineColor { col: color(*c) });
                ops.push(pp::Op::SetOutlineThickness { pt: pp::Pt(*width) });
            }
            if *dash {
                ops.push(pp::Op::SetLineDashPattern {
                    dash: pp::LineDashPattern::new(0.0, &[3.0, 2.0]),
                });
            }
            let mode = match (fill.is_some(), stroke.is_some()) {
                (true, true) => pp::PaintMode::FillStroke,
                (false, true) => pp::PaintMode::Stroke,
                _ => pp::PaintMode::Fill,
            };
            ops.push(pp::Op::DrawRectangle {
                rectangle: pp::Rect {
                    x: ctx.px(*x),
                    y: ctx.py(y + h),
                    width: pp::Pt(*w),
                    height: pp::Pt(*h),
                    mode: Some(mode),
                    winding_order: None,
                },
            });
            if *dash {
                ops.push(pp::Op::SetLineDashPattern {
                    dash: pp::LineDashPattern::solid(),
                });
            }
        }
        Shape::Line {
            x1,
            y1,
            x2,
            y2,
            color: c,
            width,
        } => {
            ops.push(pp::Op::SetOutlineColor { col: color(*c) });
            ops.push(pp::Op::SetOutlineThickness { pt: pp::Pt(*width) });
            ops.push(pp::Op::DrawLine {
                line: pp::Line {
                    points: vec![
                        pp::LinePoint {
                            p: pp::Point {
                                x: ctx.px(*x1),
                                y: ctx.py(*y1),
                            },
                            bezier: false,
                        },
                        pp::LinePoint {
                            p: pp::Point {
                                x: ctx.px(*x2),
                                y: ctx.py(*y2),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
        }
        Shape::Qr {
            x,
            y,
            module,
            width,
            dark,
            ..
        } => {
            // One path; each horizontal run of dark modules is a rectangle.
            let mut rings = Vec::new();
            for row in 0..*width {
                let mut col = 0;
                while col < *width {
                    if dark[row * width + col] {
                        let start = col;
                        while col < *width && dark[row * width + col] {
                            col += 1;
                        }
                        let x0 = x + start as f32 * module;
                        let x1 = x + col as f32 * module;
                        let y0 = y + row as f32 * module;
                        let y1 = y0 + module;
                        let pt = |px: f32, py: f32| pp::LinePoint {
                            p: pp::Point {
                                x: ctx.px(px),
                                y: ctx.py(py),
                            },
                            bezier: false,
                        };
                        rings.push(pp::PolygonRing {
                            points: vec![pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1)],
                        });
                    } else {
                        col += 1;
                    }
                }
            }
            ops.push(pp::Op::SetFillColor {
                col: color(Rgb(0.0, 0.0, 0.0)),
            });
            ops.push(pp::Op::DrawPolygon {
                polygon: pp::Polygon {
                    rings,
                    mode: pp::PaintMode::Fill,
                    winding_order: pp::WindingOrder::NonZero,
                },
            });
        }
        Shape::Ink {
            strokes,
            width,
            color: c,
            ..
        } => {
            ops.push(pp::Op::SaveGraphicsState);
            ops.push(pp::Op::SetOutlineColor { col: color(*c) });
            ops.push(pp::Op::SetOutlineThickness { pt: pp::Pt(*width) });
            ops.push(pp::Op::SetLineCapStyle {
                cap: pp::LineCapStyle::Round,
            });
            ops.push(pp::Op::SetLineJoinStyle {
                join: pp::LineJoinStyle::Round,
            });
            for stroke in strokes {
                let mut points: Vec<pp::LinePoint> = stroke
                    .iter()
                    .map(|(x, y)| pp::LinePoint {
                        p: pp::Point {
                            x: ctx.px(*x),
                            y: ctx.py(*y),
                        },
                        bezier: false,
                    })
                    .collect();
                // A dot: a zero-length segment, drawn by the round cap.
                if points.len() == 1 {
                    points.push(points[0].clone());
                }
                ops.push(pp::Op::DrawLine {
                    line: pp::Line {
                        points,
                        is_closed: false,
                    },
                });
            }
            ops.push(pp::Op::RestoreGraphicsState);
        }
        Shape::Image {
            key, x, y, w, h, ..
        } => {
            ops.push(pp::Op::SaveGraphicsState);
            ops.push(pp::Op::UseXobject {
                id: pp::XObjectId(key.clone()),
                transform: pp::XObjectTransform {
                    translate_x: Some(ctx.px(*x)),
                    translate_y: Some(ctx.py(y + h)),
                    scale_x: Some(*w),
                    scale_y: Some(*h),
                    no_auto_scale: true,
                    ..Default::default()
                },
            });
            ops.push(pp::Op::RestoreGraphicsState);
        }
    }
}

/// Runs of `text` in one style starting at `x` (already resolved per character), all marked
/// `mark`.
#[allow(clippy::too_many_arguments)]
fn runs_of(
    fonts: &Fonts,
    face: usize,
    size: f32,
    col: Rgb,
    text: &str,
    x: f32,
    y: f32,
    mark: Mark,
) -> Vec<Run> {
    let mut out = Vec::new();
    let mut x = x;
    for (f, t) in fonts.runs(face, text) {
        let w = fonts.width(f, size, &t);
        out.push(Run {
            x,
            y,
            face: f,
            size,
            color: col,
            items: vec![Piece::Text(t)],
            mark,
            link: None,
            note_ref: false,
            lang: 0,
        });
        x += w;
    }
    out
}

/// `text` shortened with "…" to fit `max`. Linear in the text: a chapter title of 20 KB in
/// every running header used to take seconds a page, measuring it again after each character
/// taken off.
fn fit(fonts: &Fonts, face: usize, size: f32, text: &str, max: f32) -> String {
    if fonts.width(face, size, text) <= max {
        return text.to_owned();
    }
    // The longest prefix that leaves room for the ellipsis (widths add up, character by
    // character)…
    let room = max - fonts.width(face, size, "…");
    let mut w = 0.0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        w += fonts.width(face, size, c.encode_utf8(&mut [0; 4]));
        if w > room {
            break;
        }
        end = i + c.len_utf8();
    }
    // …checked as a whole, as it is drawn (rounding can differ by a hair).
    let mut s = &text[..end];
    while !s.is_empty() && fonts.width(face, size, &format!("{s}…")) > max {
        let last = s.chars().next_back().map_or(0, char::len_utf8);
        s = &s[..s.len() - last];
    }
    format!("{}…", s.trim_end())
}

/// The pages drawn, and for each page the indices (in its `links`) of the link annotations
/// drawn, in the order of the page's `/Annots`.
pub(crate) struct Rendered {
    pub pages: Vec<Drawn>,
    pub annots: Vec<Vec<u32>>,
}

/// One page written: its content stream, Flate-compressed when that is smaller
/// (`compressed`), marked content expanded; its link annotations in drawing order.
pub(crate) struct Drawn {
    pub content: Vec<u8>,
    pub compressed: bool,
    pub links: Vec<pp::LinkAnnotation>,
}

/// Draws every page, on both cores: the pages are split in two halves drawn side by side
/// (each page's content depends only on the layout, so the bytes do not depend on the split),
/// each page written and compressed as soon as it is drawn.
pub(crate) fn render(
    laid: &Laid,
    doc: &Document,
    fonts: &Fonts,
    geo: &Geometry,
    usage: &mut Usage,
    stamp: Option<&sotay_doc::CopyStamp>,
) -> Rendered {
    let n = laid.pages.len();
    let half = n / 2;
    let part = |range: std::ops::Range<usize>| {
        let mut u = Usage::default();
        (render_part(laid, doc, fonts, geo, &mut u, stamp, range), u)
    };
    let ((mut a, ua), (b, ub)) = rayon::join(|| part(0..half), || part(half..n));
    for u in [ua, ub] {
        for (face, chars) in u.chars {
            usage.chars.entry(face).or_default().extend(chars);
        }
    }
    a.pages.extend(b.pages);
    a.annots.extend(b.annots);
    a
}

/// Draws the pages in `part`.
fn render_part(
    laid: &Laid,
    doc: &Document,
    fonts: &Fonts,
    geo: &Geometry,
    usage: &mut Usage,
    stamp: Option<&sotay_doc::CopyStamp>,
    part: std::ops::Range<usize>,
) -> Rendered {
    let ctx = Ctx {
        geo,
        ox: geo.slug,
        oy: geo.slug,
    };
    // The screen edition's credits page after the book is no numbered page of it.
    let total_body = laid
        .pages
        .iter()
        .skip(laid.body_start)
        .filter(|p| p.kind != PageKind::Credits)
        .count();
    let serif = fonts.face(Family::Serif, false, false);
    let sans = fonts.face(Family::Sans, false, false);
    let print = geo.edition == Edition::Print;
    // The footer's name of the edition, as the document model words it (once, not per page).
    let footer_edition = doc.meta.front().footer_edition.unwrap_or_default();
    let mut out = Vec::with_capacity(part.len());
    let mut annots = Vec::with_capacity(part.len());
    let mut buf = Vec::new();
    for (idx, page) in laid
        .pages
        .iter()
        .enumerate()
        .take(part.end)
        .skip(part.start)
    {
        let mut ops = Vec::new();
        shapes_ops(&ctx, &page.bg, Art::Layout, &mut ops);
        // Contents: page numbers and dot leaders.
        let mut runs = page.runs.clone();
        for r in &page.refs {
            let Some(&(target, _)) = laid.anchors.get(&r.anchor) else {
                continue;
            };
            let label = page_label(target, laid.body_start);
            let nw = fonts.width(r.face, r.size, &label);
            runs.extend(runs_of(
                fonts,
                r.face,
                r.size,
                r.color,
                &label,
                r.x1 - nw,
                r.y,
                r.mark,
            ));
            let pitch = r.size * 0.6;
            let dot_w = fonts.width(serif, r.size, ".");
            let from = ((r.x0 + r.size * 0.6) / pitch).ceil() * pitch;
            let to = r.x1 - nw - r.size * 0.5;
            let n = ((to - from) / pitch).floor().max(0.0) as usize;
            if n > 0 {
                let mut items = Vec::with_capacity(2 * n);
                for i in 0..n {
                    items.push(Piece::Text(".".to_owned()));
                    if i + 1 < n {
                        items.push(Piece::Offset(-(pitch - dot_w) * 1000.0 / r.size));
                    }
                }
                runs.push(Run {
                    x: from,
                    y: r.y,
                    face: serif,
                    size: r.size,
                    color: MUTED,
                    items,
                    mark: Mark::Artifact(Art::Layout),
                    link: None,
                    note_ref: false,
                    lang: 0,
                });
            }
        }
        text_ops(&ctx, &runs, usage, &mut ops);
        shapes_ops(&ctx, &page.fg, Art::Layout, &mut ops);
        // Running header and footer.
        let s = geo.size.running;
        let mut rr = Vec::new();
        let mut rules = Vec::new();
        let mut stamp_shapes = Vec::new();
        let decorated = matches!(page.kind, PageKind::Front | PageKind::Body);
        let (left, right) = (page.left, page.left + geo.text_w());
        let recto = Geometry::is_recto(idx);
        if decorated && !page.opening {
            let title = if doc.meta.title.is_empty() {
                "Sổ tay truy xuất nguồn gốc"
            } else {
                doc.meta.title.as_str()
            };
            let chap = page.header.clone().unwrap_or_default();
            let y = geo.header_y;
            let tw = geo.text_w();
            let title = fonts.visible(sans, title);
            let chap = fonts.visible(sans, &chap);
            let (l, r) = if print {
                if recto {
                    (String::new(), chap)
                } else {
                    (title, String::new())
                }
            } else {
                (title, chap)
            };
            if !l.is_empty() {
                let t = fit(
                    fonts,
                    sans,
                    s,
                    &l,
                    if r.is_empty() { tw } else { tw * 0.48 },
                );
                rr.extend(runs_of(
                    fonts,
                    sans,
                    s,
                    MUTED,
                    &t,
                    left,
                    y,
                    Mark::Artifact(Art::Header),
                ));
            }
            if !r.is_empty() {
                let t = fit(
                    fonts,
                    sans,
                    s,
                    &r,
                    if l.is_empty() { tw } else { tw * 0.48 },
                );
                let w = fonts.width(sans, s, &t);
                rr.extend(runs_of(
                    fonts,
                    sans,
                    s,
                    MUTED,
                    &t,
                    right - w,
                    y,
                    Mark::Artifact(Art::Header),
                ));
            }
            rules.push(Shape::Line {
                x1: left,
                y1: y + s * 0.6,
                x2: right,
                y2: y + s * 0.6,
                color: Rgb(0.75, 0.75, 0.75),
                width: 0.4,
            });
        }
        if decorated {
            let y = geo.footer_y;
            let num = if idx < laid.body_start {
                format!("Trang {}", page_label(idx, laid.body_start))
            } else {
                format!(
                    "Trang {} / {}",
                    page_label(idx, laid.body_start),
                    total_body
                )
            };
            let mut edition = footer_edition.clone();
            // A distributed copy names its serial and recipient on every page.
            // (The edition label stays on the cover and colophon; the footer has room for one.)
            if let Some(st) = stamp {
                let line = fonts.visible(sans, &st.line());
                let room = geo.text_w() - fonts.width(sans, s, "Trang 000 / 000") - 12.0;
                edition = fit(fonts, sans, s, &line, room);
            }
            let nw = fonts.width(sans, s, &num);
            let ew = fonts.width(sans, s, &edition);
            // The number on the outer edge in print; on the right on screen.
            let num_right = !print || recto;
            let (num_x, ed_x) = if num_right {
                (right - nw, left)
            } else {
                (left, right - ew)
            };
            let (pn, ft) = (Mark::Artifact(Art::PageNum), Mark::Artifact(Art::Footer));
            rr.extend(runs_of(fonts, sans, s, BLACK, &num, num_x, y, pn));
            rr.extend(runs_of(fonts, sans, s, MUTED, &edition, ed_x, y, ft));
        }
        // The colophon of a distributed copy: its stamp and QR code at the foot of the text.
        if let (Some(st), PageKind::Colophon) = (stamp, page.kind) {
            let size = geo.size.note;
            let qr_w = 72.0;
            // Above the colophon's own text, which sits at the foot of the page.
            let text_top = page.runs.iter().map(|r| r.y).fold(geo.footer_y, f32::min);
            let y_qr = text_top - size * 3.0 - qr_w;
            let line = fonts.visible(sans, &st.line());
            let copy = Mark::Artifact(Art::Pagination);
            rr.extend(runs_of(
                fonts,
                sans,
                size * 1.1,
                BLACK,
                &line,
                left,
                y_qr - size * 1.8,
                copy,
            ));
            if let Some(m) = sotay_doc::qr::matrix(&st.qr_data) {
                let module = qr_w / m.width as f32;
                stamp_shapes.push(Shape::Qr {
                    x: left,
                    y: y_qr,
                    module,
                    width: m.width,
                    dark: m.dark,
                    mark: copy,
                });
                let data = fit(
                    fonts,
                    sans,
                    size * 0.85,
                    &st.qr_data,
                    geo.text_w() - qr_w - 12.0,
                );
                rr.extend(runs_of(
                    fonts,
                    sans,
                    size * 0.85,
                    MUTED,
                    &data,
                    left + qr_w + 12.0,
                    y_qr + qr_w / 2.0,
                    copy,
                ));
            }
        }
        // A distributed copy's words on the cover ("Bản số 003", from the document model), in
        // the paragraph the layout kept for them, framed like a controlled copy's stamp.
        if let (Some(st), Some(slot)) = (stamp, &page.copy_slot) {
            let bold = fonts.face(Family::Sans, true, false);
            let words = fonts.visible(bold, &st.cover());
            let tw = fonts.width(bold, slot.size, &words);
            let pad = slot.size * 0.6;
            let x = slot.right - pad - tw;
            rr.extend(runs_of(
                fonts,
                bold,
                slot.size,
                ACCENT,
                &words,
                x,
                slot.baseline,
                slot.mark,
            ));
            stamp_shapes.push(Shape::Rect {
                x: x - pad,
                y: slot.baseline - slot.size * 1.05,
                w: tw + 2.0 * pad,
                h: slot.size * 1.45,
                fill: None,
                stroke: Some((ACCENT, 0.8)),
                dash: false,
            });
        }
        text_ops(&ctx, &rr, usage, &mut ops);
        shapes_ops(&ctx, &rules, Art::Header, &mut ops);
        shapes_ops(&ctx, &stamp_shapes, Art::Pagination, &mut ops);
        if print {
            crop_marks(&ctx, &mut ops);
        }
        let mut drawn = Vec::new();
        if !print {
            for (li, l) in page.links.iter().enumerate() {
                // Every annotation is tagged: links without a `Link` element are not drawn.
                if l.node.is_none() {
                    continue;
                }
                let actions = match &l.target {
                    Target::Uri(u) => pp::Actions::Uri(u.clone()),
                    Target::Anchor(a) => match laid.anchors.get(a) {
                        Some(&(p, y)) => pp::Actions::go_to(pp::Destination::Xyz {
                            page: p + 1,
                            left: None,
                            top: Some(ctx.py(y - 4.0).0),
                            zoom: None,
                        }),
                        None => continue,
                    },
                };
                ops.push(pp::Op::LinkAnnotation {
                    link: pp::LinkAnnotation::new(
                        pp::Rect {
                            x: ctx.px(l.x),
                            y: ctx.py(l.y + l.h),
                            width: pp::Pt(l.w),
                            height: pp::Pt(l.h),
                            mode: None,
                            winding_order: None,
                        },
                        actions,
                        Some(pp::BorderArray::Solid([0.0, 0.0, 0.0])),
                        None,
                        Some(pp::HighlightingMode::Invert),
                    ),
                });
                drawn.push(li as u32);
            }
        }
        annots.push(drawn);
        // Written now; the operations go.
        buf.clear();
        let mut links = Vec::new();
        crate::content::encode(&ops, fonts, &mut buf, &mut links);
        drop(ops);
        let expanded = crate::tags::expand(&buf, &laid.tree, &page.marks);
        let (content, compressed) = match crate::content::deflate(&expanded) {
            Some(z) if z.len() + 19 < expanded.len() => (z, true),
            _ => (expanded, false),
        };
        out.push(Drawn {
            content,
            compressed,
            links,
        });
    }
    Rendered { pages: out, annots }
}

/// Crop marks at the trim corners, outside the bleed: printer's marks (page artifacts).
fn crop_marks(ctx: &Ctx, ops: &mut Vec<pp::Op>) {
    let geo = ctx.geo;
    let (w, h) = (geo.page_w, geo.page_h);
    let near = geo.bleed + 1.0 * MM;
    let far = geo.slug - 1.0 * MM;
    let mut lines = Vec::new();
    for (cx, sx) in [(0.0, -1.0), (w, 1.0)] {
        for (cy, sy) in [(0.0, -1.0), (h, 1.0)] {
            // Horizontal mark level with the trim edge, vertical mark level with the side.
            lines.push((cx + sx * near, cy, cx + sx * far, cy));
            lines.push((cx, cy + sy * near, cx, cy + sy * far));
        }
    }
    let shapes: Vec<Shape> = lines
        .into_iter()
        .map(|(x1, y1, x2, y2)| Shape::Line {
            x1,
            y1,
            x2,
            y2,
            color: Rgb(0.0, 0.0, 0.0),
            width: 0.3,
        })
        .collect();
    shapes_ops(ctx, &shapes, Art::Page, ops);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_roman_then_arabic() {
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(14), "xiv");
        assert_eq!(page_label(2, 4), "iii");
        assert_eq!(page_label(4, 4), "1");
        assert_eq!(page_label(10, 4), "7");
    }

    #[test]
    fn running_heads_are_cut_to_fit_like_one_character_at_a_time() {
        let fonts = Fonts::load();
        let face = fonts.face(crate::fonts::Family::Sans, false, false);
        // What `fit` did before, one character off at a time (quadratic).
        let slow = |text: &str, max: f32| {
            if fonts.width(face, 9.0, text) <= max {
                return text.to_owned();
            }
            let mut s = text.to_owned();
            while !s.is_empty() && fonts.width(face, 9.0, &format!("{s}…")) > max {
                s.pop();
            }
            format!("{}…", s.trim_end())
        };
        let title = "Chương 3. Sản phẩm và chuỗi cung ứng tôm sú nguyên con đông lạnh ".repeat(4);
        for max in [0.0, 5.0, 40.0, 100.0, 233.3, 400.0, 2000.0] {
            assert_eq!(
                fit(&fonts, face, 9.0, &title, max),
                slow(&title, max),
                "{max}"
            );
        }
        // A title of 20,000 characters: cut in one pass.
        let long = "Tr* ".repeat(5000);
        let cut = fit(&fonts, face, 9.0, &long, 300.0);
        assert!(cut.ends_with('…') && fonts.width(face, 9.0, &cut) <= 300.0);
        assert!(long.starts_with(cut.trim_end_matches('…')));
    }
}
