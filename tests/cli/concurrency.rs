//! Several windows and scripts on one workspace (issue 13): real `sotay` processes started at
//! once on one database file. Every write that reports success is kept; ids are never shared;
//! a new workspace opened by many processes at once is created once. Bounded: at most 20
//! processes a round, each round well under a minute.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use tempfile::TempDir;

use crate::sotay;

/// Twenty text variables of the shrimp template that take any text.
const KEYS: [&str; 20] = [
    "issuing_body",
    "province.name",
    "province.legacy_name",
    "province.trace_system",
    "product.name",
    "product.name_en",
    "product.scientific_name",
    "product.brand",
    "market.export_destinations",
    "organization.name",
    "organization.short_name",
    "lot_rule.assigner",
    "authorities.agriculture",
    "product.description",
    "product.pack_types",
    "product.storage_conditions",
    "product.standards",
    "organization.address.commune",
    "organization.representative.name",
    "contacts.lead.name",
];

fn spawn(db: &Path, args: &[String]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("sotay"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SOTAY_DB")
        .env_remove("SOTAY_LANG")
        .env("SOTAY_AUTHOR", "Trần Văn Bình")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Starts every command at once and waits for all of them.
fn all_at_once(db: &Path, commands: Vec<Vec<String>>) -> Vec<Output> {
    let children: Vec<Child> = commands.iter().map(|a| spawn(db, a)).collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect()
}

fn assert_all_succeeded(outputs: &[Output]) {
    for o in outputs {
        assert!(
            o.status.success(),
            "exit {:?}: {}",
            o.status.code(),
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn twenty_concurrent_variable_sets_all_survive_with_their_history() {
    let tmp = TempDir::new().unwrap();
    let db = tmp.path().join("ws.db");
    let h = crate::new_handbook(&db, "tom-nuoc-lo");
    let commands = KEYS
        .iter()
        .enumerate()
        .map(|(i, k)| {
            vec![
                "vars".to_owned(),
                h.clone(),
                "--set".to_owned(),
                format!("{k}=Giá trị số {i} — đồng thời"),
            ]
        })
        .collect();
    let outputs = all_at_once(&db, commands);
    assert_all_succeeded(&outputs);
    for o in &outputs {
        assert!(String::from_utf8_lossy(&o.stdout).contains("Đã lưu"));
    }
    let vars: serde_json::Value = serde_json::from_slice(
        &sotay(&db)
            .args(["vars", &h, "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for (i, k) in KEYS.iter().enumerate() {
        let mut v = &vars;
        for part in k.split('.') {
            v = &v[part];
        }
        assert_eq!(
            v.as_str(),
            Some(format!("Giá trị số {i} — đồng thời").as_str()),
            "{k} lost"
        );
    }
    // Each change is in the history, numbered without gaps, with who made it.
    let history: Vec<serde_json::Value> = serde_json::from_slice(
        &sotay(&db)
            .args(["vars", &h, "--history", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(history.len(), KEYS.len());
    let mut numbers: Vec<u64> = history
        .iter()
        .map(|c| c["number"].as_u64().unwrap())
        .collect();
    numbers.sort();
    assert_eq!(numbers, (1..=KEYS.len() as u64).collect::<Vec<_>>());
    assert!(history.iter().all(|c| c["author"] == "Trần Văn Bình"));
    crate::hostile::integrity_ok(&db);
}

#[test]
fn twenty_concurrent_added_items_get_twenty_distinct_ids() {
    let tmp = TempDir::new().unwrap();
    let db = tmp.path().join("ws.db");
    let h = crate::new_handbook(&db, "tom-nuoc-lo");
    let (_, a) = crate::new_assessment(&db, &h, "HTX Tôm – Lúa Thuận Hòa", "cooperative");
    let commands = (0..20)
        .map(|i| {
            vec![
                "assess".to_owned(),
                "add-item".to_owned(),
                a.clone(),
                "--text".to_owned(),
                format!("Mục bổ sung số {i}"),
            ]
        })
        .collect();
    let outputs = all_at_once(&db, commands);
    assert_all_succeeded(&outputs);
    let mut ids: Vec<String> = outputs
        .iter()
        .map(|o| crate::last_line(&o.stdout))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20, "ids shared: {ids:?}");
    let items: Vec<serde_json::Value> = serde_json::from_slice(
        &sotay(&db)
            .args(["assess", "items", &a, "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let added: Vec<&serde_json::Value> = items
        .iter()
        .filter(|i| i["id"].as_str().is_some_and(|id| id.starts_with('X')))
        .collect();
    assert_eq!(added.len(), 20);
    for i in 0..20 {
        let text = format!("Mục bổ sung số {i}");
        assert!(
            added.iter().any(|x| x.to_string().contains(&text)),
            "{text} lost"
        );
    }
    crate::hostile::integrity_ok(&db);
}

#[test]
fn a_new_workspace_opened_by_many_processes_at_once_is_created_once() {
    let tmp = TempDir::new().unwrap();
    for round in 0..3 {
        let db = tmp.path().join(format!("moi-{round}.db"));
        let outputs = all_at_once(&db, vec![vec!["list".to_owned(), "--json".to_owned()]; 12]);
        assert_all_succeeded(&outputs);
        crate::hostile::integrity_ok(&db);
    }
}

#[test]
fn concurrent_answers_and_trace_tests_keep_every_record() {
    let tmp = TempDir::new().unwrap();
    let db = tmp.path().join("ws.db");
    let h = crate::new_handbook(&db, "tom-nuoc-lo");
    let (_, a) = crate::new_assessment(&db, &h, "Công ty TNHH Thủy sản Rạch Giá", "enterprise");
    let items: Vec<serde_json::Value> = serde_json::from_slice(
        &sotay(&db)
            .args(["assess", "items", &a, "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let manual: Vec<String> = items
        .iter()
        .filter_map(|i| i["id"].as_str())
        .filter(|id| !id.starts_with("S9."))
        .take(14)
        .map(str::to_owned)
        .collect();
    let mut commands: Vec<Vec<String>> = manual
        .iter()
        .map(|id| {
            ["assess", "answer", &a, "--item", id, "--result", "pass"]
                .map(str::to_owned)
                .to_vec()
        })
        .collect();
    for (i, direction) in [
        "backward", "forward", "backward", "forward", "backward", "forward",
    ]
    .iter()
    .enumerate()
    {
        commands.push(
            [
                "assess",
                "trace",
                &a,
                "--direction",
                direction,
                "--lot",
                &format!("CB01-251020-{i:02}"),
                "--started",
                "2025-10-20T08:00:00+07:00",
                "--finished",
                "2025-10-20T08:30:00+07:00",
                "--links-expected",
                "4",
                "--links-found",
                "4",
                "--input-qty",
                "1000",
                "--accounted-qty",
                "995",
                "--kde-required",
                "40",
                "--kde-present",
                "40",
            ]
            .map(str::to_owned)
            .to_vec(),
        );
    }
    let outputs = all_at_once(&db, commands);
    assert_all_succeeded(&outputs);
    let items: Vec<serde_json::Value> = serde_json::from_slice(
        &sotay(&db)
            .args(["assess", "items", &a, "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for id in &manual {
        let item = items.iter().find(|i| i["id"] == id.as_str()).unwrap();
        assert!(
            item.to_string().to_lowercase().contains("pass"),
            "{id}: {item}"
        );
    }
    let traces: Vec<serde_json::Value> = serde_json::from_slice(
        &sotay(&db)
            .args(["assess", "traces", &a, "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(traces.len(), 6);
    let status = String::from_utf8(
        sotay(&db)
            .args(["assess", "list", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(status.contains("in_progress"), "{status}");
    crate::hostile::integrity_ok(&db);
}
