//! Signatures of an assessment (issue 17): `sotay assess sign` and `sotay assess show`, the
//! rules (completed assessments only; a changed answer leaves the signature no longer current),
//! bad input refused with exit 2 and nothing stored, and the signatures printed in the minutes
//! (PDF, .docx) and the assessment report.

use std::path::Path;
use std::process::Command as Process;

use crate::{last_line, new_assessment, sotay};

fn run(db: &Path, args: &[&str]) -> String {
    let out = sotay(db).args(args).assert().success();
    last_line(&out.get_output().stdout)
}

/// Exit code and stderr of a command expected to fail.
fn refused(db: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = sotay(db).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn show(db: &Path, a: &str) -> serde_json::Value {
    let out = sotay(db)
        .args(["assess", "show", a, "--json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// A workspace with a complete assessment (every item PASS, one test each way), not yet
/// completed: (folder, database, assessment).
fn finished() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = run(&db, &["new", "--template", "tom-nuoc-lo"]);
    let (_, a) = new_assessment(&db, &h, "HTX Tôm – Lúa Thuận Hòa", "cooperative");
    let items: Vec<serde_json::Value> = serde_json::from_slice(
        &sotay(&db)
            .args(["assess", "items", &a, "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let mut csv = String::from("item,result,note,reason\n");
    for i in &items {
        let id = i["id"].as_str().unwrap();
        if !id.starts_with("S9.") {
            csv.push_str(&format!("{id},pass,,\n"));
        }
    }
    let answers = dir.path().join("answers.csv");
    std::fs::write(&answers, csv).unwrap();
    run(
        &db,
        &["assess", "answer", &a, "--from", answers.to_str().unwrap()],
    );
    for direction in ["backward", "forward"] {
        run(
            &db,
            &[
                "assess",
                "trace",
                &a,
                "--direction",
                direction,
                "--lot",
                "CB01-251020-01",
                "--started",
                "2025-10-20T08:00:00+07:00",
                "--finished",
                "2025-10-20T09:00:00+07:00",
                "--links-expected",
                "4",
                "--links-found",
                "4",
                "--input-qty",
                "1000",
                "--accounted-qty",
                "1000",
                "--kde-required",
                "40",
                "--kde-present",
                "40",
            ],
        );
    }
    (dir, db, a)
}

/// `sotay assess sign A --role ROLE --name NAME` and `extra` arguments; its last line.
fn sign(db: &Path, a: &str, role: &str, name: &str, extra: &[&str]) -> String {
    let mut args = vec!["assess", "sign", a, "--role", role, "--name", name];
    args.extend(extra);
    run(db, &args)
}

/// A wave drawn on a pad 400 × 150.
fn drawing(dir: &Path) -> std::path::PathBuf {
    let points: Vec<[f32; 2]> = (0..80)
        .map(|i| {
            let x = 20.0 + i as f32 * 4.0;
            [x, 75.0 + 40.0 * (i as f32 / 5.0).sin()]
        })
        .collect();
    let path = dir.join("chu-ky.json");
    std::fs::write(
        &path,
        serde_json::json!({"width": 400, "height": 150, "strokes": [points, [[200, 20]]]})
            .to_string(),
    )
    .unwrap();
    path
}

#[test]
fn signing_needs_a_completed_assessment_and_show_lists_the_signatures() {
    let (dir, db, a) = finished();
    let sign_leader = [
        "assess",
        "sign",
        &a,
        "--role",
        "leader",
        "--name",
        "Trần Thị Mai",
        "--position",
        "Phó Chi cục trưởng",
    ];
    // In progress: refused, nothing stored.
    let (code, err) = refused(&db, &sign_leader);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("Chỉ ký khi đợt đánh giá đã hoàn thành"),
        "{err}"
    );
    assert_eq!(show(&db, &a)["signatures"], serde_json::json!([]));

    run(&db, &["assess", "status", &a, "completed"]);
    let d = drawing(dir.path());
    let mut drawn = sign_leader.to_vec();
    drawn.extend(["--drawing", d.to_str().unwrap()]);
    let out = run(&db, &drawn);
    assert!(
        out.starts_with("Đã ký: Trưởng đoàn kiểm tra — Trần Thị Mai"),
        "{out}"
    );
    sign(&db, &a, "representative", "Nguyễn Văn Hải", &[]);
    let v = show(&db, &a);
    assert_eq!(v["id"], a.as_str());
    assert_eq!(v["status"], "completed");
    let s = v["signatures"].as_array().unwrap();
    assert_eq!(s.len(), 2, "{v:#}");
    assert_eq!(s[0]["role"], "leader");
    assert_eq!(s[0]["name"], "Trần Thị Mai");
    assert_eq!(s[0]["position"], "Phó Chi cục trưởng");
    assert_eq!(s[0]["current"], true);
    assert_eq!(s[0]["drawing"]["width"], 400.0);
    assert_eq!(s[0]["drawing"]["strokes"].as_array().unwrap().len(), 2);
    assert!(s[0]["signed_at"].as_str().unwrap().contains('T'));
    assert_eq!(s[1]["role"], "representative");
    assert_eq!(s[1]["drawing"], serde_json::Value::Null);
    assert_eq!(s[1]["position"], "");

    // Signing a role again replaces its signature.
    sign(
        &db,
        &a,
        "representative",
        "Nguyễn Văn Hải",
        &["--position", "Giám đốc HTX"],
    );
    let s = show(&db, &a)["signatures"].clone();
    assert_eq!(s.as_array().unwrap().len(), 2);
    assert_eq!(s[1]["position"], "Giám đốc HTX");

    // The text form names both roles.
    let text = String::from_utf8(
        sotay(&db)
            .args(["assess", "show", &a])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        text.contains("Trưởng đoàn kiểm tra: Trần Thị Mai (chữ ký vẽ"),
        "{text}"
    );
    assert!(
        text.contains("Đại diện mô hình thí điểm: Nguyễn Văn Hải (ghi tên"),
        "{text}"
    );

    // A changed answer after signing: the signatures no longer cover the record.
    run(
        &db,
        &[
            "assess",
            "answer",
            &a,
            "--item",
            "S2.4",
            "--result",
            "minor",
            "--note",
            "Thiếu quy tắc mã lô",
        ],
    );
    let s = show(&db, &a)["signatures"].clone();
    assert!(
        s.as_array().unwrap().iter().all(|s| s["current"] == false),
        "{s:#}"
    );
    let text = String::from_utf8(
        sotay(&db)
            .args(["assess", "show", &a])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(text.contains("cần ký lại"), "{text}");
}

#[test]
fn bad_signatures_are_refused_with_exit_2_and_nothing_is_stored() {
    let (dir, db, a) = finished();
    run(&db, &["assess", "status", &a, "completed"]);
    let outside = dir.path().join("ngoai-khung.json");
    std::fs::write(
        &outside,
        r#"{"width": 100, "height": 50, "strokes": [[[10, 10], [120, 20]]]}"#,
    )
    .unwrap();
    let empty = dir.path().join("trong.json");
    std::fs::write(&empty, r#"{"width": 100, "height": 50, "strokes": []}"#).unwrap();
    let not_json = dir.path().join("anh.json");
    std::fs::write(&not_json, "\u{89}PNG").unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--role", "chairman", "--name", "Trần Thị Mai"],
            "Vai trò “chairman” không hợp lệ",
        ),
        (
            vec!["--role", "leader", "--name", "   "],
            "Cần ghi họ tên người ký",
        ),
        (
            vec![
                "--role",
                "leader",
                "--name",
                "Trần Thị Mai",
                "--drawing",
                outside.to_str().unwrap(),
            ],
            "ngoài khung",
        ),
        (
            vec![
                "--role",
                "leader",
                "--name",
                "Trần Thị Mai",
                "--drawing",
                empty.to_str().unwrap(),
            ],
            "chưa có nét",
        ),
        (
            vec![
                "--role",
                "leader",
                "--name",
                "Trần Thị Mai",
                "--drawing",
                not_json.to_str().unwrap(),
            ],
            "không phải chữ ký vẽ hợp lệ",
        ),
    ];
    for (extra, message) in cases {
        let mut args = vec!["assess", "sign", &a];
        args.extend(extra);
        let (code, err) = refused(&db, &args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    // An unknown assessment.
    let (code, _) = refused(
        &db,
        &[
            "assess", "sign", "khong-co", "--role", "leader", "--name", "A",
        ],
    );
    assert_eq!(code, Some(2));
    assert_eq!(show(&db, &a)["signatures"], serde_json::json!([]));
    // Closed: read-only.
    run(&db, &["assess", "status", &a, "closed"]);
    let (code, err) = refused(
        &db,
        &[
            "assess",
            "sign",
            &a,
            "--role",
            "leader",
            "--name",
            "Trần Thị Mai",
        ],
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("đã đóng"), "{err}");
}

fn pdftotext(pdf: &Path) -> Option<String> {
    let out = Process::new("pdftotext").arg(pdf).arg("-").output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The leader signs `a` with a drawn mark as Trần Thị Mai, the representative with the typed
/// name Nguyễn Văn Hải.
fn sign_both(dir: &Path, db: &Path, a: &str) {
    let d = drawing(dir);
    let d = d.to_str().unwrap();
    sign(db, a, "leader", "Trần Thị Mai", &["--drawing", d]);
    sign(db, a, "representative", "Nguyễn Văn Hải", &[]);
}

/// Writes the minutes of `a` as a PDF to `pdf`; their text, when pdftotext is installed.
fn minutes_text(db: &Path, a: &str, pdf: &Path) -> Option<String> {
    let out = pdf.to_str().unwrap();
    run(db, &["report", "minutes", a, "--format", "pdf", "-o", out]);
    pdftotext(pdf)
}

#[test]
fn the_minutes_and_the_report_print_the_signatures() {
    let (dir, db, a) = finished();
    // A photo of the evidence: the report's one real figure.
    let photo =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/evidence/bo-ao-exif.jpg");
    sotay(&db)
        .args(["assess", "evidence", &a, "--item", "S2.6"])
        .arg(&photo)
        .assert()
        .success();
    run(&db, &["assess", "status", &a, "completed"]);
    sign_both(dir.path(), &db, &a);
    let out = |name: &str| dir.path().join(name);
    for (args, file) in [
        (vec!["report", "minutes", &a, "--format", "pdf"], "bb.pdf"),
        (vec!["report", "minutes", &a, "--format", "docx"], "bb.docx"),
        (
            vec!["report", "assessment", &a, "--format", "pdf"],
            "bc.pdf",
        ),
        (
            vec!["report", "assessment", &a, "--format", "html"],
            "bc.html",
        ),
    ] {
        let mut args = args.clone();
        let path = out(file);
        args.extend(["-o", path.to_str().unwrap()]);
        run(&db, &args);
    }
    // The drawn mark is vector strokes in a Figure described "Chữ ký của …" (a UTF-16 string
    // in the structure tree), never an image.
    let alt: String = "Chữ ký của Trần Thị Mai"
        .encode_utf16()
        .map(|u| format!("{u:04x}"))
        .collect();
    for pdf in ["bb.pdf", "bc.pdf"] {
        let path = out(pdf);
        let qdf = out(&format!("{pdf}.qdf"));
        if Process::new("qpdf")
            .args(["--qdf", "--object-streams=disable"])
            .arg(&path)
            .arg(&qdf)
            .status()
            .is_ok_and(|s| s.success())
        {
            let raw = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
            assert!(
                raw.contains(&format!("/Alt <feff{alt}>")),
                "{pdf}: no Figure alt"
            );
            // Round caps: the strokes are drawn as paths.
            assert!(raw.contains("1 J"), "{pdf}: no round-capped stroke");
        }
        if let Some(text) = pdftotext(&path) {
            // The drawn signature sits in its signature block: no "Hình" number or caption of
            // its own, and the photo keeps the first number.
            let figures: Vec<&str> = text.lines().filter(|l| l.contains("Hình")).collect();
            match pdf {
                "bc.pdf" => {
                    assert_eq!(figures.len(), 1, "{pdf}: {figures:?}");
                    assert!(
                        figures[0].contains(".1. Mục S2.6: bo-ao-exif.jpg"),
                        "{pdf}: {figures:?}"
                    );
                }
                _ => assert!(figures.is_empty(), "{pdf}: {figures:?}"),
            }
            assert!(!text.contains("Hình 6.1"), "{pdf}: {text}");
            assert!(text.contains("Trần Thị Mai"), "{pdf}: {text}");
            assert!(text.contains("Nguyễn Văn Hải"), "{pdf}: {text}");
            assert!(text.contains("Ký ngày"), "{pdf}: {text}");
        }
    }
    // The .docx: the typed name in the space to sign, the date under the name.
    let f = std::fs::File::open(out("bb.docx")).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(
        xml.contains("Nguyễn Văn Hải") && xml.contains("Ký ngày"),
        "docx"
    );
    // The drawn mark as a picture (a PNG: Word has no place for the vector strokes).
    assert!(
        xml.contains("rIdImageSignature"),
        "no picture in the signature's space"
    );
    let media: Vec<String> = z
        .file_names()
        .filter(|n| n.starts_with("word/media/") && !n.ends_with('/'))
        .map(str::to_owned)
        .collect();
    assert_eq!(media.len(), 1, "{media:?}");
    let mut png = Vec::new();
    std::io::Read::read_to_end(&mut z.by_name(&media[0]).unwrap(), &mut png).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "{}", media[0]);
    // HTML: the drawing as an SVG image with its description.
    let html = std::fs::read_to_string(out("bc.html")).unwrap();
    assert!(html.contains("Chữ ký của Trần Thị Mai"));
    assert!(html.contains("image/svg+xml"));

    // A changed answer: the signatures are no longer printed, the spaces stay empty.
    run(
        &db,
        &[
            "assess", "answer", &a, "--item", "S2.4", "--result", "minor",
        ],
    );
    if let Some(text) = minutes_text(&db, &a, &out("bb2.pdf")) {
        assert!(!text.contains("Ký ngày"), "{text}");
    }
}

#[test]
fn signatures_travel_with_the_assessment_in_a_bundle() {
    let (dir, db, a) = finished();
    run(&db, &["assess", "status", &a, "completed"]);
    let d = drawing(dir.path());
    sign(
        &db,
        &a,
        "leader",
        "Trần Thị Mai",
        &["--drawing", d.to_str().unwrap()],
    );
    let file = dir.path().join("danh-gia.sotay");
    run(
        &db,
        &[
            "bundle",
            "export",
            "assessment",
            &a,
            "-o",
            file.to_str().unwrap(),
        ],
    );
    let other = dir.path().join("khac.db");
    run(&other, &["bundle", "import", file.to_str().unwrap()]);
    let here = show(&db, &a)["signatures"].clone();
    let there = show(&other, &a)["signatures"].clone();
    assert_eq!(there, here);
    assert_eq!(there[0]["current"], true, "{there:#}");
}

#[test]
fn a_signature_is_withdrawn_with_unsign_and_the_history_keeps_who_and_when() {
    let (dir, db, a) = finished();
    run(&db, &["assess", "status", &a, "completed"]);
    // Nobody has signed: exit 2, nothing recorded.
    let (code, err) = refused(&db, &["assess", "unsign", &a, "--role", "leader"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("Chưa có chữ ký của trưởng đoàn kiểm tra để hủy"),
        "{err}"
    );
    assert_eq!(show(&db, &a)["signature_history"], serde_json::json!([]));
    let (code, err) = refused(&db, &["assess", "unsign", &a, "--role", "boss"]);
    assert_eq!(code, Some(2), "{err}");

    sign_both(dir.path(), &db, &a);
    let out = sotay(&db)
        .env("SOTAY_AUTHOR", "Lê Văn Thư")
        .args([
            "--now",
            "2026-12-07T09:30:00Z",
            "assess",
            "unsign",
            &a,
            "--role",
            "leader",
        ])
        .assert()
        .success();
    let said = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        said.contains("Đã hủy chữ ký: Trưởng đoàn kiểm tra — Trần Thị Mai"),
        "{said}"
    );
    let v = show(&db, &a);
    let roles: Vec<&str> = v["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["representative"]);
    let history = v["signature_history"].as_array().unwrap();
    assert_eq!(history.len(), 3, "{history:?}");
    let last = &history[2];
    assert_eq!(last["kind"], "withdrawn");
    assert_eq!(last["role"], "leader");
    assert_eq!(last["name"], "Trần Thị Mai");
    assert_eq!(last["by"], "Lê Văn Thư");
    assert_eq!(last["at"], "2026-12-07T09:30:00Z");
    assert_eq!(last["signed_at"], history[0]["signed_at"]);
    // The text view lists it too.
    let text = sotay(&db).args(["assess", "show", &a]).assert().success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(
        text.contains("2026-12-07T09:30:00Z hủy chữ ký: Trưởng đoàn kiểm tra — Trần Thị Mai (người thực hiện: Lê Văn Thư)"),
        "{text}"
    );
    // Withdrawn, it is no longer printed: the leader's space is empty again.
    if let Some(text) = minutes_text(&db, &a, &dir.path().join("bb.pdf")) {
        assert!(!text.contains("Trần Thị Mai"), "{text}");
        assert!(text.contains("Nguyễn Văn Hải"), "{text}");
    }
    // Again: nothing left to withdraw for that role.
    let (code, _) = refused(&db, &["assess", "unsign", &a, "--role", "leader"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        show(&db, &a)["signature_history"].as_array().unwrap().len(),
        3
    );
}
