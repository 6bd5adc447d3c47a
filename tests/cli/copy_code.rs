//! Acceptance tests of the copies' QR codes and cover serial (issue 17): without a verification
//! address a copy's QR code holds the offline code `SOTAY1:…` that `sotay verify --qr` checks
//! (genuine: exit 0; a changed serial, check code or edition: exit 1; not a copy's code:
//! exit 2); the address is a checked workspace setting the copies then use; each PDF copy's
//! cover says "Bản số 003".

use std::path::Path;

use predicates::prelude::*;
use tempfile::TempDir;

use crate::publishing::approved_handbook;
use crate::{last_line, sotay};

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

/// The `key` (`qr`, `file`) of the copy with `serial` in the manifest's `format` file.
fn copy_field(m: &serde_json::Value, serial: u64, format: &str, key: &str) -> String {
    m["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["serial"] == serial && f["format"] == format)
        .unwrap()[key]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The `qr` of the copy with `serial` in the manifest's `format` file.
fn qr_of(m: &serde_json::Value, serial: u64, format: &str) -> String {
    copy_field(m, serial, format, "qr")
}

fn verify_json(db: &Path, text: &str, code: i32) -> serde_json::Value {
    let out = sotay(db)
        .args(["verify", "--json", "--qr", text])
        .assert()
        .code(code);
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

#[test]
fn copies_carry_an_offline_code_that_verify_checks_and_their_serial_on_the_cover() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = approved_handbook(&db);
    sotay(&db)
        .args(["settings", "verify-address", "show", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"verify_address\": null"));
    let csv = dir.path().join("r.csv");
    std::fs::write(
        &csv,
        "name,unit,copies\nHTX Thuận Hòa,,2\nChi cục Thủy sản,Phòng Nuôi trồng,1\n",
    )
    .unwrap();
    let out = dir.path().join("ra");
    let run = sotay(&db)
        .args(["publish", &h, "--label", "1.0", "--recipients"])
        .arg(&csv)
        .args(["--formats", "pdf-screen,html", "--out"])
        .arg(&out)
        .assert()
        .success();
    let edition = last_line(&run.get_output().stdout);
    let m = manifest(&out);
    for f in m["files"].as_array().unwrap() {
        let serial = f["serial"].as_u64().unwrap();
        assert_eq!(f["cover"], format!("Bản số {serial:03}"));
        let qr = f["qr"].as_str().unwrap();
        let fields: Vec<&str> = qr.split(':').collect();
        assert_eq!(fields.len(), 4, "{qr}");
        assert_eq!(fields[0], "SOTAY1");
        assert_eq!(fields[1], edition.to_uppercase());
        assert_eq!(fields[2], format!("{serial:03}"));
        assert_eq!(fields[3].len(), 16);
        assert!(!qr.contains("invalid") && !qr.contains("http"), "{qr}");
    }
    // Both formats of one copy carry the same code; copies differ.
    let qr3 = qr_of(&m, 3, "html");
    assert_eq!(qr3, qr_of(&m, 3, "pdf-screen"));
    assert_ne!(qr3, qr_of(&m, 2, "html"));

    // Genuine: exit 0, the recipient named.
    sotay(&db)
        .args(["verify", "--qr", &format!(" {}\n", qr3.to_lowercase())])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Mã QR hợp lệ")
                .and(predicate::str::contains("bản số 003"))
                .and(predicate::str::contains(
                    "Chi cục Thủy sản (Phòng Nuôi trồng)",
                )),
        );
    let ok = verify_json(&db, &qr3, 0);
    assert_eq!(ok["genuine"], true);
    assert_eq!(ok["status"], "genuine");
    assert_eq!(ok["code"]["serial"], 3);
    assert_eq!(ok["edition"]["id"], edition.as_str());
    assert_eq!(ok["copies"].as_array().unwrap().len(), 2, "both formats");

    // A changed serial or check code: exit 1, said plainly.
    let other_serial = qr3.replace(":003:", ":002:");
    sotay(&db)
        .args(["verify", "--qr", &other_serial])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("mã xác thực không khớp"));
    assert_eq!(verify_json(&db, &other_serial, 1)["status"], "altered");
    let mut other_check = qr3.clone();
    let last = other_check.pop().unwrap();
    other_check.push(if last == '0' { '1' } else { '0' });
    assert_eq!(verify_json(&db, &other_check, 1)["status"], "altered");
    // A serial never issued (with another copy's check code): not genuine either.
    assert_eq!(
        verify_json(&db, &qr3.replace(":003:", ":009:"), 1)["status"],
        "altered"
    );
    // Another office's edition.
    let foreign = format!(
        "SOTAY1:0199F0A2-7C3B-7D10-9E4A-2B1C3D4E5F60:003:{}",
        &qr3[qr3.len() - 16..]
    );
    sotay(&db)
        .args(["verify", "--qr", &foreign])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("không có ấn bản nào như vậy"));
    assert_eq!(verify_json(&db, &foreign, 1)["status"], "unknown_edition");
    // Not a copy's code at all: bad input.
    sotay(&db)
        .args(["verify", "--qr", "https://id.gs1.org/01/08931234567897"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("không phải mã QR"));
    sotay(&db)
        .args(["verify", "--qr", "SOTAY1:abc:003"])
        .assert()
        .code(2);
    // FILE or --qr, not both, not neither.
    sotay(&db).arg("verify").assert().code(2);
    sotay(&db)
        .args(["verify", "x.pdf", "--qr", &qr3])
        .assert()
        .code(2);

    // The cover of copy 3 says "Bản số 003" (and no other serial).
    let pdf = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["serial"] == 3 && f["format"] == "pdf-screen")
        .unwrap()["file"]
        .as_str()
        .unwrap()
        .to_owned();
    let Ok(o) = std::process::Command::new("pdftotext")
        .args(["-f", "1", "-l", "1"])
        .arg(out.join(&pdf))
        .arg("-")
        .output()
    else {
        assert!(
            std::env::var_os("SOTAY_REQUIRE_TOOLS").is_none(),
            "pdftotext is not installed"
        );
        return;
    };
    let cover = String::from_utf8(o.stdout).unwrap();
    assert!(cover.contains("Bản số 003"), "{cover}");
    assert!(!cover.contains("Bản số 001") && !cover.contains("Bản số 002"));
    assert!(
        !cover.contains("cấp cho"),
        "the cover names the serial only"
    );
}

#[test]
fn the_verification_address_is_a_checked_setting_the_copies_use() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = approved_handbook(&db);
    // Refused addresses change nothing.
    for bad in [
        "http://txng.angiang.gov.vn/kiem-tra",
        "txng.angiang.gov.vn",
        "https://sotay.invalid/e",
        "https://txng.angiang.gov.vn/kiem-tra?x=1",
    ] {
        sotay(&db)
            .args(["settings", "verify-address", "set", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("Địa chỉ kiểm tra"));
    }
    sotay(&db)
        .args(["settings", "verify-address", "show", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("null"));
    sotay(&db)
        .args([
            "settings",
            "verify-address",
            "set",
            "https://txng.angiang.gov.vn/kiem-tra/",
        ])
        .assert()
        .success()
        .stdout("https://txng.angiang.gov.vn/kiem-tra\n");
    let csv = dir.path().join("r.csv");
    std::fs::write(&csv, "name,unit,copies\nHTX Thuận Hòa,,1\n").unwrap();
    // `sotay publish H --label L --formats html --recipients r.csv --out DIR [--qr-base Q]`.
    let publish = |label: &str, qr_base: Option<&str>, out: &Path| {
        let mut cmd = sotay(&db);
        cmd.args(["publish", &h, "--label", label, "--formats", "html"]);
        if let Some(q) = qr_base {
            cmd.args(["--qr-base", q]);
        }
        cmd.arg("--recipients").arg(&csv).arg("--out").arg(out);
        cmd.assert()
    };
    let out = dir.path().join("ra");
    let run = publish("1.0", None, &out).success();
    let edition = last_line(&run.get_output().stdout);
    let qr = qr_of(&manifest(&out), 1, "html");
    let prefix = format!("https://txng.angiang.gov.vn/kiem-tra/{edition}/001?v=1&d=");
    assert!(qr.starts_with(&prefix), "{qr}");
    assert_eq!(qr.len(), prefix.len() + 16);
    let ok = verify_json(&db, &qr, 0);
    assert_eq!(
        ok["code"]["address"],
        "https://txng.angiang.gov.vn/kiem-tra"
    );
    // The URL form with a changed serial is caught like the text form.
    verify_json(&db, &qr.replace("/001?", "/002?"), 1);

    // The edition keeps its kind of code: reproduced byte for byte after the setting is
    // cleared; asking for another is refused.
    sotay(&db)
        .args(["settings", "verify-address", "clear"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Chưa đặt địa chỉ kiểm tra"));
    let again = dir.path().join("lai");
    publish("1.0", None, &again).success();
    assert_eq!(manifest(&again), manifest(&out));
    let out2 = dir.path().join("ra2");
    publish("1.0", Some(""), &out2)
        .code(2)
        .stderr(predicate::str::contains("giữ như vậy"));
    assert!(!out2.exists(), "nothing produced");
    // A new edition may print another address, or the offline code ("") even with an address
    // set; never a made-up host.
    sotay(&db)
        .args([
            "settings",
            "verify-address",
            "set",
            "https://kt.angiang.gov.vn",
        ])
        .assert()
        .success();
    publish("2.0", Some(""), &out2).success();
    assert!(qr_of(&manifest(&out2), 1, "html").starts_with("SOTAY1:"));
    let out3 = dir.path().join("ra3");
    publish("3.0", Some("https://sotay.invalid/e"), &out3).code(2);
    assert!(!out3.exists(), "nothing produced");
    sotay(&db)
        .args(["settings", "verify-address", "clear"])
        .assert()
        .success();
    sotay(&db)
        .args(["settings", "verify-address", "show", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("null"));
}

/// Whether `tool` can be run; with `SOTAY_REQUIRE_TOOLS` set (as `make test` does), a missing
/// one fails the test instead of skipping its check.
fn have(tool: &str) -> bool {
    let ok = std::process::Command::new(tool)
        .arg("--version")
        .output()
        .is_ok();
    assert!(
        ok || std::env::var_os("SOTAY_REQUIRE_TOOLS").is_none(),
        "{tool} is not installed"
    );
    ok
}

/// The texts of the QR codes zbarimg finds on page `page` of `pdf`, drawn at 300 dpi as a
/// printer would (one per line, none when there is no code on it).
fn qr_codes_on_page(pdf: &Path, page: u32, dir: &Path) -> Vec<String> {
    let png = dir.join(format!("trang-{page}"));
    let n = page.to_string();
    let drawn = std::process::Command::new("pdftoppm")
        .args(["-r", "300", "-png", "-singlefile", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg(&png)
        .status()
        .unwrap();
    assert!(drawn.success(), "pdftoppm drew page {page}");
    let read = std::process::Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(png.with_extension("png"))
        .output()
        .unwrap();
    // Exit 4: no code found on the page.
    assert!(
        read.status.success() || read.status.code() == Some(4),
        "zbarimg: {}",
        String::from_utf8_lossy(&read.stderr)
    );
    String::from_utf8(read.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_printed_qr_code_reads_back_as_the_copy_code_and_verifies_genuine() {
    if !(have("pdftoppm") && have("pdfinfo") && have("zbarimg")) {
        return;
    }
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("ws.db");
    let h = approved_handbook(&db);
    let csv = dir.path().join("r.csv");
    std::fs::write(&csv, "name,unit,copies\nHTX Thuận Hòa,Ban quản trị,2\n").unwrap();
    let out = dir.path().join("ra");
    sotay(&db)
        .args(["publish", &h, "--label", "1.0", "--recipients"])
        .arg(&csv)
        .args(["--formats", "pdf-print", "--out"])
        .arg(&out)
        .assert()
        .success();
    let m = manifest(&out);
    let code = qr_of(&m, 2, "pdf-print");
    assert!(
        code.starts_with("SOTAY1:") && code.contains(":002:"),
        "{code}"
    );
    let pdf = out.join(copy_field(&m, 2, "pdf-print", "file"));

    // The code is printed on the colophon, the page after the cover (page 2), and only there.
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let pages: u32 = String::from_utf8(info.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("pdfinfo names the page count")
        .trim()
        .parse()
        .unwrap();
    assert!(pages > 2, "{pages} pages");
    assert_eq!(qr_codes_on_page(&pdf, 2, dir.path()), [code.as_str()]);
    assert!(qr_codes_on_page(&pdf, 1, dir.path()).is_empty(), "cover");
    assert!(
        qr_codes_on_page(&pdf, pages, dir.path()).is_empty(),
        "last page"
    );

    // What a phone reads off the paper is what `sotay verify --qr` takes: genuine, copy 002.
    sotay(&db)
        .args(["verify", "--qr", &code])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Mã QR hợp lệ")
                .and(predicate::str::contains("bản số 002"))
                .and(predicate::str::contains("HTX Thuận Hòa")),
        );
    let ok = verify_json(&db, &code, 0);
    assert_eq!(ok["status"], "genuine");
    assert_eq!(ok["code"]["serial"], 2);

    // The longer address form, once the department sets one, reads back as well (screen PDF).
    sotay(&db)
        .args([
            "settings",
            "verify-address",
            "set",
            "https://txng.angiang.gov.vn/kiem-tra",
        ])
        .assert()
        .success();
    let out2 = dir.path().join("ra2");
    sotay(&db)
        .args(["publish", &h, "--label", "2.0", "--recipients"])
        .arg(&csv)
        .args(["--formats", "pdf-screen", "--out"])
        .arg(&out2)
        .assert()
        .success();
    let m2 = manifest(&out2);
    let url = qr_of(&m2, 1, "pdf-screen");
    assert!(
        url.starts_with("https://txng.angiang.gov.vn/kiem-tra/"),
        "{url}"
    );
    let file = out2.join(copy_field(&m2, 1, "pdf-screen", "file"));
    let read = qr_codes_on_page(&file, 2, dir.path());
    assert_eq!(read, [url.as_str()]);
    assert_eq!(verify_json(&db, &read[0], 0)["status"], "genuine");
}
