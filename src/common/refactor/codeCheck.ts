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

interface Split {
  code: string;
  comments: string[];
}

function separate(text: string, syntax: LanguageSyntax): Split {
  const pieces: string[] = [];
  const comments: string[] = [];
  let previousCode = '';
  for (const segment of scan(text, syntax)) {
    const value = text.slice(segment.start, segment.end);
    if (segment.kind === 'comment' || (syntax.indentation && isDocstring(text, segment, previousCode))) {
      comments.push(value);
      // Keep a line break where a multi-line comment was, so the lines around it stay apart.
      pieces.push(value.includes('\n') ? '\n' : ' ');
      continue;
    }
    pieces.push(value);
    if (segment.kind === 'code') previousCode = value.trim() === '' ? previousCode : value;
    else previousCode = value;
  }
  return { code: pieces.join(''), comments };
}

/**
 * The code with comments (and Python docstrings) removed and whitespace normalized: equal
 * fingerprints mean documentation was added or changed but no code was. Indentation stays
 * significant for Python.
 */
export function codeFingerprint(text: string, languageId: string): string {
  const syntax = syntaxFor(languageId);
  const { code } = separate(text.replace(/\r\n/g, '\n'), syntax);
  if (syntax.indentation) {
    return code
      .split('\n')
      .map((line) => {
        const indent = /^[ \t]*/.exec(line)![0];
        return indent + line.slice(indent.length).replace(/\s+/g, ' ').trim();
      })
      .filter((line) => line.trim() !== '')
      .join('\n');
  }
  return code.replace(/\s+/g, ' ').trim();
}

export function sameCode(before: string, after: string, languageId: string): boolean {
  return codeFingerprint(before, languageId) === codeFingerprint(after, languageId);
}

/** The first line (1-based, in `after`) where the code differs, to name it in a warning. */
export function firstCodeDifference(before: string, after: string, languageId: string): number | undefined {
  const a = codeFingerprint(before, languageId);
  const b = codeFingerprint(after, languageId);
  if (a === b) return undefined;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  // Map the differing token back to a line of `after` by searching for the text around it.
  const token = b.slice(i, i + 24).trim().split(/\s/)[0];
  const index = token ? after.indexOf(token) : -1;
  return index < 0 ? 1 : after.slice(0, index).split('\n').length;
}

function normalizeComment(comment: string): string {
  return comment.replace(/\s+/g, ' ').trim();
}

/** Existing comments that are missing (or were changed) in the new text. */
export function missingComments(before: string, after: string, languageId: string): string[] {
  const syntax = syntaxFor(languageId);
  const available = new Map<string, number>();
  for (const comment of separate(after.replace(/\r\n/g, '\n'), syntax).comments) {
    const key = normalizeComment(comment);
    available.set(key, (available.get(key) ?? 0) + 1);
  }
  const missing: string[] = [];
  for (const comment of separate(before.replace(/\r\n/g, '\n'), syntax).comments) {
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
