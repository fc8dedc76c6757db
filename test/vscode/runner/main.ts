// `npm run test:vscode`: the packaged extension inside real VS Code (code-server) shown in real
// Chromium. Steps: tools (cached) → package the .vsix and compile the suites → install the .vsix
// into a fresh extensions folder → mock endpoint → code-server → in-host mocha suites → UI checks.
// Every process it starts is stopped by process group, and a whole-run cap keeps CI from hanging.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startMockServer } from '../../support/mockServer';
import { installExtension, runDirs, startCodeServer } from './codeServer';
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
  const dirs = runDirs(runRoot);

  phase = Date.now();
  const [vsix, suites] = await Promise.all([packageExtension(path.join(runRoot, 'gearshift.vsix'), say), compileSuites(path.basename(runRoot))]);
  cleanup.add(() => suites.dispose());
  const installed = await installExtension(tools.codeServerEntry, dirs, vsix);
  say(`packaged and installed ${path.basename(installed)}, suites compiled (${seconds(phase)})`);

  const mock = await startMockServer();
  cleanup.add(() => mock.close());
  const workspace = copyWorkspace(path.join(runRoot, 'workspace'));
  const settingsFile = writeUserSettings(dirs.userData, mock.url);

  phase = Date.now();
  const server = await startCodeServer({
    entry: tools.codeServerEntry,
    dirs,
    workspace,
    port: options.port,
    echo: options.verbose,
    env: { ...testHostEnv(mock.origin, dirs, options.grep), GEARSHIFT_TEST_MARK_REPORT: '1' },
  });
  cleanup.add(() => server.stop());
  const browser = await launchBrowser(tools.chromium, path.join(runRoot, 'browser'));
  cleanup.add(() => browser.close());
  const context = await newContext(browser);
  if (options.verbose) {
    context.on('console', (message) => console.log(`[browser ${message.type()}] ${message.text()}`));
  }
  if (options.trace) {
    await context.tracing.start({ screenshots: true, snapshots: true });
    cleanup.add(async () => {
      fs.mkdirSync(artifacts, { recursive: true });
      await context.tracing.stop({ path: path.join(artifacts, 'trace.zip') });
      say(`trace: ${path.relative(process.cwd(), path.join(artifacts, 'trace.zip'))} (npx playwright-core show-trace <file>)`);
    });
  }
  say(`code-server ${server.origin} and Chromium up (${seconds(phase)})`);

  let inHostCode = 0;
  if (options.inHost) {
    phase = Date.now();
    const url = workbenchUrl(server.origin, workspace, testPayload(suites.extensionDevelopmentPath, suites.testsIndex));
    inHostCode = await runInHost(context, url, path.join(runRoot, 'workbench.log'), artifacts, options);
    say(`in-host suites exited with ${inHostCode} (${seconds(phase)})`);
  }

  let uiFailures = 0;
  if (options.ui && uiCheckFiles().length > 0) {
    phase = Date.now();
    uiFailures = await runUiChecks({
      context,
      mock,
      freshWindow: (name) => {
        const uiWorkspace = copyWorkspace(path.join(runRoot, `workspace-${name}`));
        return { workspace: uiWorkspace, url: workbenchUrl(server.origin, uiWorkspace) };
      },
      settingsFile,
      artifactsDir: artifacts,
      grep: options.grep ? new RegExp(options.grep) : undefined,
      screenshotEveryTest: options.screenshots,
      print: console.log,
    });
    say(`UI checks: ${uiFailures} failing (${seconds(phase)})`);
  }

  const failed = inHostCode !== 0 || uiFailures > 0;
  if (failed) {
    saveLogs(runRoot, dirs.userData, artifacts);
    say(`logs of this run: ${path.relative(process.cwd(), artifacts)}`);
  }
  if (options.keepOpen) {
    clearTimeout(cap);
    say(`code-server stays up: ${workbenchUrl(server.origin, workspace)} (forward the port to open it; Ctrl+C stops it)`);
    await new Promise(() => undefined);
  }
  clearTimeout(cap);
  await cleanup.run();
  say(`${failed ? 'FAILED' : 'passed'} in ${seconds(started)}`);
  return failed ? 1 : 0;
}

/** The in-host mocha suites: their output is mocha's spec report, printed as it arrives. */
async function runInHost(
  context: BrowserContext,
  url: string,
  workbenchLog: string,
  artifacts: string,
  options: Options,
): Promise<number> {
  const page = await context.newPage();
  let screenshots = Promise.resolve();
  const screenshotAfter = (line: string, index: number) => {
    // A spec line ending a test: "  ✔ title (12ms)" or "  3) title".
    const ended = /^\s+(?:✔|\d+\))\s+(.*?)(?:\s\(\d+ms\))?$/.exec(line.replace(/\x1b\[[0-9;]*m/g, ''));
    if (!ended) return;
    const name = `in-host-${String(index).padStart(3, '0')}-${ended[1].slice(0, 80)}`;
    screenshots = screenshots.then(() => saveScreenshot(page, artifacts, name));
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
    await screenshots;
    return code;
  } catch (error) {
    await saveScreenshot(page, artifacts, 'in-host-timeout');
    say((error as Error).message);
    return 1;
  } finally {
    consoleLog.end();
    await page.close();
  }
}

async function saveScreenshot(page: Page, dir: string, name: string): Promise<void> {
  try {
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${name.replace(/[^\w.-]+/g, '_')}.png`), timeout: 5000 });
  } catch {
    // A screenshot is a debugging aid; never fail the run over one.
  }
}

/** code-server's log, the workbench console and VS Code's logs (extension host, Gearshift's output channel). */
function saveLogs(runRoot: string, userData: string, artifacts: string): void {
  fs.mkdirSync(artifacts, { recursive: true });
  for (const file of ['code-server.log', 'workbench.log']) {
    if (fs.existsSync(path.join(runRoot, file))) fs.copyFileSync(path.join(runRoot, file), path.join(artifacts, file));
  }
  const logs = path.join(userData, 'logs');
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(artifacts, 'vscode-logs'), { recursive: true });
}

main().then(
  (code) => process.exit(code),
  async (error) => {
    console.error(`[test:vscode] ${(error as Error).stack ?? error}`);
    await cleanup.run();
    process.exit(1);
  },
);
