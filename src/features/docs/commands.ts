// The code behind "Generate Docs for Symbol / Selection / File" and "Explain File as Markdown"
// (registered in index.ts). A bundle of its own (dist/docs.js), loaded on the first command.
import * as vscode from 'vscode';
import { docsStrategy, type DocsTarget } from '../../common/docs/prompts';
import { docStyleFor } from '../../common/docs/styles';
import type { Tier } from '../../common/llm';
import type { RunRewriteJob } from '../../vscode/lazyRewrite';
import { wholeLines } from '../../vscode/lineRange';
import type { Services } from '../../vscode/services';
import { symbolRangeAt } from './symbols';

export { explainFile } from './explain';

function generate(services: Services, runRewriteJob: RunRewriteJob, document: vscode.TextDocument, target: DocsTarget, range?: vscode.Range) {
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
}

export function docsForFile(services: Services, runRewriteJob: RunRewriteJob, editor: vscode.TextEditor) {
  return generate(services, runRewriteJob, editor.document, { kind: 'file' });
}

export function docsForSelection(services: Services, runRewriteJob: RunRewriteJob, editor: vscode.TextEditor) {
  if (editor.selection.isEmpty) return docsForFile(services, runRewriteJob, editor);
  return generate(services, runRewriteJob, editor.document, { kind: 'selection' }, wholeLines(editor.document, editor.selection));
}

export async function docsForSymbol(services: Services, runRewriteJob: RunRewriteJob, editor: vscode.TextEditor) {
  const symbol = await symbolRangeAt(editor.document, editor.selection.active, services.syntax);
  if (!symbol) {
    void vscode.window.showInformationMessage('Gearshift: no symbol at the cursor. Place the cursor in a function, class or method.');
    return undefined;
  }
  return generate(services, runRewriteJob, editor.document, { kind: 'symbol', name: symbol.name }, symbol.range);
}
