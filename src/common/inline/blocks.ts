// Single- vs multi-line decision and truncation at the syntactic end of a block
// (indentation and bracket aware), usable on a growing stream.
import { indentWidth, isBlank, type DocContext } from './document';

const OPENER_AT_END = /(?:[{([:]|=>|\bthen|\bdo|\bbegin)\s*$/;
const CLOSER_LINE = /^\s*(?:[}\])]|end\b|fi\b|done\b|esac\b)/;
const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
/** Multi-line suggestions never run longer than this; the rest is left for the next request. */
export const MAX_MULTILINE_LINES = 16;

/** Multi-line only where a block is being opened and is still empty; everything else is single-line. */
export function wantsMultiline(ctx: DocContext): boolean {
  if (!isBlank(ctx.lineSuffix) && !/^\s*[)\]}]/.test(ctx.lineSuffix)) return false;
  const current = ctx.linePrefix;
  const nextIndent = ctx.nextLine === undefined ? -1 : indentWidth(ctx.nextLine);
  if (OPENER_AT_END.test(current) && !/^\s*\/\//.test(current)) {
    return nextIndent <= indentWidth(current);
  }
  if (isBlank(current) && ctx.previousLine !== undefined && OPENER_AT_END.test(ctx.previousLine)) {
    const openerIndent = indentWidth(ctx.previousLine);
    return indentWidth(current) > openerIndent && nextIndent <= openerIndent;
  }
  return false;
}

/** The indentation a multi-line suggestion's body must stay deeper than. */
export function blockBaseIndent(ctx: DocContext): number {
  if (isBlank(ctx.linePrefix) && ctx.previousLine !== undefined && OPENER_AT_END.test(ctx.previousLine)) {
    return indentWidth(ctx.previousLine);
  }
  return indentWidth(ctx.linePrefix);
}

export interface Truncation {
  text: string;
  /** True once the end point was seen, so a stream can stop. */
  complete: boolean;
}

/**
 * Cuts a (possibly still streaming) completion where it should end. `final` says the stream ended,
 * so the last line is whole.
 */
export function truncateCompletion(text: string, ctx: DocContext, multiline: boolean, final: boolean): Truncation {
  if (!multiline) {
    const newline = text.indexOf('\n');
    if (newline >= 0) return { text: text.slice(0, newline), complete: true };
    return { text, complete: final };
  }
  return truncateBlock(text, ctx, final);
}

function truncateBlock(text: string, ctx: DocContext, final: boolean): Truncation {
  const lines = text.split('\n');
  const whole = final ? lines.length : lines.length - 1;
  const base = blockBaseIndent(ctx);
  let depth = 0;
  for (let i = 0; i < whole; i++) {
    const line = lines[i];
    if (i > 0 && !isBlank(line) && indentWidth(line) <= base) {
      const keepCloser = CLOSER_LINE.test(line) && !closerAlreadyFollows(line, ctx);
      return { text: trimTrailingBlankLines(lines.slice(0, keepCloser ? i + 1 : i).join('\n')), complete: true };
    }
    depth = bracketDepth(line, depth);
    if (depth < 0 && i > 0) {
      const keep = !closerAlreadyFollows(line, ctx);
      return { text: trimTrailingBlankLines(lines.slice(0, keep ? i + 1 : i).join('\n')), complete: true };
    }
    if (i + 1 >= MAX_MULTILINE_LINES) return { text: lines.slice(0, i + 1).join('\n'), complete: true };
  }
  // A line still streaming that already starts left of the block (and is no closer) ends it.
  const partial = lines[lines.length - 1];
  if (!final && whole > 0 && /\S/.test(partial) && indentWidth(partial) <= base && !/^\s*[}\])]|^\s*(?:e|en|end|f|fi|d|do|don|done|es|esa|esac)$/.test(partial)) {
    return { text: trimTrailingBlankLines(lines.slice(0, whole).join('\n')), complete: true };
  }
  return { text: trimTrailingBlankLines(text), complete: final };
}

/** The document already closes the block right after the cursor: do not suggest the closer again. */
function closerAlreadyFollows(line: string, ctx: DocContext): boolean {
  const next = ctx.lineSuffix.trim() !== '' ? ctx.lineSuffix : ctx.nextLine;
  return next !== undefined && next.trim() === line.trim() && indentWidth(next) === indentWidth(line);
}

/** Net bracket depth change of a line, ignoring brackets inside simple string literals. */
export function bracketDepth(line: string, start: number): number {
  let depth = start;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch in PAIRS) depth--;
  }
  return depth;
}

function trimTrailingBlankLines(text: string): string {
  return text.replace(/(?:\n[ \t]*)+$/, '');
}
