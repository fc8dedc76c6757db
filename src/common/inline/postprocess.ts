// Turns raw model text (relative to the cursor) into a suggestion worth showing, or nothing.
import { isBlank, type DocContext } from './document';
import type { CompletionShape } from './shape';

const OPEN = '([{';
const CLOSE = ')]}';

/**
 * The full post-processing chain: truncation for the asked shape, suffix overlap, repeats of the
 * surrounding lines, the bracket guard. Returns undefined when nothing useful is left.
 */
export function finalizeCompletion(raw: string, ctx: DocContext, shape: CompletionShape): string | undefined {
  let text = shape.truncate(raw, true).text;
  text = stripSuffixOverlap(text, ctx, shape);
  text = stripRepeatedLines(text, ctx);
  text = text.replace(/[ \t]+$/gm, '');
  if (text.trim() === '') return undefined;
  if (repeatsNeighbour(text, ctx) || (/^[ \t]*\n/.test(raw) && repeatsFollowing(text, ctx))) return undefined;
  if (!shape.balanced(text)) return undefined;
  return text;
}

/**
 * Removes what the rest of the current line already says (`foo(|)` + `a)` → `a`) — but only where
 * that keeps the line balanced (`sum(|)` + `map(int, parts)` keeps its `)`), and drops extra
 * closers a model adds at the end. The shape judges the candidates (by syntax tree where it can).
 */
export function stripSuffixOverlap(text: string, ctx: DocContext, shape?: CompletionShape): string {
  const stripped = withoutOverlap(text, ctx.lineSuffix.trim());
  const candidates = [...new Set([stripped, text, ...withoutTrailingClosers(text)])];
  if (candidates.length === 1 || !shape) return stripped;
  return shape.pickBalanced(candidates) ?? stripped;
}

function withoutOverlap(text: string, rest: string): string {
  if (rest === '') return text;
  const lastLine = text.slice(text.lastIndexOf('\n') + 1);
  for (let k = rest.length; k > 0; k--) {
    const tail = rest.slice(0, k);
    if (lastLine.trimEnd().endsWith(tail)) return text.slice(0, text.trimEnd().length - tail.length);
  }
  return text;
}

/** The text without one, two, three… of its trailing closing brackets. */
function withoutTrailingClosers(text: string): string[] {
  const out: string[] = [];
  let current = text.trimEnd();
  while (out.length < 3 && /[)\]}]$/.test(current)) {
    current = current.slice(0, -1).trimEnd();
    out.push(current);
  }
  return out;
}

/** Drops trailing suggestion lines that repeat the lines right after the cursor. */
export function stripRepeatedLines(text: string, ctx: DocContext): string {
  if (!text.includes('\n')) return text;
  const following = ctx.suffix.split('\n').slice(1).filter((l) => !isBlank(l)).slice(0, 8).map((l) => l.trimEnd());
  if (following.length === 0) return text;
  const lines = text.split('\n');
  // Find the longest tail of the suggestion equal to the head of what follows.
  for (let start = 1; start < lines.length; start++) {
    const tail = lines.slice(start).filter((l) => !isBlank(l)).map((l) => l.trimEnd());
    if (tail.length > 0 && tail.length <= following.length && tail.every((l, i) => l === following[i])) {
      return lines.slice(0, start).join('\n').replace(/\n+$/, '');
    }
  }
  return text;
}

/** A single line that merely copies the line above or below is a degenerate loop, not a suggestion. */
function repeatsNeighbour(text: string, ctx: DocContext): boolean {
  if (text.includes('\n') || !isBlank(ctx.linePrefix)) return false;
  const line = text.trim();
  if (line.length < 4) return false;
  return line === ctx.nextLine?.trim() || line === ctx.previousLine?.trim();
}

/**
 * An answer that starts with a line break and then only says what the next lines already say: the
 * model ended the line here and went on with the code that follows (nothing to insert).
 */
function repeatsFollowing(text: string, ctx: DocContext): boolean {
  const own = text.split('\n').filter((l) => !isBlank(l)).map((l) => l.trim());
  const following = ctx.suffix.split('\n').slice(1).filter((l) => !isBlank(l)).map((l) => l.trim());
  return own.length > 0 && own.length <= following.length && own.every((line, i) => line === following[i]);
}

/**
 * The scanner's bracket guard, for languages without a grammar (CompletionShape.balanced asks the
 * tree where there is one). Never returns a suggestion that unbalances brackets: every closer in the suggestion and in the
 * rest of the current line must match an opener (in the suggestion or one still open before the
 * cursor). Scanned as one text so strings and template literals spanning the cursor are understood.
 */
export function bracketsBalanced(text: string, ctx: DocContext): boolean {
  const before = ctx.prefix.slice(-3000);
  const open: string[] = [];
  const own: string[] = [];
  for (const { ch, index } of scanCode(before + text + ctx.lineSuffix)) {
    const wanted = OPEN[CLOSE.indexOf(ch)];
    if (index < before.length) {
      if (OPEN.includes(ch)) open.push(ch);
      // The window may start inside a block: an unmatched closer just resets what we know.
      else if (open[open.length - 1] === wanted) open.pop();
      else open.length = 0;
    } else if (OPEN.includes(ch)) own.push(ch);
    else if ((own.length ? own.pop() : open.pop()) !== wanted) return false;
  }
  return true;
}

/** Bracket characters outside string literals and line comments. */
function* scanCode(text: string): Generator<{ ch: string; index: number }> {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      if (quote !== '`') quote = undefined;
      continue;
    }
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      else if (quote === '`' && ch === '$' && text[i + 1] === '{') {
        // A template placeholder is code again until its brace closes.
        const close = matchingBrace(text, i + 1);
        for (const inner of scanCode(text.slice(i + 2, close))) yield { ch: inner.ch, index: inner.index + i + 2 };
        i = close < 0 ? text.length : close;
      }
      continue;
    }
    if (ch === '"' || ch === '`' || (ch === "'" && !/\w/.test(text[i - 1] ?? ''))) quote = ch;
    else if ((ch === '/' && text[i + 1] === '/') || (ch === '#' && !/[[!]/.test(text[i + 1] ?? '') && /^\s*$/.test(lineStart(text, i)))) {
      const end = text.indexOf('\n', i);
      if (end < 0) return;
      i = end - 1;
    } else if (OPEN.includes(ch) || CLOSE.includes(ch)) yield { ch, index: i };
  }
}

/** Index of the brace closing the one at `at` (-1 when it is not closed in `text`). */
function matchingBrace(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function lineStart(text: string, index: number): string {
  return text.slice(text.lastIndexOf('\n', index - 1) + 1, index);
}
