//! Acceptance tests of the key-product catalogue, its roadmap and portal readiness (issue 20,
//! II.2.a and II.3): proposals scored and ranked with the numbers asserted, bad input refused
//! whole, milestones and readiness computed from the records, the portal package's lots and
//! events and its refusals (exit 2, the field named, nothing written), the annual report.

use std::path::Path;

use tempfile::TempDir;

use crate::plan::{run, NOW};
use crate::sotay;
use crate::verification::fixture;

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = sotay(db).env("SOTAY_NOW", NOW).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs a command that must be refused: exit 2; its stderr.
fn refused(db: &Path, args: &[&str]) -> String {
    let out = sotay(db).env("SOTAY_NOW", NOW).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Scores the three proposals of the tests (default weights 30/20/20/15/15): shrimp 435 of
/// 500, rice 420, pepper 135 (not fully scored).
fn score_three(db: &Path) {
    score(
        db,
        "Tôm sú",
        &[
            "production_value=5",
            "scale=4",
            "export_share=5",
            "brand_gi=3",
            "chain_readiness=4",
        ],
    );
    score(
        db,
        "Lúa gạo ST25",
        &[
            "production_value=4",
            "scale=5",
            "export_share=4",
            "brand_gi=5",
            "chain_readiness=3",
        ],
    );
    score(
        db,
        "Hồ tiêu Phú Quốc",
        &["production_value=2", "brand_gi=5"],
    );
}

fn score(db: &Path, product: &str, scores: &[&str]) {
    run(db, &score_args(product, scores));
}

/// `plan catalogue score PRODUCT --set CRITERION=VALUE …`.
fn score_args<'a>(product: &'a str, scores: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["plan", "catalogue", "score", product];
    for s in scores {
        args.extend(["--set", s]);
    }
    args
}

/// `plan catalogue propose PRODUCT --by AGENCY` with `extra` flags; the product's id.
fn propose(db: &Path, product: &str, by: &str, extra: &[&str]) -> String {
    let mut args = vec!["plan", "catalogue", "propose", product, "--by", by];
    args.extend_from_slice(extra);
    run(db, &args)
}

/// `plan catalogue issue PRODUCT… --number N --date D`.
fn issue_args<'a>(products: &[&'a str], number: &'a str, date: &'a str) -> Vec<&'a str> {
    let mut args = vec!["plan", "catalogue", "issue"];
    args.extend_from_slice(products);
    args.extend(["--number", number, "--date", date]);
    args
}

/// Issues `products` by decision 125/QĐ-UBND of 04/05/2026.
fn issue(db: &Path, products: &[&str]) {
    run(db, &issue_args(products, "125/QĐ-UBND", "2026-05-04"));
}

/// `plan catalogue rank --json`.
fn rank(db: &Path) -> serde_json::Value {
    json(db, &["plan", "catalogue", "rank", "--json"])
}

/// `report catalogue-decision --format FORMAT -o OUT` with `extra` flags.
fn decision_args<'a>(format: &'a str, out: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "report",
        "catalogue-decision",
        "--format",
        format,
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn proposals_are_scored_ranked_by_weight_and_issued() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let shrimp = propose(
        &db,
        "Tôm sú",
        "Sở Nông nghiệp và Môi trường",
        &["--reasons", "Kim ngạch xuất khẩu lớn nhất tỉnh"],
    );
    propose(&db, "Lúa gạo ST25", "Hiệp hội Lúa gạo", &[]);
    propose(&db, "Hồ tiêu Phú Quốc", "Sở Công Thương", &[]);
    score_three(&db);
    let before = rank(&db);
    // Bad input: exit 2, the message in Vietnamese, nothing recorded.
    for (args, says) in [
        (score_args("Tôm sú", &["scale=6"]), "từ 0 đến 5"),
        (score_args("Tôm sú", &["scale=-1"]), "từ 0 đến 5"),
        (score_args("Tôm sú", &["scale=3.5"]), "từ 0 đến 5"),
        (
            score_args("Tôm sú", &["scale=1", "gia_tri=3"]),
            "Không có tiêu chí “gia_tri”",
        ),
        (score_args("Tôm sú", &["scale"]), "tiêu_chí=giá_trị"),
        (
            vec!["plan", "catalogue", "propose", "Tôm sú", "--by", "Sở Y tế"],
            "đã được đề xuất",
        ),
        (
            vec!["plan", "catalogue", "propose", "Cà phê", "--by", " "],
            "đơn vị đề xuất",
        ),
        (
            issue_args(&["Tôm sú"], "125/QĐ-UBND", "2026-13-01"),
            "2026-13-01",
        ),
        (
            issue_args(&["Tôm sú", "Cà phê"], "125/QĐ-UBND", "2026-05-04"),
            "Cà phê",
        ),
        (
            vec!["plan", "catalogue", "weights", "--set", "scale=101"],
            "từ 0 đến 100",
        ),
    ] {
        let err = refused(&db, &args);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(rank(&db), before);

    // Default weights 30/20/20/15/15, scores 0–5: shrimp 150+80+100+45+60 = 435 of 500;
    // rice 120+100+80+75+45 = 420; pepper 60+75 = 135, not fully scored.
    let ranking: Vec<(u64, &str, u64, f64, bool)> = before["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rank"].as_u64().unwrap(),
                r["name"].as_str().unwrap(),
                r["weighted_sum"].as_u64().unwrap(),
                r["score_pct"].as_f64().unwrap(),
                r["complete"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ranking,
        [
            (1, "Tôm sú", 435, 87.0, true),
            (2, "Lúa gạo ST25", 420, 84.0, true),
            (3, "Hồ tiêu Phú Quốc", 135, 27.0, false)
        ]
    );
    assert_eq!(before["ranking"][0]["max_sum"], 500);
    let weights: Vec<u64> = before["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["weight"].as_u64().unwrap())
        .collect();
    assert_eq!(weights, [30, 20, 20, 15, 15]);

    // The weights are settings: brand weighing 60 puts rice first (420 − 75 + 300 = 645).
    run(
        &db,
        &["plan", "catalogue", "weights", "--set", "brand_gi=60"],
    );
    let after = rank(&db);
    assert_eq!(after["ranking"][0]["name"], "Lúa gạo ST25");
    assert_eq!(after["ranking"][0]["weighted_sum"], 645);
    assert_eq!(after["ranking"][0]["max_sum"], 725);

    issue(&db, &[&shrimp, "Lúa gạo ST25"]);
    let issued = rank(&db);
    let status: Vec<(&str, &str, &str)> = issued["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap(),
                p["status"].as_str().unwrap(),
                p["decision_number"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            ("Tôm sú", "issued", "125/QĐ-UBND"),
            ("Lúa gạo ST25", "issued", "125/QĐ-UBND"),
            ("Hồ tiêu Phú Quốc", "proposed", "")
        ]
    );
}

fn handbook_id(db: &Path) -> String {
    json(db, &["list", "--json"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn items_of(r: &serde_json::Value) -> Vec<(&str, &str)> {
    r["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["key"].as_str().unwrap(), i["state"].as_str().unwrap()))
        .collect()
}

#[test]
fn roadmap_readiness_portal_and_annual_report_come_from_the_records() {
    let f = fixture();
    let db = f.db.clone();
    let h = handbook_id(&db);
    let k = propose(
        &db,
        "Tôm sú Thuận Hòa",
        "Sở Nông nghiệp và Môi trường",
        &["--handbook", &h],
    );
    issue(&db, &[&k]);
    for (year, kind, target) in [
        ("2026", "handbook", "1"),
        ("2026", "pilot", "1"),
        ("2027", "replication", "5"),
        ("2027", "portal", "1"),
        ("2025", "pilot", "2"),
    ] {
        run(
            &db,
            &[
                "plan", "roadmap", "add", &k, "--year", year, "--kind", kind, "--target", target,
            ],
        );
    }
    let err = refused(
        &db,
        &[
            "plan", "roadmap", "add", &k, "--year", "2026", "--kind", "pilot", "--target", "0",
        ],
    );
    assert!(err.contains("Chỉ tiêu “0”"), "{err}");

    // Before any assessment: the product's readiness from the handbook's values.
    let ready = json(&db, &["plan", "readiness", &k, "--json"]);
    assert_eq!(
        items_of(&ready[0]),
        [
            ("gs1_prefix", "met"),
            ("gtin", "met"),
            ("gln", "met"),
            ("trace_code", "met"),
            ("carrier", "met"),
            ("public_info", "met"),
            ("image", "missing"),
            ("event_time", "missing"),
            ("registration", "missing"),
        ]
    );
    assert_eq!(
        ready[0]["example_code"],
        "https://id.gs1.org/01/08939990100112/10/CB01-260616-02"
    );
    // A GLN with a wrong check digit is refused and nothing is recorded.
    let err = refused(&db, &["plan", "readiness", &k, "--gln", "8939990190008"]);
    assert!(
        err.contains("chữ số kiểm tra là 8, đúng ra phải là 7"),
        "{err}"
    );
    let err = refused(&db, &["plan", "readiness", &k, "--carrier", "giấy"]);
    assert!(err.contains("Vật mang dữ liệu “giấy”"), "{err}");
    assert_eq!(json(&db, &["plan", "readiness", &k, "--json"]), ready);

    // The portal package refuses while the image is missing: exit 2, the field named, no file.
    let out = f._dir.path().join("cong");
    let err = refused(&db, &["interop", "portal", &h, "-o", out.to_str().unwrap()]);
    assert!(err.contains("thiếu ảnh sản phẩm"), "{err}");
    assert!(!out.exists());

    // The work itself: a pilot assessed effective, with its trace tests.
    f.answer_all(&[]);
    f.trace("backward", 90, 6, 6, 1000.0);
    f.trace("forward", 60, 3, 3, 995.0);
    run(
        &db,
        &[
            "plan",
            "readiness",
            &k,
            "--image",
            "https://example.org/tom.jpg",
            "--portal-id",
            "TC-000123",
        ],
    );
    let ready = json(&db, &["plan", "readiness", &k, "--json"]);
    assert_eq!(
        (ready[0]["met"].as_u64(), ready[0]["total"].as_u64()),
        (Some(9), Some(9))
    );
    let pilots = ready.as_array().unwrap().len() - 1;
    assert!(pilots >= 1);
    // A pilot's own location key: its GLN is recorded for it, not for the product.
    let htx = "HTX Tôm – Lúa Thuận Hòa";
    let pilot_gln = |ready: &serde_json::Value| -> Option<String> {
        ready
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["subject"] == format!("Tôm sú Thuận Hòa — {htx}").as_str())
            .map(|r| items_of(r)[2].1.to_owned())
    };
    assert_eq!(pilot_gln(&ready).as_deref(), Some("missing"));
    run(
        &db,
        &[
            "plan",
            "readiness",
            &k,
            "--pilot",
            htx,
            "--gln",
            "8939990190014",
        ],
    );
    let ready = json(&db, &["plan", "readiness", &k, "--json"]);
    assert_eq!(pilot_gln(&ready).as_deref(), Some("met"));
    assert_eq!(
        (
            ready[0]["met"].as_u64(),
            ready[0]["items"][2]["detail"]["vi"].as_str()
        ),
        (Some(9), Some("8939990190007"))
    );

    let roadmap = json(&db, &["plan", "roadmap", "show", &k, "--json"]);
    let got: Vec<(i64, &str, u64, u64, u64, &str)> = roadmap["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let p = &m["progress"];
            (
                m["year"].as_i64().unwrap(),
                m["kind"].as_str().unwrap(),
                p["achieved"].as_u64().unwrap(),
                p["target"].as_u64().unwrap(),
                p["percent"].as_u64().unwrap(),
                p["status"].as_str().unwrap(),
            )
        })
        .collect();
    let units = pilots as u64;
    assert_eq!(
        got,
        [
            (2025, "pilot", 1, 2, 50, "late"),
            (2026, "handbook", 0, 1, 0, "in_progress"),
            (2026, "pilot", 1, 1, 100, "done"),
            (2027, "replication", units, 5, units * 20, "in_progress"),
            (2027, "portal", 9, 9, 100, "done"),
        ]
    );
    assert_eq!(
        roadmap["milestones"][2]["progress"]["records"][0]["id"],
        f.a.as_str()
    );
    assert_eq!(
        (roadmap["done"].as_u64(), roadmap["total"].as_u64()),
        (Some(2), Some(5))
    );

    // The portal package: master data, the lots and one event per lot.
    run(&db, &["interop", "portal", &h, "-o", out.to_str().unwrap()]);
    let p: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("portal.json")).unwrap()).unwrap();
    assert_eq!(p["products"][0]["image"], "https://example.org/tom.jpg");
    assert_eq!(p["lots"].as_array().unwrap().len(), 2);
    let events = p["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["event_time"], "2025-07-20T00:00:00+07:00");
    assert_eq!(events[0]["lot"], "CB01-250616-02");
    assert_eq!(events[0]["gtin"], "8939990100112");
    assert_eq!(events[0]["location_gln"], "8939990190007");
    assert_eq!(events[0]["quantity"], 1000.0);
    assert_eq!(events[0]["uom"], "KGM");
    let csv = std::fs::read_to_string(out.join("portal-events.csv")).unwrap();
    assert!(
        csv.starts_with("event_type,biz_step,step,event_time,lot,gtin"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 3);

    // The annual report shows the catalogue, the roadmap and readiness with their figures.
    let html = f._dir.path().join("bao-cao.html");
    // Figures and their unit are held together by no-break spaces in the tables.
    let text = crate::plan::annual_report_text(&db, &html, Some(NOW))
        .replace('\u{a0}', " ")
        .replace("&nbsp;", " ");
    for expected in [
        "Danh mục sản phẩm chủ lực, lộ trình và sẵn sàng kết nối Cổng",
        "Đã có 1 sản phẩm do 1 đơn vị đề xuất; 1 sản phẩm được ban hành trong danh mục (Quyết định số 125/QĐ-UBND ngày 04/05/2026)",
        "1 Tôm sú Thuận Hòa Sở Nông nghiệp và Môi trường 0/500 (0,0 %) Đã ban hành (chưa chấm đủ)",
        "Năm 2026 có 2 mốc, đã hoàn thành 1; toàn lộ trình đã hoàn thành 2/5 mốc",
        "Tôm sú Thuận Hòa 2026 Mô hình thí điểm 100 % Hoàn thành 1/1 mô hình được xác nhận hiệu lực",
        "Tôm sú Thuận Hòa 2025 Mô hình thí điểm 50 % Chậm tiến độ 1/2 mô hình được xác nhận hiệu lực",
        "Tôm sú Thuận Hòa 9/9 —",
    ] {
        assert!(text.contains(expected), "missing “{expected}” in:\n{text}");
    }
}

#[test]
fn the_portal_package_names_a_lot_without_its_time_and_writes_nothing() {
    let f = fixture();
    let db = f.db.clone();
    let h = handbook_id(&db);
    run(
        &db,
        &[
            "vars",
            &h,
            "--set",
            "product.image_url=https://example.org/tom.jpg",
        ],
    );
    f.answer_all(&[]);
    let records = f._dir.path().join("lots.csv");
    std::fs::write(
        &records,
        "lot,product,quantity,unit,date,from,to,reference_document,step\n\
         AO03-250615-01,Tôm sú,600,kg,2025-06-15,Ao 3,Thương lái,PXK-1,thu hoạch\n\
         AO04-250615-01,Tôm sú,400,kg,,Ao 4,Thương lái,PXK-2,thu hoạch\n\
         AO05 250615 lô tôm sú 01,Tôm sú,0,kg,2025-06-15,Ao 5,Thương lái,PXK-3,thu hoạch\n",
    )
    .unwrap();
    run(
        &db,
        &[
            "assess",
            "trace",
            &f.a,
            "--direction",
            "backward",
            "--lot",
            "CB01-250616-02",
            "--started",
            "2025-07-20T08:00:00+07:00",
            "--finished",
            "2025-07-20T09:00:00+07:00",
            "--links-expected",
            "3",
            "--records",
            records.to_str().unwrap(),
            "--input-qty",
            "1000",
            "--accounted-qty",
            "1000",
            "--unit",
            "kg",
            "--kde-required",
            "10",
            "--kde-present",
            "10",
        ],
    );
    let out = f._dir.path().join("cong");
    let err = refused(&db, &["interop", "portal", &h, "-o", out.to_str().unwrap()]);
    assert!(
        err.contains("lô thứ 2 của lần truy xuất ngược ngày 20/07/2025")
            && err.contains("thiếu thời gian sự kiện (ngày)"),
        "{err}"
    );
    assert!(
        err.contains("lô thứ 3")
            && err.contains("mã lô “AO05 250615 lô tôm sú 01” không mã hóa được theo GS1 AI (10)"),
        "{err}"
    );
    assert!(!err.contains("lô thứ 1"), "{err}");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn the_catalogue_decision_lists_the_issued_products_with_their_scores() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let out_pdf = dir.path().join("qd-danh-muc.pdf");
    let out_docx = dir.path().join("qd-danh-muc.docx");
    run(
        &db,
        &[
            "settings",
            "admin",
            "set",
            "--parent-body",
            "UBND TỈNH AN GIANG",
            "--issuing-body",
            "Sở Khoa học và Công nghệ",
            "--code",
            "ubnd",
            "--place",
            "An Giang",
            "--head",
            "Chủ tịch Ủy ban nhân dân tỉnh An Giang",
            "--recipient",
            "Bộ Khoa học và Công nghệ",
            "--signer",
            "Trần Văn Bình;Phó Chủ tịch;KT. Chủ tịch",
            "--proposer",
            "Giám đốc Sở Khoa học và Công nghệ",
        ],
    );
    crate::plan::plan_2026(&db);
    for (name, by) in [
        ("Tôm sú", "Sở Nông nghiệp và Môi trường"),
        ("Lúa gạo ST25", "Hiệp hội Lương thực"),
        ("Hồ tiêu Phú Quốc", "Sở Công Thương"),
    ] {
        propose(&db, name, by, &[]);
    }
    // Nothing issued yet: refused, nothing written.
    let err = refused(&db, &decision_args("pdf", &out_pdf, &[]));
    assert!(
        err.contains("Chưa có sản phẩm nào được chọn ban hành"),
        "{err}"
    );
    assert!(!out_pdf.exists());

    // Default weights 30/20/20/15/15: shrimp 435 of 500, rice 420, pepper 135.
    score_three(&db);
    // Rice is issued first in the command line; the decision lists by rank.
    issue(&db, &["Lúa gạo ST25", "Tôm sú"]);
    let before = rank(&db);

    run(&db, &decision_args("pdf", &out_pdf, &[]));
    run(
        &db,
        &decision_args(
            "docx",
            &out_docx,
            &["--number", "7", "--date", "2026-06-10"],
        ),
    );
    // A draft records nothing.
    assert_eq!(rank(&db), before);

    // Each row: rank in the list, name, proposing agency, weighted sum of the maximum, percent.
    let expected_rows = [
        ["1", "Tôm sú", "Sở Nông nghiệp", "435/500", "87,0"],
        [
            "2",
            "Lúa gạo ST25",
            "Hiệp hội Lương thực",
            "420/500",
            "84,0",
        ],
    ];
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok()
    {
        let out = std::process::Command::new("pdftotext")
            .args(["-layout"])
            .arg(&out_pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for want in [
            "QUYẾT ĐỊNH",
            "Về việc ban hành Danh mục sản phẩm, hàng hóa chủ lực, thế mạnh của tỉnh An Giang thực hiện truy xuất nguồn gốc",
            // The number and date recorded by `plan catalogue issue`.
            "Số: 125/QĐ-UBND",
            "An Giang, ngày 04 tháng 5 năm 2026",
            "Căn cứ Quyết định số 100/QĐ-TTg",
            "Căn cứ Kế hoạch số 69/KH-UBND ngày 7/4/2026",
            "Điều 1.",
            "gồm 2 sản phẩm",
            "Điều 2.",
            "Điều 3.",
            "Dự thảo",
            "Nơi nhận:",
            "Trần Văn Bình",
        ] {
            assert!(flat.contains(want), "{want:?} not in:\n{text}");
        }
        for row in expected_rows {
            let line = text
                .lines()
                .find(|l| l.contains(row[1]) && l.contains(row[3]))
                .unwrap_or_else(|| panic!("no table row {row:?} in:\n{text}"));
            let cells: Vec<&str> = line
                .split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            assert_eq!(cells[0], format!("{} {}", row[0], row[1]), "{line}");
            assert!(cells[1].starts_with(row[2]), "{line}");
            assert_eq!(&cells[2..], &row[3..], "{line}");
        }
        assert!(!flat.contains("Hồ tiêu"), "{text}");
        assert!(
            flat.find("Tôm sú").unwrap() < flat.find("Lúa gạo ST25").unwrap(),
            "ranked order"
        );
        // The list is the text issued with the decision: a page of its own after the
        // signature, under the header without number or date, tied to the decision's number
        // and date (Nghị định 30/2020, Phụ lục I).
        let page = |n: &str| {
            let out = std::process::Command::new("pdftotext")
                .args(["-layout", "-f", n, "-l", n])
                .arg(&out_pdf)
                .arg("-")
                .output()
                .unwrap();
            let t = String::from_utf8(out.stdout).unwrap();
            t.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let (first, last) = (page("1"), page("2"));
        assert!(
            first.contains("Trần Văn Bình") && !first.contains("435/500"),
            "{first}"
        );
        for want in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "DANH MỤC",
            "Sản phẩm, hàng hóa chủ lực, thế mạnh của tỉnh An Giang thực hiện truy xuất nguồn gốc",
            "(Ban hành kèm theo Quyết định số 125/QĐ-UBND ngày 04 tháng 5 năm 2026 của",
            "Tôm sú",
            "435/500",
        ] {
            assert!(last.contains(want), "{want:?} not on page 2:\n{last}");
        }
        assert!(
            !last.contains("Số:") && !last.contains("An Giang, ngày"),
            "{last}"
        );
    }
    let xml = crate::admin::part(&out_docx, "word/document.xml");
    let words = regex_free_text(&xml);
    for want in [
        "Số: 07/QĐ-UBND",
        "ngày 10 tháng 6 năm 2026",
        "Tôm sú",
        "435/500",
        "87,0",
        "Lúa gạo ST25",
        "420/500",
        "84,0",
        "Hiệp hội Lương thực",
        "DANH MỤC",
        "(Ban hành kèm theo Quyết định số 07/QĐ-UBND ngày 10 tháng 6 năm 2026",
    ] {
        assert!(
            words.contains(want),
            "{want:?} not in the .docx text:\n{words}"
        );
    }
    assert!(!words.contains("Hồ tiêu"));
    // The list starts a page of its own, after the signature.
    let page_break = xml
        .find("<w:pageBreakBefore")
        .expect("a page break before the list");
    assert!(xml.find("Tôm sú").unwrap() > page_break);
    assert!(xml.find("Nơi nhận").unwrap() < page_break);
}

/// The text of a WordprocessingML part: its `<w:t>` runs joined, a space between paragraphs.
fn regex_free_text(xml: &str) -> String {
    let mut out = String::new();
    for para in xml.split("</w:p>") {
        for piece in para.split("<w:t").skip(1) {
            let Some(start) = piece.find('>') else {
                continue;
            };
            let body = &piece[start + 1..];
            let end = body.find("</w:t>").unwrap_or(body.len());
            out.push_str(&body[..end]);
        }
        out.push(' ');
    }
    out.replace("&amp;", "&")
}
