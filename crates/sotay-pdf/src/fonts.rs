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
        let (bytes, map): (Vec<u8>, BTreeMap<u32, u16>) =
            match subsetter::subset(face.file.bytes, 0, &remapper) {
                Ok(b) => {
                    let map = glyphs
                        .iter()
                        .filter_map(|&(c, gid)| remapper.get(gid).map(|n| (c as u32, n)))
                        .collect();
                    (b, map)
                }
                // Never expected with the bundled fonts; embed the whole face then.
                Err(_) => (
                    face.file.bytes.to_vec(),
                    glyphs.iter().map(|&(c, gid)| (c as u32, gid)).collect(),
                ),
            };
        let mut warnings = Vec::new();
        let Some(mut parsed) = printpdf::ParsedFont::from_bytes(&bytes, 0, &mut warnings) else {
            continue;
        };
        parsed.codepoint_to_glyph = map;
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
        });
    }
    out
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
}
