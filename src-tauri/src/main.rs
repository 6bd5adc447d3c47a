//! The Sotay desktop app. Opens the workspace (from `--db PATH`, `SOTAY_DB` or the per-user
//! default), creates the sample workspace on first start, and serves the UI in `ui/dist`.
//! Its commands are declared once in crate `sotay-ipc` and dispatched by `commands.rs`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use commands::AppState;

/// `--db PATH` or `--db=PATH` from the command line, if given.
fn db_arg(args: impl Iterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.skip(1);
    while let Some(a) = args.next() {
        if a == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(p) = a.strip_prefix("--db=") {
            return Some(PathBuf::from(p));
        }
    }
    None
}

fn main() {
    // WebKitGTK's DMA-BUF renderer holds GPU-sized buffers for what is a window of forms and
    // text: without it the web process idles ~80 MiB smaller (docs/performance.md), and some
    // drivers no longer show a blank window. A user's own setting wins. Set before any thread.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
    let explicit = db_arg(std::env::args());
    let uses_default_db = explicit.is_none() && std::env::var_os(sotay::DB_ENV).is_none();
    let state = AppState::open(explicit.as_deref(), Arc::new(sotay::SystemClock));

    let mut builder = tauri::Builder::default();
    // One window per database: a second start on the default database focuses the first.
    // Runs on another database (tests, a second workspace) are independent.
    if uses_default_db {
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            use tauri::Manager;
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
            }
        }));
    }
    builder
        .plugin(tauri_plugin_window_state::Builder::default().build())
        // Used only from Rust commands (choose_save_path, choose_open_path, open_path): the
        // window gets no dialog or opener permission of its own.
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(Mutex::new(state))
        .invoke_handler(commands::handler(tauri::generate_handler![
            commands::cancel_publish,
            commands::choose_save_path,
            commands::open_path,
            commands::choose_open_path,
            commands::recovery_info,
            commands::recover_open_other,
            commands::recover_create_new,
            commands::recover_restore,
        ]))
        .run(tauri::generate_context!())
        .expect("error while running Sotay");
}

#[cfg(test)]
mod tests {
    use super::db_arg;

    /// Tauri needs the command names at build time (`build.rs`, for their permissions): they
    /// must be exactly sotay-ipc's commands and this crate's own.
    #[test]
    fn build_script_declares_every_command_once() {
        let build = include_str!("../build.rs");
        let mut declared: Vec<&str> = build
            .lines()
            .filter_map(|l| l.trim().strip_prefix('"')?.strip_suffix("\","))
            .collect();
        declared.sort_unstable();
        let mut known: Vec<&str> = sotay_ipc::COMMANDS
            .iter()
            .chain(super::commands::NATIVE)
            .copied()
            .collect();
        known.sort_unstable();
        assert_eq!(declared, known);
    }

    #[test]
    fn reads_the_db_argument_in_both_forms() {
        let args = |v: &[&str]| {
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert_eq!(
            db_arg(args(&["app", "--db", "/tmp/a.db"])),
            Some("/tmp/a.db".into())
        );
        assert_eq!(
            db_arg(args(&["app", "--db=/tmp/b.db"])),
            Some("/tmp/b.db".into())
        );
        assert_eq!(db_arg(args(&["app"])), None);
    }
}
