// Startup cost: the production bundle's size, the packaged .vsix's size, and the time to load
// dist/extension.js and run activate() (median of fresh processes). The .vsix is built with
// `npm run package` (which makes the production build in dist/) into a temp file, so the figures
// are always those of the current code and the repo's own .vsix is left alone. activate_ms uses a
// stand-in `vscode` module (bench/support/activateProbe.cjs): it measures our code only.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median, round } from '../support/stats';

const RUNS = 7;
const repoRoot = path.join(__dirname, '../..');

function packageVsix(): number {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-vsix-')), 'gearshift.vsix');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'package', '--', '--out', out], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run package failed:\n${result.stdout}\n${result.stderr}`);
  const bytes = fs.statSync(out).size;
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  return bytes;
}

function activateOnce(bundle: string): { activate_ms: number; load_ms: number } {
  const probe = path.join(__dirname, '../support/activateProbe.cjs');
  const result = spawnSync(process.execPath, [probe, bundle], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`activate() failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

export async function run(): Promise<Record<string, number>> {
  const vsixBytes = packageVsix();
  const bundle = path.join(repoRoot, 'dist', 'extension.js');
  const bundleBytes = fs.statSync(bundle).size;
  const samples = Array.from({ length: RUNS }, () => activateOnce(bundle));
  return {
    activate_ms: round(median(samples.map((sample) => sample.activate_ms))),
    bundle_bytes: bundleBytes,
    vsix_bytes: vsixBytes,
    load_ms: round(median(samples.map((sample) => sample.load_ms))),
  };
}
