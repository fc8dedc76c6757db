// The model the typing replay talks to (bench/suites/inline.ts and the VS Code UI check
// test/vscode/ui/inlineEconomy.ui.ts): it finds where a FIM prompt's cursor is (/infill, a raw Qwen
// template, or a chat model's fill-in-the-middle message) in one of the known
// files and answers the file's true continuation with a seeded probability p; otherwise it answers a
// plausible wrong continuation — the true text of another, similar line of the same file — as a real
// model that guessed wrong would. Whether a position is answered right depends only on the seed, the
// file and the cursor offset, so every strategy replaying the same keys meets the same model.
import { CURSOR_MARK } from '../../src/common/inline/chatFim';
import type { MockReply, RecordedRequest } from './mockServer';
import type { Replay } from './typingReplay';

export interface TypingOracleOptions {
  /** The files' full true texts. */
  truths: readonly string[];
  /** Probability that an answer is the true continuation (1 = always right, 0 = always wrong). */
  pRight: number;
  seed: number;
  ttftMs: number;
  tokensPerSecond: number;
}

export interface TypingOracle {
  respond(req: RecordedRequest): MockReply;
  /** Where a request's cursor is: the file's true text and the offset in it (undefined: no file matched). */
  place(req: RecordedRequest): { truth: string; cursor: number } | undefined;
  /** Answers given so far, by kind ('unknown': the prompt matched no file). */
  readonly answered: { right: number; wrong: number; unknown: number };
}

/** How much of the prompt's prefix locates the cursor in a file. */
const LOCATOR_CHARS = 300;

export function createTypingOracle(options: TypingOracleOptions): TypingOracle {
  const files = options.truths.map((text) => ({ text, lines: text.split('\n') }));
  const answered = { right: 0, wrong: 0, unknown: 0 };
  return {
    answered,
    place(req) {
      const located = locate(req, files.map((f) => f.text));
      return located && { truth: files[located.file].text, cursor: located.cursor };
    },
    respond(req) {
      // A chat model asked to fill the middle answers in the contract's tags, as a compliant one does.
      const chat = chatFimUser(req.body) !== undefined;
      const reply = (text: string): MockReply => ({ text: chat ? `<insert>${text}</insert>` : text, ttftMs: options.ttftMs, tokensPerSecond: options.tokensPerSecond });
      const located = locate(req, files.map((f) => f.text));
      if (!located) {
        answered.unknown++;
        return reply('');
      }
      const { file, cursor, missing } = located;
      if (unitHash(options.seed, file, cursor) < options.pRight) {
        answered.right++;
        return reply(missing);
      }
      answered.wrong++;
      return reply(wrongContinuation(files[file], cursor, missing, options.seed));
    },
  };
}

/** The user message of a chat fill-in-the-middle request (src/common/inline/chatFim.ts): the file with the cursor mark. */
function chatFimUser(body: RecordedRequest['body']): string | undefined {
  const content = Array.isArray(body?.messages) ? body.messages.at(-1)?.content : undefined;
  return typeof content === 'string' && content.includes(CURSOR_MARK) ? content : undefined;
}

/** Prefix and suffix of a FIM request: llama.cpp /infill's fields, a raw Qwen template prompt, or a chat FIM message. */
function fimPieces(body: RecordedRequest['body']): [string, string] | undefined {
  if (typeof body?.input_prefix === 'string') return [body.input_prefix, typeof body.input_suffix === 'string' ? body.input_suffix : ''];
  const user = chatFimUser(body);
  if (user !== undefined) {
    const at = user.lastIndexOf(CURSOR_MARK);
    return [user.slice(0, at), user.slice(at + CURSOR_MARK.length)];
  }
  const prompt: string = typeof body?.prompt === 'string' ? body.prompt : '';
  const fim = /<\|fim_prefix\|>([\s\S]*)<\|fim_suffix\|>([\s\S]*)<\|fim_middle\|>$/.exec(prompt);
  return fim ? [fim[1], fim[2]] : undefined;
}

/** Which file the prompt comes from, where its cursor is, and the true text up to the suffix. */
function locate(req: RecordedRequest, truths: readonly string[]): { file: number; cursor: number; missing: string } | undefined {
  const pieces = fimPieces(req.body);
  if (!pieces) return undefined;
  const [prefix, suffix] = pieces;
  let best: { file: number; cursor: number; matched: number } | undefined;
  truths.forEach((truth, file) => {
    const found = cursorIn(truth, prefix);
    if (found && (!best || found.matched > best.matched)) best = { file, ...found };
  });
  if (!best) return undefined;
  const { file, cursor } = best;
  const truth = truths[file];
  const resume = suffix.length ? truth.indexOf(suffix.slice(0, 200), cursor) : truth.length;
  return { file, cursor, missing: truth.slice(cursor, resume < 0 ? truth.length : resume) };
}

/**
 * Where the prompt's prefix ends in this file, and how many characters of the file it matched: the
 * prefix's last LOCATOR_CHARS found in the file, or — near the top of the file, when other text comes
 * before the file's own start in the same field (llama.cpp /infill's context folded into the prefix
 * as comments) — the file's start, from a line start of the prefix to its end.
 */
function cursorIn(truth: string, prefix: string): { cursor: number; matched: number } | undefined {
  const tail = prefix.slice(-LOCATOR_CHARS);
  const at = truth.indexOf(tail);
  if (at >= 0) return { cursor: at + tail.length, matched: tail.length };
  for (let from = Math.max(1, prefix.length - LOCATOR_CHARS); from < prefix.length; from++) {
    if (prefix[from - 1] === '\n' && truth.startsWith(prefix.slice(from))) return { cursor: prefix.length - from, matched: prefix.length - from };
  }
  return undefined;
}

/**
 * Another line of the file that starts like the cursor's line (the longest shared start wins; ties
 * go by the seed), continued from the cursor's column, followed by that line's own next lines — as
 * many lines as the true answer has. Never the true text, nor a prefix of it.
 */
function wrongContinuation(file: { text: string; lines: string[] }, cursor: number, missing: string, seed: number): string {
  const lineStart = file.text.lastIndexOf('\n', cursor - 1) + 1;
  const typed = file.text.slice(lineStart, cursor).trimStart();
  const ownLine = file.text.slice(0, lineStart).split('\n').length - 1;
  let best: { line: number; shared: number; rank: number } | undefined;
  file.lines.forEach((text, line) => {
    const trimmed = text.trimStart();
    if (line === ownLine || trimmed.length <= typed.length) return;
    const shared = sharedStart(trimmed, typed);
    const rank = unitHash(seed, line, cursor);
    if (!best || shared > best.shared || (shared === best.shared && rank < best.rank)) {
      const first = trimmed.slice(typed.length);
      if (!isRightSoFar(first, missing)) best = { line, shared, rank };
    }
  });
  // A file without any other usable line: a wrong answer all the same.
  if (!best) return missing.startsWith('undefined') ? 'null;' : 'undefined;';
  const first = file.lines[best.line].trimStart().slice(typed.length);
  const extraLines = missing.split('\n').length - 1;
  const following = file.lines.slice(best.line + 1, best.line + 1 + extraLines);
  return [first, ...following].join('\n');
}

/** The wrong answer's first line must not be the truth's first line or a start of it. */
function isRightSoFar(first: string, missing: string): boolean {
  const trueFirst = missing.split('\n')[0];
  return first === '' || trueFirst.startsWith(first) || (trueFirst !== '' && first.startsWith(trueFirst));
}

function sharedStart(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** A uniform number in [0, 1) from integers (mulberry32 finalizer over a mixed key). */
function unitHash(seed: number, a: number, b: number): number {
  let t = (Math.imul(seed ^ 0x9e3779b9, 31) + Math.imul(a + 1, 0x85ebca6b) + Math.imul(b + 1, 0xc2b2ae35)) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * The requests of a replay, one line each in the order they arrived: the file, after which key
 * (its number in the replay) the cursor was, the last characters before it, and whether the
 * client gave up on the answer. The bench and the UI check print it (BENCH_DEBUG / always), so
 * the engine's decisions and the editor's can be diffed key by key.
 */
export function requestTrace(oracle: TypingOracle, requests: readonly RecordedRequest[], replays: readonly Replay[]): string[] {
  return requests.map((req) => {
    const placed = oracle.place(req);
    const replay = placed && replays.find((r) => r.truth === placed.truth);
    if (!placed || !replay) return '? unplaced';
    let key = 0;
    for (let typed = replay.start; key < replay.keys.length && typed < placed.cursor; key++) typed += replay.keys[key].text.length;
    const before = JSON.stringify(placed.truth.slice(Math.max(0, placed.cursor - 12), placed.cursor));
    return `${replay.file.split('/').pop()} key ${key} ${before}${req.clientClosed ? ' aborted' : ''}`;
  });
}
