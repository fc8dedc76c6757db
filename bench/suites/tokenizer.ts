// Exact token counting of a 1 MB source file: how long it takes (worker thread, tiktoken) and how
// long the main thread — the extension host in VS Code — is blocked meanwhile. It uses the built
// worker (dist/tokenizerWorker.js, rebuilt first), as the packaged extension does. For contrast:
// the event-loop delay of the idle main thread over the same time (machine noise, same run) and the
// same count run on the main thread (what the worker saves).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import { Tiktoken } from 'tiktoken/lite';
import { createTokenizer } from '../../src/node/tokenizer';
import { median, round } from '../support/stats';

const RUNS = 5;
const MODEL = 'gpt-4.1';

/** 1 MB of real, varied code: the start of TypeScript's own compiler bundle. */
function oneMegabyteOfSource(): string {
  const file = require.resolve('typescript/lib/typescript.js');
  return fs.readFileSync(file, 'utf8').slice(0, 1_000_000);
}

function mainThreadCountMs(text: string): number {
  const ranks = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('tiktoken/encoders/o200k_base.json')), 'o200k_base.json'), 'utf8'));
  const encoder = new Tiktoken(ranks.bpe_ranks, ranks.special_tokens, ranks.pat_str);
  const started = performance.now();
  encoder.encode_ordinary(text);
  const elapsed = performance.now() - started;
  encoder.free();
  return elapsed;
}

const repoRoot = path.join(__dirname, '../..');

function buildWorker(): string {
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  return path.join(repoRoot, 'dist', 'tokenizerWorker.js');
}

async function idleDelayMaxMs(durationMs: number): Promise<number> {
  const idle = monitorEventLoopDelay({ resolution: 1 });
  idle.enable();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  idle.disable();
  return idle.max / 1e6;
}

export async function run(): Promise<Record<string, number>> {
  const text = oneMegabyteOfSource();
  const tokenizer = createTokenizer({ workerPath: buildWorker() });
  const measuredFrom = performance.now();
  const blocking = monitorEventLoopDelay({ resolution: 1 });
  try {
    blocking.enable();
    let started = performance.now();
    const tokens = await tokenizer.count(text, MODEL);
    const coldMs = performance.now() - started;
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      started = performance.now();
      await tokenizer.count(text, MODEL);
      warm.push(performance.now() - started);
    }
    blocking.disable();
    const idleMax = await idleDelayMaxMs(performance.now() - measuredFrom);
    return {
      count_1mb_ms: round(median(warm)),
      host_block_ms_max: round(blocking.max / 1e6),
      host_block_ms_p99: round(blocking.percentile(99) / 1e6),
      host_block_ms_max_idle_baseline: round(idleMax),
      count_1mb_cold_ms: round(coldMs),
      tokens_1mb: tokens,
      main_thread_count_1mb_ms: round(mainThreadCountMs(text)),
    };
  } finally {
    tokenizer.dispose();
  }
}
