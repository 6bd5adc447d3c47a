// The UI's only door to the Rust side. Components call `backend()`; which implementation
// answers is decided here: the real Tauri IPC in the app, an in-memory one in tests.
import type {
  AppInfo,
  ErrorPayload,
  HandbookSummary,
  HandbookView,
  Lang,
  PilotModel,
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
