//! Writing the file: every object serialized once, the small ones (dictionaries and arrays:
//! the structure tree is one per paragraph and table cell) packed into object streams, which
//! are compressed with the other streams, and a cross-reference stream (PDF 1.5; PDF/A-2 and
//! PDF/UA-1 allow both). lopdf's own writer serializes each packed object three times, one
//! stream after the other, and formats hex strings a byte at a time; written object by object
//! the structure tree doubled the file.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

/// Objects per object stream: large enough to compress well, small enough that a reader
/// decompressing one to reach a single object does little work.
const PER_STREAM: usize = 256;

/// Where each packed object went: object id → (object stream, index in it).
pub(crate) type Packed = BTreeMap<u32, (u32, u16)>;

/// Objects serialized by their maker (the structure tree), in one buffer: each object's
/// number and where its bytes end.
#[derive(Debug, Default)]
pub(crate) struct Raw {
    buf: Vec<u8>,
    ends: Vec<(u32, usize)>,
}

impl Raw {
    /// Starts object `id`: its bytes are what is written to the returned buffer until the
    /// next `begin`.
    pub(crate) fn begin(&mut self, id: u32) -> &mut Vec<u8> {
        if let Some(last) = self.ends.last_mut() {
            last.1 = self.buf.len();
        }
        self.ends.push((id, usize::MAX));
        &mut self.buf
    }

    fn objects(&self) -> impl Iterator<Item = (u32, &[u8])> {
        let mut start = 0;
        self.ends.iter().map(move |&(id, end)| {
            let end = end.min(self.buf.len());
            let bytes = &self.buf[start..end];
            start = end;
            (id, bytes)
        })
    }
}

/// Moves every dictionary, array and other non-stream object (generation 0) of `doc`, and
/// the objects of `raw`, into object streams added to `doc` uncompressed; the `compress`
/// pass compresses them with the rest.
pub(crate) fn pack(doc: &mut lopdf::Document, raw: Raw) -> Packed {
    let ids: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(id, o)| id.1 == 0 && !matches!(o, Object::Stream(_)))
        .map(|(id, _)| *id)
        .collect();
    let mut items: Vec<Item> = Vec::with_capacity(ids.len() + raw.ends.len());
    for id in ids {
        if let Some(o) = doc.objects.remove(&id) {
            items.push(Item::Object(id.0, o));
        }
    }
    items.extend(raw.objects().map(|(id, b)| Item::Raw(id, b)));
    let mut packed = Packed::new();
    let mut next = doc.max_id + 1;
    for chunk in items.chunks(PER_STREAM) {
        let stream_id = next;
        next += 1;
        let mut header = Vec::with_capacity(chunk.len() * 12);
        let mut body = Vec::with_capacity(chunk.len() * 96);
        for (i, item) in chunk.iter().enumerate() {
            let id = match item {
                Item::Object(id, _) | Item::Raw(id, _) => *id,
            };
            int(&mut header, id.into());
            header.push(b' ');
            int(&mut header, body.len() as i64);
            header.push(b' ');
            match item {
                Item::Object(_, o) => object(&mut body, o),
                Item::Raw(_, b) => body.extend_from_slice(b),
            }
            body.push(b'\n');
            packed.insert(id, (stream_id, i as u16));
        }
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        dict.set("N", Object::Integer(chunk.len() as i64));
        dict.set("First", Object::Integer(header.len() as i64));
        header.extend_from_slice(&body);
        doc.objects
            .insert((stream_id, 0), Object::Stream(Stream::new(dict, header)));
    }
    doc.max_id = next - 1;
    packed
}

enum Item<'a> {
    Object(u32, Object),
    Raw(u32, &'a [u8]),
}

/// The file: header, the objects left in `doc` (streams), a cross-reference stream holding
/// the trailer's entries.
pub(crate) fn save(doc: &lopdf::Document, packed: &Packed) -> Vec<u8> {
    let size: usize = doc
        .objects
        .values()
        .map(|o| match o {
            Object::Stream(s) => s.content.len() + 256,
            _ => 128,
        })
        .sum();
    let mut out = Vec::with_capacity(size + 1024);
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(doc.version.as_bytes());
    // The binary comment: four bytes above 127 (PDF/A).
    out.extend_from_slice(b"\n%\xE2\xE3\xCF\xD3\n");
    let mut offsets: BTreeMap<u32, (u32, u16)> = BTreeMap::new();
    for (id, obj) in &doc.objects {
        offsets.insert(id.0, (out.len() as u32, id.1));
        int(&mut out, id.0.into());
        out.push(b' ');
        int(&mut out, id.1.into());
        out.extend_from_slice(b" obj\n");
        object(&mut out, obj);
        out.extend_from_slice(b"\nendobj\n");
    }
    // Cross-reference stream: type (1 byte), offset or object stream (4), generation or
    // index (2).
    let xref_id = doc.max_id + 1;
    let n = xref_id + 1;
    let xref_at = out.len() as u32;
    let mut rows = Vec::with_capacity(n as usize * 7);
    for i in 0..n {
        let (t, a, b) = if i == xref_id {
            (1u8, xref_at, 0u16)
        } else if let Some(&(off, generation)) = offsets.get(&i) {
            (1, off, generation)
        } else if let Some(&(container, index)) = packed.get(&i) {
            (2, container, index)
        } else {
            (0, 0, if i == 0 { 65535 } else { 0 })
        };
        rows.push(t);
        rows.extend_from_slice(&a.to_be_bytes());
        rows.extend_from_slice(&b.to_be_bytes());
    }
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", Object::Integer(n.into()));
    dict.set(
        "W",
        Object::Array(vec![
            Object::Integer(1),
            Object::Integer(4),
            Object::Integer(2),
        ]),
    );
    for key in [b"Root".as_slice(), b"Info", b"ID"] {
        if let Ok(v) = doc.trailer.get(key) {
            dict.set(key, v.clone());
        }
    }
    let rows = {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
        let _ = e.write_all(&rows);
        e.finish().ok()
    };
    let xref = match rows {
        Some(z) => {
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            Stream::new(dict, z)
        }
        None => Stream::new(dict, Vec::new()),
    };
    int(&mut out, xref_id.into());
    out.extend_from_slice(b" 0 obj\n");
    object(&mut out, &Object::Stream(xref));
    out.extend_from_slice(b"\nendobj\nstartxref\n");
    int(&mut out, xref_at.into());
    out.extend_from_slice(b"\n%%EOF\n");
    out
}

pub(crate) fn int(out: &mut Vec<u8>, v: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let neg = v < 0;
    let mut u = v.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if neg {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[i..]);
}

pub(crate) fn real(out: &mut Vec<u8>, v: f32) {
    if !v.is_finite() {
        out.push(b'0');
    } else if v == v.trunc() && v.abs() < 1e15 {
        int(out, v as i64);
    } else {
        // `Display` of a float never uses an exponent.
        use std::io::Write;
        let _ = write!(out, "{v}");
    }
}

pub(crate) fn reference(out: &mut Vec<u8>, r: ObjectId) {
    int(out, r.0.into());
    out.push(b' ');
    int(out, r.1.into());
    out.extend_from_slice(b" R");
}

/// A text string: UTF-16BE with a byte-order mark, in hex.
pub(crate) fn text_string(out: &mut Vec<u8>, s: &str) {
    let mut b = Vec::with_capacity(2 + 2 * s.len());
    b.extend_from_slice(&[0xFE, 0xFF]);
    for u in s.encode_utf16() {
        b.extend_from_slice(&u.to_be_bytes());
    }
    string(out, &b, StringFormat::Hexadecimal);
}

pub(crate) fn name(out: &mut Vec<u8>, n: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'/');
    for &b in n {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.extend_from_slice(&[b'#', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
        } else {
            out.push(b);
        }
    }
}

pub(crate) fn string(out: &mut Vec<u8>, s: &[u8], format: StringFormat) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    match format {
        StringFormat::Literal => {
            out.push(b'(');
            for &b in s {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        StringFormat::Hexadecimal => {
            out.reserve(s.len() * 2 + 2);
            out.push(b'<');
            for &b in s {
                out.push(HEX[(b >> 4) as usize]);
                out.push(HEX[(b & 15) as usize]);
            }
            out.push(b'>');
        }
    }
}

fn dictionary(out: &mut Vec<u8>, d: &Dictionary, length: Option<usize>) {
    out.extend_from_slice(b"<<");
    for (k, v) in d {
        if length.is_some() && k.as_slice() == b"Length" {
            continue;
        }
        name(out, k);
        out.push(b' ');
        object(out, v);
    }
    if let Some(len) = length {
        out.extend_from_slice(b"/Length ");
        int(out, len as i64);
    }
    out.extend_from_slice(b">>");
}

pub(crate) fn object(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(i) => int(out, *i),
        Object::Real(r) => real(out, *r),
        Object::Name(n) => name(out, n),
        Object::String(s, f) => string(out, s, *f),
        Object::Array(a) => {
            out.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                object(out, x);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d, None),
        Object::Stream(s) => {
            dictionary(out, &s.dict, Some(s.content.len()));
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(r) => reference(out, *r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ser(o: &Object) -> String {
        let mut v = Vec::new();
        object(&mut v, o);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn objects_are_written_as_pdf_syntax() {
        assert_eq!(ser(&Object::Integer(-42)), "-42");
        assert_eq!(ser(&Object::Real(595.28)), "595.28");
        assert_eq!(ser(&Object::Real(12.0)), "12");
        assert_eq!(ser(&Object::Name(b"A B#".to_vec())), "/A#20B#23");
        assert_eq!(
            ser(&Object::String(b"a(b)\\".to_vec(), StringFormat::Literal)),
            "(a\\(b\\)\\\\)"
        );
        assert_eq!(
            ser(&Object::String(
                vec![0xFE, 0xFF, 0, 0x53],
                StringFormat::Hexadecimal
            )),
            "<FEFF0053>"
        );
        let mut d = Dictionary::new();
        d.set(
            "K",
            Object::Array(vec![Object::Integer(1), Object::Reference((3, 0))]),
        );
        assert_eq!(ser(&Object::Dictionary(d)), "<</K [1 3 0 R]>>");
    }

    #[test]
    fn a_packed_file_reads_back() {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference(pages_id));
        let page_id = doc.add_object(Object::Dictionary(page));
        let mut pages = Dictionary::new();
        pages.set("Type", Object::Name(b"Pages".to_vec()));
        pages.set("Kids", Object::Array(vec![Object::Reference(page_id)]));
        pages.set("Count", Object::Integer(1));
        doc.objects.insert(pages_id, Object::Dictionary(pages));
        for i in 0..600 {
            doc.add_object(Object::String(
                format!("objet {i}").into_bytes(),
                StringFormat::Literal,
            ));
        }
        let mut cat = Dictionary::new();
        cat.set("Type", Object::Name(b"Catalog".to_vec()));
        cat.set("Pages", Object::Reference(pages_id));
        let cat_id = doc.add_object(Object::Dictionary(cat));
        doc.trailer.set("Root", Object::Reference(cat_id));
        let mut raw = Raw::default();
        raw.begin(700).extend_from_slice(b"<</Raw true>>");
        raw.begin(701).extend_from_slice(b"(brut)");
        doc.max_id = 701;
        let packed = pack(&mut doc, raw);
        assert_eq!(packed.len(), 605);
        let bytes = save(&doc, &packed);
        let back = lopdf::Document::load_mem(&bytes).expect("reads back");
        assert_eq!(back.get_pages().len(), 1);
        assert_eq!(
            back.get_object((500, 0)).unwrap().as_str().unwrap(),
            b"objet 497"
        );
        assert_eq!(
            back.get_object((701, 0)).unwrap().as_str().unwrap(),
            b"brut"
        );
        assert!(back.get_dictionary((700, 0)).unwrap().get(b"Raw").is_ok());
    }
}
