// Refactor inside real VS Code against the local mock endpoint.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { mock } from './helpers';
import { cleanSlateEachTest, LEGACY_FIXTURE, openFixture, READ_CONFIG_ASYNC, REFACTOR_REQUEST, startCommand, waitForProposal, within } from './proposalHelpers';


describe('Refactor (real VS Code)', function () {
  this.timeout(120_000);

  cleanSlateEachTest();

  it('Selection: only the selected function is sent and replaced; the rest of the file is untouched', async () => {
    await mock.script({ match: REFACTOR_REQUEST, reply: { text: `\`\`\`js\n${READ_CONFIG_ASYNC}\n\`\`\`` } });
    const editor = await openFixture(LEGACY_FIXTURE);
    const original = editor.document.getText();
    editor.selection = new vscode.Selection(0, 0, 5, 1);

    const outcome = startCommand<string>('gearshift.refactor.selection', { instruction: 'Callbacks → async/await' });
    const proposal = await waitForProposal();
    // Discovery's GETs (models, /props) may come first: the refactor request is the chat one.
    const request = (await mock.requests()).find((r) => r.path === '/v1/chat/completions');
    assert.ok(request, 'the refactor request reached the endpoint');
    const sent: string = request.body.messages[1].content;
    assert.ok(sent.includes('Instruction: Callbacks → async/await'));
    assert.ok(!sent.includes('return 42;'), 'code outside the selection is not sent as the code to change');
    assert.strictEqual(request.body.model, 'gpt-4.1');

    const expected = original.replace(/^function readConfig[\s\S]*?\n}\n/, `${READ_CONFIG_ASYNC}\n`);
    assert.strictEqual(proposal.text, expected);
    await within('Accept', vscode.commands.executeCommand('gearshift.proposal.accept', proposal.uri), 20_000);
    assert.strictEqual(await within('the command to settle', outcome), 'accepted');
    assert.strictEqual(editor.document.getText(), expected);
  });

  it('File: an answer cut off mid-function is refused after one more try, and nothing is proposed', async () => {
    const cut = `${READ_CONFIG_ASYNC}\n\nfunction keep() {\n  return 42;\n`;
    await mock.script({ match: REFACTOR_REQUEST, reply: { text: `\`\`\`js\n${cut}\n\`\`\`` }, times: 2 });
    const editor = await openFixture(LEGACY_FIXTURE);
    const original = editor.document.getText();
    const outcome = await within('the command to settle', startCommand<string | undefined>('gearshift.refactor.file', { instruction: 'Modernize' }));
    assert.strictEqual(outcome, undefined);
    const requests = (await mock.requests()).filter((request) => request.path === '/v1/chat/completions');
    assert.strictEqual(requests.length, 2, 'the refused answer was asked for once more');
    assert.match(requests[1].body.messages[1].content, /previous answer was refused: the answer ends in the middle of a statement \(it was cut off\)/);
    assert.strictEqual(editor.document.getText(), original);
  });

  it('an endpoint failure is reported and nothing is proposed', async () => {
    await mock.script({ match: REFACTOR_REQUEST, reply: { status: 400, error: { message: 'Invalid request: bad things' } }, times: -1 });
    const editor = await openFixture(LEGACY_FIXTURE);
    const original = editor.document.getText();
    const outcome = await startCommand<string | undefined>('gearshift.refactor.file', { instruction: 'Modernize' });
    assert.strictEqual(outcome, undefined);
    assert.strictEqual(editor.document.getText(), original);
  });
});
