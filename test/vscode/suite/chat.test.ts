// The chat feature inside real VS Code against the local mock endpoint: the view opens, editor
// commands send the selection/diagnostics with the right instruction, answers are persisted (seen
// through Export), excluded files are never sent, and New Conversation starts over.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { UsageSummary } from '../../../src/common/ledger';
import { mock, waitFor, workspaceFile } from './helpers';
import { cleanSlateEachTest, openFixture } from './proposalHelpers';

/** Only chat requests carry the chat system prompt (inline requests never do). */
const CHAT_REQUEST = { path: '/v1/chat/completions', contains: 'You are Gearshift, a coding assistant inside VS Code' };

async function chatRequests() {
  return (await mock.requests()).filter((request) => request.path === '/v1/chat/completions' && JSON.stringify(request.body).includes(CHAT_REQUEST.contains));
}

async function exportedConversation(): Promise<string> {
  const document = await vscode.commands.executeCommand<vscode.TextDocument>('gearshift.chat.exportConversation');
  assert.ok(document, 'export returns the document');
  assert.strictEqual(document.languageId, 'markdown');
  return document.getText();
}

describe('Chat (real VS Code)', function () {
  this.timeout(60_000);

  cleanSlateEachTest();

  it('opens the chat view in the Gearshift container', async () => {
    await vscode.commands.executeCommand('gearshift.chatView.focus');
    await vscode.commands.executeCommand('gearshift.chat.newConversation');
  });

  it('Explain Selection sends the selected code with the /explain instruction and keeps the answer', async () => {
    await mock.script({ match: CHAT_REQUEST, reply: { text: '`multiply` returns the **product** of its arguments.', tokensPerSecond: 200 } });
    const editor = await openFixture('src/math.ts');
    const start = editor.document.getText().indexOf('export function multiply');
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(editor.document.getText().indexOf('}', start) + 1));
    await vscode.commands.executeCommand('gearshift.explainSelection');

    const [request] = await chatRequests();
    assert.ok(request, 'a chat request reached the endpoint');
    assert.strictEqual(request.body.model, 'gpt-4.1-mini', 'chat uses the fast tier by default');
    assert.strictEqual(request.body.stream, true);
    const user = request.body.messages[request.body.messages.length - 1].content as string;
    assert.match(user, /Selected code from `src\/math\.ts` \(lines 5-7\):\n```typescript\nexport function multiply/);
    assert.match(user, /Explain what the attached code does, step by step/);

    const exported = await exportedConversation();
    assert.match(exported, /## You\n\n_Context: math\.ts:5-7_\n\n\/explain/);
    assert.match(exported, /## Gearshift \(gpt-4\.1-mini\)\n\n`multiply` returns the \*\*product\*\* of its arguments\./);
  });

  it('counts tokens with the packaged tiktoken (wasm in a worker) when the server reports no usage', async () => {
    // 20 tokens in o200k_base (gpt-4.1-mini's encoding); the character estimate would say 26.
    const answer = 'The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog.';
    const completionTokens = (summary: UsageSummary) => summary.byFeature.chat?.completionTokens ?? 0;
    const before = completionTokens(await vscode.commands.executeCommand<UsageSummary>('gearshift.showUsage'));
    await mock.script({ match: CHAT_REQUEST, reply: { text: answer, usage: false } });
    const editor = await openFixture('src/math.ts');
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    await vscode.commands.executeCommand('gearshift.explainSelection');
    const counted = await waitFor('the answer in the ledger', async () => {
      const delta = completionTokens(await vscode.commands.executeCommand<UsageSummary>('gearshift.showUsage')) - before;
      return delta > 0 ? delta : undefined;
    }, 15_000);
    assert.strictEqual(counted, 20);
  });

  it('offers "Fix with Gearshift" on a diagnostic and sends the error with the code around it', async () => {
    const editor = await openFixture('src/math.ts');
    const diagnostics = vscode.languages.createDiagnosticCollection('gearshift-chat-test');
    try {
      const range = new vscode.Range(1, 9, 1, 14);
      const diagnostic = new vscode.Diagnostic(range, "Operator '+' cannot be applied to types 'number' and 'Foo'.", vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'ts';
      diagnostic.code = 2365;
      diagnostics.set(editor.document.uri, [diagnostic]);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, range);
      const fix = actions.find((action) => action.title === 'Fix with Gearshift');
      assert.ok(fix?.command, `code actions: ${actions.map((action) => action.title).join(', ')}`);
      await mock.script({ match: CHAT_REQUEST, reply: { text: 'Convert `Foo` to a number first.' } });
      await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      const [request] = await chatRequests();
      const user = request.body.messages[request.body.messages.length - 1].content as string;
      assert.match(user, /line 2, column 10, error \(ts 2365\): Operator '\+' cannot be applied/);
      assert.match(user, /export function add\(a: number, b: number\): number \{\n {2}return a \+ b;/);
      assert.match(user, /Find the cause of the problem/);
    } finally {
      diagnostics.dispose();
    }
  });

  it('never sends a file matching gearshift.exclude', async () => {
    const secret = workspaceFile('.env.chat-test');
    await vscode.workspace.fs.writeFile(secret, Buffer.from('API_TOKEN=do-not-send\n'));
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(secret));
      editor.selection = new vscode.Selection(0, 0, 0, 22);
      await vscode.commands.executeCommand('gearshift.explainSelection');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepStrictEqual(await chatRequests(), []);
      assert.ok(!(await mock.requests()).some((request) => JSON.stringify(request.body).includes('do-not-send')));
    } finally {
      await vscode.workspace.fs.delete(secret);
    }
  });

  it('New Conversation starts an empty conversation', async () => {
    await mock.script({ match: CHAT_REQUEST, reply: { text: 'First answer.' } });
    const editor = await openFixture('src/math.ts');
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    await vscode.commands.executeCommand('gearshift.explainSelection');
    await waitFor('the answer', async () => (await exportedConversation()).includes('First answer.'));
    await vscode.commands.executeCommand('gearshift.chat.newConversation');
    const exported = await exportedConversation();
    assert.match(exported, /^# New conversation\n/);
    assert.doesNotMatch(exported, /First answer/);
  });
});
