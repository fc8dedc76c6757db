// What only the rendered workbench shows of the setup surface: the status bar item (tiers, spinner,
// click menu), Test Endpoint's readable notification and report, the masked API key prompt, Choose
// Endpoint's model picks, and Gearshift's titled sections in the Settings editor.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openQuickInput, runCommand, waitForNotification, webviewFrame, type UiContext } from './helpers';
import type { Page } from 'playwright-core';

const STATUS_ITEM = '.part.statusbar .statusbar-item';

function statusItem({ page }: UiContext) {
  return page.locator(STATUS_ITEM, { hasText: 'mini · 4.1' }).first();
}

export async function statusBarShowsBothTiersWithAGear(context: UiContext): Promise<void> {
  const item = statusItem(context);
  await item.waitFor({ timeout: 20_000 });
  assert.strictEqual(await item.locator('.codicon-gear').count(), 1);
}

export async function statusBarSpinsWhileTestEndpointRuns(context: UiContext): Promise<void> {
  const { page, mock } = context;
  await statusItem(context).waitFor({ timeout: 20_000 });
  mock.reset();
  mock.script({ match: { path: '/v1/chat/completions' }, reply: { text: 'ok', ttftMs: 2500 }, times: -1 });
  try {
    await runCommand(page, 'Gearshift: Test Endpoint');
    await statusItem(context).locator('.codicon-loading').waitFor({ timeout: 10_000 });
    const message = await waitForNotification(page, /chat ok/, 60_000);
    assert.match(message, /gpt-4\.1-mini: \d+ models? listed, chat ok in \d+ ms, inline via /);
    await statusItem(context).locator('.codicon-gear').waitFor({ timeout: 10_000 });
  } finally {
    mock.reset();
  }
}

export async function clickingTheStatusBarOpensTheMenu(context: UiContext): Promise<void> {
  const { page } = context;
  await statusItem(context).click();
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  await rows.first().waitFor();
  const labels = await rows.allTextContents();
  for (const label of ['Snooze Inline Suggestions for 30 Minutes', 'Choose Endpoint', 'Show Usage', 'Show Log']) {
    assert.ok(labels.some((text) => text.includes(label)), `menu lacks "${label}": ${labels.join(' | ')}`);
  }
  await page.keyboard.press('Escape');
}

export async function setApiKeyMasksTheKey(context: UiContext): Promise<void> {
  const { page } = context;
  await statusItem(context).waitFor({ timeout: 20_000 });
  // Not runCommand(): the palette closes and the key prompt opens in the same widget at once.
  await openQuickInput(page, '>Gearshift: Set API Key');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Gearshift: Set API Key' }).first().click();
  await page.locator('.quick-input-widget .quick-input-box input[type="password"]').waitFor();
  await input.fill('sk-ui-typed-key-123');
  await page.keyboard.press('Enter');
  await waitForNotification(page, /API key saved/);
  await runCommand(page, 'Gearshift: Clear API Key');
  await waitForNotification(page, /API key removed/);
}

/** Waits until the quick input shows `title`, then types `value` and presses Enter. */
async function answer(page: Page, title: string | RegExp, value: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor();
  await page.locator('.quick-input-widget .quick-input-box input').fill(value);
  await page.keyboard.press('Enter');
}

/** Opens a command from the palette without waiting for the palette to close (a prompt follows). */
async function startCommand(page: Page, title: string): Promise<void> {
  // Through the command center, which retries: F1 is lost while focus is where no keybinding runs
  // (after a toast's button or a closed prompt; seen on a loaded machine).
  await openQuickInput(page, `>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
}

/** Runs Choose Endpoint → Custom → the mock's URL, up to the fast-tier model pick. */
async function chooseCustomEndpoint(page: Page, url: string): Promise<void> {
  await startCommand(page, 'Gearshift: Choose Endpoint');
  await answer(page, 'Gearshift: Choose Endpoint', 'Custom');
  await answer(page, 'Custom endpoint: base URL', url);
}

export async function chooseEndpointCustomOffersTheServersModels(context: UiContext): Promise<void> {
  const { page, mock } = context;
  await statusItem(context).waitFor({ timeout: 20_000 });
  try {
    await chooseCustomEndpoint(page, mock.url);
    // The fast-tier pick lists what the server's /v1/models answered.
    const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'fast-tier model' }).waitFor();
    const listed = await rows.allTextContents();
    assert.ok(listed.some((row) => row.includes('qwen2.5-coder:7b-base')), listed.join(' | '));
    // For chat (the fast tier) it suggests an instruction-tuned model, not the base one, and says why.
    assert.match(await rows.first().textContent() ?? '', /^gpt-4\.1-mini.*\(suggested\).*(chat model|instruction-tuned)/);
    assert.match(listed.find((row) => row.includes('qwen2.5-coder:7b-base')) ?? '', /base model: trained for fill-in-the-middle, poor at chat/);
    await context.screenshot('fastPick');
    await answer(page, 'fast-tier model', 'qwen2.5-coder:7b-base');
    // The inline pick suggests the base FIM model and says why beside it.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'inline suggestions model' }).waitFor();
    const suggested = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first();
    assert.match(await suggested.textContent() ?? '', /qwen2\.5-coder:7b-base.*\(suggested\).*base model: trained for fill-in-the-middle/);
    await answer(page, 'inline suggestions model', 'qwen2.5-coder:7b-base');
    await answer(page, 'large-tier model', 'gpt-4.1');
    await waitForNotification(page, new RegExp(`now uses ${mock.url.replace(/[.]/g, '\\.')}.*qwen2\\.5-coder:7b-base / gpt-4\\.1`));
    await page.locator(STATUS_ITEM, { hasText: 'qwen2.5-coder' }).first().waitFor();
  } finally {
    // Restore the run's tiers the way a user would.
    await page.keyboard.press('Escape');
    await chooseCustomEndpoint(page, mock.url);
    await answer(page, 'fast-tier model', 'gpt-4.1-mini');
    await answer(page, 'inline suggestions model', 'gpt-4.1-mini');
    await answer(page, 'large-tier model', 'gpt-4.1');
  }
  await statusItem(context).waitFor({ timeout: 10_000 });
}

export async function anAuthFailureOffersSetApiKey(context: UiContext): Promise<void> {
  const { page, mock } = context;
  // The extension is active and the workbench settled once the item shows (a palette opened
  // earlier may keep stale results).
  await statusItem(context).waitFor({ timeout: 20_000 });
  mock.script({ match: { path: '/v1/chat/completions' }, reply: { status: 401 }, times: -1 });
  try {
    await runCommand(page, 'Gearshift: Test Endpoint');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'HTTP 401' }).first();
    await toast.waitFor({ timeout: 30_000 });
    const buttons = await toast.locator('.monaco-button').allTextContents();
    for (const label of ['Set API Key', 'Open Settings', 'Show Log']) assert.ok(buttons.includes(label), buttons.join(' | '));
    // On a loaded machine a click during the toast's entry animation can be lost: the button
    // stays until its action runs, so click again while it is there.
    const keyPrompt = page.locator('.quick-input-widget .quick-input-box input[type="password"]');
    for (let attempt = 0; attempt < 3 && !(await keyPrompt.isVisible()); attempt++) {
      await toast.locator('.monaco-button', { hasText: 'Set API Key' }).click({ timeout: 5000 }).catch(() => undefined);
      await keyPrompt.waitFor({ timeout: 5000 }).catch(() => undefined);
    }
    await keyPrompt.waitFor({ timeout: 1000 });
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'API key for' }).waitFor();
    await page.keyboard.press('Escape');
  } finally {
    mock.reset();
  }
}

export async function testEndpointReport(context: UiContext): Promise<void> {
  const { page } = context;
  await statusItem(context).waitFor({ timeout: 20_000 });
  // An earlier check's report (a 401, say) may still be open: its preview shows until the new one
  // replaces its text, so that one is closed first and the chat row waited for until it says works.
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'Gearshift: Test Endpoint');
  const report = await webviewFrame(page, 'h1:has-text("Test Endpoint")', 60_000);
  await report.locator('table tr', { hasText: '/chat/completions' }).filter({ hasText: 'works' }).first().waitFor({ timeout: 30_000 });
  const body = await report.locator('body').innerText();
  assert.match(body, /Server \(discovery\)/);
  assert.match(body, /Chat\s+\/chat\/completions\s+works\s+[\d,]+ ms/);
  assert.match(body, /Inline suggestions use .+: .+/);
  await context.screenshot('shown');
}

export async function settingsEditorShowsGearshiftSections(context: UiContext): Promise<void> {
  const { page } = context;
  await statusItem(context).waitFor({ timeout: 20_000 });
  await runCommand(page, 'Preferences: Open User Settings');
  const search = settingsSearch(page);
  await search.waitFor({ timeout: 20_000 });
  await search.fill('@ext:gearshift.gearshift');
  const toc = page.locator('.settings-editor .settings-toc-container .monaco-list-row');
  const sections = async (first: string) => {
    await toc.filter({ hasText: first }).first().waitFor({ timeout: 20_000 });
    return (await toc.allTextContents()).map((text) => text.trim());
  };
  // The User tab: every section but Endpoint, whose settings are machine-scoped and so appear
  // under the Remote tab in a remote window (code-server is one; the README says so).
  const user = await sections('Models');
  for (const title of ['Models', 'Inline', 'Chat', 'Docs', 'Refactor', 'Privacy', 'Network', 'Usage']) {
    assert.ok(user.some((entry) => entry.startsWith(title)), `the settings contents lack "${title}": ${user.join(' | ')}`);
  }
  await context.screenshot('sections');
  await page.locator('.settings-editor .settings-tabs-widget .action-label', { hasText: 'Remote' }).first().click();
  const remote = await sections('Endpoint');
  assert.ok(remote.some((entry) => entry.startsWith('Endpoint')), remote.join(' | '));
  await context.screenshot('remote-endpoint');
  await runCommand(page, 'View: Close Editor');
}

/** The Settings editor's search box (a small Monaco editor). */
function settingsSearch(page: Page) {
  return page.locator('.settings-editor .settings-header .suggest-input-container textarea, .settings-editor .settings-header .monaco-editor textarea').first();
}

/** Replaces the search text (the box is a Monaco editor: fill() would append to what is there). */
async function searchSettings(page: Page, text: string): Promise<void> {
  await settingsSearch(page).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  // The list is rebuilt as the search runs: act on it only once it shows the one match.
  await page.locator('.settings-editor .settings-count-widget', { hasText: '1 Setting Found' }).waitFor({ timeout: 20_000 });
}

export async function settingsEnumsDescribeEachChoiceAndModelsChatTakesAnyName(context: UiContext): Promise<void> {
  const { page } = context;
  // The descriptions the manifest declares, read from the file the .vsix was built from.
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { enum?: string[]; enumDescriptions?: string[] }> }[] };
  };
  const transport = manifest.contributes.configuration.map((section) => section.properties['gearshift.inline.transport']).find(Boolean)!;
  await statusItem(context).waitFor({ timeout: 20_000 });
  await runCommand(page, 'Preferences: Open User Settings');
  await settingsSearch(page).waitFor({ timeout: 20_000 });
  try {
    await searchSettings(page, 'gearshift.inline.transport');
    const row = page.locator('.settings-editor .setting-item-contents', { hasText: 'Transport' }).first();
    await row.locator('.monaco-select-box').click({ timeout: 20_000 });
    // The open dropdown describes the highlighted choice; walk every choice with the arrow keys.
    const details = page.locator('.monaco-select-box-dropdown-container .select-box-details-pane');
    const seen: string[] = [];
    for (let index = 0; index < transport.enum!.length; index++) {
      if (index > 0) await page.keyboard.press('ArrowDown');
      const expected = transport.enumDescriptions![index];
      await details.filter({ hasText: expected.slice(0, 40) }).waitFor({ timeout: 5000 });
      // Plain-text descriptions show Markdown as typed: a backtick would be on screen.
      assert.doesNotMatch((await details.innerText()).trim(), /`/, `choice ${transport.enum![index]}`);
      seen.push(expected);
      if (index === 2) await context.screenshot('enumDescription');
    }
    assert.strictEqual(seen.length, transport.enum!.length);
    await page.keyboard.press('Escape');

    // models.chat: the description offers fast and large; any name the endpoint serves can be typed.
    await searchSettings(page, 'gearshift.models.chat');
    const chat = page.locator('.settings-editor .setting-item-contents', { hasText: 'Default chat model' }).first();
    assert.match(await chat.locator('.setting-item-description').innerText({ timeout: 20_000 }), /fast.*large.*any model name/s);
    await chat.locator('input').fill('qwen2.5-coder:7b-base');
    await chat.locator('input').press('Enter');
    for (const deadline = Date.now() + 20_000; context.readSettings()['gearshift.models.chat'] !== 'qwen2.5-coder:7b-base'; await page.waitForTimeout(100)) {
      if (Date.now() > deadline) throw new Error(`settings.json never got the typed model: ${JSON.stringify(context.readSettings()['gearshift.models.chat'])}`);
    }
    await context.screenshot('modelsChat');
  } finally {
    // (The dropdown's arrow keys may have set a transport.)
    await context.updateSettings({ 'gearshift.models.chat': 'fast', 'gearshift.inline.transport': 'auto' });
  }
  await runCommand(page, 'View: Close Editor');
}
