// The UI's only door to the Rust side. Components call `backend()`; which implementation
// answers is decided here: the real Tauri IPC in the app; in the component tests the same Rust
// commands run through `sotay ipc` (src/test/rust.ts).
import type {
  AdminFormat,
  AdminKind,
  MinutesOptions,
  ActionStatus,
  BundleKind,
  DataFormat,
  InteropKind,
  ReportKind,
  AppInfo,
  UserIdentity,
  AssessmentItem,
  AssessmentStatus,
  AssessmentSummary,
  BundleConflict,
  BundleImport,
  ChapterLevel,
  ConflictChoice,
  ConflictOwnerKind,
  Recovered,
  RecoveryInfo,
  BackupFile,
  EditionDefaults,
  Paper,
  ChapterPreview,
  ChapterComment,
  Comment,
  CorrectiveAction,
  ChecklistSection,
  Diagnostic,
  Edition,
  Format,
  ErrorDetails,
  ErrorPayload,
  EvidenceAttached,
  ExportReport,
  Finding,
  HandbookStatus,
  HandbookSummary,
  HandbookView,
  IssuedCopy,
  ItemLevel,
  ItemResult,
  Lang,
  PilotKind,
  PilotModel,
  PublishProgress,
  PublishReport,
  PublishRequest,
  Recipient,
  RecipientKindOption,
  RevisionDetail,
  RevisionDiff,
  RevisionSummary,
  Rules,
  SaveVariablesResult,
  SignInput,
  Signature,
  SignatureEvent,
  SignatureRole,
  StatusChange,
  TemplateDetail,
  TemplateSummary,
  TraceInput,
  TraceTest,
  VariableChange,
  Verdict,
  VerifyReport,
  QrVerifyReport,
  Activity,
  ActivityInput,
  NewPlanRequest,
  PlanSummary,
  PlanTask,
  PlanView,
  PlanDirection,
  ReturnImport,
  AttendanceImport,
  ActivityFileAttached,
  SearchResults,
  SpendingInput,
  SpendingReport,
  TaskStatus,
  CatalogueView,
  Criterion,
  KeyProduct,
  MilestoneInput,
  ProposalInput,
  Readiness,
  ReadinessUpdate,
  Roadmap,
} from "./bindings";

export type * from "./bindings";

/** What the export dialog can write: the soft copies and reports, an exchange bundle, or a
 *  file for other systems. */
export type FileFormat = Format | "sotay" | DataFormat | AdminFormat;


/** Everything the UI can ask of the backend. One method per Tauri command. */
export interface Backend {
  appInfo(): Promise<AppInfo>;
  listHandbooks(): Promise<HandbookSummary[]>;
  listTemplates(): Promise<TemplateSummary[]>;
  listPilots(): Promise<PilotModel[]>;
  openHandbook(id: string): Promise<HandbookView>;
  setLanguage(lang: Lang): Promise<void>;
  /** The name recorded as author of revisions, comments and approvals. */
  setUserName(name: string): Promise<void>;
  /** The user's name (required), position (chức vụ) and unit (đơn vị); returns what was stored. */
  setUserIdentity(name: string, position: string, unit: string): Promise<UserIdentity>;
  /** The native save dialog; `null` when the user cancels. */
  chooseSavePath(defaultName: string, extension: string): Promise<string | null>;
  /** The native open dialog for files ending in `extension`; `null` when the user cancels. */
  chooseOpenPath(extension: string): Promise<string | null>;
  /** Opens a file with the system's default application. */
  openPath(path: string): Promise<void>;

  // ---- authoring (issue 3) ----
  /** A template with its typed variables, chapters and sample values (the wizard's defaults). */
  getTemplate(id: string): Promise<TemplateDetail>;
  /** Validates variables against a template without storing anything. */
  validateVariables(templateId: string, variables: Record<string, unknown>): Promise<Diagnostic[]>;
  /** Creates a handbook; fails with code `invalid_input` (nothing created) when a variable is wrong. */
  createHandbook(
    templateId: string,
    variables: Record<string, unknown>,
    title: string | null,
  ): Promise<HandbookSummary>;
  /** Saves the variables when they have no errors; returns the diagnostics either way. */
  updateVariables(handbookId: string, variables: Record<string, unknown>): Promise<SaveVariablesResult>;
  /** Every change of the variables (a dotted key, before and after, who, when), oldest first. */
  variableHistory(handbookId: string): Promise<VariableChange[]>;
  /** Sets the key of change `number` back to its value before; the undo is a change too. */
  undoVariableChange(handbookId: string, number: number): Promise<SaveVariablesResult>;
  /** Saves a chapter's source as a new revision; `null` when nothing changed. */
  saveChapter(
    handbookId: string,
    chapterId: string,
    source: string,
    message: string,
  ): Promise<RevisionSummary | null>;
  /** Renders an unsaved source with the handbook's variables (the live preview). */
  previewChapter(handbookId: string, source: string): Promise<ChapterPreview>;
  addChapter(handbookId: string, title: string, level: ChapterLevel, after: string | null): Promise<HandbookView>;
  removeChapter(handbookId: string, chapterId: string): Promise<HandbookView>;
  /** Moves a chapter to `position` (1-based). */
  moveChapter(handbookId: string, chapterId: string, position: number): Promise<HandbookView>;
  renameChapter(handbookId: string, chapterId: string, title: string): Promise<HandbookView>;
  /** Newest first; all chapters when `chapterId` is null. */
  history(handbookId: string, chapterId: string | null): Promise<RevisionSummary[]>;
  /** `revision` is a revision id or its number within the handbook. */
  revision(handbookId: string, revision: string): Promise<RevisionDetail>;
  diffRevisions(handbookId: string, from: string, to: string): Promise<RevisionDiff>;
  /** Restoring makes a new revision with the old source; nothing is lost. */
  restoreRevision(handbookId: string, revision: string): Promise<RevisionSummary>;
  checkHandbook(handbookId: string): Promise<Diagnostic[]>;
  /** Fails with `invalid_input` for a move the workflow does not allow, or approval with errors. */
  /**
   * `reason`: why an author approves her own draft while comments are open; without it such an
   * approval fails with details `reason_required`.
   */
  setStatus(handbookId: string, status: HandbookStatus, note: string, reason?: string): Promise<HandbookSummary>;
  statusHistory(handbookId: string): Promise<StatusChange[]>;
  listComments(handbookId: string): Promise<Comment[]>;
  addComment(handbookId: string, chapterId: string, body: string): Promise<Comment>;
  /** A comment on the passage `start..end` of the saved chapter (editor positions); `quote` is its text. */
  addPassageComment(handbookId: string, chapterId: string, body: string, start: number, end: number, quote: string): Promise<Comment>;
  /** The chapter's comments with where each passage is in `text` (located by Rust), or detached. */
  chapterComments(handbookId: string, chapterId: string, text: string): Promise<ChapterComment[]>;
  resolveComment(handbookId: string, commentId: string): Promise<Comment>;

  // ---- soft copies (issue 4) ----
  /** The whole handbook as one sanitised HTML fragment: contents and every numbered chapter. */
  previewHandbook(handbookId: string): Promise<string>;
  /** Writes the HTML or EPUB soft copy to `path` (atomically); content problems are warnings. */
  exportHandbook(handbookId: string, format: Format, path: string): Promise<ExportReport>;

  // ---- pilot verification (issue 6) ----
  addPilot(
    name: string,
    kind: PilotKind,
    handbookId: string | null,
    province: string,
    commune: string,
    contact: string,
  ): Promise<PilotModel>;
  /** Every assessment, or those of one pilot model. */
  listAssessments(pilotId: string | null): Promise<AssessmentSummary[]>;
  /** `date` is YYYY-MM-DD; an empty `lead` means the user. */
  newAssessment(
    pilotId: string,
    handbookId: string,
    date: string,
    lead: string,
    team: string[],
  ): Promise<AssessmentSummary>;
  /** The checklist with its answers; S9.x answers come from the trace tests. */
  assessmentItems(assessmentId: string): Promise<AssessmentItem[]>;
  /** NA needs a reason; S9.x items are refused (they come from the trace tests). */
  answerItem(assessmentId: string, itemId: string, result: ItemResult, note: string, reason: string): Promise<void>;
  recordTrace(assessmentId: string, input: TraceInput): Promise<TraceTest>;
  /** Grades a draft trace test with the assessment's frozen rules, storing nothing (the form's
   *  live grades); an input that cannot be recorded fails with the reason, as recording would. */
  previewTrace(assessmentId: string, input: TraceInput): Promise<TraceTest>;
  traceTests(assessmentId: string): Promise<TraceTest[]>;
  /** MINOR and MAJOR answers with their corrective actions (`overdue` computed for today). */
  findings(assessmentId: string): Promise<Finding[]>;
  /** Without `due`: the assessment date + 30 days (MAJOR) or + 90 days (MINOR). */
  addAction(findingId: string, owner: string, due: string | null, description: string): Promise<CorrectiveAction>;
  moveAction(actionId: string, status: ActionStatus, note: string): Promise<CorrectiveAction>;
  setAssessmentStatus(assessmentId: string, status: AssessmentStatus): Promise<AssessmentSummary>;
  assessmentVerdict(assessmentId: string): Promise<Verdict>;
  /** Signs a completed assessment as the team leader or the pilot's representative (a typed
   *  name, or a drawn mark as vector strokes); signing a role again replaces its signature.
   *  Refused (`workflow_refused`) unless the assessment is completed. */
  signAssessment(assessmentId: string, input: SignInput): Promise<Signature>;
  /** The signatures, each with `current` false when the record changed after signing. */
  assessmentSignatures(assessmentId: string): Promise<Signature[]>;
  /** Withdraws a role's signature ("Hủy chữ ký"); the assessment's signature history keeps
   *  whose it was, who withdrew it and when. Refused (`invalid_input`) when that role has not
   *  signed, (`workflow_refused`) once the assessment is closed. */
  withdrawSignature(assessmentId: string, role: SignatureRole): Promise<SignatureEvent>;
  /**
   * Stores a photo or document as evidence of an item, with the photo's EXIF time and a
   * thumbnail; a damaged photo is stored without thumbnail and with a warning.
   */
  attachEvidence(assessmentId: string, itemId: string, name: string, bytes: number[]): Promise<EvidenceAttached>;
  /** The thumbnail of an evidence photo as a `data:image/…;base64,` URL (null: none). */
  evidenceThumbnail(evidenceId: string): Promise<string | null>;
  getAssessment(assessmentId: string): Promise<AssessmentSummary>;
  /** The checklist's sections and the weights and thresholds the assessment froze when it started. */
  assessmentSections(assessmentId: string): Promise<[ChecklistSection[], Rules]>;
  /** The rules new assessments freeze (Cài đặt → Quy tắc đánh giá); DOMAIN.md's by default. */
  workspaceRules(): Promise<Rules>;
  /** Saves the rules for new assessments; rules that do not make sense are refused
   *  (`invalid_input`, the reason in the user's language) and nothing changes. */
  setWorkspaceRules(rules: Rules): Promise<Rules>;
  /** Back to DOMAIN.md's defaults. */
  resetWorkspaceRules(): Promise<Rules>;
  /** An inspector's own item (`X1`, `X2`…) in a section; returns its id. */
  addAssessmentItem(assessmentId: string, section: string, text: string, level: ItemLevel): Promise<string>;
  /** `ids`: [assessment] for `assessment`, pilot ids for `compare`; `year` for `annual`. */
  exportReport(
    kind: ReportKind,
    ids: string[],
    year: number | null,
    format: Format,
    path: string,
  ): Promise<ExportReport>;

  // ---- publishing (issue 7) ----
  /** A recipients CSV (`name,unit,copies`); a bad row is refused with its number. */
  parseRecipients(text: string): Promise<Recipient[]>;
  /** The kinds of recipient with their labels (Rust's list). */
  recipientKinds(): Promise<RecipientKindOption[]>;
  /** Publishes (or reproduces) an edition; `onprogress` hears the `publish-progress` events. */
  publishEdition(request: PublishRequest, onprogress: (p: PublishProgress) => void): Promise<PublishReport>;
  /** Stops the run in progress; it removes what it had made. */
  cancelPublish(): Promise<void>;
  listEditions(handbookId: string): Promise<Edition[]>;
  /** Who holds edition `label`: every copy issued. */
  distributionLog(handbookId: string, label: string): Promise<[Edition, IssuedCopy[]]>;
  /** Whether the file is a genuine copy (by SHA-256), of which edition, issued to whom. */
  verifyFile(path: string): Promise<VerifyReport>;
  /** A copy's QR code (SOTAY1:… or the verification address) checked offline. */
  verifyQr(text: string): Promise<QrVerifyReport>;
  /** The verification address printed in copies' QR codes; null until set. */
  verificationAddress(): Promise<string | null>;
  /** Sets (https://…, checked) or clears (null or blank) the verification address. */
  setVerificationAddress(address: string | null): Promise<string | null>;
  /** The paper PDF editions are printed on when a run does not say, and the embedded faces. */
  editionDefaults(): Promise<EditionDefaults>;
  setEditionPaper(paper: Paper): Promise<EditionDefaults>;

  // ---- backups (Cài đặt) ----
  /** The backups beside the workspace file that can be restored, newest first. */
  listBackups(): Promise<BackupFile[]>;
  /** A new backup beside the workspace file, with the date and time in its name. */
  makeBackup(): Promise<BackupFile>;
  /** Puts a backup's content in the open workspace, keeping what was there beside it (listed
   *  as a backup); resolves to that kept copy's path. */
  restoreWorkspaceBackup(backup: string): Promise<string>;

  // ---- exchange bundles (issue 8) ----
  /** Writes a `.sotay` bundle of a handbook, an edition or an assessment to `path`. */
  exportBundle(kind: BundleKind, id: string, path: string): Promise<ExportReport>;
  /** Writes EPCIS 2.0 JSON-LD (`jsonld`) of an assessment's trace tests or a handbook's CTE
   *  definitions, or an assessment's trace-test CSV (`csv`), to `path`. */
  exportInterop(kind: InteropKind, id: string, format: DataFormat, path: string): Promise<ExportReport>;
  /** Writes an administrative document (Nghị định 30/2020) as PDF or Word: the annual report
   *  (`subject`: the year), the inspection minutes (an assessment) or the issuing decision (a
   *  handbook; given a number and a date, recorded on it for later editions' covers). A
   *  number or date left `null` stays blank, to fill by hand. */
  exportAdminDocument(
    kind: AdminKind,
    subject: string,
    number: number | null,
    date: string | null,
    format: AdminFormat,
    path: string,
    /** The minutes' own details (team decision, times, place, copies); blank ones `null`. */
    minutes?: MinutesOptions,
  ): Promise<ExportReport>;
  /** What the minutes' dialog of an assessment starts from: the pilot's address, 2 copies. */
  minutesDefaults(assessmentId: string): Promise<MinutesOptions>;
  /** Checks and merges a bundle; with `dryRun` nothing changes (the preview). A refused bundle
   *  fails with `invalid_input` and a message in the user's language. */
  importBundle(path: string, dryRun: boolean): Promise<BundleImport>;
  /** Records edited on both sides, kept by imports for the user to resolve. */
  bundleConflicts(): Promise<BundleConflict[]>;
  resolveBundleConflict(id: string, keep: ConflictChoice): Promise<void>;
  /** The open conflicts of one handbook or assessment, named by what they are. */
  recordConflicts(kind: ConflictOwnerKind, id: string): Promise<BundleConflict[]>;
  // ---- a workspace that cannot be opened (the app shell's own commands) ----
  /** The refused workspace file and the backups beside it; null when the workspace is open. */
  recoveryInfo(): Promise<RecoveryInfo | null>;
  /** "Chọn tệp khác": the open dialog, then that workspace; null when cancelled. */
  recoverOpenOther(): Promise<Recovered | null>;
  /** "Tạo vùng làm việc mới": the save dialog, then an empty workspace there; null when cancelled. */
  recoverCreateNew(): Promise<Recovered | null>;
  /** "Khôi phục từ bản sao lưu": `backup` (or one picked in the open dialog when null) put in
   *  the refused file's place, which is kept beside it; null when cancelled. */
  recoverRestore(backup: string | null): Promise<Recovered | null>;
  // ---- search (Ctrl+K) ----
  /** Handbooks, chapters' text, checklist items, findings, editions and recipients matching
   *  `query` (marks and case ignored), grouped by kind, best first; at most `limit` (Rust's
   *  default when null). */
  search(query: string, limit: number | null): Promise<SearchResults>;
  // ---- the programme (Kế hoạch) ----
  listPlans(): Promise<PlanSummary[]>;
  createPlan(request: NewPlanRequest): Promise<PlanView>;
  getPlan(planId: string): Promise<PlanView>;
  /** Next year's direction: what was written, or the draft from the open tasks. */
  getPlanDirection(planId: string): Promise<PlanDirection>;
  /** Keeps next year's direction on the plan; an empty text clears it. */
  setPlanDirection(planId: string, text: string): Promise<PlanDirection>;
  /** The amount is text as typed: Rust reads it and refuses what is not whole đồng. */
  addSpending(planId: string, input: SpendingInput): Promise<SpendingReport>;
  addActivity(planId: string, input: ActivityInput): Promise<Activity>;
  setPlanTask(planId: string, code: string, status: TaskStatus | null, progress: number | null): Promise<PlanTask>;
  /** Imports a filled return form (.xlsx); a bad cell refuses the whole file. */
  importReturn(planId: string, path: string, received: string | null): Promise<ReturnImport>;
  /** Writes one return form per agency into the folder `dir`; the files written. */
  writeReturnForms(planId: string, dir: string): Promise<string[]>;
  /** Imports an activity's attendance list (.csv/.xlsx by name); a bad row refuses it whole. */
  importAttendance(planId: string, activityId: string, name: string, bytes: number[]): Promise<AttendanceImport>;
  /** Attaches a photo or document to an activity as evidence. */
  attachActivityFile(planId: string, activityId: string, name: string, bytes: number[]): Promise<ActivityFileAttached>;
  /** The thumbnail of an activity's photo as a data URL, or null. */
  activityFileThumbnail(fileId: string): Promise<string | null>;
  // ---- the key-product catalogue, its roadmap, portal readiness ----
  getCatalogue(): Promise<CatalogueView>;
  /** Weights as typed ([criterion, "0"–"100"]); Rust reads and refuses them. */
  setCatalogueWeights(weights: [string, string][]): Promise<Criterion[]>;
  proposeKeyProduct(input: ProposalInput): Promise<KeyProduct>;
  /** Scores as typed ([criterion, "0"–"5"]); Rust reads and refuses them. */
  scoreKeyProduct(productId: string, scores: [string, string][]): Promise<KeyProduct>;
  issueCatalogue(productIds: string[], number: string, date: string): Promise<CatalogueView>;
  listRoadmaps(): Promise<Roadmap[]>;
  addMilestone(productId: string, input: MilestoneInput): Promise<Roadmap>;
  getReadiness(productId: string): Promise<Readiness[]>;
  setReadiness(productId: string, pilotId: string | null, update: ReadinessUpdate): Promise<Readiness[]>;
  /** Paths of files dropped on the window (the app's drag-drop event); returns the unsubscribe. */
  onFileDrop(handler: (paths: string[]) => void): Promise<() => void>;
}

/** An error from the backend: a stable code to switch on, a message in the user's language, and
 *  typed details to act on (e.g. the diagnostics behind a refused approval). */
export class BackendError extends Error {
  readonly code: ErrorPayload["code"];
  readonly details: ErrorDetails;
  constructor(payload: Omit<ErrorPayload, "details"> & { details?: ErrorDetails }) {
    super(payload.message);
    this.name = "BackendError";
    this.code = payload.code;
    this.details = payload.details ?? { kind: "none" };
  }

  /** The diagnostics a refusal names (invalid variables, a check with errors); none otherwise. */
  get diagnostics(): Diagnostic[] {
    return this.details.kind === "refused" ? this.details.diagnostics : [];
  }
}

/** What to show for a failed call: the backend's message in the user's language. */
export function errorMessage(e: unknown): string {
  return e instanceof BackendError ? e.message : String(e);
}

export function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ErrorPayload).code === "string" &&
    typeof (value as ErrorPayload).message === "string"
  );
}

let current: Backend | null = null;

/** Installs the backend (the app's entry point does this once; tests install a mock). */
export function setBackend(b: Backend): void {
  current = b;
}

export function backend(): Backend {
  if (!current) throw new Error("backend not installed");
  return current;
}
