//! The bundled fonts (`assets/fonts`, see `assets/LICENSES.md`): Noto Serif for body text, Noto
//! Sans for headings, Noto Sans Mono for code, DejaVu Sans for symbols Noto lacks (→ ≤ ≥ ✓).
//! Every Vietnamese letter is covered. The HTML and EPUB editions embed them; the PDF layout
//! measures and subsets them.

/// One font file.
#[derive(Debug, Clone, Copy)]
pub struct FontFile {
    /// CSS family name.
    pub family: &'static str,
    pub bold: bool,
    pub italic: bool,
    /// File name inside the EPUB (`fonts/…`).
    pub file: &'static str,
    pub bytes: &'static [u8],
}

macro_rules! font {
    ($family:literal, $bold:literal, $italic:literal, $file:literal) => {
        FontFile {
            family: $family,
            bold: $bold,
            italic: $italic,
            file: $file,
            bytes: include_bytes!(concat!("../../../assets/fonts/", $file)),
        }
    };
}

/// All bundled fonts, in a fixed order (outputs are deterministic).
pub const ALL: &[FontFile] = &[
    font!("Noto Serif", false, false, "NotoSerif-Regular.ttf"),
    font!("Noto Serif", true, false, "NotoSerif-Bold.ttf"),
    font!("Noto Serif", false, true, "NotoSerif-Italic.ttf"),
    font!("Noto Serif", true, true, "NotoSerif-BoldItalic.ttf"),
    font!("Noto Sans", false, false, "NotoSans-Regular.ttf"),
    font!("Noto Sans", true, false, "NotoSans-Bold.ttf"),
    font!("Noto Sans", false, true, "NotoSans-Italic.ttf"),
    font!("Noto Sans", true, true, "NotoSans-BoldItalic.ttf"),
    font!("Noto Sans Mono", false, false, "NotoSansMono-Regular.ttf"),
    font!("Sotay Symbols", false, false, "DejaVuSans-Symbols.ttf"),
];

/// `@font-face` rules; `url` gives each file's URL (a data: URI or a path in the EPUB).
pub fn font_faces(url: impl Fn(&FontFile) -> String) -> String {
    let mut css = String::new();
    for f in ALL {
        css.push_str(&format!(
            "@font-face{{font-family:\"{}\";font-weight:{};font-style:{};src:url(\"{}\") format(\"truetype\");}}\n",
            f.family,
            if f.bold { 700 } else { 400 },
            if f.italic { "italic" } else { "normal" },
            url(f)
        ));
    }
    css
}
