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
    let id = crate::new_handbook(&db, "tom-nuoc-lo");
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
    let id = crate::new_handbook(&db, "lua-gao");
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

/// Runs the CLI on `db`, which must succeed; its stdout.
fn run(db: &std::path::Path, args: &[&str]) -> String {
    let out = crate::sotay(db).args(args).assert().success();
    String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .to_owned()
}

/// The first word of the last line (the id a creating command prints).
fn new_id(output: &str) -> String {
    crate::last_line(output.as_bytes())
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_owned()
}

/// Starts the CLI and kills it (SIGKILL) after `delay` ms.
fn killed(db: &std::path::Path, args: &[&str], delay: u64) {
    let mut child = Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(delay));
    let _ = child.kill();
    let _ = child.wait();
}

/// Imports are one transaction and publishing renames finished files into place: killed at
/// any moment, an import has happened wholly or not at all, and a publish folder holds only
/// whole files (byte-identical to an uninterrupted run: editions are reproducible).
#[test]
fn killed_imports_and_publishes_leave_all_or_nothing() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("nguon.db");
    let h = crate::new_handbook(&db, "tom-nuoc-lo");
    let p = run(
        &db,
        &[
            "pilot",
            "add",
            "--name",
            "HTX Thuận Hòa",
            "--kind",
            "cooperative",
            "--handbook",
            &h,
        ],
    );
    let p = new_id(&p);
    let a = run(
        &db,
        &[
            "assess",
            "new",
            "--pilot",
            &p,
            "--handbook",
            &h,
            "--date",
            "2026-07-20",
        ],
    );
    let a = new_id(&a);
    let csv = dir.path().join("tra-loi.csv");
    std::fs::write(
        &csv,
        "item,result,note,reason\nS1.1,pass,đủ,\nS6.2,major,thiếu sổ,\n",
    )
    .unwrap();
    run(
        &db,
        &["assess", "answer", &a, "--from", csv.to_str().unwrap()],
    );
    let bundle = dir.path().join("goi.sotay");
    run(
        &db,
        &[
            "bundle",
            "export",
            "assessment",
            &a,
            "-o",
            bundle.to_str().unwrap(),
        ],
    );
    let verdict = run(&db, &["assess", "verdict", &a, "--json"]);

    // Imports killed at random moments into fresh databases.
    let empty = dir.path().join("rong.db");
    run(&empty, &["list"]);
    let mut whole = 0;
    for (i, delay) in delays(40).into_iter().enumerate() {
        let target = dir.path().join(format!("dich-{i}.db"));
        std::fs::copy(&empty, &target).unwrap();
        // Process start and open take most of an import's ~0.3 s: kill across all of it.
        killed(
            &target,
            &["bundle", "import", bundle.to_str().unwrap()],
            delay * 3,
        );
        let list: serde_json::Value =
            serde_json::from_str(&run(&target, &["assess", "list", "--json"])).unwrap();
        if !list.as_array().unwrap().is_empty() {
            // Imported: the whole assessment, with the same verdict.
            assert_eq!(run(&target, &["assess", "verdict", &a, "--json"]), verdict);
            whole += 1;
        } else {
            // Not imported: nothing of it, and importing again works.
            run(&target, &["bundle", "import", bundle.to_str().unwrap()]);
            assert_eq!(run(&target, &["assess", "verdict", &a, "--json"]), verdict);
        }
    }
    eprintln!("40 imports killed at random moments; {whole} had finished, the rest left nothing");

    // Publishes killed at random moments, all of the same edition label.
    run(&db, &["status", &h, "review"]);
    run(&db, &["status", &h, "approved"]);
    let publish = |out: &std::path::Path| -> Vec<String> {
        [
            "publish",
            &h,
            "--label",
            "2026.1",
            "--date",
            "2026-11-29",
            "--formats",
            "html,epub",
            "--out",
            out.to_str().unwrap(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let reference = dir.path().join("chuan");
    let args = publish(&reference);
    run(&db, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let reference_files = std::fs::read_dir(&reference).unwrap().count();
    let (mut complete, mut partial, mut left_temp) = (0, 0, 0);
    for (i, delay) in delays(30).into_iter().enumerate() {
        let out = dir.path().join(format!("ph-{i}"));
        let args = publish(&out);
        killed(
            &db,
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
            300 + delay * 2, // the files are written in the last part of a ~0.6 s run
        );
        let mut files = 0;
        for entry in std::fs::read_dir(&out).into_iter().flatten() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(".sotay-publish-") {
                left_temp += 1;
                continue; // the unfinished run's own temporary folder (removed by the next run)
            }
            files += 1;
            assert_eq!(
                std::fs::read(entry.path()).unwrap(),
                std::fs::read(reference.join(&name)).unwrap(),
                "run {i}: {name} is not whole"
            );
        }
        if files == reference_files {
            complete += 1;
        } else if files > 0 {
            partial += 1;
        }
    }
    eprintln!(
        "30 publishes killed at random moments: {complete} complete, {partial} with some whole \
         files (no manifest yet), {left_temp} temporary folders left"
    );
    // Publishing again into a folder a killed run left behind clears its temporary folder and
    // completes the set.
    for i in 0..30 {
        let out = dir.path().join(format!("ph-{i}"));
        let args = publish(&out);
        run(&db, &args.iter().map(String::as_str).collect::<Vec<_>>());
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut expected: Vec<String> = std::fs::read_dir(&reference)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        expected.sort();
        assert_eq!(names, expected, "run {i}");
    }
    // The database is intact and has the edition once.
    let editions = run(&db, &["editions", &h]);
    assert!(editions.contains("2026.1"), "{editions}");
}
