//! The bad-input suite (issue 9): every entry point fed something wrong gets exit 2 (or 1 for
//! checks that found problems) with a clear message — and nothing already stored is lost.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::sotay;

/// (what, another database, arguments, exit code, a word of the message).
type Case<'a> = (&'a str, Option<&'a str>, Vec<&'a str>, i32, &'a str);

struct Env {
    dir: PathBuf,
}

fn file(env: &Env, name: &str, bytes: &[u8]) -> String {
    let p = env.dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

fn sqlite_file(env: &Env, name: &str, sql: &str) -> String {
    // Made with the sotay binary's own store is not possible for foreign files: use python3's
    // sqlite3 when present, else skip the case by returning a path that stays random bytes.
    let p = env.dir.join(name);
    let ok = std::process::Command::new("python3")
        .args(["-c", &format!("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript({sql:?}); c.commit()")])
        .arg(&p)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        std::fs::write(&p, b"not sqlite").unwrap();
    }
    p.display().to_string()
}

#[test]
fn forty_bad_inputs_each_get_a_clear_error_and_lose_nothing() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().to_owned();
    let db = dir.join("ws.db");
    let h = crate::new_handbook(&db, "tom-nuoc-lo");
    let env = Env { dir: dir.clone() };
    let snapshot = |db: &Path| {
        let l = sotay(db).args(["list", "--json"]).output().unwrap().stdout;
        let s = sotay(db)
            .args(["show", &h, "--json"])
            .output()
            .unwrap()
            .stdout;
        (l, s)
    };
    let before = snapshot(&db);

    let big_para = file(
        &env,
        "dai.md",
        format!("# Dài\n\n{}\n", "Thu hoạch tôm sú. ".repeat(600_000)).as_bytes(),
    );
    let big_table = {
        let mut t = String::from("# Bảng lớn\n\n| Mã lô | Khối lượng |\n|---|--:|\n");
        for i in 0..10_000 {
            t.push_str(&format!("| AO{i:05} | {i} |\n"));
        }
        file(&env, "bang.md", t.as_bytes())
    };
    let out_dir = dir.join("ra");
    std::fs::create_dir_all(&out_dir).unwrap();
    let o = |name: &str| out_dir.join(name).display().to_string();

    let o_pub1 = o("pub1");
    let o_pub2 = o("pub2");
    let o_pub3 = o("pub3");
    let o_pub4 = o("pub4");
    let o_x_docx = o("x.docx");
    let o_x_html = o("x.html");
    // (description, extra db override, args, expected exit code, a word the message must hold)
    let random = file(
        &env,
        "rac.db",
        &(0..8192u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8)
            .collect::<Vec<_>>(),
    );
    let foreign = sqlite_file(
        &env,
        "khac.db",
        "CREATE TABLE t(x); INSERT INTO t VALUES (1);",
    );
    let newer = sqlite_file(
        &env,
        "moi.db",
        "PRAGMA application_id = 1397707865; PRAGMA user_version = 999; CREATE TABLE t(x);",
    );
    let truncated = {
        let bytes = std::fs::read(&db).unwrap();
        file(&env, "cut.db", &bytes[..bytes.len().min(3000)])
    };
    let a_dir = dir.join("la-thu-muc.db");
    std::fs::create_dir_all(&a_dir).unwrap();
    let bad_utf8 = file(&env, "sai.md", &[0x23, 0x20, 0xff, 0xfe, 0x41]);
    let bad_vars = file(&env, "bien.toml", b"[product\nname = ");
    let wrong_csv = file(&env, "nguoi-nhan.csv", b"ten,don_vi,so_ban\nA,B,1\n");
    let zero_copies = file(&env, "zero.csv", b"name,unit,copies\nA,B,0\n");
    let answers_bad = file(&env, "tra-loi.csv", b"item,result\nS1.1,tuyet-voi\n");
    let not_bundle = file(&env, "goi.sotay", b"PK\x03\x04 nope");
    let empty = file(&env, "rong.md", b"");
    let missing = dir.join("khong-co.md").display().to_string();
    let tpl = dir.join("mau");
    std::fs::create_dir_all(tpl.join("chapters")).unwrap();
    std::fs::write(
        tpl.join("template.toml"),
        "id = \"x\"\nversion = \"1\"\ncategory = \"fruit\"\n",
    )
    .unwrap();
    let tpl = tpl.display().to_string();
    // Copies of a built-in template whose first chapter ends with a hostile line.
    let hostile_template = |name: &str, line: &str| {
        let t = dir.join(name);
        crate::authoring::copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../handbook-templates/tom-nuoc-lo"),
            &t,
        );
        let chapter = t.join("chapters/00-loi-noi-dau.md");
        let mut text = std::fs::read_to_string(&chapter).unwrap();
        text.push_str(line);
        std::fs::write(&chapter, text).unwrap();
        t.display().to_string()
    };
    let recursive = hostile_template(
        "de-quy",
        "\n{% macro f(n) %}{{ self::f(n=n+1) }}{% endmacro f %}{{ self::f(n=1) }}\n",
    );
    let endless = hostile_template(
        "vong-lap",
        "\n{% for i in range(end=10000) %}{% for j in range(end=10000) %}.{% endfor %}{% endfor %}\n",
    );
    let escape = hostile_template("ngoai", "\n{% include \"../../../../etc/passwd\" %}\n");

    let cases: Vec<Case> = vec![
        (
            "random bytes as database",
            Some(&random),
            vec!["list"],
            2,
            "không phải là cơ sở dữ liệu Sotay",
        ),
        (
            "another program's SQLite database",
            Some(&foreign),
            vec!["list"],
            2,
            "chương trình khác",
        ),
        (
            "a database from a newer Sotay",
            Some(&newer),
            vec!["list"],
            2,
            "mới hơn",
        ),
        (
            "a truncated database",
            Some(&truncated),
            vec!["list"],
            2,
            "Tệp được giữ nguyên",
        ),
        (
            "a folder as database",
            Some(a_dir.to_str().unwrap()),
            vec!["list"],
            2,
            "cơ sở dữ liệu",
        ),
        ("unknown command", None, vec!["frobnicate"], 2, ""),
        (
            "unknown language",
            None,
            vec!["--lang", "fr", "list"],
            2,
            "",
        ),
        (
            "unknown handbook",
            None,
            vec!["show", "không có"],
            2,
            "Không tìm thấy sổ tay",
        ),
        (
            "unknown template",
            None,
            vec!["new", "--template", "ca-phe"],
            2,
            "mẫu sổ tay",
        ),
        (
            "wrong GTIN check digit",
            None,
            vec![
                "new",
                "--template",
                "lua-gao",
                "--set",
                "product.gtin=8934567000014",
            ],
            2,
            "chữ số kiểm tra",
        ),
        (
            "GLN too short",
            None,
            vec![
                "new",
                "--template",
                "lua-gao",
                "--set",
                "organization.gln=893",
            ],
            2,
            "organization.gln",
        ),
        (
            "unknown variable",
            None,
            vec!["new", "--template", "lua-gao", "--set", "product.gtn=1"],
            2,
            "product.gtin",
        ),
        (
            "a table given with --set",
            None,
            vec!["new", "--template", "lua-gao", "--set", "chain.sites=x"],
            2,
            "--vars",
        ),
        (
            "--set without =",
            None,
            vec!["new", "--template", "lua-gao", "--set", "product.gtin"],
            2,
            "khóa=giá_trị",
        ),
        (
            "a number that is not",
            None,
            vec![
                "new",
                "--template",
                "tom-nuoc-lo",
                "--set",
                "product.shelf_life_months=mười",
            ],
            2,
            "phải là một số",
        ),
        (
            "a malformed vars file",
            None,
            vec!["new", "--template", "lua-gao", "--vars", &bad_vars],
            2,
            "bien.toml:",
        ),
        (
            "a missing vars file",
            None,
            vec!["new", "--template", "lua-gao", "--vars", &missing],
            2,
            "Không đọc được",
        ),
        (
            "invalid UTF-8 chapter",
            None,
            vec!["chapter", "set", &h, "gioi-thieu", "--from", &bad_utf8],
            2,
            "UTF-8",
        ),
        (
            "unknown chapter",
            None,
            vec!["chapter", "set", &h, "khong-co", "--from", &empty],
            2,
            "chương",
        ),
        (
            "unknown revision",
            None,
            vec!["diff", &h, "1", "9999"],
            2,
            "Không tìm thấy lần sửa",
        ),
        (
            "approval straight from draft",
            None,
            vec!["status", &h, "approved"],
            2,
            "Không thể chuyển",
        ),
        ("unknown status", None, vec!["status", &h, "final"], 2, ""),
        (
            "an empty chapter title",
            None,
            vec!["chapter", "add", &h, "  "],
            2,
            "Tên chương",
        ),
        (
            "a broken template folder",
            None,
            vec!["template", "check", &tpl],
            1,
            "template.toml:3:12",
        ),
        (
            "a template macro that calls itself (stack overflow)",
            None,
            vec!["template", "check", &recursive],
            1,
            "00-loi-noi-dau.md:",
        ),
        (
            "a template with endless nested loops",
            None,
            vec!["template", "check", &endless],
            1,
            "100000",
        ),
        (
            "a template that includes a file outside its folder",
            None,
            vec!["template", "check", &escape],
            1,
            "not found",
        ),
        (
            "not a template folder",
            None,
            vec!["template", "check", &missing],
            2,
            "thư mục mẫu",
        ),
        (
            "export of a missing file",
            None,
            vec!["export", &missing, "--format", "html", "-o", &o_x_html],
            2,
            "Không tìm thấy sổ tay",
        ),
        (
            "export into a missing folder",
            None,
            vec![
                "export",
                &h,
                "--format",
                "html",
                "-o",
                "/khong/co/thu/muc/x.html",
            ],
            2,
            "Không ghi được",
        ),
        (
            "unknown export format",
            None,
            vec!["export", &h, "--format", "docx", "-o", &o_x_docx],
            2,
            "",
        ),
        (
            "recipients with wrong columns",
            None,
            vec![
                "publish",
                &h,
                "--label",
                "1.0",
                "--recipients",
                &wrong_csv,
                "--out",
                &o_pub1,
            ],
            2,
            "Dòng 1",
        ),
        (
            "recipients with zero copies",
            None,
            vec![
                "publish",
                &h,
                "--label",
                "1.0",
                "--recipients",
                &zero_copies,
                "--out",
                &o_pub2,
            ],
            2,
            "Dòng 2",
        ),
        (
            "publishing a draft",
            None,
            vec!["publish", &h, "--label", "1.0", "--out", &o_pub3],
            2,
            "cần được duyệt",
        ),
        (
            "unknown publish format",
            None,
            vec![
                "publish",
                &h,
                "--label",
                "1.0",
                "--formats",
                "docx",
                "--out",
                &o_pub4,
            ],
            2,
            "docx",
        ),
        (
            "answers CSV with a bad header",
            None,
            vec!["assess", "answer", "khong-co", "--from", &answers_bad],
            2,
            "",
        ),
        (
            "unknown assessment",
            None,
            vec!["assess", "verdict", "khong-co"],
            2,
            "đợt đánh giá",
        ),
        (
            "unknown pilot",
            None,
            vec![
                "assess",
                "new",
                "--pilot",
                "khong-co",
                "--handbook",
                &h,
                "--date",
                "2025-07-20",
            ],
            2,
            "mô hình thí điểm",
        ),
        (
            "a pilot without a name",
            None,
            vec!["pilot", "add", "--name", " ", "--kind", "cooperative"],
            2,
            "Tên mô hình",
        ),
        (
            "unknown pilot kind",
            None,
            vec!["pilot", "add", "--name", "A", "--kind", "farm"],
            2,
            "",
        ),
        (
            "a bundle that is not a zip",
            None,
            vec!["bundle", "import", &not_bundle],
            2,
            "bị từ chối",
        ),
        (
            "a missing bundle",
            None,
            vec!["bundle", "import", &missing],
            2,
            "Không mở được",
        ),
        (
            "verify a missing file",
            None,
            vec!["verify", &missing],
            2,
            "Không đọc được",
        ),
        (
            "restore from a random file",
            None,
            vec!["restore-backup", &random],
            2,
            "không phải",
        ),
        (
            "attach a missing file",
            None,
            vec!["attach", &h, &missing],
            2,
            "Không đọc được",
        ),
    ];
    assert!(cases.len() >= 40, "{}", cases.len());
    for (what, other_db, args, code, needle) in &cases {
        let db_path = other_db.map_or(db.clone(), PathBuf::from);
        let before_bytes = other_db.map(|p| std::fs::read(p).ok());
        let out = sotay(&db_path).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(*code),
            "{what}: stdout {stdout} stderr {stderr}"
        );
        assert!(
            stderr.contains(needle) || stdout.contains(needle),
            "{what}: “{needle}” not in {stderr}{stdout}"
        );
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
        if let Some(Some(bytes)) = before_bytes {
            assert_eq!(
                std::fs::read(db_path).ok(),
                Some(bytes),
                "{what}: the file changed"
            );
        }
    }
    assert_eq!(snapshot(&db), before, "nothing stored was lost or changed");

    // Large but valid inputs work: a 10 MB paragraph and a 10,000-row table.
    for (md, name) in [(&big_para, "dai.html"), (&big_table, "bang.epub")] {
        let fmt = if name.ends_with("html") {
            "html"
        } else {
            "epub"
        };
        let r = sotay(&db)
            .args(["export", md, "--format", fmt, "-o", &o(name)])
            .output()
            .unwrap();
        assert!(
            r.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&r.stderr)
        );
    }
}

/// Runs the CLI with every write past `kib` KiB failing with EFBIG, as a full disk fails writes
/// (RLIMIT_FSIZE; SIGXFSZ ignored so the write returns an error instead of killing).
fn sotay_on_a_full_disk(db: &Path, kib: u32, args: &[&str]) -> std::process::Output {
    std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {kib}; exec \"$0\" \"$@\""))
        .arg(assert_cmd::cargo::cargo_bin("sotay"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SOTAY_DB")
        .env_remove("SOTAY_LANG")
        .output()
        .unwrap()
}

#[test]
fn a_full_disk_fails_writes_clearly_and_loses_nothing() {
    let tmp = TempDir::new().unwrap();
    let db = tmp.path().join("ws.db");
    let h = crate::new_handbook(&db, "tom-nuoc-lo");
    let chapter = |db: &Path| {
        sotay(db)
            .args(["chapter", "get", &h, "loi-noi-dau"])
            .output()
            .unwrap()
            .stdout
    };
    let before = chapter(&db);

    // An export that cannot be written leaves no file, whole or partial.
    let folder = tmp.path().join("ra");
    std::fs::create_dir_all(&folder).unwrap();
    let pdf = folder.join("so-tay.pdf");
    let r = sotay_on_a_full_disk(
        &db,
        128,
        &["export", &h, "--format", "pdf", "-o", pdf.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Không ghi được"), "{stderr}");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);

    // A save that the database cannot take is refused with a clear message; the chapter as it
    // was saved before is intact, and the database still opens (every open checks integrity).
    let big = tmp.path().join("dai.md");
    std::fs::write(
        &big,
        format!("# Dài\n\n{}\n", "Thu hoạch tôm sú. ".repeat(60_000)),
    )
    .unwrap();
    let r = sotay_on_a_full_disk(
        &db,
        128,
        &[
            "chapter",
            "set",
            &h,
            "loi-noi-dau",
            "--from",
            big.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("ổ đĩa đầy"), "{stderr}");
    assert!(stderr.contains("nguyên vẹn"), "{stderr}");
    assert_eq!(chapter(&db), before);
    let check = sotay(&db).args(["check", &h]).output().unwrap();
    assert!(check.status.code().is_some_and(|c| c <= 1));
    // With room again, the same save works.
    let r = sotay(&db)
        .args([
            "chapter",
            "set",
            &h,
            "loi-noi-dau",
            "--from",
            big.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert_ne!(chapter(&db), before);
}

/// Issue 13: Markdown nested thousands of levels deep aborted every export with a stack
/// overflow (exit 134), and a 5,000-column table took 2 GB to become a PDF. Now each exports
/// (exit 0) with a warning that says what was flattened or left out of the PDF.
#[test]
fn deep_nesting_and_huge_tables_export_with_a_warning_never_a_crash() {
    let tmp = TempDir::new().unwrap();
    let db = tmp.path().join("W.db");
    let cols = 5000;
    let mut table = String::from("# Bảng lớn\n\n|");
    table.push_str(&(0..cols).map(|c| format!("h{c}|")).collect::<String>());
    table.push_str("\n|");
    table.push_str(&"-|".repeat(cols));
    for r in 0..200 {
        table.push_str("\n|");
        table.push_str(
            &(0..cols)
                .map(|c| format!("{}|", (r + c) % 10))
                .collect::<String>(),
        );
    }
    table.push('\n');
    let too_deep = "cấu trúc lồng quá sâu";
    // (file, Markdown, formats, the warning expected).
    let cases: Vec<(&str, String, Vec<&str>, Option<&str>)> = vec![
        (
            "ngoac.md",
            ">".repeat(10_000),
            vec!["html", "epub", "pdf"],
            Some(too_deep),
        ),
        (
            "danh-sach.md",
            "- ".repeat(5000) + "x",
            vec!["html", "epub", "pdf"],
            Some(too_deep),
        ),
        (
            "sao.md",
            "*".repeat(25_000) + "x" + &"*".repeat(25_000),
            vec!["html", "epub", "pdf"],
            Some(too_deep),
        ),
        // 50,000 `*` alone is a thematic break: nothing nests.
        ("sao-tron.md", "*".repeat(50_000), vec!["html", "pdf"], None),
        (
            "ngoac-vuong.md",
            "[".repeat(50_000) + "x",
            vec!["html", "pdf"],
            None,
        ),
        (
            "bang.md",
            table,
            vec!["pdf", "html"],
            Some("quá rộng cho trang PDF"),
        ),
    ];
    for (name, md, formats, warning) in cases {
        let input = tmp.path().join(name);
        std::fs::write(&input, &md).unwrap();
        for format in formats {
            let out = tmp.path().join(format!("{name}.{format}"));
            let r = sotay(&db)
                .arg("export")
                .arg(&input)
                .args(["--format", format, "-o"])
                .arg(&out)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&r.stderr);
            assert_eq!(r.status.code(), Some(0), "{name} → {format}: {stderr}");
            match warning {
                Some(w) if !(format != "pdf" && w.contains("PDF")) => {
                    assert!(stderr.contains(w), "{name} → {format}: {stderr}")
                }
                _ => assert!(!stderr.contains(too_deep), "{name} → {format}: {stderr}"),
            }
            assert!(
                std::fs::metadata(&out).unwrap().len() > 0,
                "{name} → {format}"
            );
        }
    }
    // The big table: the PDF says what it left out; the HTML keeps every cell.
    let r = sotay(&db)
        .args(["--lang", "en", "export"])
        .arg(tmp.path().join("bang.md"))
        .args(["--format", "pdf", "-o"])
        .arg(tmp.path().join("bang-en.pdf"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("5000 columns, too wide for a PDF page"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the HTML and EPUB keep them all"),
        "{stderr}"
    );
    let html = std::fs::read_to_string(tmp.path().join("bang.md.html")).unwrap();
    assert_eq!(html.matches("<td").count(), cols * 200);
    // The deep quote in English.
    let r = sotay(&db)
        .args(["--lang", "en", "export"])
        .arg(tmp.path().join("ngoac.md"))
        .args(["--format", "html", "-o"])
        .arg(tmp.path().join("ngoac-en.html"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("nests too deep (10000 levels; at most 32)"),
        "{stderr}"
    );
}
