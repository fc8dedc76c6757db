import * as vscode from 'vscode';

/** A range widened to whole lines (the rewrite engine works on lines). */
export function wholeLines(document: vscode.TextDocument, range: vscode.Range): vscode.Range {
  const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  return new vscode.Range(range.start.line, 0, endLine, document.lineAt(endLine).range.end.character);
}
