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
        .stderr(Stdio::inherit());
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
            if let Ok(text) = el.text().await {
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
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Types `text` into the element at `css` (WebDriver key events, as a keyboard would).
async fn type_into(c: &Client, css: &str, text: &str) {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .send_keys(text)
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

/// A picture of the screen as the user sees it (the X server's), else WebDriver's.
async fn screenshot(c: &Client, name: &str) {
    tokio::time::sleep(Duration::from_millis(400)).await;
    let path = output_dir().join(format!("{name}.png"));
    let from_x = std::env::var_os("DISPLAY").is_some()
        && Command::new("import")
            .args(["-window", "root"])
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
    wait_text(&c, "[data-testid='field-product.gtin']", |t| {
        t.contains("hợp lệ")
    })
    .await;
    click(&c, "[data-testid=wizard-create]").await;
    wait_text(&c, "[data-testid=handbook-heading]", |t| t == SHRIMP).await;

    // The editor is CodeMirror, styled although the CSP allows no inline styles: its <style>
    // carries the nonce Tauri put in style-src.
    open_chapter(&c, 1).await;
    wait_js(
        &c,
        "the chapter is in the editor",
        "const e = document.querySelector('.cm-content'); return !!e && e.textContent.length > 200;",
    )
    .await;
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
         return !!l && !l.textContent.includes('product.nam');",
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
    click(&c, "[data-testid=workflow-approved]").await;
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
