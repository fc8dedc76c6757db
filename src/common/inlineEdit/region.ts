// What an inline edit (Ctrl+I) works on when nothing is selected: the innermost declaration around
// the cursor (a method rather than its class), with the comments and decorators above it — the
// unit a user means by "make this async" or "add error handling". Without a syntax tree the line
// scanner's top-level unit answers; outside any unit, the cursor's own line. An empty line is a
// place for new code, as in Copilot's and Continue's Ctrl+I: outside any declaration, new
// top-level code; between a class's members, new members; inside a function's body, new
// statements there (a blank line the user put the cursor on is where they want code, not a
// rewrite of the method, still less of its class).
import { topLevelSymbols, type SyntaxSymbol } from '../syntax/queries';
import type { SyntaxTree } from '../syntax/types';
import { declaredName, headerLine, topLevelUnits } from '../refactor/split';

/** 0-based lines, inclusive. */
export interface LineRegion {
  startLine: number;
  endLine: number;
}

/** The declaration an insertion goes inside, as the syntax tree shows it. */
export interface InsertionScope {
  /** New members of a class (interface, namespace…), or new statements of a function's body. */
  kind: 'members' | 'statements';
  /** How the user reads it: "class TextWrapper", "method TextWrapper.wrap". */
  label: string;
  /** 0-based line of its declaration and that line's text (the prompt quotes it when the window does not reach it). */
  headerLine: number;
  header: string;
  /** The indentation of the code around the line: what new code there takes. */
  indent: string;
  /** Names declared directly inside it (members): an answer that declares one again is a repeat. */
  memberNames: string[];
}

export type EditTarget =
  /** Rewrite these lines; `name` is the declaration's when they are one. */
  | { kind: 'rewrite'; region: LineRegion; name?: string }
  /** Write new code on this (blank) line; `scope` when it is inside a declaration. */
  | { kind: 'insert'; line: number; scope?: InsertionScope };

/** Declarations whose body holds members; functions and methods hold statements; the rest (a variable's value) is rewritten. */
const CONTAINERS = new Set<SyntaxSymbol['kind']>(['class', 'interface', 'namespace', 'enum']);
const BODIES = new Set<SyntaxSymbol['kind']>(['function', 'method']);

export function editTargetAt(text: string, languageId: string, line: number, tree?: SyntaxTree): EditTarget {
  const usable = tree && tree.text === text && !tree.root.hasError ? tree : undefined;
  const lines = text.split('\n');
  const blank = lines[line] === undefined || lines[line].trim() === '';
  const insertable = blank && !(usable && insideLiteral(usable, lines, line));
  if (usable) {
    const path = symbolPathAt(topLevelSymbols(usable, 4), line);
    const symbol = path.at(-1);
    if (symbol && insertable && line > symbol.startLine && line < symbol.endLine && (CONTAINERS.has(symbol.kind) || BODIES.has(symbol.kind))) return { kind: 'insert', line, scope: scopeOf(path, lines, line) };
    if (symbol) return { kind: 'rewrite', region: { startLine: symbol.leadingStartLine, endLine: symbol.endLine }, name: symbol.name || undefined };
  }
  const scanned = topLevelUnits(text, languageId);
  const unit = scanned.units.find((u) => u.startLine <= line && line < u.endLine);
  if (insertable) return { kind: 'insert', line };
  if (unit) {
    let endLine = unit.endLine - 1;
    while (endLine > unit.startLine && scanned.lines[endLine].blank) endLine--;
    return { kind: 'rewrite', region: { startLine: unit.startLine, endLine }, name: declaredName(headerLine(text, scanned.lines, unit).trim()) };
  }
  return { kind: 'rewrite', region: { startLine: line, endLine: line } };
}

function scopeOf(path: readonly SyntaxSymbol[], lines: readonly string[], line: number): InsertionScope {
  const symbol = path.at(-1)!;
  const members = CONTAINERS.has(symbol.kind);
  const names = path.map((s) => s.name).filter(Boolean).join('.');
  return {
    kind: members ? 'members' : 'statements',
    label: `${symbol.kind} ${names}`,
    headerLine: symbol.startLine,
    header: lines[symbol.startLine].trim(),
    indent: members && symbol.children.length ? indentOf(lines[symbol.children[0].startLine]) : bodyIndent(lines, symbol, line),
    memberNames: symbol.children.map((child) => child.name).filter(Boolean),
  };
}

/** The indentation of the body around `line`: the next non-blank line inside it (not a closing bracket), else the one before (not the header). */
function bodyIndent(lines: readonly string[], symbol: SyntaxSymbol, line: number): string {
  for (let i = line + 1; i <= symbol.endLine; i++) if (lines[i].trim() && !(i === symbol.endLine && /^\s*[}\])]/.test(lines[i]))) return indentOf(lines[i]);
  for (let i = line - 1; i > symbol.startLine; i--) if (lines[i].trim()) return indentOf(lines[i]);
  return `${indentOf(lines[symbol.startLine])}    `;
}

/** True when the line lies inside a string or comment (a docstring's blank line is text, not a place for code). */
function insideLiteral(tree: SyntaxTree, lines: readonly string[], line: number): boolean {
  let offset = 0;
  for (let i = 0; i < line && i < lines.length; i++) offset += lines[i].length + 1;
  for (let node = tree.root.descendantForIndex(offset); node; node = node.parent) {
    if (/string|comment|template/.test(node.type)) return true;
  }
  return false;
}

const indentOf = (line: string): string => /^[ \t]*/.exec(line)![0];

/** How the instruction box names what the edit works on: "total (lines 3–9)", "insert at line 12 (in class Store)". */
export function targetLabel(target: EditTarget | { kind: 'selection'; region: LineRegion }): string {
  if (target.kind === 'insert') return `insert at line ${target.line + 1}${target.scope ? ` (in ${target.scope.label})` : ''}`;
  const { startLine, endLine } = target.region;
  const lines = startLine === endLine ? `line ${startLine + 1}` : `lines ${startLine + 1}–${endLine + 1}`;
  if (target.kind === 'selection') return `selection (${lines})`;
  return target.name ? `${target.name} (${lines})` : lines;
}

/** The declarations around `line`, outermost first. */
export function symbolPathAt(symbols: readonly SyntaxSymbol[], line: number): SyntaxSymbol[] {
  for (const symbol of symbols) {
    if (line < symbol.leadingStartLine || line > symbol.endLine) continue;
    return [symbol, ...symbolPathAt(symbol.children, line)];
  }
  return [];
}
