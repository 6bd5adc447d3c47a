//! Regression renders: a page drawn by `pdftoppm` at 40 dpi and compared with a reference PNG
//! in `tests/renders/` with a tolerance (font rasterising differs a little between poppler
//! versions). `SOTAY_PDF_BLESS=1` rewrites the references after a deliberate change.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

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

pub fn render(pdf: &Path, page: usize) -> Vec<u8> {
    let out = Command::new("pdftoppm")
        .args(["-r", "40", "-png", "-singlefile", "-f"])
        .arg(page.to_string())
        .arg("-l")
        .arg(page.to_string())
        .arg(pdf)
        .output()
        .expect("pdftoppm runs");
    assert!(out.status.success());
    out.stdout
}

/// Compares page `page` of `pdf` with `tests/renders/{name}.png`.
pub fn check(pdf: &Path, page: usize, name: &str) {
    let png = render(pdf, page);
    let reference: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "renders",
        &format!("{name}.png"),
    ]
    .iter()
    .collect();
    if std::env::var_os("SOTAY_PDF_BLESS").is_some() {
        std::fs::write(&reference, &png).expect("write reference");
        return;
    }
    let want = std::fs::read(&reference).expect("reference render (SOTAY_PDF_BLESS=1 makes it)");
    let (w1, h1, a) = decode(&png);
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
         look at it and re-bless if intended",
        far * 100.0
    );
}
