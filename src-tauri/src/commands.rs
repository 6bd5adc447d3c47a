//! How the window reaches the workspace. Every workspace command is declared once, in crate
//! `sotay-ipc`, and dispatched here by name off the main thread; only the commands that need
//! the window itself (native dialogs, opening a file with the desktop, cancelling a run) are
//! Tauri commands of this crate.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use sotay::{Clock, Error, ErrorCode, ErrorPayload, Workspace};
use sotay_model::Lang;
use tauri::ipc::{Invoke, InvokeBody};
use tauri::{Emitter, Manager, Runtime};

/// The app's state: the open workspace, or why it could not be opened (shown in the window
/// instead of crashing, so the user can read what to do).
#[derive(Debug)]
pub struct AppState {
    workspace: Result<Workspace, Error>,
    /// The database file the app tried to open (`None` when no location could be found).
    path: Option<PathBuf>,
    clock: Arc<dyn Clock>,
}

impl AppState {
    pub fn open(explicit: Option<&Path>, clock: Arc<dyn Clock>) -> Self {
        let path = sotay::resolve_db_path(explicit);
        let workspace = path
            .clone()
            .ok_or_else(|| Error::new(ErrorCode::DbLocationUnknown, ""))
            .and_then(|path| Workspace::open(&path, clock.clone()))
            .and_then(|mut ws| {
                ws.ensure_sample_workspace()?;
                Ok(ws)
            });
        AppState {
            workspace,
            path,
            clock,
        }
    }

    /// Works with `ws` from now on (the window reloads and asks again).
    fn switch(&mut self, ws: Workspace) {
        self.path = Some(ws.db_path().to_owned());
        self.workspace = Ok(ws);
    }
}

/// Cancels the publishing run in progress (it removes what it had made). Outside the
/// workspace's lock, which the run holds.
static PUBLISH_CANCEL: AtomicBool = AtomicBool::new(false);

/// Runs workspace command `command` with `args` and turns errors into payloads in the
/// user's language. Progress is emitted as `publish-progress` events `{done, total}`.
fn run<R: Runtime>(
    app: &tauri::AppHandle<R>,
    command: &str,
    args: Value,
) -> Result<Value, ErrorPayload> {
    let state = app.state::<Mutex<AppState>>();
    let mut guard = state
        .lock()
        .map_err(|_| Error::new(ErrorCode::Internal, "state lock poisoned").payload(Lang::Vi))?;
    let ws = match &mut guard.workspace {
        Ok(ws) => ws,
        Err(e) => return Err(e.payload(Lang::Vi)),
    };
    let progress = |done: usize, total: usize| {
        let _ = app.emit(
            sotay_ipc::PROGRESS_EVENT,
            sotay_ipc::PublishProgress {
                done: done as u32,
                total: total as u32,
            },
        );
    };
    if command == "publish_edition" {
        PUBLISH_CANCEL.store(false, Ordering::Relaxed);
    }
    let cx = sotay_ipc::Context {
        progress: &progress,
        cancel: &PUBLISH_CANCEL,
    };
    let lang = sotay_ipc::lang(ws);
    match sotay_ipc::call(ws, &cx, command, args) {
        Some(result) => result.map_err(|e| e.payload(lang)),
        None => {
            Err(Error::new(ErrorCode::Internal, format!("unknown command {command}")).payload(lang))
        }
    }
}

/// The invoke handler: a workspace command (one of [`sotay_ipc::COMMANDS`]) runs on a
/// blocking thread, so the window keeps drawing while it works and the workspace still
/// serves one call at a time; anything else goes to `native`.
pub fn handler<R: Runtime>(
    native: impl Fn(Invoke<R>) -> bool + Send + Sync + 'static,
) -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    move |invoke: Invoke<R>| {
        let command = invoke.message.command().to_owned();
        if !sotay_ipc::COMMANDS.contains(&command.as_str()) {
            return native(invoke);
        }
        let args = match invoke.message.payload() {
            InvokeBody::Json(v) => v.clone(),
            InvokeBody::Raw(_) => {
                invoke.resolver.reject(
                    Error::new(ErrorCode::InvalidInput, "binary arguments are not accepted")
                        .payload(Lang::Vi),
                );
                return true;
            }
        };
        let app = invoke.message.webview().app_handle().clone();
        invoke.resolver.respond_async(async move {
            tauri::async_runtime::spawn_blocking(move || run(&app, &command, args))
                .await
                .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()).payload(Lang::Vi))?
                .map_err(tauri::ipc::InvokeError::from)
        });
        true
    }
}

/// Asks the publishing run in progress to stop; it removes what it had made.
#[tauri::command(async)]
pub fn cancel_publish() {
    PUBLISH_CANCEL.store(true, Ordering::Relaxed);
}

// ---- files on the user's disk ----

/// Asks where to save an export (the native save dialog); `None` when the user cancels.
#[tauri::command(async)]
pub fn choose_save_path(
    app: tauri::AppHandle,
    default_name: String,
    extension: String,
) -> Option<String> {
    use tauri_plugin_dialog::DialogExt;
    let ext = extension.trim_start_matches('.').to_owned();
    app.dialog()
        .file()
        .set_file_name(&default_name)
        .add_filter(ext.to_uppercase(), &[ext.as_str()])
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
}

/// Opens a file Sotay wrote with the system's default application.
#[tauri::command(async)]
pub fn open_path(app: tauri::AppHandle, path: String) -> Result<(), ErrorPayload> {
    use tauri_plugin_opener::OpenerExt;
    app.opener().open_path(&path, None::<&str>).map_err(|e| {
        Error::localized(
            ErrorCode::InvalidInput,
            format!("Không mở được “{path}”: {e}"),
            format!("Cannot open “{path}”: {e}"),
        )
        .payload(Lang::Vi)
    })
}

/// Asks which file to open (the native open dialog), e.g. a `.sotay` bundle; `None` when the
/// user cancels.
#[tauri::command(async)]
pub fn choose_open_path(app: tauri::AppHandle, extension: String) -> Option<String> {
    use tauri_plugin_dialog::DialogExt;
    let ext = extension.trim_start_matches('.').to_owned();
    app.dialog()
        .file()
        .add_filter(ext.to_uppercase(), &[ext.as_str()])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
}

// ---- a workspace that cannot be opened ----

/// The refused workspace file and the backups beside it; `None` when the workspace is open.
#[tauri::command(async)]
pub fn recovery_info(state: tauri::State<'_, Mutex<AppState>>) -> Option<sotay::RecoveryInfo> {
    let guard = state.lock().ok()?;
    if guard.workspace.is_ok() {
        return None;
    }
    let path = guard.path.clone()?;
    Some(sotay::RecoveryInfo {
        path: path.display().to_string(),
        backups: sotay::find_backups(&path),
    })
}

fn lang_of(state: &AppState) -> Lang {
    state
        .workspace
        .as_ref()
        .map(sotay_ipc::lang)
        .unwrap_or_default()
}

/// "Chọn tệp khác": opens another workspace file the user picks; `None` when cancelled.
#[tauri::command(async)]
pub fn recover_open_other(
    app: tauri::AppHandle,
    state: tauri::State<'_, Mutex<AppState>>,
) -> Result<Option<sotay::Recovered>, ErrorPayload> {
    use tauri_plugin_dialog::DialogExt;
    let Some(path) = app
        .dialog()
        .file()
        .add_filter("Sotay", &["db", "sqlite", "sotay-db", "bak"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(None);
    };
    let mut guard = lock(&state)?;
    let lang = lang_of(&guard);
    let ws = sotay::open_other(&path, guard.clock.clone()).map_err(|e| e.payload(lang))?;
    guard.switch(ws);
    Ok(Some(sotay::Recovered {
        path: path.display().to_string(),
        kept: None,
    }))
}

/// "Tạo vùng làm việc mới": an empty workspace at a new path the user chooses (beside the
/// refused one by default; an existing file is refused, never overwritten); `None` when cancelled.
#[tauri::command(async)]
pub fn recover_create_new(
    app: tauri::AppHandle,
    state: tauri::State<'_, Mutex<AppState>>,
) -> Result<Option<sotay::Recovered>, ErrorPayload> {
    use tauri_plugin_dialog::DialogExt;
    let folder = lock(&state)?
        .path
        .as_ref()
        .and_then(|p| p.parent().map(Path::to_owned));
    let mut dialog = app
        .dialog()
        .file()
        .set_file_name("sotay-moi.db")
        .add_filter("Sotay", &["db"]);
    if let Some(dir) = folder {
        dialog = dialog.set_directory(dir);
    }
    let Some(path) = dialog.blocking_save_file().and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    let mut guard = lock(&state)?;
    let lang = lang_of(&guard);
    let ws = sotay::create_new(&path, guard.clock.clone()).map_err(|e| e.payload(lang))?;
    guard.switch(ws);
    Ok(Some(sotay::Recovered {
        path: path.display().to_string(),
        kept: None,
    }))
}

/// "Khôi phục từ bản sao lưu": puts `backup` (one of [`recovery_info`]'s, or a file the user
/// picks when `None`) in the refused file's place, keeping that file beside it under a new
/// name; `None` when the user cancels the dialog.
#[tauri::command(async)]
pub fn recover_restore(
    app: tauri::AppHandle,
    state: tauri::State<'_, Mutex<AppState>>,
    backup: Option<String>,
) -> Result<Option<sotay::Recovered>, ErrorPayload> {
    use tauri_plugin_dialog::DialogExt;
    let backup = match backup {
        Some(b) => PathBuf::from(b),
        None => match app
            .dialog()
            .file()
            .add_filter("Sotay", &["bak", "db", "sqlite"])
            .blocking_pick_file()
            .and_then(|p| p.into_path().ok())
        {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    let mut guard = lock(&state)?;
    let lang = lang_of(&guard);
    let Some(db) = guard.path.clone() else {
        return Err(Error::new(ErrorCode::DbLocationUnknown, "").payload(lang));
    };
    if guard.workspace.is_ok() {
        return Err(Error::localized(
            ErrorCode::InvalidInput,
            "Vùng làm việc đang mở bình thường; hãy khôi phục trong Cài đặt.",
            "The workspace is open; restore from Settings instead.",
        )
        .payload(lang));
    }
    let (ws, done) =
        sotay::restore_in_place(&db, &backup, guard.clock.clone()).map_err(|e| e.payload(lang))?;
    guard.switch(ws);
    Ok(Some(done))
}

fn lock<'a>(
    state: &'a tauri::State<'_, Mutex<AppState>>,
) -> Result<std::sync::MutexGuard<'a, AppState>, ErrorPayload> {
    state
        .lock()
        .map_err(|_| Error::new(ErrorCode::Internal, "state lock poisoned").payload(Lang::Vi))
}

/// The commands this crate answers itself (the rest are [`sotay_ipc::COMMANDS`]).
#[cfg(test)]
pub const NATIVE: &[&str] = &[
    "cancel_publish",
    "choose_save_path",
    "open_path",
    "choose_open_path",
    "recovery_info",
    "recover_open_other",
    "recover_create_new",
    "recover_restore",
];
