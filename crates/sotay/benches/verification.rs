//! Verification benchmarks (issue 9): the verdict of a complete assessment (61 answers, a
//! backward and a forward trace test, findings) as the window recomputes it after each answer.
//! Run with `make bench` (or `cargo bench -p sotay --bench verification`).

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use sotay::{SystemClock, TraceInput, Workspace};
use sotay_model::verdict::Direction;

fn verdict(c: &mut Criterion) {
    let dir = tempfile::TempDir::new().unwrap();
    let mut ws =
        Workspace::open(&dir.path().join("bench.db"), Arc::new(SystemClock)).expect("open");
    ws.ensure_sample_workspace().expect("sample");
    let pilot = ws.pilots().expect("pilots").remove(0);
    let h = pilot.handbook_id.clone().expect("handbook");
    let a = ws
        .new_assessment(&pilot.id, &h, "2026-07-20", "Lê Thanh Tùng", &[])
        .expect("assessment")
        .id;
    let answers: Vec<(String, String, String, String)> = ws
        .assessment_items(&a)
        .expect("items")
        .iter()
        .filter(|i| !i.item.id.starts_with("S9."))
        .map(|i| {
            let r = if i.item.id == "S6.2" { "minor" } else { "pass" };
            (i.item.id.clone(), r.into(), "ghi chú".into(), String::new())
        })
        .collect();
    ws.answer(&a, &answers, None).expect("answers");
    for direction in [Direction::Backward, Direction::Forward] {
        ws.record_trace(&a, &trace(direction)).expect("trace");
    }
    c.bench_function("verdict/complete-assessment", |b| {
        b.iter(|| ws.verdict(&a).expect("verdict"))
    });
}

fn trace(direction: Direction) -> TraceInput {
    TraceInput {
        started: "2026-07-20T08:00:00+07:00".into(),
        finished: "2026-07-20T09:10:00+07:00".into(),
        links_expected: 6,
        links_found: Some(6),
        input_qty: 1250.0,
        accounted_qty: Some(1.24),
        accounted_unit: Some("tấn".into()),
        ..TraceInput::passing(direction, "TS-2507-A01")
    }
}

criterion_group!(benches, verdict);
criterion_main!(benches);
