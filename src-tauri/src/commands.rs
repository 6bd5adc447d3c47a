//! Tauri commands: each converts its arguments, calls one use case, and converts the result.

use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use sotay::{
    AppInfo, BundleConflict, BundleImport, BundleKind, Clock, Error, ErrorCode, ErrorPayload,
    ExportReport, Format, NewHandbookRequest, PublishReport, PublishRequest, Recipient, TraceInput,
    VerifyReport, Workspace,
};
use sotay_model::assessment::{
    ActionStatus, AssessmentItem, AssessmentStatus, AssessmentSummary, CorrectiveAction,
    EvidenceAttached, Finding, TraceTest,
};
use sotay_model::checklist::ChecklistSection;
use sotay_model::edition::{Edition, IssuedCopy};
use sotay_model::verdict::{ItemLevel, Rules, Verdict};
use sotay_model::{Address, PilotKind};
use sotay_model::{
    ChapterLevel, ChapterPreview, Comment, Diagnostic, HandbookStatus, HandbookSummary,
    HandbookView, Lang, PilotModel, RevisionDetail, RevisionDiff, RevisionSummary,
    SaveVariablesResult, StatusChange, TemplateDetail, TemplateSummary,
};
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

/// Runs a use case off the main thread (decoding a photo, writing many files) so the window
/// keeps drawing while it works; the workspace still serves one call at a time.
async fn in_background<T: Send + 'static>(
    app: tauri::AppHandle,
    f: impl FnOnce(&mut Workspace, &tauri::AppHandle) -> Result<T, Error> + Send + 'static,
) -> Result<T, ErrorPayload> {
    tauri::async_runtime::spawn_blocking(move || {
        use tauri::Manager;
        let state = app.state::<Mutex<AppState>>();
        with(&state, |ws| f(ws, &app))
    })
    .await
    .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()).payload(Lang::Vi))?
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

#[tauri::command]
pub fn set_user_name(state: Shared<'_>, name: String) -> Result<(), ErrorPayload> {
    with(&state, |ws| ws.set_user_name(&name))
}

// ---- authoring ----

#[tauri::command]
pub fn get_template(state: Shared<'_>, id: String) -> Result<TemplateDetail, ErrorPayload> {
    with(&state, |ws| ws.template_detail(&id))
}

#[tauri::command]
pub fn validate_variables(
    state: Shared<'_>,
    template_id: String,
    variables: Value,
) -> Result<Vec<Diagnostic>, ErrorPayload> {
    with(&state, |ws| ws.validate_variables(&template_id, &variables))
}

#[tauri::command]
pub fn create_handbook(
    state: Shared<'_>,
    template_id: String,
    variables: Value,
    title: Option<String>,
) -> Result<HandbookSummary, ErrorPayload> {
    with(&state, |ws| {
        ws.create_handbook(&NewHandbookRequest {
            template_id,
            variables: Some(variables),
            sets: Vec::new(),
            title: title.filter(|t| !t.trim().is_empty()),
        })
    })
}

#[tauri::command]
pub fn update_variables(
    state: Shared<'_>,
    handbook_id: String,
    variables: Value,
) -> Result<SaveVariablesResult, ErrorPayload> {
    with(&state, |ws| ws.update_variables(&handbook_id, &variables))
}

#[tauri::command]
pub fn save_chapter(
    state: Shared<'_>,
    handbook_id: String,
    chapter_id: String,
    source: String,
    message: String,
) -> Result<Option<RevisionSummary>, ErrorPayload> {
    with(&state, |ws| {
        ws.save_chapter(&handbook_id, &chapter_id, &source, &message)
    })
}

#[tauri::command]
pub fn preview_chapter(
    state: Shared<'_>,
    handbook_id: String,
    source: String,
) -> Result<ChapterPreview, ErrorPayload> {
    with(&state, |ws| ws.preview_chapter(&handbook_id, &source))
}

#[tauri::command]
pub fn add_chapter(
    state: Shared<'_>,
    handbook_id: String,
    title: String,
    level: ChapterLevel,
    after: Option<String>,
) -> Result<HandbookView, ErrorPayload> {
    with(&state, |ws| {
        ws.add_chapter(&handbook_id, &title, level, after.as_deref())
    })
}

#[tauri::command]
pub fn remove_chapter(
    state: Shared<'_>,
    handbook_id: String,
    chapter_id: String,
) -> Result<HandbookView, ErrorPayload> {
    with(&state, |ws| ws.remove_chapter(&handbook_id, &chapter_id))
}

#[tauri::command]
pub fn move_chapter(
    state: Shared<'_>,
    handbook_id: String,
    chapter_id: String,
    position: u32,
) -> Result<HandbookView, ErrorPayload> {
    with(&state, |ws| {
        ws.move_chapter(&handbook_id, &chapter_id, position)
    })
}

#[tauri::command]
pub fn rename_chapter(
    state: Shared<'_>,
    handbook_id: String,
    chapter_id: String,
    title: String,
) -> Result<HandbookView, ErrorPayload> {
    with(&state, |ws| {
        ws.rename_chapter(&handbook_id, &chapter_id, &title)
    })
}

#[tauri::command]
pub fn history(
    state: Shared<'_>,
    handbook_id: String,
    chapter_id: Option<String>,
) -> Result<Vec<RevisionSummary>, ErrorPayload> {
    with(&state, |ws| ws.history(&handbook_id, chapter_id.as_deref()))
}

#[tauri::command]
pub fn revision(
    state: Shared<'_>,
    handbook_id: String,
    revision: String,
) -> Result<RevisionDetail, ErrorPayload> {
    with(&state, |ws| ws.revision(&handbook_id, &revision))
}

#[tauri::command]
pub fn diff_revisions(
    state: Shared<'_>,
    handbook_id: String,
    from: String,
    to: String,
) -> Result<RevisionDiff, ErrorPayload> {
    with(&state, |ws| ws.diff(&handbook_id, &from, &to))
}

#[tauri::command]
pub fn restore_revision(
    state: Shared<'_>,
    handbook_id: String,
    revision: String,
) -> Result<RevisionSummary, ErrorPayload> {
    with(&state, |ws| ws.restore(&handbook_id, &revision))
}

#[tauri::command]
pub fn check_handbook(
    state: Shared<'_>,
    handbook_id: String,
) -> Result<Vec<Diagnostic>, ErrorPayload> {
    with(&state, |ws| ws.check(&handbook_id))
}

#[tauri::command]
pub fn set_status(
    state: Shared<'_>,
    handbook_id: String,
    status: HandbookStatus,
    note: String,
) -> Result<HandbookSummary, ErrorPayload> {
    with(&state, |ws| ws.set_status(&handbook_id, status, &note))
}

#[tauri::command]
pub fn status_history(
    state: Shared<'_>,
    handbook_id: String,
) -> Result<Vec<StatusChange>, ErrorPayload> {
    with(&state, |ws| ws.status_history(&handbook_id))
}

/// The variables' history of a handbook, oldest first.
#[tauri::command]
pub fn variable_history(
    state: Shared<'_>,
    handbook_id: String,
) -> Result<Vec<sotay_model::VariableChange>, ErrorPayload> {
    with(&state, |ws| ws.variable_history(&handbook_id, None))
}

/// Undoes change `number` of the variables' history (itself recorded as a change).
#[tauri::command]
pub fn undo_variable_change(
    state: Shared<'_>,
    handbook_id: String,
    number: u32,
) -> Result<SaveVariablesResult, ErrorPayload> {
    with(&state, |ws| ws.undo_variable_change(&handbook_id, number))
}

#[tauri::command]
pub fn list_comments(state: Shared<'_>, handbook_id: String) -> Result<Vec<Comment>, ErrorPayload> {
    with(&state, |ws| ws.comments(&handbook_id))
}

#[tauri::command]
pub fn add_comment(
    state: Shared<'_>,
    handbook_id: String,
    chapter_id: String,
    body: String,
) -> Result<Comment, ErrorPayload> {
    with(&state, |ws| {
        ws.add_comment(&handbook_id, &chapter_id, &body)
    })
}

#[tauri::command]
pub fn resolve_comment(
    state: Shared<'_>,
    handbook_id: String,
    comment_id: String,
) -> Result<Comment, ErrorPayload> {
    with(&state, |ws| ws.resolve_comment(&handbook_id, &comment_id))
}

// ---- soft copies ----

#[tauri::command]
pub fn preview_handbook(state: Shared<'_>, handbook_id: String) -> Result<String, ErrorPayload> {
    with(&state, |ws| ws.preview_handbook(&handbook_id))
}

/// Exports to `path` (chosen by the user in the export dialog). `format` is `html` or `epub`.
#[tauri::command]
pub fn export_handbook(
    state: Shared<'_>,
    handbook_id: String,
    format: String,
    path: String,
) -> Result<ExportReport, ErrorPayload> {
    with(&state, |ws| {
        let format = Format::parse(&format).ok_or_else(|| {
            Error::localized(
                ErrorCode::InvalidInput,
                format!("Định dạng không hỗ trợ: {format}"),
                format!("Unsupported format: {format}"),
            )
        })?;
        ws.export_handbook(&handbook_id, format, std::path::Path::new(&path))
    })
}

// ---- pilot verification ----

#[tauri::command]
pub fn add_pilot(
    state: Shared<'_>,
    name: String,
    kind: PilotKind,
    handbook_id: Option<String>,
    province: String,
    commune: String,
    contact: String,
) -> Result<PilotModel, ErrorPayload> {
    with(&state, |ws| {
        let address = Address {
            province,
            commune,
            legacy_district: None,
        };
        ws.add_pilot(&name, kind, handbook_id.as_deref(), address, &contact)
    })
}

#[tauri::command]
pub fn list_assessments(
    state: Shared<'_>,
    pilot_id: Option<String>,
) -> Result<Vec<AssessmentSummary>, ErrorPayload> {
    with(&state, |ws| ws.assessments(pilot_id.as_deref()))
}

#[tauri::command]
pub fn new_assessment(
    state: Shared<'_>,
    pilot_id: String,
    handbook_id: String,
    date: String,
    lead: String,
    team: Vec<String>,
) -> Result<AssessmentSummary, ErrorPayload> {
    with(&state, |ws| {
        ws.new_assessment(&pilot_id, &handbook_id, &date, &lead, &team)
    })
}

#[tauri::command]
pub fn assessment_items(
    state: Shared<'_>,
    assessment_id: String,
) -> Result<Vec<AssessmentItem>, ErrorPayload> {
    with(&state, |ws| ws.assessment_items(&assessment_id))
}

#[tauri::command]
pub fn answer_item(
    state: Shared<'_>,
    assessment_id: String,
    item_id: String,
    result: String,
    note: String,
    reason: String,
) -> Result<(), ErrorPayload> {
    with(&state, |ws| {
        ws.answer(&assessment_id, &[(item_id, result, note, reason)], None)
    })
}

#[tauri::command]
pub fn record_trace(
    state: Shared<'_>,
    assessment_id: String,
    input: TraceInput,
) -> Result<TraceTest, ErrorPayload> {
    with(&state, |ws| ws.record_trace(&assessment_id, &input))
}

/// Grades a trace test as the form is filled in, with the assessment's frozen rules (stores
/// nothing): the window never grades on its own.
#[tauri::command]
pub fn preview_trace(
    state: Shared<'_>,
    assessment_id: String,
    input: TraceInput,
) -> Result<TraceTest, ErrorPayload> {
    with(&state, |ws| ws.preview_trace(&assessment_id, &input))
}

/// The verification rules new assessments freeze (Cài đặt → Quy tắc đánh giá).
#[tauri::command]
pub fn workspace_rules(state: Shared<'_>) -> Result<Rules, ErrorPayload> {
    with(&state, |ws| ws.rules())
}

#[tauri::command]
pub fn set_workspace_rules(state: Shared<'_>, rules: Rules) -> Result<Rules, ErrorPayload> {
    with(&state, |ws| ws.set_rules(&rules))
}

#[tauri::command]
pub fn reset_workspace_rules(state: Shared<'_>) -> Result<Rules, ErrorPayload> {
    with(&state, |ws| ws.reset_rules())
}

#[tauri::command]
pub fn trace_tests(
    state: Shared<'_>,
    assessment_id: String,
) -> Result<Vec<TraceTest>, ErrorPayload> {
    with(&state, |ws| ws.trace_tests(&assessment_id))
}

#[tauri::command]
pub fn findings(state: Shared<'_>, assessment_id: String) -> Result<Vec<Finding>, ErrorPayload> {
    with(&state, |ws| ws.findings(&assessment_id))
}

#[tauri::command]
pub fn add_action(
    state: Shared<'_>,
    finding_id: String,
    owner: String,
    due: Option<String>,
    description: String,
) -> Result<CorrectiveAction, ErrorPayload> {
    with(&state, |ws| {
        ws.add_action(&finding_id, &owner, due.as_deref(), &description)
    })
}

#[tauri::command]
pub fn move_action(
    state: Shared<'_>,
    action_id: String,
    status: ActionStatus,
    note: String,
) -> Result<CorrectiveAction, ErrorPayload> {
    with(&state, |ws| ws.move_action(&action_id, status, &note))
}

#[tauri::command]
pub fn set_assessment_status(
    state: Shared<'_>,
    assessment_id: String,
    status: AssessmentStatus,
) -> Result<AssessmentSummary, ErrorPayload> {
    with(&state, |ws| {
        ws.set_assessment_status(&assessment_id, status)
    })
}

#[tauri::command]
pub fn assessment_verdict(
    state: Shared<'_>,
    assessment_id: String,
) -> Result<Verdict, ErrorPayload> {
    with(&state, |ws| ws.verdict(&assessment_id))
}

/// Stores a photo or document; a photo is decoded for its thumbnail, off the main thread.
#[tauri::command]
pub async fn attach_evidence(
    app: tauri::AppHandle,
    assessment_id: String,
    item_id: String,
    name: String,
    bytes: Vec<u8>,
) -> Result<EvidenceAttached, ErrorPayload> {
    in_background(app, move |ws, _| {
        ws.attach_evidence(&assessment_id, Some(&item_id), &name, &bytes)
    })
    .await
}

/// The thumbnail of an evidence photo as a `data:image/…;base64,` URL, or null.
#[tauri::command]
pub fn evidence_thumbnail(
    state: Shared<'_>,
    evidence_id: String,
) -> Result<Option<String>, ErrorPayload> {
    with(&state, |ws| ws.evidence_thumbnail(&evidence_id))
}

// ---- assessments: more ----

#[tauri::command]
pub fn get_assessment(
    state: Shared<'_>,
    assessment_id: String,
) -> Result<AssessmentSummary, ErrorPayload> {
    with(&state, |ws| ws.assessment(&assessment_id))
}

/// The checklist sections (ids, vi/en titles) and the weights and thresholds of an assessment.
#[tauri::command]
pub fn assessment_sections(
    state: Shared<'_>,
    assessment_id: String,
) -> Result<(Vec<ChecklistSection>, Rules), ErrorPayload> {
    with(&state, |ws| ws.assessment_sections(&assessment_id))
}

#[tauri::command]
pub fn add_assessment_item(
    state: Shared<'_>,
    assessment_id: String,
    section: String,
    text: String,
    level: ItemLevel,
) -> Result<String, ErrorPayload> {
    with(&state, |ws| {
        ws.add_assessment_item(&assessment_id, &section, &text, level)
    })
}

/// Writes a report: `kind` is `assessment` (ids = [A]), `compare` (ids = pilots) or `annual`
/// (year); `format` is html, epub, pdf or pdf-print.
#[tauri::command]
pub fn export_report(
    state: Shared<'_>,
    kind: sotay::ReportKind,
    ids: Vec<String>,
    year: Option<i32>,
    format: String,
    path: String,
) -> Result<ExportReport, ErrorPayload> {
    with(&state, |ws| {
        let format = parse_format(&format)?;
        ws.write_report(kind, &ids, year, format, std::path::Path::new(&path))
    })
}

// ---- publishing ----

/// Cancels the publishing run in progress (it removes what it had made).
static PUBLISH_CANCEL: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[tauri::command]
pub fn parse_recipients(text: String) -> Result<Vec<Recipient>, ErrorPayload> {
    sotay::parse_recipients(&text).map_err(|e| e.payload(Lang::Vi))
}

/// Publishes an edition; emits `publish-progress` events `{done, total}` while it works. It
/// runs off the main thread, so the window stays responsive and `cancel_publish` is heard.
#[tauri::command(async)]
pub async fn publish_edition(
    app: tauri::AppHandle,
    request: PublishRequest,
) -> Result<PublishReport, ErrorPayload> {
    use std::sync::atomic::Ordering;
    PUBLISH_CANCEL.store(false, Ordering::Relaxed);
    in_background(app, move |ws, app| {
        use tauri::Emitter;
        let progress = |done: usize, total: usize| {
            let _ = app.emit(
                "publish-progress",
                serde_json::json!({ "done": done, "total": total }),
            );
        };
        ws.publish(&request, &progress, &PUBLISH_CANCEL)
    })
    .await
}

/// Asks the publishing run in progress to stop; it removes what it had made.
#[tauri::command(async)]
pub fn cancel_publish() {
    PUBLISH_CANCEL.store(true, std::sync::atomic::Ordering::Relaxed);
}

#[tauri::command]
pub fn list_editions(state: Shared<'_>, handbook_id: String) -> Result<Vec<Edition>, ErrorPayload> {
    with(&state, |ws| ws.editions(&handbook_id))
}

#[tauri::command]
pub fn distribution_log(
    state: Shared<'_>,
    handbook_id: String,
    label: String,
) -> Result<(Edition, Vec<IssuedCopy>), ErrorPayload> {
    with(&state, |ws| ws.distribution(&handbook_id, &label))
}

#[tauri::command]
pub fn verify_file(state: Shared<'_>, path: String) -> Result<VerifyReport, ErrorPayload> {
    with(&state, |ws| ws.verify_file(std::path::Path::new(&path)))
}

fn parse_format(format: &str) -> Result<Format, Error> {
    Format::parse(format).ok_or_else(|| {
        Error::localized(
            ErrorCode::InvalidInput,
            format!("Định dạng không hỗ trợ: {format}"),
            format!("Unsupported format: {format}"),
        )
    })
}

// ---- exchange bundles (.sotay) ----

fn invalid(vi: String, en: String) -> Error {
    Error::localized(ErrorCode::InvalidInput, vi, en)
}

/// Writes an interoperability file: EPCIS 2.0 JSON-LD (`jsonld`) of an assessment or a
/// handbook (`kind`), or an assessment's trace-test CSV (`csv`).
#[tauri::command]
pub fn export_interop(
    state: Shared<'_>,
    kind: sotay::InteropKind,
    id: String,
    format: sotay::DataFormat,
    path: String,
) -> Result<ExportReport, ErrorPayload> {
    with(&state, |ws| {
        ws.write_interop(kind, &id, format, std::path::Path::new(&path))
    })
}

/// Writes a bundle of a handbook, an edition or an assessment (`kind`) to `path`.
#[tauri::command]
pub fn export_bundle(
    state: Shared<'_>,
    kind: BundleKind,
    id: String,
    path: String,
) -> Result<ExportReport, ErrorPayload> {
    with(&state, |ws| {
        let path = std::path::PathBuf::from(path);
        let bytes = ws.export_bundle(kind, &id, &path)?;
        Ok(ExportReport {
            path,
            bytes,
            diagnostics: Vec::new(),
        })
    })
}

/// Reads and merges a bundle; with `dry_run` nothing is written (the preview).
#[tauri::command]
pub fn import_bundle(
    state: Shared<'_>,
    path: String,
    dry_run: bool,
) -> Result<BundleImport, ErrorPayload> {
    with(&state, |ws| {
        ws.import_bundle(Path::new(&path), dry_run)
            .map(|r| BundleImport::from(&r))
    })
}

#[tauri::command]
pub fn bundle_conflicts(state: Shared<'_>) -> Result<Vec<BundleConflict>, ErrorPayload> {
    with(&state, |ws| {
        Ok(ws
            .bundle_conflicts()?
            .iter()
            .map(BundleConflict::from)
            .collect())
    })
}

/// Resolves a conflict: `keep` is `local` or `incoming`.
#[tauri::command]
pub fn resolve_bundle_conflict(
    state: Shared<'_>,
    id: String,
    keep: String,
) -> Result<(), ErrorPayload> {
    with(&state, |ws| match keep.as_str() {
        "local" | "incoming" => ws.resolve_bundle_conflict(&id, keep == "incoming"),
        other => Err(invalid(
            format!("Cần chọn “local” hoặc “incoming”, không phải “{other}”"),
            format!("Expected “local” or “incoming”, not “{other}”"),
        )),
    })
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
