//! Regression renders: a page drawn by `pdftoppm` at 40 dpi and compared with a reference PNG
//! in `tests/renders/` with a tolerance (font rasterising differs a little between poppler
//! versions; the comparison is `sotay_testkit::check_render`). `SOTAY_PDF_BLESS=1` rewrites the
//! references after a deliberate change.

#![allow(dead_code, unused_imports)]

use std::path::{Path, PathBuf};

pub use sotay_testkit::decode;

pub fn render(pdf: &Path, page: usize) -> Vec<u8> {
    sotay_testkit::render_page(pdf, page, 40)
}

/// Compares page `page` of `pdf` with `tests/renders/{name}.png`.
pub fn check(pdf: &Path, page: usize, name: &str) {
    let reference: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "renders",
        &format!("{name}.png"),
    ]
    .iter()
    .collect();
    sotay_testkit::check_render(&render(pdf, page), &reference, "SOTAY_PDF_BLESS", name);
}
