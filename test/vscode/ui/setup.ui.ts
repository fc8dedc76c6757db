// What only the rendered workbench shows of the setup surface: the status bar item (tiers, spinner,
// click menu), Test Endpoint's readable notification, and the masked API key prompt.
import * as assert from 'node:assert';
import { runCommand, waitForNotification, type UiContext } from './helpers';

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
  // Not runCommand(): the palette closes and the key prompt opens in the same widget at once.
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill('>Gearshift: Set API Key');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Gearshift: Set API Key' }).first().click();
  await page.locator('.quick-input-widget .quick-input-box input[type="password"]').waitFor();
  await input.fill('sk-ui-typed-key-123');
  await page.keyboard.press('Enter');
  await waitForNotification(page, /API key saved/);
  await runCommand(page, 'Gearshift: Clear API Key');
  await waitForNotification(page, /API key removed/);
}
