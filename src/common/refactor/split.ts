// Splits a file into top-level symbols (with their leading comments, decorators and attributes)
// — by syntax tree where one is given, by a line scanner otherwise — and packs them into parts under a token budget, so a file too big for one answer can be
// rewritten part by part and merged by plain concatenation: parts always tile the text exactly.
import { containerBodyAt, declarationStartRows } from '../syntax/queries';
import type { SyntaxTree } from '../syntax/types';
import { scan, syntaxFor, type LanguageSyntax } from './lexer';

export interface LineInfo {
  start: number;
  /** Bracket depth before the line's first character. */
  depth: number;
  /** The line starts inside a comment or string that began on an earlier line. */
  inside: boolean;
  blank: boolean;
  indent: number;
  /** Comment-only line, decorator or attribute: belongs to the declaration below it. */
  leading: boolean;
  /** Starts with a closing bracket or a continuation keyword (else, except, catch, …). */
  continuation: boolean;
}

/** A run of whole lines [startLine, endLine) at offsets [start, end). */
export interface Unit {
  startLine: number;
  endLine: number;
  start: number;
  end: number;
  /** Header lines of the symbols this unit is nested in (outermost first), for the prompt. */
  enclosing: string[];
}

/** Headers of symbols whose members can be rewritten separately (a function body cannot). */
const CONTAINER = /\b(?:class|interface|namespace|module|impl|trait|object|struct|enum|extension|mod|record|protocol)\b/;

const CONTINUATION = /^(?:[)\]}]|else\b|elif\b|except\b|finally\b|catch\b|where\b)/;

export function analyzeLines(text: string, languageId: string): LineInfo[] {
  const syntax = syntaxFor(languageId);
  const segments = scan(text, syntax);
  const infos: LineInfo[] = [];
  let depth = 0;
  let segmentIndex = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    while (segmentIndex < segments.length && segments[segmentIndex].end <= lineStart && segments[segmentIndex].end < text.length) segmentIndex++;
    const segment = segments[segmentIndex];
    const inside = !!segment && segment.kind !== 'code' && segment.start < lineStart && segment.end > lineStart;
    const line = text.slice(lineStart, lineEnd);
    const trimmed = line.trim();
    const indent = line.length - line.trimStart().length;
    infos.push({
      start: lineStart,
      depth,
      inside,
      blank: trimmed === '',
      indent,
      leading: !inside && trimmed !== '' && isLeadingLine(text, lineStart + indent, trimmed, syntax, languageId),
      continuation: CONTINUATION.test(trimmed),
    });
    // Advance the bracket depth over this line's code characters.
    for (let i = segmentIndex; i < segments.length && segments[i].start < lineEnd + 1; i++) {
      const seg = segments[i];
      if (seg.kind !== 'code') continue;
      const from = Math.max(seg.start, lineStart);
      const to = Math.min(seg.end, lineEnd + 1);
      for (let j = from; j < to; j++) {
        const ch = text.charCodeAt(j);
        if (ch === 40 || ch === 91 || ch === 123) depth++;
        else if ((ch === 41 || ch === 93 || ch === 125) && depth > 0) depth--;
      }
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return infos;
}

function isLeadingLine(text: string, firstChar: number, trimmed: string, syntax: LanguageSyntax, languageId: string): boolean {
  if (syntax.lineComments.some((marker) => trimmed.startsWith(marker))) {
    // Rust inner attributes and shebangs are not leading comments; `#[` is handled below.
    if (!trimmed.startsWith('#[') && !trimmed.startsWith('#!')) return true;
  }
  if (syntax.blockComment && trimmed.startsWith(syntax.blockComment.open)) {
    const close = text.indexOf(syntax.blockComment.close, firstChar + syntax.blockComment.open.length);
    const after = close < 0 ? '' : text.slice(close + syntax.blockComment.close.length, text.indexOf('\n', close) < 0 ? undefined : text.indexOf('\n', close));
    return after.trim() === '';
  }
  if (trimmed.startsWith('@') && !trimmed.startsWith('@interface')) return true;
  if (trimmed.startsWith('#[')) return true;
  return languageId === 'csharp' && /^\[[A-Z]/.test(trimmed);
}

function lineEndOffset(text: string, lines: LineInfo[], endLine: number): number {
  return endLine < lines.length ? lines[endLine].start : text.length;
}

/** Units of the lines [from, to): runs starting at the region's own declarations. */
export function unitsInRegion(text: string, lines: LineInfo[], from: number, to: number, enclosing: string[] = []): Unit[] {
  const eligible = (i: number) => !lines[i].blank && !lines[i].inside && !lines[i].continuation;
  let regionDepth = Infinity;
  for (let i = from; i < to; i++) if (eligible(i)) regionDepth = Math.min(regionDepth, lines[i].depth);
  let regionIndent = Infinity;
  for (let i = from; i < to; i++) if (eligible(i) && lines[i].depth === regionDepth) regionIndent = Math.min(regionIndent, lines[i].indent);

  const cuts: number[] = [from];
  let previousNonBlank = -1;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    const isCut =
      i > from &&
      eligible(i) &&
      line.depth === regionDepth &&
      line.indent === regionIndent &&
      !(previousNonBlank >= from && lines[previousNonBlank].leading && lines[previousNonBlank].depth === regionDepth);
    if (isCut) cuts.push(i);
    if (!line.blank) previousNonBlank = i;
  }
  return cuts.map((startLine, k) => {
    const endLine = k + 1 < cuts.length ? cuts[k + 1] : to;
    return { startLine, endLine, start: lines[startLine].start, end: lineEndOffset(text, lines, endLine), enclosing };
  });
}

/**
 * With a syntax tree of `text` (without errors) the cuts are where the tree's top-level
 * declarations start; otherwise the line scanner decides (languages without a grammar).
 */
export function topLevelUnits(text: string, languageId: string, tree?: SyntaxTree): { lines: LineInfo[]; units: Unit[] } {
  const lines = analyzeLines(text, languageId);
  if (!treeFits(tree, text)) return { lines, units: unitsInRegion(text, lines, 0, lines.length) };
  return { lines, units: unitsFromCuts(text, lines, [0, ...declarationStartRows(tree.root, 0, lines.length)], lines.length, []) };
}

/** A tree is used only for the very text it parsed and only where it parsed cleanly. */
function treeFits(tree: SyntaxTree | undefined, text: string): tree is SyntaxTree {
  return tree !== undefined && tree.text === text && !tree.root.hasError;
}

function unitsFromCuts(text: string, lines: LineInfo[], cuts: number[], to: number, enclosing: string[]): Unit[] {
  const sorted = [...new Set(cuts)].sort((a, b) => a - b);
  return sorted.map((startLine, k) => {
    const endLine = k + 1 < sorted.length ? sorted[k + 1] : to;
    return { startLine, endLine, start: lines[startLine].start, end: lineEndOffset(text, lines, endLine), enclosing };
  });
}

/** The declaration line of a unit (its first line that is not a comment, decorator or blank). */
export function headerLine(text: string, lines: LineInfo[], unit: Unit): string {
  for (let i = unit.startLine; i < unit.endLine; i++) {
    if (!lines[i].blank && !lines[i].leading && !lines[i].inside) {
      return text.slice(lines[i].start, lineEndOffset(text, lines, i + 1)).trimEnd();
    }
  }
  return '';
}

/**
 * The members of a container unit (a class, namespace, impl block…): its body split like a file,
 * with the header attached to the first member and the closing lines to the last. Undefined when
 * the unit is not a container or has no body to split.
 */
export function subdivide(text: string, lines: LineInfo[], unit: Unit, languageId: string, tree?: SyntaxTree): Unit[] | undefined {
  if (treeFits(tree, text)) return subdivideByTree(text, lines, unit, tree);
  const indentation = !!syntaxFor(languageId).indentation;
  const header = unit.startLine;
  let headerDepth = -1;
  let headerIndent = -1;
  let bodyStart = -1;
  for (let i = header; i < unit.endLine; i++) {
    const line = lines[i];
    if (line.blank || line.inside) continue;
    if (headerDepth < 0) {
      if (line.leading) continue;
      headerDepth = line.depth;
      headerIndent = line.indent;
      continue;
    }
    const deeper = indentation ? line.indent > headerIndent && line.depth === headerDepth : line.depth > headerDepth;
    if (deeper) {
      bodyStart = i;
      break;
    }
  }
  if (bodyStart < 0 || !CONTAINER.test(headerLine(text, lines, unit))) return undefined;
  const inner = unitsInRegion(text, lines, bodyStart, unit.endLine, [...unit.enclosing, headerLine(text, lines, unit)]);
  if (inner.length < 2) return undefined;
  inner[0] = { ...inner[0], startLine: unit.startLine, start: unit.start };
  return inner;
}

function subdivideByTree(text: string, lines: LineInfo[], unit: Unit, tree: SyntaxTree): Unit[] | undefined {
  let header = unit.startLine;
  while (header < unit.endLine && (lines[header].blank || lines[header].leading || lines[header].inside)) header++;
  if (header >= unit.endLine) return undefined;
  const body = containerBodyAt(tree.root, lines[header].start + lines[header].indent);
  if (!body) return undefined;
  const cuts = declarationStartRows(body, header + 1, unit.endLine);
  if (cuts.length < 2) return undefined;
  const inner = unitsFromCuts(text, lines, cuts, unit.endLine, [...unit.enclosing, headerLine(text, lines, unit)]);
  inner[0] = { ...inner[0], startLine: unit.startLine, start: unit.start };
  return inner;
}

export interface PackedPart {
  units: Unit[];
  start: number;
  end: number;
  tokens: number;
  /** Too big for a rewrite even alone, and not divisible: process as search/replace edits. */
  oversized: boolean;
}

/**
 * Greedy packing of consecutive units into parts of at most `budget` tokens; a unit over budget
 * is subdivided into members (recursively), and one that cannot be is a part of its own.
 */
export function packUnits(
  text: string,
  lines: LineInfo[],
  units: Unit[],
  languageId: string,
  tokensOf: (start: number, end: number) => number,
  budget: number,
  maxDepth = 3,
  tree?: SyntaxTree,
): PackedPart[] {
  const parts: PackedPart[] = [];
  let current: PackedPart | undefined;
  const flush = () => {
    if (current) parts.push(current);
    current = undefined;
  };
  for (const unit of units) {
    const tokens = tokensOf(unit.start, unit.end);
    if (tokens > budget) {
      flush();
      const members = maxDepth > 0 ? subdivide(text, lines, unit, languageId, tree) : undefined;
      if (members) parts.push(...packUnits(text, lines, members, languageId, tokensOf, budget, maxDepth - 1, tree));
      else parts.push({ units: [unit], start: unit.start, end: unit.end, tokens, oversized: true });
      continue;
    }
    if (current && current.tokens + tokens > budget) flush();
    if (!current) current = { units: [], start: unit.start, end: unit.end, tokens: 0, oversized: false };
    current.units.push(unit);
    current.end = unit.end;
    current.tokens += tokens;
  }
  flush();
  return parts;
}

/** A compact outline of the file (declaration lines of its top-level units) for part prompts. */
export function outline(text: string, lines: LineInfo[], units: Unit[], maxLines = 200): string {
  const headers = units.map((unit) => headerLine(text, lines, unit)).filter((line) => line !== '').map((line) => (line.length > 120 ? `${line.slice(0, 117)}...` : line));
  if (headers.length > maxLines) return [...headers.slice(0, maxLines), `... (${headers.length - maxLines} more)`].join('\n');
  return headers.join('\n');
}

/** The outline of a whole file, for prompts about one region of it (a symbol, a selection). */
export function fileOutline(text: string, languageId: string, tree?: SyntaxTree): string {
  const { lines, units } = topLevelUnits(text, languageId, tree);
  return outline(text, lines, units);
}

/**
 * The line where a declaration's leading block (doc comments, decorators, attributes) starts,
 * walking up from `line` (0-based) over leading lines and blank lines between them.
 */
export function leadingBlockStart(lines: LineInfo[], line: number): number {
  let start = line;
  for (let i = line - 1; i >= 0; i--) {
    if (lines[i].leading) start = i;
    // Lines inside a multi-line comment count once its opening line (a leading line) is reached.
    else if (!lines[i].inside || lines[i].blank) break;
  }
  return start;
}

const DECLARED_NAME = /\b(?:function\*?|class|interface|type|enum|def|fn|func|struct|trait|impl|const|let|var|val|fun|object|namespace|module|record)\s+(?:\([^)]*\)\s*)?([A-Za-z_$][\w$]*)/;
const CALL_LIKE_NAME = /([A-Za-z_$][\w$]*)\s*\(/;

/** The name a declaration line declares (`export async function load(` → `load`), if any. */
export function declaredName(header: string): string | undefined {
  return DECLARED_NAME.exec(header)?.[1] ?? CALL_LIKE_NAME.exec(header)?.[1];
}

/**
 * The unit (top-level, or a member of a container, searched depth-first) declaring `name`, with
 * trailing blank lines left out. For `gearshift doc --symbol` and editors without a symbol provider.
 */
export function findSymbolUnit(text: string, languageId: string, name: string, tree?: SyntaxTree): Unit | undefined {
  const { lines, units } = topLevelUnits(text, languageId, tree);
  const search = (list: Unit[], depth: number): Unit | undefined => {
    for (const unit of list) {
      if (declaredName(headerLine(text, lines, unit)) === name) return trimBlankTail(text, lines, unit);
      const members = depth < 3 ? subdivide(text, lines, unit, languageId, tree) : undefined;
      // The first member starts with the container's header: look at its own members only.
      const found = members && search(members.map((m, i) => (i === 0 ? { ...m, startLine: firstBodyLine(lines, m, unit), start: lines[firstBodyLine(lines, m, unit)].start } : m)), depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return search(units, 0);
}

function firstBodyLine(lines: LineInfo[], member: Unit, container: Unit): number {
  // The first member was extended up to the container's start; its own lines begin after the
  // container's header line.
  let line = container.startLine;
  while (line < member.endLine && (lines[line].blank || lines[line].leading || lines[line].inside)) line++;
  return Math.min(line + 1, member.endLine - 1);
}

function trimBlankTail(text: string, lines: LineInfo[], unit: Unit): Unit {
  let endLine = unit.endLine;
  while (endLine - 1 > unit.startLine && lines[endLine - 1].blank) endLine--;
  const end = endLine < lines.length ? lines[endLine].start - 1 : text.length;
  return { ...unit, endLine, end: Math.max(unit.start, end) };
}
