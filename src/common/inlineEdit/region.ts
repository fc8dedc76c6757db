// What an inline edit (Ctrl+I) rewrites when nothing is selected: the innermost declaration around
// the cursor (a method rather than its class), with the comments and decorators above it — the
// unit a user means by "make this async" or "add error handling". Without a syntax tree the line
// scanner's top-level unit answers; outside any unit, the cursor's own line.
import { topLevelSymbols, type SyntaxSymbol } from '../syntax/queries';
import type { SyntaxTree } from '../syntax/types';
import { topLevelUnits } from '../refactor/split';

/** 0-based lines, inclusive. */
export interface LineRegion {
  startLine: number;
  endLine: number;
}

export function editRegionAt(text: string, languageId: string, line: number, tree?: SyntaxTree): LineRegion {
  const usable = tree && tree.text === text && !tree.root.hasError ? tree : undefined;
  if (usable) {
    const symbol = innermostAt(topLevelSymbols(usable, 4), line);
    if (symbol) return { startLine: symbol.leadingStartLine, endLine: symbol.endLine };
  }
  const { lines, units } = topLevelUnits(text, languageId);
  const unit = units.find((u) => u.startLine <= line && line < u.endLine);
  if (unit && !lines[line]?.blank) {
    let endLine = unit.endLine - 1;
    while (endLine > unit.startLine && lines[endLine].blank) endLine--;
    return { startLine: unit.startLine, endLine };
  }
  return { startLine: line, endLine: line };
}

function innermostAt(symbols: readonly SyntaxSymbol[], line: number): SyntaxSymbol | undefined {
  for (const symbol of symbols) {
    if (line < symbol.leadingStartLine || line > symbol.endLine) continue;
    return innermostAt(symbol.children, line) ?? symbol;
  }
  return undefined;
}
