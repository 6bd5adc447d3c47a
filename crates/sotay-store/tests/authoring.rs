//! Store integration tests of authoring: revisions, chapter structure, workflow history,
//! comments, content-addressed attachments, and the 0001 → 0002 migration.

use sotay_model::{ChapterLevel, HandbookStatus, NewChapter, NewHandbook, RevisionKind};
use sotay_store::{Stamp, Store};
use tempfile::TempDir;

fn new_handbook() -> NewHandbook {
    let chapter = |n: u32, key: &str, title: &str| NewChapter {
        id: format!("c{n}"),
        key: key.into(),
        title: title.into(),
        level: ChapterLevel::M,
        source: format!("# {title}\n\nNội dung {n}.\n"),
    };
    NewHandbook {
        id: "h1".into(),
        title: "Sổ tay tôm".into(),
        product: "Tôm sú".into(),
        template_id: "tom-nuoc-lo".into(),
        template_version: "1.0.0".into(),
        variables: serde_json::json!({}),
        chapters: vec![
            chapter(1, "mot", "Một"),
            chapter(2, "hai", "Hai"),
            chapter(3, "ba", "Ba"),
        ],
        author: "Trần Thị Bình".into(),
        created_at: "2026-11-28T10:00:00Z".into(),
    }
}

fn stamp<'a>(id: &'a str, at: &'a str) -> Stamp<'a> {
    Stamp {
        id,
        author: "Lê Văn Cường",
        at,
    }
}

fn open() -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("w.db")).unwrap();
    store.insert_handbook(&new_handbook()).unwrap();
    (dir, store)
}

fn order(store: &Store) -> Vec<String> {
    store
        .handbook("h1")
        .unwrap()
        .chapters
        .iter()
        .map(|c| format!("{}:{}", c.position, c.key))
        .collect()
}

#[test]
fn creating_a_handbook_records_one_revision_per_chapter() {
    let (_d, store) = open();
    let revs = store.revisions("h1", None).unwrap();
    assert_eq!(revs.len(), 3);
    assert!(revs
        .iter()
        .all(|r| r.kind == RevisionKind::Create && r.author == "Trần Thị Bình"));
    assert_eq!(revs[0].number, 3, "newest first");
}

#[test]
fn saves_are_numbered_revisions_and_unchanged_saves_write_nothing() {
    let (dir, mut store) = open();
    let r = store
        .save_chapter(
            "h1",
            "c2",
            "# Hai\n\nMới.\n",
            "sửa",
            RevisionKind::Edit,
            &stamp("r4", "2026-11-28T11:00:00Z"),
        )
        .unwrap()
        .unwrap();
    assert_eq!(
        (r.number, r.author.as_str(), r.message.as_str()),
        (4, "Lê Văn Cường", "sửa")
    );
    let again = store
        .save_chapter(
            "h1",
            "c2",
            "# Hai\n\nMới.\n",
            "",
            RevisionKind::Edit,
            &stamp("r5", "2026-11-28T11:01:00Z"),
        )
        .unwrap();
    assert!(again.is_none());
    // Survives reopening.
    drop(store);
    let store = Store::open(&dir.path().join("w.db")).unwrap();
    let detail = store.revision("h1", "4").unwrap();
    assert_eq!(detail.source, "# Hai\n\nMới.\n");
    assert_eq!(store.revision("h1", "r4").unwrap().summary.number, 4);
    assert_eq!(store.revisions("h1", Some("c2")).unwrap().len(), 2);
    assert_eq!(
        store.handbook("h1").unwrap().summary.updated_at,
        "2026-11-28T11:00:00Z"
    );
}

#[test]
fn chapters_are_added_moved_renamed_and_removed_without_losing_text() {
    let (_d, mut store) = open();
    let new = NewChapter {
        id: "c4".into(),
        key: "bon".into(),
        title: "Bốn".into(),
        level: ChapterLevel::O,
        source: "# Bốn\n".into(),
    };
    store
        .add_chapter(
            "h1",
            &new,
            1,
            RevisionKind::Add,
            "",
            &stamp("r4", "2026-11-28T11:00:00Z"),
        )
        .unwrap();
    assert_eq!(order(&store), ["1:mot", "2:bon", "3:hai", "4:ba"]);
    store
        .move_chapter("h1", "c3", 1, "2026-11-28T11:01:00Z")
        .unwrap();
    assert_eq!(order(&store), ["1:ba", "2:mot", "3:bon", "4:hai"]);
    store
        .move_chapter("h1", "c3", 99, "2026-11-28T11:02:00Z")
        .unwrap();
    assert_eq!(order(&store), ["1:mot", "2:bon", "3:hai", "4:ba"]);
    store
        .rename_chapter(
            "h1",
            "c1",
            "Một (sửa)",
            &stamp("r5", "2026-11-28T11:03:00Z"),
        )
        .unwrap();
    let removed = store
        .remove_chapter("h1", "c2", &stamp("r6", "2026-11-28T11:04:00Z"))
        .unwrap();
    assert_eq!(removed.kind, RevisionKind::Remove);
    assert_eq!(order(&store), ["1:mot", "2:bon", "3:ba"]);
    assert!(!store.chapter_exists("h1", "c2").unwrap());
    assert_eq!(
        store.revision("h1", "r6").unwrap().source,
        "# Hai\n\nNội dung 2.\n"
    );
    assert_eq!(store.handbook("h1").unwrap().chapters[0].title, "Một (sửa)");
}

#[test]
fn status_changes_are_recorded_and_checked_against_the_current_status() {
    let (_d, mut store) = open();
    store
        .set_status(
            "h1",
            HandbookStatus::Draft,
            HandbookStatus::Review,
            1,
            "",
            "",
            &stamp("s1", "2026-11-28T12:00:00Z"),
        )
        .unwrap();
    // A stale "from" (someone else moved it meanwhile) is refused and changes nothing.
    assert!(store
        .set_status(
            "h1",
            HandbookStatus::Draft,
            HandbookStatus::Review,
            1,
            "",
            "",
            &stamp("s2", "2026-11-28T12:01:00Z")
        )
        .is_err());
    store
        .set_status(
            "h1",
            HandbookStatus::Review,
            HandbookStatus::Approved,
            1,
            "QĐ 12/QĐ-SKHCN",
            "Góp ý đã trao đổi trong cuộc họp ngày 27/11",
            &stamp("s3", "2026-11-28T12:02:00Z"),
        )
        .unwrap();
    let h = store.handbook("h1").unwrap().summary;
    assert_eq!((h.status, h.version), (HandbookStatus::Approved, 1));
    let history = store.status_changes("h1").unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].note, "QĐ 12/QĐ-SKHCN");
    assert_eq!(history[1].by, "Lê Văn Cường");
    assert_eq!(history[0].reason, "");
    assert_eq!(
        history[1].reason,
        "Góp ý đã trao đổi trong cuộc họp ngày 27/11"
    );
}

#[test]
fn comments_open_and_resolve() {
    let (_d, mut store) = open();
    let c = store
        .add_comment(
            "h1",
            "c1",
            "Bổ sung căn cứ pháp lý.",
            None,
            &stamp("m1", "2026-11-28T12:00:00Z"),
        )
        .unwrap();
    assert_eq!(c.status, sotay_model::CommentStatus::Open);
    assert!(store
        .add_comment(
            "h1",
            "nope",
            "x",
            None,
            &stamp("m2", "2026-11-28T12:00:00Z")
        )
        .is_err());
    let r = store
        .resolve_comment("h1", "m1", "Trần Thị Bình", "2026-11-28T13:00:00Z")
        .unwrap();
    assert_eq!(r.status, sotay_model::CommentStatus::Resolved);
    assert_eq!(r.resolved_by.as_deref(), Some("Trần Thị Bình"));
    assert_eq!(store.comments("h1").unwrap().len(), 1);
    assert_eq!(c.anchor, None);
}

#[test]
fn a_comment_keeps_the_passage_it_is_about() {
    let (_d, mut store) = open();
    let anchor = sotay_model::TextAnchor {
        quote: "mã số ao".into(),
        prefix: "Mỗi ao có ".into(),
        suffix: " riêng.".into(),
        start: 10,
        end: 18,
        revision: 3,
    };
    let c = store
        .add_comment(
            "h1",
            "c1",
            "Ghi rõ cách đặt mã.",
            Some(&anchor),
            &stamp("m1", "2026-11-28T12:00:00Z"),
        )
        .unwrap();
    assert_eq!(c.anchor.as_ref(), Some(&anchor));
    assert_eq!(store.comments("h1").unwrap()[0].anchor, Some(anchor));
}

#[test]
fn attachments_are_stored_once_per_content() {
    let (_d, mut store) = open();
    let sha = "a".repeat(64);
    store
        .put_attachment(
            "h1",
            "anh/ao-1.jpg",
            &sha,
            "image/jpeg",
            b"jpeg",
            "2026-11-28T12:00:00Z",
        )
        .unwrap();
    store
        .put_attachment(
            "h1",
            "anh/ao-1-ban-sao.jpg",
            &sha,
            "image/jpeg",
            b"jpeg",
            "2026-11-28T12:00:00Z",
        )
        .unwrap();
    assert_eq!(store.blob_count().unwrap(), 1);
    assert_eq!(store.attachments("h1").unwrap().len(), 2);
    assert_eq!(store.blob(&sha).unwrap().as_deref(), Some(&b"jpeg"[..]));
}

#[test]
fn a_version_1_database_gets_first_revisions_when_migrated() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("v1.db");
    {
        let conn = sotay_store::database_at_version(&path, 1).unwrap();
        conn.execute_batch(
            "INSERT INTO handbooks VALUES ('h1','T','P','tom-nuoc-lo','1.0.0','draft','{}','2025-01-01T00:00:00Z','2025-01-01T00:00:00Z');
             INSERT INTO chapters VALUES ('c1','h1','mot',1,'Một','M','# Một','2025-01-01T00:00:00Z');
             INSERT INTO chapters VALUES ('c2','h1','hai',2,'Hai','M','# Hai','2025-01-01T00:00:00Z');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        sotay_store::LATEST_SCHEMA_VERSION
    );
    let revs = store.revisions("h1", None).unwrap();
    let numbers: Vec<(u32, &str)> = revs
        .iter()
        .map(|r| (r.number, r.chapter_key.as_str()))
        .collect();
    assert_eq!(numbers, [(2, "hai"), (1, "mot")]);
    assert_eq!(store.handbook("h1").unwrap().summary.version, 1);
}

#[test]
fn the_issuing_decision_is_recorded_on_a_handbook_and_a_later_one_replaces_it() {
    let (_d, mut store) = open();
    assert_eq!(store.handbook_decision("h1").unwrap(), None);
    let row = |number: &str, version: u32| sotay_store::DecisionRow {
        version,
        decision: sotay_model::admin::IssuingDecision {
            number: number.into(),
            date: "2026-06-10".into(),
            issuer: "Giám đốc Sở Khoa học và Công nghệ tỉnh An Giang".into(),
        },
        recorded_by: "Lê Văn Cường".into(),
        recorded_at: "2026-06-10T08:00:00Z".into(),
    };
    store
        .set_handbook_decision("h1", &row("45/QĐ-SKHCN", 1))
        .unwrap();
    assert_eq!(
        store.handbook_decision("h1").unwrap(),
        Some(row("45/QĐ-SKHCN", 1))
    );
    store
        .set_handbook_decision("h1", &row("61/QĐ-SKHCN", 2))
        .unwrap();
    assert_eq!(
        store.handbook_decision("h1").unwrap(),
        Some(row("61/QĐ-SKHCN", 2))
    );
    // A decision needs its number, and a handbook that exists; a refusal changes nothing.
    assert!(store.set_handbook_decision("h1", &row("", 3)).is_err());
    assert!(store
        .set_handbook_decision("nobody", &row("1/QĐ-SKHCN", 1))
        .is_err());
    assert_eq!(
        store.handbook_decision("h1").unwrap(),
        Some(row("61/QĐ-SKHCN", 2))
    );
    assert_eq!(store.handbook_decision("nobody").unwrap(), None);
}

#[test]
fn a_version_10_database_keeps_its_comments_and_workflow_when_anchors_arrive() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("v10.db");
    {
        let conn = sotay_store::database_at_version(&path, 10).unwrap();
        conn.execute_batch(
            "INSERT INTO handbooks (id, title, product, template_id, template_version, status, variables, created_at, updated_at)
                 VALUES ('h1','T','P','tom-nuoc-lo','1.0.0','review','{}','2025-01-01T00:00:00Z','2025-01-01T00:00:00Z');
             INSERT INTO chapters VALUES ('c1','h1','mot',1,'Một','M','# Một','2025-01-01T00:00:00Z');
             INSERT INTO comments (id, handbook_id, chapter_id, author, body, created_at)
                 VALUES ('m1','h1','c1','Trần Văn Nam','Bổ sung căn cứ.','2025-01-02T00:00:00Z');
             INSERT INTO status_changes (id, handbook_id, from_status, to_status, version, by, at, note)
                 VALUES ('s1','h1','draft','review',1,'Trần Thị Bình','2025-01-02T00:00:00Z','');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let comments = store.comments("h1").unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].body, "Bổ sung căn cứ.");
    assert_eq!(
        comments[0].anchor, None,
        "an old comment is about the whole chapter"
    );
    let history = store.status_changes("h1").unwrap();
    assert_eq!((history.len(), history[0].reason.as_str()), (1, ""));
}
