// Ghost text as the user sees it: the mock's suggestion appears while typing, Tab inserts it,
// Escape dismisses it, and an excluded file (.env) is never sent to the endpoint.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RecordedRequest } from '../../support/mockServer';
import { expectGhostTextGone, expectNoGhostText, notifications, openFile, press, saveAndRead, typeText, waitForGhostText, type UiContext } from './helpers';

const SUGGESTION = 'return a * b * 2;';

function scriptSuggestion({ mock }: UiContext): void {
  mock.reset();
  mock.script({ match: { path: '/chat/completions' }, reply: { text: `<insert>${SUGGESTION}</insert>` }, times: -1 });
}

/** The server's request log, read over HTTP as any client of the mock would. */
async function loggedRequests({ mock }: UiContext): Promise<RecordedRequest[]> {
  const response = await fetch(`${mock.origin}/__mock/requests`);
  return ((await response.json()) as RecordedRequest[]).filter((r) => !r.path.endsWith('/models'));
}

/** A fresh file per check, so no check depends on another's editor state. */
async function typeFunctionHead(ctx: UiContext, name: string): Promise<string> {
  const file = `src/ui-${name}.ts`;
  fs.writeFileSync(path.join(ctx.workspace, file), '// typed by the inline UI check\n');
  await openFile(ctx.page, file);
  await press(ctx.page, 'Control+End');
  await typeText(ctx.page, `\nexport function ${name}(a: number, b: number): number {\n`);
  return file;
}

export async function ghostTextFromTheEndpointAppearsAndTabInsertsIt(ctx: UiContext): Promise<void> {
  scriptSuggestion(ctx);
  const file = await typeFunctionHead(ctx, 'double');
  // Ghost text is rendered token by token: compare without the spacing between the spans.
  const ghost = await waitForGhostText(ctx.page);
  assert.ok(ghost.replace(/\s+/g, '').includes(SUGGESTION.replace(/\s+/g, '')), `ghost text was ${JSON.stringify(ghost)}`);
  await press(ctx.page, 'Tab');
  const saved = await saveAndRead(ctx.page, ctx.workspace, file);
  assert.match(saved, /export function double\(a: number, b: number\): number \{\n\s+return a \* b \* 2;/);
  assert.ok((await loggedRequests(ctx)).some((r) => r.path === '/v1/chat/completions'));
}

export async function escapeDismissesTheGhostText(ctx: UiContext): Promise<void> {
  scriptSuggestion(ctx);
  const file = await typeFunctionHead(ctx, 'triple');
  await waitForGhostText(ctx.page);
  await press(ctx.page, 'Escape');
  await expectGhostTextGone(ctx.page, 1500);
  const saved = await saveAndRead(ctx.page, ctx.workspace, file);
  assert.match(saved, /export function triple\(a: number, b: number\): number \{\n\s*$/);
}

/** (The other checks show that typing in a normal file does reach the endpoint.) */
export async function anExcludedFileIsNeverSent(ctx: UiContext): Promise<void> {
  scriptSuggestion(ctx);
  // The fixture workspace's .env (matched by the default **/.env* exclusion).
  await openFile(ctx.page, '.env');
  await press(ctx.page, 'Control+End');
  await typeText(ctx.page, '\nDATABASE_PASSWORD=zebra-ui-5151\nAPI_URL=');
  await press(ctx.page, 'Alt+Backslash');
  await expectNoGhostText(ctx.page, 2000);
  await saveAndRead(ctx.page, ctx.workspace, '.env');
  const sent = await loggedRequests(ctx);
  assert.deepStrictEqual(sent.map((r) => r.path), [], 'the excluded file produced requests');
}

/** A rejected key while typing: one warning state in the status bar, never a toast per keystroke. */
export async function aRejectedKeyShowsInTheStatusBarNotAsToasts(ctx: UiContext): Promise<void> {
  ctx.mock.reset();
  ctx.mock.script({ match: { path: '/chat/completions' }, reply: { status: 401, error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } }, times: -1 });
  try {
    await typeFunctionHead(ctx, 'quadruple');
    // Ends after an operator, not inside a name (where no request is sent on purpose), so the
    // last keystroke's request is the one that meets the rejected key.
    await typeText(ctx.page, 'return a + ');
    const gearshiftItem = ctx.page.locator('.part.statusbar .statusbar-item', { hasText: 'mini · 4.1' }).first();
    await gearshiftItem.locator('.codicon-warning').waitFor({ timeout: 10_000 });
    await typeText(ctx.page, 'b;\n');
    const toasts = (await notifications(ctx.page)).filter((message) => /401|API key|rejected/i.test(message));
    assert.deepStrictEqual(toasts, [], 'inline failures must not raise notifications');
    // Paused after the rejection: further typing sends nothing until the key or settings change.
    const sent = (await loggedRequests(ctx)).filter((r) => r.path === '/v1/chat/completions');
    assert.ok(sent.length >= 1 && sent.length <= 2, `requests after the rejection: ${sent.length}`);
  } finally {
    // A settings change resumes inline suggestions (as Set API Key would) for the next checks.
    await ctx.updateSettings({ 'gearshift.inline.contextChars': 4001 });
  }
}
