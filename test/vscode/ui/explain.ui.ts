// Explain File as the user sees it: the shared job frame's notification (the one docs and refactor
// use) says how many tokens arrived, with a correct plural, and its Cancel ends a stream the server
// left hanging. Screenshot: explain-*-progress.png.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openFile, runCommand, type UiContext } from './helpers';

const EXPLAIN = { path: '/v1/chat/completions', contains: 'explain source code' };

export async function progressSaysOneTokenAndCancelEndsAHangingStream(ctx: UiContext): Promise<void> {
  const file = 'src/ui-explain.ts';
  fs.writeFileSync(path.join(ctx.workspace, file), 'export function area(width: number, height: number): number {\n  return width * height;\n}\n');
  // One token arrives, then the server goes silent: only Cancel ends the job.
  ctx.mock.script({ match: EXPLAIN, reply: { text: '## ar', fault: 'stall' } });
  await openFile(ctx.page, file);
  await runCommand(ctx.page, 'Gearshift: Explain File as Markdown');
  const toast = ctx.page.locator('.notifications-toasts .notification-toast', { hasText: 'Explain File — ui-explain.ts' }).first();
  await toast.waitFor({ timeout: 30_000 });
  await toast.locator('.notification-list-item-message', { hasText: /1 token received$/ }).waitFor({ timeout: 30_000 });
  await ctx.screenshot('progress');
  await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
  // The notification closes only once the job has settled, so the stalled request was aborted.
  await toast.waitFor({ state: 'detached', timeout: 20_000 });
  assert.strictEqual(ctx.mock.requests.filter((request) => request.path === EXPLAIN.path).length, 1, 'one explain request, not retried after Cancel');
}
