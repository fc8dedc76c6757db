// Inline typing replay (BENCH.md): real source files are "typed" at human pace (seeded) into the
// same InlineEngine the extension uses, against the local server playing a model (TTFT 250 ms,
// 100 tokens/s) that answers the file's true continuation with probability p and otherwise the
// true text of another, similar line (test/support/typingOracle.ts). p = 1 gives the unprefixed
// keys, p = 0.3 the `p03_` keys, p = 0 the `p0_` keys (BENCH_INLINE_P=0,0.3 runs a subset). The
// naive and 350 ms-debounce baselines replay the same keystrokes against the same model in the same
// run. Overhead is measured per stage on a 10,000-line file with 20 other open documents, in a
// replay of its own at p = 1 that runs alone.
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CONFIG, type GearshiftConfig } from '../../src/common/config';
import { endpointFromSetting } from '../../src/common/endpoint';
import { createExclusionMatcher } from '../../src/common/exclusions';
import { OutboundGate } from '../../src/common/gate';
import { CrossFileContext } from '../../src/common/inline/crossFileContext';
import { getDocContext, type DocContext } from '../../src/common/inline/document';
import { InlineEngine } from '../../src/common/inline/engine';
import { sendOverTransport } from '../../src/common/inline/transport';
import { StageTimer } from '../../src/common/inline/timings';
import { silentLogger } from '../../src/common/logger';
import { createRouter } from '../../src/common/routerImpl';
import { ServerFactsCache, withServerFacts } from '../../src/common/serverFacts';
import { createClient } from '../../src/node/client';
import type { SyntaxService } from '../../src/common/syntax/types';
import { createTreeSitterSyntax } from '../../src/node/syntax/treeSitter';
import { generationRequests, startMockServer, type RecordedRequest } from '../../test/support/mockServer';
import { isProfileName, PROFILE_MODELS, serverProfile, type ProfileName } from '../../test/support/profiles';
import { createTypingOracle, requestTrace, type TypingOracle } from '../../test/support/typingOracle';
import { mulberry32 } from '../support/random';
import { ALL_REPLAY_FILES, EDITOR_REPLAY_FILES, keystrokes, languageOf, makeReplays, REPLAY_SEED as SEED, type Replay } from '../../test/support/typingReplay';

const TTFT_MS = 250;
const TOKENS_PER_S = 100;
const CHARS_PER_TOKEN = 4; // how the local server cuts text into tokens
const MODEL = 'qwen2.5-coder:1.5b-base';
const ROOT = path.join(__dirname, '../..');
const REPLAY_FILES = ALL_REPLAY_FILES.slice(0, Number(process.env.BENCH_INLINE_FILES) || ALL_REPLAY_FILES.length);
/** VS Code asks an inline provider only after typing paused this long (and cancels it on the next key). */
const EDITOR_WAIT_MS = 50;
/** Model accuracy levels and the key prefix of their figures. */
const ACCURACY_LEVELS = [
  { pRight: 1, prefix: '' },
  { pRight: 0.3, prefix: 'p03_' },
  { pRight: 0, prefix: 'p0_' },
];
interface Shown {
  ghostMs: number;
  floorMs: number;
  origin: string;
  correct: boolean;
}

interface StrategyResult {
  requests: number;
  typedChars: number;
  shown: Shown[];
  overheadMs: number[];
  /** Per keystroke: parsing the window around the cursor (the 'syntax' stage). */
  syntaxMs: number[];
  promptTokens: number[];
  /** Typed characters a correct suggestion on screen offered before they were typed (Tab would have taken them). */
  acceptableChars: number;
}

const emptyResult = (): StrategyResult => ({ requests: 0, typedChars: 0, shown: [], overheadMs: [], syntaxMs: [], promptTokens: [], acceptableChars: 0 });

/** `--profile <name>`: the local server behaves as that server, and the engine uses its model. */
let profile: ProfileName | undefined;

export async function run(options: { profile?: string } = {}): Promise<Record<string, number>> {
  if (options.profile !== undefined && !isProfileName(options.profile)) throw new Error(`unknown profile ${options.profile}`);
  profile = options.profile;
  const replays = makeReplays(ROOT).filter((r) => REPLAY_FILES.includes(r.file));
  const big = makeBigFile();
  const truths = [...replays.map((r) => r.truth), big.truth];
  const wanted = process.env.BENCH_INLINE_P?.split(',').map(Number);
  const figures: Record<string, number> = { ttft_ms: TTFT_MS, tokens_per_s: TOKENS_PER_S };
  // The levels run side by side (the replays wait on timers, not on the CPU), each strategy
  // against a server of its own playing the level's model.
  const levels = ACCURACY_LEVELS.filter((l) => !wanted || wanted.includes(l.pRight));
  const oracleAt = (pRight: number) => createTypingOracle({ truths, pRight, seed: SEED, ttftMs: TTFT_MS, tokensPerSecond: TOKENS_PER_S });
  const results = await Promise.all(
    levels.map(async (level) => {
      const oracle = oracleAt(level.pRight);
      const editorReplays = replays.filter((r) => EDITOR_REPLAY_FILES.includes(r.file));
      const [engine, naive, debounce, editorReplay] = await Promise.all([
        withModel(oracle, (config) => replayWithEngine(config, replays, {})),
        withModel(oracle, (config) => replayBaseline(config, replays, 0)),
        withModel(oracle, (config) => replayBaseline(config, replays, 350)),
        // The part the VS Code UI check types (test/vscode/ui/inlineEconomy.ui.ts), to compare with the editor.
        withModel(oracle, (config) => replayWithEngine(config, editorReplays, {}), process.env.BENCH_TRACE ? { title: `editor replay at p = ${level.pRight}`, replays: editorReplays } : undefined),
      ]);
      const accuracy = accuracyFigures(engine, naive, debounce);
      accuracy.editor_replay_requests_per_100_chars = round((editorReplay.requests / Math.max(1, editorReplay.typedChars)) * 100, 2);
      return { level, accuracy };
    }),
  );
  for (const { level, accuracy } of results) {
    for (const [key, value] of Object.entries(accuracy)) figures[level.prefix + key] = value;
  }
  // Overhead is a property of the engine, not of the model: measured at p = 1, alone, after the
  // other replays, so their timers and parses do not land inside its measured stages.
  const overhead = await withModel(oracleAt(1), (config) => replayWithEngine(config, [big.replay], { otherDocs: big.others }));
  Object.assign(figures, overheadFigures(overhead, big));
  return figures;
}

function overheadFigures(overhead: StrategyResult, big: { lines: number; others: unknown[] }): Record<string, number> {
  return {
    overhead_ms_p50: round(percentile(overhead.overheadMs, 50), 3),
    overhead_ms_p99: round(percentile(overhead.overheadMs, 99), 3),
    overhead_requests_measured: overhead.overheadMs.length,
    overhead_file_lines: big.lines,
    overhead_other_documents: big.others.length,
    syntax_parse_ms_p50: round(percentile(overhead.syntaxMs, 50), 3),
    syntax_parse_ms_p99: round(percentile(overhead.syntaxMs, 99), 3),
  };
}

/** The figures of one model accuracy level (keys without the level's prefix). */
function accuracyFigures(engine: StrategyResult, naive: StrategyResult, debounce: StrategyResult): Record<string, number> {
  const per100 = (r: StrategyResult, n: number) => round((n / Math.max(1, r.typedChars)) * 100, 2);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const correctShare = (r: StrategyResult) => round(r.shown.filter((s) => s.correct).length / Math.max(1, r.shown.length), 3);
  const waited = engine.shown.filter((s) => s.origin === 'network' || s.origin === 'recycled');
  const figures: Record<string, number> = {
    ghost_ms_p50: round(percentile(engine.shown.map((s) => s.ghostMs), 50)),
    ghost_ms_p75: round(percentile(engine.shown.map((s) => s.ghostMs), 75)),
    ghost_floor_ms_p75: round(percentile(engine.shown.map((s) => s.floorMs), 75)),
    requests_per_100_chars: per100(engine, engine.requests),
    served_without_request_share: round(engine.shown.filter((s) => s.origin !== 'network').length / Math.max(1, engine.shown.length), 3),
    baseline_naive_requests_per_100_chars: per100(naive, naive.requests),
    baseline_debounce350_requests_per_100_chars: per100(debounce, debounce.requests),
    baseline_debounce350_ghost_ms_p75: round(percentile(debounce.shown.map((s) => s.ghostMs), 75)),
    prompt_tokens_median: round(percentile(engine.promptTokens, 50)),
    ghost_ms_p75_waited_on_network: round(percentile(waited.map((s) => s.ghostMs), 75)),
    shown_waited_on_network_count: waited.length,
    typed_chars: engine.typedChars,
    shown_count: engine.shown.length,
    shown_correct_share: correctShare(engine),
    acceptable_chars: engine.acceptableChars,
    prompt_tokens_per_100_chars: per100(engine, sum(engine.promptTokens)),
    baseline_naive_shown_count: naive.shown.length,
    baseline_debounce350_shown_count: debounce.shown.length,
    baseline_debounce350_shown_correct_share: correctShare(debounce),
    baseline_debounce350_prompt_tokens_per_100_chars: per100(debounce, sum(debounce.promptTokens)),
  };
  // Undefined when nothing could be accepted (p = 0): the key is left out rather than infinite.
  if (engine.acceptableChars > 0) figures.prompt_tokens_per_accepted_char = round(sum(engine.promptTokens) / engine.acceptableChars, 1);
  if (debounce.acceptableChars > 0) figures.baseline_debounce350_prompt_tokens_per_accepted_char = round(sum(debounce.promptTokens) / debounce.acceptableChars, 1);
  return figures;
}

/**
 * One strategy against a server of its own playing the shared model: requests and prompt tokens
 * are counted where they arrive (real HTTP), aborted ones included — they cost prompt tokens too.
 */
async function withModel(oracle: TypingOracle, replay: (config: GearshiftConfig) => Promise<StrategyResult>, trace?: { title: string; replays: Replay[] }): Promise<StrategyResult> {
  const server = await startMockServer(profile ? { profile: serverProfile(profile) } : {});
  server.setResponder((req) => oracle.respond(req));
  try {
    const result = await replay(benchConfig(server.url));
    const sent = generationRequests(server);
    result.requests = sent.length;
    result.promptTokens = sent.map((r) => estimateTokens(promptText(r.body)));
    // BENCH_TRACE=1: the editor replay's requests key by key, to diff with the UI check's trace.
    if (trace) console.error(`${trace.title}:\n  ${requestTrace(oracle, sent, trace.replays).join('\n  ')}`);
    return result;
  } finally {
    await server.close();
  }
}

/** The text a completion request sends: a raw prompt, or /infill's prefix, suffix and extra context. */
function promptText(body: RecordedRequest['body']): string {
  if (typeof body?.prompt === 'string') return body.prompt;
  const extra = Array.isArray(body?.input_extra) ? body.input_extra.map((chunk: { text?: string }) => chunk.text ?? '').join('') : '';
  return `${body?.input_prefix ?? ''}${body?.input_suffix ?? ''}${extra}`;
}

function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3.5);
}

function benchConfig(baseUrl: string): GearshiftConfig {
  const config = structuredClone(DEFAULT_CONFIG);
  config.endpoint.baseUrl = baseUrl;
  config.models.fast = profile ? PROFILE_MODELS[profile] : MODEL;
  return config;
}

/** The real syntax service with the grammars of the replayed and open documents loaded before typing starts. */
async function loadedSyntax(languageIds: string[]): Promise<SyntaxService> {
  const syntax = createTreeSitterSyntax();
  await Promise.all([...new Set(languageIds)].map((languageId) => syntax.load(languageId)));
  return syntax;
}

function createEngine(config: GearshiftConfig, syntax: SyntaxService) {
  const client = createClient();
  const ledger = { record: () => undefined, summary: () => Promise.reject(new Error('unused')) };
  // Against a profile, as in the extension: what the server publishes (kind, window) picks the
  // transport and sizes the prompt.
  const servers = profile ? new ServerFactsCache((endpoint, models, signal) => client.discover(endpoint, models, signal), silentLogger) : undefined;
  const router = createRouter({ config: () => config, endpoints: async () => [endpointFromSetting(config.endpoint)], ledger, log: silentLogger, servers });
  const engine = new InlineEngine({
    client,
    router,
    gate: new OutboundGate({ isExcluded: createExclusionMatcher(config.exclude) }),
    config: () => withServerFacts(config, servers?.peek(endpointFromSetting(config.endpoint).id)),
    server: servers && ((id) => servers.peek(id)),
    estimateTokens,
    log: silentLogger,
    syntax,
  });
  return { client, engine, ready: servers?.ensure(endpointFromSetting(config.endpoint), [config.models.fast]) };
}

/** The extension's path: every keystroke calls the provider and cancels the previous call. */
async function replayWithEngine(config: GearshiftConfig, replays: Replay[], options: { otherDocs?: { uri: string; text: string }[] }): Promise<StrategyResult> {
  const result = emptyResult();
  const others = options.otherDocs ?? replays.map((r) => ({ uri: `file:///${r.file}`, text: r.truth }));
  const syntax = await loadedSyntax([...replays.map((r) => r.languageId), ...others.map((doc) => languageOf(doc.uri))]);
  const { client, engine, ready } = createEngine(config, syntax);
  await ready;
  // The extension's context sources: definitions and similar windows of the other open documents,
  // indexed before typing starts (the extension indexes them between keystrokes).
  const context = new CrossFileContext(syntax);
  others.forEach((doc, i) => context.add({ uri: doc.uri, relativePath: doc.uri.replace('file:///', ''), languageId: languageOf(doc.uri), version: i, text: doc.text }));
  context.index(Number.POSITIVE_INFINITY);
  // Give the engine a moment to learn the endpoint (local → hot streak on, as in the extension).
  await sleep(50);
  for (const replay of replays) {
    await typeReplay(replay, result, async (ctx, signal, timer) => {
      // As VS Code does: the provider is asked only once typing paused, and cancelled by the next key.
      await sleep(EDITOR_WAIT_MS, signal);
      if (signal.aborted) return undefined;
      const s = await engine.provide({
        ctx,
        signal,
        timer,
        context: () => context.chunksFor(ctx),
      });
      // As the provider does: what is on screen can be typed through.
      if (s && !signal.aborted) engine.markShown(ctx, s.text);
      return s && { text: s.text, origin: s.origin };
    });
  }
  await sleep(300);
  await client.dispose();
  return result;
}

/** Baselines: a plain single-line request per keystroke (debounce 0) or after a quiet period. */
async function replayBaseline(config: GearshiftConfig, replays: Replay[], debounceMs: number): Promise<StrategyResult> {
  const client = createClient();
  const endpoint = endpointFromSetting(config.endpoint);
  const baselineGate = new OutboundGate({ isExcluded: createExclusionMatcher(config.exclude) });
  const result = emptyResult();
  for (const replay of replays) {
    await typeReplay(replay, result, async (ctx, signal) => {
      if (debounceMs > 0) {
        await sleep(debounceMs, signal);
        if (signal.aborted) return undefined;
      }
      const sent = await sendOverTransport(client, endpoint, {
        transport: 'fim-template',
        fimFormat: 'qwen',
        model: MODEL,
        pieces: { prefix: ctx.prefix, suffix: ctx.suffix, path: ctx.relativePath, languageId: ctx.languageId, chunks: [] },
        passage: baselineGate.admit({ job: 'inline' }).passage,
        multiline: false,
        maxTokens: 64,
        stopAtNewline: true,
        timeoutMs: config.timeouts.inlineMs,
        linePrefix: ctx.linePrefix,
        signal,
        onText: () => undefined,
      }).catch(() => undefined);
      if (!sent || signal.aborted || sent.text.trim() === '') return undefined;
      return { text: sent.text, origin: 'network' };
    });
  }
  await client.dispose();
  return result;
}

type Provide = (ctx: DocContext, signal: AbortSignal, timer: StageTimer) => Promise<{ text: string; origin: string } | undefined>;

/** Plays the keystrokes; a suggestion counts as shown when it arrives before the next key. */
async function typeReplay(replay: Replay, result: StrategyResult, provide: Provide): Promise<void> {
  // The document as an editor keeps it: an array of lines edited in place (no whole-file copies).
  const before = replay.truth.slice(0, replay.start);
  const lines = (before + replay.truth.slice(replay.end)).split('\n');
  let line = before.split('\n').length - 1;
  let character = before.length - before.lastIndexOf('\n') - 1;
  const source = { get lineCount() { return lines.length; }, lineAt: (i: number) => lines[i] ?? '' };
  let offset = replay.start;
  let controller: AbortController | undefined;
  const pending: Promise<unknown>[] = [];
  const uri = `file:///${replay.file}`;
  let version = 0;
  // Typed-region offsets a correct suggestion covered: counted once however many suggestions did.
  const acceptable = new Uint8Array(replay.end - replay.start);
  const markAcceptable = (from: number, length: number) => acceptable.fill(1, from - replay.start, Math.min(replay.end, from + length) - replay.start);
  for (const key of replay.keys) {
    await sleep(key.delayMs);
    controller?.abort();
    const text = lines[line];
    if (key.text.startsWith('\n')) {
      const indent = key.text.slice(1);
      lines.splice(line + 1, 0, indent + text.slice(character));
      lines[line] = text.slice(0, character);
      line++;
      character = indent.length;
      result.typedChars += 1;
    } else {
      lines[line] = text.slice(0, character) + key.text + text.slice(character);
      character += key.text.length;
      result.typedChars += key.text.length;
    }
    offset += key.text.length;
    const timer = new StageTimer();
    const position = { line, character };
    const ctx = timer.measure('snapshot', () =>
      getDocContext(source, position, { uri, relativePath: replay.file, languageId: replay.languageId, version: ++version }, { prefixChars: 2400, suffixChars: 600 }),
    );
    const current = new AbortController();
    controller = current;
    const keyAt = performance.now();
    const cursor = offset;
    pending.push(
      provide(ctx, current.signal, timer).then((served) => {
        result.overheadMs.push(timer.total);
        result.syntaxMs.push(timer.timings.syntax);
        if (!served || current.signal.aborted) return;
        const ghostMs = performance.now() - keyAt;
        const firstLine = served.text.split('\n')[0];
        const floorMs = TTFT_MS + (Math.ceil(firstLine.length / CHARS_PER_TOKEN) * 1000) / TOKENS_PER_S;
        const correct = replay.truth.startsWith(served.text, cursor);
        if (correct) markAcceptable(cursor, served.text.length);
        result.shown.push({ ghostMs, floorMs, origin: served.origin, correct });
        if (process.env.BENCH_DEBUG) console.error(served.origin, ghostMs.toFixed(0), JSON.stringify(served.text.slice(0, 40)));
      }),
    );
  }
  await sleep(1000);
  controller?.abort();
  await Promise.all(pending);
  result.acceptableChars += acceptable.reduce((n, v) => n + v, 0);
}

/** A 10,000-line TypeScript file built from our sources, plus 20 other open documents. */
function makeBigFile() {
  const sources = fs.readdirSync(path.join(ROOT, 'src/common'), { recursive: true }).map(String).filter((f) => f.endsWith('.ts')).sort();
  const texts = sources.map((f) => fs.readFileSync(path.join(ROOT, 'src/common', f), 'utf8'));
  const lines: string[] = [];
  for (let i = 0; lines.length < 10_000; i++) lines.push(...texts[i % texts.length].split('\n'));
  lines.length = 10_000;
  const truth = lines.join('\n');
  const random = mulberry32(SEED + 1);
  const others = texts.slice(0, 20).map((text, i) => ({ uri: `file:///open/${sources[i]}`, text }));
  while (others.length < 20) others.push({ uri: `file:///open/copy${others.length}.ts`, text: texts[others.length % texts.length] });
  // Type in the middle of the file.
  const replay = makeReplayAt('big.ts', truth, 5000, random);
  return { truth, replay, others, lines: lines.length };
}

function makeReplayAt(file: string, truth: string, line: number, random: () => number): Replay {
  const lines = truth.split('\n');
  let first = line;
  while (lines[first].trim().length < 10) first++;
  const lineStart = lines.slice(0, first).join('\n').length + 1;
  const start = lineStart + (lines[first].length - lines[first].trimStart().length);
  let last = first;
  let chars = lines[first].trim().length;
  while (chars + lines[last + 1].trim().length <= 250) chars += lines[++last].trim().length;
  const end = lines.slice(0, last + 1).join('\n').length;
  return { file, languageId: 'typescript', truth, start, end, keys: keystrokes(truth.slice(start, end), random) };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

if (require.main === module) {
  run().then((figures) => console.log(JSON.stringify(figures, null, 2)));
}
