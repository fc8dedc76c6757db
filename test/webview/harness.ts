// Loads the built chat page (dist/webview/chat.js) in real headless Chromium under the same HTML and
// CSP the extension serves, with a stand-in acquireVsCodeApi that records what the page posts.
// Every request is intercepted: files from dist/ and media/ are served, anything else is recorded
// as a violation and refused.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chatHtml } from '../../src/common/chat/html';
import type { HostMessage, PageMessage } from '../../src/common/chat/protocol';

export const ROOT = path.resolve(__dirname, '../..');
export const ORIGIN = 'https://webview.test';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.svg': 'image/svg+xml', '.png': 'image/png', '.map': 'application/json',
};

/** The page globals the harness touches (typed here: the bench compiles this file without the DOM library). */
export interface HarnessWindow {
  __posted: PageMessage[];
  __state: unknown;
  MessageEvent: new (type: string, init: { data: unknown }) => object;
  dispatchEvent(event: object): boolean;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

export interface ChatPage {
  page: Page;
  /** Requests the page tried to make outside dist/ and media/. */
  foreignRequests: string[];
  /** Browser dialogs (alert/confirm/prompt) that appeared: an executed payload. */
  dialogs: string[];
  pageErrors: string[];
  cspViolations: string[];
  send(message: HostMessage): Promise<void>;
  posted(): Promise<PageMessage[]>;
  clearPosted(): Promise<void>;
  savedState(): Promise<unknown>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** What getState() returns at load (as after the view was hidden and shown again). */
  initialState?: unknown;
  width?: number;
  height?: number;
  /** Timers and clocks under the test's control (page.clock), for countdowns. */
  fakeClock?: boolean;
  /**
   * Whether the page's frame has focus when it loads: in VS Code a webview's frame does only when
   * the view was focused before its page loaded (e.g. Focus Chat on a view never shown). Headless
   * Chromium reports focus for every page, so the harness says what VS Code would. Default false.
   */
  focusedAtLoad?: boolean;
}

export async function openChatPage(browser: Browser, options: OpenOptions = {}): Promise<ChatPage> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 360, height: options.height ?? 700 } });
  const page = await context.newPage();
  const foreignRequests: string[] = [];
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  const nonce = randomBytes(16).toString('base64');
  const html = chatHtml({
    cspSource: ORIGIN,
    nonce,
    scriptUri: `${ORIGIN}/dist/webview/chat.js`,
    styleUri: `${ORIGIN}/media/chat.css`,
    codiconUri: `${ORIGIN}/dist/codicons/codicon.css`,
  });

  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      foreignRequests.push(route.request().url());
      return route.abort('blockedbyclient');
    }
    if (url.pathname === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: html });
    const relative = path.posix.normalize(url.pathname).replace(/^\/+/, '');
    if (!/^(dist|media)\//.test(relative)) {
      foreignRequests.push(route.request().url());
      return route.abort('blockedbyclient');
    }
    try {
      const body = await readFile(path.join(ROOT, relative));
      return route.fulfill({ status: 200, body, contentType: CONTENT_TYPES[path.extname(relative)] ?? 'application/octet-stream' });
    } catch {
      return route.fulfill({ status: 404, body: '' });
    }
  });
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.exposeFunction('__reportCspViolation', (detail: string) => cspViolations.push(detail));
  // A string, not a function: tsx's transform would add helpers that do not exist in the page.
  // esbuild's keepNames helper, for functions passed to page.evaluate from tsx-compiled tests.
  await page.addInitScript(`(() => {
    window.__name = (fn) => fn;
    document.hasFocus = () => ${JSON.stringify(options.focusedAtLoad ?? false)};
    const posted = [];
    let state = ${JSON.stringify(options.initialState ?? null)} ?? undefined;
    window.__posted = posted;
    window.__state = state;
    window.acquireVsCodeApi = () => ({
      postMessage: (message) => posted.push(JSON.parse(JSON.stringify(message))),
      getState: () => state,
      setState: (next) => { state = next; window.__state = next; },
    });
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__reportCspViolation(event.violatedDirective + ' ' + event.blockedURI);
    });
  })();`);

  if (options.fakeClock) await page.clock.install();
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => (globalThis as unknown as HarnessWindow).__posted.some((message) => message.type === 'ready'));

  return {
    page,
    foreignRequests,
    dialogs,
    pageErrors,
    cspViolations,
    send: (message) => page.evaluate((data) => {
      const win = globalThis as unknown as HarnessWindow;
      win.dispatchEvent(new win.MessageEvent('message', { data }));
    }, message),
    posted: () => page.evaluate(() => (globalThis as unknown as HarnessWindow).__posted.slice()),
    clearPosted: () => page.evaluate(() => {
      (globalThis as unknown as HarnessWindow).__posted.length = 0;
    }),
    savedState: () => page.evaluate(() => (globalThis as unknown as HarnessWindow).__state),
    close: () => context.close(),
  };
}

let counter = 0;
export function turnId(prefix = 't'): string {
  return `${prefix}${++counter}`;
}

export const MODELS = [
  { id: 'fast', label: 'Fast (gpt-4.1-mini)', group: 'Fast' as const },
  { id: 'large', label: 'Large (gpt-4.1)', group: 'Large' as const },
  { id: 'qwen2.5-coder-7b', label: 'qwen2.5-coder-7b', group: 'Other' as const },
];

/** A state message for an empty or given conversation. */
export function stateMessage(turns: Extract<HostMessage, { type: 'state' }>['conversation']['turns'] = []): HostMessage {
  return { type: 'state', conversation: { id: 'c1', title: 'Test', turns }, models: MODELS, selectedModel: 'fast', chips: [], busy: false };
}

/** Starts assistant turn `id` and streams `text` into it in chunks of `chunk` characters; the turn stays open. */
export async function startAnswer(chat: ChatPage, text: string, chunk = 7, id = turnId()): Promise<string> {
  await chat.send({ type: 'turnStart', turn: { id, role: 'assistant', text: '', status: 'streaming' } });
  const messages: HostMessage[] = [];
  for (let index = 0; index < text.length; index += chunk) messages.push({ type: 'delta', turnId: id, text: text.slice(index, index + chunk) });
  await chat.page.evaluate((batch) => {
    const win = globalThis as unknown as HarnessWindow;
    for (const data of batch) win.dispatchEvent(new win.MessageEvent('message', { data }));
  }, messages);
  return id;
}

/** Streams `text` into a new assistant turn in chunks of `chunk` characters, then ends it. */
export async function streamAnswer(chat: ChatPage, text: string, chunk = 7, id = turnId()): Promise<string> {
  await startAnswer(chat, text, chunk, id);
  await chat.send({ type: 'turnEnd', turnId: id, status: 'done', meta: { model: 'gpt-4.1-mini', promptTokens: 120, completionTokens: 80, costUsd: 0.000176, latencyMs: 1234, escalated: false, failedOver: false } });
  return id;
}

/** Waits until every rendered code block has been highlighted (the page does it in idle time). */
export async function highlighted(chat: ChatPage): Promise<void> {
  // Typed by hand: the bench compiles this file without the DOM library (and the CSP forbids a string).
  await chat.page.waitForFunction(() => !(globalThis as unknown as { document: { querySelector(selector: string): unknown } }).document.querySelector('code[data-highlight]'));
}
