//! Exchange bundles: an assessment round trip keeps every answer, evidence byte and the verdict;
//! hostile or broken bundles are refused and leave the database exactly as it was.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sotay::{BundleKind, FixedClock, NewHandbookRequest, SystemClock, TraceInput, Workspace};
use sotay_model::verdict::Direction;
use sotay_model::{Address, PilotKind};
use tempfile::TempDir;
use zip::write::SimpleFileOptions;

fn open(path: &Path) -> Workspace {
    Workspace::open(path, Arc::new(SystemClock)).unwrap()
}

/// A workspace with one assessment (answers, evidence, a trace test, a finding with an action).
fn source(dir: &Path) -> (Workspace, String) {
    let mut ws = open(&dir.join("a.db"));
    let h = ws
        .create_handbook(&NewHandbookRequest {
            template_id: "tom-nuoc-lo".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let p = ws
        .add_pilot(
            "HTX Tôm – Lúa Thuận Hòa",
            PilotKind::Cooperative,
            Some(&h),
            Address {
                province: "An Giang".into(),
                commune: "Thạnh Đông".into(),
                legacy_district: None,
            },
            "",
        )
        .unwrap()
        .id;
    let a = ws
        .new_assessment(&p, &h, "2025-07-20", "Lê Thanh Tùng", &["Phạm Thu".into()])
        .unwrap()
        .id;
    let items = ws.assessment_items(&a).unwrap();
    let answers: Vec<(String, String, String, String)> = items
        .iter()
        .filter(|i| !i.item.id.starts_with("S9."))
        .map(|i| {
            let r = match i.item.id.as_str() {
                "S6.2" => "major",
                "S2.3" => "na",
                _ => "pass",
            };
            (
                i.item.id.clone(),
                r.into(),
                "ghi chú".into(),
                if r == "na" {
                    "không đóng gói".into()
                } else {
                    String::new()
                },
            )
        })
        .collect();
    ws.answer(&a, &answers, None).unwrap();
    ws.attach_evidence(
        &a,
        Some("S2.6"),
        "anh-ao.jpg",
        &[0xFF, 0xD8, 0xFF, 1, 2, 3, 4],
    )
    .unwrap();
    // A photo with a thumbnail: both blobs travel.
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(400, 300, image::Rgb([20, 110, 70]))
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    let added = ws
        .attach_evidence(&a, Some("S2.6"), "bờ ao.png", &png.into_inner())
        .unwrap();
    assert!(added.file.has_thumbnail);
    ws.record_trace(
        &a,
        &TraceInput {
            finished: "2025-07-20T09:30:00+07:00".into(),
            links_expected: 6,
            links_found: Some(6),
            input_qty: 1000.0,
            accounted_qty: Some(990.0),
            kde_required: 40,
            kde_present: 40,
            ..TraceInput::passing(Direction::Backward, "CB01-250616-02")
        },
    )
    .unwrap();
    let f = ws
        .findings(&a)
        .unwrap()
        .into_iter()
        .find(|f| f.item_id == "S6.2")
        .unwrap();
    ws.add_action(&f.id, "Nguyễn Văn Bảy", None, "Tập huấn lại")
        .unwrap();
    (ws, a)
}

#[test]
fn an_assessment_round_trips_into_an_empty_database() {
    let dir = TempDir::new().unwrap();
    let (ws, a) = source(dir.path());
    let file = dir.path().join("a.sotay");
    ws.export_bundle(BundleKind::Assessment, &a, &file).unwrap();
    let mut other = open(&dir.path().join("b.db"));
    let dry = other.import_bundle(&file, true).unwrap();
    assert!(dry.plan.added.values().sum::<u32>() > 50);
    assert_eq!(
        other.dump().unwrap(),
        open(&dir.path().join("c.db")).dump().unwrap(),
        "a dry run changes nothing"
    );
    other.import_bundle(&file, false).unwrap();
    assert_eq!(
        serde_json::to_value(other.verdict(&a).unwrap()).unwrap(),
        serde_json::to_value(ws.verdict(&a).unwrap()).unwrap()
    );
    assert_eq!(
        other.assessment_items(&a).unwrap(),
        ws.assessment_items(&a).unwrap()
    );
    assert_eq!(other.trace_tests(&a).unwrap(), ws.trace_tests(&a).unwrap());
    for e in ws
        .assessment_items(&a)
        .unwrap()
        .iter()
        .flat_map(|i| &i.attached)
    {
        assert_eq!(
            other.evidence_thumbnail(&e.id).unwrap(),
            ws.evidence_thumbnail(&e.id).unwrap()
        );
    }
    let fa = ws.findings(&a).unwrap();
    assert_eq!(other.findings(&a).unwrap(), fa);
    // Evidence bytes: same blob.
    let export_again = dir.path().join("again.sotay");
    other
        .export_bundle(BundleKind::Assessment, &a, &export_again)
        .unwrap();
    assert_eq!(
        std::fs::read(&file).unwrap(),
        std::fs::read(&export_again).unwrap(),
        "the same records give the same bundle"
    );
    // Importing twice changes nothing.
    let before = other.dump().unwrap();
    let again = other.import_bundle(&file, false).unwrap();
    assert_eq!(again.plan.added.values().sum::<u32>(), 0);
    assert_eq!(other.dump().unwrap(), before);
}

#[test]
fn a_record_edited_on_both_sides_is_a_conflict_that_keeps_both() {
    let dir = TempDir::new().unwrap();
    let (ws, a) = source(dir.path());
    let file = dir.path().join("a.sotay");
    ws.export_bundle(BundleKind::Assessment, &a, &file).unwrap();
    // The other machine edits a day later, so every timestamp it writes differs (the
    // assessment's updated_at too, which alone must not be a conflict).
    let later = time::OffsetDateTime::now_utc() + time::Duration::days(1);
    let mut other = Workspace::open(&dir.path().join("b.db"), Arc::new(FixedClock(later))).unwrap();
    other.import_bundle(&file, false).unwrap();
    other
        .answer(
            &a,
            &[(
                "S1.1".into(),
                "minor".into(),
                "sửa ở máy khác".into(),
                String::new(),
            )],
            None,
        )
        .unwrap();
    let r = other.import_bundle(&file, false).unwrap();
    assert_eq!(r.plan.conflicts.len(), 1, "{:?}", r.plan);
    assert_eq!(r.plan.conflicts[0].0, "answers");
    // The local edit stays; the incoming version is kept for the user to resolve.
    let s11 = other
        .assessment_items(&a)
        .unwrap()
        .into_iter()
        .find(|i| i.item.id == "S1.1")
        .unwrap();
    assert_eq!(s11.answer.unwrap().note, "sửa ở máy khác");
    let s11_finding = |ws: &Workspace| -> Vec<String> {
        ws.findings(&a)
            .unwrap()
            .into_iter()
            .filter(|f| f.item_id == "S1.1")
            .map(|f| f.status)
            .collect()
    };
    assert_eq!(s11_finding(&other), ["open"]);
    // The user resolves it by taking the incoming version.
    let conflicts = other.bundle_conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].local["note"], "sửa ở máy khác");
    assert_eq!(conflicts[0].incoming["note"], "ghi chú");
    other
        .resolve_bundle_conflict(&conflicts[0].id, true)
        .unwrap();
    let s11 = other
        .assessment_items(&a)
        .unwrap()
        .into_iter()
        .find(|i| i.item.id == "S1.1")
        .unwrap();
    assert_eq!(s11.answer.unwrap().note, "ghi chú");
    assert!(other.bundle_conflicts().unwrap().is_empty());
    // The finding the local MINOR opened is withdrawn with it, as answering PASS would.
    assert_eq!(s11_finding(&other), ["withdrawn"]);
}

#[test]
fn conflicts_are_found_under_their_handbook_or_assessment_named_by_what_they_are() {
    let dir = TempDir::new().unwrap();
    let mut ws = Workspace::open(&dir.path().join("a.db"), Arc::new(SystemClock)).unwrap();
    ws.ensure_sample_workspace().unwrap();
    let h = ws.handbooks().unwrap()[0].id.clone();
    let chapter = ws.open_handbook(&h).unwrap().chapters[1].clone();
    let hfile = dir.path().join("h.sotay");
    ws.export_bundle(BundleKind::Handbook, &h, &hfile).unwrap();
    ws.save_chapter(&h, &chapter.id, "# Sửa ở máy này\n", "")
        .unwrap();
    // The bundle's chapter text differs from the one edited here: a conflict of the handbook,
    // named by the chapter's title.
    ws.import_bundle(&hfile, false).unwrap();
    let of_handbook = ws
        .record_conflicts(sotay::ConflictOwnerKind::Handbook, &h)
        .unwrap();
    let chapters: Vec<_> = of_handbook
        .iter()
        .filter(|c| c.table == "chapters")
        .collect();
    assert_eq!(chapters.len(), 1, "{of_handbook:?}");
    assert_eq!(chapters[0].subject, chapter.title);
    for c in &of_handbook {
        ws.resolve_bundle_conflict(&c.id, false).unwrap();
    }
    let pilots = ws.pilots().unwrap();
    let a = ws
        .new_assessment(&pilots[0].id, &h, "2026-10-05", "Trần Thị Mai", &[])
        .unwrap()
        .id;
    let answer = |r: &str| vec![("S1.1".into(), r.into(), String::new(), String::new())];
    ws.answer(&a, &answer("pass"), None).unwrap();
    let afile = dir.path().join("a.sotay");
    ws.export_bundle(BundleKind::Assessment, &a, &afile)
        .unwrap();
    ws.answer(&a, &answer("minor"), None).unwrap();
    ws.import_bundle(&afile, false).unwrap();

    let mine = ws
        .record_conflicts(sotay::ConflictOwnerKind::Assessment, &a)
        .unwrap();
    assert_eq!(mine.len(), 1, "{mine:?}");
    let item = ws
        .assessment_items(&a)
        .unwrap()
        .into_iter()
        .find(|i| i.item.id == "S1.1")
        .unwrap();
    assert_eq!(mine[0].subject, format!("S1.1 · {}", item.item.text.vi));
    assert!(ws
        .record_conflicts(sotay::ConflictOwnerKind::Handbook, &h)
        .unwrap()
        .is_empty());
    // The exchange area's list names them the same way.
    let all = ws.conflict_views().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].owner.as_ref().unwrap().id, a);
    ws.resolve_bundle_conflict(&all[0].id, true).unwrap();
    assert!(ws
        .record_conflicts(sotay::ConflictOwnerKind::Assessment, &a)
        .unwrap()
        .is_empty());
}

/// A bundle built by hand: (name, bytes) entries plus a manifest describing `listed`.
fn craft(path: &Path, manifest: &Value, entries: &[(&str, Vec<u8>)]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let o = SimpleFileOptions::default();
    z.start_file("manifest.json", o).unwrap();
    z.write_all(manifest.to_string().as_bytes()).unwrap();
    for (n, b) in entries {
        z.start_file(*n, o).unwrap();
        z.write_all(b).unwrap();
    }
    z.finish().unwrap();
}

fn listed(entries: &[(&str, Vec<u8>)]) -> Value {
    let mut m = serde_json::Map::new();
    for (n, b) in entries {
        m.insert(
            (*n).into(),
            json!({"sha256": format!("{:x}", Sha256::digest(b)), "size": b.len()}),
        );
    }
    Value::Object(m)
}

fn manifest(entries: &[(&str, Vec<u8>)]) -> Value {
    json!({"format": "sotay-bundle", "version": 1, "kind": "assessment", "schema": 1, "entries": listed(entries)})
}

#[test]
fn hostile_and_broken_bundles_are_refused_and_change_nothing() {
    let dir = TempDir::new().unwrap();
    let (ws, a) = source(dir.path());
    let good = dir.path().join("good.sotay");
    ws.export_bundle(BundleKind::Assessment, &a, &good).unwrap();
    let good_bytes = std::fs::read(&good).unwrap();
    let records = {
        let mut z = zip::ZipArchive::new(std::fs::File::open(&good).unwrap()).unwrap();
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut z.by_name("records.json").unwrap(), &mut s).unwrap();
        s
    };
    let rec: Value = serde_json::from_slice(&records).unwrap();
    let only = |tables: &[&str]| {
        let mut r = serde_json::Map::new();
        for t in tables {
            r.insert((*t).into(), rec[*t].clone());
        }
        serde_json::to_vec(&Value::Object(r)).unwrap()
    };
    let blob_hash = rec["blobs"][0]["sha256"].as_str().unwrap().to_owned();

    let mut target = open(&dir.path().join("target.db"));
    // Some data already there, to prove it is untouched.
    target
        .create_handbook(&NewHandbookRequest {
            template_id: "lua-gao".into(),
            ..Default::default()
        })
        .unwrap();
    let before = target.dump().unwrap();

    let mut cases: Vec<(&str, PathBuf)> = Vec::new();
    let mut case = |name: &'static str, write: &dyn Fn(&Path)| {
        let p = dir.path().join(format!("{}.sotay", name.replace(' ', "-")));
        write(&p);
        cases.push((name, p));
    };
    case("random bytes", &|p| {
        std::fs::write(
            p,
            (0..4096u32)
                .map(|i| (i * 7919 % 251) as u8)
                .collect::<Vec<_>>(),
        )
        .unwrap()
    });
    case("truncated zip", &|p| {
        std::fs::write(p, &good_bytes[..good_bytes.len() / 2]).unwrap()
    });
    case("empty file", &|p| std::fs::write(p, b"").unwrap());
    case("no manifest", &|p| {
        let mut z = zip::ZipWriter::new(std::fs::File::create(p).unwrap());
        z.start_file("records.json", SimpleFileOptions::default())
            .unwrap();
        z.write_all(&records).unwrap();
        z.finish().unwrap();
    });
    case("newer format version", &|p| {
        let e = [("records.json", records.clone())];
        let mut m = manifest(&e);
        m["version"] = json!(99);
        craft(p, &m, &e);
    });
    case("newer schema", &|p| {
        let e = [("records.json", records.clone())];
        let mut m = manifest(&e);
        m["schema"] = json!(999);
        craft(p, &m, &e);
    });
    case("not a sotay bundle", &|p| {
        let e = [("records.json", records.clone())];
        let mut m = manifest(&e);
        m["format"] = json!("other");
        craft(p, &m, &e);
    });
    case("path escapes with dot dot", &|p| {
        let e = [
            ("records.json", records.clone()),
            ("../../evil.txt", b"x".to_vec()),
        ];
        craft(p, &manifest(&e), &e);
    });
    case("absolute path", &|p| {
        let e = [
            ("records.json", records.clone()),
            ("/tmp/evil.txt", b"x".to_vec()),
        ];
        craft(p, &manifest(&e), &e);
    });
    case("symlink entry", &|p| {
        let e = [("records.json", records.clone())];
        let mut z = zip::ZipWriter::new(std::fs::File::create(p).unwrap());
        z.start_file("manifest.json", SimpleFileOptions::default())
            .unwrap();
        z.write_all(manifest(&e).to_string().as_bytes()).unwrap();
        z.start_file("records.json", SimpleFileOptions::default())
            .unwrap();
        z.write_all(&records).unwrap();
        z.add_symlink(
            format!("blobs/{}", "b".repeat(64)),
            "/etc/passwd",
            SimpleFileOptions::default(),
        )
        .unwrap();
        z.finish().unwrap();
    });
    case("duplicate entries", &|p| {
        // Write records.json and recordz.json, then rename the second in the raw bytes.
        let e = [
            ("records.json", records.clone()),
            ("recordz.json", records.clone()),
        ];
        let tmp = p.with_extension("tmp");
        craft(&tmp, &manifest(&e[..1]), &e);
        let bytes = std::fs::read(&tmp).unwrap();
        let patched: Vec<u8> = {
            let mut b = bytes.clone();
            let needle = b"recordz.json";
            let mut i = 0;
            while i + needle.len() <= b.len() {
                if &b[i..i + needle.len()] == needle {
                    b[i + 7] = b's';
                }
                i += 1;
            }
            b
        };
        std::fs::write(p, patched).unwrap();
    });
    case("entry larger than declared", &|p| {
        let e = [("records.json", records.clone())];
        let mut m = manifest(&e);
        m["entries"]["records.json"]["size"] = json!(records.len() - 10);
        craft(p, &m, &e);
    });
    case("zip bomb", &|p| {
        let bomb = vec![0u8; 64 << 20];
        let e = [("records.json", bomb)];
        let mut z = zip::ZipWriter::new(std::fs::File::create(p).unwrap());
        let o = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        z.start_file("manifest.json", o).unwrap();
        z.write_all(manifest(&e).to_string().as_bytes()).unwrap();
        z.start_file("records.json", o).unwrap();
        z.write_all(&e[0].1).unwrap();
        z.finish().unwrap();
    });
    case("hash mismatch", &|p| {
        let e = [("records.json", records.clone())];
        let mut m = manifest(&e);
        m["entries"]["records.json"]["sha256"] = json!("0".repeat(64));
        craft(p, &m, &e);
    });
    case("malformed records json", &|p| {
        let e = [(
            "records.json",
            b"{\"answers\": [ {\"assessment_id\": ".to_vec(),
        )];
        craft(p, &manifest(&e), &e);
    });
    case("malformed manifest", &|p| {
        let mut z = zip::ZipWriter::new(std::fs::File::create(p).unwrap());
        z.start_file("manifest.json", SimpleFileOptions::default())
            .unwrap();
        z.write_all(b"{ not json").unwrap();
        z.finish().unwrap();
    });
    case("references to missing records", &|p| {
        let e = [("records.json", only(&["answers", "findings"]))];
        craft(p, &manifest(&e), &e);
    });
    case("unknown table", &|p| {
        let e = [(
            "records.json",
            br#"{"settings": [{"key": "ui.lang", "value": "en"}]}"#.to_vec(),
        )];
        craft(p, &manifest(&e), &e);
    });
    case("unknown column", &|p| {
        let mut r = rec.clone();
        r["pilot_models"][0]["evil"] = json!("x");
        let e = [("records.json", serde_json::to_vec(&r).unwrap())];
        craft(p, &manifest(&e), &e);
    });
    case("blob content does not match its name", &|p| {
        let e = [
            ("records.json", records.clone()),
            (
                Box::leak(format!("blobs/{blob_hash}").into_boxed_str()) as &str,
                b"other bytes".to_vec(),
            ),
        ];
        let mut m = manifest(&e);
        // Declare the right size and hash of what is there, but the name says otherwise.
        m["entries"][format!("blobs/{blob_hash}")] =
            json!({"sha256": format!("{:x}", Sha256::digest(b"other bytes")), "size": 11});
        craft(p, &m, &e);
    });
    case("unlisted entry", &|p| {
        let e = [("records.json", records.clone())];
        let mut z = zip::ZipWriter::new(std::fs::File::create(p).unwrap());
        z.start_file("manifest.json", SimpleFileOptions::default())
            .unwrap();
        z.write_all(manifest(&e).to_string().as_bytes()).unwrap();
        z.start_file("records.json", SimpleFileOptions::default())
            .unwrap();
        z.write_all(&records).unwrap();
        z.start_file(
            format!("blobs/{}", "c".repeat(64)),
            SimpleFileOptions::default(),
        )
        .unwrap();
        z.write_all(b"x").unwrap();
        z.finish().unwrap();
    });
    case("missing blob", &|p| {
        let e = [("records.json", records.clone())];
        craft(p, &manifest(&e), &e);
    });
    assert!(cases.len() >= 15, "{}", cases.len());
    for (name, path) in &cases {
        let err = target.import_bundle(path, false).expect_err(name);
        assert_eq!(err.code, sotay::ErrorCode::InvalidInput, "{name}: {err:?}");
        let msg = err.message(sotay_model::Lang::En);
        assert!(
            msg.contains("refused") || msg.contains("Cannot open"),
            "{name}: {msg}"
        );
        assert_eq!(
            target.dump().unwrap(),
            before,
            "{name} changed the database"
        );
    }
    // Nothing was written outside the app's storage (no evil.txt anywhere near).
    assert!(!dir.path().join("evil.txt").exists() && !Path::new("/tmp/evil.txt").exists());
}

/// A bundle's records with one change, every other entry (blobs) as exported.
fn tampered(good: &Path, out: &Path, change: &dyn Fn(&mut Value)) {
    let mut z = zip::ZipArchive::new(std::fs::File::open(good).unwrap()).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().to_owned();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
        if name == "records.json" {
            let mut rec: Value = serde_json::from_slice(&bytes).unwrap();
            change(&mut rec);
            bytes = serde_json::to_vec(&rec).unwrap();
        }
        if name != "manifest.json" {
            entries.push((name, bytes));
        }
    }
    let refs: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    craft(out, &manifest(&refs), &refs);
}

#[test]
fn a_bundle_cannot_bring_an_approval_or_publication_nobody_made() {
    let dir = TempDir::new().unwrap();
    let (ws, a) = source(dir.path());
    let good = dir.path().join("good.sotay");
    ws.export_bundle(BundleKind::Assessment, &a, &good).unwrap();
    let mut target = open(&dir.path().join("target.db"));
    let before = target.dump().unwrap();
    let published = dir.path().join("published.sotay");
    tampered(&good, &published, &|r| {
        r["handbooks"][0]["status"] = json!("published")
    });
    let approved = dir.path().join("approved.sotay");
    tampered(&good, &approved, &|r| {
        r["handbooks"][0]["status"] = json!("approved")
    });
    let forged = dir.path().join("forged.sotay");
    tampered(&good, &forged, &|r| {
        // An approval record, but variables that fail the check (a GTIN's check digit).
        let h = &mut r["handbooks"][0];
        h["status"] = json!("approved");
        let mut vars: Value = serde_json::from_str(h["variables"].as_str().unwrap()).unwrap();
        vars["product"]["gtin"] = json!("8931234567890");
        h["variables"] = json!(vars.to_string());
        let id = h["id"].clone();
        let version = h["version"].clone();
        r["status_changes"] = json!([{
            "id": "forged", "handbook_id": id, "from_status": "review", "to_status": "approved",
            "version": version, "by": "?", "at": "2025-10-01T00:00:00Z", "note": ""
        }]);
    });
    for (path, word) in [
        (&published, "no approval record"),
        (&approved, "no approval record"),
        (&forged, "variable errors"),
    ] {
        let err = target.import_bundle(path, false).expect_err(word);
        let msg = err.message(sotay_model::Lang::En);
        assert!(msg.contains("refused") && msg.contains(word), "{msg}");
        assert!(target.import_bundle(path, true).is_err(), "dry run too");
        assert_eq!(target.dump().unwrap(), before);
    }
    // The untouched bundle still imports.
    target.import_bundle(&good, false).unwrap();
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn workspace() -> &'static std::sync::Mutex<(TempDir, Workspace)> {
        static W: std::sync::OnceLock<std::sync::Mutex<(TempDir, Workspace)>> =
            std::sync::OnceLock::new();
        W.get_or_init(|| {
            let dir = TempDir::new().unwrap();
            let ws = open(&dir.path().join("f.db"));
            std::sync::Mutex::new((dir, ws))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Random bytes, and zips with random entries, never panic and never change anything.
        #[test]
        fn random_bundles_are_refused_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096), zipped in any::<bool>()) {
            let mut guard = workspace().lock().unwrap();
            let (dir, ws) = &mut *guard;
            let path = dir.path().join("x.sotay");
            if zipped {
                let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
                z.start_file("manifest.json", SimpleFileOptions::default()).unwrap();
                z.write_all(&bytes).unwrap();
                z.start_file("records.json", SimpleFileOptions::default()).unwrap();
                z.write_all(&bytes).unwrap();
                z.finish().unwrap();
            } else {
                std::fs::write(&path, &bytes).unwrap();
            }
            let before = ws.dump().unwrap();
            prop_assert!(ws.import_bundle(&path, false).is_err());
            prop_assert_eq!(ws.dump().unwrap(), before);
        }

        /// Answers CSV: any text is either applied whole or refused, never a panic.
        #[test]
        fn answer_csv_never_panics(text in "(item,result,note,reason\n)?([A-Za-z0-9.,\" ]{0,40}\n){0,8}") {
            let mut guard = workspace().lock().unwrap();
            let (_, ws) = &mut *guard;
            let _ = ws.answer_csv("khong-co", &text);
        }
    }
}

#[test]
fn a_handbooks_issuing_decision_travels_in_its_bundle_and_only_another_one_conflicts() {
    use sotay::{AdminFormat, AdminOptions};
    use sotay_model::HandbookStatus;
    let dir = TempDir::new().unwrap();
    let mut ws = open(&dir.path().join("a.db"));
    ws.ensure_sample_workspace().unwrap();
    let h = ws.handbooks().unwrap()[0].id.clone();
    ws.set_status(&h, HandbookStatus::Review, "").unwrap();
    ws.set_status(&h, HandbookStatus::Approved, "Đã duyệt")
        .unwrap();
    let decide = |ws: &mut Workspace, n: u32| {
        let opts = AdminOptions {
            number: Some(n),
            date: Some("2026-06-10".into()),
            signer: None,
            format: AdminFormat::Pdf,
        };
        ws.decision_report(&h, &opts, &dir.path().join(format!("qd-{n}.pdf")))
            .unwrap();
    };
    decide(&mut ws, 45);
    let decision = ws.open_handbook(&h).unwrap().decision.unwrap();
    assert!(decision.number.starts_with("45/QĐ"), "{decision:?}");
    assert_eq!(decision.date, "2026-06-10");
    let file = dir.path().join("h.sotay");
    ws.export_bundle(BundleKind::Handbook, &h, &file).unwrap();

    // Another machine, a day later: the handbook arrives with the decision that issued it.
    let later = time::OffsetDateTime::now_utc() + time::Duration::days(1);
    let mut other = Workspace::open(&dir.path().join("b.db"), Arc::new(FixedClock(later))).unwrap();
    let r = other.import_bundle(&file, false).unwrap();
    assert_eq!(
        r.plan.added.get("handbook_decisions"),
        Some(&1),
        "{:?}",
        r.plan
    );
    assert_eq!(
        other.open_handbook(&h).unwrap().decision,
        Some(decision.clone())
    );
    assert_eq!(other.handbook_decision(&h).unwrap(), Some(decision.clone()));

    // The same decision recorded there too (another time, so another recorded_at): importing
    // the bundle again is no conflict.
    decide(&mut other, 45);
    let r = other.import_bundle(&file, false).unwrap();
    assert!(r.plan.conflicts.is_empty(), "{:?}", r.plan);
    assert_eq!(r.plan.unchanged.get("handbook_decisions"), Some(&1));

    // Another decision for the same version is a conflict of the handbook, named in words; the
    // decision recorded here stays until the user chooses.
    decide(&mut ws, 46);
    let file46 = dir.path().join("h46.sotay");
    ws.export_bundle(BundleKind::Handbook, &h, &file46).unwrap();
    let r = other.import_bundle(&file46, false).unwrap();
    assert_eq!(
        r.plan
            .conflicts
            .iter()
            .filter(|(t, _)| t == "handbook_decisions")
            .count(),
        1,
        "{:?}",
        r.plan
    );
    assert_eq!(
        other.open_handbook(&h).unwrap().decision,
        Some(decision.clone())
    );
    let version = other.open_handbook(&h).unwrap().summary.version;
    let conflicts = other
        .record_conflicts(sotay::ConflictOwnerKind::Handbook, &h)
        .unwrap();
    let c = conflicts
        .iter()
        .find(|c| c.table == "handbook_decisions")
        .expect("the decision's conflict is under its handbook");
    let number46 = decision.number.replacen("45/", "46/", 1);
    assert_eq!(
        c.subject,
        format!("Quyết định số {number46} ngày 10/06/2026 (phiên bản {version})")
    );
    let number = c.fields.iter().find(|f| f.name == "number").unwrap();
    assert!(number.differs);
    assert_eq!(number.local.as_deref(), Some(decision.number.as_str()));
    // Taking the incoming one records it.
    other.resolve_bundle_conflict(&c.id, true).unwrap();
    assert_eq!(
        other.open_handbook(&h).unwrap().decision.unwrap().number,
        number46
    );
}
