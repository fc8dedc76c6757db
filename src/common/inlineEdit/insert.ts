// Inline edit on an empty line: the model writes NEW code to insert there, as Copilot's and
// Continue's Ctrl+I do — top-level code, a class's new members or a function's new statements
// (region.ts decides which), indented like the code around it. The prompt shows the file around the line with a
// marker where the code goes; the answer passes the rewrite acceptance rules on the whole file
// with the code in place (code, not prose; no open fence; no placeholder comments; no repeated
// declarations; no new syntax errors), else nothing is inserted and the user is told why. Pure:
// the network and the tokenizer come in as functions.
import type { ChatMessage } from '../llm';
import { answerShapeRefusal, contentRefusal, NOTHING_MAY_GO, type Refusal, type RewriteSyntax } from '../refactor/acceptance';
import { answerTokenCap } from '../outputBudget';
import { promptText, type GenerateRequest, type GenerateAnswer, type ModelLimits } from '../refactor/engine';
import { extractCode, fence } from '../refactor/extractCode';
import { topLevelSymbols } from '../syntax/queries';
import { symbolPathAt, type InsertionScope } from './region';

/** Where the new code goes in the prompt's copy of the file (a model that echoes it has it stripped). */
export const INSERT_MARKER = '<<<INSERT THE NEW CODE HERE>>>';
/** Context around the line: enough for the names and style in use, bounded for a big file. */
const MAX_BEFORE_LINES = 200;
const MAX_AFTER_LINES = 80;
const MAX_BEFORE_CHARS = 12_000;
const MAX_AFTER_CHARS = 4_000;

export interface InsertionTask {
  /** The file's text with LF line ends. */
  text: string;
  /** 0-based line the code goes on (a blank line: it is replaced by the code). */
  line: number;
  /** The declaration the line is inside, if any. */
  scope?: InsertionScope;
  languageId: string;
  fileName: string;
  instruction: string;
  model: ModelLimits;
  countTokens(text: string): Promise<number>;
  generate(request: GenerateRequest): Promise<GenerateAnswer>;
  syntax?: RewriteSyntax;
  signal: AbortSignal;
  onDelta?(text: string): void;
}

export type InsertionResult =
  /** `replacement` replaces the text of `line` (its line end stays); `code` is what the model wrote. */
  | { replacement: string; code: string; requests: number }
  | { refusal: Refusal; requests: number };

/** The lines of the file shown to the model around `line` (0-based, inclusive bounds). */
export interface ContextWindow {
  firstLine: number;
  lastLine: number;
  before: string;
  after: string;
}

export function contextWindow(text: string, line: number): ContextWindow {
  const lines = text.split('\n');
  let firstLine = line;
  let chars = 0;
  while (firstLine > 0 && line - firstLine < MAX_BEFORE_LINES && chars + lines[firstLine - 1].length < MAX_BEFORE_CHARS) chars += lines[--firstLine].length + 1;
  let lastLine = line;
  chars = 0;
  while (lastLine < lines.length - 1 && lastLine - line < MAX_AFTER_LINES && chars + lines[lastLine + 1].length < MAX_AFTER_CHARS) chars += lines[++lastLine].length + 1;
  return { firstLine, lastLine, before: lines.slice(firstLine, line).join('\n'), after: lines.slice(line + 1, lastLine + 1).join('\n') };
}

/** The text the outbound gate admits: exactly the lines the prompt shows. */
export function windowText(text: string, window: ContextWindow): string {
  return text.split('\n').slice(window.firstLine, window.lastLine + 1).join('\n');
}

const SYSTEM = [
  'You are a senior software engineer writing new code into an existing file exactly as instructed.',
  "Match the file's language, naming, style and indentation, and use what the file already defines instead of redefining it.",
].join(' ');

export function insertionMessages(task: Pick<InsertionTask, 'instruction' | 'fileName' | 'languageId' | 'line' | 'scope'>, window: ContextWindow, retry?: string): ChatMessage[] {
  const shown = [window.before, INSERT_MARKER, window.after].filter((part, i) => i === 1 || part !== '').join('\n');
  const parts: string[] = [
    `Instruction: ${task.instruction.trim()}`,
    `Write the new code for line ${task.line + 1} of \`${task.fileName}\`, where ${INSERT_MARKER} stands in the file below (shown from line ${window.firstLine + 1} to ${window.lastLine + 1}).`,
    ...(task.scope ? [scopeSentence(task.scope)] : []),
    `Answer with only the new code that replaces ${INSERT_MARKER}, in one fenced code block: do not repeat the code around it, and no explanations.`,
  ];
  if (retry) parts.push(`Your previous answer was refused: ${retry}. Answer again with only the new code to insert, complete — never a comment standing in for code.`);
  parts.push(fence({ code: shown, languageId: task.languageId }));
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/** Where in the declaration the code goes, with its header (the window may start below it). */
function scopeSentence(scope: InsertionScope): string {
  const what = scope.kind === 'members' ? `new members of ${scope.label}` : `new statements of ${scope.label} at that point of its body`;
  return `The line is inside ${scope.label} (line ${scope.headerLine + 1}: \`${scope.header}\`): write ${what}, indented like the code around it, using what it already has instead of declaring it again.`;
}

/**
 * The code moved to the scope's indentation (models often answer a method at column 0): the
 * common indentation of its lines is replaced by the scope's. Mixed tabs and spaces are left as they are.
 */
export function reindent(code: string, indent: string): string {
  const lines = code.split('\n');
  const filled = lines.filter((line) => line.trim() !== '');
  const common = filled.map((line) => /^[ \t]*/.exec(line)![0]).reduce((a, b) => (b.length < a.length ? b : a), filled.length ? /^[ \t]*/.exec(filled[0])![0] : '');
  if (common === indent || !filled.every((line) => line.startsWith(common))) return code;
  if (/[ ]/.test(common + indent) && /\t/.test(common + indent)) return code;
  return lines.map((line) => (line.trim() === '' ? '' : indent + line.slice(common.length))).join('\n');
}

/**
 * The blank line's new text: the code, with a blank line kept between it and non-blank neighbours
 * (a new function is not glued to the one above it); on the file's last line it ends with a
 * line end of its own.
 */
export function insertionReplacement(lines: readonly string[], line: number, code: string): string {
  const above = line > 0 && lines[line - 1].trim() !== '';
  const below = line < lines.length - 1 && lines[line + 1].trim() !== '';
  const replacement = [...(above ? [''] : []), code, ...(below ? [''] : [])].join('\n');
  return line === lines.length - 1 ? `${replacement}\n` : replacement;
}

/** The new code of an answer, or why it must not be inserted. */
export async function judgeInsertion(answer: string, task: Pick<InsertionTask, 'text' | 'line' | 'languageId' | 'syntax' | 'scope'>): Promise<{ code: string } | { refusal: Refusal }> {
  const extracted = extractCode(answer);
  const written = extracted.code
    .split('\n')
    .filter((line) => line.trim() !== INSERT_MARKER)
    .join('\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
  const code = task.scope ? reindent(written, task.scope.indent) : written;
  const shape = answerShapeRefusal({ ...extracted, code }, task.languageId);
  if (shape) return { refusal: shape };
  if (repeatsContext(code, contextWindow(task.text, task.line))) {
    return { refusal: { kind: 'duplicated', reason: 'the answer repeats the code around the insertion point instead of giving only the new code' } };
  }
  // The rules compare the file without and with the code: an answer that repeats what is there,
  // leaves a bracket open or breaks the syntax around it is refused like a bad rewrite.
  const lines = task.text.split('\n');
  const after = [...lines.slice(0, task.line), insertionReplacement(lines, task.line, code).replace(/\n$/, ''), ...lines.slice(task.line + 1)].join('\n');
  const refusal = await contentRefusal({ before: task.text, after, languageId: task.languageId, scope: NOTHING_MAY_GO, syntax: task.syntax })
    ?? (task.scope?.kind === 'members' ? await repeatedMember(after, task.line, task.languageId, task.scope, task.syntax) : undefined);
  return refusal ? { refusal } : { code };
}

/** A member the class already has, declared again by the answer (the file-level check sees only top-level names). */
async function repeatedMember(after: string, line: number, languageId: string, scope: InsertionScope, syntax?: RewriteSyntax): Promise<Refusal | undefined> {
  const tree = await syntax?.fileTree?.(after, languageId);
  if (!tree) return undefined;
  try {
    const container = symbolPathAt(topLevelSymbols(tree, 4), line).find((symbol) => symbol.startLine === scope.headerLine);
    const names = container?.children.map((child) => child.name) ?? [];
    const again = scope.memberNames.find((name) => names.filter((other) => other === name).length > scope.memberNames.filter((other) => other === name).length);
    return again ? { kind: 'duplicated', reason: `the answer declares \`${again}\` again, which ${scope.label} already has` } : undefined;
  } finally {
    tree.dispose();
  }
}

/** Lines repeated in a row that make an answer an echo of the prompt's file, not new code. */
const ECHO_RUN = 3;

/** True when the answer has ECHO_RUN consecutive non-blank lines of the shown file, in order. */
function repeatsContext(code: string, window: ContextWindow): boolean {
  const nonBlank = (text: string) => text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const runs = new Set<string>();
  for (const part of [window.before, window.after]) {
    const lines = nonBlank(part);
    for (let i = 0; i + ECHO_RUN <= lines.length; i++) runs.add(lines.slice(i, i + ECHO_RUN).join('\n'));
  }
  const answer = nonBlank(code);
  for (let i = 0; i + ECHO_RUN <= answer.length; i++) if (runs.has(answer.slice(i, i + ECHO_RUN).join('\n'))) return true;
  return false;
}

/** Asks for the code (once more with the reason when the first answer is refused). */
export async function runInsertion(task: InsertionTask): Promise<InsertionResult> {
  const window = contextWindow(task.text, task.line);
  const lines = task.text.split('\n');
  let refusal: Refusal | undefined;
  let requests = 0;
  while (requests < 2) {
    const messages = insertionMessages(task, window, refusal?.reason);
    const promptTokens = await task.countTokens(promptText(messages));
    const maxTokens = answerTokenCap(task.model, promptTokens);
    requests++;
    const answer = await task.generate({ messages, promptTokens, maxTokens, signal: task.signal, onDelta: (delta) => task.onDelta?.(delta) });
    if (answer.finishReason === 'length') return { refusal: { kind: 'cut-off', reason: 'the answer was cut off at the output limit' }, requests };
    const judged = await judgeInsertion(answer.text, task);
    if ('code' in judged) return { replacement: insertionReplacement(lines, task.line, judged.code), code: judged.code, requests };
    refusal = judged.refusal;
  }
  return { refusal: refusal!, requests };
}
