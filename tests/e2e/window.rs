//! End-to-end tests of the real window: tauri-driver → WebKitWebDriver → the Sotay app, on a
//! temporary database, under Xvfb. Run by `make test` (which sets TAURI_E2E=1 and wraps the run
//! in xvfb-run). Screenshots of each screen go to `test-output/e2e/` (not committed).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

const DRIVER_PORT: u16 = 4444;
/// The driver's ports are fixed, so the tests of this file take turns.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
const NATIVE_PORT: u16 = 4445;

/// tauri-driver, stopped with SIGTERM (so it stops WebKitWebDriver too) when dropped.
struct Driver(Child);

impl Driver {
    fn start(env: &[(&str, &Path)]) -> Driver {
        Driver::start_as(env, Some("Trần Thị Thu Hà"))
    }

    /// tauri-driver for a user named `author` (`SOTAY_AUTHOR`), or for nobody yet: then the
    /// window asks who is working on first start.
    fn start_as(env: &[(&str, &Path)], author: Option<&str>) -> Driver {
        let bin = which("tauri-driver").expect(
            "tauri-driver is not installed: run `make test` (it installs it) or \
             `cargo install 'tauri-driver@^2' --locked`",
        );
        let mut cmd = Command::new(bin);
        cmd.args([
            "--port",
            &DRIVER_PORT.to_string(),
            "--native-port",
            &NATIVE_PORT.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .env_remove("SOTAY_AUTHOR");
        // A named user, so the first-start identity dialog does not stand in front of every
        // test (first_start_asks_who_is_working… walks that dialog).
        if let Some(author) = author {
            cmd.env("SOTAY_AUTHOR", author);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        Driver(cmd.spawn().expect("cannot start tauri-driver"))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn which(name: &str) -> Option<PathBuf> {
    let home_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|c| c.join("bin"));
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(home_bin)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn output_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../test-output/e2e");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Whether the window tests are off (they need TAURI_E2E=1 and an X server).
fn skipped() -> bool {
    let off = std::env::var_os("TAURI_E2E").is_none();
    if off {
        eprintln!("skipped: set TAURI_E2E=1 and run under Xvfb (make test does both)");
    }
    off
}

/// A temporary folder with the database path `name` in it (not created yet), and tauri-driver
/// running with config and data folders inside it.
fn new_workspace(name: &str) -> (tempfile::TempDir, PathBuf, Driver) {
    let tmp = tempfile::TempDir::new().unwrap();
    let db = tmp.path().join(name);
    let config = tmp.path().join("config");
    let data = tmp.path().join("data");
    let driver = Driver::start(&[("XDG_CONFIG_HOME", &config), ("XDG_DATA_HOME", &data)]);
    (tmp, db, driver)
}

async fn connect(db: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        json!({
            "application": env!("CARGO_BIN_EXE_sotay-app"),
            "args": ["--db", db],
        }),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{DRIVER_PORT}"))
            .await
        {
            Ok(c) => return c,
            Err(e) if Instant::now() < deadline => {
                eprintln!("waiting for tauri-driver: {e}");
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            Err(e) => panic!("cannot start a WebDriver session: {e}"),
        }
    }
}

/// Waits until the element at `css` has text for which `ok` holds; returns that text.
async fn wait_text(c: &Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(el) = c.find(Locator::Css(css)).await {
            if let Ok(mut text) = el.text().await {
                // A one-line heading cut with "…" reads as empty to WebKitWebDriver: its text.
                if text.is_empty() {
                    text = el
                        .prop("textContent")
                        .await
                        .ok()
                        .flatten()
                        .unwrap_or_default();
                }
                if ok(&text) {
                    return text;
                }
                last = text;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css}: text never matched; last seen {last:?}");
}

async fn count(c: &Client, css: &str) -> usize {
    c.find_all(Locator::Css(css))
        .await
        .map(|v| v.len())
        .unwrap_or(0)
}

async fn click(c: &Client, css: &str) {
    let el = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    reveal(c, &el).await;
    el.click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Scrolls `el` to the middle of its scrolling box first. The window's parts scroll on their own
/// (a wizard's form between its steps and its buttons): WebKitWebDriver leaves an element half
/// hidden at the edge of such a box and then calls it not interactable.
async fn reveal(c: &Client, el: &fantoccini::elements::Element) {
    let _ = c
        .execute(
            "const el = arguments[0]; \
             if (el.getBoundingClientRect().height < innerHeight / 3) \
               el.scrollIntoView({ block: 'center', inline: 'nearest' });",
            vec![serde_json::to_value(el).unwrap()],
        )
        .await;
}

/// Types `text` into the element at `css` (WebDriver key events, as a keyboard would).
async fn type_into(c: &Client, css: &str, text: &str) {
    let el = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    reveal(c, &el).await;
    el.send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

/// Empties the input at `css` and types `text`.
async fn replace_text(c: &Client, css: &str, text: &str) {
    let el = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    reveal(c, &el).await;
    el.clear()
        .await
        .unwrap_or_else(|e| panic!("clear {css}: {e}"));
    el.send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

/// Runs a script in the page and returns its value.
async fn js(c: &Client, script: &str) -> serde_json::Value {
    c.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Waits until the script returns `true`.
async fn wait_js(c: &Client, what: &str, script: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if js(c, script).await == json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what}: never became true");
}

/// Clicks the first element at `css` whose text contains `needle`.
async fn click_text(c: &Client, css: &str, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        for el in c.find_all(Locator::Css(css)).await.unwrap_or_default() {
            if el.text().await.map(|t| t.contains(needle)).unwrap_or(false) {
                reveal(c, &el).await;
                el.click()
                    .await
                    .unwrap_or_else(|e| panic!("click {css} {needle:?}: {e}"));
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css}: nothing with the text {needle:?}");
}

/// Opens the `n`-th chapter (from 0) of the open handbook in the editor.
async fn open_chapter(c: &Client, n: usize) {
    let items = c
        .find_all(Locator::Css("[data-testid=chapter-item]"))
        .await
        .unwrap();
    items[n].click().await.unwrap();
}

/// Waits until the chapter's source is in the editor (CodeMirror).
async fn wait_editor(c: &Client) {
    wait_js(
        c,
        "the chapter is in the editor",
        "const e = document.querySelector('.cm-content'); return !!e && e.textContent.length > 200;",
    )
    .await;
}

/// A picture of the screen as the user sees it, at 1280×800 and again at 1024×700 (the window
/// resized, `-1024x700` after the name). On each, the window itself must not scroll (only its
/// content area does) and no internal id (a UUID) may be visible.
async fn screenshot(c: &Client, name: &str) {
    tokio::time::sleep(Duration::from_millis(400)).await;
    check_screen(c, name).await;
    shoot(c, name, None).await;
    if std::env::var_os("SOTAY_E2E_ONE_SIZE").is_some() {
        return;
    }
    let (x, y, w, h) = c.get_window_rect().await.expect("window size");
    c.set_window_rect(0, 0, 1024, 700)
        .await
        .expect("resize to 1024×700");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let small = format!("{name}-1024x700");
    check_screen(c, &small).await;
    shoot(c, &small, Some((1024, 700))).await;
    c.set_window_rect(x as u32, y as u32, w as u32, h as u32)
        .await
        .expect("resize back");
    tokio::time::sleep(Duration::from_millis(300)).await;
}

/// The window's document never scrolls (no cut sidebar, no grey band under it) and shows no
/// UUID; a broken screen is named in the failure.
async fn check_screen(c: &Client, name: &str) {
    let v = js(
        c,
        "const d = document.scrollingElement; \
         const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(document.body.innerText); \
         return { h: d.scrollHeight, ih: innerHeight, w: d.scrollWidth, iw: innerWidth, top: d.scrollTop, uuid: uuid && uuid[0] };",
    )
    .await;
    let n = |k: &str| v[k].as_f64().unwrap_or(f64::MAX);
    assert!(
        n("h") <= n("ih") && n("w") <= n("iw") && n("top") == 0.0,
        "{name}: the window itself scrolls: {v}"
    );
    assert!(
        v["uuid"].is_null(),
        "{name}: an internal id is visible: {v}"
    );
}

/// The X server's picture (cropped to `size` from the top left), else WebDriver's.
async fn shoot(c: &Client, name: &str, size: Option<(u32, u32)>) {
    let path = output_dir().join(format!("{name}.png"));
    let mut import = Command::new("import");
    import.args(["-window", "root"]);
    if let Some((w, h)) = size {
        import.args(["-crop", &format!("{w}x{h}+0+0"), "+repage"]);
    }
    let from_x = std::env::var_os("DISPLAY").is_some()
        && import
            .arg(&path)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
    if !from_x {
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(&path, png).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_shows_the_sample_workspace_in_every_area_in_both_languages() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (_tmp, db, _driver) = new_workspace("e2e.db");

    // First start: the sample workspace appears in the handbook library.
    let c = connect(&db).await;
    assert_eq!(
        c.title().await.unwrap(),
        "Sotay — Sổ tay truy xuất nguồn gốc"
    );
    let title = wait_text(&c, "[data-testid=handbook-title]", |t| {
        t.starts_with("Sổ tay hướng dẫn truy xuất nguồn gốc")
    })
    .await;
    assert!(title.contains("Tôm"), "{title}");
    wait_text(&c, "[data-testid=status]", |t| t == "Dự thảo").await;
    assert!(count(&c, "[data-testid=template-list] li").await >= 2);
    screenshot(&c, "01-so-tay").await;

    // Open the handbook: chapters on the left, the first chapter rendered on the right.
    click(&c, "[data-testid=handbook-title]").await;
    wait_text(&c, "[data-testid=handbook-heading]", |t| t == title).await;
    assert!(count(&c, "[data-testid=chapter-item]").await >= 10);
    wait_text(&c, "[data-testid=chapter-body]", |t| t.len() > 200).await;
    let body = c
        .find(Locator::Css("[data-testid=chapter-body]"))
        .await
        .unwrap();
    assert!(
        body.html(true).await.unwrap().contains("<h1"),
        "the chapter is rendered as HTML"
    );
    screenshot(&c, "02-so-tay-chuong").await;

    // Pilot verification: the cooperative and the enterprise.
    click(&c, "[data-testid=nav-pilots]").await;
    wait_text(&c, "[data-testid=pilot-list]", |t| {
        t.contains("Hợp tác xã") && t.contains("Doanh nghiệp")
    })
    .await;
    assert_eq!(count(&c, "[data-testid=pilot-card]").await, 2);
    screenshot(&c, "03-kiem-tra-thi-diem").await;

    // Publishing.
    click(&c, "[data-testid=nav-publishing]").await;
    wait_text(&c, "[data-testid=publishing-empty]", |t| {
        t.contains("Chưa có ấn bản nào")
    })
    .await;
    screenshot(&c, "04-phat-hanh").await;

    // Settings: the database in use is the temporary one; switch to English.
    click(&c, "[data-testid=nav-settings]").await;
    wait_text(&c, "[data-testid=db-path]", |t| t.ends_with("e2e.db")).await;
    screenshot(&c, "05-cai-dat").await;
    click(&c, "[data-testid=lang-en]").await;
    wait_text(&c, "[data-testid=nav-handbooks]", |t| t == "Handbooks").await;
    wait_text(&c, "[data-testid=nav-pilots]", |t| {
        t == "Pilot verification"
    })
    .await;
    screenshot(&c, "06-settings-en").await;
    click(&c, "[data-testid=nav-handbooks]").await;
    wait_text(&c, "[data-testid=status]", |t| t == "Draft").await;
    screenshot(&c, "07-handbooks-en").await;
    c.close().await.unwrap();

    // Restart: the language choice and the workspace persist; the sample is not made twice.
    let c = connect(&db).await;
    wait_text(&c, "[data-testid=nav-handbooks]", |t| t == "Handbooks").await;
    wait_text(&c, "[data-testid=handbook-title]", |t| t == title).await;
    assert_eq!(count(&c, "[data-testid=handbook-title]").await, 1);
    click(&c, "[data-testid=nav-settings]").await;
    click(&c, "[data-testid=lang-vi]").await;
    wait_text(&c, "[data-testid=nav-handbooks]", |t| t == "Sổ tay").await;
    wait_text(&c, "[data-testid=nav-pilots]", |t| t == "Kiểm tra thí điểm").await;
    c.close().await.unwrap();
}

/// The app process started for `db` (tauri-driver → WebKitWebDriver → sotay-app --db DB).
fn app_pid(db: &Path) -> Option<u32> {
    let db = db.to_string_lossy();
    std::fs::read_dir("/proc").ok()?.find_map(|e| {
        let pid: u32 = e.ok()?.file_name().to_str()?.parse().ok()?;
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
        let args: Vec<String> = cmdline
            .split(|b| *b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        (args.first()?.ends_with("sotay-app") && args.iter().any(|a| *a == db)).then_some(pid)
    })
}

/// Seconds since boot now, and when process `pid` started (Linux, 100 ticks a second).
fn uptime_and_start(pid: u32) -> (f64, f64) {
    let up: f64 = std::fs::read_to_string("/proc/uptime")
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let ticks: f64 = stat_field(pid, 22).unwrap().parse().unwrap();
    (up, ticks / 100.0)
}

/// Field `n` (1-based, as `man proc` numbers them) of `/proc/<pid>/stat`: 4 is the parent, 22
/// the start time in clock ticks. The command name (field 2) may hold spaces and parentheses.
fn stat_field(pid: u32, n: usize) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &stat[stat.rfind(')')? + 2..];
    after.split_whitespace().nth(n - 3).map(str::to_owned)
}

/// The app and every process it started (the WebKit web and network processes).
fn process_tree(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| {
            let pid: u32 = e.ok()?.file_name().to_str()?.parse().ok()?;
            Some((pid, stat_field(pid, 4)?.parse().ok()?))
        })
        .collect();
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(parents.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    tree
}

/// Proportional set size (shared pages divided among their users) of `pids`, in MiB.
fn pss_mib(pids: &[u32]) -> f64 {
    pids.iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")).ok())
        .filter_map(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .sum::<f64>()
        / 1024.0
}

/// Starts the app on `db` and waits for the first screen with data; returns the client, the
/// app's pid and the cold start in milliseconds (process start → the `sotay-interactive` mark).
async fn start_measured(db: &Path) -> (Client, u32, f64) {
    let c = connect(db).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let since_mark = js(
            &c,
            "const m = performance.getEntriesByName('sotay-interactive')[0]; \
             return m ? Date.now() - (performance.timeOrigin + m.startTime) : null;",
        )
        .await;
        if let Some(ms) = since_mark.as_f64() {
            let pid = app_pid(db).expect("the app's process");
            let (up, start) = uptime_and_start(pid);
            return (c, pid, (up - start) * 1000.0 - ms);
        }
        assert!(
            Instant::now() < deadline,
            "the first screen never showed data"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Measures what issue 9 asks of the app (recorded, not asserted: performance targets are
/// checked by benchmarks, not by timed tests): cold start to interactive, first start (which
/// makes the sample workspace) and later starts, and idle memory. Then kills the app with
/// SIGKILL right after typing, five times, and checks that every edit the window reported as
/// saved is there after a restart and that the database still opens (each open runs SQLite's
/// integrity check and refuses a damaged file).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_starts_fast_idles_small_and_keeps_saved_edits_when_killed() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (_tmp, db, _driver) = new_workspace("suc-khoe.db");

    let (c, pid, first_start) = start_measured(&db).await;
    wait_text(&c, "[data-testid=handbook-title]", |t| t.contains("Tôm")).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let tree = process_tree(pid);
    let idle = pss_mib(&tree);
    // The live preview's round trip for a 10-page chapter (≈ 5,000 words with tables), as the
    // editor calls it on a pause in typing: IPC, Tera, the document model, HTML, and back.
    let chapter: String = (1..=60)
        .map(|i| {
            format!(
                "## Mục {i}\n\nNgười nuôi ghi mã lô {{{{ product.gtin }}}} vào sổ nhật ký ao nuôi \
                 ngay khi thả giống, cho ăn, xử lý môi trường và thu hoạch. Mỗi lần ghi phải có \
                 ngày, giờ, người ghi và khối lượng; cuối ngày tổ trưởng kiểm tra và ký xác nhận \
                 để bảo đảm dữ liệu đầy đủ, chính xác và truy xuất được khi có yêu cầu.\n\n\
                 | Mã lô | Ao | Khối lượng (kg) |\n|---|---|--:|\n| TS-{i:03}-A | A{i} | 1 250 |\n\
                 | TS-{i:03}-B | B{i} | 980 |\n\n"
            )
        })
        .collect();
    let preview_ms = c
        .execute_async(
            "const [src, done] = arguments; (async () => {
               const inv = window.__TAURI_INTERNALS__.invoke;
               const id = (await inv('list_handbooks'))[0].id;
               const times = [];
               for (let i = 0; i < 21; i++) {
                 const s = performance.now();
                 await inv('preview_chapter', { handbookId: id, source: src });
                 times.push(performance.now() - s);
               }
               times.sort((a, b) => a - b);
               done(times[10]);
             })().catch((e) => done(String(e)));",
            vec![json!(chapter)],
        )
        .await
        .unwrap();
    let preview_ms = preview_ms
        .as_f64()
        .unwrap_or_else(|| panic!("preview: {preview_ms}"));
    c.close().await.unwrap();
    let mut starts = Vec::new();
    for _ in 0..3 {
        let (c, _, ms) = start_measured(&db).await;
        starts.push(ms);
        c.close().await.unwrap();
    }
    starts.sort_by(f64::total_cmp);
    let metrics = json!({
        "first_start_ms": first_start.round(),
        "start_ms_median_of_3": starts[1].round(),
        "idle_pss_mib": (idle * 10.0).round() / 10.0,
        "preview_10_pages_ms_median_of_21": (preview_ms * 10.0).round() / 10.0,
        "processes": tree.len(),
    });
    println!("app metrics: {metrics}");
    std::fs::write(output_dir().join("app-metrics.json"), metrics.to_string()).unwrap();
    assert!(first_start > 0.0 && idle > 10.0, "{metrics}");

    // Kill the app right after typing, five times: what was reported saved survives. A sixth
    // start, clean, checks the last round's edit.
    let mut saved: Vec<String> = Vec::new();
    for round in 1..=6 {
        let c = connect(&db).await;
        click(&c, "[data-testid=handbook-title]").await;
        wait_js(
            &c,
            "the chapter list",
            "return document.querySelectorAll('[data-testid=chapter-item]').length > 1;",
        )
        .await;
        open_chapter(&c, 1).await;
        // The preview renders the whole stored chapter (the editor only its visible lines).
        // (wait_text fails the test, showing the text, if an edit never appears.)
        wait_text(&c, "[data-testid=chapter-body]", |t| {
            saved.iter().all(|m| t.contains(m.as_str()))
        })
        .await;
        if round == 6 {
            screenshot(&c, "40-sau-khi-bi-tat-dot-ngot").await;
            c.close().await.unwrap();
            break;
        }
        wait_editor(&c).await;
        let mark = format!("Mốc lưu số {round} đã ghi.");
        type_into(&c, ".cm-content", &format!("{CTRL}{END}")).await;
        type_into(&c, ".cm-content", &format!("{ENTER}{ENTER}{mark}")).await;
        wait_text(&c, "[data-testid=save-state]", |t| t.contains("Đã lưu")).await;
        saved.push(mark);
        // More typing, and the kill lands while its autosave is pending or running.
        type_into(&c, ".cm-content", " Đang gõ dở thì mất điện").await;
        let pid = app_pid(&db).expect("the app's process");
        Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .unwrap();
        let _ = c.close().await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_database_is_explained_in_the_window_and_left_unchanged() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let tmp = tempfile::TempDir::new().unwrap();
    let db = tmp.path().join("hong.db");
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 9) as u8)
        .collect();
    std::fs::write(&db, &bytes).unwrap();
    let config = tmp.path().join("config");
    let _driver = Driver::start(&[("XDG_CONFIG_HOME", &config)]);
    let c = connect(&db).await;
    wait_text(&c, "[data-testid=fatal-error]", |t| {
        t.contains("không phải là cơ sở dữ liệu Sotay") && t.contains("hong.db")
    })
    .await;
    screenshot(&c, "08-csdl-hong").await;
    c.close().await.unwrap();
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

// WebDriver key codes (W3C WebDriver, keyboard actions).
const BACKSPACE: &str = "\u{e003}";
const ENTER: &str = "\u{e007}";
const CTRL: &str = "\u{e009}";
const END: &str = "\u{e010}";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_specialist_writes_handbooks_from_both_templates_checks_one_and_approves_it() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (_tmp, db, _driver) = new_workspace("soan-thao.db");
    const SHRIMP: &str = "Sổ tay tôm sú thử nghiệm";
    let c = connect(&db).await;

    // The author's name, recorded with every revision.
    click(&c, "[data-testid=nav-settings]").await;
    replace_text(&c, "[data-testid=user-name]", "Trần Thị Thu Hà").await;
    click(&c, "[data-testid=user-name-save]").await;
    wait_text(&c, "#user-name-msg", |t| t.contains("Đã lưu")).await;

    // Rice, from its template card, with the template's sample values.
    click(&c, "[data-testid=nav-handbooks]").await;
    click(&c, "[data-testid=use-template-lua-gao]").await;
    replace_text(
        &c,
        "[data-testid=wizard-title]",
        "Sổ tay lúa gạo ST25 thử nghiệm",
    )
    .await;
    click(&c, "[data-testid=wizard-next]").await;
    wait_text(&c, "[data-testid=wizard]", |t| {
        t.contains("Thông tin chung")
    })
    .await;
    screenshot(&c, "10-tao-so-tay-lua-gao").await;
    click(&c, "[data-testid=wizard-create]").await;
    wait_text(&c, "[data-testid=handbook-heading]", |t| {
        t == "Sổ tay lúa gạo ST25 thử nghiệm"
    })
    .await;
    assert!(count(&c, "[data-testid=chapter-item]").await >= 10);

    // Shrimp, through the wizard's template choice; a mistyped GTIN is caught as it is typed.
    click(&c, "a.back").await;
    click(&c, "[data-testid=new-handbook]").await;
    click(&c, "[data-testid=wizard-template-tom-nuoc-lo]").await;
    replace_text(&c, "[data-testid=wizard-title]", SHRIMP).await;
    click(&c, "[data-testid=wizard-next]").await;
    click(&c, "[data-testid=group-product]").await;
    replace_text(&c, "#var-product_gtin", "8939990100113").await;
    wait_text(&c, "[data-testid='field-product.gtin']", |t| {
        t.contains("chữ số kiểm tra là 3, đúng ra phải là 2")
    })
    .await;
    wait_text(&c, "[data-testid=wizard-blocked]", |t| t.contains("1 lỗi")).await;
    js(
        &c,
        "document.getElementById('var-product_gtin').scrollIntoView({ block: 'center' });",
    )
    .await;
    screenshot(&c, "11-tao-so-tay-gtin-sai").await;
    replace_text(&c, "#var-product_gtin", "8939990100112").await;
    // Rust's validation answers a moment after typing stops: the error goes, the tick comes.
    wait_text(&c, "[data-testid='field-product.gtin']", |t| {
        t.contains("✓ Mã GTIN hợp lệ") && !t.contains("Lỗi")
    })
    .await;
    click(&c, "[data-testid=wizard-create]").await;
    wait_text(&c, "[data-testid=handbook-heading]", |t| t == SHRIMP).await;

    // The editor is CodeMirror, styled although the CSP allows no inline styles: its <style>
    // carries the nonce Tauri put in style-src.
    open_chapter(&c, 1).await;
    wait_editor(&c).await;
    assert_eq!(
        js(
            &c,
            "return [getComputedStyle(document.querySelector('.cm-editor')).display, \
             !!document.querySelector('style[nonce]:not(#csp-nonce-carrier)')];"
        )
        .await,
        json!(["flex", true]),
        "CodeMirror's runtime styles were blocked"
    );

    // Type Vietnamese at the end of the chapter; autosave says "Đã lưu", the preview follows.
    let line = "Thu hoạch tôm sú vào sáng sớm, ghi mã lô ngay tại bờ ao.";
    // (WebKitWebDriver keeps a modifier down until the command ends, despite NULL.)
    type_into(&c, ".cm-content", &format!("{CTRL}{END}")).await;
    type_into(&c, ".cm-content", &format!("{ENTER}{ENTER}{line}")).await;
    wait_text(&c, "[data-testid=save-state]", |t| t.contains("Đã lưu")).await;
    screenshot(&c, "12-soan-chuong").await;
    wait_text(&c, "[data-testid=chapter-body]", |t| t.contains(line)).await;

    // A misspelt variable: the check reports it; it leads to the line; fixing it clears it.
    type_into(&c, ".cm-content", " {{ product.nam }}").await;
    wait_text(&c, "[data-testid=save-state]", |t| t.contains("Đã lưu")).await;
    wait_text(&c, "[data-testid=diag-list]", |t| t.contains("product.nam")).await;
    assert_ne!(
        js(
            &c,
            "return getComputedStyle(document.querySelector('.cm-tera-expr')).backgroundColor;"
        )
        .await,
        json!("rgba(0, 0, 0, 0)"),
        "Tera is highlighted"
    );
    screenshot(&c, "13-kiem-tra-loi").await;
    click_text(&c, "[data-testid=diagnostic]", "product.nam").await;
    wait_js(
        &c,
        "the diagnostic puts the cursor in the editor",
        "return document.activeElement === document.querySelector('.cm-content');",
    )
    .await;
    type_into(&c, ".cm-content", &format!("{CTRL}{END}")).await;
    let typo = " {{ product.nam }}";
    type_into(&c, ".cm-content", &BACKSPACE.repeat(typo.len())).await;
    wait_text(&c, "[data-testid=save-state]", |t| t.contains("Đã lưu")).await;
    wait_js(
        &c,
        "the diagnostic goes away once fixed",
        "const l = document.querySelector('[data-testid=diag-list]'); \
         return !l || !l.textContent.includes('product.nam');",
    )
    .await;
    c.close().await.unwrap();

    // Restart on the same database: the edit is there, and in the history with its author.
    let c = connect(&db).await;
    click_text(&c, "[data-testid=handbook-title]", SHRIMP).await;
    wait_text(&c, "[data-testid=handbook-heading]", |t| t == SHRIMP).await;
    open_chapter(&c, 1).await;
    wait_text(&c, "[data-testid=chapter-body]", |t| t.contains(line)).await;
    type_into(&c, ".cm-content", &format!("{CTRL}{END}")).await;
    wait_text(&c, ".cm-content", |t| t.contains(line)).await;
    click(&c, "[data-testid=tab-variables]").await;
    wait_text(&c, "[data-testid=variables-panel]", |t| {
        t.contains("Cơ quan ban hành sổ tay")
    })
    .await;
    screenshot(&c, "14-bien").await;
    // A variable changed and saved is in the variables' history; undoing it brings it back.
    replace_text(
        &c,
        "[data-testid='field-issuing_body'] input",
        "Sở KH&CN tỉnh An Giang (thử)",
    )
    .await;
    click(&c, "[data-testid=vars-save]").await;
    wait_text(&c, "[data-testid=vars-state]", |t| t.contains("Đã lưu")).await;
    wait_text(&c, "[data-testid=variable-history]", |t| {
        t.contains("Sở KH&CN tỉnh An Giang (thử)")
            && t.contains("Cơ quan ban hành sổ tay")
            && !t.contains("issuing_body")
    })
    .await;
    scroll_to(&c, "variable-history").await;
    screenshot(&c, "14b-lich-su-bien").await;
    click(&c, "[data-testid=variable-undo]").await;
    wait_text(&c, "[data-testid=variable-history]", |t| {
        t.contains("Đã hoàn tác thay đổi")
    })
    .await;
    // The form reloads the variables once the undo is stored.
    wait_js(
        &c,
        "the undone value back in the form",
        "return document.querySelector(\"[data-testid='field-issuing_body'] input\").value \
         !== 'Sở KH&CN tỉnh An Giang (thử)';",
    )
    .await;
    assert_eq!(count(&c, "[data-testid=variable-change]").await, 2);
    click(&c, "[data-testid=tab-history]").await;
    wait_text(&c, "[data-testid=history]", |t| {
        t.contains("Trần Thị Thu Hà")
    })
    .await;
    wait_text(&c, "[data-testid=diff-right]", |t| {
        t.contains("Thu hoạch tôm sú")
    })
    .await;
    screenshot(&c, "15-lich-su").await;

    // Review with a comment, then approval: the editor becomes read-only and says how to reopen.
    click(&c, "[data-testid=tab-chapters]").await;
    click(&c, "[data-testid=workflow-review]").await;
    wait_text(
        &c,
        "[data-testid=area-handbook] [data-testid=status]",
        |t| t == "Đang góp ý",
    )
    .await;
    click(&c, "[data-testid=pane-comments]").await;
    type_into(
        &c,
        "[data-testid=comment-body]",
        "Ghi rõ nhiệt độ ướp đá khi thu hoạch.",
    )
    .await;
    click(&c, "[data-testid=add-comment]").await;
    wait_text(&c, "[data-testid=comments]", |t| t.contains("ướp đá")).await;
    screenshot(&c, "16-gop-y").await;
    // She wrote the draft and her comment is open: approving asks for the reason (issue 17).
    click(&c, "[data-testid=workflow-approved]").await;
    wait_text(&c, "[data-testid=reason-dialog]", |t| {
        t.contains("còn 1 góp ý chưa xử lý")
    })
    .await;
    type_into(
        &c,
        "[data-testid=reason-text]",
        "Góp ý sẽ được bổ sung ở phiên bản sau.",
    )
    .await;
    screenshot(&c, "16b-ly-do-duyet").await;
    click(&c, "[data-testid=reason-submit]").await;
    wait_text(
        &c,
        "[data-testid=area-handbook] [data-testid=status]",
        |t| t == "Đã duyệt",
    )
    .await;
    wait_text(&c, "[data-testid=readonly-banner]", |t| {
        t.contains("Mở lại thành phiên bản mới")
    })
    .await;
    wait_text(&c, "[data-testid=status-reason]", |t| {
        t == "Lý do duyệt: Góp ý sẽ được bổ sung ở phiên bản sau."
    })
    .await;
    assert_eq!(
        js(
            &c,
            "return document.querySelector('.cm-content').contentEditable;"
        )
        .await,
        json!("false")
    );
    screenshot(&c, "17-da-duyet").await;
    c.close().await.unwrap();
}

const HOME: &str = "\u{e011}";

/// Selects `passage` in the editor as a mouse drag would: a DOM selection over the text node
/// that holds it, which CodeMirror takes as its own.
async fn select_in_editor(c: &Client, passage: &str) {
    let script = format!(
        "const want = {}; const content = document.querySelector('.cm-content'); \
         content.focus(); \
         const walk = document.createTreeWalker(content, NodeFilter.SHOW_TEXT); \
         for (let n = walk.nextNode(); n; n = walk.nextNode()) {{ \
           const i = n.data.indexOf(want); \
           if (i >= 0) {{ getSelection().setBaseAndExtent(n, i, n, i + want.length); return true; }} \
         }} return false;",
        json!(passage)
    );
    assert_eq!(
        js(c, &script).await,
        json!(true),
        "{passage:?} is not in the editor"
    );
}

/// Waits until the editor highlights exactly `passage` (CodeMirror may split it into pieces).
async fn wait_highlighted(c: &Client, passage: &str, what: &str) {
    let script = format!(
        "return [...document.querySelectorAll('.cm-passage')].map(e => e.textContent).join('') === {};",
        json!(passage)
    );
    wait_js(c, what, &script).await;
}

/// The passages highlighted in the editor, in order.
async fn passages(c: &Client) -> serde_json::Value {
    js(
        c,
        "return [...document.querySelectorAll('.cm-passage')].map(e => e.textContent);",
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anchored_comment() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (_tmp, db, _driver) = new_workspace("gop-y.db");
    const PASSAGE: &str = "hệ thống truy xuất nguồn gốc thống nhất";
    const BODY: &str = "Nêu rõ thống nhất theo quy định nào.";
    let c = connect(&db).await;
    click(&c, "[data-testid=handbook-title]").await;
    wait_text(&c, "[data-testid=handbook-heading]", |t| !t.is_empty()).await;
    open_chapter(&c, 1).await;
    wait_editor(&c).await;
    wait_text(&c, ".cm-content", |t| t.contains(PASSAGE)).await;

    // Select a passage, "Góp ý", write the comment: the passage is highlighted.
    select_in_editor(&c, PASSAGE).await;
    wait_js(
        &c,
        "the selection offers Góp ý beside it",
        "const b = document.querySelector('.cm-tooltip [data-testid=comment-selection], [data-testid=comment-selection].cm-tooltip'); \
         return !!b && b.textContent.includes('Góp ý');",
    )
    .await;
    screenshot(&c, "18-chon-doan-van").await;
    click(&c, "[data-testid=comment-selection]").await;
    wait_text(&c, "[data-testid=pending-passage]", |t| t.contains(PASSAGE)).await;
    type_into(&c, "[data-testid=comment-body]", BODY).await;
    click(&c, "[data-testid=add-comment]").await;
    wait_text(&c, "[data-testid=comments]", |t| t.contains(BODY)).await;
    wait_highlighted(&c, PASSAGE, "the passage is highlighted").await;
    wait_text(&c, "[data-testid=comment-quote]", |t| t.contains(PASSAGE)).await;
    screenshot(&c, "18b-gop-y-doan-van").await;

    // Edit before it (a new first line): saved, and the same passage is still highlighted.
    type_into(&c, ".cm-content", &format!("{CTRL}{HOME}")).await;
    type_into(
        &c,
        ".cm-content",
        &format!("Chương được rà soát lại tháng 12/2026.{ENTER}{ENTER}"),
    )
    .await;
    wait_text(&c, "[data-testid=save-state]", |t| t.contains("Đã lưu")).await;
    wait_text(&c, ".cm-content", |t| {
        t.starts_with("Chương được rà soát lại tháng 12/2026.")
    })
    .await;
    wait_highlighted(
        &c,
        PASSAGE,
        "the passage is still highlighted after the edit",
    )
    .await;
    assert!(
        count(&c, "[data-testid=comment-detached]").await == 0,
        "the comment is not detached: {}",
        passages(&c).await
    );

    // Clicking the highlight marks its comment; clicking the quote selects the passage.
    click(&c, ".cm-passage").await;
    wait_js(
        &c,
        "the clicked passage's comment is marked",
        "return !!document.querySelector('[data-testid=comment].active') && !!document.querySelector('.cm-passage-active');",
    )
    .await;
    screenshot(&c, "18c-gop-y-sau-khi-sua").await;

    // Clicking the comment's quote brings its passage back into view from the chapter's end.
    js(
        &c,
        "const s = document.querySelector('.cm-scroller'); s.scrollTop = s.scrollHeight;",
    )
    .await;
    wait_js(
        &c,
        "the passage has scrolled out of view",
        "const p = document.querySelector('.cm-passage'); \
         const s = document.querySelector('.cm-scroller').getBoundingClientRect(); \
         if (!p) return true; const r = p.getBoundingClientRect(); \
         return r.bottom < s.top || r.top > s.bottom;",
    )
    .await;
    click(&c, "[data-testid=comment-quote]").await;
    wait_js(
        &c,
        "the passage is in view again",
        "const p = document.querySelector('.cm-passage'); \
         const s = document.querySelector('.cm-scroller').getBoundingClientRect(); \
         if (!p) return false; const r = p.getBoundingClientRect(); \
         return r.top >= s.top && r.bottom <= s.bottom;",
    )
    .await;
    c.close().await.unwrap();
}

/// Presses keys where the focus is (the element that has it), as a keyboard would.
async fn press(c: &Client, keys: &str) {
    c.active_element()
        .await
        .expect("an element has the focus")
        .send_keys(keys)
        .await
        .unwrap_or_else(|e| panic!("press {keys:?}: {e}"));
}

/// Waits until the checklist item `id` (e.g. `S1.2`) has the keyboard focus.
async fn wait_focus(c: &Client, id: &str) {
    wait_js(
        c,
        &format!("{id} has the focus"),
        &format!("return document.activeElement?.dataset?.itemId === '{id}';"),
    )
    .await;
}

/// The `data-result` of a checklist item's badge (pass, minor, major, na or none).
async fn item_result(c: &Client, id: &str) -> serde_json::Value {
    js(
        c,
        &format!(
            "const b = document.querySelector('[data-item-id=\"{id}\"] [data-testid=item-result]'); \
             return b && b.dataset.result;"
        ),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_distributor_exports_the_sample_handbook_as_html_and_epub_and_reads_it_whole() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (tmp, db, _driver) = new_workspace("ban-dien-tu.db");
    let out = tmp.path().join("Bản điện tử");
    std::fs::create_dir_all(&out).unwrap();
    let c = connect(&db).await;

    // The whole handbook in the app: contents and every numbered chapter.
    let title = wait_text(&c, "[data-testid=handbook-title]", |t| t.contains("Tôm")).await;
    click(&c, "[data-testid=handbook-title]").await;
    wait_text(&c, "[data-testid=handbook-heading]", |t| t == title).await;
    click(&c, "[data-testid=tab-whole]").await;
    wait_text(&c, "[data-testid=handbook-preview]", |t| {
        t.contains("Mục lục") && t.len() > 5000
    })
    .await;
    assert!(count(&c, "[data-testid=handbook-preview] section.chapter").await >= 10);
    screenshot(&c, "20-xem-toan-bo").await;

    // A link of the contents scrolls within the view and leaves the app's route alone.
    let hash = js(&c, "return location.hash;").await;
    js(
        &c,
        "const links = document.querySelectorAll('[data-testid=handbook-preview] nav.toc a'); \
         links[Math.floor(links.length / 2)].click();",
    )
    .await;
    wait_js(
        &c,
        "the contents link scrolled the preview",
        "return document.querySelector('.scroller').scrollTop > 500;",
    )
    .await;
    assert_eq!(js(&c, "return location.hash;").await, hash);
    screenshot(&c, "21-xem-toan-bo-muc-luc").await;

    // Export as HTML through the dialog ("Xuất tệp" → the handbook): the path is typed (no
    // native save dialog).
    click(&c, "[data-testid=export-menu]").await;
    click(&c, "[data-testid=open-export]").await;
    wait_text(&c, "[data-testid=export-dialog]", |t| {
        t.contains("Xuất tệp sổ tay")
    })
    .await;
    let html = out.join("so-tay-tom.html");
    replace_text(&c, "[data-testid=export-path]", html.to_str().unwrap()).await;
    screenshot(&c, "22-xuat-tep-so-tay").await;
    click(&c, "[data-testid=export-run]").await;
    wait_text(&c, "[data-testid=export-result]", |t| {
        t.contains("Đã xuất tệp HTML")
    })
    .await;
    let size = wait_text(&c, "[data-testid=export-size]", |t| t.ends_with("B")).await;
    let bytes = std::fs::read(&html).expect("the HTML soft copy was written");
    assert!(bytes.len() > 50_000, "{} bytes", bytes.len());
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("lang=\"vi\"") && text.contains("Mục lục"));
    assert!(size.contains("kB") || size.contains("MB"), "{size}");
    screenshot(&c, "23-xuat-html-xong").await;

    // Then EPUB: the extension follows the format.
    click(&c, "[data-testid=export-again]").await;
    click(&c, "[data-testid=export-format-epub]").await;
    let epub = out.join("so-tay-tom.epub");
    assert_eq!(
        js(
            &c,
            "return document.querySelector('[data-testid=export-path]').value;"
        )
        .await,
        json!(epub.to_str().unwrap())
    );
    click(&c, "[data-testid=export-run]").await;
    wait_text(&c, "[data-testid=export-result]", |t| {
        t.contains("Đã xuất tệp EPUB")
    })
    .await;
    let bytes = std::fs::read(&epub).expect("the EPUB soft copy was written");
    assert!(bytes.starts_with(b"PK"), "an EPUB is a zip");
    assert!(bytes.len() > 50_000, "{} bytes", bytes.len());
    screenshot(&c, "24-xuat-epub-xong").await;

    // A folder that does not exist: the error stays next to the field and nothing is written.
    click(&c, "[data-testid=export-again]").await;
    let missing = tmp.path().join("khong-co").join("so-tay.epub");
    replace_text(&c, "[data-testid=export-path]", missing.to_str().unwrap()).await;
    click(&c, "[data-testid=export-run]").await;
    wait_text(&c, "[data-testid=export-error]", |t| {
        t.contains("Không ghi được tệp")
    })
    .await;
    assert!(!missing.exists());
    screenshot(&c, "25-xuat-loi-thu-muc").await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspector_runs_a_complete_assessment_in_the_window() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (_tmp, db, _driver) = new_workspace("kiem-tra.db");
    let c = connect(&db).await;

    click(&c, "[data-testid=nav-pilots]").await;
    wait_text(&c, "[data-testid=pilot-list]", |t| t.contains("Thuận Hòa")).await;

    // A third pilot model, a household group.
    click(&c, "[data-testid=add-pilot]").await;
    type_into(
        &c,
        "[data-testid=pilot-name]",
        "Tổ hợp tác tôm sinh thái Vĩnh Hòa",
    )
    .await;
    js(
        &c,
        "const k = document.querySelector('[data-testid=pilot-kind]'); k.value = 'household_group'; \
         k.dispatchEvent(new Event('change', { bubbles: true }));",
    )
    .await;
    type_into(&c, "[data-testid=pilot-province]", "An Giang").await;
    type_into(&c, "[data-testid=pilot-commune]", "xã Vĩnh Hòa").await;
    click(&c, "[data-testid=pilot-save]").await;
    wait_text(&c, "[data-testid=pilot-list]", |t| {
        t.contains("Tổ hợp tác tôm sinh thái Vĩnh Hòa") && t.contains("Tổ hợp tác")
    })
    .await;
    assert_eq!(count(&c, "[data-testid=pilot-card]").await, 3);

    // The sample cooperative: a new assessment against its handbook.
    click(&c, "[data-testid=pilot-card] [data-testid=new-assessment]").await;
    replace_text(&c, "[data-testid=assessment-date]", "15/09/2026").await;
    // The day can also be picked: the calendar opens on the typed month, Monday first.
    click(&c, "[data-testid=assessment-date-pick]").await;
    wait_text(&c, "[data-testid=calendar]", |t| {
        t.contains("Tháng 9 năm 2026") && t.contains("T2")
    })
    .await;
    screenshot(&c, "30b-lich-chon-ngay").await;
    // (Resizing the window for the second picture closes the calendar: open it again.)
    if count(&c, "[data-testid=calendar]").await == 0 {
        click(&c, "[data-testid=assessment-date-pick]").await;
    }
    click(&c, "[data-testid=calendar] [data-day='2026-09-15']").await;
    wait_js(
        &c,
        "the picked day is in the field, written dd/mm/yyyy",
        "return document.querySelector('[data-testid=assessment-date]').value === '15/09/2026' \
         && !document.querySelector('[data-testid=calendar]');",
    )
    .await;
    replace_text(&c, "[data-testid=assessment-lead]", "Lê Văn Kiểm").await;
    type_into(
        &c,
        "[data-testid=assessment-team]",
        "Trần Thị Thu Hà, Phạm Văn Lộc",
    )
    .await;
    screenshot(&c, "30-dot-danh-gia-moi").await;
    click(&c, "[data-testid=assessment-create]").await;
    wait_text(&c, "[data-testid=assessment-heading]", |t| {
        t.contains("Thuận Hòa")
    })
    .await;
    wait_text(&c, "[data-testid=assessment-status]", |t| {
        t == "Đã lập kế hoạch"
    })
    .await;

    // The checklist runner, by keyboard alone: the first item has the focus.
    wait_text(&c, "[data-testid=section-title]", |t| t.starts_with("S1")).await;
    wait_focus(&c, "S1.1").await;
    press(&c, "1").await;
    wait_focus(&c, "S1.2").await;
    press(&c, "1").await;
    wait_focus(&c, "S1.3").await;
    press(&c, "2").await;
    wait_focus(&c, "S1.4").await;
    // NA asks for its reason; Enter saves it.
    press(&c, "4").await;
    wait_js(
        &c,
        "the NA reason has the focus",
        "return document.activeElement?.dataset?.testid === 'na-reason';",
    )
    .await;
    press(
        &c,
        &format!("Chỉ bán trong tỉnh, chưa có yêu cầu xuất khẩu{ENTER}"),
    )
    .await;
    wait_text(&c, "[data-testid=section-progress]", |t| t.contains("4/4")).await;
    assert_eq!(item_result(&c, "S1.1").await, json!("pass"));
    assert_eq!(item_result(&c, "S1.3").await, json!("minor"));
    assert_eq!(item_result(&c, "S1.4").await, json!("na"));
    wait_text(&c, "[data-item-id='S1.4']", |t| {
        t.contains("Chỉ bán trong tỉnh")
    })
    .await;
    wait_text(&c, "[data-testid=assessment-status]", |t| {
        t == "Đang đánh giá"
    })
    .await;
    js(
        &c,
        "document.querySelector('[data-item-id=\"S1.3\"]').scrollIntoView({ block: 'center' });",
    )
    .await;
    // The checklist's header: answered x/y, the score so far, the way to the next item left;
    // "Hoàn thành đánh giá" is not the loudest button while items remain.
    wait_text(&c, "[data-testid=overall-progress]", |t| {
        t.starts_with("Đã trả lời 4/")
    })
    .await;
    wait_text(&c, "[data-testid=live-score]", |t| {
        t.starts_with("Điểm hiện tại: ") && !t.contains('—')
    })
    .await;
    wait_text(&c, "[data-testid=next-unanswered]", |t| t.contains("S2.1")).await;
    assert_eq!(
        js(
            &c,
            "return document.querySelector('[data-testid=assessment-completed]').classList.contains('primary');"
        )
        .await,
        json!(false)
    );
    screenshot(&c, "31-danh-muc-kiem-tra").await;
    // → the next section; a MAJOR on S2.1 (mandatory, not critical).
    press(&c, "\u{e014}").await; // ArrowRight
    wait_text(&c, "[data-testid=section-title]", |t| t.starts_with("S2")).await;
    wait_focus(&c, "S2.1").await;
    press(&c, "3").await;
    wait_js(
        &c,
        "S2.1 answered",
        "const b = document.querySelector('[data-item-id=\"S2.1\"] [data-testid=item-result]'); \
         return b && b.dataset.result === 'major';",
    )
    .await;

    // Nothing is final yet: "Hoàn thành đánh giá" is disabled, with what is missing next to it.
    assert_eq!(
        js(
            &c,
            "const b = document.querySelector('[data-testid=assessment-completed]'); \
             return [b.disabled, b.getAttribute('aria-describedby')];"
        )
        .await,
        json!([true, "complete-blocked"])
    );
    let blocked = wait_text(&c, "[data-testid=complete-blocked]", |t| {
        t.contains("chưa có truy xuất xuôi")
    })
    .await;
    assert!(
        blocked.contains("Chưa thể hoàn thành đánh giá")
            && blocked.contains("S2.2")
            && blocked.contains("chưa có truy xuất ngược"),
        "{blocked}"
    );
    screenshot(&c, "31b-chua-the-hoan-thanh").await;

    // Trace tests: one timed with the big timer, one with typed times. The grades appear as
    // the fields are typed: the backend grades the draft with the assessment's frozen rules.
    click(&c, "[data-testid=atab-trace]").await;
    wait_text(&c, "[data-testid=trace-panel]", |t| t.contains("Bắt đầu")).await;
    click(&c, "[data-testid=trace-start]").await;
    tokio::time::sleep(Duration::from_millis(2300)).await;
    wait_text(&c, "[data-testid=trace-timer]", |t| t.trim() >= "0:00:02").await;
    click(&c, "[data-testid=trace-stop]").await;
    // The timer wrote the start and the finish into their pickers: dd/mm/yyyy and HH:mm:ss.
    let started = js(
        &c,
        "return document.querySelector('[data-testid=trace-started-date]').value + ' ' + \
         document.querySelector('[data-testid=trace-started-time]').value;",
    )
    .await;
    let started = started.as_str().unwrap().to_owned();
    assert!(
        started.len() >= 16 && started.as_bytes()[2] == b'/' && started.as_bytes()[5] == b'/',
        "{started}"
    );
    type_into(&c, "[data-testid=trace-lot]", "AO03-250615-01").await;
    type_into(&c, "[data-testid=trace-linksExpected]", "6").await;
    type_into(&c, "[data-testid=trace-linksFound]", "6").await;
    type_into(&c, "[data-testid=trace-inputQty]", "1.000").await;
    type_into(&c, "[data-testid=trace-accountedQty]", "990").await;
    type_into(&c, "[data-testid=trace-kdeRequired]", "40").await;
    type_into(&c, "[data-testid=trace-kdePresent]", "38").await;
    wait_grades(
        &c,
        &[
            ("time", "pass"),
            ("links", "pass"),
            ("quantity", "pass"),
            ("kde", "pass"),
            ("consistency", "pass"),
        ],
    )
    .await;
    screenshot(&c, "32-truy-xuat-thu").await;
    click(&c, "[data-testid=trace-record]").await;
    wait_text(&c, "[data-testid=trace-saved]", |t| {
        t.contains("AO03-250615-01")
    })
    .await;

    // The form is now for the forward test; typed times, too slow; the mass balance by its
    // parts (482 of 500 kg, 3.6 % short): MAJOR unexplained, MINOR once explained; one typo.
    type_into(&c, "[data-testid=trace-lot]", "PL-2026-0612").await;
    type_into(&c, "[data-testid=trace-started-date]", "15/09/2026").await;
    type_into(&c, "[data-testid=trace-started-time]", "09:00").await;
    // A whole date and time typed in the date field goes to both parts.
    type_into(&c, "[data-testid=trace-finished-date]", "15/09/2026 13:30").await;
    type_into(&c, "[data-testid=trace-linksExpected]", "4").await;
    type_into(&c, "[data-testid=trace-linksFound]", "4").await;
    type_into(&c, "[data-testid=trace-inputQty]", "500").await;
    type_into(&c, "[data-testid=trace-outputsQty]", "455").await;
    type_into(&c, "[data-testid=trace-lossesQty]", "20").await;
    type_into(&c, "[data-testid=trace-stockQty]", "5").await;
    type_into(&c, "[data-testid=trace-samplesQty]", "2").await;
    type_into(&c, "[data-testid=trace-kdeRequired]", "20").await;
    type_into(&c, "[data-testid=trace-kdePresent]", "20").await;
    replace_text(&c, "[data-testid=trace-typos]", "1").await;
    wait_text(&c, "[data-testid=trace-parts-sum]", |t| {
        t.contains("Tổng các phần: 482 kg")
    })
    .await;
    wait_grades(
        &c,
        &[
            ("time", "minor"),
            ("quantity", "major"),
            ("consistency", "minor"),
        ],
    )
    .await;
    type_into(
        &c,
        "[data-testid=trace-explanation]",
        "Đầu tôm bán làm phụ phẩm, hao hụt nước khi sơ chế",
    )
    .await;
    wait_grades(&c, &[("quantity", "minor")]).await;
    // A draft the backend cannot grade says why, in its words.
    replace_text(&c, "[data-testid=trace-linksFound]", "5").await;
    wait_text(&c, "[data-testid=trace-preview-error]", |t| {
        t.contains("không thể lớn hơn")
    })
    .await;
    replace_text(&c, "[data-testid=trace-linksFound]", "4").await;
    wait_js(
        &c,
        "the preview error is gone",
        "return !document.querySelector('[data-testid=trace-preview-error]');",
    )
    .await;
    js(
        &c,
        "document.querySelector('[data-testid=trace-balance]').scrollIntoView({ block: 'center' });",
    )
    .await;
    screenshot(&c, "32b-can-doi-khoi-luong").await;
    click(&c, "[data-testid=trace-record]").await;
    wait_js(
        &c,
        "two trace tests are listed",
        "return document.querySelectorAll('[data-testid=trace-row]').length === 2;",
    )
    .await;
    wait_text(&c, "[data-testid=trace-breakdown]", |t| {
        t.contains("= 482 kg")
    })
    .await;
    wait_text(&c, "[data-testid=trace-explained]", |t| {
        t.contains("Đầu tôm bán làm phụ phẩm")
    })
    .await;
    js(
        &c,
        "document.querySelector('[data-testid=trace-list]').scrollIntoView({ block: 'center' });",
    )
    .await;
    screenshot(&c, "33-truy-xuat-thu-da-ghi").await;
    // Both directions are tested now; items are still missing.
    let blocked = wait_text(&c, "[data-testid=complete-blocked]", |t| {
        !t.contains("truy xuất xuôi")
    })
    .await;
    assert!(!blocked.contains("truy xuất ngược"), "{blocked}");

    // Findings and corrective actions: the MAJOR on S2.1 gets an action; its due date, left
    // empty, is the assessment's rule (30 days after 2026-09-15), which has passed: overdue.
    click(&c, "[data-testid=atab-findings]").await;
    wait_text(&c, "[data-testid=findings-summary]", |t| {
        t.contains("5 phát hiện")
    })
    .await;
    click(
        &c,
        "[data-testid=finding][data-item='S2.1'] [data-testid=add-action]",
    )
    .await;
    wait_text(&c, "[data-testid=action-due-help]", |t| {
        t.contains("30 ngày")
    })
    .await;
    type_into(&c, "[data-testid=action-owner]", "Nguyễn Thị Mỹ Linh").await;
    type_into(
        &c,
        "[data-testid=action-description]",
        "Đăng ký mã doanh nghiệp GS1 và ghi vào sổ tay",
    )
    .await;
    click(&c, "[data-testid=action-save]").await;
    wait_text(
        &c,
        "[data-testid=finding][data-item='S2.1'] [data-testid=overdue]",
        |t| t.contains("Quá hạn"),
    )
    .await;
    wait_text(
        &c,
        "[data-testid=finding][data-item='S2.1'] [data-testid=action-row]",
        |t| t.contains("15/10/2026"),
    )
    .await;
    click(
        &c,
        "[data-testid=finding][data-item='S2.1'] [data-testid=move-in_progress]",
    )
    .await;
    wait_text(
        &c,
        "[data-testid=finding][data-item='S2.1'] [data-testid=action-status]",
        |t| t == "Đang thực hiện",
    )
    .await;
    screenshot(&c, "34-phat-hien-khac-phuc").await;

    // The verdict: not enough data yet — what is missing, and the provisional verdict as such.
    click(&c, "[data-testid=atab-verdict]").await;
    wait_text(&c, "[data-testid=verdict-label]", |t| {
        t == "Chưa đủ dữ liệu để kết luận"
    })
    .await;
    assert_eq!(count(&c, ".verdict.large").await, 0, "no full-size verdict");
    wait_text(&c, "[data-testid=verdict-missing]", |t| {
        t.contains("mục chưa có kết quả") && t.contains("S8.6")
    })
    .await;
    wait_text(&c, "[data-testid=verdict-provisional]", |t| {
        t.contains("Kết luận tạm thời (nếu các mục còn thiếu đều đạt)")
    })
    .await;
    screenshot(&c, "35-ket-luan-chua-du-du-lieu").await;

    // S4.1: its per-CTE checks nested under it, and the suggestion from them and the tests.
    click(&c, "[data-testid=atab-checklist]").await;
    click_text(&c, "[data-testid=section-button]", "S4").await;
    wait_text(&c, "[data-testid=section-title]", |t| t.starts_with("S4")).await;
    click(&c, "[data-item-id='S4.1'] [data-testid=subchecks-toggle]").await;
    wait_js(
        &c,
        "S4.1's sub-checks are shown",
        "return document.querySelectorAll('[data-item-id=\"S4.1\"] [data-testid=subcheck]').length > 3;",
    )
    .await;
    wait_text(
        &c,
        "[data-item-id='S4.1'] [data-testid=item-suggested]",
        |t| t.contains("Gợi ý: Đạt"),
    )
    .await;
    click(
        &c,
        "[data-item-id='S4.1'] [data-testid=subcheck] [data-testid=subcheck-answer-major]",
    )
    .await;
    wait_text(
        &c,
        "[data-item-id='S4.1'] [data-testid=item-suggested]",
        |t| t.contains("Gợi ý: Lỗi nặng"),
    )
    .await;
    assert_eq!(
        item_result(&c, "S4.1").await,
        json!("none"),
        "a suggestion only"
    );
    js(
        &c,
        "document.querySelector('[data-item-id=\"S4.1\"]').scrollIntoView({ block: 'start' });",
    )
    .await;
    screenshot(&c, "31c-kiem-tra-chi-tiet-s4-1").await;

    // Answering the rest makes the verdict final, and the assessment can be completed.
    answer_the_rest(&c).await;
    wait_js(
        &c,
        "the assessment can be completed",
        "const b = document.querySelector('[data-testid=assessment-completed]'); \
         return !!b && !b.disabled && !document.querySelector('[data-testid=complete-blocked]');",
    )
    .await;
    click(&c, "[data-testid=atab-verdict]").await;
    wait_text(&c, "[data-testid=verdict-label]", |t| {
        t.contains("Hiệu lực, cần khắc phục")
    })
    .await;
    wait_text(&c, "[data-testid=verdict-pending]", |t| {
        t.contains("Đang chờ")
    })
    .await;
    wait_text(&c, "[data-testid=verdict-thresholds]", |t| {
        t.contains("≥ 85")
    })
    .await;
    let score = wait_text(&c, "[data-testid=verdict-score]", |t| !t.is_empty()).await;
    assert_ne!(score, "0");
    assert!(count(&c, "[data-testid=section-score]").await >= 9);
    screenshot(&c, "35b-ket-luan").await;
    click(&c, "[data-testid=assessment-completed]").await;
    wait_text(&c, "[data-testid=assessment-status]", |t| {
        t == "Đã hoàn thành"
    })
    .await;
    js(
        &c,
        "document.querySelector('[data-testid=section-score]').scrollIntoView({ block: 'start' });",
    )
    .await;
    screenshot(&c, "35c-diem-theo-phan").await;

    // The assessment report as a PDF, through the export dialog.
    let report = _tmp.path().join("bao-cao-danh-gia.pdf");
    click(&c, "[data-testid=export-menu]").await;
    click(&c, "[data-testid=open-report]").await;
    click(&c, "[data-testid=export-format-pdf-screen]").await;
    replace_text(&c, "[data-testid=export-path]", report.to_str().unwrap()).await;
    click(&c, "[data-testid=export-run]").await;
    wait_text(&c, "[data-testid=export-path-result]", |t| {
        t.ends_with("bao-cao-danh-gia.pdf")
    })
    .await;
    screenshot(&c, "35d-bao-cao-danh-gia").await;
    let bytes = std::fs::read(&report).expect("the report was written");
    assert!(bytes.starts_with(b"%PDF-"));
    if let Ok(out) = Command::new("pdftotext").arg(&report).arg("-").output() {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Hiệu lực, cần khắc phục"), "{text}");
    }
    click(&c, "[data-testid=export-close]").await;

    // The trace tests as EPCIS 2.0, for the portal or another system.
    let epcis = _tmp.path().join("truy-xuat-thu.jsonld");
    click(&c, "[data-testid=export-menu]").await;
    click(&c, "[data-testid=open-interop-export]").await;
    click(&c, "[data-testid=export-format-jsonld]").await;
    replace_text(&c, "[data-testid=export-path]", epcis.to_str().unwrap()).await;
    click(&c, "[data-testid=export-run]").await;
    wait_text(&c, "[data-testid=export-result]", |t| {
        t.contains("Đã xuất tệp EPCIS 2.0")
    })
    .await;
    screenshot(&c, "35e-xuat-epcis").await;
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&epcis).expect("the EPCIS file was written"))
            .unwrap();
    assert_eq!(doc["type"], "EPCISDocument");
    assert!(!doc["epcisBody"]["eventList"].as_array().unwrap().is_empty());
    click(&c, "[data-testid=export-close]").await;
    let started_url = js(&c, "return location.hash;").await;

    // The pilots side by side.
    click(&c, "a.back").await;
    click(&c, "[data-testid=open-compare]").await;
    wait_text(&c, "[data-testid=compare-table]", |t| {
        t.contains("Hiệu lực, cần khắc phục") && t.contains("Rạch Giá")
    })
    .await;
    screenshot(&c, "36-so-sanh").await;

    // Cài đặt → Quy tắc đánh giá: stricter KDE completeness and verdict score. (The sample
    // handbook names its own trace time and tolerance, which its assessments use instead.)
    click(&c, "[data-testid=nav-settings]").await;
    replace_text(&c, "[data-testid=rule-kde_pass_pct]", "99").await;
    replace_text(&c, "[data-testid=rule-effective_score]", "90").await;
    // Rules that make no sense are refused with the backend's reason.
    replace_text(&c, "[data-testid=rule-not_effective_score]", "95").await;
    click(&c, "[data-testid=rules-save]").await;
    wait_text(&c, "[data-testid=rules-error]", |t| !t.is_empty()).await;
    screenshot(&c, "37b-quy-tac-bi-tu-choi").await;
    replace_text(&c, "[data-testid=rule-not_effective_score]", "65").await;
    click(&c, "[data-testid=rules-save]").await;
    wait_text(&c, "[data-testid=rules-status]", |t| t.contains("Đã lưu")).await;
    js(
        &c,
        "document.querySelector('[data-testid=rules-status]').scrollIntoView({ block: 'end' });",
    )
    .await;
    screenshot(&c, "37-quy-tac-danh-gia").await;

    // A new assessment freezes the new rules: 38 of 40 KDEs (95 %) is now MINOR, and the
    // verdict needs 90.
    click(&c, "[data-testid=nav-pilots]").await;
    click(&c, "[data-testid=pilot-card] [data-testid=new-assessment]").await;
    replace_text(&c, "[data-testid=assessment-date]", "01/09/2026").await;
    click(&c, "[data-testid=assessment-create]").await;
    wait_text(&c, "[data-testid=assessment-status]", |t| {
        t == "Đã lập kế hoạch"
    })
    .await;
    kde_grade_for_38_of_40(&c, "minor", "Đạt ≥ 99 %").await;
    screenshot(&c, "38-dot-moi-theo-quy-tac-moi").await;
    click(&c, "[data-testid=atab-verdict]").await;
    wait_text(&c, "[data-testid=verdict-thresholds]", |t| {
        t.contains("≥ 90")
    })
    .await;

    // The started assessment keeps the rules it started with.
    js(&c, &format!("location.hash = {started_url}; return true;")).await;
    wait_text(&c, "[data-testid=verdict-thresholds]", |t| {
        t.contains("≥ 85")
    })
    .await;
    wait_text(&c, "[data-testid=verdict-label]", |t| {
        t.contains("Hiệu lực, cần khắc phục")
    })
    .await;
    kde_grade_for_38_of_40(&c, "pass", "Đạt ≥ 95 %").await;
    c.close().await.unwrap();
}

/// Waits until each trace-test metric shows its grade (they come from the backend).
async fn wait_grades(c: &Client, grades: &[(&str, &str)]) {
    let checks: Vec<String> = grades
        .iter()
        .map(|(m, g)| {
            format!(
                "document.querySelector('[data-testid=grade-{m}-badge]')?.dataset.result === '{g}'"
            )
        })
        .collect();
    wait_js(
        c,
        &format!("the grades {grades:?}"),
        &format!("return {};", checks.join(" && ")),
    )
    .await;
}

/// Answers PASS to every item still without a result, section by section (the runner's
/// buttons, as a tap would).
async fn answer_the_rest(c: &Client) {
    let sections = count(c, "[data-testid=section-button]").await;
    for i in 0..sections {
        js(
            c,
            &format!("document.querySelectorAll('[data-testid=section-button]')[{i}].click(); return true;"),
        )
        .await;
        wait_text(c, "[data-testid=section-title]", |t| {
            t.starts_with(&format!("S{}", i + 1))
        })
        .await;
        loop {
            let next = js(
                c,
                "const card = [...document.querySelectorAll('[data-testid=checklist-item]')].find((x) => \
                   x.querySelector(':scope > .item-head [data-testid=item-result]').dataset.result === 'none' \
                   && x.querySelector('[data-testid=answer-pass]')); \
                 if (!card) return null; \
                 card.querySelector('[data-testid=answer-pass]').click(); \
                 return card.dataset.itemId;",
            )
            .await;
            let Some(id) = next.as_str().map(str::to_owned) else {
                break;
            };
            wait_result(c, &id, "pass").await;
        }
    }
}

/// On the open assessment's trace form: 38 of the 40 KDEs present gets `grade`, under the rule
/// `rule`; the draft is left unrecorded.
async fn kde_grade_for_38_of_40(c: &Client, grade: &str, rule: &str) {
    click(c, "[data-testid=atab-trace]").await;
    type_into(c, "[data-testid=trace-kdeRequired]", "40").await;
    type_into(c, "[data-testid=trace-kdePresent]", "38").await;
    wait_grades(c, &[("kde", grade)]).await;
    wait_text(c, "[data-testid=rule-kde]", |t| t.starts_with(rule)).await;
}

/// Types `text` into the `n`-th (from 0) element at `css`.
async fn type_into_nth(c: &Client, css: &str, n: usize, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let all = c.find_all(Locator::Css(css)).await.unwrap_or_default();
        if let Some(el) = all.get(n) {
            reveal(c, el).await;
            el.clear()
                .await
                .unwrap_or_else(|e| panic!("clear {css}[{n}]: {e}"));
            el.send_keys(text)
                .await
                .unwrap_or_else(|e| panic!("type into {css}[{n}]: {e}"));
            return;
        }
        if Instant::now() > deadline {
            panic!("{css}: no element {n}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn scroll_to(c: &Client, testid: &str) {
    js(
        c,
        &format!("document.querySelector('[data-testid={testid}]').scrollIntoView({{block: 'start'}}); return true;"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_distributor_publishes_an_edition_for_two_recipients_and_verifies_a_copy() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (tmp, db, _driver) = new_workspace("phat-hanh.db");
    let out = tmp.path().join("Ấn bản 1.0");
    std::fs::create_dir_all(&out).unwrap();
    let c = connect(&db).await;

    // Approve the sample handbook through the workflow buttons.
    let title = wait_text(&c, "[data-testid=handbook-title]", |t| t.contains("Tôm")).await;
    click(&c, "[data-testid=handbook-title]").await;
    wait_text(&c, "[data-testid=handbook-heading]", |t| t == title).await;
    click(&c, "[data-testid=workflow-review]").await;
    wait_text(
        &c,
        "[data-testid=area-handbook] [data-testid=status]",
        |t| t == "Đang góp ý",
    )
    .await;
    click(&c, "[data-testid=workflow-approved]").await;
    wait_text(
        &c,
        "[data-testid=area-handbook] [data-testid=status]",
        |t| t == "Đã duyệt",
    )
    .await;

    // Publishing: no edition yet; the wizard.
    click(&c, "[data-testid=nav-publishing]").await;
    wait_text(&c, "[data-testid=publishing-empty]", |t| {
        t.contains("Chưa có ấn bản nào")
    })
    .await;
    click(&c, "[data-testid=open-publish]").await;
    wait_text(&c, "[data-testid=publish-wizard]", |t| t.contains("Tôm")).await;
    // Print PDF and EPUB are chosen at first: make it HTML + EPUB.
    click(&c, "[data-testid=publish-format-pdf-print]").await;
    click(&c, "[data-testid=publish-format-html]").await;
    type_into_nth(&c, "[data-testid=recipient-name]", 0, "HTX Thuận Hòa").await;
    type_into_nth(&c, "[data-testid=recipient-unit]", 0, "Ban quản trị").await;
    click(&c, "[data-testid=recipient-add]").await;
    type_into_nth(
        &c,
        "[data-testid=recipient-name]",
        1,
        "Công ty TNHH Thủy sản Rạch Giá",
    )
    .await;
    replace_text(&c, "[data-testid=publish-label]", "1.0").await;
    replace_text(&c, "[data-testid=publish-date]", "01/12/2026").await;
    replace_text(&c, "[data-testid=publish-out]", out.to_str().unwrap()).await;
    wait_text(&c, "[data-testid=publish-count]", |t| t == "4 tệp").await;
    scroll_to(&c, "publish-summary").await;
    screenshot(&c, "60-phat-hanh-trinh-huong-dan").await;
    click(&c, "[data-testid=publish-run]").await;
    wait_text(&c, "[data-testid=publish-result]", |t| {
        t.contains("Đã phát hành ấn bản 1.0: 4 tệp")
            && t.contains("Kiểm tra tính toàn vẹn")
            && !t.contains("manifest.json")
            && !t.contains("SHA256SUMS")
    })
    .await;
    scroll_to(&c, "publish-result").await;
    screenshot(&c, "61-phat-hanh-xong").await;

    // The folder: one file per copy and format, the manifest and the checksums.
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"manifest.json".to_owned()), "{names:?}");
    assert!(names.contains(&"SHA256SUMS".to_owned()), "{names:?}");
    assert_eq!(
        names.iter().filter(|n| n.ends_with(".html")).count(),
        2,
        "{names:?}"
    );
    assert_eq!(
        names.iter().filter(|n| n.ends_with(".epub")).count(),
        2,
        "{names:?}"
    );
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert_eq!(sums.lines().count(), 4, "{sums}");

    // The edition in the list and its distribution log.
    click(&c, "[data-testid=publish-close]").await;
    wait_text(&c, "[data-testid=editions]", |t| {
        t.contains("1.0") && t.contains("01/12/2026")
    })
    .await;
    let log = wait_text(&c, "[data-testid=distribution-log]", |t| {
        t.contains("HTX Thuận Hòa") && t.contains("Rạch Giá")
    })
    .await;
    assert!(log.contains("001") && log.contains("002"), "{log}");
    assert_eq!(count(&c, "[data-testid=distribution-row]").await, 4);
    screenshot(&c, "62-nhat-ky-phat-hanh").await;

    // Verify one produced file: genuine, issued to its recipient; a changed copy is not.
    let copy = out.join(
        names
            .iter()
            .find(|n| n.contains("ban-002") && n.ends_with(".epub"))
            .expect("copy no. 002 as EPUB"),
    );
    replace_text(&c, "[data-testid=verify-path]", copy.to_str().unwrap()).await;
    click(&c, "[data-testid=verify-run]").await;
    wait_text(&c, "[data-testid=verify-verdict]", |t| {
        t.contains("Bản chính thức")
    })
    .await;
    wait_text(&c, "[data-testid=verify-result]", |t| {
        t.contains("Bản số 002 cấp cho: Công ty TNHH Thủy sản Rạch Giá")
    })
    .await;
    scroll_to(&c, "verify").await;
    screenshot(&c, "63-kiem-tra-tep").await;
    let changed = tmp.path().join("da-sua.epub");
    let mut bytes = std::fs::read(&copy).unwrap();
    bytes.push(b'\n');
    std::fs::write(&changed, bytes).unwrap();
    replace_text(&c, "[data-testid=verify-path]", changed.to_str().unwrap()).await;
    click(&c, "[data-testid=verify-run]").await;
    wait_text(&c, "[data-testid=verify-verdict]", |t| {
        t.contains("Không phải bản chính thức")
    })
    .await;
    screenshot(&c, "64-kiem-tra-tep-sai").await;

    // A printed copy's QR code, pasted: no address set, so the offline code, checked in the
    // window; a changed copy number is said to be not valid (issue 17).
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let qr = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["serial"] == 2)
        .unwrap()["qr"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(qr.starts_with("SOTAY1:"), "{qr}");
    replace_text(&c, "[data-testid=verify-qr]", &qr).await;
    click(&c, "[data-testid=verify-qr-run]").await;
    wait_text(&c, "[data-testid=verify-qr-verdict]", |t| {
        t.contains("Mã QR hợp lệ: bản số 002 của ấn bản 1.0")
    })
    .await;
    wait_text(&c, "[data-testid=verify-qr-copy]", |t| {
        t.contains("Công ty TNHH Thủy sản Rạch Giá")
    })
    .await;
    scroll_to(&c, "verify-qr-result").await;
    screenshot(&c, "65-kiem-tra-ma-qr").await;
    replace_text(&c, "[data-testid=verify-qr]", &qr.replace(":002:", ":001:")).await;
    click(&c, "[data-testid=verify-qr-run]").await;
    wait_text(&c, "[data-testid=verify-qr-verdict]", |t| {
        t.contains("Không hợp lệ: mã xác thực không khớp bản số 001")
    })
    .await;
    screenshot(&c, "66-kiem-tra-ma-qr-sai").await;

    // Cài đặt: the verification address is refused unless https, then kept.
    click(&c, "[data-testid=nav-settings]").await;
    replace_text(
        &c,
        "[data-testid=qr-address]",
        "http://txng.angiang.gov.vn/kiem-tra",
    )
    .await;
    click(&c, "[data-testid=qr-address-save]").await;
    wait_text(&c, "[data-testid=qr-address-msg]", |t| {
        t.contains("phải bắt đầu bằng https://")
    })
    .await;
    replace_text(
        &c,
        "[data-testid=qr-address]",
        "https://txng.angiang.gov.vn/kiem-tra",
    )
    .await;
    click(&c, "[data-testid=qr-address-save]").await;
    wait_text(&c, "[data-testid=qr-address-msg]", |t| {
        t.contains("Các bản phát hành mới dẫn tới: https://txng.angiang.gov.vn/kiem-tra")
    })
    .await;
    scroll_to(&c, "settings-qr-panel").await;
    screenshot(&c, "67-cai-dat-ma-qr").await;
    c.close().await.unwrap();
}

/// Waits until the checklist answer of `id` is `result` (a click's save is asynchronous).
async fn wait_result(c: &Client, id: &str, result: &str) {
    wait_js(
        c,
        &format!("{id} is {result}"),
        &format!(
            "const b = document.querySelector('[data-item-id=\"{id}\"] [data-testid=item-result]'); \
             return b?.dataset?.result === '{result}';"
        ),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_assessment_bundle_goes_out_and_back_with_a_conflict_resolved_in_the_window() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (tmp, db, _driver) = new_workspace("trao-doi.db");
    let bundle = tmp.path().join("đợt-đánh-giá.sotay");
    let c = connect(&db).await;

    // An assessment of the sample cooperative with S1.1 answered "Đạt".
    click(&c, "[data-testid=nav-pilots]").await;
    click(&c, "[data-testid=pilot-card] [data-testid=new-assessment]").await;
    replace_text(&c, "[data-testid=assessment-date]", "05/10/2026").await;
    click(&c, "[data-testid=assessment-create]").await;
    wait_text(&c, "[data-testid=assessment-heading]", |t| {
        t.contains("Thuận Hòa")
    })
    .await;
    let s11 = "[data-item-id=\"S1.1\"]";
    click(&c, &format!("{s11} [data-testid=answer-pass]")).await;
    wait_result(&c, "S1.1", "pass").await;
    let assessment_hash = js(&c, "return location.hash;").await;

    // Out: the bundle through the export dialog, with its one format.
    click(&c, "[data-testid=export-menu]").await;
    click(&c, "[data-testid=open-bundle-export]").await;
    wait_text(&c, "[data-testid=export-dialog] h2", |t| {
        t == "Xuất gói trao đổi .sotay"
    })
    .await;
    assert_eq!(
        count(&c, "[data-testid=export-dialog] input[type=radio]").await,
        1
    );
    replace_text(&c, "[data-testid=export-path]", bundle.to_str().unwrap()).await;
    click(&c, "[data-testid=export-run]").await;
    wait_text(&c, "[data-testid=export-result]", |t| {
        t.contains("Đã xuất gói .sotay")
    })
    .await;
    let head = std::fs::read(&bundle).expect("the bundle is written");
    assert!(head.starts_with(b"PK"), "a zip");
    click(&c, "[data-testid=export-close]").await;

    // Meanwhile the answer changes here: "Lỗi nhẹ".
    click(&c, &format!("{s11} [data-testid=answer-minor]")).await;
    wait_result(&c, "S1.1", "minor").await;

    // In: Settings → Trao đổi dữ liệu. A wrong file is refused next to the field first.
    click(&c, "[data-testid=nav-settings]").await;
    wait_text(&c, "[data-testid=conflicts-empty]", |t| {
        t.contains("Không có xung đột nào")
    })
    .await;
    let wrong = tmp.path().join("khong-phai-goi.sotay");
    std::fs::write(&wrong, "không phải zip").unwrap();
    replace_text(&c, "[data-testid=import-path]", wrong.to_str().unwrap()).await;
    click(&c, "[data-testid=import-check]").await;
    wait_text(&c, "[data-testid=import-error]", |t| {
        t.contains("Gói dữ liệu bị từ chối") && t.contains("không thay đổi")
    })
    .await;

    // The dry run: a preview per record type, the answer in conflict, nothing changed yet.
    replace_text(&c, "[data-testid=import-path]", bundle.to_str().unwrap()).await;
    click(&c, "[data-testid=import-check]").await;
    let preview = wait_text(&c, "[data-testid=import-preview]", |t| {
        t.contains("Xem trước — chưa có gì thay đổi")
    })
    .await;
    assert!(preview.contains("Gói đợt đánh giá"), "{preview}");
    assert!(
        preview.contains("Câu trả lời danh mục kiểm tra"),
        "{preview}"
    );
    assert!(preview.contains("Mô hình thí điểm"), "{preview}");
    let conflicts: u32 = wait_text(&c, "[data-testid=import-conflict-total]", |t| {
        t.parse::<u32>().is_ok_and(|n| n >= 1)
    })
    .await
    .parse()
    .unwrap();
    assert_eq!(
        count(
            &c,
            "[data-testid=import-row][data-table=answers] td.conflict"
        )
        .await,
        1
    );
    wait_text(&c, "[data-testid=import-conflicts-note]", |t| {
        t.contains("được sửa ở cả hai nơi")
    })
    .await;
    assert_eq!(count(&c, "[data-testid=conflict]").await, 0);
    scroll_to(&c, "import-bundle").await;
    screenshot(&c, "70-nhap-goi-xem-truoc").await;

    // Apply: the local answer stays, the incoming one waits under Xung đột.
    click(&c, "[data-testid=import-apply]").await;
    wait_text(&c, "[data-testid=import-result]", |t| {
        t.contains("Đã nhập gói") && t.contains(&format!("{conflicts} xung đột"))
    })
    .await;
    wait_text(&c, "[data-testid=conflicts-count]", |t| {
        t == format!("{conflicts} xung đột chờ xử lý")
    })
    .await;
    let card = "[data-testid=conflict][data-table=answers]";
    wait_text(&c, &format!("{card} [data-testid=conflict-title]"), |t| {
        t.contains("Câu trả lời danh mục kiểm tra") && t.contains("S1.1")
    })
    .await;
    let row = format!("{card} [data-field=result]");
    assert_eq!(
        js(
            &c,
            &format!("return document.querySelector('{row}').dataset.testid;")
        )
        .await,
        json!("conflict-diff")
    );
    wait_text(&c, &format!("{row} [data-testid=conflict-local]"), |t| {
        t == "Lỗi nhẹ"
    })
    .await;
    wait_text(&c, &format!("{row} [data-testid=conflict-incoming]"), |t| {
        t == "Đạt"
    })
    .await;
    scroll_to(&c, "conflicts").await;
    screenshot(&c, "71-xung-dot").await;

    // Take the incoming version; the list empties (any other conflict keeps the local one).
    click(&c, &format!("{card} [data-testid=conflict-take-incoming]")).await;
    wait_js(
        &c,
        "the answer's conflict is resolved",
        &format!("return document.querySelector('{card}') === null;"),
    )
    .await;
    while count(&c, "[data-testid=conflict]").await > 0 {
        click(
            &c,
            "[data-testid=conflict] [data-testid=conflict-keep-local]",
        )
        .await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    wait_text(&c, "[data-testid=conflicts-empty]", |t| {
        t.contains("Không có xung đột nào")
    })
    .await;
    screenshot(&c, "72-xung-dot-da-xu-ly").await;

    // Back at the assessment, S1.1 is "Đạt" again.
    js(
        &c,
        &format!("location.hash = {assessment_hash}; return true;"),
    )
    .await;
    wait_text(&c, "[data-testid=section-title]", |t| t.starts_with("S1")).await;
    wait_result(&c, "S1.1", "pass").await;
    c.close().await.unwrap();
}

/// A completed assessment of the sample cooperative (every item PASS, one passing trace test each
/// way), made through the use cases before the window opens; its id.
fn completed_assessment(db: &Path) -> String {
    use sotay_model::assessment::AssessmentStatus;
    use sotay_model::verdict::Direction;
    let mut ws = sotay::Workspace::open(db, std::sync::Arc::new(sotay::SystemClock)).unwrap();
    ws.ensure_sample_workspace().unwrap();
    let pilot = ws
        .pilots()
        .unwrap()
        .into_iter()
        .find(|p| p.kind == sotay_model::PilotKind::Cooperative)
        .expect("the sample's cooperative");
    let handbook = pilot.handbook_id.clone().expect("its handbook");
    let a = ws
        .new_assessment(&pilot.id, &handbook, "2026-11-20", "Trần Thị Mai", &[])
        .unwrap()
        .id;
    let answers: Vec<(String, String, String, String)> = ws
        .assessment_items(&a)
        .unwrap()
        .iter()
        .filter(|i| !i.item.id.starts_with("S9."))
        .map(|i| {
            (
                i.item.id.clone(),
                "pass".into(),
                String::new(),
                String::new(),
            )
        })
        .collect();
    ws.answer(&a, &answers, None).unwrap();
    for direction in [Direction::Backward, Direction::Forward] {
        let input = sotay::TraceInput {
            started: "2026-11-20T09:00:00+07:00".into(),
            finished: "2026-11-20T10:00:00+07:00".into(),
            input_qty: 1000.0,
            accounted_qty: Some(1000.0),
            kde_required: 40,
            kde_present: 40,
            ..sotay::TraceInput::passing(direction, "AO03-261120-01")
        };
        ws.record_trace(&a, &input).unwrap();
    }
    ws.set_assessment_status(&a, AssessmentStatus::Completed)
        .unwrap();
    a
}

/// Draws a wave across the signature pad with the mouse (WebDriver pointer actions).
async fn draw_on_pad(c: &Client) {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
    let pad = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=sign-pad]"))
        .await
        .expect("the signature pad");
    reveal(c, &pad).await;
    let mut mouse = MouseActions::new("pen".into())
        .then(PointerAction::MoveToElement {
            element: pad.clone(),
            duration: None,
            x: -140.0,
            y: 10.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        });
    for i in 0..14 {
        let dy = if i % 2 == 0 { -28.0 } else { 28.0 };
        mouse = mouse.then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(30)),
            x: 18.0,
            y: dy,
        });
    }
    mouse = mouse
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        })
        // A second stroke: the underline.
        .then(PointerAction::MoveToElement {
            element: pad.clone(),
            duration: None,
            x: -120.0,
            y: 40.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(120)),
            x: 220.0,
            y: -12.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    c.perform_actions(mouse).await.expect("draw on the pad");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signature_the_team_leader_draws_and_the_pilots_representative_types_a_name() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (_tmp, db, _driver) = new_workspace("chu-ky.db");
    let a = completed_assessment(&db);
    let c = connect(&db).await;
    js(
        &c,
        &format!("location.hash = '#/pilots/{a}/verdict'; return true;"),
    )
    .await;
    wait_text(&c, "[data-testid=signature-panel] h3", |t| t == "Chữ ký").await;

    // The team leader draws on the pad; "Xóa" clears it first.
    click(&c, "[data-testid=sign-leader]").await;
    wait_text(&c, "[data-testid=sign-when]", |t| {
        t.starts_with("Ngày ký: ")
    })
    .await;
    draw_on_pad(&c).await;
    wait_js(
        &c,
        "a stroke is on the pad",
        "return Number(document.querySelector('[data-testid=sign-pad]').dataset.strokes) > 0;",
    )
    .await;
    click(&c, "[data-testid=sign-clear]").await;
    wait_js(
        &c,
        "the pad is clear",
        "return document.querySelector('[data-testid=sign-pad]').dataset.strokes === '0';",
    )
    .await;
    draw_on_pad(&c).await;
    type_into(&c, "[data-testid=sign-position]", "Phó Chi cục trưởng").await;
    screenshot(&c, "signature-pad").await;
    click(&c, "[data-testid=sign-save]").await;
    wait_js(
        &c,
        "the drawn signature is shown",
        "return !!document.querySelector('[data-testid=signature-leader] [data-testid=signature-drawing]');",
    )
    .await;

    // The pilot's representative types a name.
    click(&c, "[data-testid=sign-representative]").await;
    replace_text(&c, "[data-testid=sign-name]", "Nguyễn Văn Hải").await;
    click(&c, "[data-testid=sign-mode-type]").await;
    type_into(&c, "[data-testid=sign-position]", "Giám đốc HTX").await;
    click(&c, "[data-testid=sign-save]").await;
    let who = wait_text(
        &c,
        "[data-testid=signature-representative] [data-testid=signature-name]",
        |t| t.contains("Nguyễn Văn Hải"),
    )
    .await;
    assert_eq!(who, "Nguyễn Văn Hải · Giám đốc HTX");
    let at = wait_text(
        &c,
        "[data-testid=signature-leader] [data-testid=signature-at]",
        |t| t.starts_with("Ký lúc "),
    )
    .await;
    // dd/mm/yyyy HH:mm
    let date = at.trim_start_matches("Ký lúc ");
    assert!(
        date.len() == 16 && &date[2..3] == "/" && &date[5..6] == "/" && &date[13..14] == ":",
        "{at}"
    );
    scroll_to(&c, "signature-panel").await;
    screenshot(&c, "signature").await;

    // Stored with the record: the leader's mark as strokes, the representative's typed name.
    let ws = sotay::Workspace::open(&db, std::sync::Arc::new(sotay::SystemClock)).unwrap();
    let signed = ws.signatures(&a).unwrap();
    assert_eq!(signed.len(), 2);
    let drawing = signed[0].drawing.as_ref().expect("the leader's drawn mark");
    assert_eq!(drawing.strokes.len(), 2, "{drawing:?}");
    assert!(drawing.strokes[0].len() > 5, "{drawing:?}");
    assert_eq!(signed[0].name, "Trần Thị Mai");
    assert_eq!(signed[0].position, "Phó Chi cục trưởng");
    assert!(signed[1].drawing.is_none());
    assert!(signed.iter().all(|s| s.current));

    // The same in English.
    click(&c, "[data-testid=nav-settings]").await;
    click(&c, "[data-testid=lang-en]").await;
    wait_text(&c, "[data-testid=nav-pilots]", |t| {
        t == "Pilot verification"
    })
    .await;
    js(
        &c,
        &format!("location.hash = '#/pilots/{a}/verdict'; return true;"),
    )
    .await;
    wait_text(&c, "[data-testid=signature-panel] h3", |t| {
        t == "Signatures"
    })
    .await;
    wait_text(
        &c,
        "[data-testid=signature-leader] [data-testid=signature-at]",
        |t| t.starts_with("Signed "),
    )
    .await;
    scroll_to(&c, "signature-panel").await;
    screenshot(&c, "signature-en").await;
    click(&c, "[data-testid=nav-settings]").await;
    click(&c, "[data-testid=lang-vi]").await;
    wait_text(&c, "[data-testid=nav-pilots]", |t| t == "Kiểm tra thí điểm").await;

    // "Hủy chữ ký": asked first ("Giữ lại" keeps it), then withdrawn and said so; Rust
    // records who withdrew it and when.
    js(
        &c,
        &format!("location.hash = '#/pilots/{a}/verdict'; return true;"),
    )
    .await;
    wait_text(&c, "[data-testid=signature-panel] h3", |t| t == "Chữ ký").await;
    click(&c, "[data-testid=withdraw-representative]").await;
    wait_text(&c, "[data-testid=withdraw-confirm] p", |t| {
        t.starts_with("Hủy chữ ký của Nguyễn Văn Hải?")
    })
    .await;
    click(&c, "[data-testid=withdraw-no]").await;
    wait_js(
        &c,
        "the confirmation is gone and the signature kept",
        "return !document.querySelector('[data-testid=withdraw-confirm]') && document.querySelector('[data-testid=signature-representative]').dataset.signed === 'yes';",
    )
    .await;
    click(&c, "[data-testid=withdraw-representative]").await;
    scroll_to(&c, "signature-panel").await;
    screenshot(&c, "signature-huy-xac-nhan").await;
    click(&c, "[data-testid=withdraw-yes]").await;
    let said = wait_text(&c, "[data-testid=signature-withdrawn]", |t| {
        t.starts_with("Đã hủy chữ ký của Nguyễn Văn Hải lúc ")
    })
    .await;
    assert_eq!(
        said.len(),
        "Đã hủy chữ ký của Nguyễn Văn Hải lúc dd/mm/yyyy HH:mm.".len(),
        "{said}"
    );
    wait_js(
        &c,
        "the representative's place is empty again",
        "return document.querySelector('[data-testid=signature-representative]').dataset.signed === 'no' && !!document.querySelector('[data-testid=sign-representative]');",
    )
    .await;
    screenshot(&c, "signature-da-huy").await;
    let ws = sotay::Workspace::open(&db, std::sync::Arc::new(sotay::SystemClock)).unwrap();
    assert_eq!(ws.signatures(&a).unwrap().len(), 1);
    let history = ws.signature_history(&a).unwrap();
    assert_eq!(history.len(), 3, "{history:?}");
    assert_eq!(history[2].name, "Nguyễn Văn Hải");
    c.close().await.unwrap();
}

// ---- search, recovery and conflicts under their record (issue 17) ----

/// NULL releases the modifier keys a WebDriver key sequence pressed.
const NULL_KEY: &str = "\u{e000}";
const ARROW_DOWN: &str = "\u{e015}";

/// The sample workspace (made through the use cases before the window opens) with a new
/// assessment of its cooperative on `date`; the workspace and the assessment's id.
fn cooperative_assessment(db: &Path, date: &str) -> (sotay::Workspace, String) {
    let mut ws = sotay::Workspace::open(db, std::sync::Arc::new(sotay::SystemClock)).unwrap();
    ws.ensure_sample_workspace().unwrap();
    let pilot = ws
        .pilots()
        .unwrap()
        .into_iter()
        .find(|p| p.kind == sotay_model::PilotKind::Cooperative)
        .expect("the sample's cooperative");
    let handbook = pilot.handbook_id.clone().expect("its handbook");
    let a = ws
        .new_assessment(&pilot.id, &handbook, date, "Trần Thị Mai", &[])
        .unwrap()
        .id;
    (ws, a)
}

/// Waits for an element to be in the page (the first wait after the window opens: a script
/// run before the page is loaded fails instead of answering false).
async fn appear(c: &Client, css: &str) {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
}

/// One answer as `Workspace::answer` takes it: item, result, note, no NA reason.
fn answer(item: &str, result: &str, note: &str) -> Vec<(String, String, String, String)> {
    vec![(item.into(), result.into(), note.into(), String::new())]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_with_ctrl_k_opens_a_chapter_at_its_line_and_a_finding() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (_tmp, db, _driver) = new_workspace("tim-kiem.db");
    // S5.1 "Lỗi nhẹ" with a note: a finding to find.
    let a = {
        let (mut ws, a) = cooperative_assessment(&db, "2026-11-20");
        let note = "Sổ ghi của anh Quách thiếu hai ngày";
        ws.answer(&a, &answer("S5.1", "minor", note), None).unwrap();
        a
    };
    let c = connect(&db).await;
    appear(&c, "[data-testid=handbook-title]").await;
    wait_js(
        &c,
        "the library is shown",
        "return /Tôm sú/.test(document.querySelector('[data-testid=handbook-title]')?.textContent ?? '');",
    )
    .await;

    // Ctrl+K from anywhere; typed without marks.
    click(&c, "[data-testid=nav-handbooks]").await;
    press(&c, &format!("{CTRL}k{NULL_KEY}")).await;
    wait_js(
        &c,
        "the search box has the focus",
        "return document.activeElement?.dataset?.testid === 'search-input';",
    )
    .await;
    type_into(&c, "[data-testid=search-input]", "nhat ky ao nuoi").await;
    wait_js(
        &c,
        "chapters are found",
        "const g = [...document.querySelectorAll('[data-testid=search-group] h3')].map(h => h.textContent); \
         return g[0] === 'Chương';",
    )
    .await;
    let marked = js(
        &c,
        "return [...document.querySelectorAll('[data-testid=search-hit]')][0].querySelector('mark').textContent;",
    )
    .await;
    assert_eq!(
        marked.as_str().unwrap().to_lowercase(),
        "nhật ký ao nuôi",
        "{marked}"
    );
    screenshot(&c, "90-tim-kiem").await;

    // Enter opens the first chapter at the matching line.
    press(&c, ENTER).await;
    wait_js(
        &c,
        "the chapter opens at its line",
        "return /^#\\/handbooks\\/[^/]+\\/[^?]+\\?line=\\d+$/.test(location.hash) && !document.querySelector('[data-testid=search-palette]');",
    )
    .await;
    wait_editor(&c).await;
    wait_js(
        &c,
        "the cursor is on the line found",
        "const l = document.querySelector('.cm-activeLine'); return !!l && /nhật ký ao nuôi/i.test(l.textContent);",
    )
    .await;
    screenshot(&c, "91-tim-kiem-mo-chuong").await;

    // The visible button opens it too; ↓ and Enter open the finding among the results.
    click(&c, "[data-testid=open-search]").await;
    type_into(&c, "[data-testid=search-input]", "quach").await;
    wait_js(
        &c,
        "the item and its finding are found",
        "const h = [...document.querySelectorAll('[data-testid=search-hit]')].map(x => x.dataset.kind); \
         return h.join() === 'item,finding';",
    )
    .await;
    screenshot(&c, "92-tim-kiem-phat-hien").await;
    press(&c, ARROW_DOWN).await;
    wait_js(
        &c,
        "the finding is chosen",
        "return document.querySelector('[data-testid=search-hit][aria-selected=true]').dataset.kind === 'finding';",
    )
    .await;
    press(&c, ENTER).await;
    wait_js(
        &c,
        "the finding opens in its assessment",
        &format!(
            "return location.hash.startsWith('#/pilots/{a}/findings?finding=') && \
             !!document.querySelector('[data-testid=finding].found[data-item=\"S5.1\"]');"
        ),
    )
    .await;
    screenshot(&c, "93-tim-kiem-mo-phat-hien").await;

    // Esc closes without going anywhere.
    click(&c, "[data-testid=open-search]").await;
    wait_js(
        &c,
        "the search box has the focus",
        "return document.activeElement?.dataset?.testid === 'search-input';",
    )
    .await;
    press(&c, "\u{e00c}").await;
    wait_js(
        &c,
        "the palette closes",
        "return !document.querySelector('[data-testid=search-palette]');",
    )
    .await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovery_from_damaged_file_restores_the_backup_beside_it_and_keeps_the_file() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (tmp, db, _driver) = new_workspace("sotay.db");
    let backup = tmp.path().join("sotay.db.sao-luu.bak");
    {
        let mut ws = sotay::Workspace::open(&db, std::sync::Arc::new(sotay::SystemClock)).unwrap();
        ws.ensure_sample_workspace().unwrap();
        ws.backup(&backup).unwrap();
    }
    for companion in ["sotay.db-wal", "sotay.db-shm"] {
        let _ = std::fs::remove_file(tmp.path().join(companion));
    }
    let junk: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 9) as u8)
        .collect();
    std::fs::write(&db, &junk).unwrap();
    let c = connect(&db).await;
    appear(&c, "[data-testid=fatal-error] h1").await;
    wait_js(
        &c,
        "the recovery screen is shown",
        "return document.querySelector('[data-testid=fatal-error] h1')?.textContent === 'Không mở được vùng làm việc';",
    )
    .await;
    wait_text(&c, "[data-testid=recovery-cause]", |t| {
        t.contains("không phải là cơ sở dữ liệu Sotay") && t.contains("sotay.db")
    })
    .await;
    wait_text(&c, "[data-testid=recovery-other]", |t| t == "Chọn tệp khác").await;
    wait_text(&c, "[data-testid=recovery-new]", |t| {
        t == "Tạo vùng làm việc mới"
    })
    .await;
    wait_text(&c, "[data-testid=recovery-restore] h3", |t| {
        t == "Khôi phục từ bản sao lưu"
    })
    .await;
    wait_text(&c, "[data-testid=recovery-backup]", |t| {
        t.contains("sotay.db.sao-luu.bak")
    })
    .await;
    screenshot(&c, "95-khoi-phuc").await;
    assert_eq!(std::fs::read(&db).unwrap(), junk, "nothing changed yet");

    click(&c, "[data-testid=recovery-use-backup]").await;
    wait_text(&c, "[data-testid=handbook-title]", |t| t.contains("Tôm sú")).await;
    screenshot(&c, "96-khoi-phuc-xong").await;
    c.close().await.unwrap();
    let kept: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("sotay.db.khong-mo-duoc-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(std::fs::read(tmp.path().join(&kept[0])).unwrap(), junk);
    assert!(backup.exists(), "the backup is kept too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conflict_from_the_assessment_is_named_by_its_item_and_clears_once_resolved() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (tmp, db, _driver) = new_workspace("xung-dot.db");
    // S1.1 "Đạt" goes out in a bundle, becomes "Lỗi nhẹ" here, and the bundle comes back.
    let a = {
        let (mut ws, a) = cooperative_assessment(&db, "2026-10-05");
        ws.answer(&a, &answer("S1.1", "pass", "Có văn bản"), None)
            .unwrap();
        let bundle = tmp.path().join("a.sotay");
        ws.export_bundle(sotay::BundleKind::Assessment, &a, &bundle)
            .unwrap();
        ws.answer(&a, &answer("S1.1", "minor", "Sửa ở máy này"), None)
            .unwrap();
        ws.import_bundle(&bundle, false).unwrap();
        a
    };
    let c = connect(&db).await;
    appear(&c, "[data-testid=nav-pilots]").await;
    js(
        &c,
        &format!("location.hash = '#/pilots/{a}/checklist'; return true;"),
    )
    .await;
    appear(&c, "[data-testid=record-conflicts-badge]").await;
    wait_js(
        &c,
        "the count of conflicts is in the header",
        "return /xung đột/.test(document.querySelector('[data-testid=record-conflicts-badge]')?.textContent ?? '');",
    )
    .await;
    let badge = js(
        &c,
        "return document.querySelector('[data-testid=record-conflicts-badge]').getAttribute('aria-label');",
    )
    .await;
    let badge = badge.as_str().unwrap_or_default().to_owned();
    let n: u32 = badge
        .split_whitespace()
        .find_map(|w| w.parse().ok())
        .expect("a count");
    assert!(n >= 1, "{badge}");
    screenshot(&c, "97-xung-dot-trong-dot-danh-gia").await;

    click(&c, "[data-testid=record-conflicts-badge]").await;
    let card = "[data-testid=record-conflicts] [data-testid=conflict][data-table=answers]";
    let title = wait_text(&c, &format!("{card} [data-testid=conflict-title]"), |t| {
        t.contains("S1.1 · ")
    })
    .await;
    assert!(
        title.chars().count() > 20,
        "named by the item's text: {title}"
    );
    screenshot(&c, "98-xung-dot-theo-muc").await;
    click(&c, &format!("{card} [data-testid=conflict-take-incoming]")).await;
    wait_js(
        &c,
        "the answer's conflict is resolved",
        &format!("return document.querySelector('{card}') === null;"),
    )
    .await;
    while count(&c, "[data-testid=record-conflicts] [data-testid=conflict]").await > 0 {
        click(
            &c,
            "[data-testid=record-conflicts] [data-testid=conflict] [data-testid=conflict-keep-local]",
        )
        .await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    wait_text(
        &c,
        "[data-testid=record-conflicts] [data-testid=conflicts-empty]",
        |t| t.contains("Không có xung đột nào"),
    )
    .await;
    wait_js(
        &c,
        "the count clears",
        "return !document.querySelector('[data-testid=record-conflicts-badge]');",
    )
    .await;
    click(&c, "[data-testid=record-conflicts-close]").await;
    wait_result(&c, "S1.1", "pass").await;
    screenshot(&c, "99-xung-dot-da-xu-ly").await;
    c.close().await.unwrap();
}

/// The sample workspace with an assessment of its cooperative (20/11/2026) and its handbook
/// approved: the workspace, the assessment and the handbook.
fn approved_with_assessment(db: &Path) -> (sotay::Workspace, String, String) {
    let (mut ws, a) = cooperative_assessment(db, "2026-11-20");
    let h = ws.handbooks().unwrap()[0].id.clone();
    ws.set_status(&h, sotay_model::HandbookStatus::Review, "")
        .unwrap();
    ws.set_status(&h, sotay_model::HandbookStatus::Approved, "Đã duyệt")
        .unwrap();
    (ws, a, h)
}

/// A clerk writes the administrative documents (Nghị định 30/2020) from the window: the
/// minutes of an assessment with the team's decision, the times, the place (the pilot's
/// address to start with) and 3 copies — a bad time refused by Rust with nothing written —
/// as PDF (its text holds them) and as Word, number and date left blank to fill by hand; then
/// the decision issuing the approved handbook with its number and date, which is recorded on
/// the handbook and named on the cover of the edition published next. On the way, the
/// checklist fits a 1024 px window sideways.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_writes_the_minutes_and_the_issuing_decision_from_the_window() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (tmp, db, _driver) = new_workspace("van-ban.db");
    let (_, a, handbook) = approved_with_assessment(&db);
    let c = connect(&db).await;
    wait_text(&c, "[data-testid=handbook-title]", |t| t.contains("Tôm sú")).await;

    // The minutes: Xuất tệp → Biên bản kiểm tra; number and date first, then the team's
    // decision, the times, the copies and the place (the pilot's address to start with), then
    // PDF or Word.
    js(
        &c,
        &format!("location.hash = '#/pilots/{a}/checklist'; return true;"),
    )
    .await;
    wait_text(&c, "[data-testid=checklist-head]", |t| {
        t.contains("Đã trả lời")
    })
    .await;
    // At 1024×700 the checklist fits its width, also on section S2 whose way on names the
    // long "S3 Dòng nguyên liệu và phạm vi chuỗi" (the button's one line once made the
    // assessment's body scroll 48 px sideways).
    click_text(&c, "[data-testid=section-button]", "Định danh").await;
    wait_text(&c, "[data-testid=next-section]", |t| t.contains("S3")).await;
    fits_sideways_at_1024(&c, ".content", "the checklist on S2").await;
    // Its way on, at 1024×700: the long name wraps inside the section.
    let (x, y, w, h) = c.get_window_rect().await.expect("window size");
    c.set_window_rect(0, 0, 1024, 700).await.expect("resize");
    tokio::time::sleep(Duration::from_millis(500)).await;
    js(
        &c,
        "document.querySelector('[data-testid=next-section]').scrollIntoView({block: 'center'}); return true;",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    check_screen(&c, "31d-phan-tiep-theo-1024x700").await;
    shoot(&c, "31d-phan-tiep-theo-1024x700", Some((1024, 700))).await;
    c.set_window_rect(x as u32, y as u32, w as u32, h as u32)
        .await
        .expect("resize back");
    tokio::time::sleep(Duration::from_millis(300)).await;
    click(&c, "[data-testid=export-menu]").await;
    click(&c, "[data-testid=open-minutes]").await;
    wait_text(&c, "[data-testid=export-dialog]", |t| {
        t.contains("Số và ngày của văn bản")
            && t.contains("Số quyết định thành lập Đoàn")
            && t.contains("Word (.docx)")
    })
    .await;
    let place = wait_js_value(
        &c,
        "the place is the pilot's address",
        "const v = document.querySelector('[data-testid=minutes-place]').value; return v ? v : null;",
    )
    .await;
    assert_eq!(
        js(
            &c,
            "return document.querySelector('[data-testid=minutes-copies]').value;"
        )
        .await,
        json!("2")
    );
    let minutes = tmp.path().join("bien-ban.pdf");
    replace_text(&c, "[data-testid=export-path]", minutes.to_str().unwrap()).await;
    // A time that is none: Rust says so, nothing is written.
    type_into(&c, "[data-testid=minutes-start]", "7:75").await;
    click(&c, "[data-testid=export-run]").await;
    wait_text(&c, "[data-testid=export-error]", |t| {
        t.contains("“7:75” không phải giờ hợp lệ (ví dụ 08:30).")
    })
    .await;
    assert!(!minutes.exists());
    replace_text(&c, "[data-testid=minutes-start]", "07:45").await;
    type_into(&c, "[data-testid=minutes-end]", "10:30").await;
    type_into(&c, "[data-testid=minutes-team-decision]", "15/QĐ-SKHCN").await;
    type_into(&c, "[data-testid=minutes-team-date]", "10/11/2026").await;
    replace_text(&c, "[data-testid=minutes-copies]", "3").await;
    screenshot(&c, "95-bien-ban-hoi-so-ngay").await;
    click(&c, "[data-testid=export-run]").await;
    wait_text(&c, "[data-testid=export-path-result]", |t| {
        t.ends_with("bien-ban.pdf")
    })
    .await;
    if let Ok(out) = Command::new("pdftotext").arg(&minutes).arg("-").output() {
        let text = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for needle in [
            "Căn cứ Quyết định số 15/QĐ-SKHCN ngày 10/11/2026".to_owned(),
            format!(
                "vào hồi 07 giờ 45, ngày 20 tháng 11 năm 2026, tại {},",
                place.as_str().unwrap()
            ),
            "kết thúc vào hồi 10 giờ 30 cùng ngày, được lập thành 03 bản".to_owned(),
        ] {
            assert!(text.contains(&needle), "{needle}: {text}");
        }
    }
    // The same minutes as Word.
    click(&c, "[data-testid=export-again]").await;
    click(&c, "[data-testid=export-format-docx]").await;
    let word = tmp.path().join("bien-ban.docx");
    replace_text(&c, "[data-testid=export-path]", word.to_str().unwrap()).await;
    click(&c, "[data-testid=export-run]").await;
    wait_text(&c, "[data-testid=export-result]", |t| t.contains("Word")).await;
    assert!(std::fs::read(&word).unwrap().starts_with(b"PK"));
    click(&c, "[data-testid=export-close]").await;

    // The decision on the approved handbook: number 45, date picked as dd/mm/yyyy.
    js(
        &c,
        &format!("location.hash = '#/handbooks/{handbook}'; return true;"),
    )
    .await;
    wait_text(&c, "[data-testid=handbook-heading]", |t| t.contains("Tôm")).await;
    click(&c, "[data-testid=export-menu]").await;
    click(&c, "[data-testid=open-decision]").await;
    wait_text(&c, "[data-testid=export-dialog]", |t| {
        t.contains("Quyết định ban hành sổ tay")
    })
    .await;
    type_into(&c, "[data-testid=admin-number]", "45").await;
    type_into(&c, "[data-testid=admin-date]", "10/06/2026").await;
    let decision = tmp.path().join("quyet-dinh.pdf");
    replace_text(&c, "[data-testid=export-path]", decision.to_str().unwrap()).await;
    screenshot(&c, "96-quyet-dinh-ban-hanh").await;
    click(&c, "[data-testid=export-run]").await;
    wait_text(&c, "[data-testid=export-path-result]", |t| {
        t.ends_with("quyet-dinh.pdf")
    })
    .await;
    screenshot(&c, "97-quyet-dinh-xong").await;
    c.close().await.unwrap();
    if let Ok(out) = Command::new("pdftotext").arg(&decision).arg("-").output() {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Số: 45/QĐ"), "{text}");
        assert!(text.contains("ngày 10 tháng 6 năm 2026"), "{text}");
    }
    // Recorded on the handbook (the next edition's cover names it); the minutes, given no
    // number and date, recorded nothing.
    let ws = sotay::Workspace::open(&db, std::sync::Arc::new(sotay::SystemClock)).unwrap();
    let recorded = ws.handbook_decision(&handbook).unwrap().expect("recorded");
    assert_eq!(
        (recorded.number.as_str(), recorded.date.as_str()),
        ("45/QĐ", "2026-06-10")
    );
}

/// Waits until `script` returns something other than null and returns it.
async fn wait_js_value(c: &Client, what: &str, script: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let v = js(c, script).await;
        if !v.is_null() {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what}: never came");
}

/// At 1024×700, nothing in the scrolling box `css` (the content area, a wizard's body)
/// reaches past its right edge, and neither it nor a scrolling box inside it (an area's own
/// body) can scroll sideways (the window's own scroll is checked by every screenshot); what
/// sticks out is named in the failure.
async fn fits_sideways_at_1024(c: &Client, css: &str, what: &str) {
    let (x, y, w, h) = c.get_window_rect().await.expect("window size");
    c.set_window_rect(0, 0, 1024, 700)
        .await
        .expect("resize to 1024×700");
    tokio::time::sleep(Duration::from_millis(600)).await;
    let v = js(
        c,
        &format!("const el = document.querySelector({}); \
         const right = el.getBoundingClientRect().left + el.clientWidth - parseFloat(getComputedStyle(el).paddingRight); \
         const clipped = e => {{ for (let p = e.parentElement; p && p !== el; p = p.parentElement) {{ \
             if (getComputedStyle(p).overflowX !== 'visible') return true; }} return false; }}; \
         const out = [...el.querySelectorAll('*')] \
           .filter(e => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > right + 0.5 && !clipped(e)) \
           .map(e => e.tagName + '.' + e.className + ' [' + (e.dataset.testid || '') + '] → ' + Math.round(e.getBoundingClientRect().right)); \
         const scrollers = [...el.querySelectorAll('*')] \
           .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth) \
           .map(e => e.tagName + '.' + e.className + ' [' + (e.dataset.testid || '') + '] scrolls ' + (e.scrollWidth - e.clientWidth) + ' px'); \
         return {{ sideways: el.scrollWidth - el.clientWidth, out, scrollers }};", json!(css)),
    )
    .await;
    c.set_window_rect(x as u32, y as u32, w as u32, h as u32)
        .await
        .expect("resize back");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        v["sideways"].as_f64() == Some(0.0)
            && v["out"].as_array().is_some_and(|o| o.is_empty())
            && v["scrollers"].as_array().is_some_and(|o| o.is_empty()),
        "{what}: wider than its box at 1024×700: {v:#}"
    );
}

/// Picks `value` in the `n`-th select at `css`, as the user's choice would (a change event).
async fn choose_nth(c: &Client, css: &str, n: usize, value: &str) {
    let script = format!(
        "const s = document.querySelectorAll({})[{n}]; if (!s) return false; \
         s.value = {}; s.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;",
        json!(css),
        json!(value)
    );
    assert_eq!(js(c, &script).await, json!(true), "{css} #{n}");
}

/// The screens the last session left without a field, in Vietnamese and English: a task's
/// status set in the plan's task table (the next-year direction's draft follows it), the kind
/// of each recipient in the publish wizard (labels from Rust), the minutes' own fields.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn task_status_recipient_kind_and_minutes_fields_in_both_languages() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (_tmp, db, _driver) = new_workspace("truong-moi.db");
    let (a, plan) = {
        let (mut ws, a, _) = approved_with_assessment(&db);
        let plan = ws
            .create_plan(&sotay::NewPlanRequest {
                year: 2026,
                template: Some("qd100-yearly".into()),
                number: "69/KH-UBND".into(),
                ..Default::default()
            })
            .unwrap();
        (a, plan.id)
    };
    let c = connect(&db).await;
    wait_text(&c, "[data-testid=handbook-title]", |t| t.contains("Tôm")).await;

    for (lang, suffix) in [("vi", ""), ("en", "-en")] {
        if lang == "en" {
            js(&c, "location.hash = '#/settings'; return true;").await;
            click(&c, "[data-testid=lang-en]").await;
            wait_text(&c, "[data-testid=nav-handbooks]", |t| t == "Handbooks").await;
        }
        // The plan: task 2.2 (then 2.3) done in the task table; the direction's draft (the
        // stored text, Vietnamese in either language) drops it.
        js(&c, "location.hash = '#/plan'; return true;").await;
        appear(&c, "[data-testid=direction-text]").await;
        let code = if lang == "vi" { "2.2" } else { "2.3" };
        let draft = format!("nhiệm vụ {code} ");
        wait_js(
            &c,
            "the draft names the open task",
            &format!(
                "return document.querySelector('[data-testid=direction-text]').value.includes({});",
                json!(draft)
            ),
        )
        .await;
        let row = js(
            &c,
            &format!(
                "return [...document.querySelectorAll('[data-testid=task-row]')].findIndex(r => r.textContent.trim().startsWith({}));",
                json!(code)
            ),
        )
        .await
        .as_u64()
        .unwrap() as usize;
        choose_nth(&c, "[data-testid=task-status]", row, "done").await;
        wait_js(
            &c,
            "the draft follows the task",
            &format!(
                "return !document.querySelector('[data-testid=direction-text]').value.includes({});",
                json!(draft)
            ),
        )
        .await;
        scroll_to(&c, "task-table").await;
        screenshot(&c, &format!("70-ke-hoach-trang-thai-nhiem-vu{suffix}")).await;

        // The publish wizard: each recipient's kind, Rust's labels.
        js(&c, "location.hash = '#/publishing'; return true;").await;
        click(&c, "[data-testid=open-publish]").await;
        wait_text(&c, "[data-testid=publish-wizard]", |t| t.contains("Tôm")).await;
        type_into_nth(&c, "[data-testid=recipient-name]", 0, "HTX Thuận Hòa").await;
        choose_nth(&c, "[data-testid=recipient-kind]", 0, "cooperative").await;
        click(&c, "[data-testid=recipient-add]").await;
        type_into_nth(
            &c,
            "[data-testid=recipient-name]",
            1,
            "Sở Nông nghiệp và Môi trường",
        )
        .await;
        choose_nth(&c, "[data-testid=recipient-kind]", 1, "department").await;
        let shown = js(
            &c,
            "return [...document.querySelectorAll('[data-testid=recipient-kind]')].map(s => s.selectedOptions[0].textContent);",
        )
        .await;
        assert_eq!(
            shown,
            if lang == "vi" {
                json!(["Hợp tác xã", "Sở, ngành"])
            } else {
                json!(["Cooperative", "Department or sector"])
            }
        );
        scroll_to(&c, "recipients").await;
        // (The handbook's long title in step 1 once made the wizard scroll 26 px sideways.)
        fits_sideways_at_1024(&c, ".wizard .scroll", "the publish wizard").await;
        screenshot(&c, &format!("71-phat-hanh-loai-noi-nhan{suffix}")).await;

        // The minutes' dialog on the assessment.
        js(
            &c,
            &format!("location.hash = '#/pilots/{a}/checklist'; return true;"),
        )
        .await;
        click(&c, "[data-testid=export-menu]").await;
        click(&c, "[data-testid=open-minutes]").await;
        wait_text(&c, "[data-testid=minutes-fields]", |t| {
            t.contains(if lang == "vi" {
                "Số quyết định thành lập Đoàn"
            } else {
                "Decision setting up the team"
            })
        })
        .await;
        wait_js_value(
            &c,
            "the place is pre-filled",
            "const v = document.querySelector('[data-testid=minutes-place]').value; return v ? v : null;",
        )
        .await;
        screenshot(&c, &format!("72-bien-ban-cac-truong{suffix}")).await;
    }
    c.close().await.unwrap();
    let ws = sotay::Workspace::open(&db, std::sync::Arc::new(sotay::SystemClock)).unwrap();
    let view = ws.plan_view(&plan).unwrap();
    for code in ["2.2", "2.3"] {
        let task = view.tasks.iter().find(|t| t.code == code).unwrap();
        assert_eq!(
            (task.status, task.progress),
            (sotay_model::plan::TaskStatus::Done, 100),
            "{code}"
        );
    }
}

/// Puts a file with `bytes` into the file input at `css` as the user's file picker would, and
/// lets the window's change handler read it (the window then sends the bytes to Rust).
async fn choose_file(c: &Client, css: &str, name: &str, bytes: &[u8]) {
    let script = format!(
        "const input = document.querySelector({}); \
         const dt = new DataTransfer(); \
         dt.items.add(new File([new Uint8Array({})], {})); \
         input.files = dt.files; \
         input.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;",
        json!(css),
        json!(bytes),
        json!(name)
    );
    js(c, &script).await;
}

/// Last year's plan (2025, 89/KH-UBND) with the return of Sở Công Thương imported: the form
/// written by Sotay, filled in as the agency would (2 activities, 95 participants, 1 product
/// proposed, 7 units applying).
fn last_years_return(db: &Path, dir: &Path) {
    use calamine::{Data, Reader};
    let mut ws = sotay::Workspace::open(db, std::sync::Arc::new(sotay::SystemClock)).unwrap();
    let last = ws
        .create_plan(&sotay::NewPlanRequest {
            year: 2025,
            template: Some("qd100-yearly".into()),
            number: "89/KH-UBND".into(),
            ..Default::default()
        })
        .unwrap();
    let forms = ws.write_return_forms(&last.id, &dir.join("2025")).unwrap();
    let form = forms
        .iter()
        .find(|f| f.to_string_lossy().contains("so-cong-thuong"))
        .unwrap();
    let mut book = calamine::open_workbook_auto(form).unwrap();
    let range = book.worksheet_range("Báo cáo").unwrap();
    let (r0, c0) = range.start().unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    let sheet = out.add_worksheet();
    sheet.set_name("Báo cáo").unwrap();
    for (r, c, v) in range.cells() {
        if let Data::String(s) = v {
            sheet
                .write_string(r as u32 + r0, (c as u32 + c0) as u16, s)
                .unwrap();
        }
    }
    for (i, n) in [2.0, 95.0, 1.0, 7.0].into_iter().enumerate() {
        sheet.write_number(9 + i as u32, 2, n).unwrap();
    }
    let filled = dir.join("so-cong-thuong-2025.xlsx");
    out.save(&filled).unwrap();
    ws.import_return(&last.id, &filled, Some("2025-12-12"))
        .unwrap();
}

/// The programme specialist walks Kế hoạch: a plan from the Decision 100 yearly template shows
/// its six budget lines and 370.000.000 đồng; spending is recorded (over a line's estimate
/// with a warning); an activity is added and its attendance list imported, counting the
/// participants by kind; the returns board shows the 15 December deadline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_specialist_runs_the_years_plan_in_the_window() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (tmp, db, _driver) = new_workspace("ke-hoach.db");
    last_years_return(&db, tmp.path());
    let c = connect(&db).await;
    wait_text(&c, "[data-testid=nav-plan]", |t| t.contains("Kế hoạch")).await;
    click(&c, "[data-testid=nav-plan]").await;
    wait_text(&c, "[data-testid=area-plan]", |t| t.contains("Kế hoạch")).await;
    click(&c, "[data-testid=new-plan]").await;
    replace_text(&c, "[data-testid=plan-year]", "2026").await;
    type_into(&c, "[data-testid=plan-number]", "69/KH-UBND").await;
    type_into(&c, "[data-testid=plan-date]", "07/04/2026").await;
    click(&c, "[data-testid=plan-create]").await;

    // The template's six lines and their total, in figures and in words.
    wait_text(&c, "[data-testid=total-estimate]", |t| t == "370.000.000").await;
    assert_eq!(count(&c, "[data-testid=budget-line]").await, 6);
    let estimates = js(
        &c,
        "return [...document.querySelectorAll('[data-testid=budget-line]')].map(r => [r.dataset.code, r.querySelector('[data-testid=line-estimate]').textContent]);",
    )
    .await;
    assert_eq!(
        estimates,
        json!([
            ["1.1", "50.000.000"],
            ["1.2", "25.000.000"],
            ["1.3", "35.000.000"],
            ["2.1", "70.000.000"],
            ["2.2", "130.000.000"],
            ["2.3", "60.000.000"]
        ])
    );
    wait_text(&c, "[data-testid=total-words]", |t| {
        t.contains("ba trăm bảy mươi triệu đồng")
    })
    .await;
    wait_text(&c, "[data-testid=plan-head]", |t| t.contains("69/KH-UBND")).await;
    screenshot(&c, "50-ke-hoach-du-toan").await;

    // Spending: 12.500.000 on 1.1; then 30.000.000 on 1.2, over its 25.000.000 — recorded,
    // with the warning; a text amount is refused and changes nothing.
    scroll_to(&c, "spending-form").await;
    let spend = |line: &'static str, amount: &'static str, date: &'static str| {
        let c = c.clone();
        async move {
            js(
                &c,
                &format!(
                    "const s = document.querySelector('[data-testid=spend-line]'); s.value = {}; s.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;",
                    json!(line)
                ),
            )
            .await;
            replace_text(&c, "[data-testid=spend-amount]", amount).await;
            replace_text(&c, "[data-testid=spend-date]", date).await;
            click(&c, "[data-testid=spend-save]").await;
        }
    };
    spend("1.1", "12.500.000", "10/05/2026").await;
    wait_text(&c, "[data-testid=total-spent]", |t| t == "12.500.000").await;
    spend("1.2", "mười triệu", "11/05/2026").await;
    wait_text(&c, "[data-testid=spend-error]", |t| {
        t.contains("không hợp lệ")
    })
    .await;
    wait_text(&c, "[data-testid=total-spent]", |t| t == "12.500.000").await;
    spend("1.2", "30.000.000", "12/05/2026").await;
    wait_text(&c, "[data-testid=spend-warning]", |t| {
        t.contains("vượt dự toán 25.000.000 đồng là 5.000.000 đồng")
    })
    .await;
    wait_text(&c, "[data-testid=total-spent]", |t| t == "42.500.000").await;
    wait_text(
        &c,
        "[data-testid=budget-line][data-code='1.2'] [data-testid=line-remaining]",
        |t| t == "-5.000.000",
    )
    .await;
    screenshot(&c, "51-ke-hoach-chi-vuot-du-toan").await;

    // An activity: a training course on line 1.1, then its attendance list.
    scroll_to(&c, "activity-form").await;
    type_into(&c, "[data-testid=activity-date]", "12/06/2026").await;
    type_into(
        &c,
        "[data-testid=activity-title]",
        "Tập huấn áp dụng truy xuất nguồn gốc tôm",
    )
    .await;
    type_into(&c, "[data-testid=activity-place]", "Rạch Giá").await;
    type_into(
        &c,
        "[data-testid=activity-organiser]",
        "Sở Khoa học và Công nghệ",
    )
    .await;
    type_into(
        &c,
        "[data-testid=activity-audience]",
        "Doanh nghiệp, hợp tác xã nuôi tôm",
    )
    .await;
    type_into(&c, "[data-testid=activity-participants]", "40").await;
    js(
        &c,
        "const s = document.querySelector('[data-testid=activity-line]'); s.value = '1.1'; s.dispatchEvent(new Event('change', { bubbles: true })); return true;",
    )
    .await;
    click(&c, "[data-testid=activity-save]").await;
    wait_text(&c, "[data-testid=activity-count]", |t| {
        t.contains("1 hoạt động, 40 người tham dự")
    })
    .await;
    let list = "STT;Họ và tên;Đơn vị;Đối tượng;Điện thoại\n\
                1;Nguyễn Văn An;Công ty TNHH Tôm Việt;Doanh nghiệp;0912345678\n\
                2;Trần Thị Bình;HTX Thủy sản Tân Phú;Hợp tác xã;\n\
                3;Lê Văn Cường;UBND xã Tân Hiệp;Cán bộ;\n\
                4;Phạm Thị Dung;Công ty CP Rạch Giá;Doanh nghiệp;\n\
                5;Võ Văn Em;HTX Nông nghiệp Vĩnh Hòa;HTX;\n";
    let bad = format!("{list}6;Đỗ Thị Phương;Trường Đại học Kiên Giang;sinh viên;\n");
    choose_file(
        &c,
        "[data-testid=activity-attendance]",
        "dai-bieu.csv",
        bad.as_bytes(),
    )
    .await;
    wait_text(&c, "[data-testid=activity-item-error]", |t| {
        t.contains("dòng 7, cột “Đối tượng”: đối tượng “sinh viên” không hợp lệ")
    })
    .await;
    choose_file(
        &c,
        "[data-testid=activity-attendance]",
        "dai-bieu.csv",
        list.as_bytes(),
    )
    .await;
    wait_text(&c, "[data-testid=activity-by-kind]", |t| {
        t.contains("2 doanh nghiệp, 2 hợp tác xã, 1 cán bộ")
    })
    .await;
    wait_text(&c, "[data-testid=activity-count]", |t| {
        t.contains("1 hoạt động, 5 người tham dự")
    })
    .await;
    wait_text(&c, "[data-testid=evidence-files]", |t| {
        t.contains("dai-bieu.csv")
    })
    .await;
    scroll_to(&c, "activity-count").await;
    screenshot(&c, "52-ke-hoach-hoat-dong-danh-sach").await;

    // The task 1.1 shows what the records say; the returns board its deadline.
    wait_text(&c, "[data-testid=task-table]", |t| {
        t.contains("1 hoạt động, 5 người tham dự")
            && t.contains("đã chi 12.500.000/50.000.000 đồng")
    })
    .await;
    scroll_to(&c, "returns-board").await;
    wait_text(&c, "[data-testid=returns-board]", |t| {
        t.contains("Hạn gửi 15/12/2026")
    })
    .await;
    // Days to the deadline by the app's clock (today's date, whatever it is).
    let left = wait_text(&c, "[data-testid=returns-left]", |t| !t.is_empty()).await;
    assert!(
        left.starts_with("còn ") || left == "hạn là hôm nay" || left.starts_with("đã quá hạn "),
        "{left}"
    );
    // Sở Công Thương's return to last year's plan stands beside this year's, still empty.
    let compared = js(
        &c,
        "return [...document.querySelectorAll('[data-testid=compare-row]')].map(r => [r.dataset.key, r.querySelector('[data-testid=compare-this]').textContent, r.querySelector('[data-testid=compare-last]').textContent]);",
    )
    .await;
    assert_eq!(
        compared,
        json!([
            ["activities", "—", "2"],
            ["participants", "—", "95"],
            ["products_proposed", "—", "1"],
            ["units_applying", "—", "7"],
            ["difficulties", "—", ""],
            ["proposals", "—", ""]
        ])
    );
    wait_text(&c, "[data-testid=return-compare]", |t| {
        t.contains("Năm 2026") && t.contains("Năm 2025")
    })
    .await;
    screenshot(&c, "53-ke-hoach-bao-cao-don-vi").await;
    c.close().await.unwrap();

    // The window recorded what it showed.
    let ws = sotay::Workspace::open(&db, std::sync::Arc::new(sotay::SystemClock)).unwrap();
    let plan = ws.plan_view("2026").unwrap();
    assert_eq!(
        (plan.total_estimate_vnd, plan.total_spent_vnd),
        (370_000_000, 42_500_000)
    );
    let a = &plan.activities[0];
    assert_eq!(
        (
            a.participants.enterprises,
            a.participants.cooperatives,
            a.participants.officials
        ),
        (2, 2, 1)
    );
    assert_eq!(a.line.as_deref(), Some("1.1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_sets_the_editions_paper_and_makes_and_restores_a_backup() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (tmp, db, _driver) = new_workspace("sotay.db");
    let c = connect(&db).await;
    click(&c, "[data-testid=nav-settings]").await;
    wait_text(&c, "[data-testid=edition-fonts]", |t| {
        t.contains("Noto Serif")
    })
    .await;
    click(&c, "[data-testid=edition-paper-a5]").await;
    wait_text(&c, "[data-testid=edition-paper-msg]", |t| {
        t.contains("Đã lưu")
    })
    .await;
    wait_text(&c, "[data-testid=backup-none]", |t| {
        t.contains("Chưa có bản sao lưu")
    })
    .await;
    click(&c, "[data-testid=backup-make]").await;
    wait_text(&c, "[data-testid=backup-msg]", |t| {
        t.contains("Đã tạo bản sao lưu sotay.db.sao-luu-")
    })
    .await;
    scroll_to(&c, "settings-edition").await;
    screenshot(&c, "05b-cai-dat-an-ban-sao-luu").await;

    // After the backup the paper goes back to A4; restoring brings A5 back.
    click(&c, "[data-testid=edition-paper-a4]").await;
    wait_js(
        &c,
        "A4 is chosen",
        "return document.querySelector('[data-testid=edition-paper-a4]').checked;",
    )
    .await;
    click(&c, "[data-testid=backup-restore]").await;
    wait_text(&c, "[data-testid=backup-confirm]", |t| {
        t.contains("Nội dung hiện tại của vùng làm việc được giữ lại")
    })
    .await;
    scroll_to(&c, "settings-backups").await;
    screenshot(&c, "05c-cai-dat-khoi-phuc-xac-nhan").await;
    click(&c, "[data-testid=backup-confirm-yes]").await;
    wait_text(&c, "[data-testid=backup-msg]", |t| {
        t.contains("Đã khôi phục bản sao lưu lúc")
    })
    .await;
    wait_js(
        &c,
        "the restored paper (A5) is shown",
        "return document.querySelector('[data-testid=edition-paper-a5]').checked;",
    )
    .await;
    assert_eq!(count(&c, "[data-testid=backup-item]").await, 2);
    scroll_to(&c, "settings-backups").await;
    screenshot(&c, "05d-cai-dat-khoi-phuc-xong").await;
    c.close().await.unwrap();
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("sotay.db.sao-luu-")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("sotay.db.truoc-khoi-phuc-")),
        "{names:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_asks_who_is_working_and_names_records_after_them() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let tmp = tempfile::TempDir::new().unwrap();
    let db = tmp.path().join("lan-dau.db");
    let config = tmp.path().join("config");
    let data = tmp.path().join("data");
    let _driver = Driver::start_as(
        &[("XDG_CONFIG_HOME", &config), ("XDG_DATA_HOME", &data)],
        None,
    );
    let c = connect(&db).await;

    // Nobody is named yet: the dialog stands in front of the library, name first.
    appear(&c, "[data-testid=identity-dialog]").await;
    wait_text(&c, "[data-testid=identity-dialog] h2", |t| {
        t == "Chào mừng bạn đến với Sotay"
    })
    .await;
    screenshot(&c, "00-lan-dau-danh-tinh").await;

    // Without a name the dialog stays and says why.
    click(&c, "[data-testid=identity-save]").await;
    wait_text(&c, "[data-testid=identity-error]", |t| !t.is_empty()).await;
    assert_eq!(count(&c, "[data-testid=identity-dialog]").await, 1);

    type_into(&c, "[data-testid=identity-name]", "Nguyễn Văn Bình").await;
    type_into(&c, "[data-testid=identity-position]", "Chuyên viên").await;
    type_into(
        &c,
        "[data-testid=identity-unit]",
        "Sở Khoa học và Công nghệ An Giang",
    )
    .await;
    screenshot(&c, "00b-lan-dau-da-dien").await;
    click(&c, "[data-testid=identity-save]").await;
    wait_js(
        &c,
        "the identity dialog closes",
        "return document.querySelector('[data-testid=identity-dialog]') === null",
    )
    .await;
    wait_text(&c, "[data-testid=handbook-title]", |t| !t.is_empty()).await;

    // Cài đặt shows the identity, and the workspace keeps it for every record it names.
    click(&c, "[data-testid=nav-settings]").await;
    appear(&c, "[data-testid=settings-identity] input").await;
    let name = c
        .find(Locator::Css("[data-testid=settings-identity] input"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(name.as_deref(), Some("Nguyễn Văn Bình"));
    screenshot(&c, "00c-cai-dat-nguoi-dung").await;
    c.close().await.unwrap();

    let ws = sotay::Workspace::open(&db, std::sync::Arc::new(sotay::SystemClock)).unwrap();
    let me = ws.user_identity().unwrap().expect("the identity is stored");
    assert_eq!(me.name, "Nguyễn Văn Bình");
    assert_eq!(me.position, "Chuyên viên");
    assert_eq!(me.unit, "Sở Khoa học và Công nghệ An Giang");
}

/// Sets the `<select>` at `css` to the option whose text contains `needle` and tells Svelte.
async fn select_option(c: &Client, css: &str, needle: &str) {
    let done = js(
        c,
        &format!(
            "const s = document.querySelector({}); \
             const o = s && [...s.options].find(o => o.textContent.includes({})); \
             if (!o) return false; \
             s.value = o.value; s.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;",
            json!(css),
            json!(needle)
        ),
    )
    .await;
    assert_eq!(done, json!(true), "{css}: no option with {needle:?}");
}

/// The programme specialist walks the key-product tabs of Kế hoạch: two proposals scored on
/// the default weights rank shrimp 435/500 above rice 420/500 (the numbers of the CLI tests);
/// shrimp is issued under a decision; its roadmap's milestones show the progress Rust computes
/// from the sample's records (its handbook still a draft, its two pilots 2 of 5 units); its
/// readiness checklist lists the product and both pilots.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_specialist_ranks_the_key_products_and_follows_their_roadmap_in_the_window() {
    if skipped() {
        return;
    }
    let _turn = SERIAL.lock().await;
    let (_tmp, db, _driver) = new_workspace("san-pham-chu-luc.db");
    let c = connect(&db).await;
    wait_text(&c, "[data-testid=nav-plan]", |t| t.contains("Kế hoạch")).await;
    click(&c, "[data-testid=nav-plan]").await;
    wait_text(&c, "[data-testid=tab-catalogue]", |t| {
        t == "Danh mục sản phẩm chủ lực"
    })
    .await;
    wait_text(&c, "[data-testid=catalogue-empty]", |t| {
        t == "Chưa có sản phẩm nào được đề xuất."
    })
    .await;

    // Two proposals: shrimp from the department, linked to the sample's handbook; rice from
    // the association.
    for (name, by, handbook) in [
        ("Tôm sú", "Sở Nông nghiệp và Môi trường", true),
        ("Lúa gạo ST25", "Hiệp hội Lúa gạo", false),
    ] {
        type_into(&c, "[data-testid=propose-name]", name).await;
        type_into(&c, "[data-testid=propose-by]", by).await;
        if handbook {
            wait_js(
                &c,
                "the handbooks are offered",
                "return document.querySelector('[data-testid=propose-handbook]').options.length > 1",
            )
            .await;
            js(
                &c,
                "const s = document.querySelector('[data-testid=propose-handbook]'); s.value = s.options[1].value; s.dispatchEvent(new Event('change', { bubbles: true })); return true;",
            )
            .await;
        }
        click(&c, "[data-testid=propose-save]").await;
        appear(&c, &format!("[data-testid=ranked-row][data-name='{name}']")).await;
    }

    // Scores 0–5 on the five criteria (default weights 30/20/20/15/15).
    let score = |name: &'static str, values: [(&'static str, &'static str); 5]| {
        let c = c.clone();
        async move {
            let row = format!("[data-testid=ranked-row][data-name='{name}']");
            for (k, v) in values {
                replace_text(&c, &format!("{row} [data-testid=score-{k}]"), v).await;
            }
            click(&c, &format!("{row} [data-testid=score-save]")).await;
            wait_text(&c, "[data-testid=score-notice]", |t| t.contains(name)).await;
        }
    };
    score(
        "Tôm sú",
        [
            ("production_value", "5"),
            ("scale", "4"),
            ("export_share", "5"),
            ("brand_gi", "3"),
            ("chain_readiness", "4"),
        ],
    )
    .await;
    score(
        "Lúa gạo ST25",
        [
            ("production_value", "4"),
            ("scale", "5"),
            ("export_share", "4"),
            ("brand_gi", "5"),
            ("chain_readiness", "3"),
        ],
    )
    .await;
    // 30·5 + 20·4 + 20·5 + 15·3 + 15·4 = 435 of 500; rice 420.
    let ranking = "return [...document.querySelectorAll('[data-testid=ranked-row]')].map(r => [r.dataset.name, r.querySelector('[data-testid=rank]').textContent, r.querySelector('[data-testid=weighted]').textContent]);";
    let expected = json!([
        ["Tôm sú", "1", "435/500 (87,00 %)"],
        ["Lúa gạo ST25", "2", "420/500 (84,00 %)"]
    ]);
    wait_js(
        &c,
        "the ranking shows the weighted scores",
        &format!(
            "return JSON.stringify((() => {{ {ranking} }})()) === {};",
            json!(expected.to_string())
        ),
    )
    .await;
    assert_eq!(js(&c, ranking).await, expected);

    // Shrimp is issued under the province's decision; rice stays proposed.
    click(
        &c,
        "[data-testid=ranked-row][data-name='Tôm sú'] [data-testid=issue-pick]",
    )
    .await;
    wait_text(&c, "[data-testid=issue-chosen]", |t| {
        t == "Đã chọn 1 sản phẩm"
    })
    .await;
    type_into(&c, "[data-testid=issue-number]", "125/QĐ-UBND").await;
    type_into(&c, "[data-testid=issue-date]", "04/05/2026").await;
    click(&c, "[data-testid=issue-save]").await;
    wait_text(&c, "[data-testid=issue-done]", |t| {
        t == "Đã ban hành 1 sản phẩm theo quyết định số 125/QĐ-UBND."
    })
    .await;
    wait_text(
        &c,
        "[data-testid=ranked-row][data-name='Tôm sú'] [data-testid=status]",
        |t| t.contains("Đã ban hành") && t.contains("Quyết định số 125/QĐ-UBND ngày 04/05/2026"),
    )
    .await;
    wait_text(
        &c,
        "[data-testid=ranked-row][data-name='Lúa gạo ST25'] [data-testid=status]",
        |t| t.trim() == "Đề xuất",
    )
    .await;
    scroll_to(&c, "key-products").await;
    screenshot(&c, "54-danh-muc-san-pham").await;

    // The roadmap: this year the handbook, next year replication to 5 units.
    click(&c, "[data-testid=tab-roadmap]").await;
    appear(&c, "[data-testid=milestone-form]").await;
    select_option(&c, "[data-testid=milestone-product]", "Tôm sú").await;
    // The form starts at the window's year (the app's clock), so the statuses below hold
    // whatever the date of the run.
    let this_year: i32 = c
        .find(Locator::Css("[data-testid=milestone-year]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
        .parse()
        .expect("the form starts at this year");
    let next_year = (this_year + 1).to_string();
    let this_year = this_year.to_string();
    let milestone = |year: String, kind: &'static str, target: Option<&'static str>| {
        let c = c.clone();
        async move {
            let before = count(&c, "[data-testid=milestone]").await;
            replace_text(&c, "[data-testid=milestone-year]", &year).await;
            select_option(
                &c,
                "[data-testid=milestone-kind]",
                match kind {
                    "handbook" => "Sổ tay",
                    _ => "Nhân rộng",
                },
            )
            .await;
            if let Some(n) = target {
                replace_text(&c, "[data-testid=milestone-target]", n).await;
            }
            click(&c, "[data-testid=milestone-save]").await;
            wait_js(
                &c,
                "the milestone is listed",
                &format!(
                    "return document.querySelectorAll('[data-testid=milestone]').length === {};",
                    before + 1
                ),
            )
            .await;
        }
    };
    milestone(this_year.clone(), "handbook", None).await;
    milestone(next_year.clone(), "replication", Some("5")).await;
    // The sample's handbook is a draft; its two pilots apply it: 2 of 5 units, 40 %.
    let rows = js(
        &c,
        "return [...document.querySelectorAll('[data-testid=milestone]')].map(r => [r.dataset.year, r.dataset.kind, r.querySelector('[data-testid=milestone-achieved]').textContent, r.querySelector('[data-testid=milestone-bar]').value, r.querySelector('[data-testid=milestone-status]').textContent]);",
    )
    .await;
    assert_eq!(
        rows,
        json!([
            [this_year, "handbook", "0/1", 0, "Đang thực hiện"],
            [next_year, "replication", "2/5", 40, "Đang thực hiện"]
        ])
    );
    wait_text(
        &c,
        "[data-testid=roadmap][data-product='Tôm sú'] [data-testid=roadmap-done]",
        |t| t == "0/2 mốc hoàn thành",
    )
    .await;
    scroll_to(&c, "key-products").await;
    screenshot(&c, "55-lo-trinh").await;

    // Readiness: the issued product and the two pilots applying its handbook.
    click(&c, "[data-testid=tab-readiness]").await;
    appear(&c, "[data-testid=readiness]").await;
    assert_eq!(count(&c, "[data-testid=readiness]").await, 3);
    let items = js(
        &c,
        "return [...document.querySelectorAll('[data-testid=readiness]')[0].querySelectorAll('[data-testid=readiness-item]')].map(i => [i.dataset.key, i.dataset.state]);",
    )
    .await;
    assert_eq!(
        items,
        json!([
            ["gs1_prefix", "met"],
            ["gtin", "met"],
            ["gln", "met"],
            ["trace_code", "met"],
            ["carrier", "met"],
            ["public_info", "met"],
            ["image", "missing"],
            ["event_time", "missing"],
            ["registration", "missing"]
        ])
    );
    wait_text(&c, "[data-testid=readiness-met]", |t| {
        t == "Đạt 6/9 tiêu chí"
    })
    .await;
    wait_text(&c, "[data-testid=example-code]", |t| {
        t == "https://id.gs1.org/01/08939990100112/10/CB01-260616-02"
    })
    .await;
    scroll_to(&c, "key-products").await;
    screenshot(&c, "56-san-sang-ket-noi").await;
    c.close().await.unwrap();

    // The window recorded what it showed.
    let ws = sotay::Workspace::open(&db, std::sync::Arc::new(sotay::SystemClock)).unwrap();
    let view = serde_json::to_value(ws.catalogue().unwrap()).unwrap();
    let ranked: Vec<_> = view["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].clone(),
                r["weighted_sum"].clone(),
                r["status"].clone(),
            )
        })
        .collect();
    assert_eq!(
        ranked,
        vec![
            (json!("Tôm sú"), json!(435), json!("issued")),
            (json!("Lúa gạo ST25"), json!(420), json!("proposed"))
        ]
    );
    let roadmaps = serde_json::to_value(ws.roadmaps().unwrap()).unwrap();
    let shrimp = roadmaps
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["product"] == "Tôm sú")
        .expect("shrimp has a roadmap");
    assert_eq!(shrimp["milestones"].as_array().unwrap().len(), 2);
}
