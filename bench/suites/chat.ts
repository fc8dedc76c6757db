// Chat rendering in the built chat page in real Chromium. Per message (render_ms) we time the
// page's whole handling — guard, incremental markdown, highlighting, sanitizing, DOM update — plus
// the layout it causes (forced right after); apply_ms is the handler alone, as the page's own
// probe reports it (`<case>_apply_ms_p95`: so render minus apply shows the style and layout part).
//
// total_ms is the time the page is busy with the whole answer: from the first delta until the
// frame after the turn's end has been painted, with the deltas delivered back to back. Each
// delivery waits one MessageChannel task, as the host's postMessage deliveries do: the page is
// never idle in between, so the wall time is its handlers, the style/layout/paint of the frames
// it renders meanwhile and any work it defers (animation-frame callbacks run in those frames; idle
// callbacks are waited for at the end), and not the bench's own waiting. (A setTimeout(0) yield,
// as before, is clamped by Chromium to ≥4 ms once nested: 300 of them alone cost 1.2 s of wall
// time the page spent idle, 2,500 of them 10 s.) On this shared machine the load adds to it.
//
// Each answer is streamed twice into a fresh page. The timed run reads a layout value after each
// delta, so a delta's render time includes the layout it causes; the whole run does not, and gives
// the figures of the whole answer (total, busy, CPU, long frames, trace). The page itself never
// reads layout while handling a delta, so its browser lays out once per frame: forced after each of
// 300 deltas, the 370 KB answer took 365 layout passes instead of 70, and ~40 % of its total was the
// bench's own layouts. `<case>_probed_total_ms` keeps the timed run's total (comparable with figures
// measured before the two runs were split).
//
// 1. The main answer: 20,000 tokens with ~50 code blocks, in the batches the host sends (one
//    message per 16 ms frame at 500 tokens/s, i.e. 8 tokens per message).
// 2. Answers that froze the page before (issue 12), each streamed in ~300 deltas into a fresh page:
//    a 200,000-character line, a 370 KB answer of ordinary Markdown (real READMEs of the installed
//    packages, read at run time), a 60,000-character run of `_`, 20,000 bare URLs and a 3,000-line
//    nested list. Goals: per-chunk render p95 ≤4 ms, each total ≤1 s. A case still running after
//    CASE_CAP_MS stops there and says how much of it was delivered (`<case>_delivered_share`).
// Each case starts on a settled page (see SETTLED_IDLE_MS).
// BENCH_CHAT_CASES=main,urls runs a subset (`main` is the 20,000-token answer), to repeat one case.
//
// Besides Chromium's counters (script, style, layout), each case reports its long animation
// frames (the browser's own record of frames that took 50 ms or more, from the frame's start to
// its paint: what a user sees as a freeze), and with BENCH_CHAT_TRACE=1 the main thread's CPU by
// phase from a trace (`<case>_trace_<phase>_ms`: script, style, layout, paint — the paint
// lifecycle and commit —, observers, other; bench/support/mainThreadTrace.ts). Tracing slows the
// page, so the other figures of such a run are not comparable with a run without it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { get_encoding } from 'tiktoken';
import type { HostMessage } from '../../src/common/chat/protocol';
import { ROOT, launchBrowser, openChatPage, stateMessage } from '../../test/webview/harness';
import { TRACE_PHASES, startMainThreadTrace, type TracePhase } from '../support/mainThreadTrace';

const ANSWER_TOKENS = 20_000;
const TOKENS_PER_MESSAGE = 8;
const CODE_BLOCKS = 50;
const PATHOLOGICAL_DELTAS = 300;
const CASE_CAP_MS = 60_000;
/**
 * Before the first delta the page is left to settle, as a chat view is open for a while before an
 * answer comes: until two idle callbacks in a row each had at least SETTLED_IDLE_MS of idle time
 * (Chromium grants up to 50 ms when no task or frame is pending, so the page had nothing left to
 * do), or SETTLE_CAP_MS at most. Work the page defers to idle time after loading (warming up its
 * parser) is then done before the answer, as for a user; the answer's own deferred work still counts.
 */
const SETTLED_IDLE_MS = 45;
const SETTLE_CAP_MS = 3_000;

/** A realistic debugging answer: prose, lists, inline code and fenced code in several languages. */
function answerText(): string {
  const languages = ['typescript', 'python', 'go', 'rust', 'java'];
  const sections: string[] = [];
  for (let index = 0; sections.length < CODE_BLOCKS * 2; index++) {
    const language = languages[index % languages.length];
    sections.push(
      `### Step ${index + 1}: check \`handler${index}\`\n\nThe function **handler${index}** reads the request body before validating it, so an empty ` +
      `payload reaches \`parse()\` and throws. Fix it in two steps:\n\n1. validate the input first\n2. return early with a clear error\n\n` +
      `See [the guide](https://example.com/guide/${index}) for details. ${'The retry logic then runs with a fresh context and logs the outcome. '.repeat(3)}`,
      '```' + language + '\n' + codeSample(language, index) + '\n```',
    );
  }
  return sections.join('\n\n');
}

function codeSample(language: string, index: number): string {
  const body = Array.from({ length: 14 }, (_, line) => `  const value${line} = compute(input, ${line}, "${language}-${index}"); // step ${line}`);
  return [`function handler${index}(input) {`, ...body, '  return value0 + value13;', '}'].join('\n');
}

/** The READMEs of the installed packages (package-lock pins them), in path order: Markdown nobody here wrote. */
function installedReadmes(): string {
  const files: string[] = [];
  const visit = (dir: string, depth: number): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && depth < 2 && entry.name !== '.bin') visit(full, depth + 1);
      else if (entry.isFile() && /^readme\.md$/i.test(entry.name)) files.push(full);
    }
  };
  visit(path.join(ROOT, 'node_modules'), 0);
  return files.map((file) => fs.readFileSync(file, 'utf8')).join('\n\n');
}

function nestedList(lines: number): string {
  const out: string[] = [];
  for (let index = 0; index < lines; index++) {
    const depth = 10 - Math.abs((index % 20) - 10); // down ten levels and back up, again and again
    out.push(`${'  '.repeat(depth)}- item ${index} with **bold**, \`code\` and a [link](https://example.com/${index})`);
  }
  return out.join('\n');
}

function pathologicalCases(): Record<string, string> {
  const readmes = installedReadmes();
  return {
    long_line: readmes.replace(/\s+/g, ' ').slice(0, 200_000),
    markdown_370k: readmes.slice(0, 370_000),
    underscores: '_'.repeat(60_000),
    urls: Array.from({ length: 20_000 }, (_, index) => `https://example.com/docs/page-${index}?ref=${index % 97}`).join('\n'),
    nested_list: nestedList(3000),
  };
}

/** `text` cut into `count` deltas of (almost) equal size. */
function deltas(turnId: string, text: string, count: number): HostMessage[] {
  const size = Math.ceil(text.length / count);
  const messages: HostMessage[] = [];
  for (let index = 0; index < text.length; index += size) messages.push({ type: 'delta', turnId, text: text.slice(index, index + size) });
  return messages;
}

/** The few browser globals the in-page loop uses (this file compiles without the DOM library). */
interface PageWindow {
  document: { documentElement: { offsetHeight: number }; querySelectorAll(selector: string): { length: number } };
  MessageEvent: new (type: string, init: { data: unknown }) => object;
  dispatchEvent(event: object): boolean;
  MessageChannel: new () => { port1: { onmessage: ((event: unknown) => void) | null }; port2: { postMessage(data: unknown): void } };
  requestIdleCallback(callback: (deadline: { timeRemaining(): number }) => void): number;
  requestAnimationFrame(callback: () => void): number;
  __gearshiftRenderProbe?: (ms: number) => void;
  PerformanceObserver: new (callback: (list: { getEntries(): { duration: number }[] }) => void) => { observe(options: { type: string }): void; disconnect(): void };
}

interface Streamed {
  /** render time of each delta, then of the turn's end. */
  samples: number[];
  applied: number[];
  totalMs: number;
  /**
   * The page's main thread over the same span, from Chromium's own counters: busy time of all its
   * tasks, its CPU time, and the parts of the busy time spent in script, style and layout.
   */
  busyMs: number;
  cpuMs: number;
  scriptMs: number;
  styleMs: number;
  layoutMs: number;
  delivered: number;
  renderedBlocks: number;
  /** Durations of the animation frames of 50 ms or more (Chromium's long-animation-frame entries). */
  longFrames: number[];
  /** With BENCH_CHAT_TRACE: main-thread CPU ms by phase. */
  trace?: Record<TracePhase, number>;
}

/**
 * Streams `messages` into a fresh turn of a fresh page and times each message; with `forceLayout`,
 * each message's time includes the layout it causes (read right after it).
 */
async function stream(browser: Awaited<ReturnType<typeof launchBrowser>>, turnId: string, messages: HostMessage[], forceLayout: boolean): Promise<Streamed> {
  const chat = await openChatPage(browser, { width: 400, height: 800 });
  try {
    await chat.send(stateMessage());
    await chat.send({ type: 'turnStart', turn: { id: turnId, role: 'assistant', text: '', status: 'streaming' } });
    await settle(chat.page);
    const cdp = await chat.page.context().newCDPSession(chat.page);
    await cdp.send('Performance.enable');
    const trace = process.env.BENCH_CHAT_TRACE && !forceLayout ? await startMainThreadTrace(cdp) : undefined;
    const before = await mainThreadSeconds(cdp);
    const result = await chat.page.evaluate(async ({ batch, id, capMs, forceLayout }) => {
      const window = globalThis as unknown as PageWindow;
      const { document, MessageEvent } = window;
      const applied: number[] = [];
      const samples: number[] = [];
      window.__gearshiftRenderProbe = (ms) => applied.push(ms);
      const longFrames: number[] = [];
      const frames = new window.PerformanceObserver((list) => longFrames.push(...list.getEntries().map((entry) => entry.duration)));
      frames.observe({ type: 'long-animation-frame' });
      const timed = (data: unknown): void => {
        const before = performance.now();
        window.dispatchEvent(new MessageEvent('message', { data }));
        // Reading a layout value forces the layout this message caused, so it is counted too.
        if (forceLayout) void document.documentElement.offsetHeight;
        samples.push(performance.now() - before);
      };
      const channel = new window.MessageChannel();
      const started = performance.now();
      let delivered = 0;
      for (const data of batch) {
        if (performance.now() - started > capMs) break;
        timed(data);
        delivered++;
        // Yield as a separate postMessage delivery does (unclamped, unlike setTimeout), so the
        // browser may render frames in between.
        await new Promise((resolve) => {
          channel.port1.onmessage = resolve;
          channel.port2.postMessage(null);
        });
      }
      timed({ type: 'turnEnd', turnId: id, status: 'done' });
      // Deferred work counts: idle callbacks queued so far run before this one, then the final frame.
      await new Promise((resolve) => window.requestIdleCallback(() => resolve(undefined)));
      await new Promise((resolve) => window.requestAnimationFrame(() => window.requestAnimationFrame(() => resolve(undefined))));
      const totalMs = performance.now() - started;
      frames.disconnect();
      return { samples, applied, totalMs, delivered, longFrames, renderedBlocks: document.querySelectorAll('.code-block').length };
    }, { batch: messages, id: turnId, capMs: CASE_CAP_MS, forceLayout });
    if (chat.pageErrors.length) throw new Error(`page errors: ${chat.pageErrors.join('; ')}`);
    const after = await mainThreadSeconds(cdp);
    const ms = (name: MainThreadMetric): number => (after[name] - before[name]) * 1000;
    return { ...result, trace: await trace?.stop(), busyMs: ms('TaskDuration'), cpuMs: ms('ThreadTime'), scriptMs: ms('ScriptDuration'), styleMs: ms('RecalcStyleDuration'), layoutMs: ms('LayoutDuration') };
  } finally {
    await chat.close();
  }
}

async function settle(page: Awaited<ReturnType<typeof openChatPage>>['page']): Promise<void> {
  await page.evaluate(async ({ idleMs, capMs }) => {
    const window = globalThis as unknown as PageWindow;
    const started = performance.now();
    for (let quiet = 0; quiet < 2 && performance.now() - started < capMs;) {
      const idle = await new Promise<number>((resolve) => window.requestIdleCallback((deadline) => resolve(deadline.timeRemaining())));
      quiet = idle >= idleMs ? quiet + 1 : 0;
    }
  }, { idleMs: SETTLED_IDLE_MS, capMs: SETTLE_CAP_MS });
}

/** TaskDuration: all the main thread's tasks (script, style, layout, paint and the rest); ThreadTime: its CPU time. */
const MAIN_THREAD_METRICS = ['TaskDuration', 'ThreadTime', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration'] as const;
type MainThreadMetric = (typeof MAIN_THREAD_METRICS)[number];

/** Chromium's cumulative counters for the page's main thread, in seconds. */
async function mainThreadSeconds(cdp: { send(method: 'Performance.getMetrics'): Promise<{ metrics: { name: string; value: number }[] }> }): Promise<Record<MainThreadMetric, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string): number => metrics.find((metric) => metric.name === name)?.value ?? NaN;
  return Object.fromEntries(MAIN_THREAD_METRICS.map((name) => [name, value(name)])) as Record<MainThreadMetric, number>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

const sorted = (values: number[]): number[] => values.slice().sort((a, b) => a - b);

export async function run(): Promise<Record<string, number>> {
  await buildChatPage();
  const encoding = get_encoding('o200k_base');
  let text = answerText();
  while (encoding.encode_ordinary(text).length < ANSWER_TOKENS) text += `\n\n${answerText()}`;
  const tokens = encoding.encode_ordinary(text).slice(0, ANSWER_TOKENS);
  const decoder = new TextDecoder();
  const turnId = 'bench';
  const messages: HostMessage[] = [];
  for (let index = 0; index < tokens.length; index += TOKENS_PER_MESSAGE) {
    messages.push({ type: 'delta', turnId, text: decoder.decode(encoding.decode(tokens.slice(index, index + TOKENS_PER_MESSAGE)), { stream: true }) });
  }
  const codeBlocks = (decoder.decode(encoding.decode(tokens)).match(/^```\w+$/gm) ?? []).length;
  encoding.free();

  const wanted = process.env.BENCH_CHAT_CASES?.split(',');
  const browser = await launchBrowser();
  try {
    const figures: Record<string, number> = {};
    if (!wanted || wanted.includes('main')) Object.assign(figures, await mainAnswer(browser, turnId, messages, tokens.length, codeBlocks));
    for (const [name, answer] of Object.entries(pathologicalCases())) {
      if (wanted && !wanted.includes(name)) continue;
      process.stderr.write(`bench: chat ${name} (${answer.length.toLocaleString('en-US')} chars)…\n`);
      const caseMessages = deltas(name, answer, PATHOLOGICAL_DELTAS);
      const result = await stream(browser, name, caseMessages, true);
      const whole = await stream(browser, name, caseMessages, false);
      const chunkRenders = sorted(result.samples);
      figures[`${name}_chars`] = answer.length;
      figures[`${name}_chunks`] = caseMessages.length;
      figures[`${name}_render_ms_p95`] = round(percentile(chunkRenders, 0.95));
      figures[`${name}_render_ms_max`] = round(chunkRenders[chunkRenders.length - 1]);
      figures[`${name}_apply_ms_p95`] = round(percentile(sorted(result.applied), 0.95));
      // What the deltas' own handling (with the layout forced after each) adds up to; probed_total_ms
      // minus this is the frames' work outside the handlers (their style, paint, observers) and
      // deferred work.
      figures[`${name}_render_ms_sum`] = Math.round(result.samples.reduce((sum, ms) => sum + ms, 0));
      figures[`${name}_end_ms`] = round(result.samples[result.samples.length - 1]);
      figures[`${name}_probed_total_ms`] = Math.round(result.totalMs);
      Object.assign(figures, wholeAnswerFigures(name, whole));
      figures[`${name}_delivered_share`] = round(Math.min(result.delivered, whole.delivered) / caseMessages.length);
    }
    return figures;
  } finally {
    await browser.close();
  }
}

/** The 20,000-token answer, in the host's batches. */
async function mainAnswer(browser: Awaited<ReturnType<typeof launchBrowser>>, turnId: string, messages: HostMessage[], tokens: number, codeBlocks: number): Promise<Record<string, number>> {
  const main = await stream(browser, turnId, messages, true);
  const whole = await stream(browser, turnId, messages, false);
  for (const run of [main, whole]) if (run.renderedBlocks !== codeBlocks) throw new Error(`rendered ${run.renderedBlocks} code blocks, expected ${codeBlocks}`);
  const renders = sorted(main.samples.slice(0, messages.length));
  return {
    answer_tokens: tokens,
    code_blocks: codeBlocks,
    chunks: messages.length,
    render_ms_p50: round(percentile(renders, 0.5)),
    render_ms_p95: round(percentile(renders, 0.95)),
    render_ms_max: round(renders[renders.length - 1]),
    apply_ms_p95: round(percentile(sorted(main.applied.slice(0, messages.length)), 0.95)),
    probed_total_ms: Math.round(main.totalMs),
    ...wholeAnswerFigures('', whole),
  };
}

/** The figures of a whole answer's run (no layout forced by the bench), keyed `<prefix>_total_ms` and so on. */
function wholeAnswerFigures(name: string, whole: Streamed): Record<string, number> {
  const key = (figure: string): string => (name ? `${name}_${figure}` : figure);
  const figures: Record<string, number> = {
    [key('total_ms')]: Math.round(whole.totalMs),
    [key('busy_ms')]: Math.round(whole.busyMs),
    [key('cpu_ms')]: Math.round(whole.cpuMs),
    [key('script_ms')]: Math.round(whole.scriptMs),
    [key('style_ms')]: Math.round(whole.styleMs),
    [key('layout_ms')]: Math.round(whole.layoutMs),
    [key('long_frames')]: whole.longFrames.length,
    [key('longest_frame_ms')]: Math.round(Math.max(0, ...whole.longFrames)),
  };
  for (const phase of TRACE_PHASES) if (whole.trace) figures[key(`trace_${phase}_ms`)] = whole.trace[phase];
  return figures;
}

/** The suite measures the page as the sources are now, not whatever dist/ holds. */
async function buildChatPage(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = require(path.join(ROOT, 'esbuild.js')) as { chatPage: object; copyAssets(): void };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as { build(options: object): Promise<unknown> };
  build.copyAssets();
  await esbuild.build(build.chatPage);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
