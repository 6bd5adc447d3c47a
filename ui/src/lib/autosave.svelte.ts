// Autosave of chapter text: saves a debounced while after typing stops, at once on flush()
// (chapter switch, window blur), one save at a time and in order. The status is what the
// editor shows: "Chưa lưu" → "Đang lưu…" → "Đã lưu", or the error with a retry.
import { BackendError } from "./backend";

export type SaveStatus = "idle" | "pending" | "saving" | "saved" | "error";

interface Job {
  key: string;
  text: string;
}

export class Autosave {
  status = $state<SaveStatus>("idle");
  error = $state<string | null>(null);

  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: Job | null = null;
  private chain: Promise<void> = Promise.resolve();

  /** `save(key, text)` stores the text of `key` (a chapter id); it throws to report failure. */
  constructor(
    private readonly save: (key: string, text: string) => Promise<void>,
    private readonly delay = 1000,
  ) {}

  /** The text of `key` changed: save it once typing has stopped for `delay` ms. */
  change(key: string, text: string): void {
    // Another chapter's unsaved text goes first, so a switch never mixes texts up.
    if (this.pending && this.pending.key !== key) void this.flush();
    this.pending = { key, text };
    this.status = "pending";
    this.error = null;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delay);
  }

  /** Saves what is pending now; resolves when every save asked for so far has finished. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const job = this.pending;
    this.pending = null;
    if (job) this.chain = this.chain.then(() => this.run(job));
    return this.chain;
  }

  /** Whether some text is not stored yet (pending, being saved, or failed). */
  get unsaved(): boolean {
    return this.pending !== null || this.status === "saving" || this.status === "error";
  }

  /** Stops the timer without saving (the view is going away after a flush). */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async run(job: Job): Promise<void> {
    this.status = "saving";
    try {
      await this.save(job.key, job.text);
      this.error = null;
      this.status = this.pending ? "pending" : "saved";
    } catch (e) {
      this.error = e instanceof BackendError || e instanceof Error ? e.message : String(e);
      this.status = "error";
      // Keep the text so that the next change or a retry saves it.
      if (!this.pending) this.pending = job;
    }
  }
}
