// Inline edit as the user does it: Ctrl+I in the editor opens the instruction box, the typed
// instruction goes to the model with the function at the cursor, and the answer shows in the
// editor as a review (removed lines marked, lenses per change); Alt+Y accepts the change at the
// cursor, Alt+N rejects the other, and the saved file has exactly the accepted one. On the empty
// line between two declarations, Ctrl+I writes new code there: the box's title says "insert at
// line N", the code shows as an added hunk, and Alt+Y writes it.
// Screenshots: inlineEdit-*-instruction.png, -review.png, -acceptedOne.png, -insertInstruction.png,
// -insertReview.png.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decorationTexts, focusActiveEditor, openFile, press, reviewLens, saveAndRead, type UiContext } from './helpers';

const REFACTOR = { path: '/v1/chat/completions', contains: 'Instruction: Add types' };
const ORIGINAL = [
  'export function total(prices) {',
  '  let sum = 0;',
  '  for (const price of prices) sum += price;',
  '  return sum;',
  '}',
  '',
  'export const VERSION = 1;',
  '',
].join('\n');
const TYPED_HEADER = 'export function total(prices: number[]): number {';
const ROUNDED = '  return Math.round(sum * 100) / 100;';

export async function ctrlITypeAnInstructionAndAcceptOneChangeWithAltY(ctx: UiContext): Promise<void> {
  const file = 'src/ui-inline-edit.ts';
  fs.writeFileSync(path.join(ctx.workspace, file), ORIGINAL);
  const answer = ORIGINAL.split('\n').slice(0, 5).join('\n').replace('export function total(prices) {', TYPED_HEADER).replace('  return sum;', ROUNDED);
  ctx.mock.script({ match: REFACTOR, reply: { text: `\`\`\`ts\n${answer}\n\`\`\``, ttftMs: 300, tokensPerSecond: 60 } });
  await openFile(ctx.page, file); // the cursor is on line 1, in total()

  await press(ctx.page, 'Control+I');
  const input = ctx.page.locator('.quick-input-widget .quick-input-box input');
  // The title names the target: the function at the cursor and its lines.
  await ctx.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Gearshift: Inline Edit — total (lines 1–5)' }).waitFor({ timeout: 10_000 });
  await input.fill('Add types');
  await ctx.screenshot('instruction');
  await ctx.page.keyboard.press('Enter');

  await reviewLens(ctx.page, 'Accept All').waitFor({ timeout: 30_000 });
  await ctx.page.waitForFunction(() => Array.from(document.querySelectorAll('.editor-group-container.active .codelens-decoration a')).filter((a) => a.textContent?.trim() === 'Accept').length === 2);
  const sent = ctx.mock.requests.find((request) => request.path === REFACTOR.path);
  assert.ok(sent, 'the instruction reached the endpoint');
  assert.strictEqual(sent.body.model, 'gpt-4.1', 'inline edit is answered by the large tier');
  assert.ok(!JSON.stringify(sent.body).includes('export const VERSION = 1;\\n```'), 'only the function is sent as the code to change');
  await ctx.screenshot('review');

  await focusActiveEditor(ctx.page);
  await press(ctx.page, 'Control+Home');
  await press(ctx.page, 'Alt+Y');
  await ctx.page.waitForFunction(() => Array.from(document.querySelectorAll('.editor-group-container.active .codelens-decoration a')).filter((a) => a.textContent?.trim() === 'Accept').length === 1);
  await ctx.screenshot('acceptedOne');
  await press(ctx.page, 'Alt+N');
  await reviewLens(ctx.page, 'Accept All').waitFor({ state: 'detached', timeout: 10_000 });
  assert.strictEqual(await saveAndRead(ctx.page, ctx.workspace, file), ORIGINAL.replace('export function total(prices) {', TYPED_HEADER));
}

const AVERAGE = ['export function average(prices) {', '  return prices.length ? total(prices) / prices.length : 0;', '}'].join('\n');
const INSERT = { path: '/v1/chat/completions', contains: 'Instruction: Add average' };

export async function ctrlIOnAnEmptyLineWritesNewCodeShownAsAnAddedHunk(ctx: UiContext): Promise<void> {
  const file = 'src/ui-inline-insert.ts';
  fs.writeFileSync(path.join(ctx.workspace, file), ORIGINAL);
  ctx.mock.script({ match: INSERT, reply: { text: `\`\`\`ts\n${AVERAGE}\n\`\`\``, ttftMs: 300, tokensPerSecond: 60 } });
  await openFile(ctx.page, file);
  await press(ctx.page, 'Control+Home');
  await press(ctx.page, 'ArrowDown', 5); // line 6: the empty line between total() and VERSION

  await press(ctx.page, 'Control+I');
  await ctx.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Gearshift: Inline Edit — insert at line 6' }).waitFor({ timeout: 10_000 });
  await ctx.page.locator('.quick-input-widget .quick-input-box input').fill('Add average');
  await ctx.screenshot('insertInstruction');
  await ctx.page.keyboard.press('Enter');

  await reviewLens(ctx.page, 'Accept All').waitFor({ timeout: 30_000 });
  const sent = ctx.mock.requests.find((request) => request.path === INSERT.path);
  assert.ok(sent && JSON.stringify(sent.body).includes('<<<INSERT THE NEW CODE HERE>>>'), 'the file around the line went out with the marker');
  // The added hunk's lines are shown in the editor before anything is written.
  const shown = (await decorationTexts(ctx.page)).join('\n').replace(/\u00a0/g, ' ');
  assert.ok(shown.includes('prices.length ? total(prices) / prices.length : 0;'), `decorations: ${shown}`);
  await ctx.screenshot('insertReview');
  assert.strictEqual(fs.readFileSync(path.join(ctx.workspace, file), 'utf8'), ORIGINAL, 'nothing is written before Accept');

  await focusActiveEditor(ctx.page);
  await press(ctx.page, 'Alt+Y');
  await reviewLens(ctx.page, 'Accept All').waitFor({ state: 'detached', timeout: 10_000 });
  assert.strictEqual(await saveAndRead(ctx.page, ctx.workspace, file), ORIGINAL.replace('}\n\nexport const', `}\n\n${AVERAGE}\n\nexport const`));
}
