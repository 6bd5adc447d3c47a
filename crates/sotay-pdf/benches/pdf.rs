//! PDF edition benchmarks on the shared corpus (`../shared/bench/gen_corpus.py N DIR`), release:
//! Markdown → model → PDF for 10, 200 and 1,000 pages; target < 1.0 s for 200 pages, and 1,000
//! pages in at most 5.5× the time of 200 (issue 18).
//! `SOTAY_CORPUS=/tmp/corpus cargo bench -p sotay-pdf` (the corpus is generated when missing).

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use sotay_doc::{build, chapters_from_markdown, DocMeta, Image, Numbering};
use sotay_pdf::{write, Edition, Paper, PdfOptions};

fn corpus(pages: u32) -> Option<(PathBuf, String)> {
    let dir =
        PathBuf::from(std::env::var("SOTAY_CORPUS").unwrap_or_else(|_| "/tmp/sotay-corpus".into()));
    let file = dir.join(format!("handbook-{pages}.md"));
    if !file.exists() {
        let gen = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/gen_corpus.py");
        std::process::Command::new("python3")
            .arg(gen)
            .arg(pages.to_string())
            .arg(&dir)
            .status()
            .ok()?;
    }
    Some((dir, std::fs::read_to_string(file).ok()?))
}

fn pdf(c: &mut Criterion) {
    let mut group = c.benchmark_group("pdf");
    group.sample_size(10);
    for pages in [10, 200, 1000] {
        let Some((dir, md)) = corpus(pages) else {
            eprintln!("corpus for {pages} pages not available; skipping");
            continue;
        };
        let images = |name: &str| {
            std::fs::read(dir.join(name)).ok().map(|bytes| Image {
                bytes,
                mime: "image/png".into(),
            })
        };
        let (title, chapters) = chapters_from_markdown(&md, "corpus");
        let meta = DocMeta {
            title,
            issuing_body: "Sở Khoa học và Công nghệ tỉnh An Giang".into(),
            edition_label: "1.0".into(),
            date: "2025-07-01".into(),
            ..DocMeta::default()
        };
        for (name, opts) in [
            ("screen-a4", PdfOptions::default()),
            (
                "print-a5",
                PdfOptions {
                    edition: Edition::Print,
                    paper: Paper::A5,
                },
            ),
        ] {
            group.bench_function(format!("{pages}-pages/{name}"), |b| {
                b.iter(|| {
                    let doc = build(meta.clone(), &chapters, Numbering::Auto, &images).document;
                    write(&doc, &opts)
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, pdf);
criterion_main!(benches);
