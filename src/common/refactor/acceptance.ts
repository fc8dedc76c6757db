// The hard acceptance rules a rewritten part must pass before it may replace the original. They
// live in the engine, so the extension, the CLI and every harness refuse the same answers. Each
// rule compares the answer with the code that was sent (never with an ideal answer): a model may
// change code as instructed, but it may not hand back prose, a cut-off tail, placeholders for the
// code it did not repeat, fewer symbols or lines than the instruction explains, or broken syntax.
import { bracketResidue } from './codeCheck';
import type { SyntaxTree } from '../syntax/types';
import type { ExtractedCode } from './extractCode';
import { scan, syntaxFor } from './lexer';
import { declaredName, headerLine, topLevelUnits } from './split';

export type RefusalKind =
  | 'not-code'
  | 'open-fence'
  | 'cut-off'
  | 'elision'
  | 'duplicated'
  | 'dropped-symbols'
  | 'lost-lines'
  | 'syntax-errors'
  | 'edit-format'
  | 'changed-code';

export interface Refusal {
  kind: RefusalKind;
  /** In words, for the user: what was found, with lines or names where they help. */
  reason: string;
}

/**
 * The questions the rules ask a syntax tree. The syntax layer answers them where a grammar exists;
 * `undefined` (or no checker at all) falls back to the lexer's bracket and literal checks.
 */
export interface RewriteSyntax {
  /** True when `text` parses without errors; undefined when the language has no grammar. The
   * other questions are asked only about parts whose original parses cleanly. */
  cleanParse(text: string, languageId: string): boolean | undefined | Promise<boolean | undefined>;
  /** Parse errors in `text`; undefined when the language has no grammar. */
  errorCount(text: string, languageId: string): number | undefined | Promise<number | undefined>;
  /** True when `text` ends inside an unfinished statement or declaration. */
  endsMidStatement(text: string, languageId: string): boolean | undefined | Promise<boolean | undefined>;
  /** Names of the top-level declarations, in file order. */
  topLevelSymbols(text: string, languageId: string): string[] | undefined | Promise<string[] | undefined>;
  /** The tree of the whole file, for splitting it into symbols (./split); undefined without a grammar. */
  fileTree?(text: string, languageId: string): Promise<SyntaxTree | undefined>;
}

/** What the instruction allows the answer to lose (a refactor that deletes code says so). */
export interface InstructionScope {
  deletes: boolean;
  renames: boolean;
  /** Rewrites that legitimately come out shorter (simplify, modernize, async/await…). */
  shrinks: boolean;
}

/** Added to a part's prompt when its first answer was refused, so the second try knows why. */
export function retryInstruction(reason: string): string {
  return `Your previous answer was refused: ${reason}. Answer again with the complete code of this part — every line of it, never a comment standing in for code that was left out.`;
}

export const NOTHING_MAY_GO: InstructionScope = { deletes: false, renames: false, shrinks: false };

const DELETES = /\b(?:remove|delete|drop|strip|eliminate|prune|get rid of|dedupe|de-?duplicate|merge|combine|consolidate|inline|collapse)\b/i;
const RENAMES = /\b(?:renam\w*|move|moving|reorgani[sz]e|reorder|split)\b/i;
const SHRINKS = /\b(?:simplif\w*|shorten\w*|condense|compact|concise|modern\w*|idiomatic|await|convert\w*|rewrite|clean\w*|refactor\w*|extract\w*)\b/i;

export function instructionScope(instruction: string): InstructionScope {
  const deletes = DELETES.test(instruction);
  return { deletes, renames: deletes || RENAMES.test(instruction), shrinks: deletes || SHRINKS.test(instruction) };
}

/** Share of lost non-blank lines refused when the instruction does not explain it. */
const MAX_LINE_LOSS = 0.2;
const MAX_LINE_LOSS_SHRINKING = 0.5;
/** Losing fewer lines than this is never refused on its own (tiny parts swing by a line or two). */
const MIN_LOST_LINES = 3;
const PROSE_SHARE_FENCED = 0.5;
const PROSE_SHARE_UNFENCED = 0.2;

/** Rules on the shape of a full-rewrite answer, before its code is looked at. */
export function answerShapeRefusal(extracted: ExtractedCode, languageId: string): Refusal | undefined {
  if (extracted.code.trim() === '') return { kind: 'not-code', reason: 'the answer held no code' };
  if (extracted.unterminatedFence) return { kind: 'open-fence', reason: 'the answer ends inside an open code fence (it was cut off)' };
  const prose = proseShare(extracted.code, languageId);
  if (prose > (extracted.fenced ? PROSE_SHARE_FENCED : PROSE_SHARE_UNFENCED)) {
    return { kind: 'not-code', reason: extracted.fenced ? 'the answer is mostly prose, not code' : 'the answer has no code block and reads as prose, not code' };
  }
  return undefined;
}

export interface ContentCheck {
  before: string;
  after: string;
  languageId: string;
  scope: InstructionScope;
  /** Top-level names declared by the file's other parts: a part that repeats one crossed its boundary. */
  otherPartNames?: ReadonlySet<string>;
  syntax?: RewriteSyntax;
}

/** Rules on the resulting code of a part (full rewrite or applied edits). */
export async function contentRefusal(check: ContentCheck): Promise<Refusal | undefined> {
  const { before, after, languageId, scope } = check;
  // A fragment (methods without their class) is full of parse errors by nature: trees are asked
  // only about code that parses cleanly, the lexer's checks answer for the rest.
  const syntax = check.syntax && (await check.syntax.cleanParse(before, languageId)) === true ? check.syntax : undefined;
  const marker = newElisionMarker(before, after, languageId);
  if (marker) return { kind: 'elision', reason: `the answer stands in for code with a placeholder comment ("${marker.text}" at line ${marker.line})` };

  const cut = await cutOff(before, after, languageId, syntax);
  if (cut) return { kind: 'cut-off', reason: cut };

  const [namesBefore, namesAfter] = await symbolNames(before, after, languageId, syntax);
  const crossed = namesAfter.filter((name) => check.otherPartNames?.has(name) && !namesBefore.includes(name));
  if (crossed.length) return { kind: 'duplicated', reason: `the answer repeats ${quoteList(crossed)}, declared in another part of the file` };
  const repeated = newlyRepeatedHeaders(before, after, languageId);
  if (repeated) return { kind: 'duplicated', reason: `the answer repeats the declaration "${repeated}"` };

  if (!scope.deletes) {
    const missing = missingNames(namesBefore, namesAfter);
    const fewer = namesAfter.length < namesBefore.length;
    if (missing.length && (!scope.renames || fewer)) {
      return { kind: 'dropped-symbols', reason: `the answer drops ${missing.length} top-level symbol(s) (${quoteList(missing)}) that the instruction does not remove` };
    }
    const was = nonBlankLines(before);
    const now = nonBlankLines(after);
    const lost = was - now;
    const limit = scope.shrinks ? MAX_LINE_LOSS_SHRINKING : MAX_LINE_LOSS;
    if (lost >= MIN_LOST_LINES && lost > was * limit) {
      return { kind: 'lost-lines', reason: `the answer has ${now} non-blank lines where the code had ${was} (${Math.round((lost / was) * 100)} % fewer), which the instruction does not explain` };
    }
  }

  const errors = await newSyntaxErrors(before, after, languageId, syntax);
  if (errors) return { kind: 'syntax-errors', reason: errors };
  return undefined;
}

// ---- prose --------------------------------------------------------------------------------------

/** A sentence: four or more plain words, the first capitalized, no code punctuation. */
function isProseLine(line: string): boolean {
  const trimmed = line.trim().replace(/^(?:[-*•>]|\d+[.)])\s+/, '').replace(/\*\*/g, '');
  if (/[{}=;]|=>/.test(trimmed.replace(/[.:!?]$/, ''))) return false;
  const words = trimmed.split(/\s+/);
  if (words.length < 4 || !/^[A-Z][a-z'’]*$/.test(words[0].replace(/[,:]$/, ''))) return false;
  const plain = words.filter((word) => /^[A-Za-z][A-Za-z'’-]*[,.:;!?]?$/.test(word) || /^`[^`]+`[,.:;!?]?$/.test(word));
  return plain.length >= words.length * 0.75;
}

/**
 * Share of the answer's lines that read as prose, among lines that start in code (comment and
 * docstring lines are prose by nature and do not count).
 */
export function proseShare(code: string, languageId: string): number {
  const segments = scan(code, syntaxFor(languageId));
  let segment = 0;
  let considered = 0;
  let prose = 0;
  let offset = 0;
  for (const line of code.split('\n')) {
    const first = offset + (line.length - line.trimStart().length);
    offset += line.length + 1;
    if (line.trim() === '') continue;
    while (segment < segments.length && segments[segment].end <= first) segment++;
    const at = segments[segment];
    if (at && at.kind !== 'code' && at.start < first) continue; // inside a comment or string begun earlier
    if (at && at.kind === 'comment' && at.start === first) continue;
    considered++;
    if (isProseLine(line)) prose++;
  }
  return considered === 0 ? 0 : prose / considered;
}

// ---- elision markers ----------------------------------------------------------------------------

/** Comment openers of the common syntaxes, for markers written in a syntax the lexer does not know. */
const LINE_COMMENT = /^(?:\/\/+|#+|--|;+|\/\*+|\*+|<!--|%+|')\s?/;
const MARKER_TEXTS = [
  /^(?:\.{2,}|…)$/,
  /^(?:\.{2,}|…)\s*\S/,
  /^(?:and |the )?(?:rest|remainder) of (?:the |this )?(?:code|file|class|function|module|methods?|implementation|body|tests?|cases?|logic)\b/,
  /^(?:(?:all |the )?(?:existing|unchanged|remaining|previous|original|other|same|more))\s+(?:code|methods?|functions?|implementation|logic|content|body|members|properties|cases|tests|lines|parts?|helpers|definitions|imports|exports)\b/,
  /^(?:code|implementation|body|logic|everything else|rest|other (?:code|methods|functions))\s+(?:is |are |remains? |stays? )?(?:unchanged|omitted|elided|as before|the same|not shown)\b/,
  /^(?:unchanged|omitted|snip|snipped|truncated|elided)\b/,
  /\b(?:omitted|elided|abbreviated|shortened) for brevity\b/,
  /^(?:same as (?:before|above|original)|as before|keep (?:the )?(?:existing|original|rest))\b/,
];
const MAX_MARKER_LENGTH = 80;

interface Marker {
  text: string;
  line: number;
}

function markerText(comment: string): string | undefined {
  const text = comment.trim().replace(LINE_COMMENT, '').replace(/\s*(?:\*+\/|-->)\s*$/, '').trim();
  if (text.length > MAX_MARKER_LENGTH) return undefined;
  const lower = text.toLowerCase();
  return MARKER_TEXTS.some((pattern) => pattern.test(lower)) ? text : undefined;
}

/** Placeholder comments (and bare `...` lines), in any comment syntax, with their 1-based lines. */
export function elisionMarkers(text: string, languageId: string): Marker[] {
  const found = new Map<number, Marker>();
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  for (const segment of scan(text, syntaxFor(languageId))) {
    if (segment.kind !== 'comment') continue;
    const lines = text.slice(segment.start, segment.end).split('\n');
    lines.forEach((line, k) => {
      const marker = markerText(line);
      const at = lineOf(segment.start) + k;
      if (marker && !found.has(at)) found.set(at, { text: marker, line: at });
    });
  }
  text.split('\n').forEach((line, k) => {
    const trimmed = line.trim();
    if (found.has(k + 1) || !(LINE_COMMENT.test(trimmed) || /^(?:\.{3}|…)$/.test(trimmed))) return;
    const marker = markerText(trimmed);
    if (marker) found.set(k + 1, { text: marker, line: k + 1 });
  });
  return [...found.values()].sort((a, b) => a.line - b.line);
}

/** The first placeholder of `after` that `before` did not have (compared as a multiset of texts). */
function newElisionMarker(before: string, after: string, languageId: string): Marker | undefined {
  const had = new Map<string, number>();
  for (const marker of elisionMarkers(before, languageId)) had.set(marker.text.toLowerCase(), (had.get(marker.text.toLowerCase()) ?? 0) + 1);
  for (const marker of elisionMarkers(after, languageId)) {
    const key = marker.text.toLowerCase();
    const left = had.get(key) ?? 0;
    if (left === 0) return marker;
    had.set(key, left - 1);
  }
  return undefined;
}

// ---- cut-off tails, syntax --------------------------------------------------------------------

/** A last code line that cannot end a statement: an operator, comma or opener waits for more. */
const DANGLING_END = /(?:[,*/%=&|^~?:([{.\\]|[^+]\+|[^-]-|\b(?:and|or|not|in|is|new|of|typeof|instanceof|extends|implements|def|class|function|if|elif|for|while|with|import|from|export|const|let|var))$/;

function lastCodeLine(text: string, languageId: string): string {
  const syntax = syntaxFor(languageId);
  const code = scan(text, syntax).map((segment) => (segment.kind === 'comment' ? ' ' : text.slice(segment.start, segment.end))).join('');
  const lines = code.split('\n').filter((line) => line.trim() !== '');
  return (lines[lines.length - 1] ?? '').trim();
}

async function cutOff(before: string, after: string, languageId: string, syntax?: RewriteSyntax): Promise<string | undefined> {
  const byTree = await syntax?.endsMidStatement(after, languageId);
  if (byTree !== undefined) {
    if (byTree && !(await syntax?.endsMidStatement(before, languageId))) return 'the answer ends in the middle of a statement (it was cut off)';
  }
  const was = bracketResidue(before, languageId);
  const now = bracketResidue(after, languageId);
  if (now.unterminatedLiteral && !was.unterminatedLiteral) return 'the answer ends inside an unterminated string or comment (it was cut off)';
  if (now.unclosed.length > was.unclosed.length && now.unclosed.startsWith(was.unclosed)) {
    return `the answer ends with ${now.unclosed.length - was.unclosed.length} bracket(s) left open (it was cut off)`;
  }
  const last = lastCodeLine(after, languageId);
  if (DANGLING_END.test(last) && !DANGLING_END.test(lastCodeLine(before, languageId))) {
    return `the answer's last line "${last.length > 60 ? `${last.slice(0, 57)}...` : last}" is unfinished (it was cut off)`;
  }
  return undefined;
}

async function newSyntaxErrors(before: string, after: string, languageId: string, syntax?: RewriteSyntax): Promise<string | undefined> {
  const errorsAfter = await syntax?.errorCount(after, languageId);
  if (errorsAfter !== undefined) {
    const errorsBefore = (await syntax?.errorCount(before, languageId)) ?? 0;
    if (errorsAfter > errorsBefore) return `the result has ${errorsAfter - errorsBefore} syntax error(s) the code did not have`;
  }
  const was = bracketResidue(before, languageId);
  const now = bracketResidue(after, languageId);
  if (now.mismatch && !was.mismatch) return `the result has mismatched brackets (line ${now.mismatch.line}: '${now.mismatch.found}' where '${now.mismatch.expected}' was expected)`;
  if (now.unmatchedClosers.length > was.unmatchedClosers.length) return `the result closes ${now.unmatchedClosers.length - was.unmatchedClosers.length} bracket(s) it never opened`;
  if (now.unclosed.length !== was.unclosed.length) return 'the result leaves brackets open that the code closed, or closes ones it left open';
  return undefined;
}

// ---- symbols and lines ----------------------------------------------------------------------------

/** Both texts' top-level names from the same source (trees, else the lexer's split). */
async function symbolNames(before: string, after: string, languageId: string, syntax?: RewriteSyntax): Promise<[string[], string[]]> {
  const fromTree = syntax && await Promise.all([syntax.topLevelSymbols(before, languageId), syntax.topLevelSymbols(after, languageId)]);
  if (fromTree?.[0] && fromTree[1]) return [fromTree[0], fromTree[1]];
  return [declaredNames(before, languageId), declaredNames(after, languageId)];
}

/** Top-level names a text declares, by the lexer's split (for the names of a file's other parts). */
export function declaredNames(text: string, languageId: string): string[] {
  const { lines, units } = topLevelUnits(text, languageId);
  return units.map((unit) => declaredName(headerLine(text, lines, unit))).filter((name): name is string => !!name);
}

function missingNames(before: string[], after: string[]): string[] {
  const left = new Map<string, number>();
  for (const name of after) left.set(name, (left.get(name) ?? 0) + 1);
  const missing: string[] = [];
  for (const name of before) {
    const count = left.get(name) ?? 0;
    if (count > 0) left.set(name, count - 1);
    else if (!missing.includes(name)) missing.push(name);
  }
  return missing;
}

/** A declaration line that the answer has more often than the code did (a repeated symbol). */
function newlyRepeatedHeaders(before: string, after: string, languageId: string): string | undefined {
  const headers = (text: string) => {
    const { lines, units } = topLevelUnits(text, languageId);
    const counts = new Map<string, number>();
    for (const unit of units) {
      const header = headerLine(text, lines, unit).trim();
      if (header.length > 3 && declaredName(header)) counts.set(header, (counts.get(header) ?? 0) + 1);
    }
    return counts;
  };
  const was = headers(before);
  for (const [header, count] of headers(after)) if (count > 1 && count > (was.get(header) ?? 0)) return header.length > 80 ? `${header.slice(0, 77)}...` : header;
  return undefined;
}

function nonBlankLines(text: string): number {
  let count = 0;
  for (const line of text.split('\n')) if (line.trim() !== '') count++;
  return count;
}

function quoteList(names: string[], max = 5): string {
  const shown = names.slice(0, max).map((name) => `\`${name}\``).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
