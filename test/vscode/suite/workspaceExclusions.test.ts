// A repository's .vscode/settings.json cannot weaken gearshift.exclude: a workspace value that
// empties or narrows the list only adds to the user's list (or the defaults). With such a file in
// place, a .env is still refused as the subject of Generate Docs and of the chat, and nothing of
// it reaches the endpoint; what the workspace adds is excluded too.
import * as assert from 'node:assert';
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import { mock, waitFor, workspaceFile } from './helpers';
import { cleanSlateEachTest, startCommand, within } from './proposalHelpers';

const MARKER = 'ws-exclusion-marker-7Hq2';

async function writeText(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(relativePath);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  return uri;
}

/** Writes the workspace's .vscode/settings.json and waits until VS Code applies it. */
async function workspaceExclude(value: string[] | undefined): Promise<void> {
  const settings = workspaceFile('.vscode/settings.json');
  if (value === undefined) await vscode.workspace.fs.delete(settings, { recursive: true }).then(undefined, () => undefined);
  else await writeText('.vscode/settings.json', JSON.stringify({ 'gearshift.exclude': value }, undefined, 2));
  await waitFor('VS Code to read .vscode/settings.json', () =>
    isDeepStrictEqual(vscode.workspace.getConfiguration('gearshift').inspect('exclude')?.workspaceValue, value), 15_000);
}

/** Runs Generate Docs (file) and Explain Selection on `uri`; both must refuse without a request. */
async function nothingSentFor(uri: vscode.Uri): Promise<void> {
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  assert.strictEqual(await within('Generate Docs to refuse', startCommand<string | undefined>('gearshift.docs.file')), undefined);
  editor.selection = new vscode.Selection(0, 0, editor.document.lineCount, 0);
  await vscode.commands.executeCommand('gearshift.explainSelection');
  await new Promise((resolve) => setTimeout(resolve, 500));
  const sent = (await mock.requests()).filter((request) => request.method === 'POST');
  assert.deepStrictEqual(sent.map((request) => request.path), [], `${vscode.workspace.asRelativePath(uri)} caused requests`);
}

describe('Exclusions a workspace cannot weaken (real VS Code)', function () {
  this.timeout(120_000);

  cleanSlateEachTest();

  after(async () => {
    await workspaceExclude(undefined);
  });

  for (const [label, exclude] of [['empties', []], ['narrows', ['**/*.scratch']]] as const) {
    it(`a workspace .vscode/settings.json that ${label} gearshift.exclude: a .env is still refused and never sent`, async () => {
      await workspaceExclude([...exclude]);
      assert.deepStrictEqual(vscode.workspace.getConfiguration('gearshift').get('exclude'), exclude, 'VS Code itself reports the workspace value');
      const env = await writeText('.env.workspace-test', `API_TOKEN=${MARKER}\nDB_HOST=localhost\n`);
      try {
        await nothingSentFor(env);
        if (exclude.length) {
          // What the workspace adds is excluded as well (the list is additive, not replaced).
          const scratch = await writeText('notes.scratch', `export const note = '${MARKER}';\n`);
          try {
            await nothingSentFor(scratch);
          } finally {
            await vscode.workspace.fs.delete(scratch);
          }
        }
        assert.ok(!(await mock.requests()).some((request) => JSON.stringify(request.body ?? '').includes(MARKER)), 'the excluded text reached the endpoint');
      } finally {
        await vscode.workspace.fs.delete(env);
      }
    });
  }
});
