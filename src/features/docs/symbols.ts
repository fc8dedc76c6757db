// The symbol at the cursor (from the language's document symbol provider, else from Gearshift's
// own top-level split) as whole lines, including the docs and decorators already above it.
import * as vscode from 'vscode';
import { analyzeLines, declaredName, headerLine, leadingBlockStart, topLevelUnits } from '../../common/refactor/split';
import { parseFile } from '../../common/syntax/fileTree';
import type { SyntaxService } from '../../common/syntax/types';

const DOCUMENTABLE = new Set([
  vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor, vscode.SymbolKind.Class,
  vscode.SymbolKind.Interface, vscode.SymbolKind.Enum, vscode.SymbolKind.Struct, vscode.SymbolKind.Module,
  vscode.SymbolKind.Namespace, vscode.SymbolKind.Property, vscode.SymbolKind.Variable, vscode.SymbolKind.Constant,
  vscode.SymbolKind.Field, vscode.SymbolKind.TypeParameter, vscode.SymbolKind.Object,
]);

/** Functions and types beat the variables and properties that may contain them. */
const PREFERRED = new Set([
  vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor, vscode.SymbolKind.Class,
  vscode.SymbolKind.Interface, vscode.SymbolKind.Enum, vscode.SymbolKind.Struct,
]);

interface Found {
  name: string;
  range: vscode.Range;
  kind: vscode.SymbolKind;
}

function flatten(symbols: readonly (vscode.DocumentSymbol | vscode.SymbolInformation)[]): Found[] {
  const out: Found[] = [];
  const visit = (symbol: vscode.DocumentSymbol | vscode.SymbolInformation) => {
    if ('location' in symbol) out.push({ name: symbol.name, range: symbol.location.range, kind: symbol.kind });
    else {
      out.push({ name: symbol.name, range: symbol.range, kind: symbol.kind });
      symbol.children.forEach(visit);
    }
  };
  symbols.forEach(visit);
  return out;
}

async function providerSymbolAt(document: vscode.TextDocument, position: vscode.Position): Promise<Found | undefined> {
  let symbols: (vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined;
  try {
    symbols = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', document.uri);
  } catch {
    return undefined; // no provider for this language
  }
  const containing = flatten(symbols ?? []).filter((s) => DOCUMENTABLE.has(s.kind) && s.range.contains(position));
  if (!containing.length) return undefined;
  const innermost = (list: Found[]) => list.reduce((a, b) => (a.range.contains(b.range) ? b : a));
  const preferred = containing.filter((s) => PREFERRED.has(s.kind));
  return innermost(preferred.length ? preferred : containing);
}

export async function symbolRangeAt(document: vscode.TextDocument, position: vscode.Position, syntax: SyntaxService): Promise<{ name: string; range: vscode.Range } | undefined> {
  const text = document.getText();
  const lines = analyzeLines(text.replace(/\r\n/g, '\n'), document.languageId);
  const found = await providerSymbolAt(document, position);
  if (found) {
    const start = leadingBlockStart(lines, found.range.start.line);
    return { name: found.name, range: new vscode.Range(start, 0, found.range.end.line, document.lineAt(found.range.end.line).range.end.character) };
  }
  // No provider (or nothing there): the top-level unit around the cursor, split by the file's
  // syntax tree where it parses cleanly (the line scanner otherwise, as the refactor split does).
  const normalized = text.replace(/\r\n/g, '\n');
  const tree = await parseFile(syntax, normalized, document.languageId);
  let units;
  try {
    units = topLevelUnits(normalized, document.languageId, tree).units;
  } finally {
    tree?.dispose();
  }
  const unit = units.find((u) => u.startLine <= position.line && position.line < u.endLine);
  if (!unit) return undefined;
  const header = headerLine(normalized, lines, unit);
  const name = declaredName(header);
  if (!name || !header) return undefined;
  let endLine = unit.endLine - 1;
  while (endLine > unit.startLine && lines[endLine].blank) endLine--;
  return { name, range: new vscode.Range(unit.startLine, 0, endLine, document.lineAt(endLine).range.end.character) };
}
