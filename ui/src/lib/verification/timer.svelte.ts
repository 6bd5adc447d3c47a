// The trace test's running timer: started and stopped by the inspector, ticking once a second.
// Start and stop return the instants so the form can fill its start and finish fields.

export class TraceTimer {
  startedAt = $state<number | null>(null);
  stoppedAt = $state<number | null>(null);
  private now = $state(Date.now());
  private handle: ReturnType<typeof setInterval> | null = null;

  get running(): boolean {
    return this.startedAt !== null && this.stoppedAt === null;
  }

  /** Milliseconds since the start (until the stop once stopped). */
  get elapsed(): number {
    if (this.startedAt === null) return 0;
    return (this.stoppedAt ?? this.now) - this.startedAt;
  }

  start(): Date {
    this.clear();
    const t = Date.now();
    this.startedAt = t;
    this.stoppedAt = null;
    this.now = t;
    this.handle = setInterval(() => (this.now = Date.now()), 1000);
    return new Date(t);
  }

  stop(): Date {
    const t = Date.now();
    this.clear();
    if (this.startedAt === null) this.startedAt = t;
    this.stoppedAt = t;
    this.now = t;
    return new Date(t);
  }

  reset(): void {
    this.clear();
    this.startedAt = null;
    this.stoppedAt = null;
  }

  dispose(): void {
    this.clear();
  }

  private clear(): void {
    if (this.handle !== null) clearInterval(this.handle);
    this.handle = null;
  }
}
