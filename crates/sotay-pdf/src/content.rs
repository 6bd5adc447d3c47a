//! A page's drawing operations (printpdf's `Op`s, as `render` makes them) written straight
//! into its content stream, one operator a line, and compressed there and then: the page's
//! operations are dropped as soon as it is written, instead of every page's waiting for the
//! whole file (printpdf's `to_lopdf_document` kept them all and went through `lopdf`'s
//! generic operation list, a third of the time of a long handbook).
//!
//! Text is written as two-byte codes equal to the glyph ids of the bundled (unsubset) face:
//! a page can be written before the document knows which glyphs the subset keeps; the font's
//! `/CIDToGIDMap` (see `fonts::embed_all`) maps them to the subset's glyphs.

use printpdf as pp;

use crate::fonts::Fonts;
use crate::write::int;

/// Two-byte codes as a literal string: half the bytes of hex, so less to compress. Besides
/// the delimiters and the backslash, carriage return and line feed are escaped, so a string
/// never spans lines (`tags::expand` reads the stream line by line).
fn codes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

/// A number with at most three decimals (a thousandth of a point or of an em), never with an
/// exponent, without trailing zeros.
pub(crate) fn num(out: &mut Vec<u8>, v: f32) {
    if !v.is_finite() {
        out.push(b'0');
        return;
    }
    let milli = (f64::from(v) * 1000.0).round() as i64;
    if milli < 0 {
        out.push(b'-');
    }
    let m = milli.unsigned_abs();
    int(out, (m / 1000) as i64);
    let mut frac = m % 1000;
    if frac != 0 {
        out.push(b'.');
        let mut digits = 3;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        let s = frac.to_string();
        for _ in s.len()..digits {
            out.push(b'0');
        }
        out.extend_from_slice(s.as_bytes());
    }
}

fn nums(out: &mut Vec<u8>, vs: &[f32], op: &[u8]) {
    for &v in vs {
        num(out, v);
        out.push(b' ');
    }
    out.extend_from_slice(op);
    out.push(b'\n');
}

fn op(out: &mut Vec<u8>, op: &[u8]) {
    out.extend_from_slice(op);
    out.push(b'\n');
}

fn name(out: &mut Vec<u8>, n: &str) {
    crate::write::name(out, n.as_bytes());
}

fn color(out: &mut Vec<u8>, c: &pp::Color, stroke: bool) {
    let o: &[u8] = match (c, stroke) {
        (pp::Color::Rgb(_), false) => b"rg",
        (pp::Color::Rgb(_), true) => b"RG",
        (pp::Color::Greyscale(_), false) => b"g",
        (pp::Color::Greyscale(_), true) => b"G",
        (_, false) => b"k",
        (_, true) => b"K",
    };
    nums(out, &c.into_vec(), o);
}

/// The points of a path: `m`, then `l` (or `c` for two bezier handles and an end point).
fn path(out: &mut Vec<u8>, points: &[pp::LinePoint]) {
    let Some(first) = points.first() else {
        return;
    };
    nums(out, &[first.p.x.0, first.p.y.0], b"m");
    let mut i = 1;
    while i < points.len() {
        let p = &points[i];
        if p.bezier && i + 2 < points.len() && points[i + 1].bezier {
            let (c2, end) = (&points[i + 1], &points[i + 2]);
            nums(
                out,
                &[p.p.x.0, p.p.y.0, c2.p.x.0, c2.p.y.0, end.p.x.0, end.p.y.0],
                b"c",
            );
            i += 3;
        } else {
            nums(out, &[p.p.x.0, p.p.y.0], b"l");
            i += 1;
        }
    }
}

/// Writes `ops` as content-stream operators; link annotations are not content and are
/// handed back in `links`, in order. `fonts` gives each character's glyph id in the face the
/// font resource `F<n>` names (face `n - 1`).
pub(crate) fn encode(
    ops: &[pp::Op],
    fonts: &Fonts,
    out: &mut Vec<u8>,
    links: &mut Vec<pp::LinkAnnotation>,
) {
    let mut face: Option<usize> = None;
    for o in ops {
        match o {
            pp::Op::SaveGraphicsState => op(out, b"q"),
            pp::Op::RestoreGraphicsState => op(out, b"Q"),
            pp::Op::StartTextSection => op(out, b"BT"),
            pp::Op::EndTextSection => op(out, b"ET"),
            pp::Op::SetFont { font, size } => {
                let res = font.get_resource_name();
                face = res
                    .strip_prefix('F')
                    .and_then(|n| n.parse::<usize>().ok())
                    .and_then(|n| n.checked_sub(1))
                    .filter(|&f| f < fonts.faces.len());
                name(out, &res);
                out.push(b' ');
                nums(out, &[size.0], b"Tf");
            }
            pp::Op::ShowText { items } => {
                let simple = matches!(items.as_slice(), [pp::TextItem::Text(_)]);
                if !simple {
                    out.push(b'[');
                }
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b' ');
                    }
                    match it {
                        pp::TextItem::Text(t) => {
                            let mut bytes = Vec::with_capacity(t.len() * 2);
                            for c in t.chars() {
                                let gid = face.map_or(0, |f| fonts.faces[f].gid(c));
                                bytes.extend_from_slice(&gid.to_be_bytes());
                            }
                            codes(out, &bytes);
                        }
                        pp::TextItem::Offset(v) => num(out, *v),
                        pp::TextItem::GlyphIds(g) => {
                            let mut bytes = Vec::with_capacity(g.len() * 2);
                            for cp in g {
                                bytes.extend_from_slice(&cp.gid.to_be_bytes());
                            }
                            codes(out, &bytes);
                        }
                    }
                }
                op(out, if simple { b" Tj" } else { b"] TJ" });
            }
            pp::Op::SetTextMatrix { matrix } => nums(out, &matrix.as_array(), b"Tm"),
            pp::Op::SetTextCursor { pos } => nums(out, &[pos.x.0, pos.y.0], b"Td"),
            pp::Op::SetLineHeight { lh } => nums(out, &[lh.0], b"TL"),
            pp::Op::SetWordSpacing { pt } => nums(out, &[pt.0], b"Tw"),
            pp::Op::SetCharacterSpacing { multiplier } => nums(out, &[*multiplier], b"Tc"),
            pp::Op::SetLineOffset { multiplier } => nums(out, &[*multiplier], b"Ts"),
            pp::Op::SetHorizontalScaling { percent } => nums(out, &[*percent], b"Tz"),
            pp::Op::SetTextRenderingMode { mode } => {
                int(out, mode.id());
                op(out, b" Tr");
            }
            pp::Op::AddLineBreak => op(out, b"T*"),
            pp::Op::SetFillColor { col } => color(out, col, false),
            pp::Op::SetOutlineColor { col } => color(out, col, true),
            pp::Op::SetOutlineThickness { pt } => nums(out, &[pt.0], b"w"),
            pp::Op::SetLineDashPattern { dash } => {
                out.push(b'[');
                for (i, v) in dash.pattern.iter().enumerate() {
                    if i > 0 {
                        out.push(b' ');
                    }
                    num(out, *v);
                }
                out.extend_from_slice(b"] ");
                nums(out, &[dash.offset], b"d");
            }
            pp::Op::SetLineJoinStyle { join } => {
                int(out, join.id());
                op(out, b" j");
            }
            pp::Op::SetLineCapStyle { cap } => {
                int(out, cap.id());
                op(out, b" J");
            }
            pp::Op::SetMiterLimit { limit } => nums(out, &[limit.0], b"M"),
            pp::Op::SetTransformationMatrix { matrix } => nums(out, &matrix.as_array(), b"cm"),
            pp::Op::LoadGraphicsState { gs } => {
                name(out, &gs.0);
                op(out, b" gs");
            }
            pp::Op::DrawLine { line } => {
                path(out, &line.points);
                if line.is_closed {
                    op(out, b"h");
                }
                op(out, b"S");
            }
            pp::Op::DrawPolygon { polygon } => {
                for ring in &polygon.rings {
                    path(out, &ring.points);
                }
                if polygon.rings.is_empty() {
                    continue;
                }
                op(out, b"h");
                let w = polygon.winding_order;
                match polygon.mode {
                    pp::PaintMode::Clip => {
                        op(out, w.get_clip_op().as_bytes());
                        op(out, b"n");
                    }
                    pp::PaintMode::Fill => op(out, w.get_fill_op().as_bytes()),
                    pp::PaintMode::Stroke => op(out, b"S"),
                    pp::PaintMode::FillStroke => op(out, w.get_fill_stroke_close_op().as_bytes()),
                }
            }
            pp::Op::DrawRectangle { rectangle: r } => {
                nums(out, &[r.x.0, r.y.0, r.width.0, r.height.0], b"re");
                let w = r.winding_order.unwrap_or(pp::WindingOrder::NonZero);
                match r.mode {
                    Some(pp::PaintMode::Clip) => {
                        op(out, w.get_clip_op().as_bytes());
                        op(out, b"n");
                    }
                    Some(pp::PaintMode::Fill) => op(out, w.get_fill_op().as_bytes()),
                    Some(pp::PaintMode::Stroke) => op(out, b"S"),
                    Some(pp::PaintMode::FillStroke) => op(out, w.get_fill_stroke_op().as_bytes()),
                    None => {
                        match r.winding_order {
                            Some(pp::WindingOrder::NonZero) => op(out, b"W"),
                            Some(pp::WindingOrder::EvenOdd) => op(out, b"W*"),
                            None => {}
                        }
                        op(out, b"n");
                    }
                }
            }
            pp::Op::UseXobject { id, transform } => {
                // Placed by the transform alone (`render` sets `no_auto_scale`).
                let mut m = pp::CurTransMat::Identity.as_array();
                for t in transform.get_ctms(None) {
                    m = pp::CurTransMat::combine_matrix(m, t.as_array());
                }
                op(out, b"q");
                nums(out, &m, b"cm");
                name(out, &id.0);
                op(out, b" Do");
                op(out, b"Q");
            }
            pp::Op::BeginMarkedContent { tag } => {
                // `render`'s placeholders (`/m12 BMC`), one a line: `tags::expand` rewrites them.
                name(out, tag);
                op(out, b" BMC");
            }
            pp::Op::BeginMarkedContentWithProperties { tag, properties } => {
                name(out, tag);
                out.push(b' ');
                crate::write::object(out, &properties.to_lopdf());
                op(out, b" BDC");
            }
            pp::Op::EndMarkedContent | pp::Op::EndMarkedContentWithProperties => op(out, b"EMC"),
            pp::Op::Marker { id } => {
                name(out, id);
                op(out, b" MP");
            }
            pp::Op::LinkAnnotation { link } => links.push(link.clone()),
            other => {
                // Nothing the layout draws; a new kind of drawing must be written here.
                debug_assert!(
                    false,
                    "operation not written to the content stream: {other:?}"
                );
            }
        }
    }
}

/// zlib level of content streams and every other stream: 4 is within a few per cent of 6 in
/// size on our content and much faster.
pub(crate) const LEVEL: u32 = 4;

/// `bytes` Flate-compressed (zlib).
pub(crate) fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 64),
        flate2::Compression::new(LEVEL),
    );
    e.write_all(bytes).ok()?;
    e.finish().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: f32) -> String {
        let mut o = Vec::new();
        num(&mut o, v);
        String::from_utf8(o).unwrap()
    }

    #[test]
    fn numbers_have_at_most_three_decimals_and_no_exponent() {
        assert_eq!(n(0.0), "0");
        assert_eq!(n(12.0), "12");
        assert_eq!(n(-3.5), "-3.5");
        assert_eq!(n(595.2756), "595.276");
        assert_eq!(n(0.0404), "0.04");
        assert_eq!(n(0.005), "0.005");
        assert_eq!(n(-0.0004), "0");
        assert_eq!(n(1e-9), "0");
        assert_eq!(n(98765.25), "98765.25");
        assert_eq!(n(f32::NAN), "0");
    }

    #[test]
    fn text_and_shapes_are_written_as_operators() {
        let fonts = Fonts::load();
        let face = fonts.face(crate::fonts::Family::Serif, false, false);
        let ops = vec![
            pp::Op::StartTextSection,
            pp::Op::SetFont {
                font: pp::PdfFontHandle::External(pp::FontId(format!("F{}", face + 1))),
                size: pp::Pt(10.5),
            },
            pp::Op::SetTextMatrix {
                matrix: pp::TextMatrix::Translate(pp::Pt(72.0), pp::Pt(700.25)),
            },
            pp::Op::ShowText {
                items: vec![
                    pp::TextItem::Text("Sổ".into()),
                    pp::TextItem::Offset(-12.5),
                    pp::TextItem::Text("a".into()),
                ],
            },
            pp::Op::EndTextSection,
            pp::Op::SetFillColor {
                col: pp::Color::Rgb(pp::Rgb::new(1.0, 0.5, 0.0, None)),
            },
            pp::Op::DrawRectangle {
                rectangle: pp::Rect {
                    x: pp::Pt(1.0),
                    y: pp::Pt(2.0),
                    width: pp::Pt(3.0),
                    height: pp::Pt(4.0),
                    mode: Some(pp::PaintMode::Fill),
                    winding_order: None,
                },
            },
        ];
        let mut out = Vec::new();
        let mut links = Vec::new();
        encode(&ops, &fonts, &mut out, &mut links);
        // Read back as a PDF reader does.
        let content = lopdf::content::Content::decode(&out).expect("a valid content stream");
        let names: Vec<&str> = content
            .operations
            .iter()
            .map(|o| o.operator.as_str())
            .collect();
        assert_eq!(names, ["BT", "Tf", "Tm", "TJ", "ET", "rg", "re", "f"]);
        let code = |c: char| fonts.faces[face].gid(c).to_be_bytes().to_vec();
        let tj = &content.operations[3].operands[0];
        let lopdf::Object::Array(items) = tj else {
            panic!("{tj:?}")
        };
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].as_str().unwrap(), [code('S'), code('ổ')].concat());
        assert_eq!(items[1].as_float().unwrap(), -12.5);
        assert_eq!(items[2].as_str().unwrap(), code('a'));
        let text = String::from_utf8_lossy(&out);
        assert!(text.starts_with(&format!(
            "BT\n/F{} 10.5 Tf\n1 0 0 1 72 700.25 Tm\n[(",
            face + 1
        )));
        assert!(text.ends_with("ET\n1 0.5 0 rg\n1 2 3 4 re\nf\n"));
        // Codes that are delimiters, backslashes or line ends are escaped.
        let mut lit = Vec::new();
        codes(&mut lit, &[0x00, b'(', 0x0A, b')', 0x0D, b'\\']);
        assert_eq!(lit, b"(\0\\(\\n\\)\\r\\\\)".to_vec());
        assert!(links.is_empty());
    }
}
