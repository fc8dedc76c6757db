// Entry point VS Code loads in the extension host (extensionTestsPath): runs every compiled
// `*.test.js` beside it with mocha and settles when they are done (non-zero failures = red run).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { REPORT_MARK } from '../reportMark';

export async function run(): Promise<void> {
  // Stack traces point into the TypeScript sources (the bundles carry inline source maps).
  process.setSourceMapsEnabled(true);
  if (process.env.GEARSHIFT_TEST_MARK_REPORT === '1') {
    // The spec reporter prints through Base.consoleLog: mark each line it prints.
    const reporterBase = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
    reporterBase.consoleLog = (...args) => console.log(REPORT_MARK + format(...args).split('\n').join(`\n${REPORT_MARK}`));
  }
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: process.env.GEARSHIFT_TEST_COLOR === '1',
    timeout: 20_000,
    grep: process.env.GEARSHIFT_TEST_GREP || undefined,
  });
  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} VS Code test(s) failed`);
}
