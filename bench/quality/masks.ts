// Where to put the cursor and what to hide: the cursor kinds of the inline-quality issue, found with
// a syntax tree so every mask is a whole, real piece of code. A case is the file with the masked span
// removed (the cursor where it was) and the masked text: the suggestion a perfect engine shows.
import type { CorpusFile } from './corpus';
import { shuffled } from '../support/random';
import type { SyntaxNode } from '../../src/common/syntax/types';

export const CURSOR_KINDS = [
  'empty_block',
  'blank_line',
  'comment',
  'continuation_jsx',
  'continuation_arguments',
  'continuation_object',
  'continuation_array',
  'continuation_chain',
  'continuation_binary',
  'mid_line',
  'end_of_line',
] as const;
export type CursorKind = (typeof CURSOR_KINDS)[number];
/** Kinds real code has only a few of per hundred files (the harness searches more files for them). */
export const SCARCE_KINDS: readonly CursorKind[] = ['continuation_jsx', 'continuation_object', 'continuation_array', 'continuation_chain', 'continuation_binary'];

export interface MaskCase {
  id: string;
  file: CorpusFile;
  kind: CursorKind;
  /** The file without the masked span. */
  text: string;
  /** Cursor offset in `text`. */
  offset: number;
  masked: string;
  multiline: boolean;
}

/** Longer masks belong to the next request, not to one suggestion. */
const MAX_MASK_LINES = 12;
const MAX_MASK_CHARS = 600;
const MAX_SINGLE_LINE_CHARS = 160;

/** Bodies whose emptiness invites a multi-line suggestion (class bodies and object literals are not). */
const BLOCK_OWNERS = new Set([
  'function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration',
  'if_statement', 'else_clause', 'for_statement', 'for_in_statement', 'while_statement', 'do_statement', 'try_statement',
  'catch_clause', 'finally_clause', 'function_definition', 'elif_clause', 'with_statement', 'except_clause',
]);
const BODY_TYPES = new Set(['statement_block', 'block']);
const STATEMENT_PARENTS = new Set(['statement_block', 'block', 'program', 'module', 'class_body', 'switch_case', 'switch_default']);
const CONTINUATIONS: Record<string, CursorKind> = {
  arguments: 'continuation_arguments',
  argument_list: 'continuation_arguments',
  object: 'continuation_object',
  dictionary: 'continuation_object',
  array: 'continuation_array',
  list: 'continuation_array',
  binary_expression: 'continuation_binary',
  binary_operator: 'continuation_binary',
  boolean_operator: 'continuation_binary',
  jsx_element: 'continuation_jsx',
  jsx_self_closing_element: 'continuation_jsx',
};

export interface MaskOptions {
  /** Cases kept per cursor kind and file. */
  perKind: number;
  seed: number;
}

/** Every cursor kind's cases in one file: candidates from the tree, then a seeded pick per kind. */
export function maskCases(file: CorpusFile, root: SyntaxNode, options: MaskOptions): MaskCase[] {
  const candidates = new Map<CursorKind, Array<[start: number, end: number]>>();
  const seenCursor = new Set<number>();
  const propose = (kind: CursorKind, span: [number, number] | undefined) => {
    if (!span || seenCursor.has(span[0]) || !acceptable(file.text.slice(span[0], span[1]))) return;
    seenCursor.add(span[0]);
    const list = candidates.get(kind) ?? [];
    list.push(span);
    candidates.set(kind, list);
  };
  visit(root, (node) => {
    if (BODY_TYPES.has(node.type) && node.parent && BLOCK_OWNERS.has(node.parent.type)) propose('empty_block', blockBody(file.text, node));
    if (isStatement(node) && node.parent && BODY_TYPES.has(node.parent.type) && namedSibling(node, -1) !== undefined && namedSibling(node, -1)?.type !== 'comment') {
      propose('blank_line', wholeStatement(file.text, node));
    }
    if (node.type === 'comment') propose('comment', afterComment(file.text, node));
    const continuation = CONTINUATIONS[node.type];
    if (continuation) propose(continuation, restOfStatement(file.text, node, lineEnd(file.text, node.startIndex)));
    if (node.type === 'member_expression') propose('continuation_chain', chainedCall(file.text, node));
    if (node.type === 'arguments' || node.type === 'argument_list') propose('mid_line', insideArguments(file.text, node));
    propose('end_of_line', valueToLineEnd(file.text, node));
  });
  const cases: MaskCase[] = [];
  for (const kind of CURSOR_KINDS) {
    const spans = shuffled(candidates.get(kind) ?? [], options.seed).slice(0, options.perKind);
    for (const [start, end] of spans.sort((a, b) => a[0] - b[0])) {
      const masked = file.text.slice(start, end);
      cases.push({
        id: `${file.label}@${start}:${kind}`,
        file,
        kind,
        text: file.text.slice(0, start) + file.text.slice(end),
        offset: start,
        masked,
        multiline: masked.includes('\n'),
      });
    }
  }
  return cases;
}

/** The named node before (-1) or after (+1) this one under the same parent. */
function namedSibling(node: SyntaxNode, step: -1 | 1): SyntaxNode | undefined {
  const siblings = node.parent?.namedChildren ?? [];
  const index = siblings.findIndex((sibling) => sibling.startIndex === node.startIndex && sibling.endIndex === node.endIndex && sibling.type === node.type);
  return index < 0 ? undefined : siblings[index + step];
}

function visit(node: SyntaxNode, fn: (node: SyntaxNode) => void): void {
  fn(node);
  for (const child of node.namedChildren) visit(child, fn);
}

function acceptable(masked: string): boolean {
  if (masked.trim().length < 2 || masked.length > MAX_MASK_CHARS) return false;
  const lines = masked.split('\n').length;
  return lines <= MAX_MASK_LINES && (lines > 1 || masked.length <= MAX_SINGLE_LINE_CHARS);
}

function isStatement(node: SyntaxNode): boolean {
  return /_statement$|^lexical_declaration$|^variable_declaration$|^function_definition$|^function_declaration$/.test(node.type) && node.parent !== null && STATEMENT_PARENTS.has(node.parent.type);
}

/** A block's statements, from the first one's first character to the end of the last one's line; the opener ends its line. */
function blockBody(text: string, block: SyntaxNode): [number, number] | undefined {
  const statements = block.namedChildren.filter((child) => child.type !== 'comment');
  if (statements.length === 0) return undefined;
  const first = block.namedChildren[0];
  const last = block.namedChildren[block.namedChildren.length - 1];
  if (!startsItsLine(text, first) || first.startPosition.row === block.parent?.startPosition.row) return undefined;
  // The header (`{` or `:`) must end the line before the body.
  const before = text.slice(lineStart(text, lineStart(text, first.startIndex) - 1), lineStart(text, first.startIndex)).trimEnd();
  if (!/[{:]$/.test(before)) return undefined;
  const end = contentEnd(text, last.endIndex - 1);
  return endsItsLine(text, last.endIndex, end) ? [first.startIndex, end] : undefined;
}

/** A statement that fills its own lines. */
function wholeStatement(text: string, node: SyntaxNode): [number, number] | undefined {
  if (!startsItsLine(text, node)) return undefined;
  const end = contentEnd(text, node.endIndex - 1);
  return endsItsLine(text, node.endIndex, end) ? [node.startIndex, end] : undefined;
}

/** A line comment on its own line, followed on the next line by the statement it describes. */
function afterComment(text: string, comment: SyntaxNode): [number, number] | undefined {
  if (!/^(\/\/|#)\s*\w/.test(comment.text) || /eslint|prettier|istanbul|type:|noqa|pragma|ts-/.test(comment.text)) return undefined;
  const next = namedSibling(comment, 1);
  if (!next || next.type === 'comment' || next.startPosition.row !== comment.endPosition.row + 1 || !startsItsLine(text, comment)) return undefined;
  if (!isStatement(next) && !/expression_statement|declaration|definition/.test(next.type)) return undefined;
  return wholeStatement(text, next);
}

/**
 * A multi-line expression started on the cursor's line: the cursor at the end of its first line,
 * the mask the rest of the statement it belongs to. Only where that is unambiguous: the statement
 * starts on the cursor's line and ends on the expression's last line, so the expression's end and
 * the statement's end are the same place (`foo(` ⏎ `a,` ⏎ `b);`).
 */
function restOfStatement(text: string, node: SyntaxNode, firstLineEnd: number): [number, number] | undefined {
  if (node.startPosition.row === node.endPosition.row) return undefined;
  const cursor = contentEnd(text, firstLineEnd - 1);
  if (cursor <= node.startIndex || /\/\/|\/\*|#/.test(text.slice(lineStart(text, cursor), cursor)) || insideString(node, cursor)) return undefined;
  const statement = enclosingStatement(node);
  if (!statement || statement.startIndex < lineStart(text, cursor) || statement.endPosition.row !== node.endPosition.row) return undefined;
  const end = contentEnd(text, statement.endIndex - 1);
  return endsItsLine(text, statement.endIndex, end) && end > cursor ? [cursor, end] : undefined;
}

/** The offset is inside a string of `node` (a multi-line string's first line is not an unfinished expression). */
function insideString(node: SyntaxNode, offset: number): boolean {
  for (let current = node.descendantForIndex(offset - 1, offset); current && current !== node; current = current.parent) {
    if (/string|template/.test(current.type) && current.startIndex < offset && offset < current.endIndex) return true;
  }
  return false;
}

/** `a.b(…)` ⏎ `.c(…)`: the cursor at the end of the line before the first `.` that starts a line. */
function chainedCall(text: string, member: SyntaxNode): [number, number] | undefined {
  const object = member.childForFieldName('object');
  const property = member.childForFieldName('property');
  if (!object || !property || object.endPosition.row === property.startPosition.row) return undefined;
  // The innermost break of a chain: the object itself fits on one line.
  if (object.startPosition.row !== object.endPosition.row) return undefined;
  return restOfStatement(text, outermostChainLink(member), object.endIndex);
}

/** The last call or member access of the chain `member` belongs to (`a` ⏎ `.b()` ⏎ `.c()` as a whole). */
function outermostChainLink(member: SyntaxNode): SyntaxNode {
  let top = member;
  while (top.parent && (top.parent.type === 'call_expression' || top.parent.type === 'member_expression') && top.parent.startIndex === member.startIndex) top = top.parent;
  return top;
}

/** `f(█args)` on one line: the arguments are masked, the closing parenthesis stays. */
function insideArguments(text: string, args: SyntaxNode): [number, number] | undefined {
  if (args.startPosition.row !== args.endPosition.row || args.namedChildren.length === 0) return undefined;
  const start = args.startIndex + 1;
  const end = args.endIndex - 1;
  return end - start >= 3 && text[args.endIndex - 1] === ')' ? [start, end] : undefined;
}

/** `x = █value` / `return █value` on one line: the value to the end of its line. */
function valueToLineEnd(text: string, node: SyntaxNode): [number, number] | undefined {
  let value: SyntaxNode | null = null;
  if (node.type === 'variable_declarator' || node.type === 'assignment_expression' || node.type === 'assignment') {
    value = node.childForFieldName('value') ?? node.childForFieldName('right');
  } else if (node.type === 'return_statement') {
    value = node.namedChildren[0] ?? null;
  }
  if (!value || value.startPosition.row !== value.endPosition.row) return undefined;
  const statement = enclosingStatement(node);
  if (!statement || statement.startPosition.row !== statement.endPosition.row) return undefined;
  const end = contentEnd(text, value.startIndex);
  return endsItsLine(text, statement.endIndex, end) ? [value.startIndex, end] : undefined;
}

function enclosingStatement(node: SyntaxNode): SyntaxNode | undefined {
  let current: SyntaxNode | null = node;
  while (current && !(current.parent && STATEMENT_PARENTS.has(current.parent.type))) current = current.parent;
  return current ?? undefined;
}

function startsItsLine(text: string, node: SyntaxNode): boolean {
  return text.slice(lineStart(text, node.startIndex), node.startIndex).trim() === '';
}

/** Nothing but whitespace between a node's end and the end of its line's content. */
function endsItsLine(text: string, nodeEnd: number, end: number): boolean {
  return nodeEnd <= end && text.slice(nodeEnd, end).trim() === '';
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
}

/** End of the line holding `offset`, before its trailing whitespace. */
function contentEnd(text: string, offset: number): number {
  const start = lineStart(text, offset);
  return start + text.slice(start, lineEnd(text, offset)).trimEnd().length;
}
