//! Soft-copy benchmarks on the shared corpus (`../shared/bench/gen_corpus.py N DIR`), release:
//! Markdown → model → HTML < 150 ms and EPUB < 400 ms for 200 pages.
//! `SOTAY_CORPUS=/tmp/corpus make bench` (the corpus is generated there when missing).

#[path = "common/corpus.rs"]
mod corpus;

use corpus::corpus;
use criterion::{criterion_group, criterion_main, Criterion};
use sotay_doc::{build, chapters_from_markdown, DocMeta, Image, Numbering};

fn export(c: &mut Criterion) {
    for pages in [10, 200] {
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
            date: "2025-07-01".into(),
            ..DocMeta::default()
        };
        c.bench_function(&format!("html/{pages}-pages"), |b| {
            b.iter(|| {
                sotay_doc::html::single_file(
                    &build(meta.clone(), &chapters, Numbering::Auto, &images).document,
                )
            })
        });
        c.bench_function(&format!("epub/{pages}-pages"), |b| {
            b.iter(|| {
                sotay_doc::epub::write(
                    &build(meta.clone(), &chapters, Numbering::Auto, &images).document,
                )
                .unwrap()
            })
        });
    }
    // Live preview of a ~10-page chapter.
    if let Some((_, md)) = corpus(10) {
        c.bench_function("preview/10-page-chapter", |b| {
            b.iter(|| sotay_doc::html::preview_fragment(&md, &|_| None))
        });
    }
}

criterion_group!(benches, export);
criterion_main!(benches);
