// Ghost text as the user sees it: the mock's suggestion appears while typing, Tab inserts it,
// Escape dismisses it, and an excluded file (.env.local) is never sent to the endpoint.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RecordedRequest } from '../../support/mockServer';
import { expectNoGhostText, openFile, press, saveAndRead, typeText, waitForGhostText, type UiContext } from './helpers';

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

async function typeFunctionHead(ctx: UiContext, name: string): Promise<void> {
  await openFile(ctx.page, 'src/scratch.ts');
  await press(ctx.page, 'Control+End');
  await typeText(ctx.page, `\nexport function ${name}(a: number, b: number): number {\n`);
}

export async function ghostTextFromTheEndpointAppearsAndTabInsertsIt(ctx: UiContext): Promise<void> {
  scriptSuggestion(ctx);
  await typeFunctionHead(ctx, 'double');
  const ghost = await waitForGhostText(ctx.page);
  assert.ok(ghost.includes(SUGGESTION), `ghost text was ${JSON.stringify(ghost)}`);
  await press(ctx.page, 'Tab');
  const saved = await saveAndRead(ctx.page, ctx.workspace, 'src/scratch.ts');
  assert.match(saved, /export function double\(a: number, b: number\): number \{\n\s+return a \* b \* 2;/);
  assert.ok((await loggedRequests(ctx)).some((r) => r.path === '/v1/chat/completions'));
}

export async function escapeDismissesTheGhostText(ctx: UiContext): Promise<void> {
  scriptSuggestion(ctx);
  await typeFunctionHead(ctx, 'triple');
  await waitForGhostText(ctx.page);
  await press(ctx.page, 'Escape');
  await expectNoGhostText(ctx.page, 1000);
  const saved = await saveAndRead(ctx.page, ctx.workspace, 'src/scratch.ts');
  assert.match(saved, /export function triple\(a: number, b: number\): number \{\n\s*$/);
}

export async function anExcludedFileIsNeverSent(ctx: UiContext): Promise<void> {
  scriptSuggestion(ctx);
  fs.writeFileSync(path.join(ctx.workspace, '.env.local'), 'DATABASE_PASSWORD=zebra-ui-5151\n');
  await openFile(ctx.page, '.env.local');
  await press(ctx.page, 'Control+End');
  await typeText(ctx.page, 'API_URL=');
  await press(ctx.page, 'Alt+Backslash');
  await expectNoGhostText(ctx.page, 1500);
  const sent = await loggedRequests(ctx);
  assert.deepStrictEqual(sent.map((r) => r.path), [], 'the excluded file produced requests');
  // The same typing in a normal file does reach the endpoint (the check above could fail).
  await typeFunctionHead(ctx, 'quadruple');
  await waitForGhostText(ctx.page);
  const later = await loggedRequests(ctx);
  assert.ok(later.length > 0);
  assert.ok(later.every((r) => !JSON.stringify(r.body).includes('zebra-ui-5151')), 'the excluded file leaked as context');
}
