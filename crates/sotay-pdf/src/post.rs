//! The `lopdf` pass over printpdf's document: what printpdf does not write (a nested outline,
//! page labels, bleed and trim boxes, the document language, complete metadata, the structure
//! tree, the XMP identification as PDF/A-2a and PDF/UA-1, the sRGB output intent) and what it
//! writes non-deterministically (the trailer `/ID`).

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};
use sotay_doc::Document;

use crate::geometry::Geometry;
use crate::layout::{chapter_label, Laid};
use crate::tags;
use crate::write;
use crate::Edition;

/// The sRGB profile of the output intent (from Debian's `icc-profiles-free`, zlib licence;
/// see `assets/LICENSES.md`): ICC v2, 6.9 KB.
const SRGB_ICC: &[u8] = include_bytes!("../../../assets/icc/sRGB.icc");

/// The catalog's `/Lang`: a BCP 47 tag with the region of the handbooks' readers.
pub(crate) fn lang_tag(lang: sotay_model::Lang) -> &'static str {
    match lang {
        sotay_model::Lang::Vi => "vi-VN",
        sotay_model::Lang::En => "en",
    }
}

/// `YYYY-MM-DDT12:00:00+07:00` (XMP) from `YYYY-MM-DD`, the same instant as [`pdf_date`].
pub(crate) fn xmp_date(iso: &str) -> Option<String> {
    pdf_date(iso).map(|_| format!("{iso}T12:00:00+07:00"))
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// What the Info dictionary says, repeated in the XMP (PDF/A wants both to agree).
pub(crate) struct Meta<'a> {
    pub title: &'a str,
    pub author: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub keywords: &'a str,
    pub creator: &'a str,
    pub producer: &'a str,
    pub date: Option<String>,
    pub lang: &'a str,
}

/// The XMP packet: Dublin Core, XMP basic and PDF properties equal to the Info dictionary's,
/// the PDF/A identification (part 2, conformance A) and the PDF/UA one (part 1), with the
/// extension schema PDF/A requires for the `pdfuaid` namespace.
pub(crate) fn xmp(m: &Meta) -> String {
    let mut x = String::with_capacity(3000);
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str(concat!(
        "<rdf:Description rdf:about=\"\"",
        " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"",
        " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"",
        " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"",
        " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"",
        " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"",
        " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"",
        " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"",
        " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
    ));
    x.push_str("<dc:format>application/pdf</dc:format>\n");
    x.push_str(&format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        xml_escape(m.title)
    ));
    if let Some(a) = m.author {
        x.push_str(&format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            xml_escape(a)
        ));
    }
    if let Some(s) = m.subject {
        x.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            xml_escape(s)
        ));
    }
    x.push_str(&format!(
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
        xml_escape(m.lang)
    ));
    x.push_str(&format!(
        "<pdf:Keywords>{}</pdf:Keywords>\n<pdf:Producer>{}</pdf:Producer>\n<pdf:Trapped>False</pdf:Trapped>\n",
        xml_escape(m.keywords),
        xml_escape(m.producer)
    ));
    x.push_str(&format!(
        "<xmp:CreatorTool>{}</xmp:CreatorTool>\n",
        xml_escape(m.creator)
    ));
    if let Some(d) = &m.date {
        x.push_str(&format!(
            "<xmp:CreateDate>{d}</xmp:CreateDate>\n<xmp:ModifyDate>{d}</xmp:ModifyDate>\n<xmp:MetadataDate>{d}</xmp:MetadataDate>\n"
        ));
    }
    x.push_str("<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>A</pdfaid:conformance>\n");
    x.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
    x.push_str(concat!(
        "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n",
        "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n",
        "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n",
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n",
        "<pdfaSchema:property><rdf:Seq>\n",
        "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>part</pdfaProperty:name>",
        "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>",
        "<pdfaProperty:category>internal</pdfaProperty:category>",
        "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description></rdf:li>\n",
        "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>amd</pdfaProperty:name>",
        "<pdfaProperty:valueType>Text</pdfaProperty:valueType>",
        "<pdfaProperty:category>internal</pdfaProperty:category>",
        "<pdfaProperty:description>Optional PDF/UA amendment identifier</pdfaProperty:description></rdf:li>\n",
        "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>corr</pdfaProperty:name>",
        "<pdfaProperty:valueType>Text</pdfaProperty:valueType>",
        "<pdfaProperty:category>internal</pdfaProperty:category>",
        "<pdfaProperty:description>Optional PDF/UA corrigenda identifier</pdfaProperty:description></rdf:li>\n",
        "</rdf:Seq></pdfaSchema:property>\n",
        "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n",
    ));
    x.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    x
}

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
    // The contents page, when there is one (an administrative document has none).
    let mut roots: Vec<Node> = laid
        .anchors
        .get("muc-luc")
        .map(|&dest| Node {
            title: "Mục lục".to_owned(),
            dest: Some(dest),
            children: Vec::new(),
        })
        .into_iter()
        .collect();
    // The change list against an earlier edition (issue 21).
    if let (Some(c), Some(&dest)) = (&d.changes, laid.anchors.get("sotay-thay-doi")) {
        roots.push(Node {
            title: c.title(),
            dest: Some(dest),
            children: Vec::new(),
        });
    }
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

/// Makes each page's link annotations indirect objects (a structure element refers to them)
/// with the print flag, a text (`/Contents`: the linked words) and tab order by structure on
/// the page. Returns, per page, the object of each of its `links` that was drawn.
fn annotations(
    doc: &mut lopdf::Document,
    pages: &[ObjectId],
    laid: &Laid,
    drawn: &[Vec<u32>],
) -> Vec<Vec<Option<ObjectId>>> {
    let mut out = Vec::with_capacity(pages.len());
    for (p, &pid) in pages.iter().enumerate() {
        let links = laid.pages.get(p).map_or(&[][..], |pg| &pg.links[..]);
        let mut objs = vec![None; links.len()];
        let annots = match doc.get_object_mut(pid) {
            Ok(Object::Dictionary(page)) => match page.remove(b"Annots") {
                Some(Object::Array(a)) if !a.is_empty() => a,
                _ => {
                    out.push(objs);
                    continue;
                }
            },
            _ => {
                out.push(objs);
                continue;
            }
        };
        let order = drawn.get(p).map_or(&[][..], |v| &v[..]);
        let mut refs = Vec::with_capacity(annots.len());
        for (i, a) in annots.into_iter().enumerate() {
            let Object::Dictionary(mut a) = a else {
                continue;
            };
            a.set("F", Object::Integer(4));
            a.set("P", Object::Reference(pid));
            let li = order.get(i).map(|&l| l as usize);
            let text = li
                .and_then(|l| links.get(l))
                .and_then(|l| l.node)
                .and_then(|n| laid.tree.nodes[n as usize].alt())
                .map(str::trim)
                .filter(|t| !t.is_empty());
            if let Some(t) = text {
                a.set("Contents", text_string(tags::clip(t)));
            }
            let id = doc.add_object(Object::Dictionary(a));
            if let Some(slot) = li.and_then(|l| objs.get_mut(l)) {
                *slot = Some(id);
            }
            refs.push(Object::Reference(id));
        }
        if let Ok(Object::Dictionary(page)) = doc.get_object_mut(pid) {
            page.set("Annots", Object::Array(refs));
            page.set("Tabs", Object::Name(b"S".to_vec()));
        }
        out.push(objs);
    }
    out
}

pub(crate) fn finish(
    mut doc: lopdf::Document,
    laid: &Laid,
    drawn: &[Vec<u32>],
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
        }
    }

    // The structure tree, with the annotations it refers to (the marked content is already
    // expanded: `render`).
    let annots = annotations(&mut doc, &pages, laid, drawn);
    let marks: Vec<&[tags::NodeId]> = laid.pages.iter().map(|p| &p.marks[..]).collect();
    let bbox = |r: &[f32; 4]| {
        let [x, y, bw, bh] = *r;
        [s + x, s + h - (y + bh), s + x + bw, s + h - y]
    };
    let mut raw = write::Raw::default();
    let structure = tags::write(
        &mut doc, &mut raw, &laid.tree, &pages, &marks, &annots, &bbox,
    );

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

    // Metadata from the edition.
    let m = &d.meta;
    let title = if m.title.is_empty() {
        "Sổ tay truy xuất nguồn gốc"
    } else {
        m.title.as_str()
    };
    let mut keywords = vec!["truy xuất nguồn gốc".to_owned(), "sổ tay".to_owned()];
    for k in [&m.subtitle, &m.province] {
        if !k.is_empty() {
            keywords.push(k.clone());
        }
    }
    let keywords = keywords.join(", ");
    let lang = lang_tag(m.lang);
    let meta = Meta {
        title,
        author: (!m.issuing_body.is_empty()).then_some(m.issuing_body.as_str()),
        subject: (!m.subtitle.is_empty()).then_some(m.subtitle.as_str()),
        keywords: &keywords,
        creator: "Sotay",
        producer: "Sotay PDF (printpdf 0.12, lopdf 0.44)",
        date: xmp_date(&m.date),
        lang,
    };
    let mut xmp_dict = Dictionary::new();
    xmp_dict.set("Type", Object::Name(b"Metadata".to_vec()));
    xmp_dict.set("Subtype", Object::Name(b"XML".to_vec()));
    let metadata_id = doc.add_object(Object::Stream(lopdf::Stream::new(
        xmp_dict,
        xmp(&meta).into_bytes(),
    )));
    // The output intent: sRGB, for the DeviceRGB colours and images.
    let mut icc = Dictionary::new();
    icc.set("N", Object::Integer(3));
    let icc_id = doc.add_object(Object::Stream(lopdf::Stream::new(icc, SRGB_ICC.to_vec())));
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    intent.set(
        "OutputConditionIdentifier",
        Object::string_literal("sRGB IEC61966-2.1"),
    );
    intent.set(
        "RegistryName",
        Object::string_literal("http://www.color.org"),
    );
    intent.set("Info", Object::string_literal("sRGB IEC61966-2.1"));
    intent.set("DestOutputProfile", Object::Reference(icc_id));

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
            let mut mark_info = Dictionary::new();
            mark_info.set("Marked", Object::Boolean(true));
            cat.set("MarkInfo", Object::Dictionary(mark_info));
            cat.set("StructTreeRoot", Object::Reference(structure));
            cat.set("Metadata", Object::Reference(metadata_id));
            cat.set(
                "OutputIntents",
                Object::Array(vec![Object::Dictionary(intent)]),
            );
        }
    }

    let mut info = Dictionary::new();
    info.set("Title", text_string(title));
    if let Some(a) = meta.author {
        info.set("Author", text_string(a));
    }
    if let Some(s) = meta.subject {
        info.set("Subject", text_string(s));
    }
    info.set("Keywords", text_string(&keywords));
    info.set("Creator", text_string(meta.creator));
    info.set("Producer", text_string(meta.producer));
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

    let packed = write::pack(&mut doc, raw);
    compress(&mut doc);
    write::save(&doc, &packed)
}

/// Flate-compresses every stream that has no filter yet (content streams, fonts, image
/// pixels, object streams), at the default level and on two threads; the result does not depend on the
/// threads (each stream is compressed on its own).
fn compress(doc: &mut lopdf::Document) {
    // Not the XMP: PDF/A wants it readable without decoding.
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s)
                if s.dict.get(b"Filter").is_err()
                    && s.dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"Metadata") =>
            {
                Some(s)
            }
            _ => None,
        })
        .collect();
    let deflate = |s: &mut lopdf::Stream| {
        if let Some(z) = crate::content::deflate(&s.content) {
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
