//! Crash safety (issue 9): the CLI is killed with SIGKILL in the middle of writes, many times;
//! the database stays intact and holds every edit that was reported saved, and no output file
//! is ever half-written.

use std::process::{Command, Stdio};
use std::time::Duration;

use tempfile::TempDir;

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("sotay")
}

/// A small deterministic pseudo-random sequence (no clock, no extra crate).
fn delays(n: usize) -> Vec<u64> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % 160
        })
        .collect()
}

#[test]
fn killed_writes_never_corrupt_the_database_or_lose_a_saved_edit() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let out = Command::new(bin())
        .arg("--db")
        .arg(&db)
        .args(["new", "--template", "tom-nuoc-lo"])
        .output()
        .unwrap();
    let id = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap()
        .trim()
        .to_owned();
    let mut saved = Vec::new();
    let runs = 120;
    for (i, delay) in delays(runs).into_iter().enumerate() {
        let md = dir.path().join(format!("c{i}.md"));
        std::fs::write(
            &md,
            format!("# Giới thiệu chung\n\nLần sửa số {i}: thu hoạch tôm sú.\n"),
        )
        .unwrap();
        let mut child = Command::new(bin())
            .arg("--db")
            .arg(&db)
            .args(["chapter", "set", &id, "gioi-thieu", "--from"])
            .arg(&md)
            .args(["--message", &format!("lần {i}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if status.success() {
            saved.push(i);
        }
    }
    // The database opens (the open runs SQLite's integrity check) and every reported save is there.
    let out = Command::new(bin())
        .arg("--db")
        .arg(&db)
        .args(["history", &id, "--chapter", "gioi-thieu", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let history: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let messages: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["message"].as_str())
        .collect();
    for i in &saved {
        assert!(
            messages.contains(&format!("lần {i}").as_str()),
            "edit {i} was reported saved but is missing"
        );
    }
    eprintln!(
        "{runs} runs killed at random moments; {} had finished and were all found",
        saved.len()
    );
    let check = Command::new(bin())
        .arg("--db")
        .arg(&db)
        .args(["check", &id])
        .output()
        .unwrap();
    assert!(
        check.status.success() || check.status.code() == Some(1),
        "the database still works"
    );
}

#[test]
fn a_killed_export_never_leaves_a_half_written_file() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let out = Command::new(bin())
        .arg("--db")
        .arg(&db)
        .args(["new", "--template", "lua-gao"])
        .output()
        .unwrap();
    let id = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap()
        .trim()
        .to_owned();
    let target = dir.path().join("so-tay.epub");
    // A complete reference file.
    assert!(Command::new(bin())
        .arg("--db")
        .arg(&db)
        .args(["export", &id, "--format", "epub", "-o"])
        .arg(&target)
        .status()
        .unwrap()
        .success());
    let complete = std::fs::read(&target).unwrap();
    for delay in delays(30) {
        let mut child = Command::new(bin())
            .arg("--db")
            .arg(&db)
            .args(["export", &id, "--format", "epub", "-o"])
            .arg(&target)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever moment it died, the file is the whole previous or the whole new export.
        assert_eq!(std::fs::read(&target).unwrap(), complete);
    }
}
