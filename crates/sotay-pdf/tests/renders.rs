//! Regression renders: a few pages drawn by `pdftoppm` at 40 dpi, compared with the reference
//! PNGs in `tests/renders/` with a tolerance (font rasterising differs a little between poppler
//! versions). `SOTAY_PDF_BLESS=1 cargo test -p sotay-pdf --test renders` rewrites the references
//! after a deliberate change of the layout; look at them before committing.

mod common;
#[path = "common/render.rs"]
mod render;

use common::*;
use render::check;
use sotay_doc::{ChapterRole, Image};
use sotay_pdf::{write, Edition, Paper, PdfOptions};

#[test]
fn pages_look_as_they_did() {
    if !have("pdftoppm") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The shrimp handbook: cover and contents.
    let tom = template("tom-nuoc-lo");
    let pdf = save(
        &dir,
        "render-tom.pdf",
        &write(&tom, &PdfOptions::default()).bytes,
    );
    check(&pdf, 1, "cover-a4");
    check(&pdf, 3, "contents-a4");
    // A figure, a QR code, a note and a table continued on the next page with footnotes, A5 print.
    let png = include_bytes!("fixtures/so-do.png");
    let mut md = String::from(
        "# Trình bày\n\nĐoạn văn có chú thích.[^a]\n\n> [!NOTE]\n> Ghi nhớ ghi nhật ký trong ngày.\n\n![Sơ đồ chuỗi {#hinh}](so-do.png)\n\n```qr\nhttps://id.gs1.org/01/08939990100112/10/CB01-250616-02\n```\n\nBảng: Nhật ký\n\n| Ngày | Ao | Ghi chú |\n|---|---|---|\n",
    );
    for i in 0..40 {
        md.push_str(&format!(
            "| {:02}/06/2025 | AO{:02} | Cho ăn lần {i} |\n",
            i % 28 + 1,
            i % 9 + 1
        ));
    }
    md.push_str("\n[^a]: Chú thích ở chân trang.\n");
    let shown = doc(&[("trinh-bay", &md, ChapterRole::Body)], &|n| {
        (n == "so-do.png").then(|| Image {
            bytes: png.to_vec(),
            mime: "image/png".into(),
        })
    });
    let opts = PdfOptions {
        edition: Edition::Print,
        paper: Paper::A5,
    };
    let pdf = save(&dir, "render-a5.pdf", &write(&shown, &opts).bytes);
    check(&pdf, 5, "figure-print-a5");
    check(&pdf, 6, "table-continued-print-a5");
}
