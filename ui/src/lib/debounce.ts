// A trailing-edge debounce that can be flushed or cancelled (timers are faked in tests).

export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  /** Runs the pending call now, if any. */
  flush(): void;
  cancel(): void;
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: A | null = null;
  const run = () => {
    timer = undefined;
    const args = last;
    last = null;
    if (args) fn(...args);
  };
  const debounced = (...args: A) => {
    last = args;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  debounced.flush = () => {
    clearTimeout(timer);
    run();
  };
  debounced.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    last = null;
  };
  return debounced;
}
