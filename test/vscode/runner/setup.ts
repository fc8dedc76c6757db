// What both runners (code-server and @vscode/test-electron) prepare the same way: the packaged
// extension, the compiled in-host suites, a fresh copy of the fixture workspace and user settings.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withLock } from './lock';
import { run } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CACHE_ROOT = path.join(REPO_ROOT, '.test-cache');
export const ARTIFACTS_ROOT = path.join(REPO_ROOT, '.test-artifacts');
export const FIXTURE_WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');
const SUITE_SOURCE = path.join(REPO_ROOT, 'test', 'vscode', 'suite');
/**
 * Compiled suites, one folder per run (concurrent runs must not rebuild files another run's
 * extension host is loading). Inside the repository, so `require('mocha')` finds node_modules.
 */
const SUITES_OUT_ROOT = path.join(REPO_ROOT, 'out', 'test', 'vscode');

export interface CompiledSuites {
  /** The folder of the tiny extension that carries the suites (see compileSuites). */
  extensionDevelopmentPath: string;
  /** The mocha entry point VS Code loads (extensionTestsPath). */
  testsIndex: string;
  dispose(): void;
}

/** `npm run package` → the .vsix users install (vscode:prepublish makes the production build). */
export async function packageExtension(outFile: string, log: (line: string) => void): Promise<string> {
  // Two runs packaging at once would rebuild dist/ under each other's feet.
  await withLock(path.join(CACHE_ROOT, 'package.lock'), 'packaging', log, () =>
    run('npm', ['run', 'package', '--', '--out', outFile], { cwd: REPO_ROOT }),
  );
  return outFile;
}

/**
 * Bundles the mocha index and every `suite/*.test.ts` (vscode and mocha stay external: the host
 * provides one, node_modules the other). The output folder doubles as a do-nothing extension:
 * VS Code runs tests only together with an extensionDevelopmentPath, and pointing that at this
 * folder keeps Gearshift itself loaded from the installed .vsix rather than from the source tree.
 */
export async function compileSuites(runId: string): Promise<CompiledSuites> {
  const tests = fs.readdirSync(SUITE_SOURCE).filter((name) => name.endsWith('.test.ts'));
  const outDir = path.join(SUITES_OUT_ROOT, runId);
  fs.rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: ['index.ts', ...tests].map((name) => path.join(SUITE_SOURCE, name)),
    outdir: path.join(outDir, 'suite'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const manifest = {
    name: 'gearshift-test-runner',
    publisher: 'gearshift-test',
    version: '0.0.0',
    private: true,
    engines: { vscode: '^1.100.0' },
  };
  fs.writeFileSync(path.join(outDir, 'package.json'), JSON.stringify(manifest, null, 2));
  return {
    extensionDevelopmentPath: outDir,
    testsIndex: path.join(outDir, 'suite', 'index.js'),
    dispose: () => fs.rmSync(outDir, { recursive: true, force: true }),
  };
}

/** A fresh copy per run (and UI file): tests edit and save files, the repository's copy stays as is. */
export function copyWorkspace(target: string): string {
  fs.cpSync(FIXTURE_WORKSPACE, target, { recursive: true });
  return target;
}

/**
 * Writes the run's settings as user settings and as the remote machine's settings. Gearshift's
 * endpoint settings are machine-scoped, and in a remote window (code-server is one) VS Code applies
 * machine-scoped values from the remote's Machine/settings.json: the user settings copy alone is
 * dropped on the first configuration change.
 */
export function writeUserSettings(userDataDir: string, mockUrl: string): string {
  const fixture = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'vscode', 'userSettings.json'), 'utf8')) as Record<string, unknown>;
  delete fixture['//'];
  const settings = JSON.stringify({ ...fixture, 'gearshift.endpoint.baseUrl': mockUrl }, null, 2);
  for (const scope of ['User', 'Machine']) {
    fs.mkdirSync(path.join(userDataDir, scope), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, scope, 'settings.json'), settings);
  }
  return path.join(userDataDir, 'User', 'settings.json');
}

/** Environment of the extension host: how in-host suites find the mock and the install. */
export function testHostEnv(mockOrigin: string, dirs: { userData: string; extensions: string }, grep: string | undefined): NodeJS.ProcessEnv {
  return {
    GEARSHIFT_MOCK_ORIGIN: mockOrigin,
    GEARSHIFT_TEST_EXTENSIONS_DIR: dirs.extensions,
    GEARSHIFT_TEST_USER_DATA: dirs.userData,
    ...(grep ? { GEARSHIFT_TEST_GREP: grep } : {}),
    ...(process.stdout.isTTY ? { GEARSHIFT_TEST_COLOR: '1' } : {}),
  };
}
