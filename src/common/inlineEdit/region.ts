// What an inline edit (Ctrl+I) works on when nothing is selected: the innermost declaration around
// the cursor (a method rather than its class), with the comments and decorators above it — the
// unit a user means by "make this async" or "add error handling". Without a syntax tree the line
// scanner's top-level unit answers; outside any unit, the cursor's own line — and on an empty
// line outside any declaration there is nothing to rewrite: new code is inserted there instead.
import { topLevelSymbols, type SyntaxSymbol } from '../syntax/queries';
import type { SyntaxTree } from '../syntax/types';
import { declaredName, headerLine, topLevelUnits } from '../refactor/split';

/** 0-based lines, inclusive. */
export interface LineRegion {
  startLine: number;
  endLine: number;
}

export type EditTarget =
  /** Rewrite these lines; `name` is the declaration's when they are one. */
  | { kind: 'rewrite'; region: LineRegion; name?: string }
  /** Write new code on this (blank) line. */
  | { kind: 'insert'; line: number };

export function editTargetAt(text: string, languageId: string, line: number, tree?: SyntaxTree): EditTarget {
  const usable = tree && tree.text === text && !tree.root.hasError ? tree : undefined;
  if (usable) {
    const symbol = innermostAt(topLevelSymbols(usable, 4), line);
    if (symbol) return { kind: 'rewrite', region: { startLine: symbol.leadingStartLine, endLine: symbol.endLine }, name: symbol.name || undefined };
  }
  const { lines, units } = topLevelUnits(text, languageId);
  const unit = units.find((u) => u.startLine <= line && line < u.endLine);
  if (lines[line] === undefined || lines[line].blank) return { kind: 'insert', line };
  if (unit) {
    let endLine = unit.endLine - 1;
    while (endLine > unit.startLine && lines[endLine].blank) endLine--;
    return { kind: 'rewrite', region: { startLine: unit.startLine, endLine }, name: declaredName(headerLine(text, lines, unit).trim()) };
  }
  return { kind: 'rewrite', region: { startLine: line, endLine: line } };
}

/** How the instruction box names what the edit works on: "total (lines 3–9)", "insert at line 12". */
export function targetLabel(target: EditTarget | { kind: 'selection'; region: LineRegion }): string {
  if (target.kind === 'insert') return `insert at line ${target.line + 1}`;
  const { startLine, endLine } = target.region;
  const lines = startLine === endLine ? `line ${startLine + 1}` : `lines ${startLine + 1}–${endLine + 1}`;
  if (target.kind === 'selection') return `selection (${lines})`;
  return target.name ? `${target.name} (${lines})` : lines;
}

function innermostAt(symbols: readonly SyntaxSymbol[], line: number): SyntaxSymbol | undefined {
  for (const symbol of symbols) {
    if (line < symbol.leadingStartLine || line > symbol.endLine) continue;
    return innermostAt(symbol.children, line) ?? symbol;
  }
  return undefined;
}
