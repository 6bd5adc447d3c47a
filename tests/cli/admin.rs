//! Administrative documents (issue 19): the annual report, the inspection minutes and the
//! issuing decision, in the form of Nghị định 30/2020/NĐ-CP, Phụ lục I, as PDF and Word.
//!
//! The PDF is measured from the outside: page size (`pdfinfo`), fonts (`pdffonts`: Tinos, the
//! Times New Roman metrics, embedded), and from the text layer (`pdftotext -bbox`) the margins,
//! the type sizes and where the header block sits. The .docx is read back from its XML (styles,
//! fonts, margins, the header table, page numbers from page 2) and, when LibreOffice is
//! installed, converted to PDF by it and measured the same way. Page 1 of each PDF is kept as
//! a small render (`tests/golden/admin/*.png`, 30 dpi) and compared with a tolerance;
//! `SOTAY_ADMIN_BLESS=1` rewrites the renders after a deliberate change (look at them first).
//!
//! A missing poppler tool skips its check unless `SOTAY_REQUIRE_TOOLS` is set.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use crate::{last_line, sotay};

const MM: f64 = 72.0 / 25.4;
const PAGE_W: f64 = 595.276;
const PAGE_H: f64 = 841.89;
const LEFT: f64 = 30.0 * MM;
const RIGHT: f64 = PAGE_W - 15.0 * MM;
const TOP: f64 = 20.0 * MM;
const BOTTOM: f64 = PAGE_H - 20.0 * MM;
/// Tinos' (and Times New Roman's, and Liberation Serif's) ascent + descent, in em: what
/// `pdftotext -bbox` makes a word's box tall.
const BOX_EM: f64 = 1.107;

fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    if !ok && std::env::var_os("SOTAY_REQUIRE_TOOLS").is_some() {
        panic!("{tool} is not installed");
    }
    ok
}

fn run(db: &Path, args: &[&str]) -> String {
    let out = sotay(db)
        .env("SOTAY_AUTHOR", "Lê Thanh Tùng")
        .args(args)
        .assert()
        .success();
    last_line(&out.get_output().stdout)
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = sotay(db).args(args).output().unwrap().stdout;
    serde_json::from_slice(&out).unwrap()
}

struct Office {
    dir: TempDir,
    db: PathBuf,
    handbook: String,
    assessment: String,
}

/// A workspace with an approved shrimp handbook, a cooperative assessed on 20/7/2026 (S6.2
/// major, its action given, two trace tests) and the office's settings.
fn office() -> Office {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = run(&db, &["new", "--template", "tom-nuoc-lo"]);
    let p = run(
        &db,
        &[
            "pilot",
            "add",
            "--name",
            "HTX Tôm – Lúa Thuận Hòa",
            "--kind",
            "cooperative",
            "--handbook",
            &h,
            "--province",
            "An Giang",
            "--commune",
            "xã An Minh",
            "--contact",
            "Trần Văn Bảy",
        ],
    );
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
            "--lead",
            "Nguyễn Thị Hoa — Phó Chi cục trưởng",
            "--member",
            "Lê Văn Tâm — Chuyên viên",
        ],
    );
    answer_all(&db, &a, "S6.2", "major");
    for d in ["backward", "forward"] {
        run(
            &db,
            &[
                "assess",
                "trace",
                &a,
                "--direction",
                d,
                "--lot",
                "CB01-250616-02",
                "--started",
                "2026-07-20T08:00:00+07:00",
                "--finished",
                "2026-07-20T09:30:00+07:00",
                "--links-expected",
                "6",
                "--links-found",
                "6",
                "--input-qty",
                "1000",
                "--accounted-qty",
                "1000",
                "--unit",
                "kg",
                "--kde-required",
                "40",
                "--kde-present",
                "39",
            ],
        );
    }
    let f = json(&db, &["assess", "findings", &a, "--json"]);
    let f = f[0]["id"].as_str().unwrap().to_owned();
    run(
        &db,
        &[
            "assess",
            "action",
            &f,
            "--owner",
            "Nguyễn Văn Bảy",
            "--description",
            "Bổ sung sổ ghi chép xuất hàng",
            "--due",
            "2026-08-20",
        ],
    );
    run(&db, &["status", &h, "review"]);
    run(&db, &["status", &h, "approved"]);
    run(
        &db,
        &[
            "settings",
            "admin",
            "set",
            "--parent-body",
            "UBND TỈNH AN GIANG",
            "--issuing-body",
            "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            "--code",
            "skhcn",
            "--place",
            "An Giang",
            "--head",
            "Giám đốc Sở Khoa học và Công nghệ tỉnh An Giang",
            "--addressee",
            "Ủy ban nhân dân tỉnh An Giang",
            "--recipient",
            "Bộ Khoa học và Công nghệ",
            "--archive",
            "VT, TĐC",
            "--signer",
            "Nguyễn Văn An;Phó Giám đốc;KT. Giám đốc",
            "--legal-basis",
            "Quyết định số 100/QĐ-TTg ngày 19/01/2019 của Thủ tướng Chính phủ phê duyệt Đề án triển khai, áp dụng và quản lý hệ thống truy xuất nguồn gốc",
            "--proposer",
            "Chi cục trưởng Chi cục Tiêu chuẩn Đo lường Chất lượng",
        ],
    );
    Office {
        dir,
        db,
        handbook: h,
        assessment: a,
    }
}

/// Answers every manual item PASS but `item`.
fn answer_all(db: &Path, a: &str, item: &str, result: &str) {
    let items = json(db, &["assess", "items", a, "--json"]);
    let mut csv = String::from("item,result,note,reason\n");
    for i in items.as_array().unwrap() {
        let id = i["id"].as_str().unwrap();
        if id.starts_with("S9.") {
            continue;
        }
        let r = if id == item { result } else { "pass" };
        csv.push_str(&format!("{id},{r},,\n"));
    }
    let path = db.with_extension("answers.csv");
    std::fs::write(&path, csv).unwrap();
    sotay(db)
        .args(["assess", "answer", a, "--from"])
        .arg(&path)
        .assert()
        .success();
}

impl Office {
    /// Writes one document; returns its path.
    fn write(&self, what: &[&str], format: &str, extra: &[&str]) -> PathBuf {
        let out = self
            .dir
            .path()
            .join(format!("{}.{format}", what.join("-").replace('/', "")));
        sotay(&self.db)
            .args(["report"])
            .args(what)
            .args(["--format", format])
            .args(extra)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        out
    }

    fn all(&self, format: &str) -> Vec<(&'static str, PathBuf)> {
        vec![
            (
                "annual",
                self.write(
                    &["annual", "2026"],
                    format,
                    &["--number", "5", "--date", "2026-12-05"],
                ),
            ),
            (
                "minutes",
                self.write(
                    &["minutes", &self.assessment],
                    format,
                    &[
                        "--team-decision",
                        "15/QĐ-SKHCN",
                        "--team-decision-date",
                        "2026-07-10",
                        "--start",
                        "08:00",
                    ],
                ),
            ),
            (
                "decision",
                self.write(&["decision", &self.handbook], format, &[]),
            ),
        ]
    }
}

/// A word of the text layer: its box (points, y down from the top) and text.
#[derive(Debug, Clone)]
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

impl Word {
    fn size(&self) -> f64 {
        (self.y1 - self.y0) / BOX_EM
    }
}

/// `pdftotext -bbox` of one page.
fn words(pdf: &Path, page: usize) -> Vec<Word> {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |s: &str, name: &str| -> f64 {
        let k = format!("{name}=\"");
        let i = s.find(&k).unwrap() + k.len();
        s[i..i + s[i..].find('"').unwrap()].parse().unwrap()
    };
    html.split("<word ")
        .skip(1)
        .map(|w| {
            let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
            Word {
                x0: attr(w, "xMin"),
                y0: attr(w, "yMin"),
                x1: attr(w, "xMax"),
                y1: attr(w, "yMax"),
                text: text.replace("&amp;", "&"),
            }
        })
        .collect()
}

/// The words of the line that starts with `first` (same baseline), from left to right.
fn line<'a>(ws: &'a [Word], first: &str) -> Vec<&'a Word> {
    let start = ws
        .iter()
        .find(|w| w.text == first)
        .unwrap_or_else(|| panic!("no word “{first}”"));
    let mut l: Vec<&Word> = ws
        .iter()
        .filter(|w| (w.y1 - start.y1).abs() < 0.5 && w.x0 >= start.x0 - 0.5)
        .collect();
    l.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    // Only the run of words that follow each other (not the other column).
    let mut out = vec![l[0]];
    for w in &l[1..] {
        if w.x0 - out.last().unwrap().x1 > 30.0 {
            break;
        }
        out.push(w);
    }
    out
}

fn text(l: &[&Word]) -> String {
    l.iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn center(l: &[&Word]) -> f64 {
    (l[0].x0 + l[l.len() - 1].x1) / 2.0
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!((a - b).abs() <= tol, "{what}: {a:.2} vs {b:.2} (±{tol})");
}

/// The header block, the title and the margins of page 1, as the Decree lays them out;
/// `kind` and `number` are what the document's number line reads.
fn check_layout(name: &str, pdf: &Path, kind: &str, number: &str) {
    let ws = words(pdf, 1);
    assert!(!ws.is_empty(), "{name}: no text layer");
    // Margins: nothing outside the text area; justified body lines reach both edges.
    for w in &ws {
        assert!(
            w.x0 >= LEFT - 0.6,
            "{name}: “{}” left of the margin",
            w.text
        );
        assert!(
            w.x1 <= RIGHT + 0.6,
            "{name}: “{}” right of the margin",
            w.text
        );
        assert!(w.y0 >= TOP - 1.5, "{name}: “{}” in the top margin", w.text);
        assert!(
            w.y1 <= BOTTOM + 1.5,
            "{name}: “{}” in the bottom margin",
            w.text
        );
    }
    let min_x = ws.iter().map(|w| w.x0).fold(f64::MAX, f64::min);
    let max_x = ws.iter().map(|w| w.x1).fold(0.0, f64::max);
    close(min_x, LEFT, 1.0, &format!("{name}: left margin 30 mm"));
    close(max_x, RIGHT, 1.0, &format!("{name}: right margin 15 mm"));
    // The national name (12 pt bold) and the motto (13 pt bold) centred on each other in
    // the right column, over the place and date in italics; the parent body (13 pt) on the
    // left, over the issuing body.
    let nation = line(&ws, "CỘNG");
    assert_eq!(
        text(&nation),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "{name}"
    );
    close(
        nation[0].size(),
        12.0,
        0.2,
        &format!("{name}: national name size"),
    );
    let motto = line(&ws, "Độc");
    assert_eq!(text(&motto), "Độc lập - Tự do - Hạnh phúc", "{name}");
    close(motto[0].size(), 13.0, 0.2, &format!("{name}: motto size"));
    close(
        center(&motto),
        center(&nation),
        1.0,
        &format!("{name}: motto centred"),
    );
    assert!(
        motto[0].y0 > nation[0].y1 - 1.0,
        "{name}: motto under the name"
    );
    let parent = line(&ws, "UBND");
    assert_eq!(text(&parent), "UBND TỈNH AN GIANG", "{name}");
    close(
        parent[0].size(),
        13.0,
        0.2,
        &format!("{name}: parent body size"),
    );
    close(
        parent[0].y1,
        nation[0].y1,
        2.0,
        &format!("{name}: top line"),
    );
    assert!(center(&parent) < nation[0].x0, "{name}: two columns");
    let issuing = line(&ws, "SỞ");
    assert_eq!(text(&issuing), "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "{name}");
    close(
        center(&issuing),
        center(&parent),
        1.0,
        &format!("{name}: issuing body centred"),
    );
    // "Số: …" under the issuing body, level with the place and date.
    let so = line(&ws, "Số:");
    assert_eq!(
        text(&so).replace(' ', ""),
        number.replace(' ', ""),
        "{name}"
    );
    assert!(text(&so).ends_with(&format!("/{kind}-SKHCN")), "{name}");
    close(
        center(&so),
        center(&parent),
        2.0,
        &format!("{name}: number centred"),
    );
    let place = line(&ws, "An");
    assert!(text(&place).starts_with("An Giang, ngày"), "{name}");
    close(
        place[0].size(),
        14.0,
        0.2,
        &format!("{name}: place and date size"),
    );
    close(
        center(&place),
        center(&nation),
        1.5,
        &format!("{name}: date centred"),
    );
    close(
        so[0].y1,
        place[0].y1,
        2.5,
        &format!("{name}: number and date on one row"),
    );
    // The document type, centred on the text area, under the header.
    let title = match kind {
        "BC" => "BÁO",
        "BB" => "BIÊN",
        _ => "QUYẾT",
    };
    let t = line(&ws, title);
    close(
        center(&t),
        (LEFT + RIGHT) / 2.0,
        1.0,
        &format!("{name}: type centred"),
    );
    close(t[0].size(), 14.0, 0.2, &format!("{name}: type size"));
    assert!(t[0].y0 > so[0].y1, "{name}: type under the header");
    // Body text at 14 pt; tables 12, "Nơi nhận" 12 and 11, the header 12–13.
    let body: Vec<&Word> = ws.iter().filter(|w| w.y0 > t[0].y1 + 40.0).collect();
    for w in &body {
        assert!(
            [11.0, 12.0, 13.0, 14.0]
                .iter()
                .any(|s| (w.size() - s).abs() < 0.2),
            "{name}: “{}” at {:.2} pt",
            w.text,
            w.size()
        );
    }
    let at14 = body
        .iter()
        .filter(|w| (w.size() - 14.0).abs() < 0.2)
        .count();
    assert!(
        at14 * 2 >= body.len(),
        "{name}: body mostly 14 pt ({at14}/{})",
        body.len()
    );
}

/// Fonts of a PDF as `pdffonts` lists them: (name, embedded, subset).
fn fonts(pdf: &Path) -> Vec<(String, bool, bool)> {
    let out = Command::new("pdffonts").arg(pdf).output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            let n = cols.len();
            (
                cols[0].to_owned(),
                cols[n - 5] == "yes",
                cols[n - 4] == "yes",
            )
        })
        .collect()
}

fn page_count(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("595.276 x 841.89 pts (A4)"), "A4 portrait: {s}");
    s.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Page 1 at 30 dpi compared with `tests/golden/admin/{name}.png` (`sotay_testkit::check_render`).
fn check_render(pdf: &Path, name: &str) {
    let reference: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "..",
        "tests",
        "golden",
        "admin",
        &format!("{name}.png"),
    ]
    .iter()
    .collect();
    let png = sotay_testkit::render_page(pdf, 1, 30);
    sotay_testkit::check_render(&png, &reference, "SOTAY_ADMIN_BLESS", name);
}

#[test]
fn pdfs_have_the_decree_layout_fonts_and_page_numbers() {
    let o = office();
    let pdfs = o.all("pdf");
    if !(have("pdftotext") && have("pdffonts") && have("pdfinfo") && have("pdftoppm")) {
        return;
    }
    for (name, pdf) in &pdfs {
        let (kind, number) = match *name {
            "annual" => ("BC", "Số: 05/BC-SKHCN"),
            "minutes" => ("BB", "Số: /BB-SKHCN"),
            _ => ("QĐ", "Số: /QĐ-SKHCN"),
        };
        check_layout(name, pdf, kind, number);
        // Tinos only (Times New Roman's metrics), every face embedded as a subset.
        let f = fonts(pdf);
        assert!(!f.is_empty());
        for (font, emb, sub) in &f {
            assert!(font.contains("+Tinos-"), "{name}: {font}");
            assert!(*emb && *sub, "{name}: {font} embedded and subset");
        }
        // Page numbers from page 2, centred in the top margin; none on page 1.
        let pages = page_count(pdf);
        assert!(pages >= 2 || *name == "decision", "{name}: {pages} pages");
        let top1: Vec<Word> = words(pdf, 1).into_iter().filter(|w| w.y1 < TOP).collect();
        assert!(top1.is_empty(), "{name}: page 1 has no number: {top1:?}");
        for p in 2..=pages {
            let n: Vec<Word> = words(pdf, p).into_iter().filter(|w| w.y1 < TOP).collect();
            assert_eq!(n.len(), 1, "{name} p.{p}: {n:?}");
            assert_eq!(n[0].text, p.to_string());
            close(
                (n[0].x0 + n[0].x1) / 2.0,
                (LEFT + RIGHT) / 2.0,
                1.0,
                "number centred",
            );
            close(n[0].size(), 13.0, 0.2, "page number size");
        }
        check_render(pdf, name);
    }
    // What each says, from the records and the settings.
    let txt = |p: &Path| {
        let out = Command::new("pdftotext").arg(p).arg("-").output().unwrap();
        let t = String::from_utf8(out.stdout).unwrap();
        t.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let annual = txt(&pdfs[0].1);
    for needle in [
        "Kính gửi: Ủy ban nhân dân tỉnh An Giang.",
        "Nơi nhận:",
        "- Như trên;",
        "- Bộ Khoa học và Công nghệ;",
        "- Lưu: VT, TĐC.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn An",
        "I. SỔ TAY HƯỚNG DẪN TRUY XUẤT NGUỒN GỐC",
        "KẾ HOẠCH NĂM 2026",
    ] {
        assert!(annual.contains(needle), "annual: {needle}");
    }
    let minutes = txt(&pdfs[1].1);
    for needle in [
        "Căn cứ Quyết định số 15/QĐ-SKHCN ngày 10/7/2026 của Giám đốc Sở Khoa học và Công nghệ tỉnh An Giang",
        "vào hồi 08 giờ 00, ngày 20 tháng 7 năm 2026",
        "An Giang, ngày 20 tháng 7 năm 2026",
        "Nguyễn Thị Hoa — Phó Chi cục trưởng — Trưởng đoàn",
        "Bổ sung sổ ghi chép xuất hàng",
        "Hiệu lực, cần khắc phục",
        "kết thúc vào hồi …… giờ ……",
        "TRƯỞNG ĐOÀN KIỂM TRA",
        "ĐẠI DIỆN HỢP TÁC XÃ",
        "Trần Văn Bảy",
    ] {
        assert!(minutes.contains(needle), "minutes: {needle}");
    }
    let decision = txt(&pdfs[2].1);
    for needle in [
        "Về việc ban hành Sổ tay hướng dẫn truy xuất nguồn gốc sản phẩm Tôm sú",
        "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Căn cứ Quyết định số 100/QĐ-TTg ngày 19/01/2019",
        "Căn cứ Kế hoạch số 45/KH-UBND ngày 20/3/2020 của Ủy ban nhân dân tỉnh Kiên Giang",
        "Căn cứ Kế hoạch số 69/KH-UBND ngày 7/4/2021",
        "Theo đề nghị của Chi cục trưởng Chi cục Tiêu chuẩn Đo lường Chất lượng.",
        "QUYẾT ĐỊNH:",
        "Điều 1.",
        "Điều 3.",
        "- Như Điều 3;",
    ] {
        assert!(decision.contains(needle), "decision: {needle}");
    }
    // No date made up: the decision was given none.
    assert!(decision.contains("An Giang, ngày tháng năm"), "{decision}");
}

pub(crate) fn part(docx: &Path, name: &str) -> String {
    let f = std::fs::File::open(docx).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn word_files_have_the_same_layout_and_read_back() {
    let o = office();
    let docs = o.all("docx");
    for (name, docx) in &docs {
        let d = part(docx, "word/document.xml");
        // A4 portrait, margins 20/20/30/15 mm, a different (empty) first-page header.
        assert!(d.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "{name}");
        for m in [
            r#"w:top="1134""#,
            r#"w:bottom="1134""#,
            r#"w:left="1701""#,
            r#"w:right="850""#,
        ] {
            assert!(d.contains(m), "{name}: {m}");
        }
        assert!(d.contains("<w:titlePg"), "{name}: page numbers from page 2");
        // The header table: two columns, the national name and motto on the right.
        let grid = d.find("<w:tblGrid>").unwrap();
        assert_eq!(
            d[grid..]
                .find("</w:tblGrid>")
                .map(|e| d[grid..grid + e].matches("<w:gridCol").count()),
            Some(2)
        );
        for t in [
            "UBND TỈNH AN GIANG",
            "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
        ] {
            assert!(d.contains(t), "{name}: {t}");
        }
        let s = part(docx, "word/styles.xml");
        assert!(s.contains(r#"w:ascii="Times New Roman""#), "{name}");
        for style in [
            "VB Nội dung",
            "VB Đề mục I.",
            "VB Tên loại",
            "VB Trích yếu",
            "VB Nơi nhận",
            "VB Chữ ký",
        ] {
            assert!(
                s.contains(&format!(r#"<w:name w:val="{style}""#)),
                "{name}: {style}"
            );
        }
        // Body: 14 pt, justified, first line indented 1.27 cm, 6 pt after.
        assert!(
            s.contains(r#"<w:ind w:firstLine="720""#) || s.contains(r#"w:firstLine="720""#),
            "{name}"
        );
        assert!(s.contains(r#"<w:sz w:val="28""#), "{name}");
        let headers: Vec<String> = (1..=2)
            .map(|i| part(docx, &format!("word/header{i}.xml")))
            .collect();
        assert!(
            headers.iter().any(|h| h.contains("PAGE")),
            "{name}: page number field"
        );
    }
    let annual = part(&docs[0].1, "word/document.xml");
    assert!(annual.contains("Số: 05/BC-SKHCN"));
    assert!(annual.contains("An Giang, ngày 05 tháng 12 năm 2026"));
    let decision = part(&docs[2].1, "word/document.xml");
    assert!(decision.contains("Số:      /QĐ-SKHCN"), "blank number");
    assert!(decision.contains("ngày    tháng    năm"), "blank date");
    // Every data table's header row repeats on each page the table runs onto (w:tblHeader):
    // all tables but the two borderless ones of the layout (the header block, the closing).
    for (name, docx) in &docs {
        let d = part(docx, "word/document.xml");
        let tables = d.matches("<w:tbl>").count();
        assert_eq!(
            d.matches("<w:tblHeader />").count(),
            tables - 2,
            "{name}: {tables} tables"
        );
    }
    assert!(
        annual.contains("<w:tblHeader />"),
        "the annual report has tables"
    );

    // A real reader: LibreOffice converts each to PDF, with Liberation Serif for Times New
    // Roman, and the header block lands where the PDF puts it.
    let soffice = Command::new("soffice").arg("--version").output().is_ok();
    if !soffice || !have("pdftotext") {
        assert!(
            std::env::var_os("SOTAY_REQUIRE_TOOLS").is_none(),
            "LibreOffice (libreoffice-writer-nogui) and pdftotext are required: `make deps-system`"
        );
        eprintln!("LibreOffice is not installed: the .docx files were checked from their XML only");
        return;
    }
    let out_dir = o.dir.path().join("lo");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            o.dir.path().join("lo-profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out_dir)
        .args(docs.iter().map(|(_, p)| p))
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let pdfs = o.all("pdf");
    for ((name, docx), (_, pdf)) in docs.iter().zip(&pdfs) {
        let lo = out_dir
            .join(docx.file_name().unwrap())
            .with_extension("pdf");
        for (font, ..) in fonts(&lo) {
            assert!(font.contains("LiberationSerif"), "{name}: {font}");
        }
        let (a, b) = (words(&lo, 1), words(pdf, 1));
        // LibreOffice's boxes are taller (its own ascent and descent): sizes compare as
        // ratios to the 14 pt place and date.
        let (ra, rb) = (line(&a, "An")[0].size(), line(&b, "An")[0].size());
        for first in ["CỘNG", "Độc", "UBND", "Số:"] {
            let (la, lb) = (line(&a, first), line(&b, first));
            assert_eq!(
                text(&la).replace(' ', ""),
                text(&lb).replace(' ', ""),
                "{name}"
            );
            close(
                center(&la),
                center(&lb),
                3.0,
                &format!("{name}: “{first}” as in the PDF"),
            );
            close(
                la[0].size() / ra * 14.0,
                lb[0].size() / rb * 14.0,
                0.3,
                &format!("{name}: “{first}” size"),
            );
        }
    }
    // The minutes' results by section run from page 1 onto page 2; LibreOffice repeats the
    // table's header row there (w:tblHeader read by a real reader).
    let lo = out_dir
        .join(docs[1].1.file_name().unwrap())
        .with_extension("pdf");
    // Pages split at form feeds (LibreOffice's A4 is 595.3 × 841.9 pt, not page_count's).
    let out = Command::new("pdftotext")
        .arg(&lo)
        .arg("-")
        .output()
        .unwrap();
    let pages: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let row = |code: &str| {
        pages
            .iter()
            .position(|t| t.split(' ').any(|w| w == code))
            .unwrap_or_else(|| panic!("{code} in {pages:?}"))
    };
    let (first, last) = (row("S1"), row("S9"));
    assert!(
        last > first,
        "the fixture's results table spans two pages: {pages:?}"
    );
    for header in ["Phần", "Nội dung", "Không áp"] {
        assert!(
            pages[last].contains(header),
            "header cell “{header}” repeated: {}",
            pages[last]
        );
    }
}

#[test]
fn the_annual_report_counts_the_year_asked_and_withdrawn_findings_actions() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = run(&db, &["new", "--template", "tom-nuoc-lo"]);
    let p = run(
        &db,
        &[
            "pilot",
            "add",
            "--name",
            "HTX Một",
            "--kind",
            "cooperative",
            "--handbook",
            &h,
        ],
    );
    // A second pilot recorded today, never assessed in 2021: not one of 2021's.
    run(
        &db,
        &[
            "pilot",
            "add",
            "--name",
            "Công ty Hai",
            "--kind",
            "enterprise",
        ],
    );
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
            "2021-07-20",
        ],
    );
    answer_all(&db, &a, "S6.2", "major");
    let f = json(&db, &["assess", "findings", &a, "--json"]);
    let f = f[0]["id"].as_str().unwrap().to_owned();
    let act = run(&db, &["assess", "action", &f, "--owner", "Nguyễn Văn Bảy"]);
    run(&db, &["assess", "action-status", &act, "done"]);
    // The item is put right: the finding is withdrawn, its action stays done.
    answer_all(&db, &a, "S6.2", "pass");
    let findings = json(&db, &["assess", "findings", &a, "--json"]);
    assert_eq!(findings[0]["status"], "withdrawn");
    for (style, ext) in [(None, "html"), (Some("admin"), "pdf")] {
        let out = dir.path().join(format!("nam.{ext}"));
        let mut cmd = sotay(&db);
        cmd.args(["report", "annual", "2021", "--format", ext, "-o"])
            .arg(&out);
        if let Some(s) = style {
            cmd.args(["--style", s]);
        }
        cmd.assert().success();
        let text = if ext == "html" {
            std::fs::read_to_string(&out).unwrap()
        } else {
            if !have("pdftotext") {
                continue;
            }
            let o = Command::new("pdftotext")
                .arg(&out)
                .arg("-")
                .output()
                .unwrap();
            String::from_utf8(o.stdout).unwrap().replace('\n', " ")
        };
        assert!(
            text.contains("Số mô hình thí điểm đến hết năm 2021: 1, trong đó 1 mô hình được đánh giá trong năm."),
            "{ext}"
        );
        assert!(
            text.contains("Đã thực hiện 1/1 hành động khắc phục (100,0 %)."),
            "{ext}"
        );
    }
    // The book form stays reachable as PDF; the administrative form is PDF or Word only.
    let book = dir.path().join("sach.pdf");
    sotay(&db)
        .args([
            "report", "annual", "2021", "--format", "pdf", "--style", "book", "-o",
        ])
        .arg(&book)
        .assert()
        .success();
    sotay(&db)
        .args([
            "report", "annual", "2021", "--format", "epub", "--style", "admin", "-o",
        ])
        .arg(dir.path().join("x.epub"))
        .assert()
        .code(2);
    // A decision only for an approved handbook.
    sotay(&db)
        .args(["report", "decision", &h, "--format", "pdf", "-o"])
        .arg(dir.path().join("qd.pdf"))
        .assert()
        .code(2);
}

#[test]
fn settings_are_checked_and_shown() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    sotay(&db)
        .args(["settings", "admin", "set", "--code", "S KHCN"])
        .assert()
        .code(2);
    sotay(&db)
        .args([
            "settings",
            "admin",
            "set",
            "--code",
            "skhcn",
            "--signer",
            "Nguyễn Văn An;Giám đốc",
            "--recipient",
            "UBND tỉnh",
        ])
        .assert()
        .success();
    let s = json(&db, &["settings", "admin", "show", "--json"]);
    assert_eq!(s["code"], "SKHCN");
    assert_eq!(s["signers"][0]["name"], "Nguyễn Văn An");
    assert_eq!(s["signers"][0]["position"], "Giám đốc");
    assert_eq!(s["recipients"][0], "UBND tỉnh");
}

/// `pdftotext` of pages `first..=last` (all when `None`), whitespace folded to single spaces.
fn page_text(pdf: &Path, pages: Option<(usize, usize)>) -> String {
    let mut c = Command::new("pdftotext");
    if let Some((f, l)) = pages {
        c.args(["-f", &f.to_string(), "-l", &l.to_string()]);
    }
    let out = c.arg(pdf).arg("-").output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The decision given a number and a date is recorded on the handbook and named on the cover
/// of every edition published afterwards (PDF and HTML); the print edition's colophon carries
/// what Luật Xuất bản 2012, Điều 27 asks of a publication, the print run counted from the
/// recipients; the fonts and "Tạo bằng Sotay" are on the screen edition's last page only. Bad
/// details are refused with nothing written, and a published edition's details cannot change.
#[test]
fn a_recorded_decision_and_the_publication_colophon_reach_the_editions() {
    let o = office();
    // Without a date nothing is recorded; with both, the decision is.
    o.write(&["decision", &o.handbook], "docx", &["--number", "44"]);
    let shown = || {
        let out = sotay(&o.db).args(["show", &o.handbook]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(!shown().contains("Quyết định ban hành"));
    o.write(
        &["decision", &o.handbook],
        "docx",
        &["--number", "45", "--date", "2026-06-10"],
    );
    assert!(shown().contains("Quyết định ban hành: 45/QĐ-SKHCN (10/6/2026)"));
    let csv = o.dir.path().join("r.csv");
    std::fs::write(
        &csv,
        "name,unit,copies\nUBND tỉnh An Giang,,2\nBộ Khoa học và Công nghệ,Vụ ĐLCL,1\n",
    )
    .unwrap();
    let out = o.dir.path().join("ed");
    let publish = |out: &Path, extra: &[&str]| {
        sotay(&o.db)
            .env("SOTAY_AUTHOR", "Lê Thanh Tùng")
            .args([
                "publish",
                &o.handbook,
                "--label",
                "1.0",
                "--date",
                "2026-06-15",
            ])
            .arg("--recipients")
            .arg(&csv)
            .args(["--formats", "pdf-print,pdf-screen,html", "--out"])
            .arg(out)
            .args(extra)
            .assert()
    };
    let details = [
        "--licence-number",
        "125/GP-STTTT",
        "--licence-date",
        "2026-06-05",
        "--publishing-responsible",
        "Nguyễn Văn An, Phó Giám đốc",
        "--content-responsible",
        "Trần Thị Bích, Chi cục trưởng",
        "--printer",
        "Công ty In Long Xuyên",
        "--printer-address",
        "12 Trần Hưng Đạo, Long Xuyên, An Giang",
        "--deposit-date",
        "2026-06-20",
    ];
    // Bad details: refused, exit 2, no folder, no edition.
    for bad in [
        &["--licence-date", "2026-02-30"][..],
        &["--deposit-date", "20/06/2026"][..],
        &["--print-run", "0"][..],
    ] {
        publish(&o.dir.path().join("bad"), bad)
            .code(2)
            .stderr(predicates::str::contains("Không tạo tệp nào"));
        assert!(!o.dir.path().join("bad").exists(), "{bad:?}");
    }
    assert_eq!(
        json(&o.db, &["editions", &o.handbook, "--json"]),
        serde_json::json!([])
    );
    publish(&out, &details).success();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let find = |serial: &str, end: &str| {
        out.join(
            names
                .iter()
                .find(|n| n.contains(&format!("-ban-{serial}-")) && n.ends_with(end))
                .unwrap_or_else(|| panic!("{serial} {end} in {names:?}")),
        )
    };
    let cover_line = "(Ban hành kèm theo Quyết định số 45/QĐ-SKHCN ngày 10/6/2026 của Giám đốc Sở Khoa học và Công nghệ tỉnh An Giang)";
    let html = std::fs::read_to_string(find("001", ".html")).unwrap();
    assert!(html.contains(cover_line), "the HTML cover");
    if !have("pdftotext") {
        eprintln!("pdftotext is not installed: the PDF editions were not read");
        return;
    }
    let (print, screen) = (find("001", "-in.pdf"), find("001", "giang.pdf"));
    for pdf in [&print, &screen] {
        assert!(
            page_text(pdf, Some((1, 1))).contains(cover_line),
            "{}",
            pdf.display()
        );
    }
    let colophon = page_text(&print, Some((2, 2)));
    for l in [
        "Chịu trách nhiệm xuất bản: Nguyễn Văn An, Phó Giám đốc",
        "Chịu trách nhiệm nội dung: Trần Thị Bích, Chi cục trưởng",
        // Three copies on the list: the print run.
        "In 3 bản, khổ 21 × 29,7 cm, tại Công ty In Long Xuyên.",
        "Địa chỉ cơ sở in: 12 Trần Hưng Đạo, Long Xuyên, An Giang.",
        "Giấy phép xuất bản số 125/GP-STTTT ngày 05/06/2026.",
        "Nộp lưu chiểu ngày 20/06/2026.",
        "Tài liệu không bán.",
    ] {
        assert!(colophon.contains(l), "{l} in {colophon}");
    }
    assert!(!page_text(&print, None).contains("Tạo bằng Sotay"));
    let screen_colophon = page_text(&screen, Some((2, 2)));
    assert!(!screen_colophon.contains("Tài liệu không bán"));
    assert!(!screen_colophon.contains("Tạo bằng Sotay"));
    let last = page_count(&screen);
    let credits = page_text(&screen, Some((last, last)));
    assert!(
        credits.contains("SIL Open Font License 1.1") && credits.ends_with("Tạo bằng Sotay."),
        "{credits}"
    );
    // A re-run: the same details (or none) reproduce the copy; other details are refused.
    let again = o.dir.path().join("again");
    publish(&again, &["--licence-number", "125/GP-STTTT"]).success();
    assert_eq!(
        std::fs::read(&print).unwrap(),
        std::fs::read(again.join(print.file_name().unwrap())).unwrap()
    );
    publish(&o.dir.path().join("other"), &["--printer", "Nhà in khác"])
        .code(2)
        .stderr(predicates::str::contains("thông tin xuất bản khác"));
    assert!(!o.dir.path().join("other").exists());
    // Reopened and approved again, the handbook is another version: the decision issued the
    // first one, so the next edition's cover names none until a new decision is recorded.
    for s in ["draft", "review", "approved"] {
        run(&o.db, &["status", &o.handbook, s]);
    }
    assert!(!shown().contains("Quyết định ban hành"));
    let v2 = o.dir.path().join("v2");
    sotay(&o.db)
        .args([
            "publish",
            &o.handbook,
            "--label",
            "2.0",
            "--formats",
            "html",
        ])
        .arg("--out")
        .arg(&v2)
        .assert()
        .success();
    for f in std::fs::read_dir(&v2).unwrap() {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap_or_default();
        assert!(!text.contains("Ban hành kèm theo"));
    }
}

/// The minutes' own details as the window's dialog sends them: blanks stay blanks, a bad time
/// or no copies is refused with a Vietnamese message, exit 2 and no file written.
#[test]
fn the_minutes_refuse_a_bad_time_and_zero_copies_and_keep_blanks() {
    let o = office();
    for (extra, says) in [
        (
            &["--start", "25:10"][..],
            "“25:10” không phải giờ hợp lệ (ví dụ 08:30).",
        ),
        (&["--end", "8 giờ"][..], "“8 giờ” không phải giờ hợp lệ"),
        (
            &["--copies", "0"][..],
            "Số bản của biên bản phải từ 1 trở lên",
        ),
    ] {
        let out = o.dir.path().join("bb-sai.pdf");
        let assert = sotay(&o.db)
            .args(["report", "minutes", &o.assessment, "--format", "pdf"])
            .args(extra)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(2);
        let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(err.contains(says), "{extra:?}: {err}");
        assert!(!out.exists(), "{extra:?}: a file was written");
    }
    // Fields given as spaces are blanks, to fill by hand; a place and 3 copies are written.
    let pdf = o.write(
        &["minutes", &o.assessment],
        "pdf",
        &[
            "--team-decision",
            " ",
            "--start",
            "",
            "--place",
            "Trụ sở HTX, ấp Thuận Hòa",
            "--copies",
            "3",
        ],
    );
    let text = page_text(&pdf, None);
    for needle in [
        "Căn cứ Quyết định số …… ngày ……",
        "vào hồi …… giờ ……, ngày 20 tháng 7 năm 2026, tại Trụ sở HTX, ấp Thuận Hòa,",
        "được lập thành 03 bản có giá trị như nhau.",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
}
