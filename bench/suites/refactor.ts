// Whole-file refactor of a 10,000-line file through the local OpenAI-compatible server answering at
// 500 tokens/s, with the real client, router and tokenizer. The server plays the model: it answers
// each part with that part's code, refactored (a parameter renamed), in a fenced block.
// preview_ms: the last answer's stream end → merged result and unified diff ready (in the engine).
// total_ms: the whole job with the default concurrency (parts in parallel); total_ms_sequential:
// the same job with concurrency 1.
import { DEFAULT_CONFIG, type GearshiftConfig } from '../../src/common/config';
import { endpointFromSetting } from '../../src/common/endpoint';
import type { Ledger } from '../../src/common/ledger';
import { silentLogger } from '../../src/common/logger';
import { createRouter } from '../../src/common/routerImpl';
import { summarizeUsage } from '../../src/common/usageSummary';
import { runRewrite, type RewriteResult } from '../../src/common/refactor/engine';
import { refactorStrategy } from '../../src/common/refactor/prompts';
import { modelLimits, routedGenerate } from '../../src/common/refactor/routedGenerate';
import { createClient } from '../../src/node/client';
import { createTokenizer } from '../../src/node/tokenizer';
import { startMockServer, type RecordedRequest } from '../../test/support/mockServer';
import { round } from '../support/stats';

const LINES = 10_000;
const TOKENS_PER_SECOND = 500;
const INSTRUCTION = 'Rename the parameter `a` to `value` in every function.';

/** A 10,000-line JavaScript file of small functions (4 lines each with the blank line). */
function bigFile(): string {
  const functions = Array.from({ length: LINES / 4 }, (_, i) => `function f${i}(a) {\n  return a + ${i};\n}\n`);
  return `${functions.join('\n')}\n`;
}

function refactored(code: string): string {
  return code.replace(/^function (f\d+)\(a\) \{\n {2}return a \+/gm, 'function $1(value) {\n  return value +');
}

function codeOf(request: RecordedRequest): string {
  const messages = request.body.messages as { content: string }[];
  const user = messages[messages.length - 1].content;
  return /(`{3,})[\w-]*\n([\s\S]*?)\n\1\s*$/.exec(user)?.[2] ?? '';
}

const noLedger: Ledger = { record: () => undefined, summary: async (now) => summarizeUsage([], now) };

export async function run(): Promise<Record<string, number>> {
  const server = await startMockServer();
  const client = createClient();
  const tokenizer = createTokenizer();
  server.setResponder((request) => ({ text: `\`\`\`javascript\n${refactored(codeOf(request))}\n\`\`\``, tokensPerSecond: TOKENS_PER_SECOND }));
  const text = bigFile();

  const job = async (concurrency: number): Promise<RewriteResult> => {
    const config: GearshiftConfig = structuredClone(DEFAULT_CONFIG);
    config.endpoint = { baseUrl: server.url, headers: {} };
    config.refactor.concurrency = concurrency;
    const router = createRouter({ config: () => config, endpoints: async () => [endpointFromSetting(config.endpoint)], ledger: noLedger, log: silentLogger });
    const target = await router.target('refactor', 'large');
    const strategy = refactorStrategy(INSTRUCTION);
    const result = await runRewrite({
      text,
      languageId: 'javascript',
      fileName: 'big.js',
      strategy,
      model: modelLimits(config, target.model),
      concurrency,
      countTokens: (input) => tokenizer.count(input, target.model),
      generate: routedGenerate({ router, client, job: 'refactor', tier: 'large', config, predictionRejected: new Set() }),
      usePrediction: true,
      wantDiff: true,
    });
    if (result.text !== refactored(text)) throw new Error('the merged result is not the refactored file');
    return result;
  };

  try {
    const parallel = await job(DEFAULT_CONFIG.refactor.concurrency);
    process.stderr.write(`bench: refactor parallel: ${parallel.parts} parts, ${round(parallel.timings.totalMs)} ms\n`);
    const sequential = await job(1);
    return {
      file_lines: text.split('\n').length - 1,
      tokens_per_s: TOKENS_PER_SECOND,
      parts: parallel.parts,
      concurrency: DEFAULT_CONFIG.refactor.concurrency,
      preview_ms: round(parallel.timings.previewMs),
      preview_ms_sequential_run: round(sequential.timings.previewMs),
      total_ms: round(parallel.timings.totalMs),
      total_ms_sequential: round(sequential.timings.totalMs),
    };
  } finally {
    tokenizer.dispose();
    await client.dispose();
    await server.close();
  }
}
