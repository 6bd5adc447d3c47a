//! Migration 0017 on a schema-16 database: the editions are kept, their paper not recorded
//! (NULL) until a run records it once; new editions store theirs; the column takes only "a4"
//! and "a5"; the signature history starts empty.

use std::path::Path;

use sotay_model::edition::Edition;
use sotay_store::{NewEdition, Store, LATEST_SCHEMA_VERSION};
use tempfile::TempDir;

const AT: &str = "2025-12-01T08:00:00Z";

/// A schema-16 database (the migration scripts 0001–0016, as the Sotay before 0017 left it)
/// with a handbook `h1` and its edition `e1`, labelled "1.0".
fn version_16_database(path: &Path) {
    let conn = sotay_store::database_at_version(path, 16).unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO handbooks (id, title, product, template_id, template_version, status, variables, created_at, updated_at)
             VALUES ('h1', 'Sổ tay lúa gạo', 'Lúa gạo', 'lua-gao', '1', 'published', '{{}}', '{AT}', '{AT}');
         INSERT INTO editions (id, handbook_id, label, date, version, title, snapshot, approval, created_by, created_at, qr_address)
             VALUES ('e1', 'h1', '1.0', '2025-12-01', 1, 'Sổ tay lúa gạo', '{{}}', '[]', 'Nguyễn Thị Hoa', '{AT}', '');"
    ))
    .unwrap();
}

fn edition(id: &str, label: &str) -> Edition {
    Edition {
        id: id.into(),
        handbook_id: "h1".into(),
        label: label.into(),
        date: "2026-01-15".into(),
        version: 1,
        title: "Sổ tay lúa gạo".into(),
        created_by: "Nguyễn Thị Hoa".into(),
        created_at: AT.into(),
    }
}

#[test]
fn a_version_16_database_keeps_its_editions_and_records_a_paper_once() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("ws.db");
    version_16_database(&path);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
    const { assert!(LATEST_SCHEMA_VERSION >= 17) };
    let (e, _) = store.edition_by_label("h1", "1.0").unwrap().unwrap();
    assert_eq!(e.id, "e1");
    assert_eq!(store.edition_qr_address("e1").unwrap().as_deref(), Some(""));
    // The signature history (the same migration) starts empty.
    assert!(store.signature_history("a1").unwrap().is_empty());
    // Not recorded by the migration: the first run afterwards decides it, once.
    assert_eq!(store.edition_paper("e1").unwrap(), None);
    store.record_edition_paper("e1", "a5").unwrap();
    store.record_edition_paper("e1", "a4").unwrap();
    assert_eq!(store.edition_paper("e1").unwrap().as_deref(), Some("a5"));

    // A new edition stores its paper with it.
    let new = |id: &str, label: &str, paper: &str| NewEdition {
        edition: edition(id, label),
        snapshot: serde_json::json!({}),
        approval: serde_json::json!([]),
        paper: paper.into(),
    };
    store
        .insert_edition(&new("e2", "2.0", "a4"), false)
        .unwrap();
    assert_eq!(store.edition_paper("e2").unwrap().as_deref(), Some("a4"));
    store.record_edition_paper("e2", "a5").unwrap();
    assert_eq!(store.edition_paper("e2").unwrap().as_deref(), Some("a4"));
    // Another name is refused by the table itself, and nothing is stored.
    assert!(store
        .insert_edition(&new("e3", "3.0", "letter"), false)
        .is_err());
    assert!(store.edition_by_label("h1", "3.0").unwrap().is_none());
    drop(store);
    // Opening again migrates nothing more.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.edition_paper("e1").unwrap().as_deref(), Some("a5"));
}
