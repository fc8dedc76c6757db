// Chat rendering: a 20,000-token answer with ~50 code blocks streamed into the built chat page in
// real Chromium, in the batches the host sends (one message per 16 ms frame at 500 tokens/s, i.e.
// 8 tokens per message). Per message (render_ms) we time the page's whole handling — guard,
// incremental markdown, highlighting, sanitizing, DOM update — plus the layout it causes (forced
// right after); apply_ms is the handler alone, as the page's own probe reports it.
import { get_encoding } from 'tiktoken';
import type { HostMessage } from '../../src/common/chat/protocol';
import { launchBrowser, openChatPage, stateMessage } from '../../test/webview/harness';

const ANSWER_TOKENS = 20_000;
const TOKENS_PER_MESSAGE = 8;
const CODE_BLOCKS = 50;

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

/** The few browser globals the in-page loop uses (this file compiles without the DOM library). */
interface PageWindow {
  document: { documentElement: { offsetHeight: number }; querySelectorAll(selector: string): { length: number } };
  MessageEvent: new (type: string, init: { data: unknown }) => object;
  dispatchEvent(event: object): boolean;
  __gearshiftRenderProbe?: (ms: number) => void;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

export async function run(): Promise<Record<string, number>> {
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

  const browser = await launchBrowser();
  try {
    const chat = await openChatPage(browser, { width: 400, height: 800 });
    await chat.send(stateMessage());
    await chat.send({ type: 'turnStart', turn: { id: turnId, role: 'assistant', text: '', status: 'streaming' } });
    const result = await chat.page.evaluate(async (batch) => {
      const window = globalThis as unknown as PageWindow;
      const { document, MessageEvent } = window;
      const applied: number[] = [];
      const samples: number[] = [];
      window.__gearshiftRenderProbe = (ms) => applied.push(ms);
      const started = performance.now();
      for (const data of batch) {
        const before = performance.now();
        window.dispatchEvent(new MessageEvent('message', { data }));
        // Reading a layout value forces the layout this message caused, so it is counted too.
        void document.documentElement.offsetHeight;
        samples.push(performance.now() - before);
        // Yield like separate postMessage deliveries would, so the browser can lay out and paint.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'turnEnd', turnId: 'bench', status: 'done' } }));
      const totalMs = performance.now() - started;
      return { samples, applied, totalMs, renderedBlocks: document.querySelectorAll('.code-block').length };
    }, messages);
    const deltas = result.samples.slice().sort((a, b) => a - b);
    const applied = result.applied.slice(0, messages.length).sort((a, b) => a - b);
    if (result.renderedBlocks !== codeBlocks) throw new Error(`rendered ${result.renderedBlocks} code blocks, expected ${codeBlocks}`);
    if (chat.pageErrors.length) throw new Error(`page errors: ${chat.pageErrors.join('; ')}`);
    await chat.close();
    return {
      answer_tokens: tokens.length,
      code_blocks: codeBlocks,
      chunks: messages.length,
      render_ms_p50: round(percentile(deltas, 0.5)),
      render_ms_p95: round(percentile(deltas, 0.95)),
      render_ms_max: round(deltas[deltas.length - 1]),
      apply_ms_p95: round(percentile(applied, 0.95)),
      total_ms: Math.round(result.totalMs),
    };
  } finally {
    await browser.close();
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
