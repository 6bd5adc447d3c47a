//! Tauri commands: each converts its arguments, calls one use case, and converts the result.

use std::path::Path;
use std::sync::{Arc, Mutex};

use sotay::{AppInfo, Clock, Error, ErrorCode, ErrorPayload, Workspace};
use sotay_model::{HandbookSummary, HandbookView, Lang, PilotModel, TemplateSummary};
use tauri::State;

/// The app's state: the open workspace, or why it could not be opened (shown in the window
/// instead of crashing, so the user can read what to do).
#[derive(Debug)]
pub struct AppState {
    workspace: Result<Workspace, Error>,
}

impl AppState {
    pub fn open(explicit: Option<&Path>, clock: Arc<dyn Clock>) -> Self {
        let workspace = sotay::resolve_db_path(explicit)
            .ok_or_else(|| Error::new(ErrorCode::DbLocationUnknown, ""))
            .and_then(|path| Workspace::open(&path, clock))
            .and_then(|mut ws| {
                ws.ensure_sample_workspace()?;
                Ok(ws)
            });
        AppState { workspace }
    }
}

type Shared<'a> = State<'a, Mutex<AppState>>;

/// Runs `f` on the workspace and turns errors into payloads in the user's language.
fn with<T>(
    state: &Shared<'_>,
    f: impl FnOnce(&mut Workspace) -> Result<T, Error>,
) -> Result<T, ErrorPayload> {
    let mut guard = state
        .lock()
        .map_err(|_| Error::new(ErrorCode::Internal, "state lock poisoned").payload(Lang::Vi))?;
    match &mut guard.workspace {
        Ok(ws) => {
            let lang = ws.lang().unwrap_or_default();
            f(ws).map_err(|e| e.payload(lang))
        }
        Err(e) => Err(e.payload(Lang::Vi)),
    }
}

#[tauri::command]
pub fn app_info(state: Shared<'_>) -> Result<AppInfo, ErrorPayload> {
    with(&state, |ws| ws.app_info())
}

#[tauri::command]
pub fn list_handbooks(state: Shared<'_>) -> Result<Vec<HandbookSummary>, ErrorPayload> {
    with(&state, |ws| ws.handbooks())
}

#[tauri::command]
pub fn list_templates(state: Shared<'_>) -> Result<Vec<TemplateSummary>, ErrorPayload> {
    with(&state, |ws| Ok(ws.templates()))
}

#[tauri::command]
pub fn list_pilots(state: Shared<'_>) -> Result<Vec<PilotModel>, ErrorPayload> {
    with(&state, |ws| ws.pilots())
}

#[tauri::command]
pub fn open_handbook(state: Shared<'_>, id: String) -> Result<HandbookView, ErrorPayload> {
    with(&state, |ws| ws.open_handbook(&id))
}

#[tauri::command]
pub fn set_language(state: Shared<'_>, lang: Lang) -> Result<(), ErrorPayload> {
    with(&state, |ws| ws.set_lang(lang))
}
