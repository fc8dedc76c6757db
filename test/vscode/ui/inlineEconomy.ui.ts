// What wrong answers cost in the real editor: the inline bench's typing replay (same files, same
// seeded keys and pauses) typed into real VS Code against the same model — the local server
// answering right with probability p (GEARSHIFT_UI_INLINE_P, default 0: always wrong) and otherwise
// the true text of another similar line. Reports the editor's requests per 100 typed keys, the
// figure the engine bench (`npm run bench -- inline`, keys editor_replay_*) must agree with.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { createTypingOracle, requestTrace } from '../../support/typingOracle';
import { EDITOR_REPLAY_FILES, makeReplays, REPLAY_SEED, type Replay } from '../../support/typingReplay';
import { focusActiveEditor, openFile, openQuickInput, saveAndRead, type UiContext } from './helpers';

/** Read by the UI runner: typing ~210 characters at human pace takes half a minute (more on a busy machine). */
export const TIMEOUT_MS = 240_000;

const REPO_ROOT = path.join(__dirname, '..', '..', '..');
const MODEL = 'qwen2.5-coder:1.5b-base';
const TTFT_MS = 250;
const TOKENS_PER_S = 100;

export async function typingAgainstAWrongModelSendsFewRequests(ctx: UiContext): Promise<void> {
  const pRight = Number(process.env.GEARSHIFT_UI_INLINE_P ?? 0);
  const replays = makeReplays(REPO_ROOT).filter((r) => EDITOR_REPLAY_FILES.includes(r.file));
  const oracle = createTypingOracle({ truths: replays.map((r) => r.truth), pRight, seed: REPLAY_SEED, ttftMs: TTFT_MS, tokensPerSecond: TOKENS_PER_S });
  // A FIM base model (raw template on /v1/completions, as the bench uses); no auto-indent, because
  // each replay key that starts a line brings its own indentation.
  await ctx.updateSettings({ 'gearshift.models.fast': MODEL, 'editor.autoIndent': 'none' });
  ctx.mock.setResponder((req) => oracle.respond(req));

  // As in the bench, every replayed file is open (and so indexed as context) before typing starts,
  // and typing waits until the extension runs with the model above: its status bar item names it.
  const fileOf = (replay: Replay) => `replay/${path.basename(replay.file)}`;
  fs.mkdirSync(path.join(ctx.workspace, 'replay'), { recursive: true });
  for (const replay of replays) {
    fs.writeFileSync(path.join(ctx.workspace, fileOf(replay)), replay.truth.slice(0, replay.start) + replay.truth.slice(replay.end));
    await openFile(ctx.page, fileOf(replay));
  }
  await ctx.page.locator('.part.statusbar .statusbar-item', { hasText: MODEL.slice(0, 12) }).first().waitFor({ timeout: 30_000 });

  let typedKeys = 0;
  let maxLateMs = 0;
  for (const replay of replays) {
    const file = fileOf(replay);
    await ctx.page.locator('.tabs-container .tab', { hasText: path.basename(file) }).first().click();
    await ctx.page.locator('.tabs-container .tab.active', { hasText: path.basename(file) }).waitFor();
    await focusActiveEditor(ctx.page);
    await goTo(ctx.page, replay.truth, replay.start);
    const { typed, lateMs } = await typeKeys(ctx.page, replay);
    typedKeys += typed;
    maxLateMs = Math.max(maxLateMs, lateMs);
    // Let the last request land before the file is saved and checked.
    await ctx.page.waitForTimeout(1000);
    const saved = await saveAndRead(ctx.page, ctx.workspace, file);
    assert.strictEqual(saved, replay.truth, `${file}: the replay typed something else (or a suggestion was inserted)`);
  }

  const sent = ctx.mock.requests.filter((r) => r.path === '/v1/completions' && typeof r.body?.prompt === 'string');
  const aborted = sent.filter((r) => r.clientClosed).length;
  const per100 = (sent.length / typedKeys) * 100;
  console.log(`      editor replay at p = ${pRight}: ${sent.length} requests (${aborted} aborted) for ${typedKeys} typed keys = ${per100.toFixed(2)} per 100 keys; model answered ${oracle.answered.right} right, ${oracle.answered.wrong} wrong; keys at most ${maxLateMs} ms behind the replay's pace`);
  // Key by key, to diff with the engine bench's (BENCH_TRACE=1 npm run bench -- inline).
  console.log(`      ${requestTrace(oracle, sent, replays).join('\n      ')}`);
  assert.ok(sent.length > 0, 'no inline request reached the model');
  // A request at a moment the replay does not model (the cursor parked while a file opens on a
  // loaded machine) finds no place in the truths; it is counted above, but most must be placeable
  // or the figure is not about the replay.
  assert.ok(oracle.answered.unknown <= Math.max(1, sent.length * 0.1), `${oracle.answered.unknown} of ${sent.length} prompts the model could not place`);
  // One request per key would be 100; the goal is ≤12. The bound leaves room for a slow machine.
  assert.ok(per100 < 30, `${per100.toFixed(2)} requests per 100 typed keys`);
}

/** Moves the cursor to an offset of the file through Go to Line (`:line:column`). */
async function goTo(page: Page, text: string, offset: number): Promise<void> {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  await openQuickInput(page, `:${line}:${column}`);
  await page.keyboard.press('Enter');
}

/**
 * The replay's keys at their times (each due its delay after the previous one was due, so the time
 * a key takes to reach the browser does not slow the pace); returns how many characters they count
 * for (as the bench counts) and how late the last key was.
 */
async function typeKeys(page: Page, replay: Replay): Promise<{ typed: number; lateMs: number }> {
  let typed = 0;
  const started = Date.now();
  let dueMs = 0;
  for (const key of replay.keys) {
    dueMs += key.delayMs;
    const waitMs = started + dueMs - Date.now();
    if (waitMs > 0) await page.waitForTimeout(waitMs);
    if (key.text.startsWith('\n')) {
      // The line break and its indentation in one edit, as Enter with auto-indent makes it (and as
      // the bench types it): Enter then the indentation would be two edits, and a request could go
      // out for the unindented line between them.
      await page.keyboard.insertText(key.text);
      typed += 1;
    } else {
      // A tab pressed as a key would accept the ghost text: insert it as text.
      if (key.text.includes('\t')) await page.keyboard.insertText(key.text);
      else await page.keyboard.type(key.text);
      typed += key.text.length;
    }
  }
  return { typed, lateMs: Date.now() - started - dueMs };
}
