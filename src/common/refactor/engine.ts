// The rewrite engine behind "Generate Docs" and "Refactor": plans how a text reaches the large
// model (one rewrite, parts by top-level symbols in parallel, or search/replace edits), runs the
// requests through a caller-supplied `generate`, checks and merges the answers. Pure: the network,
// the router and the tokenizer come in as functions.
import type { ChatMessage, FinishReason } from '../llm';
import { EndpointError } from '../errors';
import { answerTokenCap, type OutputLimits } from '../outputBudget';
import { answerShapeRefusal, contentRefusal, declaredNames, type InstructionScope, type Refusal, type RefusalKind, type RewriteSyntax } from './acceptance';
import { extractCode, matchEdgeNewlines } from './extractCode';
import { restoreLineEndings } from './lineEndings';
import { applySearchReplace, parseSearchReplace } from './searchReplace';
import { headerLine, outline, packUnits, topLevelUnits, type PackedPart, type Unit } from './split';
import { lineEdits, splitLinesKeepEnds, type LineEdit } from './threeWay';
import { formatUnifiedDiff } from './unifiedDiff';

/** What a prompt builder knows about the code it asks about. */
export interface PartContext {
  code: string;
  /** 1-based part number and count; count 1 when the whole text goes in one request. */
  index: number;
  count: number;
  fileName: string;
  languageId: string;
  /** 1-based line numbers of the part in the file. */
  startLine: number;
  endLine: number;
  /** The file's outline, when the code is only a part of it. */
  outline?: string;
  /** Header lines of the symbols the part is nested in. */
  enclosing: string[];
  /** Why the previous answer for this part was refused, when this is the second try. */
  retry?: string;
}

/** Job-specific prompts and checks (docs and refactor each provide one). */
export interface RewriteStrategy {
  job: 'docs' | 'refactor';
  /** Expected output tokens per input token of a full rewrite (docs add text, refactors a little). */
  growth: number;
  /** What the instruction allows an answer to lose (symbols, lines). */
  scope: InstructionScope;
  rewriteMessages(part: PartContext): ChatMessage[];
  editMessages(part: PartContext): ChatMessage[];
  /** A job-specific reason the new code of a part must not be used (beyond the shared rules). */
  reject(before: string, after: string, languageId: string): string | undefined;
  /**
   * For a rejected answer: the part with only the good symbols taken from it, and the symbols
   * (1-based lines within the part) left as they were. Undefined: the whole part stays unchanged.
   */
  salvage?(before: string, after: string, languageId: string): { text: string; discarded: Array<{ name: string; startLine: number; endLine: number }> } | undefined;
}

export interface GenerateRequest {
  messages: ChatMessage[];
  /** Exact prompt tokens (for routing and the window check). */
  promptTokens: number;
  maxTokens: number;
  /** The expected output for predicted outputs (full rewrites only). */
  prediction?: string;
  signal: AbortSignal;
  onDelta(text: string): void;
}

export interface GenerateAnswer {
  text: string;
  finishReason: FinishReason;
}

export interface ModelLimits extends OutputLimits {
  id: string;
}

export interface RewriteProgress {
  partsDone: number;
  parts: number;
  /** Estimated tokens received so far over all parts. */
  tokens: number;
  /** The highest part number started so far (for "part i of n"). */
  part: number;
  /** Names the part started last declares (for "Documenting parseArgs (2 of 5)"). */
  names?: string[];
}

export interface RewriteTask {
  text: string;
  languageId: string;
  fileName: string;
  strategy: RewriteStrategy;
  model: ModelLimits;
  concurrency: number;
  countTokens(text: string): Promise<number>;
  generate(request: GenerateRequest): Promise<GenerateAnswer>;
  /** Offer the original code as a predicted output on full rewrites. */
  usePrediction?: boolean;
  /** Outline of the surrounding file when `text` is only a region of it (symbol, selection). */
  surroundingOutline?: string;
  /** First line of `text` in its file (0-based), for line numbers in prompts and warnings. */
  lineOffset?: number;
  signal?: AbortSignal;
  onProgress?(progress: RewriteProgress): void;
  /** Also produce a unified diff of the text (CLI, bench); its last part is in the preview time. */
  wantDiff?: boolean;
  /** Syntax-tree answers for the acceptance rules; the lexer's checks stand in without it. */
  syntax?: RewriteSyntax;
  now?(): number;
}

/** A part whose answer was not used: the part kept its original text. */
export interface PartReport {
  /** "Part 2 of 5 (lines 120–340)" or "Lines 1–80". */
  label: string;
  startLine: number;
  endLine: number;
  kind: RefusalKind;
  reason: string;
}

export type RewriteMode = 'whole' | 'parts' | 'edits';

export interface RewriteResult {
  text: string;
  changed: boolean;
  mode: RewriteMode;
  parts: number;
  /** Parts left unchanged because their answer failed a check, was cut off or malformed. */
  rejected: number;
  /** Those parts, with the reason (also in `warnings`, worded for a log line). */
  leftUnchanged: PartReport[];
  warnings: string[];
  /** Requests sent, retries and re-asked pieces included. */
  requests: number;
  diff?: string;
  timings: {
    /** Last answer's stream end → merged result (and diff) ready. */
    previewMs: number;
    totalMs: number;
  };
}

/** Thrown when the text cannot go to the model at all; the message has the numbers. */
export class RewriteRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RewriteRefused';
  }
}

/** Room kept for the answer when checking that the input fits the window. */
const MIN_OUTPUT = 1024;
/** Parts are not made smaller than this for parallelism (each repeats the prompt and outline). */
const MIN_PART_TOKENS = 2000;
/** Outline lengths tried for part prompts, longest first, until the prompt overhead is small. */
const OUTLINE_LINES = [200, 50, 10, 0];
const MAX_OUTLINE_SHARE = 0.25;
/** Slack for the fences and the odd extra line models add around a rewrite. */
const ANSWER_SLACK = 256;

interface Piece {
  start: number;
  end: number;
  units: Unit[];
  mode: 'rewrite' | 'edits';
  enclosing: string[];
}

interface PieceOutcome {
  text: string;
  refused: PartReport[];
  warnings: string[];
}

export async function runRewrite(task: RewriteTask): Promise<RewriteResult> {
  const now = task.now ?? (() => performance.now());
  const started = now();
  const crlf = task.text.includes('\r\n');
  const text = crlf ? task.text.replace(/\r\n/g, '\n') : task.text;
  const { strategy, model } = task;

  const fileTokens = await task.countTokens(text);
  const overheadOf = async (outlineText: string | undefined) => task.countTokens(promptText(strategy.rewriteMessages({
    code: '', index: 1, count: 1, fileName: task.fileName, languageId: task.languageId,
    startLine: 1, endLine: 1, outline: outlineText, enclosing: [],
  })));
  // Largest input a full rewrite can take: its answer must fit the output cap and, with the
  // prompt, the window.
  const rewriteBudgetFor = (overhead: number, outputCap: number) => Math.floor(Math.min(
    (outputCap - ANSWER_SLACK) / strategy.growth,
    (model.contextWindow - overhead - ANSWER_SLACK) / (1 + strategy.growth),
  ));
  // Split by syntax tree where the file parses cleanly; the line scanner otherwise.
  const tree = await task.syntax?.fileTree?.(text, task.languageId);
  const { lines, units } = topLevelUnits(text, task.languageId, tree);
  const charsPerToken = text.length / Math.max(1, fileTokens);
  const tokensOf = (start: number, end: number) => Math.ceil((end - start) / charsPerToken);
  const lineOffset = task.lineOffset ?? 0;
  const lineOf = (offset: number) => lineOffset + countLines(text, offset);

  let pieces: Piece[];
  let fileOutline = task.surroundingOutline;
  let overhead = await overheadOf(fileOutline);
  if (fileTokens <= rewriteBudgetFor(overhead, model.maxOutput)) {
    pieces = [{ start: 0, end: text.length, units, mode: 'rewrite', enclosing: [] }];
  } else {
    // Parts carry the file's outline, shortened when it would take much of a small window; a
    // file larger than the window is split like any other.
    if (fileOutline === undefined) {
      for (const maxLines of OUTLINE_LINES) {
        fileOutline = maxLines > 0 ? outline(text, lines, units, maxLines) : undefined;
        overhead = await overheadOf(fileOutline);
        if (overhead <= model.contextWindow * MAX_OUTLINE_SHARE) break;
      }
    }
    const rewriteBudget = rewriteBudgetFor(overhead, model.maxOutput);
    // Split evenly into at least one part per parallel slot: the parts then finish together in
    // one wave instead of a few long streams (answers stream at a fixed rate per request).
    const concurrency = Math.max(1, task.concurrency);
    const evenShare = Math.max(MIN_PART_TOKENS, Math.ceil((fileTokens / concurrency) * 1.05));
    const packed = packUnits(text, lines, units, task.languageId, tokensOf, Math.max(1, Math.min(rewriteBudget, evenShare)), undefined, tree);
    pieces = packed.map((part: PackedPart) => ({
      start: part.start, end: part.end, units: part.units,
      mode: part.oversized ? 'edits' : 'rewrite',
      enclosing: part.units[0].enclosing,
    }));
    // Only a single symbol that cannot be divided and does not fit even as edits is refused.
    for (const piece of pieces) {
      const needed = overhead + tokensOf(piece.start, piece.end) + MIN_OUTPUT;
      if (piece.mode === 'edits' && needed > model.contextWindow) {
        const header = headerLine(text, lines, piece.units[0]).trim();
        throw new RewriteRefused(
          `${task.fileName}: lines ${lineOf(piece.start) + 1}–${lineOf(piece.end - 1) + 1}${header ? ` (${header.length > 60 ? `${header.slice(0, 57)}...` : header})` : ''} are one symbol of ${fmt(tokensOf(piece.start, piece.end))} tokens that cannot be split; ` +
          `with the instructions and room for an answer it needs ${fmt(needed)} tokens, but ${model.id} reads at most ${fmt(model.contextWindow)}. Work on a selection inside it, or set a larger-context model in gearshift.models.large.`,
        );
      }
    }
  }
  const mode: RewriteMode = pieces.length > 1 ? 'parts' : pieces[0].mode === 'edits' ? 'edits' : 'whole';

  // Names each planned part declares: an answer that declares another part's name crossed its
  // boundary (it repeats code merged from elsewhere).
  const namesByPiece = pieces.length > 1 ? pieces.map((piece) => new Set(declaredNames(text.slice(piece.start, piece.end), task.languageId))) : [];
  const otherNames = (piece: Piece): Set<string> => {
    const own = new Set(declaredNames(text.slice(piece.start, piece.end), task.languageId));
    const others = new Set<string>();
    pieces.forEach((other, i) => {
      if (other.end <= piece.start || other.start >= piece.end) for (const name of namesByPiece[i] ?? []) if (!own.has(name)) others.add(name);
    });
    return others;
  };

  const controller = new AbortController();
  const abort = () => controller.abort(task.signal?.reason);
  if (task.signal?.aborted) abort();
  task.signal?.addEventListener('abort', abort, { once: true });

  const progress: RewriteProgress = { partsDone: 0, parts: pieces.length, tokens: 0, part: 0 };
  let lastStreamEnd = started;
  let requests = 0;
  // The output cap the model really honours: the configured one until an answer is cut off
  // earlier (`finish_reason: length`); later pieces are then sized to it before they are sent.
  let outputCap = model.maxOutput;

  /** Smaller pieces for a rewrite whose answer would not fit the output cap; undefined when it fits. */
  const resize = (piece: Piece): Piece[] | undefined => {
    const budget = Math.max(1, rewriteBudgetFor(overhead, outputCap));
    if (piece.mode !== 'rewrite' || tokensOf(piece.start, piece.end) <= budget) return undefined;
    const packed = packUnits(text, lines, piece.units, task.languageId, tokensOf, budget, undefined, tree);
    if (packed.length === 1 && !packed[0].oversized) return undefined;
    return packed.map((part) => ({ start: part.start, end: part.end, units: part.units, mode: part.oversized ? 'edits' : 'rewrite', enclosing: part.units[0].enclosing }));
  };

  const runInTurn = async (group: Piece[], index: number, count: number): Promise<PieceOutcome> => {
    const outcomes: PieceOutcome[] = [];
    for (const piece of group) outcomes.push(await runPiece(piece, index, count));
    return { text: outcomes.map((o) => o.text).join(''), refused: outcomes.flatMap((o) => o.refused), warnings: outcomes.flatMap((o) => o.warnings) };
  };

  const runPiece = async (piece: Piece, index: number, count: number, retry?: Refusal): Promise<PieceOutcome> => {
    const smaller = retry ? undefined : resize(piece);
    if (smaller) return runInTurn(smaller, index, count);

    const code = text.slice(piece.start, piece.end);
    const context: PartContext = {
      code, index, count, fileName: task.fileName, languageId: task.languageId,
      startLine: lineOf(piece.start) + 1, endLine: lineOf(piece.end - 1) + 1,
      outline: count > 1 || task.surroundingOutline ? fileOutline : undefined,
      enclosing: piece.enclosing,
      retry: retry?.reason,
    };
    const label = count > 1 ? `Part ${index} of ${count} (lines ${context.startLine}–${context.endLine})` : `Lines ${context.startLine}–${context.endLine}`;
    const refuse = (refusal: Refusal): PieceOutcome => ({
      text: code,
      refused: [{ label, startLine: context.startLine, endLine: context.endLine, kind: refusal.kind, reason: refusal.reason }],
      warnings: [`${label}: ${refusal.reason}; left unchanged.`],
    });
    const messages = piece.mode === 'edits' ? strategy.editMessages(context) : strategy.rewriteMessages(context);
    const promptTokens = await task.countTokens(promptText(messages));
    const maxTokens = answerTokenCap(model, promptTokens);
    progress.part = Math.max(progress.part, index);
    progress.names = declaredNames(code, task.languageId);
    task.onProgress?.({ ...progress });
    requests++;
    const answer = await task.generate({
      messages,
      promptTokens,
      maxTokens,
      prediction: piece.mode === 'rewrite' && task.usePrediction ? code : undefined,
      signal: controller.signal,
      onDelta: (delta) => {
        progress.tokens += Math.max(1, Math.round(delta.length / charsPerToken));
        task.onProgress?.({ ...progress });
      },
    });
    lastStreamEnd = Math.max(lastStreamEnd, now());

    if (answer.finishReason === 'length') {
      // Cut off: what came back is the output the model really allows. Pieces are re-sized to
      // it (this one now, the others before they are sent) instead of halving until they fit.
      const received = await task.countTokens(answer.text);
      outputCap = Math.max(2 * ANSWER_SLACK, Math.min(outputCap, received, maxTokens));
      if (piece.mode === 'rewrite') {
        const resized = resize(piece);
        if (resized) return runInTurn(resized, index, count);
        if (piece.units.length > 1) {
          const half = Math.ceil(piece.units.length / 2);
          const halves = [piece.units.slice(0, half), piece.units.slice(half)].map((group): Piece => ({
            ...piece, units: group, start: group[0].start, end: group[group.length - 1].end,
          }));
          return runInTurn(halves, index, count);
        }
        return runPiece({ ...piece, mode: 'edits' }, index, count);
      }
      return refuse({ kind: 'cut-off', reason: `the answer was cut off at the output limit (${fmt(received)} tokens)` });
    }

    const judged = await judge(piece, code, answer.text);
    if ('refusal' in judged) {
      const salvaged = judged.refusal.kind === 'changed-code' && judged.proposed !== undefined ? strategy.salvage?.(code, judged.proposed, task.languageId) : undefined;
      if (salvaged) {
        // Only the symbols the answer changed are left as they were; the rest of the part is used.
        const refused = salvaged.discarded.map((symbol): PartReport => {
          const startLine = context.startLine + symbol.startLine - 1;
          const endLine = context.startLine + symbol.endLine - 1;
          return { label: `${label}, \`${symbol.name}\` (lines ${startLine}–${endLine})`, startLine, endLine, kind: 'changed-code', reason: judged.refusal.reason };
        });
        return { text: salvaged.text, refused, warnings: refused.map((r) => `${r.label}: ${r.reason}; that symbol was left unchanged.`) };
      }
      return retry ? refuse(judged.refusal) : runPiece(piece, index, count, judged.refusal);
    }
    return { text: judged.text, refused: [], warnings: [] };
  };

  /** The part's new text, or why it must not be used. */
  const judge = async (piece: Piece, code: string, answer: string): Promise<{ text: string } | { refusal: Refusal; proposed?: string }> => {
    let proposed: string;
    if (piece.mode === 'edits') {
      const parsed = parseSearchReplace(answer);
      if (parsed.noChanges) return { text: code };
      if (!parsed.blocks.length) return { refusal: { kind: 'edit-format', reason: 'the answer was not in the edit format' } };
      const applied = applySearchReplace(code, parsed.blocks);
      if (applied.failed.length) return { refusal: { kind: 'edit-format', reason: `${applied.failed.length} of ${parsed.blocks.length} edit(s) did not match the code` } };
      if (parsed.incomplete) return { refusal: { kind: 'cut-off', reason: 'the last edit was cut off' } };
      proposed = applied.text;
    } else {
      const extracted = extractCode(answer, code);
      const shape = answerShapeRefusal(extracted, task.languageId);
      if (shape) return { refusal: shape };
      proposed = matchEdgeNewlines(extracted.code, code);
    }
    const refusal = await contentRefusal({
      before: code, after: proposed, languageId: task.languageId, scope: strategy.scope,
      otherPartNames: pieces.length > 1 ? otherNames(piece) : undefined, syntax: task.syntax,
    });
    if (refusal) return { refusal };
    const rejection = strategy.reject(code, proposed, task.languageId);
    if (rejection) return { refusal: { kind: 'changed-code', reason: rejection }, proposed };
    return { text: proposed };
  };

  try {
    const outcomes = await mapLimit(pieces, Math.max(1, task.concurrency), async (piece, i) => {
      try {
        const outcome = await runPiece(piece, i + 1, pieces.length);
        progress.partsDone++;
        task.onProgress?.({ ...progress });
        // Diffing each part as it lands keeps the work after the last answer small.
        const edits = task.wantDiff ? partEdits(text, piece, outcome.text) : [];
        return { ...outcome, edits };
      } catch (error) {
        controller.abort(error); // one failed part fails the job: stop the others
        throw error;
      }
    });
    const merged = outcomes.map((o) => o.text).join('');
    const result = crlf ? restoreLineEndings(task.text, merged) : merged;
    const diff = task.wantDiff ? formatUnifiedDiff(task.fileName, splitLinesKeepEnds(text), outcomes.flatMap((o) => o.edits)) : undefined;
    const leftUnchanged = outcomes.flatMap((o) => o.refused);
    const finished = now();
    return {
      text: result,
      changed: result !== task.text,
      mode,
      parts: pieces.length,
      rejected: leftUnchanged.length,
      leftUnchanged,
      warnings: outcomes.flatMap((o) => o.warnings),
      requests,
      diff,
      timings: { previewMs: finished - lastStreamEnd, totalMs: finished - started },
    };
  } catch (error) {
    if (task.signal?.aborted) throw new EndpointError({ reason: 'cancelled', message: 'Cancelled.', cause: error });
    throw error;
  } finally {
    task.signal?.removeEventListener('abort', abort);
  }
}

/** A part's line edits in the coordinates of the whole text (parts start at line starts). */
function partEdits(text: string, piece: Piece, proposed: string): LineEdit[] {
  const firstLine = countLines(text, piece.start);
  return lineEdits(splitLinesKeepEnds(text.slice(piece.start, piece.end)), splitLinesKeepEnds(proposed))
    .map((edit) => ({ ...edit, start: edit.start + firstLine, end: edit.end + firstLine }));
}

/** The text of the messages, as the tokenizer counts it. */
export function promptText(messages: ChatMessage[]): string {
  return messages.map((m) => (typeof m.content === 'string' ? m.content : m.content.map((p) => (p.type === 'text' ? p.text : '')).join(''))).join('\n');
}

function countLines(text: string, offset: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** Runs `fn` over items with at most `limit` in flight; results keep the items' order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index], index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
