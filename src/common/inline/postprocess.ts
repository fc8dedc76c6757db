// Turns raw model text (relative to the cursor) into a suggestion worth showing, or nothing.
import { isBlank, type DocContext } from './document';
import { truncateCompletion } from './blocks';

const OPEN = '([{';
const CLOSE = ')]}';

/**
 * The full post-processing chain: truncation for the asked shape, suffix overlap, repeats of the
 * surrounding lines, the bracket guard. Returns undefined when nothing useful is left.
 */
export function finalizeCompletion(raw: string, ctx: DocContext, multiline: boolean): string | undefined {
  let text = truncateCompletion(raw, ctx, multiline, true).text;
  text = stripSuffixOverlap(text, ctx);
  text = stripRepeatedLines(text, ctx);
  text = text.replace(/[ \t]+$/gm, '');
  if (text.trim() === '') return undefined;
  if (repeatsNeighbour(text, ctx)) return undefined;
  if (!bracketsBalanced(text, ctx)) return undefined;
  return text;
}

/** Removes what the rest of the current line already says (`foo(|)` + `a)` → `a`). */
export function stripSuffixOverlap(text: string, ctx: DocContext): string {
  const rest = ctx.lineSuffix.trim();
  if (rest === '') return text;
  const lastLine = text.slice(text.lastIndexOf('\n') + 1);
  for (let k = rest.length; k > 0; k--) {
    const tail = rest.slice(0, k);
    if (lastLine.trimEnd().endsWith(tail)) return text.slice(0, text.trimEnd().length - tail.length);
  }
  return text;
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
 * Never returns a suggestion that unbalances brackets: every closer in the suggestion and in the
 * rest of the current line must match an opener (in the suggestion or the open ones before the cursor).
 */
export function bracketsBalanced(text: string, ctx: DocContext): boolean {
  const open = openBrackets(ctx.prefix);
  const own: string[] = [];
  const close = (ch: string): boolean => {
    const wanted = OPEN[CLOSE.indexOf(ch)];
    if (own.length) return own.pop() === wanted;
    return open.pop() === wanted;
  };
  for (const ch of scanCode(text)) {
    if (OPEN.includes(ch)) own.push(ch);
    else if (CLOSE.includes(ch) && !close(ch)) return false;
  }
  for (const ch of scanCode(ctx.lineSuffix)) {
    if (OPEN.includes(ch)) own.push(ch);
    else if (CLOSE.includes(ch) && !close(ch)) return false;
  }
  return true;
}

/** Brackets still open at the end of the prefix window (bounded look-back). */
function openBrackets(prefix: string): string[] {
  const stack: string[] = [];
  for (const ch of scanCode(prefix.slice(-3000))) {
    if (OPEN.includes(ch)) stack.push(ch);
    else if (CLOSE.includes(ch)) {
      // The window may start inside a block: an unmatched closer just resets what we know.
      if (stack[stack.length - 1] === OPEN[CLOSE.indexOf(ch)]) stack.pop();
      else stack.length = 0;
    }
  }
  return stack;
}

/** Bracket characters outside string literals and line comments. */
function* scanCode(text: string): Generator<string> {
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
      continue;
    }
    if (ch === '"' || ch === '`' || (ch === "'" && !/\w/.test(text[i - 1] ?? ''))) quote = ch;
    else if ((ch === '/' && text[i + 1] === '/') || (ch === '#' && !/[[!]/.test(text[i + 1] ?? '') && /^\s*$/.test(lineStart(text, i)))) {
      const end = text.indexOf('\n', i);
      if (end < 0) return;
      i = end - 1;
    } else if (OPEN.includes(ch) || CLOSE.includes(ch)) yield ch;
  }
}

function lineStart(text: string, index: number): string {
  return text.slice(text.lastIndexOf('\n', index - 1) + 1, index);
}
