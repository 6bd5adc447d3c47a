//! QR codes drawn as vectors: the module matrix (for the PDF layout) and an SVG (for HTML and
//! EPUB). Error correction level M; a 4-module quiet zone.

use qrcode::{Color, EcLevel, QrCode};

/// The dark modules of a QR code: `width × width`, row-major, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    pub width: usize,
    pub dark: Vec<bool>,
}

/// Encodes `data`; `None` when it is too long for a QR code.
pub fn matrix(data: &str) -> Option<QrMatrix> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Some(QrMatrix { width, dark })
}

/// An SVG drawing of the code (one path, crisp edges), `size_mm` wide.
pub fn svg(data: &str, size_mm: u32, label: &str) -> Option<String> {
    let m = matrix(data)?;
    let quiet = 4;
    let total = m.width + 2 * quiet;
    let mut path = String::new();
    for y in 0..m.width {
        let mut x = 0;
        while x < m.width {
            if m.dark[y * m.width + x] {
                let start = x;
                while x < m.width && m.dark[y * m.width + x] {
                    x += 1;
                }
                path.push_str(&format!(
                    "M{} {}h{}v1h-{}z",
                    start + quiet,
                    y + quiet,
                    x - start,
                    x - start
                ));
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" aria-label=\"{}\" width=\"{size_mm}mm\" height=\"{size_mm}mm\" viewBox=\"0 0 {total} {total}\" shape-rendering=\"crispEdges\"><rect width=\"{total}\" height=\"{total}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        crate::html::escape_attr(label)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_digital_link() {
        let m = matrix("https://id.gs1.org/01/08931234567897/10/AO03-250615-01").unwrap();
        assert!(m.width >= 25 && m.dark.len() == m.width * m.width);
        let s = svg("https://id.gs1.org/01/08931234567897", 30, "QR").unwrap();
        assert!(s.starts_with("<svg") && s.contains("<path"));
        assert_eq!(
            s,
            svg("https://id.gs1.org/01/08931234567897", 30, "QR").unwrap()
        );
    }
}
