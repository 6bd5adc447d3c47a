//! Time-bounded mutation fuzzing of every parser and importer, on stable Rust.
//!
//! Each target starts from a kept corpus (`tests/fuzz/corpus/<target>/`, plus the built-in
//! templates' own files and bundles made at start), then mutates those inputs for
//! `SOTAY_FUZZ_SECONDS` seconds (default 2; `make test` gives each 30): bit flips, interesting
//! bytes, dictionary tokens, cuts, repeats and splices, capped at 64 KiB. An input that panics
//! or takes more than a second of CPU time is saved under `target/fuzz-findings/<target>/` and fails the
//! test; the run prints its seed, and `SOTAY_FUZZ_SEED=<seed>` replays it. A finding that was
//! fixed goes into the kept corpus so it is checked on every run from then on.
//!
//! There is no coverage feedback (cargo-fuzz needs a nightly toolchain this project cannot
//! fetch); the dictionaries aim the mutations at each format's syntax instead.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sotay::{BundleKind, FixedClock, Workspace};
use sotay_doc::{build, ChapterInput, ChapterRole, DocMeta, Numbering};
use tempfile::TempDir;

const MAX_INPUT: usize = 64 * 1024;
const HANG: Duration = Duration::from_secs(1);

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A small, seedable generator (xorshift64*): the run must be replayable from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One mutation of `input`, using `dict` tokens and `others` for splicing.
fn mutate(rng: &mut Rng, input: &[u8], dict: &[&[u8]], others: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let len = out.len();
        let at = rng.below(len + 1);
        match rng.below(8) {
            0 if len > 0 => out[at.min(len - 1)] ^= 1 << rng.below(8),
            1 if len > 0 => {
                const INTERESTING: [u8; 10] =
                    [0, 0xff, 0x7f, 0x80, b'\n', b'"', b'<', b'{', b'%', b'|'];
                out[at.min(len - 1)] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 | 3 if !dict.is_empty() => {
                let token = dict[rng.below(dict.len())];
                out.splice(at..at, token.iter().copied());
            }
            4 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                out.drain(at.min(end)..end);
            }
            5 if len > 0 => {
                // Repeat a piece: grows nesting and long runs (deep lists, long lines).
                let start = rng.below(len);
                let end = (start + 1 + rng.below(32)).min(len);
                let piece = out[start..end].repeat(1 + rng.below(16));
                out.splice(at..at, piece);
            }
            6 if !others.is_empty() => {
                let other = &others[rng.below(others.len())];
                let from = rng.below(other.len() + 1);
                out.truncate(at);
                out.extend_from_slice(&other[from..]);
            }
            _ => {
                let byte = rng.next() as u8;
                out.insert(at, byte);
            }
        }
    }
    out.truncate(MAX_INPUT);
    out
}

/// The files of a kept corpus folder.
fn kept(target: &str) -> Vec<Vec<u8>> {
    let dir = repo().join("tests/fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// Runs `run` on every seed, then on mutations until the time is up; returns the findings.
fn fuzz(target: &str, seeds: Vec<Vec<u8>>, dict: &[&[u8]], mut run: impl FnMut(&[u8])) {
    assert!(!seeds.is_empty(), "{target}: no seeds");
    let seconds: u64 = std::env::var("SOTAY_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let seed: u64 = std::env::var("SOTAY_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    let mut rng = Rng(seed);
    let findings_dir = repo().join("target/fuzz-findings").join(target);
    let check = |input: &[u8], run: &mut dyn FnMut(&[u8])| -> Option<String> {
        let started = cpu_time();
        let outcome = catch_unwind(AssertUnwindSafe(|| run(input)));
        let took = cpu_time().saturating_sub(started);
        let problem = match outcome {
            Err(_) => "panicked".to_owned(),
            Ok(()) if took > HANG && input.len() <= MAX_INPUT => format!("took {took:?}"),
            Ok(()) => return None,
        };
        let name = format!("{:016x}.bin", fxhash(input));
        let _ = std::fs::create_dir_all(&findings_dir);
        let _ = std::fs::write(findings_dir.join(&name), input);
        Some(format!("{problem}: target/fuzz-findings/{target}/{name}"))
    };
    let mut findings: Vec<String> = seeds.iter().filter_map(|s| check(s, &mut run)).collect();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut runs = seeds.len();
    while Instant::now() < deadline && findings.len() < 5 {
        let base = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, base, dict, &seeds);
        findings.extend(check(&input, &mut run));
        runs += 1;
    }
    println!(
        "fuzz {target}: {runs} inputs in {seconds} s from {} seeds (SOTAY_FUZZ_SEED={seed})",
        seeds.len()
    );
    assert!(
        findings.is_empty(),
        "fuzz {target} (SOTAY_FUZZ_SEED={seed}):\n{}",
        findings.join("\n")
    );
}

/// The CPU time this thread has used: a hang is work, and a loaded machine (CI running two
/// test binaries, a compiler beside them) must not turn a slow wall clock into a finding.
/// Falls back to the wall clock where Linux's schedstat is not there.
fn cpu_time() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_else(|| {
            static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
            START.get_or_init(Instant::now).elapsed()
        })
}

fn fxhash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The built-in templates' chapter sources (Markdown with Tera).
fn template_chapters() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for t in ["tom-nuoc-lo", "lua-gao"] {
        let dir = repo().join("handbook-templates").join(t).join("chapters");
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        out.extend(files.iter().map(|p| std::fs::read(p).unwrap()));
    }
    out
}

const MARKDOWN_TOKENS: &[&[u8]] = &[
    b"# ",
    b"## ",
    b"\n\n",
    b"- ",
    b"1. ",
    b"> ",
    b"> [!NOTE]\n> ",
    b"```qr\n",
    b"```glossary\n",
    b"```\n",
    b"| a | b |\n|---|--:|\n",
    "Bảng: ".as_bytes(),
    "Hình: ".as_bytes(),
    b"{#id}",
    b"[](#id)",
    b"[^1]",
    b"[^1]: x\n",
    b"**",
    b"*",
    b"`",
    b"~~",
    b"- [x] ",
    b"![a](b.png)",
    b"<!-- pagebreak -->",
    b"<script>",
    b"<img src=x onerror=alert(1)>",
    b"javascript:",
    b"&#",
    b"\\",
    "ẩ".as_bytes(),
    b"\xcc\x81",
    b"https://id.gs1.org/01/08931234567897/10/L1",
    b"\t",
    b"    ",
];

/// Markdown → model → single-file HTML, EPUB and PDF (A5 print edition).
#[test]
fn markdown_through_every_writer() {
    let mut seeds = kept("markdown");
    seeds.extend(template_chapters());
    seeds.push(std::fs::read(repo().join("docs/markdown.md")).unwrap());
    fuzz("markdown", seeds, MARKDOWN_TOKENS, |input| {
        let md = String::from_utf8_lossy(input).into_owned();
        let chapters = [ChapterInput {
            key: "f".into(),
            title: "F".into(),
            markdown: md.clone(),
            role: ChapterRole::Body,
        }];
        let built = build(DocMeta::default(), &chapters, Numbering::Auto, &|_| None);
        let html = sotay_doc::html::single_file(&built.document);
        assert!(!html.contains("<script"));
        sotay_doc::epub::write(&built.document).unwrap();
        let pdf = sotay_pdf::write(
            &built.document,
            &sotay_pdf::PdfOptions {
                edition: sotay_pdf::Edition::Print,
                paper: sotay_pdf::Paper::A5,
            },
        );
        assert!(pdf.bytes.starts_with(b"%PDF-"));
        let _ = sotay_doc::html::preview_fragment(&md, &|_| None);
    });
}

const TERA_TOKENS: &[&[u8]] = &[
    b"{{ ",
    b" }}",
    b"{% ",
    b" %}",
    b"{%- ",
    b" -%}",
    b"{# ",
    b" #}",
    b"if ",
    b"endif",
    b"for x in ",
    b"endfor",
    b"range(end=100)",
    b"macro m() ",
    b"endmacro",
    b"self::m()",
    b"set x = ",
    b"include \"x\"",
    b"product.gtin",
    b"| gtin14",
    b"| upper",
    b"| length",
    b"province.name",
    b"loop.index",
    b"\"",
    b"[1,2,3]",
    b"~",
    b"raw",
    b"endraw",
];

/// Chapter sources rendered with the template's sample values.
#[test]
fn template_rendering() {
    let vars = sotay_templates::builtin()
        .unwrap()
        .into_iter()
        .next()
        .unwrap()
        .sample_vars;
    let mut seeds = kept("template");
    seeds.extend(template_chapters());
    fuzz("template", seeds, TERA_TOKENS, |input| {
        let _ = sotay_templates::render(&String::from_utf8_lossy(input), &vars);
    });
}

/// A workspace with one assessment (answers, a trace test, a finding), for the importers.
fn workspace(dir: &Path) -> (Workspace, String, String) {
    let clock = Arc::new(FixedClock(time::macros::datetime!(2026-11-29 08:00 UTC)));
    let mut ws = Workspace::open(&dir.join("nguon.db"), clock).unwrap();
    ws.ensure_sample_workspace().unwrap();
    let pilot = ws.pilots().unwrap().remove(0);
    let h = pilot.handbook_id.clone().unwrap();
    let a = ws
        .new_assessment(&pilot.id, &h, "2026-07-20", "Lê Thanh Tùng", &[])
        .unwrap()
        .id;
    ws.answer_csv(
        &a,
        "item,result,note,reason\nS1.1,pass,đủ,\nS6.2,major,thiếu sổ,\n",
    )
    .unwrap();
    (ws, h, a)
}

const BUNDLE_TOKENS: &[&[u8]] = &[
    b"PK\x03\x04",
    b"PK\x01\x02",
    b"PK\x05\x06",
    b"manifest.json",
    b"records.json",
    b"../",
    b"/etc/passwd",
    b"{\"version\":",
    b"\"sha256\":\"",
    b"\xff\xff\xff\xff",
    b"\0\0\0\0",
];

/// Bundle import (dry run and real) into a workspace: bad bundles are refused, never a panic.
#[test]
fn bundle_import() {
    let dir = TempDir::new().unwrap();
    let (ws, _h, a) = workspace(dir.path());
    let mut seeds = kept("bundle");
    let file = dir.path().join("goi.sotay");
    ws.export_bundle(BundleKind::Assessment, &a, &file).unwrap();
    seeds.push(std::fs::read(&file).unwrap());
    drop(ws);
    let mut target = Workspace::open(
        &dir.path().join("dich.db"),
        Arc::new(FixedClock(time::macros::datetime!(2026-11-29 09:00 UTC))),
    )
    .unwrap();
    let input_file = dir.path().join("vao.sotay");
    let mut dry = false;
    fuzz("bundle", seeds, BUNDLE_TOKENS, |input| {
        std::fs::write(&input_file, input).unwrap();
        dry = !dry;
        let _ = target.import_bundle(&input_file, dry);
    });
}

const CSV_TOKENS: &[&[u8]] = &[
    b"item,result,note,reason\n",
    b"name,unit,copies\n",
    b",",
    b"\"",
    b"\"\"",
    b"\r\n",
    b"\n",
    b"S1.1",
    b"S9.1",
    b"pass",
    b"minor",
    b"major",
    b"na",
    b"10000",
    b"-1",
    b"\xef\xbb\xbf",
];

/// Answer CSV and recipients CSV: all-or-nothing imports with row numbers, never a panic.
#[test]
fn csv_imports() {
    let dir = TempDir::new().unwrap();
    let (mut ws, _h, a) = workspace(dir.path());
    let seeds = kept("csv");
    fuzz("csv", seeds, CSV_TOKENS, |input| {
        let text = String::from_utf8_lossy(input);
        let _ = ws.answer_csv(&a, &text);
        let _ = sotay::parse_recipients(&text);
    });
}

const GS1_TOKENS: &[&[u8]] = &[
    b"https://id.gs1.org/01/",
    b"/10/",
    b"/21/",
    b"/17/",
    b"/414/",
    b"?17=",
    b"&",
    b"%2F",
    b"893",
    b"0",
    b"9",
    b"GTIN ",
    b"GLN ",
    b"(01)",
    b"(10)",
];

/// GS1 keys, Digital Link URIs and keys found in running text.
#[test]
fn gs1_identifiers() {
    let seeds = kept("gs1");
    fuzz("gs1", seeds, GS1_TOKENS, |input| {
        let text = String::from_utf8_lossy(input);
        for line in text.lines().chain([text.as_ref()]) {
            let _ = sotay_model::gs1::validate_gtin(line);
            let _ = sotay_model::gs1::validate_gln(line);
            let _ = sotay_model::gs1::validate_sscc(line);
            let _ = sotay_model::gs1::validate_vn_company_prefix(line);
            let _ = sotay_model::gs1::gtin14(line);
            let _ = sotay_model::gs1::parse_digital_link(line);
        }
        let _ = sotay_model::gs1::scan_text(&text);
    });
}
