// Safety checks on model output: "did documenting change the code?" (comment-stripped equality),
// "were existing comments kept?", and "are the brackets still balanced?".
import { scan, syntaxFor, type LanguageSyntax, type Segment } from './lexer';

/** Python docstrings are string statements right after a `:` header (or at the file's start). */
function isDocstring(text: string, segment: Segment, previousCode: string): boolean {
  if (segment.kind !== 'string') return false;
  const before = previousCode.trimEnd();
  if (before !== '' && !before.endsWith(':')) return false;
  const lineEnd = text.indexOf('\n', segment.end);
  const rest = text.slice(segment.end, lineEnd < 0 ? text.length : lineEnd);
  return /^\s*(#.*)?$/.test(rest);
}

/** The scanner's segments, with comments and Python docstrings marked as documentation. */
function classify(text: string, syntax: LanguageSyntax): Array<Segment & { documentation: boolean }> {
  const out: Array<Segment & { documentation: boolean }> = [];
  let previousCode = '';
  for (const segment of scan(text, syntax)) {
    const value = text.slice(segment.start, segment.end);
    const documentation = segment.kind === 'comment' || (!!syntax.indentation && isDocstring(text, segment, previousCode));
    out.push({ ...segment, documentation });
    if (documentation) continue;
    if (segment.kind === 'code') previousCode = value.trim() === '' ? previousCode : value;
    else previousCode = value;
  }
  return out;
}

function commentsOf(text: string, syntax: LanguageSyntax): string[] {
  return classify(text, syntax).filter((segment) => segment.documentation).map((segment) => text.slice(segment.start, segment.end));
}

/** One token of code outside comments, with its offset in the text it came from. */
interface CodeToken {
  text: string;
  offset: number;
}

/**
 * The code outside comments (and Python docstrings) as tokens: words of code split at whitespace,
 * string, template and regex literals verbatim (whitespace inside them is behaviour), and, for
 * indentation-sensitive languages, each code line's indentation. Equal token lists mean only
 * documentation changed.
 */
function codeTokens(text: string, languageId: string): CodeToken[] {
  const syntax = syntaxFor(languageId);
  const tokens: CodeToken[] = [];
  for (const segment of classify(text, syntax)) {
    if (segment.documentation) continue;
    const value = text.slice(segment.start, segment.end);
    if (segment.kind === 'string') tokens.push({ text: value, offset: segment.start });
    else for (const word of value.matchAll(/\S+/g)) tokens.push({ text: word[0], offset: segment.start + word.index });
  }
  if (!syntax.indentation) return tokens;
  // Indentation counts where it is syntax: one token per line whose first character starts a
  // code token (comment-only lines, docstrings and continuation lines inside literals have none).
  const starts = new Set(tokens.map((token) => token.offset));
  const indents: CodeToken[] = [];
  for (let lineStart = 0; lineStart < text.length; ) {
    const lineEnd = text.indexOf('\n', lineStart);
    const indent = /^[ \t]*/.exec(text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd))![0];
    if (starts.has(lineStart + indent.length)) indents.push({ text: `\n${indent}`, offset: lineStart + indent.length });
    if (lineEnd < 0) break;
    lineStart = lineEnd + 1;
  }
  const merged: CodeToken[] = [];
  let i = 0;
  for (const token of tokens) {
    while (i < indents.length && indents[i].offset <= token.offset) merged.push(indents[i++]);
    merged.push(token);
  }
  return merged;
}

/** The code without comments, as one comparable string (equal: only documentation differs). */
export function codeFingerprint(text: string, languageId: string): string {
  return codeTokens(text.replace(/\r\n/g, '\n'), languageId).map((token) => token.text).join(' ');
}

export function sameCode(before: string, after: string, languageId: string): boolean {
  return codeFingerprint(before, languageId) === codeFingerprint(after, languageId);
}

/** The first line (1-based, in `after`) where the code differs, to name it in a warning. */
export function firstCodeDifference(before: string, after: string, languageId: string): number | undefined {
  const normalized = after.replace(/\r\n/g, '\n');
  const a = codeTokens(before.replace(/\r\n/g, '\n'), languageId);
  const b = codeTokens(normalized, languageId);
  let i = 0;
  while (i < a.length && i < b.length && a[i].text === b[i].text) i++;
  if (i === a.length && i === b.length) return undefined;
  // The differing token's own position (not the first occurrence of its text); code missing at
  // the end is reported at the answer's last line.
  const offset = i < b.length ? b[i].offset : normalized.trimEnd().length;
  return normalized.slice(0, offset).split('\n').length;
}

function normalizeComment(comment: string): string {
  return comment.replace(/\s+/g, ' ').trim();
}

/** Existing comments that are missing (or were changed) in the new text. */
export function missingComments(before: string, after: string, languageId: string): string[] {
  const syntax = syntaxFor(languageId);
  const available = new Map<string, number>();
  for (const comment of commentsOf(after.replace(/\r\n/g, '\n'), syntax)) {
    const key = normalizeComment(comment);
    available.set(key, (available.get(key) ?? 0) + 1);
  }
  const missing: string[] = [];
  for (const comment of commentsOf(before.replace(/\r\n/g, '\n'), syntax)) {
    const key = normalizeComment(comment);
    const left = available.get(key) ?? 0;
    if (left > 0) available.set(key, left - 1);
    else missing.push(comment);
  }
  return missing;
}

const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/**
 * What stays unmatched after pairing brackets in code: closers without an opener (in order) and
 * openers left open. A whole file should have none; a fragment of a file should keep its own.
 */
export interface BracketResidue {
  unmatchedClosers: string;
  unclosed: string;
  /** True when the text ends inside a string or block comment. */
  unterminatedLiteral: boolean;
  /** A closer that did not match the innermost opener, with its 1-based line. */
  mismatch?: { line: number; found: string; expected: string };
}

export function bracketResidue(text: string, languageId: string): BracketResidue {
  const syntax = syntaxFor(languageId);
  const stack: string[] = [];
  let unmatchedClosers = '';
  let mismatch: BracketResidue['mismatch'];
  let unterminatedLiteral = false;
  const segments = scan(text, syntax);
  for (const segment of segments) {
    if (segment.kind !== 'code') continue;
    for (let i = segment.start; i < segment.end; i++) {
      const ch = text[i];
      if (ch === '(' || ch === '[' || ch === '{') stack.push(ch);
      else if (ch in PAIRS) {
        const open = stack.pop();
        if (open === undefined) unmatchedClosers += ch;
        else if (open !== PAIRS[ch] && !mismatch) {
          mismatch = { line: text.slice(0, i).split('\n').length, found: ch, expected: closerOf(open) };
        }
      }
    }
  }
  const last = segments[segments.length - 1];
  if (last && last.kind !== 'code' && last.end === text.length) {
    const value = text.slice(last.start, last.end);
    unterminatedLiteral = last.kind === 'comment' ? isOpenBlockComment(value, syntax) : isOpenString(value);
  }
  return { unmatchedClosers, unclosed: stack.join(''), unterminatedLiteral, mismatch };
}

function closerOf(open: string): string {
  return open === '(' ? ')' : open === '[' ? ']' : '}';
}

function isOpenBlockComment(value: string, syntax: LanguageSyntax): boolean {
  const block = syntax.blockComment;
  return !!block && value.startsWith(block.open) && !value.endsWith(block.close);
}

function isOpenString(value: string): boolean {
  const quote = value.replace(/^[rbfuRB@$#]+/, '')[0];
  return value.length < 2 || !value.replace(/#+$/, '').endsWith(quote);
}
