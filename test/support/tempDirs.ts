// Temporary folders for tests, removed when the run ends (a mocha root hook), so repeated runs do
// not pile up folders under the system temp directory.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made: string[] = [];

/** A new empty folder named gearshift-<purpose>-XXXXXX; removed after the whole run. */
export function makeTempDir(purpose: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gearshift-${purpose}-`));
  made.push(dir);
  return dir;
}

export const mochaHooks = {
  afterAll(): void {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  },
};
