// The component tests' backend: the real Rust use cases. Every call runs `sotay ipc COMMAND`
// (crate sotay-ipc, the same dispatch the window's Tauri handler uses) on a workspace of the
// test's own, so what a test sees was computed by Rust — verdicts, grades, validation,
// rendering, diffs, bundles — and no domain rule is copied into TypeScript.
//
// Synchronous on purpose: a call finishes before its promise settles, so tests that use fake
// timers (`vi.useFakeTimers`) see answers as soon as they flush microtasks.
import { execFileSync } from "node:child_process";
import { afterEach, beforeEach } from "vitest";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { commandBackend } from "../lib/backend/commands";
import { BackendError, setBackend, type Backend, type ErrorPayload } from "../lib/backend";

/** The `sotay` binary (`cargo build -p sotay-cli`; `make test-ui` builds it first), in cargo's
 *  target folder (`CARGO_TARGET_DIR` when set), or `SOTAY_BIN`. */
export const SOTAY =
  process.env.SOTAY_BIN ??
  join(process.env.CARGO_TARGET_DIR ?? resolve(fileURLToPath(import.meta.url), "../../../../target"), "debug/sotay");

export interface RustBackend extends Backend {
  /** The workspace database this backend works on. */
  readonly db: string;
  /** A folder of the test's own, for files the window would ask the user for. */
  readonly dir: string;
  /** Every command called, in order, with its arguments. */
  readonly calls: { command: string; args: Record<string, unknown> }[];
  /** What the native dialogs answer: the save dialog's path (default: `dir/name`) and the
   *  open dialog's (default: none, as a user cancelling). */
  dialogs: { save?: string | null; open?: string | null };
  /** Files "opened with the desktop". */
  readonly opened: string[];
  /** Runs a command directly (a test's own setup), resolving to its result. */
  run<T>(command: string, args?: Record<string, unknown>): T;
  /** Runs a command with the Rust clock at `now`: records made at one instant are listed in
   *  no fixed order (by time, then by random id), so "first, then second" needs two times. */
  runAt<T>(now: string, command: string, args?: Record<string, unknown>): T;
  /** Runs a `sotay` command-line command on this workspace (e.g. a bulk `assess answer`). */
  cli(args: string[]): string;
}

let sample: string | null = null;

/** The sample workspace, made once per test file by `sotay sample`, copied for each backend. */
function sampleDb(now: string): string {
  if (sample && existsSync(sample)) return sample;
  if (!existsSync(SOTAY)) {
    throw new Error(`${SOTAY} is missing: build it with \`cargo build -p sotay-cli\` (make test-ui does)`);
  }
  const dir = mkdtempSync(join(tmpdir(), "sotay-sample-"));
  sample = join(dir, "sample.db");
  // The sample's dates are the clock's: a fixed one keeps them the same in every run.
  execFileSync(SOTAY, ["--db", sample, "--now", now, "sample"]);
  return sample;
}

export interface RustOptions {
  /** "Now" for the Rust side (RFC 3339); default 2026-12-01 09:00 in Vietnam. */
  now?: string;
  /** An empty workspace instead of the sample (one handbook, two pilot models). */
  empty?: boolean;
  /** The workspace's language (messages, errors). */
  lang?: "vi" | "en";
}

/** A backend over a fresh copy of the sample workspace (or an empty one). */
export function rustBackend(options: RustOptions = {}): RustBackend {
  const now = options.now ?? "2026-12-01T09:00:00+07:00";
  const dir = mkdtempSync(join(tmpdir(), "sotay-ui-test-"));
  const db = join(dir, "workspace.db");
  if (!options.empty) copyFileSync(sampleDb(now), db);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: RustBackend["calls"] = [];
  const opened: string[] = [];
  const dialogs: RustBackend["dialogs"] = {};

  function run<T>(command: string, args: Record<string, unknown> = {}): T {
    return runAt(now, command, args);
  }

  function runAt<T>(at: string, command: string, args: Record<string, unknown> = {}): T {
    calls.push({ command, args });
    switch (command) {
      case "choose_save_path":
        return (dialogs.save !== undefined ? dialogs.save : join(dir, String(args.defaultName))) as T;
      case "choose_open_path":
        return (dialogs.open ?? null) as T;
      case "open_path":
        opened.push(String(args.path));
        return undefined as T;
      case "cancel_publish":
        return undefined as T;
      // The app shell's recovery commands, through the CLI's `recover` (the same Rust
      // functions); switching to another file is the shell's alone.
      case "recovery_info": {
        const open = JSON.parse(execFileSync(SOTAY, ["--db", db, "ipc", "app_info", "-", "--now", at], { input: "{}", encoding: "utf8" }));
        if (!open.error) return null as T;
        const backups = JSON.parse(execFileSync(SOTAY, ["--db", db, "recover", "backups", "--json"], { encoding: "utf8" }));
        return { path: db, backups } as T;
      }
      case "recover_restore": {
        const backup = (args.backup as string | null) ?? dialogs.open ?? null;
        if (!backup) return null as T;
        try {
          return JSON.parse(execFileSync(SOTAY, ["--db", db, "--now", at, "recover", "restore", backup, "--json"], { encoding: "utf8", stdio: "pipe" })) as T;
        } catch (e) {
          const stderr = String((e as { stderr?: string }).stderr ?? e).replace(/^lỗi: |^error: /, "").trim();
          throw new BackendError({ code: "invalid_input", message: stderr });
        }
      }
      case "recover_open_other":
      case "recover_create_new":
        if (!dialogs.open && !dialogs.save) return null as T;
        throw new Error("the test backend works on one workspace file");
    }
    const out = execFileSync(SOTAY, ["--db", db, "ipc", command, "-", "--now", at], {
      input: JSON.stringify(args),
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    const answer = JSON.parse(out) as {
      ok?: T;
      error?: ErrorPayload;
      events?: { event: string; payload: unknown }[];
    };
    for (const e of answer.events ?? []) for (const h of listeners.get(e.event) ?? []) h(e.payload);
    if (answer.error) throw new BackendError(answer.error);
    return answer.ok as T;
  }

  const backend = commandBackend({
    call: async <T>(command: string, args?: Record<string, unknown>) => run<T>(command, args),
    listen: async <T>(event: string, handler: (payload: T) => void) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const h = handler as (payload: unknown) => void;
      set.add(h);
      return () => set.delete(h);
    },
    onFileDrop: async () => () => {},
  });
  if (options.lang) run("set_language", { lang: options.lang });
  const cli = (args: string[]) => execFileSync(SOTAY, ["--db", db, "--now", now, ...args], { encoding: "utf8" });
  return Object.assign(backend, { db, dir, calls, dialogs, opened, run, runAt, cli });
}

/** Removes a backend's folder (its workspace and files); for `afterEach`. */
export function removeBackend(b: RustBackend): void {
  rmSync(b.dir, { recursive: true, force: true });
}

/** For a test file: a fresh backend before each test, installed as the window's backend and
 *  removed after it. Returns how a test gets the current one. */
export function useRustBackend(options: RustOptions = {}): () => RustBackend {
  let current: RustBackend | null = null;
  beforeEach(() => {
    current = rustBackend(options);
    setBackend(current);
  });
  afterEach(() => {
    if (current) removeBackend(current);
    current = null;
  });
  return () => {
    if (!current) throw new Error("no backend outside a test");
    return current;
  };
}
