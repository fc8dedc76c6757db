// Generate Docs inside real VS Code against the local mock endpoint: the proposal review, Accept as
// one undoable edit, and documents edited while the model was still answering.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { mock, waitFor } from './helpers';
import { cleanSlateEachTest, openFixture, proposalOpen, startCommand, typeInto, waitForProposal, within } from './proposalHelpers';

const FIXTURE = 'src/docs/shapes.ts';
const ORIGINAL = [
  'export function area(width: number, height: number): number {',
  '  return width * height;',
  '}',
  '',
  'export function perimeter(width: number, height: number): number {',
  '  return 2 * (width + height);',
  '}',
  '',
].join('\n');
const AREA_DOC = '/**\n * Computes the area of a rectangle.\n * @param width - the width\n * @param height - the height\n * @returns width times height\n */\n';
const PERIMETER_DOC = '/** Computes the perimeter of a rectangle. */\n';
const DOCUMENTED = ORIGINAL.replace('export function area', `${AREA_DOC}export function area`).replace('export function perimeter', `${PERIMETER_DOC}export function perimeter`);
/** Only docs requests match (inline requests never carry this system prompt). */
const DOCS_REQUEST = { path: '/v1/chat/completions', contains: 'precise technical writer' };

describe('Generate Docs (real VS Code)', function () {
  this.timeout(120_000);

  cleanSlateEachTest();

  it('File: review → Accept All → the file has the docs, and one undo restores it', async () => {
    await mock.script({ match: DOCS_REQUEST, reply: { text: `Here are the docs:\n\`\`\`typescript\n${DOCUMENTED}\`\`\`` } });
    const editor = await openFixture(FIXTURE);
    assert.strictEqual(editor.document.getText(), ORIGINAL);

    const outcome = startCommand<string>('gearshift.docs.file');
    const proposal = await waitForProposal();
    assert.strictEqual(proposal.text, DOCUMENTED);
    assert.strictEqual(proposal.original.toString(), editor.document.uri.toString());
    assert.strictEqual(editor.document.getText(), ORIGINAL, 'nothing is applied before Accept');

    // Discovery's GETs (models, /props) may come first: the docs request is the chat one.
    const request = (await mock.requests()).find((r) => r.path === '/v1/chat/completions');
    assert.ok(request, 'the docs request reached the endpoint');
    assert.strictEqual(request.body.model, 'gpt-4.1', 'docs go to the large tier');
    assert.ok(request.body.messages[1].content.includes(ORIGINAL.trimEnd()));

    await within('Accept', vscode.commands.executeCommand('gearshift.proposal.accept', proposal.uri), 20_000);
    assert.strictEqual(await within('the command to settle', outcome), 'accepted');
    assert.strictEqual(editor.document.getText(), DOCUMENTED);
    await waitFor('the review to close', async () => !(await proposalOpen()));

    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), ORIGINAL, 'one undo restores the file');
  });

  it('Symbol: only the symbol at the cursor is sent and documented', async () => {
    const perimeterOnly = `${PERIMETER_DOC}export function perimeter(width: number, height: number): number {\n  return 2 * (width + height);\n}`;
    await mock.script({ match: DOCS_REQUEST, reply: { text: `\`\`\`ts\n${perimeterOnly}\n\`\`\`` } });
    const editor = await openFixture(FIXTURE);
    // The command asks the TypeScript extension for symbols: let its server start first.
    await waitFor('TypeScript document symbols', async () =>
      (await vscode.commands.executeCommand<unknown[] | undefined>('vscode.executeDocumentSymbolProvider', editor.document.uri))?.length, 60_000);
    editor.selection = new vscode.Selection(5, 4, 5, 4); // inside perimeter's body

    const outcome = startCommand<string>('gearshift.docs.symbol');
    const proposal = await waitForProposal();
    const [request] = await mock.requests();
    const sent: string = request.body.messages[1].content;
    assert.ok(sent.includes('Document the symbol `perimeter`'), sent);
    assert.ok(!sent.includes('return width * height;'), 'the other function is not sent as code');

    assert.strictEqual(proposal.text, ORIGINAL.replace('export function perimeter', `${PERIMETER_DOC}export function perimeter`));
    await within('Accept', vscode.commands.executeCommand('gearshift.proposal.accept', proposal.uri), 20_000);
    assert.strictEqual(await within('the command to settle', outcome), 'accepted');
    assert.strictEqual(editor.document.getText(), proposal.text);
  });

  it('an edit made during generation is kept: the proposal is re-applied onto the current text', async () => {
    await mock.script({ match: DOCS_REQUEST, reply: { text: `\`\`\`ts\n${DOCUMENTED}\`\`\``, ttftMs: 1500 } });
    const editor = await openFixture(FIXTURE);
    const outcome = startCommand<string>('gearshift.docs.file');
    await waitFor('the docs request', async () => (await mock.requests()).length > 0, 10_000);
    await typeInto(editor.document, new vscode.Position(7, 0), 'export const UNIT = 1;\n');

    const proposal = await waitForProposal();
    assert.strictEqual(proposal.text, `${DOCUMENTED}export const UNIT = 1;\n`, 'the proposal carries the user edit');
    await within('Accept', vscode.commands.executeCommand('gearshift.proposal.accept', proposal.uri), 20_000);
    assert.strictEqual(await within('the command to settle', outcome), 'accepted');
    assert.strictEqual(editor.document.getText(), `${DOCUMENTED}export const UNIT = 1;\n`);
  });

  it('an edit in the same lines during generation: only that hunk is dropped, the other is shown and applies (partial)', async () => {
    await mock.script({ match: DOCS_REQUEST, reply: { text: `\`\`\`ts\n${DOCUMENTED}\`\`\``, ttftMs: 1500 } });
    const editor = await openFixture(FIXTURE);
    const outcome = startCommand<string>('gearshift.docs.file');
    await waitFor('the docs request', async () => (await mock.requests()).length > 0, 10_000);
    // area's docs go in at line 1, where the user puts a note of their own meanwhile.
    await typeInto(editor.document, new vscode.Position(0, 0), '// my own note\n');

    const proposal = await waitForProposal();
    assert.strictEqual(proposal.text, `// my own note\n${ORIGINAL.replace('export function perimeter', `${PERIMETER_DOC}export function perimeter`)}`, "only perimeter's docs are under review");
    await within('Accept', vscode.commands.executeCommand('gearshift.proposal.accept', proposal.uri), 20_000);
    assert.strictEqual(await within('the command to settle', outcome), 'partial');
    assert.strictEqual(editor.document.getText(), `// my own note\n${ORIGINAL.replace('export function perimeter', `${PERIMETER_DOC}export function perimeter`)}`, 'the user edit stays, the other hunk is applied');
    assert.ok(!(await proposalOpen()));
  });

  it('an edit after the review opened is followed by the proposal, so Accept keeps it', async () => {
    await mock.script({ match: DOCS_REQUEST, reply: { text: `\`\`\`ts\n${DOCUMENTED}\`\`\`` } });
    const editor = await openFixture(FIXTURE);
    const outcome = startCommand<string>('gearshift.docs.file');
    const proposal = await waitForProposal();
    await typeInto(editor.document, new vscode.Position(7, 0), 'export const UNIT = 1;\n');
    const proposalDocument = await vscode.workspace.openTextDocument(proposal.uri);
    await waitFor('the proposal to follow the edit', () => proposalDocument.getText().endsWith('export const UNIT = 1;\n'));
    assert.strictEqual(proposalDocument.getText(), `${DOCUMENTED}export const UNIT = 1;\n`);
    await within('Accept', vscode.commands.executeCommand('gearshift.proposal.accept', proposal.uri), 20_000);
    assert.strictEqual(await within('the command to settle', outcome), 'accepted');
    assert.strictEqual(editor.document.getText(), `${DOCUMENTED}export const UNIT = 1;\n`);
  });

  it('an edit after the review opened in the lines of one hunk: Accept All applies the other hunk only, and says so', async () => {
    await mock.script({ match: DOCS_REQUEST, reply: { text: `\`\`\`ts\n${DOCUMENTED}\`\`\`` } });
    const editor = await openFixture(FIXTURE);
    const outcome = startCommand<string>('gearshift.docs.file');
    const proposal = await waitForProposal();
    // The proposal inserts docs right above `perimeter`; the user puts a comment in the same place.
    await typeInto(editor.document, new vscode.Position(4, 0), '// perimeter helper\n');
    await within('Accept', vscode.commands.executeCommand('gearshift.proposal.accept', proposal.uri), 20_000);

    assert.strictEqual(await within('the command to settle', outcome), 'partial');
    // area's docs (a hunk the user did not touch) are applied; perimeter's are not written over the comment.
    assert.strictEqual(editor.document.getText(), ORIGINAL.replace('export function area', `${AREA_DOC}export function area`).replace('export function perimeter', '// perimeter helper\nexport function perimeter'));
    await waitFor('the review to close', async () => !(await proposalOpen()));
  });

  it('Reject leaves the file alone', async () => {
    await mock.script({ match: DOCS_REQUEST, reply: { text: `\`\`\`ts\n${DOCUMENTED}\`\`\`` } });
    const editor = await openFixture(FIXTURE);
    const outcome = startCommand<string>('gearshift.docs.file');
    const proposal = await waitForProposal();
    await within('Reject', vscode.commands.executeCommand('gearshift.proposal.reject', proposal.uri), 20_000);
    assert.strictEqual(await within('the command to settle', outcome), 'rejected');
    assert.strictEqual(editor.document.getText(), ORIGINAL);
    assert.strictEqual(editor.document.isDirty, false);
  });

  it('an answer that changes code: the changed symbol is left out, the intact one keeps its docs, the title says so', async () => {
    await mock.script({ match: DOCS_REQUEST, reply: { text: `\`\`\`ts\n${DOCUMENTED.replace('width * height', 'width + height')}\`\`\`` } });
    const editor = await openFixture(FIXTURE);
    const outcome = startCommand<string | undefined>('gearshift.docs.file');
    const proposal = await waitForProposal();
    // area's code was changed by the model: neither its new code nor its docs are proposed.
    assert.strictEqual(proposal.text, ORIGINAL.replace('export function perimeter', `${PERIMETER_DOC}export function perimeter`));
    // The side-by-side diff is one command away, and its title says the proposal is partial.
    await vscode.commands.executeCommand('gearshift.review.openDiff', proposal.uri);
    const tab = await waitFor('the proposal diff', () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === proposal.uri.toString()));
    assert.match(tab.label, /left unchanged/, `diff title: ${tab.label}`);
    await within('Reject', vscode.commands.executeCommand('gearshift.proposal.reject', proposal.uri), 20_000);
    assert.strictEqual(await within('the command to settle', outcome), 'rejected');
    assert.ok(!(await proposalOpen()));
    assert.strictEqual(editor.document.getText(), ORIGINAL);
  });

  it('Explain File streams Markdown into a new untitled document', async () => {
    await mock.script({ match: { path: '/v1/chat/completions', contains: 'explain source code' }, reply: { text: 'Two **rectangle** helpers: `area` and `perimeter`.', tokensPerSecond: 200 } });
    await openFixture(FIXTURE);
    await vscode.commands.executeCommand('gearshift.explainFile');
    const explanation = await waitFor('the explanation document', () =>
      vscode.workspace.textDocuments.find((d) => d.isUntitled && d.languageId === 'markdown' && d.getText().includes('`perimeter`.')));
    assert.strictEqual(explanation.getText(), '# shapes.ts\n\nTwo **rectangle** helpers: `area` and `perimeter`.');
  });
});
