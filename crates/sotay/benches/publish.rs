//! Publishing benchmark (issue 7 target on the 2-core reference machine): 30 recipients ×
//! (print PDF + EPUB) of a handbook of 40+ pages in < 5 s. `make bench`.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use sotay::{Format, NewHandbookRequest, PublishRequest, Recipient, SystemClock, Workspace};
use sotay_model::HandbookStatus;

fn publish(c: &mut Criterion) {
    let dir = tempfile::TempDir::new().unwrap();
    let mut ws = Workspace::open(&dir.path().join("bench.db"), Arc::new(SystemClock)).unwrap();
    let h = ws
        .create_handbook(&NewHandbookRequest {
            template_id: "lua-gao".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    ws.set_status(&h, HandbookStatus::Review, "").unwrap();
    ws.set_status(&h, HandbookStatus::Approved, "").unwrap();
    let recipients: Vec<Recipient> = (1..=30)
        .map(|i| Recipient {
            name: format!("Đơn vị nhận số {i}"),
            unit: "Phòng Kinh tế".into(),
            copies: 1,
            kind: None,
        })
        .collect();
    let mut run = 0;
    let mut group = c.benchmark_group("publish");
    group.sample_size(10);
    group.bench_function("30-recipients-print-pdf-and-epub", |b| {
        b.iter(|| {
            run += 1;
            let req = PublishRequest {
                handbook: h.clone(),
                label: "1.0".into(),
                date: Some("2025-12-01".into()),
                recipients: Some(recipients.clone()),
                formats: vec![Format::PdfPrint, Format::Epub],
                paper: Some(sotay::Paper::A4),
                out_dir: dir.path().join(format!("out-{run}")),
                qr_base: None,
                replaces: None,
                note: None,
                allow_inaccessible: false,
                compare_with: None,
                no_change_bars: false,
                publication: None,
            };
            ws.publish(&req, &|_, _| {}, &AtomicBool::new(false))
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, publish);
criterion_main!(benches);
