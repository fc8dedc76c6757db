// What the inline shape parses: the window around the cursor from a line a parse can start on, and,
// where that line is a member of a class whose header lies above the window, a class header put
// before it so the members parse as members.
import { indentWidth, isBlank, type DocContext } from './document';

/** A line that closes or continues something opened above it cannot start a parse. */
const CONTINUES_ABOVE = /^\s*(?:[)\]}.,:?]|&&|\|\||\+|-(?!-)|\*(?!\*)|=|<\/)/;
/** Delimiters of strings that span lines (Python's triple quotes, JavaScript's template literals). */
const MULTILINE_QUOTES = ['"""', "'''", '`'] as const;

export interface ParseWindow {
  /** The text to parse: `head`, then the prefix from `start`, then the suffix. */
  text: string;
  /** Offset in the prefix where the parsed window starts. */
  start: number;
  /** Text put before the window so that its first line parses in its real context ('' mostly). */
  head: string;
}

export function parseWindow(ctx: DocContext): ParseWindow {
  const start = parseWindowStart(ctx.prefix);
  const head = classMemberStart(ctx.prefix.slice(start), ctx.languageId) ? CLASS_HEAD : '';
  return { text: head + ctx.prefix.slice(start) + ctx.suffix, start, head };
}

/**
 * Where to start parsing the prefix window. The window starts on a fixed line grid, often inside a
 * body (its last lines and closers first), and a parse from there pairs that body's closers with
 * the wrong openers — the cursor's block then seems to end where it does not. Parsing starts instead
 * at the window's first outermost line: no line below it up to the cursor is indented less, it
 * closes or continues nothing opened above the window, and it is not inside a string that spans
 * lines (a class docstring's text sits at member indentation: a parse from there turns the
 * docstring's closing quotes into an opening one, and the code below into a string).
 */
export function parseWindowStart(prefix: string): number {
  return outermostLine(prefix, true) ?? (outermostLine(prefix, false) as number);
}

/**
 * The first outermost line; with `skipStrings`, lines inside multi-line strings are skipped, and
 * undefined is returned when the cursor itself seems to be inside one (the quotes then say nothing
 * about where code starts).
 */
function outermostLine(prefix: string, skipStrings: boolean): number | undefined {
  const cursorLine = prefix.lastIndexOf('\n') + 1;
  let start = cursorLine;
  let shallowest = indentWidth(prefix.slice(cursorLine));
  // Delimiters of each kind between the line looked at and the cursor: an odd count of any kind
  // means that line is inside such a string (the cursor being in code). Where the count first turns
  // odd, the delimiter met is the nearest above the cursor: if it opens a string (text follows it on
  // its line), the cursor is in that string, and the quotes say nothing about where code starts.
  const quotes = MULTILINE_QUOTES.map(() => 0);
  let nearestSeen = false;
  const inString = (line: string): boolean | undefined => {
    MULTILINE_QUOTES.forEach((quote, i) => (quotes[i] += occurrences(line, quote)));
    const inside = quotes.some((count) => count % 2 === 1);
    if (inside && !nearestSeen && opensString(line)) return undefined;
    nearestSeen ||= inside;
    return inside;
  };
  if (skipStrings && inString(prefix.slice(cursorLine)) === undefined) return undefined;
  for (let end = cursorLine - 1; end > 0; ) {
    const lineStart = prefix.lastIndexOf('\n', end - 1) + 1;
    const line = prefix.slice(lineStart, end);
    end = lineStart - 1;
    if (skipStrings) {
      const inside = inString(line);
      if (inside === undefined) return undefined;
      if (inside) continue;
    }
    if (isBlank(line)) continue;
    const indent = indentWidth(line);
    if (indent <= shallowest && !CONTINUES_ABOVE.test(line)) start = lineStart;
    shallowest = Math.min(shallowest, indent);
  }
  return start;
}

/** Its last multi-line string delimiter is followed by text: it opens a string (`"""Summary`, `` x = `a ``). */
function opensString(line: string): boolean {
  const last = Math.max(...MULTILINE_QUOTES.map((quote) => line.lastIndexOf(quote) + (line.includes(quote) ? quote.length : 0)));
  return /\S/.test(line.slice(last));
}

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** Put before a window that starts among a class's members (JavaScript and TypeScript). */
const CLASS_HEAD = 'class __window__ {\n';
const CLASS_LANGUAGES = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);
/** Only class members start with these (indented: inside the class). */
const MEMBER_MODIFIER = /^[ \t]+(?:(?:public|private|protected|static|readonly|declare|override|abstract|accessor)\s+[#$\w[*]|#[$\w]+|@\w)/;
/** A method header up to its parameter list: `name(`, `async *name<T>(`, `get name(`. */
const METHOD_NAME = /^[ \t]+(?:(?:async|get|set|static)\s+)*\*?\s*([#$\w]+)\s*(?:<[^()]*>)?\s*\(/;
/** Words that start statements with a parenthesis after them, not methods. */
const NOT_A_METHOD = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'function', 'return', 'await', 'yield', 'typeof', 'new', 'super', 'import']);

/**
 * The window starts with an indented class member of JavaScript or TypeScript: a parse from there
 * reads `name(args) {` as a call followed by a block, and every member after it as errors. A member
 * starts with a modifier or a private name, or is a method: its parameter list is followed (after a
 * return type) by its body's `{`.
 */
export function classMemberStart(window: string, languageId: string): boolean {
  if (!CLASS_LANGUAGES.has(languageId)) return false;
  const firstLine = window.slice(0, window.indexOf('\n') >>> 0);
  if (indentWidth(firstLine) === 0) return false;
  if (MEMBER_MODIFIER.test(firstLine)) return true;
  const method = METHOD_NAME.exec(firstLine);
  if (!method || NOT_A_METHOD.has(method[1])) return false;
  const afterParameters = closingParen(window, method[0].length - 1);
  return afterParameters >= 0 && /^\s*(?::[^;{}=]*)?\{/.test(window.slice(afterParameters + 1, afterParameters + 400));
}

/** Offset of the `)` closing the `(` at `open` (within a few lines), or -1. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < Math.min(text.length, open + 2000); i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch) && --depth === 0) return ch === ')' ? i : -1;
  }
  return -1;
}
