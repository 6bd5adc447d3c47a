//! Acceptance tests of the programme through the CLI (issue 20): the yearly plan's six budget
//! lines and total, spending (bad input refused whole, over the estimate warned), activities,
//! the agencies' return forms out and back in (a bad cell named, nothing imported), and the
//! annual report's figures read from its HTML text.

use std::io::Read;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use tempfile::TempDir;

use crate::{last_line, sotay};

pub(crate) const NOW: &str = "2026-03-02T08:00:00Z";

struct Plan {
    dir: TempDir,
    db: PathBuf,
    id: String,
}

/// Runs a command that must succeed, on the tests' clock and author; the last line it prints.
pub(crate) fn run(db: &Path, args: &[&str]) -> String {
    let out = sotay(db)
        .env("SOTAY_NOW", NOW)
        .env("SOTAY_AUTHOR", "Trần Minh Khoa")
        .args(args)
        .assert()
        .success();
    last_line(&out.get_output().stdout)
}

fn show(db: &Path, plan: &str) -> serde_json::Value {
    show_json(db, plan, None)
}

/// `plan show --json`, on the tests' clock (SOTAY_NOW) when `at` is given.
fn show_json(db: &Path, plan: &str, at: Option<&str>) -> serde_json::Value {
    let mut cmd = sotay(db);
    if let Some(at) = at {
        cmd.env("SOTAY_NOW", at);
    }
    let out = cmd.args(["plan", "show", plan, "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `plan new` for `year` from the yearly template, with `extra` flags; the plan's id.
pub(crate) fn new_plan(db: &Path, year: &str, extra: &[&str]) -> String {
    let mut args = vec!["plan", "new", "--year", year, "--template", "qd100-yearly"];
    args.extend_from_slice(extra);
    run(db, &args)
}

/// The 2026 plan of the tests: number 69/KH-UBND of 07/04/2026; its id.
pub(crate) fn plan_2026(db: &Path) -> String {
    new_plan(
        db,
        "2026",
        &["--number", "69/KH-UBND", "--date", "2026-04-07"],
    )
}

/// A workspace with the 2026 plan from the yearly template.
fn yearly() -> Plan {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let id = plan_2026(&db);
    Plan { dir, db, id }
}

/// The flags of `plan spend` for `amount` on budget line `line` on `date`.
fn spend<'a>(line: &'a str, amount: &'a str, date: &'a str) -> [&'a str; 6] {
    ["--line", line, "--amount", amount, "--date", date]
}

/// `plan activity add` of `kind` on `date` titled `title`, with `extra` flags; its id.
fn add_activity(
    db: &Path,
    plan: &str,
    kind: &str,
    date: &str,
    title: &str,
    extra: &[&str],
) -> String {
    let mut args = vec![
        "plan", "activity", "add", plan, "--kind", kind, "--date", date, "--title", title,
    ];
    args.extend_from_slice(extra);
    run(db, &args)
}

/// The training of 12/06/2026 on line 1.1: 85 people (40 from enterprises, 30 from
/// cooperatives, 10 officials, 5 others), with `extra` flags; its id.
fn add_training(db: &Path, plan: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "--participants",
        "85",
        "--enterprises",
        "40",
        "--cooperatives",
        "30",
        "--officials",
        "10",
        "--line",
        "1.1",
    ];
    args.extend_from_slice(extra);
    add_activity(
        db,
        plan,
        "training",
        "2026-06-12",
        "Tập huấn áp dụng truy xuất nguồn gốc tôm",
        &args,
    )
}

/// `plan activity attach`: `file` kept with the activity.
fn attach(db: &Path, plan: &str, activity: &str, file: &Path) {
    run(
        db,
        &[
            "plan",
            "activity",
            "attach",
            plan,
            activity,
            file.to_str().unwrap(),
        ],
    );
}

/// `plan returns` into the folder `out`; the forms written, sorted by name.
fn return_forms(db: &Path, plan: &str, out: &Path) -> Vec<PathBuf> {
    run(
        db,
        &["plan", "returns", plan, "--out", out.to_str().unwrap()],
    );
    let mut forms: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    forms.sort();
    forms
}

/// `plan return-import` of the filled form `file`, received on `received`.
fn import_return(db: &Path, plan: &str, file: &Path, received: &str) {
    run(
        db,
        &[
            "plan",
            "return-import",
            plan,
            file.to_str().unwrap(),
            "--received",
            received,
        ],
    );
}

/// The visible text of HTML, tags removed, whitespace collapsed.
pub(crate) fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push(' ');
        let after = &rest[i..];
        let skip_to = if after.starts_with("<style") {
            after.find("</style>").map_or(after.len(), |e| e + 8)
        } else {
            after.find('>').map_or(after.len(), |e| e + 1)
        };
        rest = &after[skip_to..];
    }
    out.push_str(rest);
    let text = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#160;", " ")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `report annual 2026` as HTML written to `html`, on the tests' clock when `at` is given; its
/// visible text.
pub(crate) fn annual_report_text(db: &Path, html: &Path, at: Option<&str>) -> String {
    let mut cmd = sotay(db);
    if let Some(at) = at {
        cmd.env("SOTAY_NOW", at);
    }
    cmd.args(["report", "annual", "2026", "--format", "html", "-o"])
        .arg(html)
        .assert()
        .success();
    visible_text(&std::fs::read_to_string(html).unwrap())
}

/// The XML of the first sheet of an .xlsx.
fn sheet_xml(xlsx: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// An agency's form filled in as the agency would: every text of the form copied, the six
/// answers written (numbers as numbers, texts as texts), saved as a new .xlsx.
fn fill(form: &Path, answers: &[Answer], out: &Path) {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(form).unwrap();
    let range = book.worksheet_range("Báo cáo").unwrap();
    let (r0, c0) = range.start().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Báo cáo").unwrap();
    for (r, c, v) in range.cells() {
        if let Data::String(s) = v {
            sheet
                .write_string(r as u32 + r0, (c as u32 + c0) as u16, s)
                .unwrap();
        }
    }
    for (i, a) in answers.iter().enumerate() {
        let row = 9 + i as u32;
        match a {
            Answer::Number(n) => sheet.write_number(row, 2, *n).unwrap(),
            Answer::Text(t) => sheet.write_string(row, 2, *t).unwrap(),
        };
    }
    wb.save(out).unwrap();
}

enum Answer {
    Number(f64),
    Text(&'static str),
}

const GOOD: [Answer; 6] = [
    Answer::Number(4.0),
    Answer::Number(180.0),
    Answer::Number(3.0),
    Answer::Number(12.0),
    Answer::Text("Doanh nghiệp nhỏ chưa quen ghi chép điện tử"),
    Answer::Text("=HYPERLINK(\"http://x\",\"bấm\") hỗ trợ tem truy xuất"),
];

#[test]
fn the_yearly_template_gives_the_six_lines_and_370_million_exactly() {
    let p = yearly();
    let v = show(&p.db, &p.id);
    let lines: Vec<(String, String, i64, i64)> = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            assert!(l["title"].as_str().unwrap().len() > 20, "{l}");
            (
                l["code"].as_str().unwrap().to_owned(),
                l["lead"].as_str().unwrap().to_owned(),
                l["estimate_vnd"].as_i64().unwrap(),
                l["spent_vnd"].as_i64().unwrap(),
            )
        })
        .collect();
    let dost = "Sở Khoa học và Công nghệ".to_owned();
    assert_eq!(
        lines,
        [
            ("1.1".into(), dost.clone(), 50_000_000, 0),
            ("1.2".into(), dost.clone(), 25_000_000, 0),
            ("1.3".into(), dost.clone(), 35_000_000, 0),
            ("2.1".into(), dost.clone(), 70_000_000, 0),
            ("2.2".into(), dost.clone(), 130_000_000, 0),
            ("2.3".into(), dost, 60_000_000, 0),
        ]
    );
    assert!(v["lines"][0]["title"]
        .as_str()
        .unwrap()
        .starts_with("Tổ chức tập huấn"));
    assert_eq!(v["total_estimate_vnd"], 370_000_000);
    assert_eq!(v["total_spent_vnd"], 0);
    assert_eq!(v["total_estimate_text"], "370.000.000 đồng");
    assert_eq!(v["total_estimate_words"], "ba trăm bảy mươi triệu đồng");
    assert_eq!(v["number"], "69/KH-UBND");
    assert_eq!(v["date"], "2026-04-07");
    let returns = v["returns"].as_array().unwrap();
    assert_eq!(returns.len(), 7);
    assert!(returns
        .iter()
        .all(|r| r["agency"].is_string() && r["received"] == false));

    // Listed, and found by number and by year as well as by id.
    let out = sotay(&p.db)
        .args(["plan", "list", "--json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["id"], p.id.as_str());
    assert_eq!(list[0]["total_estimate_vnd"], 370_000_000);
    assert_eq!(show(&p.db, "69/KH-UBND")["id"], p.id.as_str());
    assert_eq!(show(&p.db, "2026")["id"], p.id.as_str());
    sotay(&p.db)
        .args(["plan", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("370.000.000 đồng"));
    // A bad year or template is refused.
    sotay(&p.db)
        .args(["plan", "new", "--year", "1999"])
        .assert()
        .code(2);
    sotay(&p.db)
        .args(["plan", "new", "--year", "2027", "--template", "khong-co"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Không có mẫu kế hoạch “khong-co”"));
}

#[test]
fn bad_spending_exits_2_and_leaves_the_workspace_as_it_was() {
    let p = yearly();
    let mut args = vec!["plan", "spend", &p.id];
    args.extend(spend("1.1", "12.500.000", "2026-05-10"));
    args.extend(["--ref", "PC-015/2026", "--payee", "Khách sạn Hòa Bình"]);
    run(&p.db, &args);
    let before_json = show(&p.db, &p.id);
    let before_bytes = std::fs::read(&p.db).unwrap();
    let cases = [
        (
            spend("1.1", "-5000", "2026-05-10"),
            "phải lớn hơn 0",
            "must be above 0",
        ),
        (
            spend("1.1", "0", "2026-05-10"),
            "phải lớn hơn 0",
            "must be above 0",
        ),
        (
            spend("1.1", "1500.5", "2026-05-10"),
            "không phải số tiền nguyên",
            "not a whole number",
        ),
        (
            spend("1.1", "mười triệu", "2026-05-10"),
            "không phải số tiền nguyên",
            "not a whole number",
        ),
        (
            spend("9.9", "1000", "2026-05-10"),
            "không có dòng kinh phí “9.9”",
            "no budget line “9.9”",
        ),
        (
            spend("1.1", "1000", "2026-02-30"),
            "không phải ngày hợp lệ",
            "not a valid date",
        ),
        (
            spend("1.1", "1000", "10/05/2026"),
            "không phải ngày hợp lệ",
            "not a valid date",
        ),
        (
            spend("1.1", "1000", "1999-05-10"),
            "nằm ngoài khoảng",
            "outside the range",
        ),
    ];
    for (args, vi, en) in cases {
        sotay(&p.db)
            .args(["plan", "spend", &p.id])
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(vi));
        sotay(&p.db)
            .args(["--lang", "en", "plan", "spend", &p.id])
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(en));
    }
    // An unknown plan, a missing amount.
    sotay(&p.db)
        .args(["plan", "spend", "khong-co"])
        .args(spend("1.1", "5", "2026-05-10"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "Không tìm thấy kế hoạch: khong-co",
        ));
    sotay(&p.db)
        .args([
            "plan",
            "spend",
            &p.id,
            "--line",
            "1.1",
            "--date",
            "2026-05-10",
        ])
        .assert()
        .code(2);
    assert_eq!(show(&p.db, &p.id), before_json);
    assert_eq!(
        std::fs::read(&p.db).unwrap(),
        before_bytes,
        "the database's bytes"
    );
    assert_eq!(before_json["total_spent_vnd"], 12_500_000);
    assert_eq!(before_json["lines"][0]["spent_vnd"], 12_500_000);
    assert_eq!(before_json["spending"][0]["reference"], "PC-015/2026");

    // Over the estimate: allowed, with a warning on stderr.
    sotay(&p.db)
        .args(["plan", "spend", &p.id])
        .args(spend("1.2", "30000000", "2026-06-01"))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "cảnh báo: Dòng 1.2 đã chi 30.000.000 đồng, vượt dự toán 25.000.000 đồng là 5.000.000 đồng",
        ));
    let v = show(&p.db, &p.id);
    assert_eq!(v["lines"][1]["spent_vnd"], 30_000_000);
    assert_eq!(v["lines"][1]["remaining_vnd"], -5_000_000);
    assert_eq!(v["total_spent_vnd"], 42_500_000);
}

#[test]
fn activities_are_counted_by_kind_and_bad_ones_refused() {
    let p = yearly();
    add_training(&p.db, &p.id, &[]);
    add_activity(
        &p.db,
        &p.id,
        "media",
        "2026-07-01",
        "Phóng sự trên Đài Phát thanh",
        &["--line", "1.1"],
    );
    let before = show(&p.db, &p.id);
    // A workshop titled “X” on 12/06/2026 with `extra` flags.
    let workshop = |extra: &[&'static str]| {
        let mut args = vec!["--kind", "workshop", "--date", "2026-06-12", "--title", "X"];
        args.extend_from_slice(extra);
        args
    };
    for args in [
        vec!["--kind", "party", "--date", "2026-06-12", "--title", "X"],
        vec!["--kind", "workshop", "--date", "2026-13-12", "--title", "X"],
        workshop(&["--line", "7.7"]),
        workshop(&["--participants", "5", "--officials", "9"]),
        workshop(&["--participants", "-5"]),
        vec!["--kind", "workshop", "--date", "2026-06-12", "--title", " "],
    ] {
        sotay(&p.db)
            .args(["plan", "activity", "add", &p.id])
            .args(&args)
            .assert()
            .code(2);
    }
    let v = show(&p.db, &p.id);
    assert_eq!(v, before);
    let training = &v["activity_totals"][0];
    assert_eq!(training["kind"], "training");
    assert_eq!(training["count"], 1);
    assert_eq!(training["participants_total"], 85);
    assert_eq!(training["participants"]["others"], 5);
    assert_eq!(v["activity_totals"][3]["count"], 1);
    let task = v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "1.1")
        .unwrap();
    assert_eq!(task["evidence"], "2 hoạt động, 85 người tham dự");
}

#[test]
fn an_attendance_list_sets_the_participants_and_a_bad_row_is_named() {
    let p = yearly();
    let activity = add_activity(
        &p.db,
        &p.id,
        "workshop",
        "2026-10-20",
        "Hội thảo giới thiệu mô hình điểm",
        &[
            "--place",
            "Hội trường Sở Khoa học và Công nghệ",
            "--organiser",
            "Sở Khoa học và Công nghệ",
            "--audience",
            "Doanh nghiệp, hợp tác xã, cán bộ xã",
            "--materials",
            "Sổ tay, tờ rơi",
            "--line",
            "1.3",
        ],
    );
    let list = p.dir.path().join("dai-bieu.csv");
    std::fs::write(
        &list,
        "STT,Họ và tên,Đơn vị,Đối tượng,Điện thoại\n\
         1,Nguyễn Văn An,Công ty TNHH Tôm Việt,Doanh nghiệp,0912345678\n\
         2,Trần Thị Bình,HTX Thủy sản Tân Phú,Hợp tác xã,\n\
         3,Lê Văn Cường,UBND xã Tân Hiệp,Cán bộ,\n\
         4,Phạm Thị Dung,Công ty CP Rạch Giá,Doanh nghiệp,\n\
         5,Võ Văn Em,HTX Nông nghiệp Vĩnh Hòa,HTX,\n",
    )
    .unwrap();
    let out = sotay(&p.db)
        .env("SOTAY_NOW", NOW)
        .args(["plan", "activity", "attendance", &p.id, &activity])
        .arg(&list)
        .assert()
        .success();
    let said = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        said.contains("Đã nhập 5 người tham dự")
            && said.contains("2 doanh nghiệp, 2 hợp tác xã, 1 cán bộ"),
        "{said}"
    );
    let photo = p.dir.path().join("hoi-thao.pdf");
    std::fs::write(&photo, b"%PDF-1.4 chuong trinh hoi thao").unwrap();
    attach(&p.db, &p.id, &activity, &photo);
    let v = show(&p.db, &p.id);
    let a = &v["activities"][0];
    assert_eq!(a["participants"]["enterprises"], 2);
    assert_eq!(a["participants"]["cooperatives"], 2);
    assert_eq!(a["participants"]["officials"], 1);
    assert_eq!(a["participants_total"], 5);
    assert_eq!(a["audience"], "Doanh nghiệp, hợp tác xã, cán bộ xã");
    assert_eq!(a["materials"], "Sổ tay, tờ rơi");
    assert_eq!(a["attendance"].as_array().unwrap().len(), 5);
    assert_eq!(a["attendance"][2]["kind"], "official");
    let kinds: Vec<&str> = a["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["attendance", "document"]);
    assert_eq!(v["activity_totals"][1]["participants_total"], 5);
    let csv = p.dir.path().join("xuat.csv");
    run(
        &p.db,
        &[
            "plan",
            "activity",
            "attendance-csv",
            &p.id,
            &activity,
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("\u{feff}STT,Họ và tên,Đơn vị,Đối tượng,Điện thoại\n1,Nguyễn Văn An,Công ty TNHH Tôm Việt,doanh nghiệp,0912345678\n"),
        "{text}"
    );

    // A bad row: exit 2, the row and column named in Vietnamese, nothing imported.
    let before = show(&p.db, &p.id);
    for (content, says) in [
        (
            "STT,Họ và tên,Đơn vị,Đối tượng\n1,An,Cty A,DN\n2,Bình,Trường ĐH,sinh viên\n",
            "dòng 3, cột “Đối tượng”: đối tượng “sinh viên” không hợp lệ",
        ),
        (
            "STT,Họ và tên,Đơn vị,Đối tượng\nmột,An,Cty A,DN\n",
            "dòng 2, cột “STT”: cần một số thứ tự nguyên, gặp “một”",
        ),
        (
            "Họ và tên,Đối tượng\nAn,DN\n",
            "dòng 1, cột “Đơn vị”: dòng tiêu đề thiếu cột “Đơn vị”",
        ),
    ] {
        std::fs::write(&list, content).unwrap();
        sotay(&p.db)
            .env("SOTAY_NOW", NOW)
            .args(["plan", "activity", "attendance", &p.id, &activity])
            .arg(&list)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    sotay(&p.db)
        .args(["plan", "activity", "attendance", &p.id, "khong-co"])
        .arg(&list)
        .assert()
        .code(2);
    assert_eq!(show(&p.db, &p.id), before);
}

#[test]
fn return_forms_go_out_per_agency_and_a_filled_one_comes_back() {
    let p = yearly();
    // An agency whose name looks like a formula: it stays text in its form.
    let formula = "=HYPERLINK(\"http://x\",\"bấm\")";
    run(
        &p.db,
        &[
            "plan",
            "agency",
            "add",
            &p.id,
            "--name",
            formula,
            "--kind",
            "other",
            "--task",
            "+1 tuyên truyền",
        ],
    );
    let forms = return_forms(&p.db, &p.id, &p.dir.path().join("bieu-mau"));
    assert_eq!(forms.len(), 8, "{forms:?}");
    assert!(forms[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("bao-cao-2026-01-so-nong-nghiep"));
    for f in &forms {
        let xml = sheet_xml(f);
        assert!(
            xml.contains("<sheetProtection"),
            "{}: protected",
            f.display()
        );
        assert!(
            !xml.contains("<f>") && !xml.contains("<f "),
            "{}: no formula",
            f.display()
        );
    }
    // Its tasks and the figures asked are in the form; the agency's name is text, not a formula.
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(&forms[7]).unwrap();
    let range = book.worksheet_range("Báo cáo").unwrap();
    assert_eq!(range.get_value((4, 1)), Some(&Data::String(formula.into())));
    let texts: Vec<String> = range
        .cells()
        .filter_map(|(_, _, v)| match v {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(texts.contains(&"+1 tuyên truyền".to_owned()), "{texts:?}");
    assert!(texts.contains(&"Số lượt người tham dự".to_owned()));

    // A filled form of Sở Công Thương comes back.
    let filled = p.dir.path().join("so-cong-thuong-da-dien.xlsx");
    fill(&forms[1], &GOOD, &filled);
    sotay(&p.db)
        .env("SOTAY_NOW", NOW)
        .args(["plan", "return-import", &p.id])
        .arg(&filled)
        .args(["--received", "2026-12-10"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Sở Công Thương"));
    let v = show(&p.db, &p.id);
    let r = &v["returns"][1];
    assert_eq!(r["agency"], "Sở Công Thương");
    assert_eq!(r["received"], true);
    assert_eq!(r["received_on"], "2026-12-10");
    assert_eq!(r["late"], false);
    assert_eq!(r["figures"]["participants"], 180);
    assert_eq!(r["figures"]["units_applying"], 12);
    assert_eq!(
        r["figures"]["proposals"],
        "=HYPERLINK(\"http://x\",\"bấm\") hỗ trợ tem truy xuất"
    );
    assert_eq!(
        v["returns"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["received"] == true)
            .count(),
        1
    );

    // Text in a number cell: refused, naming the sheet and the cell; nothing imported.
    let before = show(&p.db, &p.id);
    let before_bytes = std::fs::read(&p.db).unwrap();
    let mut bad = GOOD;
    bad[1] = Answer::Text("khoảng hai trăm");
    let bad_file = p.dir.path().join("so-y-te-sai.xlsx");
    fill(&forms[2], &bad, &bad_file);
    sotay(&p.db)
        .args(["plan", "return-import", &p.id])
        .arg(&bad_file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "Trang tính “Báo cáo”, ô C11: (Số lượt người tham dự) cần một số nguyên không âm",
        ))
        .stderr(predicate::str::contains("“khoảng hai trăm”"))
        .stderr(predicate::str::contains("Không nhập gì từ tệp này"));
    sotay(&p.db)
        .args(["--lang", "en", "plan", "return-import", &p.id])
        .arg(&bad_file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Sheet “Báo cáo”, cell C11"));
    // A negative and a fractional number, an empty cell.
    for (i, answer) in [
        (0, Answer::Number(-1.0)),
        (2, Answer::Number(2.5)),
        (3, Answer::Text("")),
    ] {
        let mut bad = GOOD;
        bad[i] = answer;
        fill(&forms[2], &bad, &bad_file);
        sotay(&p.db)
            .args(["plan", "return-import", &p.id])
            .arg(&bad_file)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("ô C{}", 10 + i)));
    }
    // A form of an agency not in the register, a form of another plan, not a spreadsheet.
    let other = new_plan(&p.db, "2027", &[]);
    sotay(&p.db)
        .args(["plan", "return-import", &other])
        .arg(&filled)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ô B6"));
    let not_xlsx = p.dir.path().join("ghi-chu.xlsx");
    std::fs::write(&not_xlsx, "không phải bảng tính").unwrap();
    sotay(&p.db)
        .args(["plan", "return-import", &p.id])
        .arg(&not_xlsx)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("không phải bảng tính .xlsx"));
    let after = show(&p.db, &p.id);
    assert_eq!(after, before);
    let _ = before_bytes;
}

#[test]
fn returns_show_beside_last_years_with_the_deadline_and_overdue_from_the_clock() {
    let p = yearly();
    let last = new_plan(&p.db, "2025", &["--number", "89/KH-UBND"]);
    let old = return_forms(&p.db, &last, &p.dir.path().join("2025"));
    let new = return_forms(&p.db, &p.id, &p.dir.path().join("2026"));
    let filled = p.dir.path().join("da-dien.xlsx");
    let last_years = [
        Answer::Number(2.0),
        Answer::Number(95.0),
        Answer::Number(1.0),
        Answer::Number(7.0),
        Answer::Text(""),
        Answer::Text(""),
    ];
    // Sở Công Thương (the second form) returned both years.
    fill(&old[1], &last_years, &filled);
    import_return(&p.db, &last, &filled, "2025-12-14");
    fill(&new[1], &GOOD, &filled);
    import_return(&p.db, &p.id, &filled, "2026-12-16");
    let v = show_json(&p.db, &p.id, Some(NOW));
    assert_eq!(v["compared_with_year"], 2025);
    assert_eq!(v["returns_due"], "2026-12-15");
    // SOTAY_NOW is 2 March 2026 in these tests: 288 days to go.
    assert_eq!(v["returns_days_left"], 288);
    let trade = &v["returns"][1];
    assert_eq!(trade["agency"], "Sở Công Thương");
    assert_eq!(trade["received"], true);
    assert_eq!(trade["late"], true);
    assert_eq!(trade["last_year"]["year"], 2025);
    assert_eq!(trade["last_year"]["plan_number"], "89/KH-UBND");
    assert_eq!(trade["last_year"]["figures"]["participants"], 95);
    let rows: Vec<(String, String, String, i64)> = trade["comparison"]
        .as_array()
        .unwrap()
        .iter()
        .take(4)
        .map(|c| {
            (
                c["key"].as_str().unwrap().to_owned(),
                c["this_year"].as_str().unwrap().to_owned(),
                c["last_year"].as_str().unwrap().to_owned(),
                c["change"].as_i64().unwrap(),
            )
        })
        .collect();
    let row = |k: &str, a: &str, b: &str, d: i64| (k.to_owned(), a.to_owned(), b.to_owned(), d);
    assert_eq!(
        rows,
        [
            row("activities", "4", "2", 2),
            row("participants", "180", "95", 85),
            row("products_proposed", "3", "1", 2),
            row("units_applying", "12", "7", 5),
        ]
    );
    assert_eq!(v["returns"][0]["comparison"], serde_json::json!([]));
    assert!(v["returns"][0]["last_year"].is_null());
    let out = sotay(&p.db)
        .env("SOTAY_NOW", NOW)
        .args(["plan", "show", &p.id])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("(hạn 2026-12-15, còn 288 ngày)"), "{text}");
    assert!(
        text.contains("so với năm 2026 / 2025: Số hoạt động tuyên truyền, tập huấn, hội thảo đã tổ chức 4 / 2; Số lượt người tham dự 180 / 95"),
        "{text}"
    );
    // Last year's plan: 77 days past its deadline; who did not return is overdue.
    let before = show_json(&p.db, &last, Some(NOW));
    assert_eq!(before["returns_days_left"], -77);
    assert_eq!(before["returns"][0]["overdue"], true);
    assert_eq!(before["returns"][1]["overdue"], false);
}

#[test]
fn the_annual_report_shows_the_plans_figures() {
    let p = yearly();
    for (line, amount, date) in [
        ("1.1", "30.000.000", "2026-06-12"),
        ("1.1", "12500000", "2026-06-20"),
        ("2.1", "70.000.000", "2026-09-30"),
        ("1.2", "30.000.000", "2026-10-02"),
    ] {
        sotay(&p.db)
            .env("SOTAY_NOW", NOW)
            .args(["plan", "spend", &p.id])
            .args(spend(line, amount, date))
            .assert()
            .success();
    }
    add_training(&p.db, &p.id, &["--place", "Rạch Giá"]);
    let workshop = add_activity(
        &p.db,
        &p.id,
        "workshop",
        "2026-11-05",
        "Hội thảo giới thiệu mô hình điểm",
        &["--participants", "60", "--line", "1.3"],
    );
    let invitation = p.dir.path().join("giay-moi.pdf");
    std::fs::write(&invitation, b"%PDF-1.4 giay moi hoi thao").unwrap();
    attach(&p.db, &p.id, &workshop, &invitation);
    let forms = return_forms(&p.db, &p.id, &p.dir.path().join("forms"));
    let filled = p.dir.path().join("filled.xlsx");
    fill(&forms[1], &GOOD, &filled);
    import_return(&p.db, &p.id, &filled, "2026-12-16");

    let text = annual_report_text(&p.db, &p.dir.path().join("bao-cao-nam.html"), None);
    for expected in [
        "Kết quả thực hiện Kế hoạch số 69/KH-UBND ngày 07/04/2026",
        // Line 1.1: 50 M planned, 42.5 M spent, 7.5 M left, 85 %.
        "50.000.000 42.500.000 7.500.000 85,0 %",
        // Line 1.2 overspent.
        "25.000.000 30.000.000 -5.000.000 120,0 %",
        "70.000.000 70.000.000 0 100,0 %",
        "35.000.000 0 35.000.000 0,0 %",
        "Tổng cộng 370.000.000 142.500.000 227.500.000 38,5 %",
        "Tổng kinh phí dự toán: 370.000.000 đồng (bằng chữ: Ba trăm bảy mươi triệu đồng)",
        "Đã chi: 142.500.000 đồng (bằng chữ: Một trăm bốn mươi hai triệu năm trăm nghìn đồng)",
        "Các dòng chi vượt dự toán: 1.2 (vượt 5.000.000 đồng)",
        "Trong năm đã thực hiện 2 hoạt động với 145 lượt người tham dự",
        "Tập huấn 1 40 30 10 5 85",
        "Hội thảo 1 0 0 0 60 60",
        // The activities with their evidence.
        "Tập huấn áp dụng truy xuất nguồn gốc tôm Rạch Giá 85 1.1 —",
        "Hội thảo giới thiệu mô hình điểm 60 1.3 1 tài liệu",
        "Đã nhận 1/7 báo cáo",
        "Chưa gửi: Sở Nông nghiệp và Môi trường; Sở Y tế",
        "Sở Công Thương 16/12/2026 (quá hạn) 4 180 3 12",
        "Doanh nghiệp nhỏ chưa quen ghi chép điện tử",
        "1 hoạt động, 85 người tham dự; đã chi 42.500.000/50.000.000 đồng",
    ] {
        assert!(
            text.contains(expected),
            "missing “{expected}” in the report:\n{text}"
        );
    }
}

#[test]
fn next_years_direction_is_drafted_from_open_tasks_kept_and_printed_in_the_annual_report() {
    let p = yearly();
    let tasks = show(&p.db, &p.id)["tasks"].as_array().unwrap().clone();
    for t in &tasks {
        let code = t["code"].as_str().unwrap();
        if code != "2.2" {
            run(
                &p.db,
                &["plan", "task", "set", &p.id, code, "--status", "done"],
            );
        }
    }
    run(
        &p.db,
        &[
            "plan",
            "task",
            "set",
            &p.id,
            "2.2",
            "--status",
            "in-progress",
            "--progress",
            "40",
        ],
    );
    let t22 = tasks.iter().find(|t| t["code"] == "2.2").unwrap();
    let draft = format!(
        "Tiếp tục thực hiện nhiệm vụ 2.2 {} (chủ trì: {}; tiến độ 40 %).",
        t22["title"].as_str().unwrap(),
        t22["lead"].as_str().unwrap()
    );
    let direction = |db: &Path| -> serde_json::Value {
        let out = sotay(db)
            .args(["plan", "direction", "2026", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let d = direction(&p.db);
    assert_eq!(d["prefilled"], true);
    assert_eq!(d["year"], 2026);
    assert_eq!(d["text"], draft.as_str());

    // Written from a file (BOM and CRLF as a Windows editor saves them).
    let file = p.dir.path().join("phuong-huong.txt");
    std::fs::write(
        &file,
        "\u{feff}Nhân rộng mô hình cho 5 hợp tác xã.\r\nKết nối dữ liệu với Cổng quốc gia.\r\n",
    )
    .unwrap();
    sotay(&p.db)
        .args(["plan", "direction", &p.id, "--file"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("Phương hướng, nhiệm vụ năm 2027:"));
    let d = direction(&p.db);
    assert_eq!(d["prefilled"], false);
    assert_eq!(
        d["text"],
        "Nhân rộng mô hình cho 5 hợp tác xã.\nKết nối dữ liệu với Cổng quốc gia."
    );

    // Bad input: exit 2, a message in Vietnamese, nothing recorded.
    let long = "x".repeat(20_001);
    sotay(&p.db)
        .args(["plan", "direction", &p.id, "--text", &long])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Phương hướng dài quá 20000 ký tự"));
    let missing = p.dir.path().join("khong-co.txt");
    sotay(&p.db)
        .args(["plan", "direction", &p.id, "--file"])
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Không đọc được"));
    let binary = p.dir.path().join("anh.bin");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0xc3]).unwrap();
    sotay(&p.db)
        .args(["plan", "direction", &p.id, "--file"])
        .arg(&binary)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("không phải văn bản UTF-8"));
    assert_eq!(direction(&p.db)["prefilled"], false);

    let text = annual_report_text(&p.db, &p.dir.path().join("bao-cao-nam.html"), None);
    assert!(
        text.contains("Phương hướng, nhiệm vụ năm 2027 Nhân rộng mô hình cho 5 hợp tác xã. Kết nối dữ liệu với Cổng quốc gia."),
        "{text}"
    );
    assert!(text.contains("Phát hành sổ tay năm 2026"), "{text}");
    assert!(!text.contains("Kiến nghị Tiếp tục duy trì"), "{text}");

    // Cleared: the draft from the open tasks is what the report prints.
    run(&p.db, &["plan", "direction", &p.id, "--text", ""]);
    assert_eq!(direction(&p.db)["text"], draft.as_str());
}
