// The status bar reflects auth and connection failures from every feature, not only inline: a
// rejected key in chat, docs, refactor and inline edit each turns Gearshift's item into the warning
// look, its hover names the feature and what failed, and the next successful request clears it.
// An endpoint nobody listens on shows as unreachable, from chat and from inline typing.
// (Inline typing: inline.ui.ts aRejectedKeyShowsInTheStatusBarNotAsToasts.)
// Screenshots: statusBar-*-warning.png, statusBar-*-hover.png.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { closedPort } from '../../support/clientFixtures';
import { answerQuickInput, focusActiveEditor, openActivityBarView, openFile, press, runCommand, typeText, webviewFrame, type UiContext } from './helpers';

const CHAT_PATH = '/v1/chat/completions';
const ITEM = '.part.statusbar .statusbar-item';
const REJECTED_KEY = { status: 401, error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } };

function gearshiftItem(ctx: UiContext) {
  return ctx.page.locator(ITEM, { hasText: 'mini · 4.1' }).first();
}

/** Hovers the item and returns its tooltip once it shows `expected` (each attempt is a fresh hover). */
async function hoverText(ctx: UiContext, expected: RegExp, attempts = 3): Promise<string> {
  const hover = ctx.page.locator('.monaco-hover, .workbench-hover', { hasText: expected }).first();
  for (let attempt = 0; attempt < attempts; attempt++) {
    // Moving away first makes the next hover a fresh one (a hover already open keeps its old text).
    await ctx.page.mouse.move(0, 0);
    await gearshiftItem(ctx).hover();
    try {
      await hover.waitFor({ timeout: 5000 });
      break;
    } catch (error) {
      if (attempt === attempts - 1) throw error;
    }
  }
  const text = (await hover.textContent()) ?? '';
  await ctx.page.mouse.move(0, 0);
  return text;
}

async function expectWarning(ctx: UiContext, feature: string, kind: RegExp): Promise<void> {
  await gearshiftItem(ctx).locator('.codicon-warning').waitFor({ timeout: 30_000 });
  await ctx.screenshot(`${feature}-warning`);
  const tooltip = await hoverText(ctx, new RegExp(`${feature}: `));
  assert.match(tooltip, new RegExp(`${feature}: ${kind.source}`), tooltip);
  await ctx.screenshot(`${feature}-hover`);
}

async function openChat(ctx: UiContext): Promise<Frame> {
  try {
    return await webviewFrame(ctx.page, 'textarea.input', 2000);
  } catch {
    await openActivityBarView(ctx.page, 'Gearshift');
    return webviewFrame(ctx.page, 'textarea.input', 30_000);
  }
}

async function ask(ctx: UiContext, question: string): Promise<void> {
  const frame = await openChat(ctx);
  const answers = frame.locator('article.turn.assistant');
  const before = await answers.count();
  const input = frame.locator('textarea.input');
  await input.click();
  await input.fill(question);
  await input.press('Enter');
  await answers.nth(before).waitFor({ timeout: 30_000 });
}

/** A chat question the endpoint answers: the success that clears the warning. */
async function succeedOnce(ctx: UiContext): Promise<void> {
  ctx.mock.reset();
  ctx.mock.script({ match: { path: CHAT_PATH }, reply: { text: 'Fine again.' } });
  await ask(ctx, 'Are you back?');
  await gearshiftItem(ctx).locator('.codicon-gear').waitFor({ timeout: 30_000 });
  assert.strictEqual(await gearshiftItem(ctx).locator('.codicon-warning').count(), 0);
}

function rejectEveryRequest(ctx: UiContext): void {
  ctx.mock.reset();
  ctx.mock.script({ match: { path: CHAT_PATH }, reply: REJECTED_KEY, times: -1 });
}

function scratch(ctx: UiContext, name: string): string {
  const file = `src/ui-status-${name}.ts`;
  fs.writeFileSync(path.join(ctx.workspace, file), 'export function area(width: number, height: number): number {\n  return width * height;\n}\n');
  return file;
}

export async function a_chat(ctx: UiContext): Promise<void> {
  await gearshiftItem(ctx).waitFor({ timeout: 20_000 });
  rejectEveryRequest(ctx);
  await ask(ctx, 'Is my key good?');
  await expectWarning(ctx, 'Chat', /authentication failed/);
  await succeedOnce(ctx);
}

export async function b_docs(ctx: UiContext): Promise<void> {
  await openFile(ctx.page, scratch(ctx, 'docs'));
  rejectEveryRequest(ctx);
  await runCommand(ctx.page, 'Gearshift: Generate Docs for File');
  await expectWarning(ctx, 'Docs', /authentication failed/);
  await succeedOnce(ctx);
}

export async function c_refactor(ctx: UiContext): Promise<void> {
  await openFile(ctx.page, scratch(ctx, 'refactor'));
  rejectEveryRequest(ctx);
  await runCommand(ctx.page, 'Gearshift: Refactor File…');
  await answerQuickInput(ctx.page, 'Use an arrow function');
  await expectWarning(ctx, 'Refactor', /authentication failed/);
  await succeedOnce(ctx);
}

export async function d_inlineEdit(ctx: UiContext): Promise<void> {
  await openFile(ctx.page, scratch(ctx, 'inline-edit'));
  rejectEveryRequest(ctx);
  await focusActiveEditor(ctx.page);
  await press(ctx.page, 'Control+I');
  await ctx.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Gearshift: Inline Edit' }).waitFor({ timeout: 10_000 });
  await answerQuickInput(ctx.page, 'Round the result');
  // Inline edit runs as a rewrite job: its failures are labelled Refactor.
  await expectWarning(ctx, 'Refactor', /authentication failed/);
  await succeedOnce(ctx);
}

/**
 * Waits until the workbench runs with the endpoint named `host` (the hover names the endpoint by
 * its host): settings.json is read from disk some time after it is written, and a request made
 * before that would still go to the old endpoint.
 */
async function waitForEndpoint(ctx: UiContext, host: string): Promise<void> {
  await hoverText(ctx, new RegExp(`Endpoint: ${host.replace(/\./g, '\\.')}`), 12);
}

/** Runs `check` with the endpoint on a port nobody listens on, then puts the test server back. */
async function withUnreachableEndpoint(ctx: UiContext, check: () => Promise<void>): Promise<void> {
  // `localhost`, where the test server is `127.0.0.1`: the two names tell which one is in effect.
  await ctx.updateSettings({ 'gearshift.endpoint.baseUrl': `http://localhost:${await closedPort()}/v1` });
  try {
    await waitForEndpoint(ctx, 'localhost');
    await check();
  } finally {
    await ctx.updateSettings({ 'gearshift.endpoint.baseUrl': ctx.mock.url });
    await waitForEndpoint(ctx, new URL(ctx.mock.url).hostname);
  }
  await succeedOnce(ctx);
}

export async function e_anUnreachableEndpointInChat(ctx: UiContext): Promise<void> {
  await withUnreachableEndpoint(ctx, async () => {
    const before = ctx.mock.requests.length;
    await ask(ctx, 'Anyone there?');
    await expectWarning(ctx, 'Chat', /endpoint unreachable/);
    assert.strictEqual(ctx.mock.requests.length, before, 'nothing reached the test server');
  });
}

export async function f_anUnreachableEndpointInline(ctx: UiContext): Promise<void> {
  await openFile(ctx.page, scratch(ctx, 'inline'));
  await withUnreachableEndpoint(ctx, async () => {
    const before = ctx.mock.requests.length;
    await focusActiveEditor(ctx.page);
    await press(ctx.page, 'Control+End');
    await typeText(ctx.page, 'export const doubled = area(2, ');
    // Alt+\ asks for a suggestion now, wherever the cursor is.
    await press(ctx.page, 'Alt+Backslash');
    await expectWarning(ctx, 'Inline suggestions', /endpoint unreachable/);
    assert.strictEqual(ctx.mock.requests.length, before, 'nothing reached the test server');
  });
}
