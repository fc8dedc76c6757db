// Document snapshots for the engine: bounded windows read through lineAt, never getText() of the
// whole file on a keystroke.
import * as vscode from 'vscode';
import { getDocContext, type DocContext, type TextSource, type WindowBudget } from '../../common/inline/document';

/** The schemes of documents people edit; output, scm input, git and settings are not among them. */
export const INLINE_SCHEMES = ['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-notebook-cell', 'vsls', 'remote'];

export function sourceOf(document: vscode.TextDocument): TextSource {
  return { lineCount: document.lineCount, lineAt: (line) => document.lineAt(line).text };
}

export function snapshot(document: vscode.TextDocument, position: vscode.Position, budget: WindowBudget): DocContext {
  return getDocContext(sourceOf(document), position, metaOf(document), budget);
}

export function metaOf(document: vscode.TextDocument) {
  return {
    uri: document.uri.toString(),
    relativePath: vscode.workspace.asRelativePath(document.uri, false),
    languageId: document.languageId,
    version: document.version,
  };
}

/**
 * The context as if the suggest widget's selected item were already inserted, so the suggestion
 * extends it (VS Code shows inline text with the widget open only when it does).
 */
export function withSelectedItem(ctx: DocContext, replacedChars: number, text: string): DocContext {
  return {
    ...ctx,
    prefix: ctx.prefix.slice(0, ctx.prefix.length - replacedChars) + text,
    linePrefix: ctx.linePrefix.slice(0, ctx.linePrefix.length - replacedChars) + text,
  };
}
