//! Time-bounded mutation fuzzing of every parser and importer, on stable Rust.
//!
//! Each target starts from a kept corpus (`tests/fuzz/corpus/<target>/`, plus the built-in
//! templates' own files and bundles made at start), then mutates those inputs for
//! `SOTAY_FUZZ_SECONDS` seconds (default 2; `make test` gives each 30): bit flips, interesting
//! bytes, dictionary tokens, cuts, repeats and splices, capped at 64 KiB, and for Markdown deep
//! structures (thousands of `>`, `- `, `*`, `[`… up to 20 KB). An input that panics or takes
//! more than a second of CPU time is saved under `target/fuzz-findings/<target>/` and fails the
//! test; the run prints its seed, and `SOTAY_FUZZ_SEED=<seed>` replays it. A finding that was
//! fixed goes into the kept corpus so it is checked on every run from then on.
//!
//! A stack overflow cannot be caught: it aborts the whole process. So each target fuzzes in a
//! child process (this test binary run again, see [`in_child`]) on a thread with a bounded
//! stack, writing each input to `running.bin` before trying it; when the child dies, the
//! parent saves that input as a finding and fails, naming it.
//!
//! There is no coverage feedback (cargo-fuzz needs a nightly toolchain this project cannot
//! fetch); the dictionaries aim the mutations at each format's syntax instead.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sotay::{BundleKind, FixedClock, Workspace};
use sotay_doc::{build, ChapterInput, ChapterRole, DocMeta, Numbering};
use tempfile::TempDir;

const MAX_INPUT: usize = 64 * 1024;
const HANG: Duration = Duration::from_secs(1);
/// The most a deep-structure mutation adds.
const MAX_DEEP: usize = 20 * 1024;
/// Set in the child process that fuzzes (see [`in_child`]).
const CHILD: &str = "SOTAY_FUZZ_CHILD";

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

/// What a target's inputs are made of: dictionary tokens spliced in, and what deep
/// structures are built from.
struct Grammar<'a> {
    dict: &'a [&'a [u8]],
    /// `(open, close)`: `open` repeated, a word, `close` as many times (`*a *a … a* a*`);
    /// `{}` stands for the word. [`TABLE`] and [`LADDER`] are built specially.
    deep: &'a [(&'a str, &'a str)],
}

/// A table hundreds of columns wide.
const TABLE: &str = "<table>";
/// Lines indented one step more each: a list nested by indentation.
const LADDER: &str = "<ladder>";

/// A deep structure of at most about [`MAX_DEEP`] bytes from one of `units`.
fn deep(rng: &mut Rng, units: &[(&str, &str)]) -> Vec<u8> {
    let (open, close) = units[rng.below(units.len())];
    let word = ["x", "từ", "a1", "", "[](#id)", "**b**"][rng.below(6)];
    let fill = |u: &str| u.replace("{}", word);
    let (open, close) = (fill(open), fill(close));
    let unit = open.len() + close.len();
    // Half the time as deep as the budget allows: that is where recursion breaks.
    let most = (MAX_DEEP / unit.max(1)).max(1);
    let n = if rng.below(2) == 0 {
        most
    } else {
        1 + rng.below(most)
    };
    let mut out = String::new();
    if open == TABLE {
        let cols = 1 + rng.below(2000);
        let rows = (MAX_DEEP / (cols * 4)).clamp(1, 50);
        for r in 0..rows + 2 {
            for c in 0..cols {
                out.push_str(match r {
                    0 => "| h ",
                    1 => "|---",
                    _ if c % 3 == 0 => "| ",
                    _ => "| v ",
                });
            }
            out.push_str("|\n");
        }
    } else if open == LADDER {
        let step = ["  ", "   ", "    ", "> ", "- "][rng.below(5)];
        let marker = ["- ", "1. ", "> ", "* "][rng.below(4)];
        let steps = ((2.0 * MAX_DEEP as f64 / step.len() as f64).sqrt() as usize).min(n);
        for k in 0..steps {
            out.push_str(&step.repeat(k));
            out.push_str(marker);
            out.push_str(word);
            out.push('\n');
        }
    } else {
        out.push_str(&open.repeat(n));
        out.push_str(word);
        out.push_str(&close.repeat(n));
    }
    out.into_bytes()
}

/// One mutation of `input`, using `grammar` and `others` for splicing.
fn mutate(rng: &mut Rng, input: &[u8], grammar: &Grammar<'_>, others: &[Vec<u8>]) -> Vec<u8> {
    let dict = grammar.dict;
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let len = out.len();
        let at = rng.below(len + 1);
        match rng.below(if grammar.deep.is_empty() { 8 } else { 9 }) {
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
            8 => {
                let piece = deep(rng, grammar.deep);
                out.splice(at..at, piece);
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

/// Where the child writes each input before trying it.
fn running_file(target: &str) -> PathBuf {
    repo()
        .join("target/fuzz-findings")
        .join(target)
        .join("running.bin")
}

/// The seed of this run: `SOTAY_FUZZ_SEED` or the clock.
fn run_seed() -> u64 {
    std::env::var("SOTAY_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        })
}

/// The most memory (address space, KiB) a fuzzing child may take: an input that makes the
/// code allocate without end fails the allocation, which aborts the child, which makes it a
/// finding, instead of taking the machine's memory from everything else.
const CHILD_MEMORY_KIB: u64 = 4 << 20;

/// In the test process: runs the test `test` again in a child process (where [`CHILD`] is set
/// and this returns `true`, so the test goes on to fuzz), then checks how it ended and returns
/// `false`. A child that died (a stack overflow aborts the process; so does an allocation past
/// [`CHILD_MEMORY_KIB`]; and one that outlives its time is killed) leaves the input it was
/// trying in [`running_file`]: it is saved as a finding and the test fails, naming it and the
/// seed that replays the run.
fn in_child(test: &str, target: &str) -> bool {
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let seed = run_seed();
    let seconds: u64 = std::env::var("SOTAY_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let dir = repo().join("target/fuzz-findings").join(target);
    std::fs::create_dir_all(&dir).expect("the findings folder");
    let running = running_file(target);
    let _ = std::fs::remove_file(&running);
    let (out_path, err_path) = (dir.join("child-stdout.txt"), dir.join("child-stderr.txt"));
    let exe = std::env::current_exe().expect("the test binary");
    // Through the shell for its `ulimit` (std cannot set a child's limits).
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {CHILD_MEMORY_KIB} 2>/dev/null; exec \"$0\" \"$@\""
        ))
        .arg(exe)
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env("SOTAY_FUZZ_SEED", seed.to_string())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("the child runs");
    // Setup and the seeds take seconds; an input that loops forever must not hang the suite.
    let deadline = Instant::now() + Duration::from_secs(seconds * 2 + 300);
    let (status, hung) = loop {
        if let Some(status) = child.try_wait().expect("the child's status") {
            break (status, false);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            break (child.wait().expect("the child's status"), true);
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    // The child's report ("fuzz markdown: … inputs").
    for line in stdout
        .lines()
        .filter(|l| l.contains(&format!("fuzz {target}:")))
    {
        println!("{line}");
    }
    if status.success() {
        return false;
    }
    // A test that fails exits with 101; anything else is the process dying.
    if hung || status.code() != Some(101) {
        let input = std::fs::read(&running).unwrap_or_default();
        let name = format!("{:016x}.bin", fxhash(&input));
        let _ = std::fs::rename(&running, running.with_file_name(&name));
        let why = if hung {
            "hung".to_owned()
        } else {
            format!("died: {status}")
        };
        panic!(
            "fuzz {target} (SOTAY_FUZZ_SEED={seed}): the process {why} on target/fuzz-findings/{target}/{name}\n{}",
            stderr.lines().rev().take(5).collect::<Vec<_>>().join("\n")
        );
    }
    panic!("fuzz {target} (SOTAY_FUZZ_SEED={seed}) failed:\n{stdout}\n{stderr}");
}

/// How a target runs.
struct Plan {
    /// The stack of the thread that fuzzes: small, so that a recursion without a bound
    /// overflows at a depth the generated inputs reach, every time.
    stack: usize,
}

impl Default for Plan {
    /// The stack of a test thread (2 MiB), as these targets always had.
    fn default() -> Self {
        Plan { stack: 2 << 20 }
    }
}

/// Runs `run` on every seed, then on mutations until the time is up, on a thread with the
/// plan's stack; fails on findings. `run` gets the input and whether it is a seed (seeds get
/// every check, however slow).
fn fuzz(
    target: &str,
    seeds: Vec<Vec<u8>>,
    grammar: &Grammar<'_>,
    plan: Plan,
    run: impl FnMut(&[u8], bool) + Send,
) {
    std::thread::scope(|s| {
        let loop_ = std::thread::Builder::new()
            .stack_size(plan.stack)
            .spawn_scoped(s, move || fuzz_loop(target, seeds, grammar, run))
            .expect("the fuzzing thread");
        if let Err(panic) = loop_.join() {
            std::panic::resume_unwind(panic);
        }
    });
}

fn fuzz_loop(
    target: &str,
    seeds: Vec<Vec<u8>>,
    grammar: &Grammar<'_>,
    mut run: impl FnMut(&[u8], bool),
) {
    assert!(!seeds.is_empty(), "{target}: no seeds");
    let seconds: u64 = std::env::var("SOTAY_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let seed = run_seed();
    let mut rng = Rng(seed);
    let findings_dir = repo().join("target/fuzz-findings").join(target);
    let _ = std::fs::create_dir_all(&findings_dir);
    let running = running_file(target);
    let mut check = |input: &[u8], is_seed: bool| -> Option<String> {
        // Left behind if the process dies on this input (see `in_child`).
        let _ = std::fs::write(&running, input);
        let started = cpu_time();
        let outcome = catch_unwind(AssertUnwindSafe(|| run(input, is_seed)));
        let took = cpu_time().saturating_sub(started);
        let problem = match outcome {
            Err(_) => "panicked".to_owned(),
            Ok(()) if took > HANG && input.len() <= MAX_INPUT => format!("took {took:?}"),
            Ok(()) => return None,
        };
        let name = format!("{:016x}.bin", fxhash(input));
        let _ = std::fs::write(findings_dir.join(&name), input);
        Some(format!("{problem}: target/fuzz-findings/{target}/{name}"))
    };
    let mut findings: Vec<String> = seeds.iter().filter_map(|s| check(s, true)).collect();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut runs = seeds.len();
    while Instant::now() < deadline && findings.len() < 5 {
        let base = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, base, grammar, &seeds);
        findings.extend(check(&input, false));
        runs += 1;
    }
    let _ = std::fs::remove_file(&running);
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

/// What deep Markdown is built from: block quotes, lists (bullets, numbers, tasks), both
/// nested in each other, alerts, emphasis of every kind, links, images, code spans, tables,
/// footnotes.
const MARKDOWN_DEEP: &[(&str, &str)] = &[
    (">", ""),
    ("> ", ""),
    ("- ", ""),
    ("* ", ""),
    ("1. ", ""),
    ("- [ ] ", ""),
    ("> - ", ""),
    ("- > ", ""),
    ("> 1. ", ""),
    ("> [!NOTE]\n> ", ""),
    ("*", "*"),
    ("*{} ", " {}*"),
    ("_{} ", " {}_"),
    ("**{} ", " {}**"),
    ("~~{} ", " {}~~"),
    ("***", "***"),
    ("_", "_"),
    ("[", "](#id)"),
    ("[{} ", "](https://gs1.org)"),
    ("![", "](a.png)"),
    ("[*", "*](#id)"),
    ("`", "`"),
    ("|", ""),
    ("[^a]: ", ""),
    ("<b>", "</b>"),
    (TABLE, ""),
    (LADDER, ""),
];

/// Markdown → model → HTML, EPUB and PDF (A5 print edition). Every input goes through the
/// model, the HTML writer (the whole-book fragment and the live preview) and the EPUB's
/// chapters; one in eight, and every seed, through the single-file HTML, the EPUB's zip and the
/// whole PDF; one in four more through the PDF layout. (Fonts, zip and PDF serialisation cost
/// the same whatever the Markdown and took most of the time: 400 inputs in 30 s before.)
#[test]
fn markdown_through_every_writer() {
    if !in_child("markdown_through_every_writer", "markdown") {
        return;
    }
    let mut seeds = kept("markdown");
    seeds.extend(template_chapters());
    seeds.push(std::fs::read(repo().join("docs/markdown.md")).unwrap());
    let grammar = Grammar {
        dict: MARKDOWN_TOKENS,
        deep: MARKDOWN_DEEP,
    };
    // 1 MiB: an unbounded recursion overflows within a few thousand levels, which the deep
    // mutations reach; the writers' bounded depth needs a fraction of it.
    let plan = Plan { stack: 1 << 20 };
    let mut n = 0u64;
    fuzz("markdown", seeds, &grammar, plan, move |input, is_seed| {
        n += 1;
        let full = is_seed || n.is_multiple_of(8);
        let md = String::from_utf8_lossy(input).into_owned();
        let chapters = [ChapterInput {
            key: "f".into(),
            title: "F".into(),
            markdown: md.clone(),
            role: ChapterRole::Body,
        }];
        let built = build(DocMeta::default(), &chapters, Numbering::Auto, &|_| None);
        assert!(!sotay_doc::html::body_fragment(&built.document).contains("<script"));
        let preview = sotay_doc::html::preview_fragment(&md, &|_| None);
        assert!(!preview.contains("<script"));
        let book = sotay_doc::epub::Book::prepare(&built.document);
        let opts = sotay_pdf::PdfOptions {
            edition: sotay_pdf::Edition::Print,
            paper: sotay_pdf::Paper::A5,
        };
        if full {
            let html = sotay_doc::html::single_file(&built.document);
            assert!(!html.contains("<script"));
            book.write(None).unwrap();
            let pdf = sotay_pdf::write(&built.document, &opts);
            assert!(pdf.bytes.starts_with(b"%PDF-"));
        } else if n.is_multiple_of(4) {
            let _ = sotay_pdf::prepare(&built.document, &opts);
        }
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
    if !in_child("template_rendering", "template") {
        return;
    }
    let vars = sotay_templates::builtin()
        .unwrap()
        .into_iter()
        .next()
        .unwrap()
        .sample_vars;
    let mut seeds = kept("template");
    seeds.extend(template_chapters());
    let grammar = Grammar {
        dict: TERA_TOKENS,
        deep: &[],
    };
    fuzz("template", seeds, &grammar, Plan::default(), |input, _| {
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
    if !in_child("bundle_import", "bundle") {
        return;
    }
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
    let grammar = Grammar {
        dict: BUNDLE_TOKENS,
        deep: &[],
    };
    fuzz("bundle", seeds, &grammar, Plan::default(), |input, _| {
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
    if !in_child("csv_imports", "csv") {
        return;
    }
    let dir = TempDir::new().unwrap();
    let (mut ws, _h, a) = workspace(dir.path());
    let seeds = kept("csv");
    let grammar = Grammar {
        dict: CSV_TOKENS,
        deep: &[],
    };
    fuzz("csv", seeds, &grammar, Plan::default(), |input, _| {
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
    if !in_child("gs1_identifiers", "gs1") {
        return;
    }
    let seeds = kept("gs1");
    let grammar = Grammar {
        dict: GS1_TOKENS,
        deep: &[],
    };
    fuzz("gs1", seeds, &grammar, Plan::default(), |input, _| {
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
