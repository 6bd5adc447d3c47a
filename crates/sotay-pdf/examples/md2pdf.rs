//! `cargo run -p sotay-pdf --example md2pdf -- IN.md OUT.pdf [print] [a5]`: one Markdown file
//! (images relative to it) to a PDF; prints pages, time and warnings.

use std::path::Path;

use sotay_doc::{build, chapters_from_markdown, DocMeta, Image, Numbering};
use sotay_pdf::{write, Edition, Paper, PdfOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let input = Path::new(&args[1]);
    let md = std::fs::read_to_string(input).expect("read input");
    let dir = input.parent().unwrap_or(Path::new(".")).to_owned();
    let images = |name: &str| {
        let bytes = std::fs::read(dir.join(name)).ok()?;
        let mime = if name.ends_with(".png") {
            "image/png"
        } else {
            "image/jpeg"
        };
        Some(Image {
            bytes,
            mime: mime.into(),
        })
    };
    let t0 = std::time::Instant::now();
    let (title, chapters) = chapters_from_markdown(&md, "Sổ tay");
    let meta = DocMeta {
        title,
        subtitle: "Tài liệu thử nghiệm".into(),
        province: "An Giang".into(),
        issuing_body: "Sở Khoa học và Công nghệ tỉnh An Giang".into(),
        edition_id: "corpus".into(),
        edition_label: "1.0".into(),
        revision: None,
        date: "2025-07-01".into(),
        lang: sotay_model::Lang::Vi,
        logo: String::new(),
        decision: None,
        publication: None,
    };
    let doc = build(meta, &chapters, Numbering::Auto, &images).document;
    let opts = PdfOptions {
        edition: if args.iter().any(|a| a == "print") {
            Edition::Print
        } else {
            Edition::Screen
        },
        paper: if args.iter().any(|a| a == "a5") {
            Paper::A5
        } else {
            Paper::A4
        },
    };
    let out = write(&doc, &opts);
    let el = t0.elapsed();
    std::fs::write(&args[2], &out.bytes).expect("write output");
    println!(
        "{} pages, {} bytes, {:.3} s",
        out.pages,
        out.bytes.len(),
        el.as_secs_f64()
    );
    for d in &out.diagnostics {
        println!("warning {}: {}", d.code, d.message.en);
    }
}
