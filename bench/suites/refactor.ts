// Whole-file refactor of a 10,000-line file through the local OpenAI-compatible server answering at
// 500 tokens/s, with the real client, router and tokenizer. The server plays the model: it answers
// each part with that part's code, refactored (a parameter renamed), in a fenced block.
// preview_ms: the last answer's stream end → merged result and unified diff ready (in the engine).
// total_ms: the whole job with the default concurrency (parts in parallel); total_ms_sequential:
// the same job with concurrency 1.
// requests_per_1000_lines_truncating: a real 2,500-line file (commander's lib/command.js, read from
// node_modules at run time) against a model whose real output limit (1,024 tokens, as a local
// server capping n_predict) is far below what the catalog promises: it truncates honestly
// (finish_reason length) and the engine has to find part sizes that fit. The model renames `cmd`
// to `subcommand` (full rewrites come back renamed, edit requests as one block per changed line);
// the merged result must equal the file renamed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, refactorConcurrency, type GearshiftConfig } from '../../src/common/config';
import { endpointFromSetting } from '../../src/common/endpoint';
import { OutboundGate } from '../../src/common/gate';
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
const TRUNCATING_OUTPUT_LIMIT = 1_024;

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

const renameCmd = (code: string) => code.replace(/\bcmd\b/g, 'subcommand');

/** The rename as a model answers it: the whole part in a fence, or one edit block per changed line. */
function renamedAnswer(request: RecordedRequest): string {
  const code = codeOf(request);
  if (!JSON.stringify(request.body.messages).includes('<<<<<<< SEARCH')) return `\`\`\`javascript\n${renameCmd(code)}\n\`\`\``;
  const changed = code.split('\n').filter((line) => renameCmd(line) !== line);
  if (!changed.length) return 'NO CHANGES';
  return changed.map((line) => `<<<<<<< SEARCH\n${line}\n=======\n${renameCmd(line)}\n>>>>>>> REPLACE`).join('\n');
}

const noLedger: Ledger = { record: () => undefined, summary: async (now) => summarizeUsage([], now) };

export async function run(): Promise<Record<string, number>> {
  const server = await startMockServer();
  const client = createClient();
  const tokenizer = createTokenizer();
  server.setResponder((request) => ({ text: `\`\`\`javascript\n${refactored(codeOf(request))}\n\`\`\``, tokensPerSecond: TOKENS_PER_SECOND }));
  const text = bigFile();

  const job = async (concurrency: number, input = text, expected = refactored(input), instruction = INSTRUCTION): Promise<RewriteResult> => {
    const config: GearshiftConfig = structuredClone(DEFAULT_CONFIG);
    config.endpoint = { baseUrl: server.url, headers: {} };
    config.refactor.concurrency = concurrency;
    const router = createRouter({ config: () => config, endpoints: async () => [endpointFromSetting(config.endpoint)], ledger: noLedger, log: silentLogger });
    const target = await router.target('refactor', 'large');
    const strategy = refactorStrategy(instruction);
    const result = await runRewrite({
      text: input,
      languageId: 'javascript',
      fileName: 'big.js',
      strategy,
      model: modelLimits(config, target.model),
      concurrency,
      countTokens: (input) => tokenizer.count(input, target.model),
      generate: routedGenerate({ router, client, job: 'refactor', tier: 'large', config, predictionRejected: new Set(), passage: new OutboundGate({ isExcluded: () => false }).admit({ job: 'refactor' }).passage }),
      usePrediction: true,
      wantDiff: true,
    });
    if (result.text !== expected) throw new Error('the merged result is not the refactored file');
    return result;
  };

  try {
    const parallel = await job(refactorConcurrency(DEFAULT_CONFIG));
    process.stderr.write(`bench: refactor parallel: ${parallel.parts} parts, ${round(parallel.timings.totalMs)} ms\n`);
    const sequential = await job(1);
    server.reset();
    server.setResponder((request) => ({ text: renamedAnswer(request), maxOutputTokens: TRUNCATING_OUTPUT_LIMIT }));
    const realFile = fs.readFileSync(path.join(path.dirname(require.resolve('commander')), 'lib', 'command.js'), 'utf8');
    await job(refactorConcurrency(DEFAULT_CONFIG), realFile, renameCmd(realFile), 'Rename the variable `cmd` to `subcommand` everywhere.');
    const truncatingRequests = server.requests.length;
    const truncatingLines = realFile.split('\n').length;
    return {
      file_lines: text.split('\n').length - 1,
      tokens_per_s: TOKENS_PER_SECOND,
      parts: parallel.parts,
      concurrency: refactorConcurrency(DEFAULT_CONFIG),
      preview_ms: round(parallel.timings.previewMs),
      preview_ms_sequential_run: round(sequential.timings.previewMs),
      total_ms: round(parallel.timings.totalMs),
      total_ms_sequential: round(sequential.timings.totalMs),
      truncating_file_lines: truncatingLines,
      requests_truncating: truncatingRequests,
      requests_per_1000_lines_truncating: round((truncatingRequests * 1000) / truncatingLines),
    };
  } finally {
    tokenizer.dispose();
    await client.dispose();
    await server.close();
  }
}
