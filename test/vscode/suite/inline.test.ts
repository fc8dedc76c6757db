// Inline suggestions inside real VS Code against the local mock endpoint: typing shows the
// endpoint's suggestion and committing inserts it; excluded files are never sent, not even as
// context; per-language enable, toggle and snooze stop automatic requests.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UsageSummary } from '../../../src/common/ledger';
import { activeGearshift, mock, waitFor, withSettings, workspaceFile } from './helpers';

const COMPLETION_PATHS = ['/v1/chat/completions', '/v1/completions', '/infill', '/v1/fim/completions', '/beta/completions'];

async function completionRequests() {
  return (await mock.requests()).filter((r) => COMPLETION_PATHS.includes(r.path));
}

async function openWorkspaceFile(relativePath: string, text: string): Promise<vscode.TextEditor> {
  const uri = workspaceFile(relativePath);
  fs.mkdirSync(path.dirname(uri.fsPath), { recursive: true });
  fs.writeFileSync(uri.fsPath, text);
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

function moveTo(editor: vscode.TextEditor, line: number, character: number): void {
  const position = new vscode.Position(line, character);
  editor.selection = new vscode.Selection(position, position);
}

/** Commits whatever inline suggestion shows, until the document changes. */
async function commitWhenShown(editor: vscode.TextEditor, before: string): Promise<string> {
  return waitFor('an inline suggestion to commit', async () => {
    await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
    const now = editor.document.getText();
    return now !== before ? now : undefined;
  }, 8000);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Gearshift inline suggestions', function () {
  this.timeout(30_000);
  before(async () => {
    await activeGearshift();
  });
  beforeEach(async () => {
    await mock.reset();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('typing shows the endpoint’s suggestion and committing it inserts the text', async () => {
    await mock.script({ match: { path: '/chat/completions' }, reply: { text: '<insert>return a - b;</insert>' }, times: -1 });
    const editor = await openWorkspaceFile('src/inlineTyping.ts', 'export function subtract(a: number, b: number): number {\n}\n');
    moveTo(editor, 0, editor.document.lineAt(0).text.length);
    const before = editor.document.getText();
    await vscode.commands.executeCommand('type', { text: '\n' });
    const typed = editor.document.getText();
    assert.notStrictEqual(typed, before);
    const after = await commitWhenShown(editor, typed);
    const lines = after.split('\n');
    assert.strictEqual(lines[0], 'export function subtract(a: number, b: number): number {');
    assert.match(lines[1], /^\s+return a - b;$/);
    assert.strictEqual(lines[2], '}');
    const [request] = await completionRequests();
    assert.ok(request, 'a request reached the endpoint');
    const user = request.body.messages.at(-1).content as string;
    assert.match(user, /number \{\n\s*<CURSOR\/>\n\}/);
  });

  it('gearshift.models.inline: a base FIM model serves inline beside the instruct fast model', async () => {
    const restore = await withSettings({ 'gearshift.models.inline': 'qwen2.5-coder:7b-base' });
    try {
      await mock.script({ match: { path: '/v1/completions' }, reply: { text: 'a / b;' }, times: -1 });
      const editor = await openWorkspaceFile('src/inlineRole.ts', 'export function divide(a: number, b: number): number {\n  return \n}\n');
      moveTo(editor, 1, editor.document.lineAt(1).text.length);
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      const request = await waitFor('an inline request', async () => (await completionRequests()).find((r) => JSON.stringify(r.body).includes('divide')), 15_000);
      assert.strictEqual(request.body.model, 'qwen2.5-coder:7b-base');
      assert.strictEqual(request.path, '/v1/completions', 'the base model gets its raw FIM template, not chat FIM');
      // Qwen's repository-level FIM: other files' context first, then this file's prefix, suffix, middle.
      assert.match(request.body.prompt, /<\|fim_prefix\|>export function divide\(a: number, b: number\): number \{\n {2}return <\|fim_suffix\|>\n\}\n<\|fim_middle\|>$/);
    } finally {
      await restore();
    }
  });

  it('partial accept: Accept Next Word inserts the first word, and the rest stays on offer', async () => {
    await mock.script({ match: { path: '/chat/completions' }, reply: { text: '<insert>return a * b;</insert>' }, times: -1 });
    const editor = await openWorkspaceFile('src/inlinePartial.ts', 'export function multiply(a: number, b: number): number {\n}\n');
    moveTo(editor, 0, editor.document.lineAt(0).text.length);
    await vscode.commands.executeCommand('type', { text: '\n' });
    const typed = editor.document.getText();
    const afterWord = await waitFor('a word accepted', async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.acceptNextWord');
      const now = editor.document.getText();
      return now !== typed ? now : undefined;
    }, 15_000);
    assert.match(afterWord.split('\n')[1], /^\s+return ?$/);
    const full = await commitWhenShown(editor, afterWord);
    assert.match(full.split('\n')[1], /^\s+return a \* b;$/);
  });

  it('with the suggest widget open, the request extends the selected item', async () => {
    await mock.script({ match: { path: '/chat/completions' }, reply: { text: '<insert>()</insert>' }, times: -1 });
    const editor = await openWorkspaceFile('src/inlineSuggestWidget.ts', 'const greeting = "hello";\nexport const shout = greeting.');
    moveTo(editor, 1, editor.document.lineAt(1).text.length);
    // The TypeScript server may still be starting: ask for completions until the widget offers some.
    const request = await waitFor('a request that extends the selected completion', async () => {
      await vscode.commands.executeCommand('editor.action.triggerSuggest');
      await sleep(500);
      // Word-based items extend "greeting." (greeting.hello); TypeScript's first member replaces the dot (greeting[Symbol…]).
      return (await completionRequests()).find((r) => /shout = greeting(\.\w+|\[[^\]\\]+\])<CURSOR\/>/.test(JSON.stringify(r.body)));
    }, 25_000);
    assert.ok(request);
    await vscode.commands.executeCommand('hideSuggestWidget');
  });

  it('an excluded file is never sent, not even as context for another file', async () => {
    await mock.script({ match: { path: '/chat/completions' }, reply: { text: '<insert>0;</insert>' }, times: -1 });
    const shared = 'export const limits = { maxItems: 100, maxUsers: 10, retries: 3 };\nexport function clampItems(count: number): number {\n  return Math.min(count, limits.maxItems);\n}\n';
    // Same code in an excluded and a normal file: only the normal one may reach the prompt.
    await openWorkspaceFile('src/secrets/limits.ts', `// zebra-secret-4242\n${shared}`);
    await openWorkspaceFile('src/shared/limits.ts', `// visible-marker-1717\n${shared}`);
    const env = await openWorkspaceFile('deploy/.env.hosttest', 'DATABASE_PASSWORD=zebra-env-9999\nNEXT_VAR=');
    moveTo(env, 1, env.document.lineAt(1).text.length);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await vscode.commands.executeCommand('type', { text: 'x' });
    await sleep(1500);
    // (A prefetch after the previous test's accept may still land: only this file's text matters.)
    const aboutEnv = (await completionRequests()).filter((r) => JSON.stringify(r.body).includes('NEXT_VAR'));
    assert.deepStrictEqual(aboutEnv, [], 'the excluded file itself produced a request');

    const editor = await openWorkspaceFile('src/useLimits.ts', 'import { limits } from "./shared/limits";\nexport function clampUsers(count: number): number {\n  return Math.min(count, limits.maxItems);\n}\nexport function clampRetries(count: number): number {\n  return ');
    await sleep(700); // the similar-code index is filled off the keystroke path
    moveTo(editor, 5, editor.document.lineAt(5).text.length);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    const request = await waitFor('a request for the normal file', async () =>
      (await completionRequests()).find((r) => JSON.stringify(r.body).includes('clampRetries')),
    );
    const everything = JSON.stringify(await completionRequests());
    assert.ok(!everything.includes('zebra-'), 'text of an excluded file was sent');
    const sent = JSON.stringify(request.body);
    assert.ok(sent.includes('visible-marker-1717'), 'the similar normal file should be context (else this test proves nothing)');
  });

  it('a definition from a file the document imports reaches the prompt, read from disk; an excluded import never does', async () => {
    await mock.script({ match: { path: '/chat/completions' }, reply: { text: '<insert>0;</insert>' }, times: -1 });
    // Written to disk, never opened: only following the imports can find them.
    const rules = workspaceFile('src/pricing/volumeRules.ts');
    fs.mkdirSync(path.dirname(rules.fsPath), { recursive: true });
    fs.writeFileSync(rules.fsPath, 'export function applyVolumeDiscount(cents: number, units: number): number {\n  return units > 10 ? Math.round(cents * 0.9) : cents;\n}\n');
    const vault = workspaceFile('src/pricing/secrets/vault.ts');
    fs.mkdirSync(path.dirname(vault.fsPath), { recursive: true });
    fs.writeFileSync(vault.fsPath, 'export const vaultSalt = "zebra-import-5151";\n');
    const editor = await openWorkspaceFile(
      'src/pricing/checkoutTotal.ts',
      "import { applyVolumeDiscount } from './volumeRules';\nimport { vaultSalt } from './secrets/vault';\n\nexport function total(cents: number, units: number): number {\n  const salted = vaultSalt.length;\n  return ",
    );
    moveTo(editor, 5, editor.document.lineAt(5).text.length);
    // The imports are read and indexed off the keystroke path: each try types one more character,
    // so it is a new request rather than the remembered answer to the previous one.
    const request = await waitFor('a prompt holding the imported definition', async () => {
      await vscode.commands.executeCommand('type', { text: ' ' });
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await sleep(300);
      return (await completionRequests()).find((r) => JSON.stringify(r.body).includes('export function applyVolumeDiscount(cents: number, units: number): number {'));
    }, 10_000);
    assert.ok(request);
    assert.ok(!JSON.stringify(await completionRequests()).includes('zebra-import'), 'text of an excluded imported file was sent');
  });

  it('typed characters reach Show Usage: inline requests per 100 typed characters per model', async () => {
    await mock.script({ match: { path: '/chat/completions' }, reply: { text: '<insert>0;</insert>' }, times: -1 });
    const before = await vscode.commands.executeCommand<UsageSummary>('gearshift.showUsage');
    const editor = await openWorkspaceFile('src/typedCount.ts', 'export const typed = [\n');
    moveTo(editor, 1, 0);
    // One key per command, as a user types; a batch is written every 100 characters.
    for (const key of 'a,'.repeat(50)) await vscode.commands.executeCommand('type', { text: key });
    const summary = await vscode.commands.executeCommand<UsageSummary>('gearshift.showUsage');
    assert.ok(summary.inline.typedChars - before.inline.typedChars >= 100, `${summary.inline.typedChars - before.inline.typedChars} typed characters counted`);
    const grew = Object.entries(summary.inlineByModel).filter(([name, cost]) => cost.typedChars > (before.inlineByModel[name]?.typedChars ?? 0));
    assert.equal(grew.length, 1, 'one model, the inline one, carries the typed characters');
    const [, cost] = grew[0];
    assert.ok(cost.requests > 0, 'the typing sent inline requests to that model');
    assert.ok(Math.abs(cost.requestsPer100Chars - (100 * cost.requests) / cost.typedChars) < 1e-9);
  });

  it('the per-language enable map keeps markdown quiet', async () => {
    const editor = await openWorkspaceFile('notes.md', '# Notes\n\nSome text');
    moveTo(editor, 2, 9);
    await vscode.commands.executeCommand('type', { text: ' more' });
    await sleep(1200);
    assert.deepStrictEqual(await completionRequests(), []);
  });

  it('toggle and snooze stop automatic requests; toggling again resumes', async () => {
    await mock.script({ match: { path: '/chat/completions' }, reply: { text: '<insert>1;</insert>' }, times: -1 });
    const editor = await openWorkspaceFile('src/toggle.ts', 'export const a = ');
    moveTo(editor, 0, editor.document.lineAt(0).text.length);
    await vscode.commands.executeCommand('gearshift.inline.toggle');
    await vscode.commands.executeCommand('type', { text: '4' });
    await sleep(1200);
    assert.deepStrictEqual(await completionRequests(), [], 'requests while switched off');

    await vscode.commands.executeCommand('gearshift.inline.toggle');
    await vscode.commands.executeCommand('gearshift.inline.snooze');
    await vscode.commands.executeCommand('type', { text: '2' });
    await sleep(1200);
    assert.deepStrictEqual(await completionRequests(), [], 'requests while snoozed');

    await vscode.commands.executeCommand('gearshift.inline.toggle');
    await vscode.commands.executeCommand('type', { text: ' + ' });
    await waitFor('a request after resuming', async () => ((await completionRequests()).length ? true : undefined));
  });

  it('the manual trigger command asks even where automatic suggestions would not', async () => {
    await mock.script({ match: { path: '/chat/completions' }, reply: { text: '<insert>Value</insert>' }, times: -1 });
    const restore = await withSettings({ 'gearshift.inline.enable': { '*': false } });
    try {
      const editor = await openWorkspaceFile('src/manual.ts', 'export const initial');
      moveTo(editor, 0, editor.document.lineAt(0).text.length);
      const before = editor.document.getText();
      await vscode.commands.executeCommand('gearshift.inline.trigger');
      await waitFor('the manual request to reach the endpoint', async () =>
        (await completionRequests()).some((r) => JSON.stringify(r.body).includes('initial<CURSOR/>')) ? true : undefined,
      );
      assert.strictEqual(await commitWhenShown(editor, before), 'export const initialValue');
    } finally {
      await restore();
    }
  });
});
