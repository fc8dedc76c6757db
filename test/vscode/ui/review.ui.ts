// Per-hunk review as the user sees it: a refactor with two separate changes shows in the file's
// own editor (removed lines marked, lenses above each change); clicking one change's Accept applies
// only that one, Alt+N rejects the other, and the saved file has exactly the accepted change.
// A long addition is shown in full before Accept: each added line beside its own editor line.
// Each accepted batch is one undo step; Reject All leaves the file alone; a change whose lines the
// user edited meanwhile is not applied; docs are reviewed the same way, and their progress names the
// symbol ("Documenting perimeter · 1 token received").
// Screenshots: review-*-lenses.png, -acceptedOne.png, -addedLines.png, -conflicted.png, -docs.png, -progress.png.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerQuickInput, decorationTexts, focusActiveEditor, openFile, press, reviewLens, runCommand, saveAndRead, waitForNotification, type UiContext } from './helpers';

const REFACTOR = { path: '/v1/chat/completions', contains: 'Instruction: ' };
const ORIGINAL = [
  'function readConfig(path, done) {',
  "  fs.readFile(path, 'utf8', (error, text) => {",
  '    if (error) return done(error);',
  '    done(null, JSON.parse(text));',
  '  });',
  '}',
  '',
  'function keep() {',
  '  return 42;',
  '}',
  '',
].join('\n');
const ASYNC_READ = [
  'async function readConfig(path) {',
  "  const text = await fs.promises.readFile(path, 'utf8');",
  '  return JSON.parse(text);',
  '}',
  '',
].join('\n');
const FIRST_ONLY = ORIGINAL.replace(/^function readConfig[\s\S]*?\n}\n/, ASYNC_READ);
const BOTH = FIRST_ONLY.replace('  return 42;', '  return 40 + 2;');

export async function acceptOneChangeByItsLensAndRejectTheOtherWithAltN(ctx: UiContext): Promise<void> {
  const file = 'src/ui-review.js';
  fs.writeFileSync(path.join(ctx.workspace, file), ORIGINAL);
  ctx.mock.script({ match: REFACTOR, reply: { text: `\`\`\`js\n${BOTH}\`\`\`` } });
  await openFile(ctx.page, file);
  await runCommand(ctx.page, 'Gearshift: Refactor File…');
  await answerQuickInput(ctx.page, 'Modernize');

  await reviewLens(ctx.page, 'Accept All').waitFor({ timeout: 30_000 });
  const lenses = ctx.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a');
  await ctx.page.waitForFunction(() => document.querySelectorAll('.editor-group-container.active .codelens-decoration a').length >= 7);
  const titles = (await lenses.allTextContents()).map((title) => title.trim());
  assert.deepStrictEqual(titles.filter((title) => title === 'Accept').length, 2, `lenses: ${titles.join(' | ')}`);
  for (const title of ['Reject All', 'Open Diff', 'Reject']) assert.ok(titles.includes(title), `lenses: ${titles.join(' | ')}`);
  await ctx.screenshot('lenses');

  await reviewLens(ctx.page, 'Accept').click();
  await ctx.page.locator('.tabs-container .tab.active.dirty', { hasText: path.basename(file) }).waitFor({ timeout: 10_000 });
  // The lenses are redrawn for the one change left: its own Accept, and the header's Accept All.
  await ctx.page.waitForFunction(() => {
    const titles = Array.from(document.querySelectorAll('.editor-group-container.active .codelens-decoration a')).map((a) => a.textContent?.trim());
    return titles.filter((title) => title === 'Accept').length === 1 && titles.includes('Accept All');
  });
  await ctx.screenshot('acceptedOne');

  await focusActiveEditor(ctx.page);
  await press(ctx.page, 'Alt+N');
  await reviewLens(ctx.page, 'Accept All').waitFor({ state: 'detached', timeout: 10_000 });
  assert.strictEqual(await saveAndRead(ctx.page, ctx.workspace, file), FIRST_ONLY);
}

const LONG_LINE = `  const message = 'the answer is ' + [${Array.from({ length: 40 }, (_, i) => i).join(', ')}].length;`;
const LOGGED = ORIGINAL.replace('  return 42;', `${LONG_LINE}\n  console.log(message);\n  return 42;`);

export async function aLongAdditionIsShownInFullOneAddedLinePerEditorLine(ctx: UiContext): Promise<void> {
  const file = 'src/ui-added-lines.js';
  fs.writeFileSync(path.join(ctx.workspace, file), ORIGINAL);
  ctx.mock.script({ match: REFACTOR, reply: { text: `\`\`\`js\n${LOGGED}\`\`\`` } });
  await openFile(ctx.page, file);
  await runCommand(ctx.page, 'Gearshift: Refactor File…');
  await answerQuickInput(ctx.page, 'Log the answer');
  await reviewLens(ctx.page, 'Accept All').waitFor({ timeout: 30_000 });

  // Editor lines from the top (the file fits the window): the two added lines go above line 9
  // (`  return 42;`), shown beside lines 9 and 10, the long one in full (it is over 160 characters).
  assert.ok(LONG_LINE.length > 160);
  const shown = (await decorationTexts(ctx.page)).map((text) => text.replace(/\u00a0/g, ' '));
  assert.strictEqual(shown[8], `+ ${LONG_LINE}`, `decorations: ${JSON.stringify(shown)}`);
  assert.strictEqual(shown[9], '+   console.log(message);', `decorations: ${JSON.stringify(shown)}`);
  assert.strictEqual(fs.readFileSync(path.join(ctx.workspace, file), 'utf8'), ORIGINAL, 'nothing is written before Accept');
  await ctx.screenshot('addedLines');

  await focusActiveEditor(ctx.page);
  await press(ctx.page, 'Control+Shift+Enter');
  await reviewLens(ctx.page, 'Accept All').waitFor({ state: 'detached', timeout: 10_000 });
  assert.strictEqual(await saveAndRead(ctx.page, ctx.workspace, file), LOGGED);
}

/** Starts Refactor File… on a fresh copy of ORIGINAL answered with `answer`, up to the open review. */
async function reviewRefactor(ctx: UiContext, name: string, answer: string): Promise<string> {
  const file = `src/ui-review-${name}.js`;
  fs.writeFileSync(path.join(ctx.workspace, file), ORIGINAL);
  ctx.mock.script({ match: REFACTOR, reply: { text: `\`\`\`js\n${answer}\`\`\`` } });
  await openFile(ctx.page, file);
  await runCommand(ctx.page, 'Gearshift: Refactor File…');
  await answerQuickInput(ctx.page, 'Modernize');
  await reviewLens(ctx.page, 'Accept All').waitFor({ timeout: 30_000 });
  await ctx.page.waitForFunction(() => Array.from(document.querySelectorAll('.editor-group-container.active .codelens-decoration a')).filter((a) => a.textContent?.trim() === 'Accept').length === 2);
  return file;
}

export async function eachAcceptedBatchIsOneUndoStep(ctx: UiContext): Promise<void> {
  const file = await reviewRefactor(ctx, 'undo', BOTH);
  await reviewLens(ctx.page, 'Accept').click(); // the first change alone
  await ctx.page.waitForFunction(() => Array.from(document.querySelectorAll('.editor-group-container.active .codelens-decoration a')).filter((a) => a.textContent?.trim() === 'Accept').length === 1);
  await focusActiveEditor(ctx.page);
  await press(ctx.page, 'Control+Shift+Enter'); // then the rest
  await reviewLens(ctx.page, 'Accept All').waitFor({ state: 'detached', timeout: 10_000 });
  // (Monaco draws spaces as no-break spaces, which \s matches.)
  const editorShows = (text: RegExp, present = true) => ctx.page.locator('.editor-group-container.active .view-lines', { hasText: text }).waitFor({ state: present ? 'attached' : 'detached', timeout: 10_000 });
  await editorShows(/return\s40\s\+\s2;/);
  assert.strictEqual(await saveAndRead(ctx.page, ctx.workspace, file), BOTH);

  await focusActiveEditor(ctx.page);
  await press(ctx.page, 'Control+Z');
  await editorShows(/return\s40\s\+\s2;/, false);
  assert.strictEqual(await saveAndRead(ctx.page, ctx.workspace, file), FIRST_ONLY, 'one undo takes back the last batch only');
  await focusActiveEditor(ctx.page);
  await press(ctx.page, 'Control+Z');
  await editorShows(/function\sreadConfig\(path,\sdone\)/);
  assert.strictEqual(await saveAndRead(ctx.page, ctx.workspace, file), ORIGINAL, 'a second undo takes back the first');
}

export async function rejectAllWithCtrlShiftBackspaceLeavesTheFileAlone(ctx: UiContext): Promise<void> {
  const file = await reviewRefactor(ctx, 'reject-all', BOTH);
  await focusActiveEditor(ctx.page);
  await press(ctx.page, 'Control+Shift+Backspace');
  await reviewLens(ctx.page, 'Accept All').waitFor({ state: 'detached', timeout: 10_000 });
  assert.strictEqual(await ctx.page.locator('.tabs-container .tab.active.dirty').count(), 0, 'Reject All changed the document');
  assert.strictEqual(fs.readFileSync(path.join(ctx.workspace, file), 'utf8'), ORIGINAL);
}

export async function aChangeWhoseLinesTheUserEditedMeanwhileIsNotApplied(ctx: UiContext): Promise<void> {
  const file = await reviewRefactor(ctx, 'conflict', BOTH);
  // The user edits `  return 42;` (line 9), the line the second change rewrites, while the review is open.
  await focusActiveEditor(ctx.page);
  await press(ctx.page, 'Control+Home');
  await press(ctx.page, 'ArrowDown', 8);
  await press(ctx.page, 'End');
  await ctx.page.keyboard.type(' // mine');
  await focusActiveEditor(ctx.page);
  await press(ctx.page, 'Control+Shift+Enter');
  const warning = await waitForNotification(ctx.page, /1 of 2 changes applied, 1 conflicted/, 20_000);
  await ctx.screenshot('conflicted');
  assert.match(warning, /1 of 2 changes applied, 1 conflicted/);
  await reviewLens(ctx.page, 'Accept All').waitFor({ state: 'detached', timeout: 10_000 });
  // The first change applied; the user's line stands, not the model's `return 40 + 2;`.
  assert.strictEqual(await saveAndRead(ctx.page, ctx.workspace, file), FIRST_ONLY.replace('  return 42;', '  return 42; // mine'));
}

const DOCS = { path: '/v1/chat/completions', contains: 'precise technical writer' };
const SHAPES = ['export function area(width, height) {', '  return width * height;', '}', '', 'export function perimeter(width, height) {', '  return 2 * (width + height);', '}', ''].join('\n');
const AREA_DOC = '/** Computes the area of a rectangle. */\n';
const PERIMETER_DOC = '/** Computes the perimeter of a rectangle. */\n';

export async function docsAreReviewedPerChangeInTheEditor(ctx: UiContext): Promise<void> {
  const file = 'src/ui-review-docs.js';
  fs.writeFileSync(path.join(ctx.workspace, file), SHAPES);
  const documented = SHAPES.replace('export function area', `${AREA_DOC}export function area`).replace('export function perimeter', `${PERIMETER_DOC}export function perimeter`);
  ctx.mock.script({ match: DOCS, reply: { text: `\`\`\`js\n${documented}\`\`\`` } });
  await openFile(ctx.page, file);
  await runCommand(ctx.page, 'Gearshift: Generate Docs for File');
  await reviewLens(ctx.page, 'Accept All').waitFor({ timeout: 30_000 });
  await ctx.page.waitForFunction(() => Array.from(document.querySelectorAll('.editor-group-container.active .codelens-decoration a')).filter((a) => a.textContent?.trim() === 'Accept').length === 2);
  const shown = (await decorationTexts(ctx.page)).join('\n').replace(/\u00a0/g, ' ');
  assert.ok(shown.includes('Computes the perimeter of a rectangle.'), `decorations: ${shown}`);
  await ctx.screenshot('docs');

  await reviewLens(ctx.page, 'Accept').click(); // area's docs
  await ctx.page.waitForFunction(() => Array.from(document.querySelectorAll('.editor-group-container.active .codelens-decoration a')).filter((a) => a.textContent?.trim() === 'Accept').length === 1);
  await focusActiveEditor(ctx.page);
  await press(ctx.page, 'Alt+N'); // not perimeter's
  await reviewLens(ctx.page, 'Accept All').waitFor({ state: 'detached', timeout: 10_000 });
  assert.strictEqual(await saveAndRead(ctx.page, ctx.workspace, file), SHAPES.replace('export function area', `${AREA_DOC}export function area`));
}

export async function docsProgressNamesTheSymbolAndSaysOneToken(ctx: UiContext): Promise<void> {
  const file = 'src/ui-docs-progress.js';
  fs.writeFileSync(path.join(ctx.workspace, file), SHAPES);
  // One token arrives, then the server goes silent: the progress holds "1 token" until Cancel.
  ctx.mock.script({ match: DOCS, reply: { text: '/** Co', fault: 'stall' } });
  await openFile(ctx.page, file);
  await press(ctx.page, 'Control+Home');
  await press(ctx.page, 'ArrowDown', 4); // in perimeter()
  await runCommand(ctx.page, 'Gearshift: Generate Docs for Symbol');
  const toast = ctx.page.locator('.notifications-toasts .notification-toast', { hasText: 'Documenting perimeter' }).first();
  await toast.waitFor({ timeout: 30_000 });
  await toast.locator('.notification-list-item-message', { hasText: /Documenting perimeter · 1 token received$/ }).waitFor({ timeout: 30_000 });
  await ctx.screenshot('progress');
  await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
  await toast.waitFor({ state: 'detached', timeout: 20_000 });
  assert.strictEqual(fs.readFileSync(path.join(ctx.workspace, file), 'utf8'), SHAPES);
}
