//! Evidence files with thumbnails (migration 0005), and a schema-4 database migrated to it.

use std::path::Path;

use sotay_model::assessment::EvidenceFile;
use sotay_store::{BlobRef, NewEvidence, Store, LATEST_SCHEMA_VERSION};
use tempfile::TempDir;

const AT: &str = "2025-07-20T07:32:00Z";

/// A database at schema `version` with a pilot and an assessment `a1`, written with the
/// migration scripts themselves (as an older Sotay left it).
fn database_at(path: &Path, version: u32) {
    let conn = sotay_store::database_at_version(path, version).unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO pilot_models (id, name, kind, province, commune, created_at)
             VALUES ('p1', 'HTX Thuận Hòa', 'cooperative', 'An Giang', 'Thạnh Đông', '{AT}');
         INSERT INTO assessments (id, pilot_id, date, checklist, rules, created_at, updated_at)
             VALUES ('a1', 'p1', '2025-07-20', '{{}}', '{{}}', '{AT}', '{AT}');"
    ))
    .unwrap();
}

fn evidence<'a>(id: &'a str, name: &'a str, file: BlobRef<'a>) -> NewEvidence<'a> {
    NewEvidence {
        id,
        assessment_id: "a1",
        item_id: Some("S2.6"),
        action_id: None,
        name,
        file,
        thumbnail: None,
        taken_at: None,
        at: AT,
    }
}

const PHOTO: BlobRef<'static> = BlobRef {
    sha256: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    mime: "image/jpeg",
    bytes: b"photo",
};
const THUMB: BlobRef<'static> = BlobRef {
    sha256: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
    mime: "image/jpeg",
    bytes: b"thumb",
};

#[test]
fn a_version_4_database_keeps_its_evidence_and_gains_thumbnails() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("v4.db");
    database_at(&path, 4);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO blobs (sha256, size, mime, bytes, created_at) VALUES ('cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc', 3, 'application/pdf', x'252550', '{AT}');
             INSERT INTO evidence (id, assessment_id, item_id, action_id, name, sha256, taken_at, created_at)
                 VALUES ('e0', 'a1', 'S2.6', NULL, 'biên bản.pdf', 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc', NULL, '{AT}');"
        ))
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
    // Migrated past 0005 (thumbnails): the column it added is there.
    assert!(store.evidence("a1").is_ok());
    assert_eq!(
        store.evidence("a1").unwrap(),
        [EvidenceFile {
            id: "e0".into(),
            item_id: Some("S2.6".into()),
            name: "biên bản.pdf".into(),
            sha256: "c".repeat(64),
            taken_at: None,
            has_thumbnail: false,
        }]
    );
    assert_eq!(store.evidence_thumbnail("e0").unwrap(), None);

    store
        .put_evidence(&NewEvidence {
            thumbnail: Some(THUMB),
            taken_at: Some("2025-07-20T14:32:05+07:00"),
            ..evidence("e1", "bờ ao.jpg", PHOTO)
        })
        .unwrap();
    let listed = store.evidence("a1").unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed[1].has_thumbnail);
    assert_eq!(
        listed[1].taken_at.as_deref(),
        Some("2025-07-20T14:32:05+07:00")
    );
    assert_eq!(
        store.evidence_thumbnail("e1").unwrap(),
        Some(("image/jpeg".into(), b"thumb".to_vec()))
    );
    assert!(matches!(
        store.evidence_thumbnail("e9"),
        Err(sotay_store::StoreError::NotFound { .. })
    ));
}

#[test]
fn the_same_photo_twice_stores_its_bytes_and_thumbnail_once() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("v4.db");
    database_at(&path, 4);
    let mut store = Store::open(&path).unwrap();
    let before = store.blob_count().unwrap();
    for id in ["e1", "e2"] {
        store
            .put_evidence(&NewEvidence {
                thumbnail: Some(THUMB),
                ..evidence(id, "ao.jpg", PHOTO)
            })
            .unwrap();
    }
    assert_eq!(store.blob_count().unwrap(), before + 2);
    assert_eq!(
        store.blob(THUMB.sha256).unwrap().as_deref(),
        Some(&b"thumb"[..])
    );
}
