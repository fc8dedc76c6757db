// First run as a new user sees it: with the default OpenAI URL and no key, the status bar says
// "Set up Gearshift", the chat view shows the setup panel instead of its input, and the walkthrough
// opens. Screenshots: onboarding-*-statusBar.png, -setupPanel.png, -walkthrough.png.
import * as assert from 'node:assert';
import { openActivityBarView, runCommand, webviewFrame, type UiContext } from './helpers';

const SETUP_ITEM = '.part.statusbar .statusbar-item';

async function unconfigured(ctx: UiContext): Promise<void> {
  await ctx.updateSettings({ 'gearshift.endpoint.baseUrl': 'https://api.openai.com/v1' });
  await ctx.page.locator(SETUP_ITEM, { hasText: 'Set up Gearshift' }).first().waitFor({ timeout: 20_000 });
}

export async function a_unconfiguredStatusBarSaysSetUpGearshift(ctx: UiContext): Promise<void> {
  await unconfigured(ctx);
  const item = ctx.page.locator(SETUP_ITEM, { hasText: 'Set up Gearshift' }).first();
  assert.strictEqual(await item.locator('.codicon-key').count(), 1);
  await ctx.screenshot('statusBar');
  await item.click();
  const rows = ctx.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  await rows.first().waitFor();
  assert.match((await rows.first().textContent()) ?? '', /Set up Gearshift \(walkthrough\)/);
  await ctx.page.keyboard.press('Escape');
}

export async function b_chatShowsTheSetupPanelInsteadOfTheInput(ctx: UiContext): Promise<void> {
  await unconfigured(ctx);
  await openActivityBarView(ctx.page, 'Gearshift');
  const frame = await webviewFrame(ctx.page, '.setup-panel:not([hidden])', 30_000);
  assert.match(await frame.locator('.setup-reason').innerText(), /api\.openai\.com needs an API key/);
  assert.strictEqual(await frame.locator('textarea.input').isVisible(), false, 'the chat input shows while unconfigured');
  assert.ok((await frame.locator('.setup-choice-label').allTextContents()).includes('OpenAI'));
  await ctx.screenshot('setupPanel');
  // Setting up (here: back to the local server) brings the input back without reloading the view.
  await ctx.updateSettings({ 'gearshift.endpoint.baseUrl': ctx.mock.url });
  await frame.locator('textarea.input').waitFor({ state: 'visible', timeout: 20_000 });
}

export async function c_theWalkthroughOpensWithItsSteps(ctx: UiContext): Promise<void> {
  await runCommand(ctx.page, 'Gearshift: Open Setup Walkthrough');
  const page = ctx.page.locator('.gettingStartedContainer');
  await page.locator('text=Get started with Gearshift').first().waitFor({ timeout: 20_000 });
  for (const step of ['Choose an endpoint', 'Set the API key', 'Test the endpoint', 'Try inline suggestions', 'Try chat', 'Generate docs or refactor']) {
    await page.locator('.getting-started-step', { hasText: step }).first().waitFor({ timeout: 10_000 });
  }
  await ctx.screenshot('walkthrough');
}
