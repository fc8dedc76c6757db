// Utilities for UI checks (`test/vscode/ui/*.ui.ts`): what only the rendered workbench shows —
// ghost text, webviews, notifications, the command palette. Each UI file exports async functions
// (the tests, titled by their names) that receive a UiContext; see test/vscode/ui/smoke.ui.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import type { MockServer } from '../../support/mockServer';

export interface UiContext {
  page: Page;
  /** The local OpenAI-compatible server the workbench's Gearshift talks to (same process as the test). */
  mock: MockServer;
  /** Absolute path of the open folder: a fresh copy of test/fixtures/workspace for each UI file. */
  workspace: string;
  /** Saves a screenshot under .test-artifacts/ and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Merges values into the user settings.json; the workbench picks the change up from disk. */
  updateSettings(values: Record<string, unknown>): Promise<void>;
  /** The user settings.json as it is on disk now (e.g. after a change made in the Settings editor). */
  readSettings(): Record<string, unknown>;
}

const GHOST_TEXT = '.monaco-editor :is(.ghost-text-decoration, .ghost-text-decoration-preview, .ghost-text)';

/** Waits until the workbench is drawn and connected to code-server (the explorer lists files). */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: timeoutMs });
}

/**
 * Opens Quick Open with `text` typed in. It clicks the title bar's command center rather than
 * pressing Ctrl+P/F1: keys go nowhere useful while a webview (e.g. the chat) has focus. Quick Open
 * closes when it loses focus (a view that finishes loading may take it), so it retries.
 */
export async function openQuickInput(page: Page, text: string, attempts = 3): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  for (let attempt = 1; ; attempt++) {
    try {
      await page.locator('.command-center .command-center-center').first().click({ timeout: 10_000 });
      await input.fill(text, { timeout: 5000 });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** Opens a workspace file through Quick Open and waits until its editor has focus. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const name = path.basename(relativePath);
  await openQuickInput(page, relativePath);
  // Enter before the results arrive would open nothing: wait for the file's row.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
  await focusActiveEditor(page);
}

/** Gives the active editor keyboard focus without moving its cursor (no click into the text). */
export async function focusActiveEditor(page: Page): Promise<void> {
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  const focused = page.locator('.editor-group-container.active .monaco-editor.focused');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await focused.waitFor({ timeout: 2000 });
      return;
    } catch {
      // Monaco's keyboard input element: a textarea, or a div where the EditContext API is used.
      await editor.locator('textarea.inputarea, .native-edit-context').first().focus();
    }
  }
  await focused.waitFor({ timeout: 5000 });
}

/** Types like a user, one key at a time (`\n` presses Enter, so auto-indent applies). */
export async function typeText(page: Page, text: string, delayMs = 40): Promise<void> {
  await page.keyboard.type(text, { delay: delayMs });
}

/** Presses a key or chord, e.g. 'Tab', 'Escape', 'Control+End', 'Alt+Backslash'. */
export async function press(page: Page, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

/** Waits for ghost text in the editor and returns the suggestion text shown. */
export async function waitForGhostText(page: Page, timeoutMs = 10_000): Promise<string> {
  const ghost = page.locator(GHOST_TEXT).first();
  await ghost.waitFor({ state: 'visible', timeout: timeoutMs });
  return ghostText(page);
}

/**
 * The ghost text currently shown, '' when there is none. The part on the cursor's line is a run of
 * `.ghost-text-decoration` spans (one per token, spaces included); further lines sit in a view
 * zone as `.ghost-text` spans grouped by `.view-line`. Lines are joined with '\n'.
 */
export async function ghostText(page: Page): Promise<string> {
  const text = await page.evaluate(() => {
    const inline = Array.from(document.querySelectorAll('.monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text-decoration-preview'))
      .map((span) => span.textContent ?? '')
      .join('');
    const extraLines = new Map<Element, string>();
    for (const span of Array.from(document.querySelectorAll('.monaco-editor .ghost-text'))) {
      const line = span.closest('.view-line') ?? span.parentElement ?? span;
      extraLines.set(line, (extraLines.get(line) ?? '') + (span.textContent ?? ''));
    }
    return extraLines.size ? [inline, ...extraLines.values()].join('\n') : inline;
  });
  return text.replace(/\u00a0/g, ' ');
}

/**
 * Waits until the ghost text is gone (a key press resolves before the workbench has handled and
 * painted it), then asserts it stays gone for `forMs`.
 */
export async function expectGhostTextGone(page: Page, forMs = 1000, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let shown = await ghostText(page);
  while (shown && Date.now() < deadline) {
    await page.waitForTimeout(50);
    shown = await ghostText(page);
  }
  if (shown) throw new Error(`ghost text still shown after ${timeoutMs} ms: ${JSON.stringify(shown)}`);
  await expectNoGhostText(page, forMs);
}

/** Asserts that no ghost text shows up for `forMs`. */
export async function expectNoGhostText(page: Page, forMs = 1500): Promise<void> {
  const deadline = Date.now() + forMs;
  while (Date.now() < deadline) {
    const shown = await ghostText(page);
    if (shown) throw new Error(`expected no ghost text, saw: ${JSON.stringify(shown)}`);
    await page.waitForTimeout(100);
  }
}

/**
 * Saves the active editor (Ctrl+S) and reads the file from disk. Use it to check what Tab
 * inserted: in the DOM, inserted text and ghost text look alike.
 */
export async function saveAndRead(page: Page, workspace: string, relativePath: string): Promise<string> {
  const file = path.join(workspace, relativePath);
  const before = fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
  await page.keyboard.press('Control+S');
  await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
  const deadline = Date.now() + 5000;
  while (fs.statSync(file).mtimeMs === before && Date.now() < deadline) await page.waitForTimeout(50);
  return fs.readFileSync(file, 'utf8');
}

/** A CodeLens of the active editor by its exact title (e.g. 'Accept', 'Accept All', 'Open Diff'). */
export function reviewLens(page: Page, title: string): Locator {
  return page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a', { hasText: new RegExp(`^${title}$`) }).first();
}

/**
 * The text extensions' `before`/`after` decorations show on each visible line of the active
 * editor, top to bottom (they are CSS generated content, not DOM text). Waits until some line has
 * any.
 */
export async function decorationTexts(page: Page, timeoutMs = 10_000): Promise<string[]> {
  // A string, not a function: the test's compiler would wrap named helpers in calls the page lacks.
  const read = () => page.evaluate<string[]>(`(() => {
    const lines = Array.from(document.querySelectorAll('.editor-group-container.active .view-lines .view-line'))
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    const unquote = (content) => (content === 'none' || content === 'normal' ? '' : content.replace(/^"|"$/g, '').replace(/\\\\"/g, '"'));
    return lines.map((line) => Array.from(line.querySelectorAll('span'))
      .map((span) => unquote(getComputedStyle(span, '::before').content) + unquote(getComputedStyle(span, '::after').content))
      .join(''));
  })()`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const texts = await read();
    if (texts.some((text) => text !== '') || Date.now() > deadline) return texts;
    await page.waitForTimeout(100);
  }
}

/** Runs a command by its palette title (e.g. 'Gearshift: Test Endpoint') through the command palette. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await openQuickInput(page, `>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await row.click();
  // A command may open a quick input of its own at once (an instruction box reuses the widget, so
  // the widget may never be seen hidden): wait until the widget is hidden or no longer the palette.
  await page.waitForFunction(() => {
    const widget = document.querySelector<HTMLElement>('.quick-input-widget');
    const input = widget?.querySelector<HTMLInputElement>('.quick-input-box input');
    return !widget || !widget.checkVisibility() || !input?.value.startsWith('>');
  });
}

/** Answers an open input box or quick pick: fills the value and presses Enter. */
export async function answerQuickInput(page: Page, value: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(value);
  await page.keyboard.press('Enter');
}

/** The messages of the notification toasts on screen. */
export async function notifications(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-toast .notification-list-item-message').allTextContents();
}

/** Waits for a notification toast whose message matches and returns its text. */
export async function waitForNotification(page: Page, message: string | RegExp, timeoutMs = 10_000): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast .notification-list-item-message', { hasText: message }).first();
  await toast.waitFor({ timeout: timeoutMs });
  return (await toast.textContent()) ?? '';
}

/** Clicks a button (e.g. 'Set API Key', 'Retry') on the toast whose message matches. */
export async function clickNotificationButton(page: Page, message: string | RegExp, button: string): Promise<void> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: message }).first();
  await toast.locator('.monaco-button', { hasText: button }).first().click();
}

/** Texts of the status bar items (e.g. to find Gearshift's inline status). */
export async function statusBarTexts(page: Page): Promise<string[]> {
  const texts = await page.locator('.statusbar-item').allTextContents();
  return texts.map((text) => text.trim()).filter(Boolean);
}

/**
 * The frame of a webview whose document contains `selector`. Webviews are nested iframes
 * (host frame → content frame), so search every frame of the page until one matches.
 */
export async function webviewFrame(page: Page, selector: string, timeoutMs = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      try {
        if (await frame.$(selector)) return frame;
      } catch {
        // the frame navigated or went away while we looked
      }
    }
    if (Date.now() > deadline) throw new Error(`no webview frame contains ${selector} after ${timeoutMs} ms`);
    await page.waitForTimeout(200);
  }
}

/** Clicks a view container in the activity bar by its title, e.g. 'Gearshift'. */
export async function openActivityBarView(page: Page, title: string): Promise<void> {
  await page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first().click();
}

/** Shows a view container by its title, leaving it open when it is shown already (a second click would close the side bar). */
export async function showActivityBarView(page: Page, title: string): Promise<void> {
  const item = page.locator(`.activitybar .action-item:has(a[aria-label^="${title}"])`).first();
  if (/\bchecked\b/.test((await item.getAttribute('class')) ?? '')) return;
  await item.locator('a').first().click();
}
