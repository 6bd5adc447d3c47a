//! Helpers shared by the crates' tests (a dev-dependency only, never shipped).
//!
//! Regression renders: a PDF page drawn by poppler's `pdftoppm` is compared with a reference PNG
//! kept beside the tests, with a tolerance, because font rasterising differs a little between
//! poppler versions. Setting the test's bless variable (e.g. `SOTAY_PDF_BLESS=1`) rewrites the
//! references after a deliberate change: look at them before committing.

use std::path::Path;
use std::process::Command;

/// A PNG as 8-bit grey pixels, row by row: `(width, height, pixels)`.
pub fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = dec.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("png frame");
    buf.truncate(info.buffer_size());
    // To grey.
    let ch = info.color_type.samples();
    let grey = buf
        .chunks(ch)
        .map(|p| match ch {
            1 | 2 => p[0],
            _ => ((u32::from(p[0]) * 3 + u32::from(p[1]) * 6 + u32::from(p[2])) / 10) as u8,
        })
        .collect();
    (info.width, info.height, grey)
}

/// Page `page` (from 1) of `pdf` drawn by `pdftoppm` at `dpi`, as PNG bytes.
pub fn render_page(pdf: &Path, page: usize, dpi: u32) -> Vec<u8> {
    let page = page.to_string();
    let out = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-png", "-singlefile"])
        .args(["-f", &page, "-l", &page])
        .arg(pdf)
        .output()
        .expect("pdftoppm runs");
    assert!(out.status.success(), "pdftoppm failed on {}", pdf.display());
    out.stdout
}

/// Compares the render `png` (named `name` in messages) with the reference PNG `reference`:
/// the same size, a mean difference under 4/255 and under 2 % of the pixels far off (by more
/// than 96/255). When the environment variable `bless` is set, writes `png` as the new
/// reference instead (making its folder).
pub fn check_render(png: &[u8], reference: &Path, bless: &str, name: &str) {
    if std::env::var_os(bless).is_some() {
        if let Some(dir) = reference.parent() {
            std::fs::create_dir_all(dir).expect("the references' folder");
        }
        std::fs::write(reference, png).expect("write reference");
        return;
    }
    let want = std::fs::read(reference).unwrap_or_else(|e| {
        panic!(
            "reference render {} ({bless}=1 makes it): {e}",
            reference.display()
        )
    });
    let (w1, h1, a) = decode(png);
    let (w2, h2, b) = decode(&want);
    assert_eq!((w1, h1), (w2, h2), "{name}: page size changed");
    let n = a.len() as f64;
    let mean = a
        .iter()
        .zip(&b)
        .map(|(x, y)| f64::from(x.abs_diff(*y)))
        .sum::<f64>()
        / n;
    let far = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x.abs_diff(**y) > 96)
        .count() as f64
        / n;
    assert!(
        mean < 4.0 && far < 0.02,
        "{name}: the render moved (mean difference {mean:.2}/255, {:.2} % of pixels far off); \
         look at it and re-bless ({bless}=1) if intended",
        far * 100.0
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `w`×`h` RGB PNG, white but for a black square of `side` pixels at the top left.
    fn png(w: u32, h: u32, side: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        let mut writer = enc.write_header().unwrap();
        let data: Vec<u8> = (0..h)
            .flat_map(|y| (0..w).map(move |x| if x < side && y < side { 0 } else { 255 }))
            .flat_map(|v| [v, v, v])
            .collect();
        writer.write_image_data(&data).unwrap();
        writer.finish().unwrap();
        out
    }

    fn reference(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("ref.png");
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    const NOT_SET: &str = "SOTAY_TESTKIT_NEVER_SET";

    #[test]
    fn decode_gives_grey_pixels() {
        let (w, h, grey) = decode(&png(4, 3, 2));
        assert_eq!((w, h), (4, 3));
        assert_eq!(grey, [0, 0, 255, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
    }

    #[test]
    fn a_render_within_the_tolerance_passes() {
        // 1 pixel of 10 000 off.
        let (_dir, path) = reference(&png(100, 100, 0));
        check_render(&png(100, 100, 1), &path, NOT_SET, "near");
    }

    #[test]
    #[should_panic(expected = "far: the render moved")]
    fn a_render_that_moved_fails() {
        // 400 pixels of 10 000 (4 %) far off.
        let (_dir, path) = reference(&png(100, 100, 0));
        check_render(&png(100, 100, 20), &path, NOT_SET, "far");
    }

    #[test]
    #[should_panic(expected = "page size changed")]
    fn another_page_size_fails() {
        let (_dir, path) = reference(&png(100, 100, 0));
        check_render(&png(100, 90, 0), &path, NOT_SET, "size");
    }
}
