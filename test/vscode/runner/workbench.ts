// Debian's Chromium, driven by playwright-core, showing code-server's workbench. The in-host suites
// start through the page URL's `payload` (code-server refuses extensionTestsPath on its command
// line); the workbench reports their console output and exit code through two window functions.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** code-server's remote authority: vscode-remote URIs name paths on the code-server machine. */
const remote = (absolutePath: string) => `vscode-remote://remote${absolutePath}`;

export async function launchBrowser(executablePath: string, profileRoot: string): Promise<Browser> {
  fs.mkdirSync(profileRoot, { recursive: true });
  return chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    // The runner's own signal handlers close the browser in order with everything else.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profileRoot, 'config'), XDG_CACHE_HOME: path.join(profileRoot, 'cache') },
  });
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  // Clipboard access lets UI checks paste and read text like a user would.
  return browser.newContext({ viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
}

export function workbenchUrl(origin: string, workspace: string, payload?: Array<[string, string]>): string {
  let url = `${origin}/?folder=${encodeURIComponent(workspace)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

export function testPayload(developmentPath: string, testsIndex: string): Array<[string, string]> {
  return [
    ['extensionDevelopmentPath', remote(developmentPath)],
    ['extensionTestsPath', remote(testsIndex)],
  ];
}

export interface InHostRunOptions {
  url: string;
  timeoutMs: number;
  /** Each line the suites print (mocha's spec reporter). */
  onLine(line: string): void;
}

/** Opens the workbench in test mode and resolves with the suites' exit code. */
export async function runInHostSuites(page: Page, options: InHostRunOptions): Promise<number> {
  let settle!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (settle = resolve));
  await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown) => {
    for (const line of formatLogArgs(args).split('\n')) options.onLine(line);
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
  await page.goto(options.url);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`in-host suites did not finish within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
  });
  try {
    return await Promise.race([exited, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** The host forwards console calls unformatted (mocha prints with '%s' patterns): format them. */
function formatLogArgs(args: unknown): string {
  return format(...(Array.isArray(args) ? args : [args]));
}
