// Ghost text as the user sees it: the mock's suggestion appears while typing, Tab inserts it,
// Escape dismisses it, and an excluded file (.env) is never sent to the endpoint.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CURSOR_MARK } from '../../../src/common/inline/chatFim';
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

/** The text before the cursor mark of each inline (chat fill-in-the-middle) request the server received. */
async function inlinePrefixes(ctx: UiContext): Promise<string[]> {
  return (await loggedRequests(ctx))
    .map((request) => request.body?.messages?.at(-1)?.content)
    .filter((content): content is string => typeof content === 'string' && content.includes(CURSOR_MARK))
    .map((content) => content.slice(0, content.lastIndexOf(CURSOR_MARK)));
}

/** Nothing is asked while a name is half typed (README: Inline suggestions); Alt+\ asks there anyway. */
export async function noRequestMidIdentifierUntilAltBackslash(ctx: UiContext): Promise<void> {
  ctx.mock.reset();
  // Only the half-typed name gets an answer (so no suggestion from the earlier keys is shown).
  ctx.mock.setResponder((request) => {
    const content = request.body?.messages?.at(-1)?.content;
    if (typeof content !== 'string' || !content.includes(CURSOR_MARK)) return undefined;
    return { text: content.slice(0, content.lastIndexOf(CURSOR_MARK)).endsWith('compu') ? '<insert>teArea(2, 3);</insert>' : '<insert></insert>' };
  });
  const file = 'src/ui-mid-identifier.ts';
  fs.writeFileSync(path.join(ctx.workspace, file), 'function computeArea(width: number, height: number): number {\n  return width * height;\n}\n');
  await openFile(ctx.page, file);
  await press(ctx.page, 'Control+End');
  // After `= ` automatic requests go out (this waits for one, so the rule below is not met vacuously);
  // every key of `compu` then ends the line inside a name.
  await typeText(ctx.page, '\nconst area = ', 120);
  for (const deadline = Date.now() + 20_000; !(await inlinePrefixes(ctx)).some((prefix) => prefix.endsWith('const area = ')); await ctx.page.waitForTimeout(100)) {
    if (Date.now() > deadline) throw new Error(`no automatic request after "const area = ": ${JSON.stringify((await inlinePrefixes(ctx)).map((prefix) => prefix.slice(-20)))}`);
  }
  await typeText(ctx.page, 'compu', 120);
  await expectNoGhostText(ctx.page, 2000);
  const typed = await inlinePrefixes(ctx);
  const midName = typed.filter((prefix) => /[\p{L}\p{N}_$]$/u.test(prefix));
  assert.deepStrictEqual(midName.map((prefix) => prefix.slice(-20)), [], 'requests for prefixes ending inside a name');

  await press(ctx.page, 'Alt+Backslash');
  const ghost = await waitForGhostText(ctx.page, 20_000);
  assert.ok(ghost.replace(/\s+/g, '').includes('teArea(2,3);'), `ghost text was ${JSON.stringify(ghost)}`);
  const asked = (await inlinePrefixes(ctx)).slice(typed.length);
  assert.ok(asked.some((prefix) => prefix.endsWith('const area = compu')), `Alt+\\ sent: ${JSON.stringify(asked.map((prefix) => prefix.slice(-20)))}`);
  await ctx.screenshot('altBackslash');
  await press(ctx.page, 'Tab');
  assert.match(await saveAndRead(ctx.page, ctx.workspace, file), /\nconst area = computeArea\(2, 3\);\s*$/);
}
