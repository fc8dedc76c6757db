// Per-hunk review in the editor (real VS Code): a refactor proposal with two separate changes is
// decided hunk by hunk through the lenses' commands and the cursor shortcuts' commands; each
// accepted batch is one undo step, and a hunk whose lines the user edited meanwhile is not applied.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { mock, waitFor } from './helpers';
import { cleanSlateEachTest, LEGACY_FIXTURE, openFixture, READ_CONFIG_ASYNC, REFACTOR_REQUEST, reviewLenses, startCommand, typeInto, waitForProposal, within } from './proposalHelpers';

const KEEP_BEFORE = '  return 42;';
const KEEP_AFTER = '  return 40 + 2;';

/** The original file with one or both of the proposal's changes. */
function withChanges(original: string, changes: { readConfig?: boolean; keep?: boolean }): string {
  let text = original;
  if (changes.readConfig) text = text.replace(/^function readConfig[\s\S]*?\n}\n/, `${READ_CONFIG_ASYNC}\n`);
  if (changes.keep) text = text.replace(KEEP_BEFORE, KEEP_AFTER);
  return text;
}

async function hunkLenses(uri: vscode.Uri, command: string): Promise<vscode.Command[]> {
  return (await reviewLenses(uri)).map((lens) => lens.command!).filter((c) => c.command === command);
}

async function proposeTwoChanges(): Promise<{ editor: vscode.TextEditor; original: string; outcome: Thenable<string | undefined> }> {
  const editor = await openFixture(LEGACY_FIXTURE);
  const original = editor.document.getText();
  await mock.script({ match: REFACTOR_REQUEST, reply: { text: `\`\`\`js\n${withChanges(original, { readConfig: true, keep: true })}\`\`\`` } });
  const outcome = startCommand<string | undefined>('gearshift.refactor.file', { instruction: 'Modernize' });
  const proposal = await waitForProposal();
  assert.strictEqual(proposal.original.toString(), editor.document.uri.toString());
  assert.strictEqual((await hunkLenses(editor.document.uri, 'gearshift.review.acceptHunk')).length, 2, 'one Accept lens per hunk');
  assert.strictEqual(editor.document.getText(), original, 'nothing is applied before a decision');
  return { editor, original, outcome };
}

describe('Per-hunk review (real VS Code)', function () {
  this.timeout(120_000);

  cleanSlateEachTest();

  it('accept one hunk, reject the other: only the accepted change is in the file, and one undo removes it', async () => {
    const { editor, original, outcome } = await proposeTwoChanges();
    const [acceptFirst] = await hunkLenses(editor.document.uri, 'gearshift.review.acceptHunk');
    await vscode.commands.executeCommand(acceptFirst.command, ...acceptFirst.arguments!);
    assert.strictEqual(editor.document.getText(), withChanges(original, { readConfig: true }));
    await waitFor('the review to say what was decided', async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>('vscode.executeCodeLensProvider', editor.document.uri)) ?? [];
      return lenses.some((lens) => lens.command?.title.endsWith('— 1 change left (1 of 2 changes applied):'));
    });

    // The second hunk moved up with the shorter function above it, and its lens is still there.
    const [rejectSecond] = await waitFor('one hunk left', async () => {
      const left = await hunkLenses(editor.document.uri, 'gearshift.review.rejectHunk');
      return left.length === 1 ? left : undefined;
    });
    await vscode.commands.executeCommand(rejectSecond.command, ...rejectSecond.arguments!);
    assert.strictEqual(await within('the command to settle', outcome), 'accepted');
    assert.strictEqual(editor.document.getText(), withChanges(original, { readConfig: true }));
    assert.strictEqual((await reviewLenses(editor.document.uri)).length, 0, 'the review is gone');

    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), original, 'one undo removes the accepted hunk');
  });

  it('the shortcut commands decide the hunk at the cursor', async () => {
    const { editor, original, outcome } = await proposeTwoChanges();
    editor.selection = new vscode.Selection(8, 2, 8, 2); // inside keep()
    await vscode.commands.executeCommand('gearshift.review.acceptHunk');
    assert.strictEqual(editor.document.getText(), withChanges(original, { keep: true }));
    await vscode.commands.executeCommand('gearshift.review.rejectHunk');
    assert.strictEqual(await within('the command to settle', outcome), 'accepted');
    assert.strictEqual(editor.document.getText(), withChanges(original, { keep: true }));
  });

  it('a hunk whose lines the user changed meanwhile is not applied; Accept All applies the other one, and the outcome is partial', async () => {
    const { editor, original, outcome } = await proposeTwoChanges();
    await typeInto(editor.document, new vscode.Position(8, KEEP_BEFORE.length), ' // the answer');
    await within('Accept All', vscode.commands.executeCommand('gearshift.proposal.accept'), 20_000);
    assert.strictEqual(await within('the command to settle', outcome), 'partial', 'one of two applied, one conflicted: not stale');
    assert.strictEqual(
      editor.document.getText(),
      withChanges(original, { readConfig: true }).replace(KEEP_BEFORE, `${KEEP_BEFORE} // the answer`),
      "the user's line is kept, the untouched hunk is applied",
    );
  });
});
