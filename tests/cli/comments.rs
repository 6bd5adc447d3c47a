//! Review comments anchored to a passage (issue 17) and the rule that an author cannot approve
//! her own draft while comments are open without saying why — through the real binary.

use predicates::prelude::*;

use super::{handbook, sotay, Handbook};

const PASSAGE: &str = "ghi vào biểu mẫu nào và lưu giữ bao lâu";

fn comments_json(db: &std::path::Path, id: &str) -> Vec<serde_json::Value> {
    let out = sotay(db)
        .args(["comment", "list", id, "--json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn source(db: &std::path::Path, id: &str) -> String {
    let out = sotay(db)
        .args(["chapter", "get", id, "gioi-thieu"])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// `sotay ARGS` run by `who` (the name recorded with what it does).
fn by(db: &std::path::Path, who: &str, args: &[&str]) -> assert_cmd::Command {
    let mut c = sotay(db);
    c.env("SOTAY_AUTHOR", who).args(args);
    c
}

fn set_source(h: &Handbook, text: &str) {
    let md = h.dir.path().join("gioi-thieu.md");
    std::fs::write(&md, text).unwrap();
    sotay(&h.db)
        .args(["chapter", "set", &h.id, "gioi-thieu", "--from"])
        .arg(&md)
        .assert()
        .success();
}

#[test]
fn a_comment_on_a_passage_follows_it_through_edits_and_stays_when_the_passage_is_gone() {
    let h = handbook("lua-gao");
    let (db, id) = (&h.db, &h.id);
    let text = source(db, id);
    sotay(db)
        .env("SOTAY_AUTHOR", "Trần Văn Nam")
        .args([
            "comment",
            "add",
            id,
            "gioi-thieu",
            "Nêu thời hạn lưu giữ cụ thể.",
        ])
        .args(["--quote", PASSAGE])
        .assert()
        .success();
    // The anchor: the passage, its context, where it is in UTF-16 units and the revision.
    let list = comments_json(db, id);
    assert_eq!(list.len(), 1);
    let a = &list[0]["anchor"];
    assert_eq!(a["quote"], PASSAGE);
    let at = text.find(PASSAGE).unwrap();
    let start = text[..at].encode_utf16().count() as u64;
    assert_eq!(a["start"], start);
    assert_eq!(a["end"], start + PASSAGE.encode_utf16().count() as u64);
    assert!(text[..at].ends_with(a["prefix"].as_str().unwrap()));
    assert!(text[at + PASSAGE.len()..].starts_with(a["suffix"].as_str().unwrap()));
    assert_eq!(a["prefix"].as_str().unwrap().chars().count(), 32);
    assert!(a["revision"].as_u64().unwrap() >= 1);

    // A paragraph added before it: the comment is still on its passage.
    set_source(
        &h,
        &text.replacen(
            "## Mục đích của sổ tay",
            "Chương này được cập nhật theo Thông tư 02/2024.\n\n## Mục đích của sổ tay",
            1,
        ),
    );
    sotay(db)
        .args(["comment", "list", id])
        .assert()
        .success()
        .stdout(
            predicate::str::contains(format!("“{PASSAGE}”"))
                .and(predicate::str::contains("đã bị sửa").not()),
        );

    // Saving re-bases the anchor on the new text: the position moved, the revision is newer.
    let moved = &comments_json(db, id)[0]["anchor"];
    let added = "Chương này được cập nhật theo Thông tư 02/2024.\n\n";
    assert_eq!(moved["start"], start + added.encode_utf16().count() as u64);
    assert!(moved["revision"].as_u64() > a["revision"].as_u64());

    // The words just before it rewritten, then the passage edited: the comment follows it,
    // because the first save refreshed the context it is found by.
    let edited = source(db, id).replacen(
        "Mỗi chương nêu rõ ai làm, làm khi nào, ",
        "Từng chương cho biết ai làm, lúc nào, ",
        1,
    );
    set_source(&h, &edited);
    set_source(
        &h,
        &edited.replacen(PASSAGE, "ghi vào biểu mẫu nào và lưu giữ trong bao lâu", 1),
    );
    sotay(db)
        .args(["comment", "list", id])
        .assert()
        .success()
        .stdout(
            predicate::str::contains(format!("“{PASSAGE}”"))
                .and(predicate::str::contains("đã bị sửa").not()),
        );

    // The passage removed: the comment is kept and marked, never lost.
    set_source(&h, &text.replacen(PASSAGE, "ghi chép theo quy định", 1));
    sotay(db)
        .args(["comment", "list", id])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Nêu thời hạn lưu giữ cụ thể.")
                .and(predicate::str::contains("(đoạn văn đã bị sửa/xóa)")),
        );
    sotay(db)
        .args(["--lang", "en", "comment", "list", id])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "(the passage was edited or removed)",
        ));
}

#[test]
fn a_passage_that_is_not_there_or_not_one_place_is_refused_and_nothing_is_stored() {
    let Handbook { dir: _dir, db, id } = handbook("lua-gao");
    for (quote, message) in [
        ("không có trong chương", "Không tìm thấy đoạn văn"),
        ("sổ tay", "lần trong chương; hãy trích dài hơn"),
    ] {
        sotay(&db)
            .args([
                "comment",
                "add",
                &id,
                "gioi-thieu",
                "Góp ý.",
                "--quote",
                quote,
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
    assert!(comments_json(&db, &id).is_empty());
}

#[test]
fn an_author_approving_her_own_draft_with_open_comments_must_give_a_reason() {
    // Nguyễn Thị Hoa wrote the handbook; Trần Văn Nam comments on it.
    let Handbook { dir: _dir, db, id } = handbook("lua-gao");
    let hoa = |args: &[&str]| by(&db, "Nguyễn Thị Hoa", args);
    hoa(&["status", &id, "review"]).assert().success();
    sotay(&db)
        .env("SOTAY_AUTHOR", "Trần Văn Nam")
        .args([
            "comment",
            "add",
            &id,
            "gioi-thieu",
            "Nêu thời hạn lưu giữ.",
            "--quote",
            PASSAGE,
        ])
        .assert()
        .success();
    // Refused, in Vietnamese and English, with exit 2; nothing recorded.
    hoa(&["status", &id, "approved"]).assert().code(2).stderr(
        predicate::str::contains("Nguyễn Thị Hoa đã soạn bản dự thảo này")
            .and(predicate::str::contains("còn 1 góp ý chưa giải quyết"))
            .and(predicate::str::contains("--reason")),
    );
    hoa(&["--lang", "en", "status", &id, "approved", "--reason", "  "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot approve your own draft without giving a reason",
        ));
    hoa(&["status", &id]).assert().success().stdout(
        predicate::str::contains("Đang góp ý").and(predicate::str::contains("Đã duyệt").not()),
    );

    // With a reason: approved, and the reason is in the status history.
    hoa(&[
        "status",
        &id,
        "approved",
        "--reason",
        "Đã thống nhất với người góp ý tại cuộc họp 05/12",
    ])
    .assert()
    .success()
    .stdout(
        predicate::str::contains("Đang góp ý → Đã duyệt  Nguyễn Thị Hoa").and(
            predicate::str::contains("Lý do: Đã thống nhất với người góp ý tại cuộc họp 05/12"),
        ),
    );
}

#[test]
fn another_person_or_resolved_comments_need_no_reason() {
    let Handbook { dir: _dir, db, id } = handbook("lua-gao");
    sotay(&db)
        .args(["status", &id, "review"])
        .assert()
        .success();
    let out = sotay(&db)
        .env("SOTAY_AUTHOR", "Trần Văn Nam")
        .args(["comment", "add", &id, "gioi-thieu", "Nêu thời hạn lưu giữ."])
        .assert()
        .success();
    let comment = super::last_line(&out.get_output().stdout);
    // Someone who wrote no revision approves without a reason.
    sotay(&db)
        .env("SOTAY_AUTHOR", "Lê Văn Cường")
        .args(["status", &id, "approved"])
        .assert()
        .success();
    // Reopened by the author: she owns the new draft; once the comment is resolved she may
    // approve it herself.
    let hoa = |args: &[&str]| by(&db, "Nguyễn Thị Hoa", args);
    hoa(&["status", &id, "draft"]).assert().success();
    hoa(&["status", &id, "review"]).assert().success();
    hoa(&["status", &id, "approved"]).assert().code(2);
    hoa(&["comment", "resolve", &id, &comment])
        .assert()
        .success();
    hoa(&["status", &id, "approved"]).assert().success();
}
