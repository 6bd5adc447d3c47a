//! The `lopdf` pass over printpdf's document: what printpdf does not write (a nested outline,
//! page labels, bleed and trim boxes, the document language, complete metadata) and what it
//! writes non-deterministically (the trailer `/ID`).

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};
use sotay_doc::Document;

use crate::geometry::Geometry;
use crate::layout::{chapter_label, Laid};
use crate::Edition;

/// A PDF text string: UTF-16BE with a byte-order mark.
pub(crate) fn text_string(s: &str) -> Object {
    let mut b = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        b.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(b, StringFormat::Hexadecimal)
}

/// `D:YYYYMMDD120000+07'00'` from `YYYY-MM-DD`: noon, Vietnam time, on the edition's date (the
/// same calendar day in UTC, so every reader shows the date as written).
pub(crate) fn pdf_date(iso: &str) -> Option<String> {
    let p: Vec<&str> = iso.split('-').collect();
    match p.as_slice() {
        [y, m, d]
            if y.len() == 4
                && m.len() == 2
                && d.len() == 2
                && p.iter().all(|x| x.chars().all(|c| c.is_ascii_digit())) =>
        {
            Some(format!("D:{y}{m}{d}120000+07'00'"))
        }
        _ => None,
    }
}

struct Node {
    title: String,
    dest: Option<(usize, f32)>,
    children: Vec<Node>,
}

fn real(v: f32) -> Object {
    Object::Real((v * 100.0).round() / 100.0)
}

/// Writes one level of the outline; returns (first, last, visible count).
fn write_outline(
    doc: &mut lopdf::Document,
    nodes: &[Node],
    parent: ObjectId,
    pages: &[ObjectId],
    geo: &Geometry,
) -> Option<(ObjectId, ObjectId, i64)> {
    if nodes.is_empty() {
        return None;
    }
    let ids: Vec<ObjectId> = nodes.iter().map(|_| doc.new_object_id()).collect();
    let mut count = 0i64;
    for (i, n) in nodes.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text_string(&n.title));
        d.set("Parent", Object::Reference(parent));
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if i + 1 < ids.len() {
            d.set("Next", Object::Reference(ids[i + 1]));
        }
        if let Some((p, y)) = n.dest {
            if let Some(&page) = pages.get(p) {
                let top = geo.slug + geo.page_h - y + 6.0;
                d.set(
                    "Dest",
                    Object::Array(vec![
                        Object::Reference(page),
                        Object::Name(b"XYZ".to_vec()),
                        Object::Null,
                        real(top),
                        Object::Null,
                    ]),
                );
            }
        }
        if let Some((first, last, _)) = write_outline(doc, &n.children, ids[i], pages, geo) {
            d.set("First", Object::Reference(first));
            d.set("Last", Object::Reference(last));
            // Negative: closed, chapters show their sections when opened.
            d.set("Count", Object::Integer(-(n.children.len() as i64)));
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
        count += 1;
    }
    Some((ids[0], ids[ids.len() - 1], count))
}

/// The outline tree: contents, then chapters with their sections and subsections.
fn outline(laid: &Laid, d: &Document) -> Vec<Node> {
    let mut roots: Vec<Node> = vec![Node {
        title: "Mục lục".to_owned(),
        dest: laid.anchors.get("muc-luc").copied(),
        children: Vec::new(),
    }];
    for e in &d.toc {
        let title = match (e.level, &e.number) {
            (1, n) => {
                let ch = &d.chapters[e.chapter];
                match chapter_label(ch.role, n.as_deref()) {
                    Some(l) => format!("{l}. {}", e.title),
                    None => e.title.clone(),
                }
            }
            (_, Some(n)) => format!("{n} {}", e.title),
            (_, None) => e.title.clone(),
        };
        let node = Node {
            title,
            dest: laid.anchors.get(&e.id).copied(),
            children: Vec::new(),
        };
        // Attach under the last node of the level above (levels 1–3).
        let mut list = &mut roots;
        for _ in 1..e.level.clamp(1, 3) {
            if list.is_empty() {
                break;
            }
            let last = list.len() - 1;
            list = &mut list[last].children;
        }
        list.push(node);
    }
    roots
}

pub(crate) fn finish(
    mut doc: lopdf::Document,
    laid: &Laid,
    d: &Document,
    geo: &Geometry,
) -> Vec<u8> {
    doc.version = "1.7".to_owned();
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let print = geo.edition == Edition::Print;
    let (s, w, h, b) = (geo.slug, geo.page_w, geo.page_h, geo.bleed);
    let rect = |x0: f32, y0: f32, x1: f32, y1: f32| {
        Object::Array(vec![real(x0), real(y0), real(x1), real(y1)])
    };
    for &pid in &pages {
        if let Ok(Object::Dictionary(page)) = doc.get_object_mut(pid) {
            page.set("TrimBox", rect(s, s, s + w, s + h));
            if print {
                page.set("BleedBox", rect(s - b, s - b, s + w + b, s + h + b));
            }
            if matches!(page.get(b"Annots"), Ok(Object::Array(a)) if a.is_empty()) {
                page.remove(b"Annots");
            }
        }
    }

    // Nested outline.
    let outlines_id = doc.new_object_id();
    let tree = outline(laid, d);
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    if let Some((first, last, count)) = write_outline(&mut doc, &tree, outlines_id, &pages, geo) {
        outlines.set("First", Object::Reference(first));
        outlines.set("Last", Object::Reference(last));
        outlines.set("Count", Object::Integer(count));
    }
    doc.objects
        .insert(outlines_id, Object::Dictionary(outlines));

    // Page labels: i, ii, … for the front matter, then 1, 2, 3…
    let mut nums = Vec::new();
    if laid.body_start > 0 {
        nums.push(Object::Integer(0));
        let mut r = Dictionary::new();
        r.set("S", Object::Name(b"r".to_vec()));
        nums.push(Object::Dictionary(r));
    }
    if laid.body_start < pages.len() {
        nums.push(Object::Integer(laid.body_start as i64));
        let mut dd = Dictionary::new();
        dd.set("S", Object::Name(b"D".to_vec()));
        nums.push(Object::Dictionary(dd));
    }
    let mut labels = Dictionary::new();
    labels.set("Nums", Object::Array(nums));

    let lang = d.meta.lang.code();
    if let Ok(root) = doc.trailer.get(b"Root").and_then(Object::as_reference) {
        if let Ok(Object::Dictionary(cat)) = doc.get_object_mut(root) {
            cat.set("Outlines", Object::Reference(outlines_id));
            cat.set(
                "PageMode",
                Object::Name(if print {
                    b"UseNone".to_vec()
                } else {
                    b"UseOutlines".to_vec()
                }),
            );
            cat.set("PageLabels", Object::Dictionary(labels));
            cat.set("Lang", Object::string_literal(lang));
            let mut vp = Dictionary::new();
            vp.set("DisplayDocTitle", Object::Boolean(true));
            cat.set("ViewerPreferences", Object::Dictionary(vp));
        }
    }

    // Metadata from the edition.
    let m = &d.meta;
    let mut info = Dictionary::new();
    let title = if m.title.is_empty() {
        "Sổ tay truy xuất nguồn gốc"
    } else {
        m.title.as_str()
    };
    info.set("Title", text_string(title));
    if !m.issuing_body.is_empty() {
        info.set("Author", text_string(&m.issuing_body));
    }
    if !m.subtitle.is_empty() {
        info.set("Subject", text_string(&m.subtitle));
    }
    let mut keywords = vec!["truy xuất nguồn gốc".to_owned(), "sổ tay".to_owned()];
    for k in [&m.subtitle, &m.province] {
        if !k.is_empty() {
            keywords.push(k.clone());
        }
    }
    info.set("Keywords", text_string(&keywords.join(", ")));
    info.set("Creator", text_string("Sotay"));
    info.set(
        "Producer",
        text_string("Sotay PDF (printpdf 0.12, lopdf 0.44)"),
    );
    if let Some(date) = pdf_date(&m.date) {
        info.set("CreationDate", Object::string_literal(date.clone()));
        info.set("ModDate", Object::string_literal(date));
    }
    info.set("Trapped", Object::Name(b"False".to_vec()));
    let info_id = doc.add_object(Object::Dictionary(info));
    if let Ok(old) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        doc.objects.remove(&old);
    }
    doc.trailer.set("Info", Object::Reference(info_id));

    // A deterministic file identifier: a hash of the content.
    let mut hasher = Sha256::new();
    for (id, o) in &doc.objects {
        hasher.update(id.0.to_be_bytes());
        if let Object::Stream(st) = o {
            hasher.update((st.content.len() as u64).to_be_bytes());
            // Image pixels: their size and first bytes are identity enough (and hashing
            // megabytes of pixels would cost more than the rest of the pass).
            let image = st.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image");
            let n = if image {
                st.content.len().min(4096)
            } else {
                st.content.len()
            };
            hasher.update(&st.content[..n]);
        }
    }
    hasher.update(m.edition_id.as_bytes());
    hasher.update(m.date.as_bytes());
    let digest = hasher.finalize();
    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));

    compress(&mut doc);
    let mut out = Vec::new();
    let _ = doc.save_to(&mut out);
    out
}

/// zlib level: 4 is within a few per cent of 6 in size on our content and much faster.
const LEVEL: u32 = 4;

/// Flate-compresses every stream that has no filter yet (content streams, fonts, image
/// pixels), at the default level and on two threads; the result does not depend on the
/// threads (each stream is compressed on its own).
fn compress(doc: &mut lopdf::Document) {
    use std::io::Write;
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    let deflate = |s: &mut lopdf::Stream| {
        let mut e = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(s.content.len() / 3),
            flate2::Compression::new(LEVEL),
        );
        if e.write_all(&s.content).is_err() {
            return;
        }
        if let Ok(z) = e.finish() {
            if z.len() + 19 < s.content.len() {
                s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                s.set_content(z);
            }
        }
    };
    // Split the work by size into two halves.
    let total: usize = streams.iter().map(|s| s.content.len()).sum();
    let mut acc = 0;
    let split = streams
        .iter()
        .position(|s| {
            acc += s.content.len();
            acc * 2 >= total
        })
        .map_or(0, |i| i + 1);
    let (a, b) = streams.split_at_mut(split);
    std::thread::scope(|scope| {
        scope.spawn(|| a.iter_mut().for_each(|s| deflate(s)));
        b.iter_mut().for_each(|s| deflate(s));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_from_the_edition() {
        assert_eq!(
            pdf_date("2025-07-01").as_deref(),
            Some("D:20250701120000+07'00'")
        );
        assert_eq!(pdf_date(""), None);
        assert_eq!(pdf_date("2025-7-1"), None);
    }

    #[test]
    fn text_strings_are_utf16_with_bom() {
        let Object::String(b, _) = text_string("Sổ") else {
            panic!()
        };
        assert_eq!(b, [0xFE, 0xFF, 0x00, 0x53, 0x1E, 0xD5]);
    }
}
