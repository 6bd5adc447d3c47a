// The UI's only door to the Rust side. Components call `backend()`; which implementation
// answers is decided here: the real Tauri IPC in the app, an in-memory one in tests.
import type {
  AppInfo,
  ChapterLevel,
  ChapterPreview,
  Comment,
  Diagnostic,
  ErrorPayload,
  HandbookStatus,
  HandbookSummary,
  HandbookView,
  Lang,
  PilotModel,
  RevisionDetail,
  RevisionDiff,
  RevisionSummary,
  SaveVariablesResult,
  StatusChange,
  TemplateDetail,
  TemplateSummary,
} from "./bindings";

export type * from "./bindings";

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
  setStatus(handbookId: string, status: HandbookStatus, note: string): Promise<HandbookSummary>;
  statusHistory(handbookId: string): Promise<StatusChange[]>;
  listComments(handbookId: string): Promise<Comment[]>;
  addComment(handbookId: string, chapterId: string, body: string): Promise<Comment>;
  resolveComment(handbookId: string, commentId: string): Promise<Comment>;
}

/** An error from the backend: a stable code to switch on and a message in the user's language. */
export class BackendError extends Error {
  readonly code: ErrorPayload["code"];
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = "BackendError";
    this.code = payload.code;
  }
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
