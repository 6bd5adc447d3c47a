//! Acceptance tests of `sotay search QUERY [--json] [--limit N]` (issue 17): one query over
//! handbooks, chapters' text, checklist items, findings, editions and recipients, marks and
//! case ignored, grouped by kind, with the match marked.

use predicates::prelude::*;
use tempfile::TempDir;

use crate::publishing::approved_handbook;
use crate::sotay;

fn sample() -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    sotay(&db).arg("sample").assert().success();
    (dir, db)
}

fn search_json(db: &std::path::Path, q: &str) -> serde_json::Value {
    let out = sotay(db).args(["search", q, "--json"]).assert().success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn kinds(v: &serde_json::Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["place"]["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_query_without_marks_finds_chapters_and_checklist_items_with_them() {
    let hb = crate::handbook("lua-gao");
    let db = hb.db.clone();
    let (_, a) = crate::new_assessment(&db, &hb.id, "HTX Tân Phong", "cooperative");
    sotay(&db)
        .args([
            "assess",
            "answer",
            &a,
            "--item",
            "S5.1",
            "--result",
            "minor",
            "--note",
            "Nhật ký thiếu hai ngày",
        ])
        .assert()
        .success();
    let plain = search_json(&db, "nhat ky");
    let marked = search_json(&db, "nhật ký");
    let k = kinds(&plain);
    for kind in ["chapter", "item", "finding"] {
        assert!(k.contains(&kind.to_owned()), "{kind}: {k:?}");
    }
    // The item answered with the note is found by its note, named by its id and text.
    let item = plain["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["place"]["kind"] == "item" && h["place"]["item_id"] == "S5.1")
        .unwrap_or_else(|| panic!("{plain}"));
    assert!(
        item["title"].as_str().unwrap().starts_with("S5.1 · "),
        "{item}"
    );
    assert_eq!(item["context"], "HTX Tân Phong");
    assert_eq!(item["date"], "2025-10-20");
    assert_eq!(item["place"]["assessment_id"], a.as_str());
    // The same records, whether typed with marks or not.
    let ids = |v: &serde_json::Value| {
        let mut p: Vec<String> = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["place"].to_string())
            .collect();
        p.sort();
        p
    };
    assert_eq!(ids(&plain), ids(&marked));
    // Grouped in a fixed order of kinds; each hit named, its match marked in the snippet.
    let order = [
        "handbook",
        "chapter",
        "item",
        "finding",
        "edition",
        "recipient",
    ];
    let pos: Vec<usize> = k
        .iter()
        .map(|x| order.iter().position(|o| o == x).unwrap())
        .collect();
    assert!(pos.windows(2).all(|w| w[0] <= w[1]), "{k:?}");
    for h in plain["hits"].as_array().unwrap() {
        assert!(!h["title"].as_str().unwrap().is_empty(), "{h}");
        let marks: String = h["snippet"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["mark"] == true)
            .map(|p| p["text"].as_str().unwrap().to_lowercase())
            .collect();
        assert!(
            marks.contains("nhật") || marks.contains("ký") || marks.contains("nhat"),
            "{h}"
        );
    }
    // A chapter opens at a line of its source that has the words.
    let chapter = plain["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["place"]["kind"] == "chapter")
        .unwrap();
    assert!(chapter["place"]["line"].as_u64().unwrap() >= 1);
    assert!(chapter["place"]["chapter_key"].is_string());
}

#[test]
fn text_output_groups_by_kind_in_vietnamese_and_marks_the_match() {
    let (_dir, db) = sample();
    sotay(&db)
        .args(["search", "ao nuoi"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Chương\n"))
        .stdout(predicate::str::contains("«ao nuôi»").or(predicate::str::contains("«Ao nuôi»")));
    sotay(&db)
        .args(["--lang", "en", "search", "khong-co-tu-nay-xyz"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Nothing found for “khong-co-tu-nay-xyz”.",
        ));
}

#[test]
fn editions_and_recipients_are_found_and_open_in_the_distribution_log() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = approved_handbook(&db);
    let csv = dir.path().join("nguoi-nhan.csv");
    std::fs::write(
        &csv,
        "name,unit,copies\nHTX Thuận Hòa,Ban quản trị,1\nSở Nông nghiệp Đồng Tháp,,1\n",
    )
    .unwrap();
    sotay(&db)
        .args([
            "publish",
            &h,
            "--label",
            "1.0",
            "--date",
            "2025-12-01",
            "--recipients",
        ])
        .arg(&csv)
        .args(["--formats", "html", "--out"])
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let v = search_json(&db, "dong thap");
    let hit = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["place"]["kind"] == "recipient")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(hit["title"], "Sở Nông nghiệp Đồng Tháp");
    assert_eq!(hit["place"]["serial"], 2);
    assert_eq!(hit["place"]["label"], "1.0");
    assert_eq!(hit["place"]["handbook_id"], h.as_str());
    let e = search_json(&db, "ấn bản 1.0");
    assert!(kinds(&e).contains(&"edition".to_owned()), "{e}");
}

#[test]
fn the_limit_holds_and_bad_queries_are_refused_with_exit_2() {
    let (_dir, db) = sample();
    let out = sotay(&db)
        .args(["search", "a", "--json", "--limit", "3"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["hits"].as_array().unwrap().len(), 3);
    assert!(v["more"].as_u64().unwrap() > 0);
    sotay(&db)
        .args(["search", "   "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Hãy nhập từ cần tìm"));
    sotay(&db)
        .args(["search", "tôm", "--limit", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--limit 0"));
}
