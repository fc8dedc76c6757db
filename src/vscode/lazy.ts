// Heavy parts (the HTTP client, tiktoken, the ledger file) load on first use, not at activation:
// activation must stay within a few milliseconds.

export interface Lazy<T> {
  /** The instance, created on the first call; a failed creation is retried on the next call. */
  get(): Promise<T>;
  /** The instance if it was created already. */
  readonly current: T | undefined;
  /** Forgets the instance so the next get() creates a new one (e.g. after a settings change). */
  reset(): void;
}

export function lazy<T>(create: () => Promise<T>): Lazy<T> {
  let pending: Promise<T> | undefined;
  let current: T | undefined;
  return {
    get() {
      if (!pending) {
        const attempt: Promise<T> = create().then(
          (value) => {
            if (pending === attempt) current = value;
            return value;
          },
          (error: unknown) => {
            if (pending === attempt) pending = undefined;
            throw error;
          },
        );
        pending = attempt;
      }
      return pending;
    },
    get current() {
      return current;
    },
    reset() {
      pending = undefined;
      current = undefined;
    },
  };
}
