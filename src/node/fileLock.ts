// A lock shared by every process on the machine (two VS Code windows on one profile write the
// same files): proper-lockfile's `<file>.lock` directory, retried briefly, taken over when stale.
import * as lockfile from 'proper-lockfile';

const LOCK_OPTIONS: lockfile.LockOptions = {
  // The file may not exist yet (the first save); the lock sits beside it either way.
  realpath: false,
  // A lock whose holder died (a killed window) is taken over after this long.
  stale: 10_000,
  retries: { retries: 60, factor: 1.3, minTimeout: 5, maxTimeout: 250 },
};

/** Runs `task` while holding the lock on `file`; the lock is released however the task ends. */
export async function withFileLock<T>(file: string, task: () => Promise<T>): Promise<T> {
  const release = await lockfile.lock(file, LOCK_OPTIONS);
  try {
    return await task();
  } finally {
    await release().catch(() => undefined);
  }
}
