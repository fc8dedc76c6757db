// Bad answers through the extension's proposals (real VS Code): a real file nobody here wrote
// (python3's textwrap.py, read at test time) and answers that lose code never become a proposal,
// and the document keeps its text.
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { mock, workspaceFile } from './helpers';
import { cleanSlateEachTest, openFixture, proposalOpen, REFACTOR_REQUEST, startCommand, within } from './proposalHelpers';

const FILE = 'src/safety_textwrap.py';
const DOCS_REQUEST = { path: '/v1/chat/completions', contains: 'technical writer' };

function stdlibTextwrap(): string {
  const stdlib = execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  return fs.readFileSync(path.join(stdlib, 'textwrap.py'), 'utf8');
}

describe('Rewrite safety (real VS Code)', function () {
  this.timeout(120_000);
  let original: string;

  cleanSlateEachTest();

  before(async () => {
    original = stdlibTextwrap();
    await vscode.workspace.fs.writeFile(workspaceFile(FILE), Buffer.from(original, 'utf8'));
  });
  after(async () => {
    await vscode.workspace.fs.delete(workspaceFile(FILE));
  });

  const refused = async (command: string, match: object, answer: string, args?: object) => {
    await mock.script({ match, reply: { text: answer }, times: 2 });
    const editor = await openFixture(FILE);
    const outcome = await within('the command to settle', startCommand<string | undefined>(command, args));
    assert.strictEqual(outcome, undefined, 'nothing was proposed');
    assert.ok(!(await proposalOpen()));
    assert.strictEqual(editor.document.getText(), original);
    const requests = (await mock.requests()).filter((request) => request.path === '/v1/chat/completions');
    assert.strictEqual(requests.length, 2, 'the refused answer was asked for once more');
    return requests[1].body.messages[1].content as string;
  };

  it('Refactor File: an answer that dropped a function is refused', async () => {
    const dropped = original.replace(/\ndef shorten\([\s\S]*?(?=\n# -- Loosely related functionality)/, '\n');
    assert.notStrictEqual(dropped, original);
    const retry = await refused('gearshift.refactor.file', REFACTOR_REQUEST, `\`\`\`python\n${dropped}\n\`\`\``, { instruction: 'Add type hints' });
    assert.match(retry, /previous answer was refused: the answer drops 1 top-level symbol\(s\) \(`shorten`\)/);
  });

  it('Generate Docs for File: an answer with "rest of the code unchanged" is refused', async () => {
    const half = original.slice(0, original.indexOf('\ndef wrap('));
    const retry = await refused('gearshift.docs.file', DOCS_REQUEST, `\`\`\`python\n${half}\n# ... rest of the code unchanged ...\n\`\`\``);
    assert.match(retry, /previous answer was refused: the answer stands in for code with a placeholder comment/);
  });
});
