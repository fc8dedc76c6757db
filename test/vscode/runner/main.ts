// `npm run test:vscode`: the packaged extension inside real VS Code (code-server) shown in real
// Chromium. Steps: tools (cached) → package the .vsix and compile the suites → install the .vsix
// into a fresh extensions folder → mock endpoint → code-server → in-host mocha suites → UI checks.
// Every process it starts is stopped by process group, and a whole-run cap keeps CI from hanging.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startMockServer } from '../../support/mockServer';
import { installExtension, runDirs, startCodeServer, type RunDirs } from './codeServer';
import { REPORT_MARK } from '../reportMark';
import { killAllGroupsNow } from './processes';
import {
  ARTIFACTS_ROOT,
  CACHE_ROOT,
  compileSuites,
  copyWorkspace,
  packageExtension,
  testHostEnv,
  writeUserSettings,
} from './setup';
import { ensureTools } from './tools';
import { ScreenshotIndex } from './screenshotIndex';
import { runUiChecks, uiCheckFiles } from './uiChecks';
import { launchBrowser, newContext, runInHostSuites, testPayload, workbenchUrl } from './workbench';

const USAGE = `Usage: npm run test:vscode -- [options]
  --grep <regexp>   run only matching tests (in-host and UI)
  --no-ui           skip the UI checks (test/vscode/ui/*.ui.ts)
  --ui-only         skip the in-host suites (test/vscode/suite/*.test.ts)
  --keep-open       leave code-server running afterwards and print its URL (Ctrl+C stops it)
  --port <n>        code-server's port (default: a free one)
  --verbose         echo code-server's log and the browser console
Environment: GEARSHIFT_TEST_SCREENSHOTS=1 (a screenshot after every test), GEARSHIFT_TEST_TRACE=1
(a Playwright trace), GEARSHIFT_TEST_TIMEOUT_MIN (whole-run cap, default 20).`;

interface Options {
  grep?: string;
  ui: boolean;
  inHost: boolean;
  keepOpen: boolean;
  port?: number;
  verbose: boolean;
  screenshots: boolean;
  trace: boolean;
  capMinutes: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    ui: true,
    inHost: true,
    keepOpen: false,
    verbose: process.env.GEARSHIFT_TEST_VERBOSE === '1',
    screenshots: process.env.GEARSHIFT_TEST_SCREENSHOTS === '1',
    trace: process.env.GEARSHIFT_TEST_TRACE === '1',
    capMinutes: Number(process.env.GEARSHIFT_TEST_TIMEOUT_MIN) || 20,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--grep') options.grep = argv[++i];
    else if (arg === '--no-ui') options.ui = false;
    else if (arg === '--ui-only') options.inHost = false;
    else if (arg === '--keep-open') options.keepOpen = true;
    else if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--verbose') options.verbose = true;
    else {
      console.error(`unknown option ${arg}\n${USAGE}`);
      process.exit(2);
    }
  }
  return options;
}

const say = (message: string) => console.log(`[test:vscode] ${message}`);

/** Undo steps, run last-in first-out exactly once, whatever way the run ends. */
class Cleanup {
  private readonly steps: Array<() => unknown> = [];
  private done?: Promise<void>;
  add(step: () => unknown): void {
    this.steps.push(step);
  }
  run(): Promise<void> {
    this.done ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step();
        } catch (error) {
          say(`cleanup: ${(error as Error).message}`);
        }
      }
    })();
    return this.done;
  }
}

const cleanup = new Cleanup();

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
  const stopWith = async (code: number, why: string) => {
    say(why);
    await cleanup.run();
    process.exit(code);
  };
  process.once('SIGINT', () => void stopWith(130, 'interrupted'));
  process.once('SIGTERM', () => void stopWith(143, 'terminated'));
  process.once('SIGHUP', () => void stopWith(129, 'hung up'));
  process.once('exit', killAllGroupsNow);
  const cap = setTimeout(() => void stopWith(124, `whole run exceeded ${options.capMinutes} min: stopped`), options.capMinutes * 60_000);

  let phase = Date.now();
  const tools = await ensureTools(CACHE_ROOT, say);
  say(`tools ready (${seconds(phase)})`);

  const runRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-vscode-'));
  const artifacts = path.join(ARTIFACTS_ROOT, `vscode-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  cleanup.add(() => fs.rmSync(runRoot, { recursive: true, force: true }));
  const screenshots = new ScreenshotIndex(artifacts);

  phase = Date.now();
  const [vsix, suites] = await Promise.all([packageExtension(path.join(runRoot, 'gearshift.vsix'), say), compileSuites(path.basename(runRoot))]);
  cleanup.add(() => suites.dispose());
  say(`packaged ${path.basename(vsix)}, suites compiled (${seconds(phase)})`);

  const mock = await startMockServer();
  cleanup.add(() => mock.close());
  const browser = await launchBrowser(tools.chromium, path.join(runRoot, 'browser'));
  cleanup.add(() => browser.close());

  /**
   * A fresh VS Code for `name`: its own code-server with new user data (settings, global state,
   * secrets), the .vsix installed anew, a fresh copy of the fixture workspace, and a fresh browser
   * context. The in-host suites get one, each UI file another, so none sees another's leftovers.
   */
  const startVsCode = async (name: string, port?: number): Promise<VsCode> => {
    const dirs = runDirs(path.join(runRoot, name));
    await installExtension(tools.codeServerEntry, dirs, vsix);
    const settingsFile = writeUserSettings(dirs.userData, mock.url);
    const workspace = copyWorkspace(path.join(dirs.root, 'workspace'));
    const server = await startCodeServer({
      entry: tools.codeServerEntry,
      dirs,
      workspace,
      port,
      echo: options.verbose,
      env: { ...testHostEnv(mock.origin, dirs, options.grep), GEARSHIFT_TEST_MARK_REPORT: '1' },
    });
    const context = await newContext(browser);
    if (options.verbose) context.on('console', (message) => console.log(`[browser ${message.type()}] ${message.text()}`));
    if (options.trace) await context.tracing.start({ screenshots: true, snapshots: true });
    let closed: Promise<void> | undefined;
    const close = () =>
      (closed ??= (async () => {
        if (options.trace) {
          fs.mkdirSync(artifacts, { recursive: true });
          await context.tracing.stop({ path: path.join(artifacts, `trace-${name}.zip`) }).catch(() => undefined);
        }
        await context.close().catch(() => undefined);
        await server.stop();
      })());
    cleanup.add(close);
    return { name, dirs, origin: server.origin, workspace, settingsFile, context, close };
  };

  let inHostCode = 0;
  let kept: VsCode | undefined;
  if (options.inHost) {
    phase = Date.now();
    const vscode = await startVsCode('in-host', options.port);
    say(`code-server ${vscode.origin} up (${seconds(phase)})`);
    phase = Date.now();
    const url = workbenchUrl(vscode.origin, vscode.workspace, testPayload(suites.extensionDevelopmentPath, suites.testsIndex));
    inHostCode = await runInHost(vscode.context, url, path.join(vscode.dirs.root, 'workbench.log'), screenshots, options);
    say(`in-host suites exited with ${inHostCode} (${seconds(phase)})`);
    if (options.keepOpen) kept = vscode;
    else await vscode.close();
  }

  let uiFailures = 0;
  if (options.ui && uiCheckFiles().length > 0) {
    phase = Date.now();
    uiFailures = await runUiChecks({
      openWindow: async (name) => {
        const vscode = await startVsCode(`ui-${name}`);
        const page = await vscode.context.newPage();
        await page.goto(workbenchUrl(vscode.origin, vscode.workspace));
        return { page, workspace: vscode.workspace, settingsFile: vscode.settingsFile, close: vscode.close };
      },
      mock,
      artifactsDir: artifacts,
      screenshots,
      grep: options.grep ? new RegExp(options.grep) : undefined,
      screenshotEveryTest: options.screenshots,
      print: console.log,
    });
    say(`UI checks: ${uiFailures} failing (${seconds(phase)})`);
  }

  const failed = inHostCode !== 0 || uiFailures > 0;
  const index = screenshots.write();
  if (index) say(`${screenshots.size} screenshots, listed by check in ${path.relative(process.cwd(), index)}`);
  if (failed) {
    saveLogs(runRoot, artifacts);
    say(`logs of this run: ${path.relative(process.cwd(), artifacts)}`);
  }
  if (options.keepOpen) {
    clearTimeout(cap);
    kept ??= await startVsCode('kept', options.port);
    say(`code-server stays up: ${workbenchUrl(kept.origin, kept.workspace)} (forward the port to open it; Ctrl+C stops it)`);
    await new Promise(() => undefined);
  }
  clearTimeout(cap);
  await cleanup.run();
  say(`${failed ? 'FAILED' : 'passed'} in ${seconds(started)}`);
  return failed ? 1 : 0;
}

interface VsCode {
  name: string;
  dirs: RunDirs;
  origin: string;
  workspace: string;
  settingsFile: string;
  context: BrowserContext;
  close(): Promise<void>;
}

/** The in-host mocha suites: their output is mocha's spec report, printed as it arrives. */
async function runInHost(
  context: BrowserContext,
  url: string,
  workbenchLog: string,
  screenshots: ScreenshotIndex,
  options: Options,
): Promise<number> {
  const page = await context.newPage();
  let saving = Promise.resolve();
  const screenshotAfter = (line: string, index: number) => {
    // A spec line ending a test: "  ✔ title (12ms)" or "  3) title".
    // eslint-disable-next-line no-control-regex -- strips the reporter's ANSI colour codes (ESC [ … m)
    const ended = /^\s+(?:✔|\d+\))\s+(.*?)(?:\s\(\d+ms\))?$/.exec(line.replace(/\x1b\[[0-9;]*m/g, ''));
    if (!ended) return;
    const name = `in-host-${String(index).padStart(3, '0')}-${ended[1].slice(0, 80)}`;
    const label = /✔/.test(line) ? 'passed' : 'failed';
    saving = saving.then(() => saveScreenshot(page, screenshots, ended[1], label, name));
  };
  let lines = 0;
  const consoleLog = fs.createWriteStream(workbenchLog);
  try {
    const code = await runInHostSuites(page, {
      url,
      timeoutMs: 10 * 60_000,
      onLine: (line) => {
        consoleLog.write(`${line}\n`);
        const reportLine = line.startsWith(REPORT_MARK);
        const text = reportLine ? line.slice(REPORT_MARK.length) : line;
        if (reportLine || options.verbose) console.log(text);
        if (reportLine && options.screenshots) screenshotAfter(text, ++lines);
      },
    });
    await saving;
    return code;
  } catch (error) {
    await saveScreenshot(page, screenshots, 'in-host suites', 'timed out', 'in-host-timeout');
    say((error as Error).message);
    return 1;
  } finally {
    consoleLog.end();
    await page.close();
  }
}

async function saveScreenshot(page: Page, screenshots: ScreenshotIndex, check: string, label: string, name: string): Promise<void> {
  try {
    const file = path.join(screenshots.dir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
    fs.mkdirSync(screenshots.dir, { recursive: true });
    await page.screenshot({ path: file, timeout: 5000 });
    screenshots.add(check, label, file);
  } catch {
    // A screenshot is a debugging aid; never fail the run over one.
  }
}

/** Per VS Code of the run: code-server's log, the workbench console, VS Code's own logs. */
function saveLogs(runRoot: string, artifacts: string): void {
  for (const name of fs.readdirSync(runRoot)) {
    const root = path.join(runRoot, name);
    if (!fs.existsSync(path.join(root, 'code-server.log'))) continue;
    const target = path.join(artifacts, name);
    fs.mkdirSync(target, { recursive: true });
    for (const file of ['code-server.log', 'workbench.log']) {
      if (fs.existsSync(path.join(root, file))) fs.copyFileSync(path.join(root, file), path.join(target, file));
    }
    // VS Code's logs, including the Gearshift output channel (exthost*/gearshift.gearshift/).
    const logs = path.join(root, 'user-data', 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(target, 'vscode-logs'), { recursive: true });
  }
}

main().then(
  (code) => process.exit(code),
  async (error) => {
    console.error(`[test:vscode] ${(error as Error).stack ?? error}`);
    await cleanup.run();
    process.exit(1);
  },
);
