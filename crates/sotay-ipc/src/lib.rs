//! The window's commands, written once. Each is a name, its typed arguments (camelCase in
//! JSON, as Tauri passes them) and one call into crate `sotay`. Two callers dispatch JSON
//! through [`call`]:
//! - the desktop app (`src-tauri`), whose invoke handler routes every workspace command here;
//! - `sotay ipc COMMAND ARGS` (crate `sotay-cli`), which the UI's component tests run as
//!   their backend, so that every result a test shows was computed by this Rust code.
//!
//! Only commands that need the window itself (native dialogs, opening a file with the
//! desktop, cancelling a run in progress) live in `src-tauri` alone.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use serde::de::DeserializeOwned;
use serde_json::Value;
use sotay::{
    BundleConflict, BundleImport, BundleKind, DataFormat, Error, ErrorCode, ExportReport, Format,
    InteropKind, NewHandbookRequest, Paper, PublishRequest, ReportKind, TraceInput, Workspace,
};
use sotay_model::assessment::{ActionStatus, AssessmentStatus};
use sotay_model::verdict::{ItemLevel, Rules};
use sotay_model::{Address, ChapterLevel, HandbookStatus, Lang, PilotKind};

/// What a command may report while it runs, and how it is told to stop.
pub struct Context<'a> {
    /// `publish-progress`: copies made so far of all.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
    /// Set by the window's `cancel_publish` while a publishing run holds the workspace.
    pub cancel: &'a AtomicBool,
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context").finish_non_exhaustive()
    }
}

pub use sotay::PublishProgress;

/// The name of the event [`PublishProgress`] is sent as.
pub const PROGRESS_EVENT: &str = "publish-progress";

fn decode<T: DeserializeOwned>(command: &str, args: Value) -> Result<T, Error> {
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    serde_json::from_value(args).map_err(|e| {
        Error::localized(
            ErrorCode::InvalidInput,
            format!("Tham số của lệnh “{command}” không hợp lệ: {e}"),
            format!("Invalid arguments for “{command}”: {e}"),
        )
    })
}

fn encode<T: serde::Serialize>(value: T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))
}

/// Declares the commands: for each, a function of the same name (callable from Rust) and an
/// arm of [`call`]. `$ws` and `$cx` name the workspace and the [`Context`] in the body.
macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($ws:ident, $cx:ident $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty $body:block
    )*) => {
        /// Every command [`call`] answers, by name.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        $(
            $(#[doc = $doc])*
            #[allow(unused_variables, clippy::too_many_arguments)]
            pub fn $name($ws: &mut Workspace, $cx: &Context<'_> $(, $arg: $ty)*) -> Result<$ret, Error> $body
        )*

        /// Runs command `command` with its JSON arguments; `None` when no such command is
        /// declared here.
        pub fn call(
            ws: &mut Workspace,
            cx: &Context<'_>,
            command: &str,
            args: Value,
        ) -> Option<Result<Value, Error>> {
            match command {
                $(stringify!($name) => Some((|| {
                    #[derive(serde::Deserialize)]
                    #[serde(rename_all = "camelCase", deny_unknown_fields)]
                    #[allow(non_camel_case_types)]
                    struct $name { $($arg: $ty),* }
                    let $name { $($arg),* } = decode(command, args)?;
                    encode(crate::$name(ws, cx $(, $arg)*)?)
                })()),)*
                _ => None,
            }
        }
    };
}

fn path(p: &str) -> &Path {
    Path::new(p)
}

commands! {
    fn app_info(ws, cx) -> sotay::AppInfo { ws.app_info() }
    fn list_handbooks(ws, cx) -> Vec<sotay_model::HandbookSummary> { ws.handbooks() }
    fn list_templates(ws, cx) -> Vec<sotay_model::TemplateSummary> { Ok(ws.templates()) }
    fn list_pilots(ws, cx) -> Vec<sotay_model::PilotModel> { ws.pilots() }
    fn open_handbook(ws, cx, id: String) -> sotay_model::HandbookView { ws.open_handbook(&id) }
    fn set_language(ws, cx, lang: Lang) -> () { ws.set_lang(lang) }
    /// The name recorded as author of revisions, comments and approvals.
    fn set_user_name(ws, cx, name: String) -> () { ws.set_user_name(&name) }
    /// The user's name, position (chức vụ) and unit (đơn vị); the name is required.
    fn set_user_identity(ws, cx, name: String, position: String, unit: String) -> sotay::UserIdentity {
        ws.set_user_identity(&name, &position, &unit)
    }

    // ---- authoring ----
    fn get_template(ws, cx, id: String) -> sotay_model::TemplateDetail { ws.template_detail(&id) }
    fn validate_variables(ws, cx, template_id: String, variables: Value) -> Vec<sotay_model::Diagnostic> {
        ws.validate_variables(&template_id, &variables)
    }
    fn create_handbook(ws, cx, template_id: String, variables: Value, title: Option<String>) -> sotay_model::HandbookSummary {
        ws.create_handbook(&NewHandbookRequest {
            template_id,
            variables: Some(variables),
            sets: Vec::new(),
            title: title.filter(|t| !t.trim().is_empty()),
        })
    }
    fn update_variables(ws, cx, handbook_id: String, variables: Value) -> sotay_model::SaveVariablesResult {
        ws.update_variables(&handbook_id, &variables)
    }
    /// The variables' history of a handbook, oldest first.
    fn variable_history(ws, cx, handbook_id: String) -> Vec<sotay_model::VariableChange> {
        ws.variable_history(&handbook_id, None)
    }
    /// Undoes change `number` of the variables' history (itself recorded as a change).
    fn undo_variable_change(ws, cx, handbook_id: String, number: u32) -> sotay_model::SaveVariablesResult {
        ws.undo_variable_change(&handbook_id, number)
    }
    fn save_chapter(ws, cx, handbook_id: String, chapter_id: String, source: String, message: String) -> Option<sotay_model::RevisionSummary> {
        ws.save_chapter(&handbook_id, &chapter_id, &source, &message)
    }
    fn preview_chapter(ws, cx, handbook_id: String, source: String) -> sotay_model::ChapterPreview {
        ws.preview_chapter(&handbook_id, &source)
    }
    fn add_chapter(ws, cx, handbook_id: String, title: String, level: ChapterLevel, after: Option<String>) -> sotay_model::HandbookView {
        ws.add_chapter(&handbook_id, &title, level, after.as_deref())
    }
    fn remove_chapter(ws, cx, handbook_id: String, chapter_id: String) -> sotay_model::HandbookView {
        ws.remove_chapter(&handbook_id, &chapter_id)
    }
    fn move_chapter(ws, cx, handbook_id: String, chapter_id: String, position: u32) -> sotay_model::HandbookView {
        ws.move_chapter(&handbook_id, &chapter_id, position)
    }
    fn rename_chapter(ws, cx, handbook_id: String, chapter_id: String, title: String) -> sotay_model::HandbookView {
        ws.rename_chapter(&handbook_id, &chapter_id, &title)
    }
    fn history(ws, cx, handbook_id: String, chapter_id: Option<String>) -> Vec<sotay_model::RevisionSummary> {
        ws.history(&handbook_id, chapter_id.as_deref())
    }
    fn revision(ws, cx, handbook_id: String, revision: String) -> sotay_model::RevisionDetail {
        ws.revision(&handbook_id, &revision)
    }
    fn diff_revisions(ws, cx, handbook_id: String, from: String, to: String) -> sotay_model::RevisionDiff {
        ws.diff(&handbook_id, &from, &to)
    }
    fn restore_revision(ws, cx, handbook_id: String, revision: String) -> sotay_model::RevisionSummary {
        ws.restore(&handbook_id, &revision)
    }
    fn check_handbook(ws, cx, handbook_id: String) -> Vec<sotay_model::Diagnostic> { ws.check(&handbook_id) }
    /// `reason`: why an author approves her own draft while comments are open (else refused).
    fn set_status(ws, cx, handbook_id: String, status: HandbookStatus, note: String, reason: Option<String>) -> sotay_model::HandbookSummary {
        ws.set_status_with_reason(&handbook_id, status, &note, reason.as_deref().unwrap_or(""))
    }
    fn status_history(ws, cx, handbook_id: String) -> Vec<sotay_model::StatusChange> {
        ws.status_history(&handbook_id)
    }
    fn list_comments(ws, cx, handbook_id: String) -> Vec<sotay_model::Comment> { ws.comments(&handbook_id) }
    fn add_comment(ws, cx, handbook_id: String, chapter_id: String, body: String) -> sotay_model::Comment {
        ws.add_comment(&handbook_id, &chapter_id, &body)
    }
    /// A comment on the passage `start..end` (UTF-16, as the editor counts) of the saved chapter.
    fn add_passage_comment(ws, cx, handbook_id: String, chapter_id: String, body: String, start: u32, end: u32, quote: String) -> sotay_model::Comment {
        ws.add_passage_comment(&handbook_id, &chapter_id, &body, start, end, &quote)
    }
    /// A chapter's comments with their passages located in `text` (the editor's current text).
    fn chapter_comments(ws, cx, handbook_id: String, chapter_id: String, text: Option<String>) -> Vec<sotay_model::ChapterComment> {
        ws.chapter_comments(&handbook_id, &chapter_id, text.as_deref())
    }
    fn resolve_comment(ws, cx, handbook_id: String, comment_id: String) -> sotay_model::Comment {
        ws.resolve_comment(&handbook_id, &comment_id)
    }

    // ---- soft copies ----
    fn preview_handbook(ws, cx, handbook_id: String) -> String { ws.preview_handbook(&handbook_id) }
    /// Exports to `path` (chosen by the user in the export dialog); a PDF on A4 unless `paper`.
    fn export_handbook(ws, cx, handbook_id: String, format: Format, paper: Option<Paper>, path: String) -> ExportReport {
        ws.export_handbook(&handbook_id, format, paper.unwrap_or_default(), self::path(&path))
    }

    // ---- pilot verification ----
    fn add_pilot(ws, cx, name: String, kind: PilotKind, handbook_id: Option<String>, province: String, commune: String, contact: String) -> sotay_model::PilotModel {
        let address = Address { province, commune, legacy_district: None };
        ws.add_pilot(&name, kind, handbook_id.as_deref(), address, &contact)
    }
    fn list_assessments(ws, cx, pilot_id: Option<String>) -> Vec<sotay_model::assessment::AssessmentSummary> {
        ws.assessments(pilot_id.as_deref())
    }
    fn new_assessment(ws, cx, pilot_id: String, handbook_id: String, date: String, lead: String, team: Vec<String>) -> sotay_model::assessment::AssessmentSummary {
        ws.new_assessment(&pilot_id, &handbook_id, &date, &lead, &team)
    }
    fn get_assessment(ws, cx, assessment_id: String) -> sotay_model::assessment::AssessmentSummary {
        ws.assessment(&assessment_id)
    }
    /// The checklist sections (ids, vi/en titles) and the rules an assessment froze.
    fn assessment_sections(ws, cx, assessment_id: String) -> (Vec<sotay_model::checklist::ChecklistSection>, Rules) {
        ws.assessment_sections(&assessment_id)
    }
    fn assessment_items(ws, cx, assessment_id: String) -> Vec<sotay_model::assessment::AssessmentItem> {
        ws.assessment_items(&assessment_id)
    }
    fn add_assessment_item(ws, cx, assessment_id: String, section: String, text: String, level: ItemLevel) -> String {
        ws.add_assessment_item(&assessment_id, &section, &text, level)
    }
    fn answer_item(ws, cx, assessment_id: String, item_id: String, result: String, note: String, reason: String) -> () {
        ws.answer(&assessment_id, &[(item_id, result, note, reason)], None)
    }
    fn record_trace(ws, cx, assessment_id: String, input: TraceInput) -> sotay_model::assessment::TraceTest {
        ws.record_trace(&assessment_id, &input)
    }
    /// Grades a trace test as the form is filled in, with the assessment's frozen rules
    /// (stores nothing): the window never grades on its own.
    fn preview_trace(ws, cx, assessment_id: String, input: TraceInput) -> sotay_model::assessment::TraceTest {
        ws.preview_trace(&assessment_id, &input)
    }
    fn trace_tests(ws, cx, assessment_id: String) -> Vec<sotay_model::assessment::TraceTest> {
        ws.trace_tests(&assessment_id)
    }
    /// The verification rules new assessments freeze (Cài đặt → Quy tắc đánh giá).
    fn workspace_rules(ws, cx) -> Rules { ws.rules() }
    fn set_workspace_rules(ws, cx, rules: Rules) -> Rules { ws.set_rules(&rules) }
    fn reset_workspace_rules(ws, cx) -> Rules { ws.reset_rules() }
    fn findings(ws, cx, assessment_id: String) -> Vec<sotay_model::assessment::Finding> {
        ws.findings(&assessment_id)
    }
    fn add_action(ws, cx, finding_id: String, owner: String, due: Option<String>, description: String) -> sotay_model::assessment::CorrectiveAction {
        ws.add_action(&finding_id, &owner, due.as_deref(), &description)
    }
    fn move_action(ws, cx, action_id: String, status: ActionStatus, note: String) -> sotay_model::assessment::CorrectiveAction {
        ws.move_action(&action_id, status, &note)
    }
    fn set_assessment_status(ws, cx, assessment_id: String, status: AssessmentStatus) -> sotay_model::assessment::AssessmentSummary {
        ws.set_assessment_status(&assessment_id, status)
    }
    fn assessment_verdict(ws, cx, assessment_id: String) -> sotay_model::verdict::Verdict {
        ws.verdict(&assessment_id)
    }
    /// Signs a completed assessment (team leader or pilot's representative), typed or drawn.
    fn sign_assessment(ws, cx, assessment_id: String, input: sotay_model::signature::SignInput) -> sotay_model::signature::Signature {
        ws.sign_assessment(&assessment_id, &input)
    }
    /// The signatures of an assessment, each saying whether it still covers the record.
    fn assessment_signatures(ws, cx, assessment_id: String) -> Vec<sotay_model::signature::Signature> {
        ws.signatures(&assessment_id)
    }
    /// Withdraws a role's signature ("Hủy chữ ký"); the history keeps who withdrew it and when.
    fn withdraw_signature(ws, cx, assessment_id: String, role: sotay_model::signature::SignatureRole) -> sotay_model::signature::SignatureEvent {
        ws.withdraw_signature(&assessment_id, role)
    }
    /// Stores a photo or document; a photo is decoded for its thumbnail.
    fn attach_evidence(ws, cx, assessment_id: String, item_id: String, name: String, bytes: Vec<u8>) -> sotay_model::assessment::EvidenceAttached {
        ws.attach_evidence(&assessment_id, Some(&item_id), &name, &bytes)
    }
    /// The thumbnail of an evidence photo as a `data:image/…;base64,` URL, or null.
    fn evidence_thumbnail(ws, cx, evidence_id: String) -> Option<String> {
        ws.evidence_thumbnail(&evidence_id)
    }
    /// Writes a report: `assessment` (ids = [A]), `compare` (ids = pilots) or `annual` (year).
    fn export_report(ws, cx, kind: ReportKind, ids: Vec<String>, year: Option<i32>, format: Format, paper: Option<Paper>, path: String) -> ExportReport {
        ws.write_report(kind, &ids, year, format, paper.unwrap_or_default(), self::path(&path))
    }
    /// Writes an administrative document (Nghị định 30/2020): the annual report (`subject` =
    /// year), the inspection minutes (an assessment) or the issuing decision (a handbook; given
    /// a number and a date, recorded on it for later editions' covers).
    fn export_admin_document(ws, cx, kind: sotay_model::admin::AdminKind, subject: String, number: Option<u32>, date: Option<String>, format: sotay::AdminFormat, path: String, minutes: Option<sotay::MinutesOptions>) -> ExportReport {
        ws.write_admin_document(kind, &subject, number, date.as_deref(), format, self::path(&path), minutes.as_ref())
    }
    /// What the minutes' dialog of an assessment starts from: the pilot's address as the place, 2 copies.
    fn minutes_defaults(ws, cx, assessment_id: String) -> sotay::MinutesOptions {
        ws.minutes_defaults(&assessment_id)
    }

    // ---- publishing ----
    fn parse_recipients(ws, cx, text: String) -> Vec<sotay::Recipient> { sotay::parse_recipients(&text) }
    /// The kinds of recipient (loại nơi nhận) with their labels, for the recipients table.
    fn recipient_kinds(ws, cx) -> Vec<sotay_model::edition::RecipientKindOption> {
        Ok(sotay_model::edition::RecipientKind::options())
    }
    /// Publishes an edition, reporting progress through the context.
    fn publish_edition(ws, cx, request: PublishRequest) -> sotay::PublishReport {
        ws.publish(&request, cx.progress, cx.cancel)
    }
    fn list_editions(ws, cx, handbook_id: String) -> Vec<sotay_model::edition::Edition> { ws.editions(&handbook_id) }
    fn distribution_log(ws, cx, handbook_id: String, label: String) -> (sotay_model::edition::Edition, Vec<sotay_model::edition::IssuedCopy>) {
        ws.distribution(&handbook_id, &label)
    }
    fn verify_file(ws, cx, path: String) -> sotay::VerifyReport { ws.verify_file(self::path(&path)) }
    /// Checks a copy's QR code (as scanned or typed) offline against this workspace.
    fn verify_qr(ws, cx, text: String) -> sotay::QrVerifyReport { ws.verify_qr(&text) }
    /// The verification address printed in copies' QR codes (none until set).
    fn verification_address(ws, cx) -> Option<String> { ws.verification_address() }
    /// Sets (an https:// address, checked) or clears (none, or blank) that address.
    fn set_verification_address(ws, cx, address: Option<String>) -> Option<String> {
        ws.set_verification_address(address.as_deref())
    }
    /// The paper of PDF editions when a run does not say, and the faces Sotay embeds.
    fn edition_defaults(ws, cx) -> sotay::EditionDefaults { ws.edition_defaults() }
    fn set_edition_paper(ws, cx, paper: Paper) -> sotay::EditionDefaults { ws.set_edition_paper(paper) }

    // ---- backups (Cài đặt) ----
    /// The backups beside the workspace file that can be restored, newest first.
    fn list_backups(ws, cx) -> Vec<sotay::BackupFile> { Ok(ws.backups()) }
    /// A new backup beside the workspace file, with the date and time in its name.
    fn make_backup(ws, cx) -> sotay::BackupFile { ws.backup_beside() }
    /// Puts a backup's content in the open workspace; what was there is kept beside it first
    /// (listed as a backup). Returns that kept copy's path.
    fn restore_workspace_backup(ws, cx, backup: String) -> String {
        ws.restore_backup(self::path(&backup)).map(|p| p.display().to_string())
    }

    // ---- the programme (Kế hoạch) ----
    fn list_plans(ws, cx) -> Vec<sotay_model::plan::PlanSummary> { ws.plans() }
    /// A new plan of a year, pre-filled from its template ("qd100-yearly").
    fn create_plan(ws, cx, request: sotay::NewPlanRequest) -> sotay_model::plan::PlanView {
        ws.create_plan(&request)
    }
    fn get_plan(ws, cx, plan_id: String) -> sotay_model::plan::PlanView { ws.plan_view(&plan_id) }
    /// Next year's direction: what was written, or the draft from the open tasks.
    fn get_plan_direction(ws, cx, plan_id: String) -> sotay_model::plan::PlanDirection { ws.plan_direction(&plan_id) }
    /// Keeps next year's direction on the plan; an empty text clears it.
    fn set_plan_direction(ws, cx, plan_id: String, text: String) -> sotay_model::plan::PlanDirection {
        ws.set_plan_direction(&plan_id, &text)
    }
    /// Records a spending entry; the amount is read (and refused) by Rust, over the estimate warns.
    fn add_spending(ws, cx, plan_id: String, input: sotay::SpendingInput) -> sotay::SpendingReport {
        ws.add_spending(&plan_id, &input)
    }
    fn add_activity(ws, cx, plan_id: String, input: sotay::ActivityInput) -> sotay_model::plan::Activity {
        ws.add_activity(&plan_id, &input)
    }
    fn set_plan_task(ws, cx, plan_id: String, code: String, status: Option<sotay_model::plan::TaskStatus>, progress: Option<u8>) -> sotay_model::plan::PlanTask {
        ws.set_task(&plan_id, &code, status, progress)
    }
    /// Imports a filled return form (.xlsx); a bad cell refuses the whole file.
    fn import_return(ws, cx, plan_id: String, path: String, received: Option<String>) -> sotay::ReturnImport {
        ws.import_return(&plan_id, self::path(&path), received.as_deref())
    }
    /// Imports an activity's attendance list (.csv or .xlsx by `name`); a bad row refuses it whole.
    fn import_attendance(ws, cx, plan_id: String, activity_id: String, name: String, bytes: Vec<u8>) -> sotay::AttendanceImport {
        ws.import_attendance(&plan_id, &activity_id, &name, &bytes)
    }
    /// Attaches a photo or document to an activity as evidence.
    fn attach_activity_file(ws, cx, plan_id: String, activity_id: String, name: String, bytes: Vec<u8>) -> sotay::ActivityFileAttached {
        ws.attach_activity_file(&plan_id, &activity_id, &name, &bytes)
    }
    /// The thumbnail of an activity's photo as a `data:image/…;base64,` URL, or null.
    fn activity_file_thumbnail(ws, cx, file_id: String) -> Option<String> {
        ws.activity_file_thumbnail(&file_id)
    }
    /// Writes one return form per agency into the folder `dir`; the files written.
    fn write_return_forms(ws, cx, plan_id: String, dir: String) -> Vec<String> {
        Ok(ws
            .write_return_forms(&plan_id, self::path(&dir))?
            .iter()
            .map(|p| p.display().to_string())
            .collect())
    }
    /// The key-product catalogue: criteria with their weights, proposals, the ranked list.
    fn get_catalogue(ws, cx) -> sotay::CatalogueView { ws.catalogue() }
    /// Sets criteria weights as typed (criterion, "0"–"100"); Rust reads and refuses them.
    fn set_catalogue_weights(ws, cx, weights: Vec<(String, String)>) -> Vec<sotay_model::catalogue::Criterion> {
        ws.set_catalogue_weights(&weights)
    }
    fn propose_key_product(ws, cx, input: sotay::ProposalInput) -> sotay_model::catalogue::KeyProduct {
        ws.propose_key_product(&input)
    }
    /// Scores as typed (criterion, "0"–"5"); Rust reads and refuses them.
    fn score_key_product(ws, cx, product_id: String, scores: Vec<(String, String)>) -> sotay_model::catalogue::KeyProduct {
        ws.score_key_product(&product_id, &scores)
    }
    fn issue_catalogue(ws, cx, product_ids: Vec<String>, number: String, date: String) -> sotay::CatalogueView {
        ws.issue_catalogue(&product_ids, &number, &date)
    }
    /// The roadmaps of the issued products (of every product while none is issued).
    fn list_roadmaps(ws, cx) -> Vec<sotay_model::catalogue::Roadmap> { ws.roadmaps() }
    fn add_milestone(ws, cx, product_id: String, input: sotay::MilestoneInput) -> sotay_model::catalogue::Roadmap {
        ws.add_milestone(&product_id, &input)
    }
    /// The portal-readiness checklists of a key product and of each pilot applying its handbook.
    fn get_readiness(ws, cx, product_id: String) -> Vec<sotay_model::catalogue::Readiness> {
        ws.readiness(&product_id)
    }
    fn set_readiness(ws, cx, product_id: String, pilot_id: Option<String>, update: sotay::ReadinessUpdate) -> Vec<sotay_model::catalogue::Readiness> {
        ws.set_readiness(&product_id, pilot_id.as_deref(), &update)
    }

    // ---- exchange ----
    /// Writes EPCIS 2.0 JSON-LD of an assessment or a handbook, or an assessment's trace CSV.
    fn export_interop(ws, cx, kind: InteropKind, id: String, format: DataFormat, path: String) -> ExportReport {
        ws.write_interop(kind, &id, format, self::path(&path))
    }
    /// Writes a bundle of a handbook, an edition or an assessment to `path`.
    fn export_bundle(ws, cx, kind: BundleKind, id: String, path: String) -> ExportReport {
        let path = PathBuf::from(path);
        let bytes = ws.export_bundle(kind, &id, &path)?;
        Ok(ExportReport { path, bytes, diagnostics: Vec::new() })
    }
    /// Reads and merges a bundle; with `dry_run` nothing is written (the preview).
    fn import_bundle(ws, cx, path: String, dry_run: bool) -> BundleImport {
        ws.import_bundle(self::path(&path), dry_run).map(|r| BundleImport::from(&r))
    }
    fn bundle_conflicts(ws, cx) -> Vec<BundleConflict> {
        ws.conflict_views()
    }
    /// The open conflicts of one handbook or assessment, named by what they are.
    fn record_conflicts(ws, cx, kind: sotay::ConflictOwnerKind, id: String) -> Vec<BundleConflict> {
        ws.record_conflicts(kind, &id)
    }
    /// Resolves a conflict by keeping the local or the incoming version.
    fn resolve_bundle_conflict(ws, cx, id: String, keep: sotay::ConflictChoice) -> () {
        ws.resolve_bundle_conflict(&id, keep == sotay::ConflictChoice::Incoming)
    }

    // ---- search ----
    /// Ctrl+K: handbooks, chapters' text, checklist items, findings, editions and recipients
    /// matching `query` (marks and case ignored), best first within each kind.
    fn search(ws, cx, query: String, limit: Option<u32>) -> sotay::SearchResults {
        ws.search(&query, limit.map_or(sotay::MAX_HITS, |n| n as usize))
    }
}

/// The language errors are worded in: the workspace's, Vietnamese when it has none.
pub fn lang(ws: &Workspace) -> Lang {
    ws.lang().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_names_are_unique() {
        let mut names = COMMANDS.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len());
    }
}
