// "Generate Docs for Symbol / Selection / File" and "Explain File as Markdown". Only the command ids
// are registered at activation; their code (commands.ts) is the bundle dist/docs.js, loaded on the
// first call.
import * as vscode from 'vscode';
import { runRewriteJob } from '../../vscode/lazyRewrite';
import { requireSeparateBundle } from '../../vscode/separateBundle';
import type { Services } from '../../vscode/services';

const commands = () => requireSeparateBundle<typeof import('./commands')>('docs', '../features/docs/commands');

export function register(services: Services): vscode.Disposable {
  const withEditor = (run: (editor: vscode.TextEditor) => unknown) => () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Gearshift: open a file first.');
      return undefined;
    }
    return run(editor);
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand('gearshift.docs.file', withEditor((editor) => commands().docsForFile(services, runRewriteJob, editor))),
    vscode.commands.registerCommand('gearshift.docs.selection', withEditor((editor) => commands().docsForSelection(services, runRewriteJob, editor))),
    vscode.commands.registerCommand('gearshift.docs.symbol', withEditor((editor) => commands().docsForSymbol(services, runRewriteJob, editor))),
    vscode.commands.registerCommand('gearshift.explainFile', withEditor((editor) => commands().explainFile(services, editor.document))),
  );
}
