// Line endings survive a refactor in real VS Code: a CRLF file (the model answers in LF) comes
// back CRLF on every line, the unchanged lines byte for byte, after the review is accepted and the
// file saved.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { mock, workspaceFile } from './helpers';
import { cleanSlateEachTest, startCommand, waitForProposal, within } from './proposalHelpers';

const FILE = 'src/crlf-geometry.js';
const LINES = ['function area(w, h) {', '  return w * h;', '}', '', 'function perimeter(w, h) {', '  return 2 * (w + h);', '}', ''];
const CHANGED = LINES.flatMap((line) => (line === '  return w * h;' ? ['  const product = w * h;', '  return product;'] : [line]));

describe('Line endings (real VS Code)', function () {
  this.timeout(120_000);

  cleanSlateEachTest();

  it('a refactor of a CRLF file keeps CRLF on every line, the unchanged lines byte for byte', async () => {
    const uri = workspaceFile(FILE);
    fs.writeFileSync(uri.fsPath, LINES.join('\r\n'));
    try {
      await mock.script({ match: { path: '/v1/chat/completions', contains: 'Instruction: ' }, reply: { text: `\`\`\`js\n${CHANGED.join('\n')}\n\`\`\`` } });
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      assert.strictEqual(editor.document.eol, vscode.EndOfLine.CRLF);
      const outcome = startCommand<string>('gearshift.refactor.file', { instruction: 'Name the product' });
      const proposal = await waitForProposal();
      await within('Accept', vscode.commands.executeCommand('gearshift.proposal.accept', proposal.uri), 20_000);
      assert.strictEqual(await within('the command to settle', outcome), 'accepted');
      await editor.document.save();
      assert.strictEqual(fs.readFileSync(uri.fsPath, 'utf8'), CHANGED.join('\r\n'));
      assert.strictEqual(editor.document.eol, vscode.EndOfLine.CRLF);
    } finally {
      fs.rmSync(uri.fsPath, { force: true });
    }
  });
});
