// The progress line of a streamed job: at most one update per interval (a notification per token
// would keep the workbench busy), but the latest value is never dropped. One that arrives inside
// the interval is shown when the interval ends, so a stream that then stalls still shows what it
// received ("1 token received", not "0 tokens" until Cancel).

/** How often a job's progress line may change: often enough to look live, rarely enough to cost nothing. */
const PROGRESS_INTERVAL_MS = 150;

export interface ThrottledProgress<T> {
  /** Shows `value` now, or when the interval ends; `immediately` skips the wait (a part finished). */
  update(value: T, immediately?: boolean): void;
  /** Drops a pending update: the job is over. */
  dispose(): void;
}

export function throttledProgress<T>(show: (value: T) => void, intervalMs = PROGRESS_INTERVAL_MS, clock: () => number = Date.now): ThrottledProgress<T> {
  let shownAt = -Infinity;
  let latest: T | undefined;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const showNow = (value: T): void => {
    clearTimeout(pending);
    pending = undefined;
    shownAt = clock();
    show(value);
  };
  return {
    update(value, immediately = false) {
      latest = value;
      const wait = intervalMs - (clock() - shownAt);
      if (immediately || wait <= 0) return showNow(value);
      pending ??= setTimeout(() => showNow(latest as T), wait);
    },
    dispose() {
      clearTimeout(pending);
      pending = undefined;
    },
  };
}
