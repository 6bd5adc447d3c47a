//! The bundled fonts as the layout sees them: advance widths from `ttf-parser`, per-character
//! fallback (style face → symbols face → serif → sans), the glyphs actually drawn, and at the
//! end one subset per used face (`subsetter`) handed to printpdf as a `ParsedFont` whose
//! character map we fill ourselves (the subset has no `cmap`).

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};
use sotay_doc::fonts::{FontFile, ALL};

/// Index of a face in [`sotay_doc::fonts::ALL`].
pub(crate) type FaceId = usize;

/// Typeface families the layout asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Family {
    Serif,
    Sans,
    Mono,
    /// Tinos, Times New Roman's metrics: administrative documents only ([`Fonts::load_admin`]).
    Times,
}

/// The faces of administrative documents (Nghị định 30/2020/NĐ-CP asks for Times New Roman):
/// Tinos, a subset like the Noto faces (`tools/subset-fonts.sh`, see `assets/LICENSES.md`).
/// Loaded after [`ALL`], so the faces of the book keep their ids.
pub(crate) const TIMES: &[FontFile] = &[
    times(
        "Tinos-Regular.ttf",
        false,
        false,
        include_bytes!("../../../assets/fonts/Tinos-Regular.ttf"),
    ),
    times(
        "Tinos-Bold.ttf",
        true,
        false,
        include_bytes!("../../../assets/fonts/Tinos-Bold.ttf"),
    ),
    times(
        "Tinos-Italic.ttf",
        false,
        true,
        include_bytes!("../../../assets/fonts/Tinos-Italic.ttf"),
    ),
    times(
        "Tinos-BoldItalic.ttf",
        true,
        true,
        include_bytes!("../../../assets/fonts/Tinos-BoldItalic.ttf"),
    ),
];

const fn times(file: &'static str, bold: bool, italic: bool, bytes: &'static [u8]) -> FontFile {
    FontFile {
        family: "Tinos",
        bold,
        italic,
        file,
        bytes,
    }
}

/// One glyph: its id in the original font and its advance in 1/1000 em, truncated exactly as
/// printpdf writes `/W` (so our positions and the viewer's agree).
#[derive(Debug, Clone, Copy)]
struct Glyph {
    gid: u16,
    adv: u16,
}

/// Characters below this index are looked up in a flat table (Latin, Vietnamese, punctuation).
const FLAT: usize = 0x2200;

#[derive(Debug)]
pub(crate) struct Face {
    pub file: &'static FontFile,
    flat: Vec<Option<Glyph>>,
    other: BTreeMap<u32, Glyph>,
}

impl Face {
    fn load(file: &'static FontFile) -> Face {
        let face = ttf_parser::Face::parse(file.bytes, 0).expect("bundled fonts parse");
        let upm = f32::from(face.units_per_em());
        let mut flat = vec![None; FLAT];
        let mut other = BTreeMap::new();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables {
                if !sub.is_unicode() {
                    continue;
                }
                sub.codepoints(|cp| {
                    let Some(c) = char::from_u32(cp) else { return };
                    let Some(gid) = face.glyph_index(c) else {
                        return;
                    };
                    if gid.0 == 0 {
                        return;
                    }
                    let raw = face.glyph_hor_advance(gid).unwrap_or(0);
                    // Same arithmetic as printpdf's `get_scaled_glyph_width`.
                    let adv = (f32::from(raw) * 1000.0 / upm) as u16;
                    let g = Glyph { gid: gid.0, adv };
                    if (cp as usize) < FLAT {
                        flat[cp as usize] = Some(g);
                    } else {
                        other.insert(cp, g);
                    }
                });
            }
        }
        Face { file, flat, other }
    }

    fn glyph(&self, c: char) -> Option<Glyph> {
        let cp = c as usize;
        if cp < FLAT {
            self.flat[cp]
        } else {
            self.other.get(&(cp as u32)).copied()
        }
    }

    pub fn has(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// The glyph id of `c` in the bundled face (0, `.notdef`, when it has none): the code a
    /// content stream writes for it (see [`embed_all`]).
    pub fn gid(&self, c: char) -> u16 {
        self.glyph(c).map_or(0, |g| g.gid)
    }
}

/// All bundled faces, loaded once per `write`.
#[derive(Debug)]
pub(crate) struct Fonts {
    pub faces: Vec<Face>,
    symbols: FaceId,
    serif: FaceId,
    sans: FaceId,
}

impl Fonts {
    pub fn load() -> Fonts {
        Fonts::of(ALL.iter().map(Face::load).collect())
    }

    /// The book's faces and Tinos, for administrative documents.
    pub fn load_admin() -> Fonts {
        Fonts::of(ALL.iter().chain(TIMES).map(Face::load).collect())
    }

    fn of(faces: Vec<Face>) -> Fonts {
        let find = |family: &str| {
            ALL.iter()
                .position(|f| f.family == family && !f.bold && !f.italic)
                .expect("bundled face")
        };
        Fonts {
            symbols: find("Sotay Symbols"),
            serif: find("Noto Serif"),
            sans: find("Noto Sans"),
            faces,
        }
    }

    /// The face for a family and style.
    pub fn face(&self, family: Family, bold: bool, italic: bool) -> FaceId {
        let name = match family {
            Family::Serif => "Noto Serif",
            Family::Sans => "Noto Sans",
            Family::Mono => "Noto Sans Mono",
            Family::Times => "Tinos",
        };
        let files = || self.faces.iter().map(|f| f.file);
        files()
            .position(|f| f.family == name && f.bold == bold && f.italic == italic)
            .or_else(|| files().position(|f| f.family == name))
            .unwrap_or(self.serif)
    }

    /// The face that draws `c` when the style asks for `face`, or `None` when no bundled face
    /// has it.
    pub fn resolve(&self, face: FaceId, c: char) -> Option<FaceId> {
        [face, self.symbols, self.serif, self.sans]
            .into_iter()
            .find(|&f| self.faces[f].has(c))
    }

    /// Advance of `c` drawn with `face` (already resolved), in 1/1000 em.
    pub fn advance(&self, face: FaceId, c: char) -> f32 {
        self.faces[face].glyph(c).map_or(0.0, |g| f32::from(g.adv))
    }

    /// Width in points of `text` set in `face` at `size`, with fallback per character.
    pub fn width(&self, face: FaceId, size: f32, text: &str) -> f32 {
        let mut w = 0.0;
        for c in text.chars() {
            if let Some(f) = self.resolve(face, c) {
                w += self.advance(f, c);
            }
        }
        w * size / 1000.0
    }

    /// `text` with every character no bundled face has written as `[U+XXXX]` (for text drawn
    /// outside the flattener: running headers). Control characters are dropped.
    pub fn visible(&self, face: FaceId, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_control() {
                continue;
            }
            match self.resolve(face, c) {
                Some(_) => out.push(c),
                None => out.push_str(&format!("[U+{:04X}]", c as u32)),
            }
        }
        out
    }

    /// Splits `text` into runs of one resolved face each.
    pub fn runs(&self, face: FaceId, text: &str) -> Vec<(FaceId, String)> {
        let mut out: Vec<(FaceId, String)> = Vec::new();
        for c in text.chars() {
            let f = self.resolve(face, c).unwrap_or(face);
            match out.last_mut() {
                Some((lf, s)) if *lf == f => s.push(c),
                _ => out.push((f, c.to_string())),
            }
        }
        out
    }
}

/// The glyphs drawn, per face, and the characters that reach them.
#[derive(Debug, Default)]
pub(crate) struct Usage {
    pub chars: BTreeMap<FaceId, BTreeSet<char>>,
}

impl Usage {
    pub fn add(&mut self, face: FaceId, text: &str) {
        let set = self.chars.entry(face).or_default();
        set.extend(text.chars());
    }
}

/// A face reduced to the glyphs drawn, ready for printpdf.
pub(crate) struct Subset {
    pub face: FaceId,
    pub font: printpdf::ParsedFont,
    /// The font program.
    pub bytes: Vec<u8>,
    /// Character → glyph id in `bytes`; empty when the face could not be subset (`bytes` is
    /// the whole face, glyph ids unchanged).
    pub map: BTreeMap<u32, u16>,
}

/// Subsets every used face. The subset keeps `glyf`/`loca`/`hmtx`; `subsetter` drops `cmap`, so
/// the character → new glyph id map is filled in here. The font name gets a subset tag derived
/// from the glyphs kept (deterministic).
pub(crate) fn subset_all(fonts: &Fonts, usage: &Usage) -> Vec<Subset> {
    let mut out = Vec::new();
    for (&fid, chars) in &usage.chars {
        let face = &fonts.faces[fid];
        let mut glyphs: Vec<(char, u16)> = chars
            .iter()
            .filter_map(|&c| face.glyph(c).map(|g| (c, g.gid)))
            .collect();
        glyphs.sort_by_key(|&(c, gid)| (gid, c));
        let mut remapper = subsetter::GlyphRemapper::new();
        for &(_, gid) in &glyphs {
            remapper.remap(gid);
        }
        let (bytes, map, subset): (Vec<u8>, BTreeMap<u32, u16>, bool) =
            match subsetter::subset(face.file.bytes, 0, &remapper) {
                Ok(b) => {
                    let map = glyphs
                        .iter()
                        .filter_map(|&(c, gid)| remapper.get(gid).map(|n| (c as u32, n)))
                        .collect();
                    (b, map, true)
                }
                // Never expected with the bundled fonts; embed the whole face then.
                Err(_) => (
                    face.file.bytes.to_vec(),
                    glyphs.iter().map(|&(c, gid)| (c as u32, gid)).collect(),
                    false,
                ),
            };
        let mut warnings = Vec::new();
        let Some(mut parsed) = printpdf::ParsedFont::from_bytes(&bytes, 0, &mut warnings) else {
            continue;
        };
        parsed.codepoint_to_glyph = map.clone();
        let digest = Sha256::digest(&bytes);
        let tag: String = digest[..6]
            .iter()
            .map(|b| char::from(b'A' + b % 26))
            .collect();
        let base = face.file.file.trim_end_matches(".ttf");
        parsed.font_name = Some(format!("{tag}+{base}"));
        out.push(Subset {
            face: fid,
            font: parsed,
            bytes,
            map: if subset { map } else { BTreeMap::new() },
        });
    }
    out
}

/// Embeds every used face, subset, as a `Type0` font with `Identity-H` codes that are the
/// glyph ids of the bundled face (what [`crate::content`] writes), a `/CIDToGIDMap` stream to
/// the subset's glyphs, `/W` widths and a `ToUnicode` map (printpdf's). The font dictionary,
/// descriptor and metrics are the ones printpdf writes for an embedded TrueType face. Returns
/// the resource dictionary (`F1`… → font).
pub(crate) fn embed_all(
    doc: &mut lopdf::Document,
    fonts: &Fonts,
    usage: &Usage,
) -> lopdf::Dictionary {
    use lopdf::{Dictionary, Object, Stream};
    let mut dict = Dictionary::new();
    for sub in subset_all(fonts, usage) {
        let face = &fonts.faces[sub.face];
        let Some(chars) = usage.chars.get(&sub.face) else {
            continue;
        };
        // Codes (bundled glyph ids) in order, each with its width and first character.
        let mut codes: BTreeMap<u16, (u16, char)> = BTreeMap::new();
        for &c in chars {
            if let Some(g) = face.glyph(c) {
                codes.entry(g.gid).or_insert((g.adv, c));
            }
        }
        let font = &sub.font;
        let name = font.font_name.clone().unwrap_or_default();
        let resource = format!("F{}", sub.face + 1);

        let mut w = Vec::new();
        let mut run: Option<(u16, Vec<Object>)> = None;
        let mut last = None;
        for (&code, &(adv, _)) in &codes {
            match (&mut run, last) {
                (Some((_, ws)), Some(l)) if code == l + 1 => ws.push(Object::Integer(adv.into())),
                _ => {
                    if let Some((start, ws)) = run.take() {
                        w.push(Object::Integer(start.into()));
                        w.push(Object::Array(ws));
                    }
                    run = Some((code, vec![Object::Integer(adv.into())]));
                }
            }
            last = Some(code);
        }
        if let Some((start, ws)) = run {
            w.push(Object::Integer(start.into()));
            w.push(Object::Array(ws));
        }

        let cmap = printpdf::ToUnicodeCMap {
            mappings: codes
                .iter()
                .map(|(&code, &(_, c))| (u32::from(code), vec![c as u32]))
                .collect(),
        }
        .to_cmap_string(&resource);
        let to_unicode = doc.add_object(Stream::new(Dictionary::new(), cmap.into_bytes()));

        let cid_to_gid = if sub.map.is_empty() {
            Object::Name(b"Identity".to_vec())
        } else {
            let max = codes.keys().next_back().copied().unwrap_or(0) as usize;
            let mut map = vec![0u8; 2 * (max + 1)];
            for (&code, &(_, c)) in &codes {
                if let Some(&new) = sub.map.get(&(c as u32)) {
                    let i = 2 * code as usize;
                    map[i..i + 2].copy_from_slice(&new.to_be_bytes());
                }
            }
            Object::Reference(doc.add_object(Stream::new(Dictionary::new(), map)))
        };

        let mut file = Dictionary::new();
        file.set("Length1", Object::Integer(sub.bytes.len() as i64));
        let file = doc.add_object(Stream::new(file, sub.bytes));

        // As printpdf: metrics in 1/1000 em; italic from the caret slope; StemV from the
        // weight class; cap height = ascent.
        let m = &font.pdf_font_metrics;
        let upm = m.units_per_em;
        let k = if upm == 0 {
            1.0
        } else {
            1000.0 / f32::from(upm)
        };
        let sc = |v: f32| Object::Integer((v * k).round() as i64);
        let ascent = sc(f32::from(font.font_metrics.ascent));
        let italic = if m.caret_slope_rise == 0 {
            0
        } else {
            (-f32::from(m.caret_slope_run)
                .atan2(f32::from(m.caret_slope_rise))
                .to_degrees())
            .round() as i64
        };
        let flags = (1 << 5) | if italic != 0 { 1 << 6 } else { 0 };
        let stem_v = if m.us_weight_class == 0 {
            80
        } else {
            50 + (f32::from(m.us_weight_class) / 65.0).powi(2).round() as i64
        };
        let mut desc = Dictionary::new();
        desc.set("Type", Object::Name(b"FontDescriptor".to_vec()));
        desc.set("FontName", Object::Name(name.clone().into_bytes()));
        desc.set("Ascent", ascent.clone());
        desc.set("Descent", sc(f32::from(font.font_metrics.descent)));
        desc.set("CapHeight", ascent);
        desc.set("ItalicAngle", Object::Integer(italic));
        desc.set("Flags", Object::Integer(flags));
        desc.set("StemV", Object::Integer(stem_v));
        desc.set(
            "FontBBox",
            Object::Array(vec![
                sc(f32::from(m.x_min)),
                sc(f32::from(m.y_min)),
                sc(f32::from(m.x_max)),
                sc(f32::from(m.y_max)),
            ]),
        );
        desc.set("FontFile2", Object::Reference(file));
        let desc = doc.add_object(desc);

        let mut info = Dictionary::new();
        info.set("Registry", Object::string_literal("Adobe"));
        info.set("Ordering", Object::string_literal("Identity"));
        info.set("Supplement", Object::Integer(0));
        let mut cid = Dictionary::new();
        cid.set("Type", Object::Name(b"Font".to_vec()));
        cid.set("BaseFont", Object::Name(name.clone().into_bytes()));
        cid.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
        cid.set("CIDSystemInfo", Object::Dictionary(info));
        cid.set("W", Object::Array(w));
        cid.set("DW", Object::Integer(1000));
        cid.set("FontDescriptor", Object::Reference(desc));
        cid.set("CIDToGIDMap", cid_to_gid);

        let mut type0 = Dictionary::new();
        type0.set("Type", Object::Name(b"Font".to_vec()));
        type0.set("Subtype", Object::Name(b"Type0".to_vec()));
        type0.set("BaseFont", Object::Name(name.into_bytes()));
        type0.set("Encoding", Object::Name(b"Identity-H".to_vec()));
        type0.set("ToUnicode", Object::Reference(to_unicode));
        type0.set(
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(cid)]),
        );
        let id = doc.add_object(type0);
        dict.set(resource, Object::Reference(id));
    }
    dict
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_is_covered_and_symbols_fall_back() {
        let f = Fonts::load();
        let serif = f.face(Family::Serif, false, false);
        for c in "Sổ tay truy xuất nguồn gốc ĐƯỜNG ữ ỹ ậ".chars() {
            assert_eq!(f.resolve(serif, c), Some(serif), "{c}");
        }
        let arrow = f.resolve(serif, '→').expect("symbols font has →");
        assert_ne!(arrow, serif);
        assert_eq!(f.resolve(serif, '😀'), None);
        assert_eq!(f.visible(serif, "Sổ 😀\u{7}"), "Sổ [U+1F600]");
        assert!(f.width(serif, 10.0, "Sổ tay") > 20.0);
    }

    #[test]
    fn codes_are_bundled_glyph_ids_mapped_to_the_subset() {
        use lopdf::Object;
        let f = Fonts::load();
        let serif = f.face(Family::Serif, false, false);
        let mut usage = Usage::default();
        usage.add(serif, "Sổ tay ổ");
        let mut doc = lopdf::Document::with_version("1.7");
        let dict = embed_all(&mut doc, &f, &usage);
        let type0 = doc
            .get_dictionary(dict.get(b"F1").unwrap().as_reference().unwrap())
            .unwrap();
        assert_eq!(
            type0.get(b"Encoding").unwrap().as_name().unwrap(),
            b"Identity-H"
        );
        let cid = match type0.get(b"DescendantFonts").unwrap() {
            Object::Array(a) => a[0].as_dict().unwrap().clone(),
            o => panic!("{o:?}"),
        };
        assert_eq!(
            cid.get(b"Subtype").unwrap().as_name().unwrap(),
            b"CIDFontType2"
        );
        // The map: code (bundled glyph id) → the subset's glyph of the same character.
        let sub = subset_all(&f, &usage).remove(0);
        let map_ref = cid.get(b"CIDToGIDMap").unwrap().as_reference().unwrap();
        let map = &doc
            .get_object(map_ref)
            .unwrap()
            .as_stream()
            .unwrap()
            .content;
        let face = &f.faces[serif];
        for c in "Sổ tay".chars() {
            let code = face.gid(c) as usize;
            let new = u16::from_be_bytes([map[2 * code], map[2 * code + 1]]);
            assert_eq!(Some(&new), sub.map.get(&(c as u32)), "{c}");
            assert_ne!(new, 0, "{c}");
        }
        let max = "Sổ tay ổ".chars().map(|c| face.gid(c)).max().unwrap();
        assert_eq!(map.len(), 2 * (max as usize + 1));
        // Widths by code, as the layout measured them.
        let w = cid.get(b"W").unwrap().as_array().unwrap();
        let mut widths = BTreeMap::new();
        for pair in w.chunks(2) {
            let start = pair[0].as_i64().unwrap();
            for (i, v) in pair[1].as_array().unwrap().iter().enumerate() {
                widths.insert(start + i as i64, v.as_i64().unwrap());
            }
        }
        for c in "Sổ tay".chars() {
            let code = i64::from(face.gid(c));
            assert_eq!(widths[&code] as f32, f.advance(serif, c), "{c}");
        }
        // ToUnicode: each code back to its character.
        let tu = type0.get(b"ToUnicode").unwrap().as_reference().unwrap();
        let cmap =
            String::from_utf8_lossy(&doc.get_object(tu).unwrap().as_stream().unwrap().content)
                .into_owned();
        let code = format!("<{:04X}>", face.gid('ổ'));
        assert!(cmap.contains(&code), "{cmap}");
        assert!(cmap.to_uppercase().contains("1ED5"), "{cmap}");
    }
}
