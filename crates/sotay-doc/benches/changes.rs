//! The comparison of two editions (issue 21) on the shared corpus: the 200-page handbook
//! against itself with every tenth paragraph edited, one chapter moved to the end and one
//! table row removed. `SOTAY_CORPUS=/tmp/corpus cargo bench -p sotay-doc --bench changes`.

#[path = "common/corpus.rs"]
mod corpus;

use corpus::corpus;
use criterion::{criterion_group, criterion_main, Criterion};
use sotay_doc::changes::compare;
use sotay_doc::{build, chapters_from_markdown, Block, DocMeta, Inline, Numbering};

fn changes(c: &mut Criterion) {
    let Some((_, md)) = corpus(200) else {
        eprintln!("corpus not available; skipping");
        return;
    };
    let (title, chapters) = chapters_from_markdown(&md, "corpus");
    let meta = DocMeta {
        title,
        ..DocMeta::default()
    };
    let old = build(meta, &chapters, Numbering::Auto, &|_| None).document;
    let mut new = old.clone();
    let mut n = 0;
    for ch in &mut new.chapters {
        for b in &mut ch.blocks {
            if let Block::Paragraph(inl) = b {
                n += 1;
                if n % 10 == 0 {
                    inl.push(Inline::Text(" (sửa đổi)".into()));
                }
            }
            if let Block::Table(t) = b {
                if n % 7 == 0 && t.rows.len() > 1 {
                    t.rows.pop();
                }
            }
        }
    }
    let moved = new.chapters.remove(1);
    new.chapters.push(moved);
    let found = compare(&old, &new, "1.0");
    eprintln!(
        "{} chapters; blocks added/changed/moved/removed: {:?}; {} change-list entries",
        new.chapters.len(),
        found.counts(),
        found.sections.len()
    );
    c.bench_function("compare 200 pages", |b| {
        b.iter(|| compare(&old, &new, "1.0"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = changes
}
criterion_main!(benches);
