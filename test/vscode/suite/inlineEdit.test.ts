// Inline edit (real VS Code): with the cursor in a function and nothing selected, only that
// function is sent; the answer opens in the per-hunk review and Accept All applies it. A prose
// answer is refused and nothing is proposed. On the empty line between two functions, the model
// writes new code there: it is shown as an added hunk and written only on Accept; on the empty
// line between two methods of a class, a new method of that class, indented into it.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { mock, workspaceFile } from './helpers';
import { cleanSlateEachTest, LEGACY_FIXTURE, openFixture, proposalOpen, REFACTOR_REQUEST, reviewLenses, startCommand, waitForProposal, within } from './proposalHelpers';

const KEEP_TYPED = 'function keep() {\n  return 42; // the answer\n}';

describe('Inline Edit (real VS Code)', function () {
  this.timeout(120_000);

  cleanSlateEachTest();

  it('at the cursor: only the function around it is sent, and the review applies the answer', async () => {
    await mock.script({ match: REFACTOR_REQUEST, reply: { text: `\`\`\`js\n${KEEP_TYPED}\n\`\`\`` } });
    const editor = await openFixture(LEGACY_FIXTURE);
    const original = editor.document.getText();
    editor.selection = new vscode.Selection(8, 4, 8, 4); // inside keep()

    const outcome = startCommand<string>('gearshift.inlineEdit', { instruction: 'Explain the constant in a comment' });
    const proposal = await waitForProposal();
    const request = (await mock.requests()).find((r) => r.path === '/v1/chat/completions');
    assert.ok(request, 'the request reached the endpoint');
    const sent: string = request.body.messages[1].content;
    assert.ok(sent.includes('Instruction: Explain the constant in a comment'));
    assert.ok(sent.includes('function keep() {\n  return 42;\n}'), sent);
    assert.ok(!sent.includes("fs.readFile(path, 'utf8'"), 'the other function is not sent as the code to change');
    assert.strictEqual(request.body.model, 'gpt-4.1', 'inline edit uses the large tier');

    const expected = original.replace('  return 42;', '  return 42; // the answer');
    assert.strictEqual(proposal.text, expected);
    await within('Accept All', vscode.commands.executeCommand('gearshift.proposal.accept', proposal.uri), 20_000);
    assert.strictEqual(await within('the command to settle', outcome), 'accepted');
    assert.strictEqual(editor.document.getText(), expected);
  });

  it('a prose answer is refused (asked once more, then left unchanged): nothing is proposed', async () => {
    await mock.script({ match: REFACTOR_REQUEST, reply: { text: 'I added a helpful comment explaining the constant.' }, times: 2 });
    const editor = await openFixture(LEGACY_FIXTURE);
    const original = editor.document.getText();
    editor.selection = new vscode.Selection(8, 4, 8, 4);
    const outcome = await within('the command to settle', startCommand<string | undefined>('gearshift.inlineEdit', { instruction: 'Explain the constant' }));
    assert.strictEqual(outcome, undefined);
    assert.strictEqual(editor.document.getText(), original);
    assert.ok(!(await proposalOpen()));
  });

  it('on an empty line between functions: the new code is an added hunk, written only on Accept', async () => {
    const DOUBLE = 'function double(x) {\n  return x * 2;\n}';
    await mock.script({ match: REFACTOR_REQUEST, reply: { text: `Sure, here it is:\n\`\`\`js\n${DOUBLE}\n\`\`\`` } });
    const editor = await openFixture(LEGACY_FIXTURE);
    const original = editor.document.getText();
    editor.selection = new vscode.Selection(6, 0, 6, 0); // the empty line between readConfig() and keep()

    const outcome = startCommand<string>('gearshift.inlineEdit', { instruction: 'Add a function that doubles a number' });
    const proposal = await waitForProposal();
    const request = (await mock.requests()).find((r) => r.path === '/v1/chat/completions');
    assert.ok(request, 'the request reached the endpoint');
    const sent: string = request.body.messages[1].content;
    assert.ok(sent.includes('Instruction: Add a function that doubles a number'));
    assert.ok(sent.includes('  });\n}\n<<<INSERT THE NEW CODE HERE>>>\nfunction keep() {'), sent);
    assert.strictEqual(request.body.model, 'gpt-4.1', 'inline edit uses the large tier');

    const expected = original.replace('}\n\nfunction keep', `}\n\n${DOUBLE}\n\nfunction keep`);
    assert.strictEqual(proposal.text, expected);
    assert.strictEqual(editor.document.getText(), original, 'nothing is written before Accept');
    const lenses = await reviewLenses(editor.document.uri);
    assert.strictEqual(lenses.filter((lens) => lens.command?.command === 'gearshift.review.acceptHunk').length, 1, 'one added hunk');
    await within('Accept All', vscode.commands.executeCommand('gearshift.proposal.accept', proposal.uri), 20_000);
    assert.strictEqual(await within('the command to settle', outcome), 'accepted');
    assert.strictEqual(editor.document.getText(), expected);
  });

  it('on an empty line, a prose answer is refused (asked once more): nothing is inserted', async () => {
    await mock.script({ match: REFACTOR_REQUEST, reply: { text: 'You could add a small helper function here that doubles its argument.' }, times: 2 });
    const editor = await openFixture(LEGACY_FIXTURE);
    const original = editor.document.getText();
    editor.selection = new vscode.Selection(6, 0, 6, 0);
    const outcome = await within('the command to settle', startCommand<string | undefined>('gearshift.inlineEdit', { instruction: 'Add a doubling helper' }));
    assert.strictEqual(outcome, undefined);
    assert.strictEqual(editor.document.getText(), original);
    assert.ok(!(await proposalOpen()));
    assert.strictEqual((await mock.requests()).filter((r) => r.path === '/v1/chat/completions').length, 2);
  });
  it('on an empty line between two methods of a class: a new method of that class, indented into it', async () => {
    const CLASS = ['export class Cart {', '  private items: number[] = [];', '', '  add(price: number): void {', '    this.items.push(price);', '  }', '', '  total(): number {', '    return this.items.reduce((a, b) => a + b, 0);', '  }', '}', ''].join('\n');
    const COUNT = 'count(): number {\n  return this.items.length;\n}';
    const uri = workspaceFile('src/inline-class.ts');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(CLASS));
    try {
      await mock.script({ match: REFACTOR_REQUEST, reply: { text: `\`\`\`ts\n${COUNT}\n\`\`\`` } });
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      editor.selection = new vscode.Selection(6, 0, 6, 0); // between add() and total()
      const outcome = startCommand<string>('gearshift.inlineEdit', { instruction: 'Add count()' });
      const proposal = await waitForProposal();
      const sent: string = (await mock.requests()).find((r) => r.path === '/v1/chat/completions')!.body.messages[1].content;
      assert.match(sent, /The line is inside class Cart \(line 1: `export class Cart \{`\)/);
      const expected = CLASS.replace('  }\n\n  total()', '  }\n\n  count(): number {\n    return this.items.length;\n  }\n\n  total()');
      assert.strictEqual(proposal.text, expected);
      await within('Accept All', vscode.commands.executeCommand('gearshift.proposal.accept', proposal.uri), 20_000);
      assert.strictEqual(await within('the command to settle', outcome), 'accepted');
      assert.strictEqual(editor.document.getText(), expected);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });
});
