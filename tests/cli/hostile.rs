//! The bad-input table of issue 13: outputs aimed at the workspace, its companions, other
//! databases, devices, FIFOs and symlinks; values that are not finite, out of range or
//! impossible; restores that must keep every copy. Each case asserts the exit code, a word of
//! the message in the user's language, and that the workspace file is byte-identical
//! afterwards (and passes SQLite's integrity check).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tempfile::TempDir;

use crate::{last_line, sotay};

fn digest(p: &Path) -> String {
    format!("{:x}", Sha256::digest(std::fs::read(p).unwrap()))
}

pub(crate) fn integrity_ok(db: &Path) {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

fn foreign_sqlite(path: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
}

struct Fixture {
    _tmp: TempDir,
    dir: PathBuf,
    db: PathBuf,
    h: String,
    a: String,
}

fn fixture() -> Fixture {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().to_owned();
    let db = dir.join("W.db");
    let h = crate::new_handbook(&db, "tom-nuoc-lo");
    let run =
        |args: &[&str]| last_line(&sotay(&db).args(args).assert().success().get_output().stdout);
    let (_, a) = crate::new_assessment(&db, &h, "HTX Tôm – Lúa Thuận Hòa", "cooperative");
    run(&[
        "assess",
        "answer",
        &a,
        "--item",
        "S1.1",
        "--result",
        "minor",
        "--note",
        "=HYPERLINK(\"http://x\")",
    ]);
    run(&[
        "assess",
        "trace",
        &a,
        "--direction",
        "backward",
        "--lot",
        "+CB01-251020-01",
        "--started",
        "2025-10-20T08:00:00+07:00",
        "--finished",
        "2025-10-20T08:40:00+07:00",
        "--links-expected",
        "4",
        "--links-found",
        "4",
        "--input-qty",
        "1000",
        "--accounted-qty",
        "990",
        "--kde-required",
        "40",
        "--kde-present",
        "40",
    ]);
    Fixture {
        _tmp: tmp,
        dir,
        db,
        h,
        a,
    }
}

/// (what, arguments, exit code, a word of the message). Run in the workspace's folder, so
/// relative paths such as `./W.db` name the workspace.
type Case = (&'static str, Vec<String>, i32, &'static str);

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| (*x).to_owned()).collect()
}

#[test]
fn outputs_that_would_destroy_data_and_impossible_values_are_refused_and_change_nothing() {
    let f = fixture();
    let (h, a) = (f.h.as_str(), f.a.as_str());
    let w = f.db.display().to_string();
    let other = f.dir.join("khac.sqlite");
    foreign_sqlite(&other, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
    let other_before = digest(&other);
    let other = other.display().to_string();
    let fifo = f.dir.join("ong.fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let fifo = fifo.display().to_string();
    let link_db = f.dir.join("lien-ket.csv");
    std::os::unix::fs::symlink(&f.db, &link_db).unwrap();
    let link_db = link_db.display().to_string();
    let link_dev = f.dir.join("thiet-bi.csv");
    std::os::unix::fs::symlink("/dev/full", &link_dev).unwrap();
    let link_dev = link_dev.display().to_string();
    // Companions named like those SQLite keeps beside the open workspace.
    let wal = format!("{w}-wal");
    let shm = format!("{w}-shm");
    let empty_sqlite = f.dir.join("rong.sqlite");
    foreign_sqlite(&empty_sqlite, "PRAGMA user_version = 0;");
    let empty_sqlite = empty_sqlite.display().to_string();
    let no_folder = f.dir.join("khong-co/sao-luu.db").display().to_string();

    let mut cases: Vec<Case> = Vec::new();
    for out in [
        w.as_str(),
        "./W.db",
        &wal,
        &shm,
        &other,
        "/dev/full",
        &fifo,
        &link_db,
        &link_dev,
    ] {
        let word = if out == "/dev/full" || out == fifo || out == link_dev {
            "không phải tệp thông thường"
        } else if out == wal || out == shm {
            "tệp đi kèm của cơ sở dữ liệu"
        } else {
            "cơ sở dữ liệu"
        };
        cases.push((
            "report findings over it",
            s(&["report", "findings", a, "-o", out]),
            2,
            word,
        ));
        cases.push((
            "interop trace-csv over it",
            s(&["interop", "trace-csv", a, "-o", out]),
            2,
            word,
        ));
        cases.push((
            "interop epcis over it",
            s(&["interop", "epcis", "assessment", a, "-o", out]),
            2,
            word,
        ));
        cases.push((
            "bundle export over it",
            s(&["bundle", "export", "assessment", a, "-o", out]),
            2,
            word,
        ));
        cases.push((
            "report assessment over it",
            s(&["report", "assessment", a, "--format", "html", "-o", out]),
            2,
            word,
        ));
        cases.push((
            "export over it",
            s(&["export", h, "--format", "html", "-o", out]),
            2,
            word,
        ));
    }
    cases.extend([
        (
            "backup over the workspace",
            s(&["backup", "-o", &w]),
            2,
            "đã có",
        ),
        (
            "backup into a missing folder",
            s(&["backup", "-o", &no_folder]),
            2,
            "không tồn tại",
        ),
        (
            "restore from an empty SQLite file",
            s(&["restore-backup", &empty_sqlite]),
            2,
            "chương trình khác",
        ),
        (
            "restore from a foreign SQLite file",
            s(&["restore-backup", &other]),
            2,
            "chương trình khác",
        ),
        (
            "restore from the workspace itself",
            s(&["restore-backup", &w]),
            2,
            "Kho dữ liệu được giữ nguyên",
        ),
        (
            "a number that is NaN",
            s(&["vars", h, "--set", "product.net_weight=NaN"]),
            2,
            "phải là một số từ",
        ),
        (
            "a number that is infinite",
            s(&["vars", h, "--set", "product.net_weight=inf"]),
            2,
            "phải là một số từ",
        ),
        (
            "a number with 309 digits",
            s(&["vars", h, "--set", "product.net_weight=1e308"]),
            2,
            "phải là một số từ",
        ),
        (
            "a number beyond its declared range",
            s(&["vars", h, "--set", "trace_test.target_minutes=-5"]),
            2,
            "phải là một số từ",
        ),
        (
            "more links found than expected",
            s(&[
                "assess",
                "trace",
                a,
                "--direction",
                "forward",
                "--lot",
                "CB01",
                "--started",
                "2025-10-20T08:00:00+07:00",
                "--finished",
                "2025-10-20T08:10:00+07:00",
                "--links-expected",
                "5",
                "--links-found",
                "50",
                "--input-qty",
                "1",
                "--accounted-qty",
                "1",
                "--kde-required",
                "1",
                "--kde-present",
                "1",
            ]),
            2,
            "không thể lớn hơn",
        ),
        (
            "a retest of an unknown trace test",
            s(&[
                "assess",
                "trace",
                a,
                "--direction",
                "forward",
                "--lot",
                "CB01",
                "--started",
                "2025-10-20T08:00:00+07:00",
                "--finished",
                "2025-10-20T08:10:00+07:00",
                "--links-expected",
                "5",
                "--links-found",
                "5",
                "--input-qty",
                "1",
                "--accounted-qty",
                "1",
                "--kde-required",
                "1",
                "--kde-present",
                "1",
                "--retest-of",
                "khong-co",
            ]),
            2,
            "Không có lần truy xuất thử",
        ),
        (
            "a trace test in year 9999",
            s(&[
                "assess",
                "trace",
                a,
                "--direction",
                "forward",
                "--lot",
                "CB01",
                "--started",
                "9999-12-31T08:00:00+07:00",
                "--finished",
                "9999-12-31T08:10:00+07:00",
                "--links-expected",
                "5",
                "--links-found",
                "5",
                "--input-qty",
                "1",
                "--accounted-qty",
                "1",
                "--kde-required",
                "1",
                "--kde-present",
                "1",
            ]),
            2,
            "nằm ngoài khoảng",
        ),
        (
            "an assessment dated 9999-12-31",
            s(&[
                "assess",
                "new",
                "--pilot",
                "HTX Tôm – Lúa Thuận Hòa",
                "--handbook",
                h,
                "--date",
                "9999-12-31",
            ]),
            2,
            "nằm ngoài khoảng",
        ),
        (
            "a usage error under --lang vi",
            s(&["--lang", "vi", "assess", "trace", a]),
            2,
            "thiếu tham số bắt buộc",
        ),
    ]);

    let before = digest(&f.db);
    for (what, args, code, needle) in &cases {
        let out = sotay(&f.db)
            .current_dir(&f.dir)
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(*code),
            "{what} {args:?}: {stdout} {stderr}"
        );
        assert!(
            stderr.contains(needle) || stdout.contains(needle),
            "{what} {args:?}: “{needle}” not in {stderr}{stdout}"
        );
        assert!(
            !stderr.contains("Lỗi nội bộ") && !stderr.contains("panicked"),
            "{what}: {stderr}"
        );
        assert_eq!(
            digest(&f.db),
            before,
            "{what} {args:?}: the workspace changed"
        );
    }
    assert_eq!(
        digest(Path::new(&other)),
        other_before,
        "the other database changed"
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/full")
        .unwrap()
        .file_type()
        .is_char_device());
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // Nothing else appeared in the folder (no temporary file left, no output written).
    let mut names: Vec<String> = std::fs::read_dir(&f.dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "W.db",
            "khac.sqlite",
            "lien-ket.csv",
            "ong.fifo",
            "rong.sqlite",
            "thiet-bi.csv"
        ]
    );
    integrity_ok(&f.db);
}

#[test]
fn spreadsheet_exports_carry_no_live_formula() {
    let f = fixture();
    let findings = f.dir.join("phat-hien.csv");
    let traces = f.dir.join("truy-xuat.csv");
    let finding = {
        let out = sotay(&f.db)
            .args(["assess", "findings", &f.a, "--json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v[0]["id"].as_str().unwrap().to_owned()
    };
    sotay(&f.db)
        .args([
            "assess",
            "action",
            &finding,
            "--owner=@Nguyễn Văn A",
            "--description=-1+1",
        ])
        .assert()
        .success();
    sotay(&f.db)
        .args(["report", "findings", &f.a, "-o"])
        .arg(&findings)
        .assert()
        .success();
    sotay(&f.db)
        .args(["interop", "trace-csv", &f.a, "-o"])
        .arg(&traces)
        .assert()
        .success();
    for p in [&findings, &traces] {
        let text = std::fs::read_to_string(p).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{}: live formula {cell:?}",
                    p.display()
                );
            }
        }
    }
    let text = std::fs::read_to_string(&findings).unwrap();
    assert!(
        text.contains("'@Nguyễn Văn A") && text.contains("'-1+1"),
        "{text}"
    );
    assert!(std::fs::read_to_string(&traces)
        .unwrap()
        .contains("'+CB01-251020-01"));
}

#[test]
fn every_restore_keeps_its_own_copy_and_a_failed_one_touches_nothing() {
    let f = fixture();
    let backup = f.dir.join("sao-luu.db");
    sotay(&f.db)
        .args(["backup", "-o"])
        .arg(&backup)
        .assert()
        .success();
    let pre_restore = |dir: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains(".truoc-khoi-phuc-"))
            .collect();
        v.sort();
        v
    };
    // Two restores in the same second keep two copies.
    for _ in 0..2 {
        sotay(&f.db)
            .args(["restore-backup"])
            .arg(&backup)
            .assert()
            .success();
    }
    let copies = pre_restore(&f.dir);
    assert_eq!(copies.len(), 2, "{copies:?}");
    let kept: Vec<String> = copies.iter().map(|p| digest(p)).collect();
    // A failed restore (a random file) changes no copy and makes none.
    let random = f.dir.join("rac.db");
    std::fs::write(&random, b"SQLite format 3\0 but not really").unwrap();
    let before = digest(&f.db);
    let out = sotay(&f.db)
        .args(["restore-backup"])
        .arg(&random)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(pre_restore(&f.dir), copies);
    assert_eq!(copies.iter().map(|p| digest(p)).collect::<Vec<_>>(), kept);
    assert_eq!(digest(&f.db), before);
    // A pre-restore copy is itself a backup that restores.
    sotay(&f.db)
        .args(["restore-backup"])
        .arg(&copies[0])
        .assert()
        .success();
    sotay(&f.db).args(["show", &f.h]).assert().success();
    integrity_ok(&f.db);
}

#[test]
fn a_byte_order_mark_never_reaches_a_chapter() {
    let f = fixture();
    let md = f.dir.join("chuong.md");
    std::fs::write(&md, "\u{feff}# Giới thiệu chung\n\nNội dung.\n").unwrap();
    sotay(&f.db)
        .args(["chapter", "set", &f.h, "loi-noi-dau", "--from"])
        .arg(&md)
        .assert()
        .success();
    let got = sotay(&f.db)
        .args(["chapter", "get", &f.h, "loi-noi-dau"])
        .output()
        .unwrap()
        .stdout;
    assert!(String::from_utf8(got)
        .unwrap()
        .starts_with("# Giới thiệu chung"));
    let html = f.dir.join("chuong.html");
    sotay(&f.db)
        .args(["export"])
        .arg(&md)
        .args(["--format", "html", "-o"])
        .arg(&html)
        .assert()
        .success();
    assert!(!std::fs::read_to_string(&html).unwrap().contains('\u{feff}'));
}

#[test]
fn duplicate_and_nfd_chapter_titles_get_distinct_keys_and_are_found() {
    let f = fixture();
    let add = |title: &str| {
        last_line(
            &sotay(&f.db)
                .args(["chapter", "add", &f.h, title])
                .assert()
                .success()
                .get_output()
                .stdout,
        )
    };
    let first = add("Phụ lục ảnh");
    let second = add("Phụ lục ảnh");
    assert_ne!(first, second);
    assert!(second.ends_with("phu-luc-anh-2"), "{second}");
    // The same title typed in NFD (as macOS keyboards send it) finds the chapter.
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Lời nói đầu").collect();
    sotay(&f.db)
        .args(["chapter", "get", &f.h, &nfd])
        .assert()
        .success();
}

#[test]
fn messages_are_in_the_users_language() {
    let f = fixture();
    // Trace grades read as words, not Rust debug output.
    let out = sotay(&f.db)
        .args(["assess", "traces", &f.a])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains("TraceGrades") && !text.contains("Pass"),
        "{text}"
    );
    assert!(
        text.contains("Đạt") && text.contains("Truy xuất ngược"),
        "{text}"
    );
    // A unit in an English message is English.
    let out = sotay(&f.db)
        .args([
            "--lang",
            "en",
            "vars",
            &f.h,
            "--set",
            "product.shelf_life_months=600",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("months") && !err.contains("tháng"), "{err}");
}

fn approved_handbook(db: &Path) -> String {
    let h = crate::new_handbook(db, "lua-gao");
    sotay(db).args(["status", &h, "review"]).assert().success();
    sotay(db)
        .args(["status", &h, "approved"])
        .assert()
        .success();
    h
}

fn editions(db: &Path, h: &str) -> Vec<serde_json::Value> {
    serde_json::from_slice(
        &sotay(db)
            .args(["editions", h, "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
}

fn status(db: &Path, h: &str) -> String {
    let v: serde_json::Value = serde_json::from_slice(
        &sotay(db)
            .args(["show", h, "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    v["summary"]["status"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn publishing_is_all_or_nothing_and_never_replaces_another_editions_manifest() {
    let tmp = TempDir::new().unwrap();
    let db = tmp.path().join("W.db");
    let h = approved_handbook(&db);
    // Into an existing file: refused, and the handbook is neither published nor given an edition.
    let rec = tmp.path().join("rec.csv");
    std::fs::write(&rec, "name,unit,copies\n").unwrap();
    let before = digest(&db);
    let out = sotay(&db)
        .args(["publish", &h, "--label", "1.0", "--out"])
        .arg(&rec)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("không phải là thư mục"));
    assert_eq!(digest(&db), before);
    assert_eq!(status(&db, &h), "approved");
    assert!(editions(&db, &h).is_empty());
    assert_eq!(std::fs::read(&rec).unwrap(), b"name,unit,copies\n");

    // Edition 1.0 into a folder; 1.1 into the same folder is refused and 1.0's files stay.
    let folder = tmp.path().join("phat-hanh");
    sotay(&db)
        .args([
            "publish",
            &h,
            "--label",
            "1.0",
            "--formats",
            "html",
            "--out",
        ])
        .arg(&folder)
        .assert()
        .success();
    assert_eq!(status(&db, &h), "published");
    let manifest = std::fs::read(folder.join("manifest.json")).unwrap();
    let sums = std::fs::read(folder.join("SHA256SUMS")).unwrap();
    let before = digest(&db);
    let out = sotay(&db)
        .args([
            "publish",
            &h,
            "--label",
            "1.1",
            "--formats",
            "html",
            "--out",
        ])
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("đã chứa ấn bản “1.0”"));
    assert_eq!(
        std::fs::read(folder.join("manifest.json")).unwrap(),
        manifest
    );
    assert_eq!(std::fs::read(folder.join("SHA256SUMS")).unwrap(), sums);
    assert_eq!(digest(&db), before);
    assert_eq!(editions(&db, &h).len(), 1);
    // Reproducing 1.0 into its own folder is fine.
    sotay(&db)
        .args([
            "publish",
            &h,
            "--label",
            "1.0",
            "--formats",
            "html",
            "--out",
        ])
        .arg(&folder)
        .assert()
        .success();
}

#[test]
fn publish_runs_the_check_whatever_the_status_says() {
    let tmp = TempDir::new().unwrap();
    let db = tmp.path().join("W.db");
    let h = approved_handbook(&db);
    // Make the approved handbook fail its check behind the workflow's back (as a hand-edited
    // database or an old bundle could): a GTIN with a wrong check digit.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "UPDATE handbooks SET variables = json_set(variables, '$.product.gtin', '8931234567890') WHERE id = ?1",
            [&h],
        )
        .unwrap();
    }
    let out = sotay(&db)
        .args([
            "publish",
            &h,
            "--label",
            "1.0",
            "--formats",
            "html",
            "--out",
        ])
        .arg(tmp.path().join("ra"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Không phát hành") && err.contains("lỗi"),
        "{err}"
    );
    assert!(editions(&db, &h).is_empty());
    assert!(!tmp.path().join("ra").exists());
}

#[test]
fn a_workspace_locked_by_another_writer_gets_a_clear_message_and_loses_nothing() {
    let f = fixture();
    let lock = rusqlite::Connection::open(&f.db).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = sotay(&f.db)
        .args([
            "vars",
            &f.h,
            "--set",
            "issuing_body=Sở Khoa học và Công nghệ",
        ])
        .output()
        .unwrap();
    lock.execute_batch("ROLLBACK").unwrap();
    drop(lock);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("đang bận") && err.contains("chưa được lưu") && !err.contains("Lỗi nội bộ"),
        "{err}"
    );
    let history = sotay(&f.db)
        .args(["vars", &f.h, "--history", "--json"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(String::from_utf8_lossy(&history).trim(), "[]");
}

#[test]
fn a_variable_change_can_be_seen_and_undone() {
    let f = fixture();
    let get = || -> serde_json::Value {
        serde_json::from_slice(
            &sotay(&f.db)
                .args(["vars", &f.h, "--json"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
    };
    let old = get()["product"]["brand"].clone();
    sotay(&f.db)
        .env("SOTAY_AUTHOR", "Phạm Thu")
        .args(["vars", &f.h, "--set", "product.brand=Tôm Rạch Giá"])
        .assert()
        .success();
    assert_eq!(get()["product"]["brand"], "Tôm Rạch Giá");
    let history: Vec<serde_json::Value> = serde_json::from_slice(
        &sotay(&f.db)
            .args([
                "vars",
                &f.h,
                "--history",
                "--key",
                "product.brand",
                "--json",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["author"], "Phạm Thu");
    assert_eq!(history[0]["new_value"], "Tôm Rạch Giá");
    assert_eq!(history[0]["old_value"], old);
    let n = history[0]["number"].as_u64().unwrap().to_string();
    sotay(&f.db)
        .args(["vars", &f.h, "--undo", &n])
        .assert()
        .success();
    assert_eq!(get()["product"]["brand"], old);
    let table = sotay(&f.db)
        .args(["vars", &f.h, "--history"])
        .output()
        .unwrap()
        .stdout;
    let table = String::from_utf8(table).unwrap();
    assert!(
        table.contains("GIÁ TRỊ CŨ") && table.contains("Tôm Rạch Giá"),
        "{table}"
    );
    assert_eq!(
        table
            .lines()
            .filter(|l| l.contains("product.brand"))
            .count(),
        2
    );
    // An unknown change number is a clear error.
    let out = sotay(&f.db)
        .args(["vars", &f.h, "--undo", "999"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("thay đổi biến số"));
}
