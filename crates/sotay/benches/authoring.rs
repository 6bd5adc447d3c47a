//! Authoring benchmarks (issue 3 targets on the 2-core reference machine):
//! instantiating a template < 50 ms; `check` of a 40-chapter handbook < 100 ms.
//! Run with `make bench` (or `cargo bench -p sotay --bench authoring`).

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use sotay::{NewHandbookRequest, SystemClock, Workspace};
use sotay_model::ChapterLevel;

fn workspace(dir: &tempfile::TempDir) -> Workspace {
    Workspace::open(&dir.path().join("bench.db"), Arc::new(SystemClock)).expect("open workspace")
}

fn instantiate(c: &mut Criterion) {
    let dir = tempfile::TempDir::new().unwrap();
    let mut ws = workspace(&dir);
    let mut group = c.benchmark_group("instantiate");
    for template in ["tom-nuoc-lo", "lua-gao"] {
        group.bench_function(template, |b| {
            b.iter(|| {
                ws.create_handbook(&NewHandbookRequest {
                    template_id: template.to_owned(),
                    ..NewHandbookRequest::default()
                })
                .expect("create")
            })
        });
    }
    group.finish();
}

/// A handbook of 40 chapters: the shrimp template's 19, then its chapters again as new ones.
fn forty_chapters(ws: &mut Workspace) -> String {
    let id = ws
        .create_handbook(&NewHandbookRequest {
            template_id: "tom-nuoc-lo".to_owned(),
            ..NewHandbookRequest::default()
        })
        .expect("create")
        .id;
    let sources: Vec<String> = ws
        .open_handbook(&id)
        .unwrap()
        .chapters
        .iter()
        .map(|c| c.source.clone())
        .collect();
    let mut n = 0;
    while ws.open_handbook(&id).unwrap().chapters.len() < 40 {
        let view = ws
            .add_chapter(&id, &format!("Chương bổ sung {n}"), ChapterLevel::O, None)
            .unwrap();
        let new = view
            .chapters
            .iter()
            .find(|c| c.title == format!("Chương bổ sung {n}"))
            .unwrap();
        let body = &sources[n % sources.len()];
        ws.save_chapter(&id, &new.id, body, "bench").unwrap();
        n += 1;
    }
    id
}

fn check(c: &mut Criterion) {
    let dir = tempfile::TempDir::new().unwrap();
    let mut ws = workspace(&dir);
    let id = forty_chapters(&mut ws);
    let diagnostics = ws.check(&id).unwrap();
    assert!(!sotay::has_errors(&diagnostics), "{diagnostics:#?}");
    c.bench_function("check/40-chapters", |b| b.iter(|| ws.check(&id).unwrap()));
    c.bench_function("template-check/lua-gao", |b| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../handbook-templates/lua-gao");
        b.iter(|| sotay::check_template_dir(&dir).unwrap())
    });
}

criterion_group!(benches, instantiate, check);
criterion_main!(benches);
