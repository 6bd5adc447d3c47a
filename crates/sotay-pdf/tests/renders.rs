//! Regression renders: a few pages drawn by `pdftoppm` at 40 dpi, compared with the reference
//! PNGs in `tests/renders/` with a tolerance (font rasterising differs a little between poppler
//! versions). `SOTAY_PDF_BLESS=1 cargo test -p sotay-pdf --test renders` rewrites the references
//! after a deliberate change of the layout; look at them before committing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use sotay_doc::{ChapterRole, Image};
use sotay_pdf::{write, Edition, Paper, PdfOptions};

fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
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

fn render(pdf: &Path, page: usize) -> Vec<u8> {
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
fn check(pdf: &Path, page: usize, name: &str) {
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
