// First run as a new user sees it: with the default OpenAI URL and no key, the status bar says
// "Set up Gearshift", the chat view shows the setup panel instead of its input (with a server found
// on this machine, one click uses it), and the walkthrough opens.
// Screenshots: onboarding-*-statusBar.png, -setupPanel.png, -detected.png, -detectedInUse.png, -walkthrough.png.
import * as assert from 'node:assert';
import { PRESETS, type EndpointPreset } from '../../../src/common/endpointPresets';
import { generationRequests, startMockServer, type MockServer } from '../../support/mockServer';
import { isProfileName, serverProfile } from '../../support/profiles';
import { openActivityBarView, runCommand, showActivityBarView, webviewFrame, type UiContext } from './helpers';

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

/**
 * The local test server, behaving as the server a local preset names (Ollama, LM Studio,
 * llama.cpp), on the port that preset's detection probes: the first such port free on this machine.
 */
async function localServerStandIn(): Promise<{ preset: EndpointPreset; server: MockServer }> {
  for (const preset of PRESETS) {
    if (preset.localPort === undefined || !isProfileName(preset.id)) continue;
    try {
      return { preset, server: await startMockServer({ port: preset.localPort, profile: serverProfile(preset.id) }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  throw new Error('every port the local server detection probes is in use on this machine');
}

const CHOSEN_SETTINGS = ['gearshift.endpoint.baseUrl', 'gearshift.endpoint.headers', 'gearshift.models.fast', 'gearshift.models.large', 'gearshift.models.inline'];

export async function d_aDetectedLocalServerIsOfferedAndOneClickUsesIt(ctx: UiContext): Promise<void> {
  const before = ctx.readSettings();
  const { preset, server } = await localServerStandIn();
  try {
    // Unconfigured now: the panel looks for local servers as it is shown, and this one answers.
    await unconfigured(ctx);
    await showActivityBarView(ctx.page, 'Gearshift');
    const frame = await webviewFrame(ctx.page, '.setup-panel:not([hidden])', 30_000);
    const found = frame.locator('.setup-choice', { hasText: server.url });
    await found.waitFor({ timeout: 20_000 });
    assert.strictEqual(await found.locator('.setup-choice-label').innerText(), preset.label);
    assert.match(await found.locator('.setup-choice-detail').innerText(), /1 model · nothing leaves this machine/);
    await ctx.screenshot('detected');

    await found.click();
    const input = frame.locator('textarea.input');
    await input.waitFor({ state: 'visible', timeout: 20_000 });
    // The chat now talks to the server it found, not the test server it was set up with.
    server.script({ reply: { text: 'Answered on this machine.' } });
    await input.fill('Which server is this?');
    await input.press('Enter');
    await frame.locator('article.turn.assistant', { hasText: 'Answered on this machine.' }).waitFor({ timeout: 30_000 });
    await ctx.screenshot('detectedInUse');
    assert.strictEqual(generationRequests(server).length, 1);
    assert.strictEqual(generationRequests(ctx.mock).length, 0);
  } finally {
    await ctx.updateSettings(Object.fromEntries(CHOSEN_SETTINGS.map((key) => [key, before[key]])));
    await server.close();
  }
}
