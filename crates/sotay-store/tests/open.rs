//! Opening databases: from empty, again, and the files the store must refuse untouched.

use std::path::Path;

use rusqlite::Connection;
use sotay_model::{ChapterLevel, NewChapter, NewHandbook, NewPilotModel, PilotKind};
use sotay_store::{Store, StoreError, LATEST_SCHEMA_VERSION};
use tempfile::TempDir;

fn handbook(id: &str, title: &str) -> NewHandbook {
    NewHandbook {
        id: id.into(),
        title: title.into(),
        product: "Tôm sú".into(),
        template_id: "tom-nuoc-lo".into(),
        template_version: "1.0.0".into(),
        variables: serde_json::json!({"product": {"name": "Tôm sú"}}),
        chapters: vec![
            NewChapter {
                id: format!("{id}-c1"),
                key: "gioi-thieu".into(),
                title: "Giới thiệu chung".into(),
                level: ChapterLevel::M,
                source: "# Giới thiệu chung\n{{ product.name }}".into(),
            },
            NewChapter {
                id: format!("{id}-c2"),
                key: "dao-tao".into(),
                title: "Đào tạo".into(),
                level: ChapterLevel::R,
                source: "# Đào tạo".into(),
            },
        ],
        author: "Trần Thị Bình".into(),
        created_at: "2026-11-28T10:00:00Z".into(),
    }
}

fn made_db(dir: &TempDir) -> std::path::PathBuf {
    let path = dir.path().join("ws.db");
    let mut store = Store::open(&path).unwrap();
    store
        .insert_handbook(&handbook("h1", "Sổ tay tôm"))
        .unwrap();
    drop(store);
    path
}

fn assert_refused_unchanged(path: &Path, check: impl Fn(&StoreError) -> bool) {
    let before = std::fs::read(path).unwrap();
    let siblings_before = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
    let err = Store::open(path).unwrap_err();
    assert!(check(&err), "unexpected error: {err:?}");
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "the refused file was modified"
    );
    let siblings_after = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
    assert_eq!(
        siblings_before, siblings_after,
        "files were created beside the refused one"
    );
}

#[test]
fn migrates_a_new_file_from_empty_with_wal_and_foreign_keys() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("nested/folder/ws.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
    assert!(store.list_handbooks().unwrap().is_empty());
    drop(store);

    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, sotay_store::APPLICATION_ID);
}

#[test]
fn an_empty_file_is_a_new_database() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    assert_eq!(
        Store::open(&path).unwrap().schema_version().unwrap(),
        LATEST_SCHEMA_VERSION
    );
}

#[test]
fn data_survives_reopening_and_foreign_keys_are_enforced() {
    let dir = TempDir::new().unwrap();
    let path = made_db(&dir);
    let mut store = Store::open(&path).unwrap();
    let list = store.list_handbooks().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].title, "Sổ tay tôm");
    assert_eq!(list[0].chapter_count, 2);
    let h = store.handbook("h1").unwrap();
    assert_eq!(h.chapters[1].level, ChapterLevel::R);
    assert_eq!(h.variables["product"]["name"], "Tôm sú");
    assert_eq!(store.handbook_ids_by_title("Sổ tay tôm").unwrap(), ["h1"]);

    // A pilot pointing at a handbook that does not exist is refused by the foreign key.
    let err = store
        .insert_pilot(&NewPilotModel {
            id: "p1".into(),
            name: "HTX".into(),
            kind: PilotKind::Cooperative,
            address: Default::default(),
            contact: String::new(),
            handbook_id: Some("nope".into()),
            created_at: "2026-11-28T10:00:00Z".into(),
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Sqlite(_)), "{err:?}");
    assert!(store.list_pilots().unwrap().is_empty());
}

#[test]
fn seeding_happens_once_and_atomically() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("ws.db")).unwrap();
    assert!(store
        .seed_once("sample", &[handbook("h1", "A")], &[])
        .unwrap());
    assert!(!store
        .seed_once("sample", &[handbook("h2", "B")], &[])
        .unwrap());
    assert_eq!(store.list_handbooks().unwrap().len(), 1);

    // A failing seed (duplicate id) leaves nothing behind, not even the flag.
    assert!(store
        .seed_once("other", &[handbook("h3", "C"), handbook("h3", "C")], &[])
        .is_err());
    assert_eq!(store.list_handbooks().unwrap().len(), 1);
    assert_eq!(store.meta("other").unwrap(), None);
}

#[test]
fn refuses_a_database_from_a_newer_sotay() {
    let dir = TempDir::new().unwrap();
    let path = made_db(&dir);
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", LATEST_SCHEMA_VERSION + 1)
        .unwrap();
    assert_refused_unchanged(&path, |e| {
        matches!(e, StoreError::NewerSchema { found, supported, .. }
            if *found == LATEST_SCHEMA_VERSION + 1 && *supported == LATEST_SCHEMA_VERSION)
    });
}

#[test]
fn refuses_random_bytes() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("random.db");
    let bytes: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    std::fs::write(&path, bytes).unwrap();
    assert_refused_unchanged(&path, |e| matches!(e, StoreError::NotSqlite { .. }));
}

#[test]
fn refuses_a_damaged_database() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("ws.db");
    {
        let mut store = Store::open(&path).unwrap();
        for i in 0..200 {
            store
                .insert_handbook(&handbook(&format!("h{i:03}"), &format!("Sổ tay {i}")))
                .unwrap();
        }
    }
    // Overwrite the middle pages (keeping the header) with garbage.
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 16 * 4096, "{}", bytes.len());
    let end = bytes.len() - 4096;
    for (i, b) in bytes[8192..end].iter_mut().enumerate() {
        *b = (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[2];
    }
    std::fs::write(&path, &bytes).unwrap();
    assert_refused_unchanged(&path, |e| {
        matches!(e, StoreError::Corrupt { .. } | StoreError::NotSqlite { .. })
    });
}

#[test]
fn refuses_another_programs_database() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("other.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TABLE invoices (id INTEGER PRIMARY KEY); INSERT INTO invoices VALUES (1);",
        )
        .unwrap();
    assert_refused_unchanged(&path, |e| matches!(e, StoreError::Foreign { .. }));
}

#[test]
fn a_directory_is_an_io_error() {
    let dir = TempDir::new().unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
}
