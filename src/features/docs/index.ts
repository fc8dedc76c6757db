// "Generate Docs for Symbol / Selection / File" and "Explain File as Markdown".
import * as vscode from 'vscode';
import { docsStrategy, type DocsTarget } from '../../common/docs/prompts';
import { docStyleFor } from '../../common/docs/styles';
import type { Tier } from '../../common/llm';
import type { Services } from '../../vscode/services';
import { runRewriteJob, wholeLines } from '../../vscode/rewriteJob';
import { explainFile } from './explain';
import { symbolRangeAt } from './symbols';

export function register(services: Services): vscode.Disposable {
  const generate = (document: vscode.TextDocument, target: DocsTarget, range?: vscode.Range) => {
    const config = services.config();
    const style = docStyleFor(document.languageId, config.docs.style);
    const fastLimit = config.docs.fastTierMaxLines;
    const tier: Tier = fastLimit > 0 && document.lineCount <= fastLimit ? 'fast' : 'large';
    return runRewriteJob(services, {
      title: 'Generate Docs',
      document,
      range,
      strategy: docsStrategy({ target, style, rewriteExisting: config.docs.rewriteExisting }),
      tier,
    });
  };

  const withEditor = (run: (editor: vscode.TextEditor) => unknown) => () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Gearshift: open a file first.');
      return undefined;
    }
    return run(editor);
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand('gearshift.docs.file', withEditor((editor) => generate(editor.document, { kind: 'file' }))),
    vscode.commands.registerCommand('gearshift.docs.selection', withEditor((editor) => {
      if (editor.selection.isEmpty) return generate(editor.document, { kind: 'file' });
      return generate(editor.document, { kind: 'selection' }, wholeLines(editor.document, editor.selection));
    })),
    vscode.commands.registerCommand('gearshift.docs.symbol', withEditor(async (editor) => {
      const symbol = await symbolRangeAt(editor.document, editor.selection.active, services.syntax);
      if (!symbol) {
        void vscode.window.showInformationMessage('Gearshift: no symbol at the cursor. Place the cursor in a function, class or method.');
        return undefined;
      }
      return generate(editor.document, { kind: 'symbol', name: symbol.name }, symbol.range);
    })),
    vscode.commands.registerCommand('gearshift.explainFile', withEditor((editor) => explainFile(services, editor.document))),
  );
}
