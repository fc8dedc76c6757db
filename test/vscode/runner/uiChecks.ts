// Runs the UI checks (`test/vscode/ui/*.ui.ts`) against the running workbench and reports them
// the way mocha's spec reporter does. Each file gets a VS Code of its own (see UiWindow); every
// exported function of the file is one test, titled by its name, run in name order; an exported
// TIMEOUT_MS replaces the default time limit per test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { MockServer } from '../../support/mockServer';
import { waitForWorkbench, type UiContext } from '../ui/helpers';
import type { ScreenshotIndex } from './screenshotIndex';

export const UI_DIR = path.join(__dirname, '..', 'ui');
const DEFAULT_TEST_TIMEOUT_MS = 60_000;

type UiTest = (context: UiContext) => Promise<void>;

/** A workbench window on a VS Code of its own (fresh user data, extension and workspace copy). */
export interface UiWindow {
  page: Page;
  workspace: string;
  settingsFile: string;
  close(): Promise<void>;
}

export interface UiRunOptions {
  openWindow(name: string): Promise<UiWindow>;
  mock: MockServer;
  artifactsDir: string;
  /** Lists every screenshot taken with the check that took it. */
  screenshots: ScreenshotIndex;
  grep?: RegExp;
  /** Screenshot after every test, passed or failed (GEARSHIFT_TEST_SCREENSHOTS=1). */
  screenshotEveryTest: boolean;
  print(line: string): void;
}

interface Failure {
  title: string;
  error: unknown;
  screenshot?: string;
}

export function uiCheckFiles(): string[] {
  return fs
    .readdirSync(UI_DIR)
    .filter((name) => name.endsWith('.ui.ts'))
    .sort();
}

/** Returns the number of failed tests. */
export async function runUiChecks(options: UiRunOptions): Promise<number> {
  const { print } = options;
  const failures: Failure[] = [];
  let passed = 0;
  const started = Date.now();
  for (const file of uiCheckFiles()) {
    const module = (await import(path.join(UI_DIR, file))) as Record<string, unknown>;
    const tests = Object.entries(module).filter(
      (entry): entry is [string, UiTest] => typeof entry[1] === 'function' && (!options.grep || options.grep.test(`${file} ${entry[0]}`)),
    );
    if (tests.length === 0) continue;
    // A file whose checks take longer (e.g. typing a replay at human pace) exports TIMEOUT_MS.
    const timeoutMs = typeof module.TIMEOUT_MS === 'number' ? module.TIMEOUT_MS : DEFAULT_TEST_TIMEOUT_MS;
    print('');
    print(`  UI ${file}`);
    let window: UiWindow | undefined;
    try {
      window = await options.openWindow(file.replace(/\.ui\.ts$/, ''));
      const { page, workspace, settingsFile } = window;
      await waitForWorkbench(page);
      for (const [name, test] of tests) {
        const title = `${file} ${name}`;
        const shot = async (label: string) => {
          const saved = await screenshot(page, options.artifactsDir, `${file.replace(/\.ui\.ts$/, '')}-${name}-${label}`);
          options.screenshots.add(title, label, saved);
          return saved;
        };
        const context: UiContext = {
          page,
          mock: options.mock,
          workspace,
          screenshot: shot,
          updateSettings: async (values) => updateSettings(settingsFile, values),
          // VS Code writes settings.json as JSON with comments allowed; it writes none itself.
          readSettings: () => JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>,
        };
        options.mock.reset();
        const testStarted = Date.now();
        try {
          await withTimeout(test(context), timeoutMs, name);
          passed++;
          print(`    ✔ ${name} (${Date.now() - testStarted}ms)`);
          if (options.screenshotEveryTest) await shot('passed');
        } catch (error) {
          failures.push({ title, error, screenshot: await shot('failed').catch(() => undefined) });
          print(`    ${failures.length}) ${name}`);
        }
        await resetWorkbench(page);
      }
    } catch (error) {
      const shot = window && (await screenshot(window.page, options.artifactsDir, `${file}-workbench`).catch(() => undefined));
      if (shot) options.screenshots.add(`${file} (opening the workbench)`, 'failed', shot);
      failures.push({ title: `${file} (opening the workbench)`, error, screenshot: shot });
      print(`    ${failures.length}) opening the workbench`);
    } finally {
      await window?.close();
    }
  }
  print('');
  print(`  ${passed} passing (${Math.round((Date.now() - started) / 1000)}s)`);
  if (failures.length > 0) {
    print(`  ${failures.length} failing`);
    failures.forEach((failure, index) => {
      print('');
      print(`  ${index + 1}) ${failure.title}:`);
      const error = failure.error as Error;
      print(`     ${(error?.stack ?? String(error)).split('\n').join('\n     ')}`);
      if (failure.screenshot) print(`     screenshot: ${path.relative(process.cwd(), failure.screenshot)}`);
    });
  }
  print('');
  return failures.length;
}

/**
 * Dismisses overlays (quick input, suggestions) a test may have left. Editors stay open: closing
 * dirty ones would raise a modal; tests of one file share the window, each file gets a fresh one.
 */
async function resetWorkbench(page: Page): Promise<void> {
  try {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  } catch {
    // The page may be gone after a failed test; the next file gets a fresh one.
  }
}

async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, timeout: 5000 });
  return file;
}

/** Both copies (see writeUserSettings): machine-scoped values count only in Machine/settings.json. */
function updateSettings(userSettingsFile: string, values: Record<string, unknown>): void {
  const machineSettingsFile = path.join(path.dirname(path.dirname(userSettingsFile)), 'Machine', 'settings.json');
  for (const file of [userSettingsFile, machineSettingsFile]) {
    const current = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify({ ...current, ...values }, null, 2));
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
