import * as fs from 'fs';
import * as path from 'path';
import { getDocContext, indentWidth, textSource, type DocContext } from '../../../src/common/inline/document';

export const FIXTURES = path.join(__dirname, '../../fixtures/code');

const LANGUAGE_BY_EXT: Record<string, string> = { '.ts': 'typescript', '.py': 'python', '.go': 'go', '.java': 'java', '.rs': 'rust' };

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

export function languageOf(name: string): string {
  return LANGUAGE_BY_EXT[path.extname(name)] ?? 'plaintext';
}

export const BIG_BUDGET = { prefixChars: 100_000, suffixChars: 100_000 };

/** A context from text with the cursor at `‸`. */
export function ctxFromMarked(marked: string, languageId = 'typescript', uri = 'file:///test.ts'): DocContext {
  const offset = marked.indexOf('‸');
  if (offset < 0) throw new Error('no cursor marker');
  return ctxAt(marked.slice(0, offset) + marked.slice(offset + 1), offset, languageId, uri);
}

export function ctxAt(text: string, offset: number, languageId = 'typescript', uri = 'file:///test.ts', budget = BIG_BUDGET): DocContext {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  const character = offset - (before.lastIndexOf('\n') + 1);
  return getDocContext(textSource(text), { line, character }, { uri, relativePath: uri.replace('file:///', ''), languageId, version: 1 }, budget);
}

export interface BlockHole {
  ctx: DocContext;
  /** What a perfect model would insert at the cursor. */
  truth: string;
  /** The original file, for making rambling model output. */
  afterBlock: string;
}

/**
 * Removes the body of the block opened on the first line containing `needle`; the cursor goes to
 * the end of that line. `keepCloser` leaves the closing line in place (as an auto-closing editor does).
 */
export function blockHole(name: string, needle: string, keepCloser: boolean): BlockHole {
  const text = fixture(name);
  const lines = text.split('\n');
  const opener = lines.findIndex((l) => l.includes(needle));
  if (opener < 0) throw new Error(`${needle} not in ${name}`);
  const base = indentWidth(lines[opener]);
  let end = opener + 1;
  while (end < lines.length && (lines[end].trim() === '' || indentWidth(lines[end]) > base)) end++;
  const isCloser = /^\s*[}\])]/.test(lines[end] ?? '');
  let bodyEnd = end;
  while (bodyEnd > opener + 1 && lines[bodyEnd - 1].trim() === '') bodyEnd--;
  const body = lines.slice(opener + 1, bodyEnd);
  const truthLines = isCloser && !keepCloser ? [...body, lines[end]] : body;
  const rest = isCloser && keepCloser ? lines.slice(end) : isCloser ? lines.slice(end + 1) : lines.slice(end);
  const doc = [...lines.slice(0, opener + 1), ...rest].join('\n');
  const offset = lines.slice(0, opener + 1).join('\n').length;
  return {
    ctx: ctxAt(doc, offset, languageOf(name), `file:///${name}`),
    truth: `\n${truthLines.join('\n')}`,
    // A model that ignores the closer already there repeats it, then rambles on.
    afterBlock: lines.slice(isCloser && !keepCloser ? end + 1 : end).join('\n'),
  };
}
