// A directory lock between concurrent test runs on one machine (several people or agents may run
// the rig at once): creating a directory is atomic, and a dead holder's lock is taken over.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { delay } from './processes';

/** Runs `body` while holding a directory lock; waits while a live process holds it. */
export async function withLock<T>(lockDir: string, what: string, log: (line: string) => void, body: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      if (!lockHolderAlive(lockDir)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`waiting for another test run to finish ${what}`);
      announced = true;
      await delay(1000);
    }
  }
  try {
    return await body();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function lockHolderAlive(lockDir: string): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means it exists but belongs to someone else; a missing pid file means it is being written.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPERM') return true;
    if (code !== 'ENOENT') return false;
    try {
      return Date.now() - fs.statSync(lockDir).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
}
