// Exact token counts (tiktoken) in a worker thread, so counting a large file never blocks the
// extension host; the worker and its rank data load on the first count.
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { lookupModel, type Encoding } from '../common/catalog';
import type { TokenCounter } from '../common/tokenCounter';
import type { CountReply, CountRequest, TokenizerWorkerData } from './tokenizerWorker';

/** Characters per token for the synchronous estimate on hot paths (code averages ~3.5). */
export const CHARS_PER_TOKEN = 3.5;

export interface TokenizerOptions {
  /** The built worker (dist/tokenizerWorker.js); default: beside this bundle. */
  workerPath?: string;
  /** Model → encoding; default from the built-in catalog. */
  encodingFor?: (model: string) => Encoding;
}

interface WorkerScript {
  file: string;
  execArgv: string[];
  data: TokenizerWorkerData;
}

/**
 * Packaged (dist/): the bundled worker with the rank files esbuild copied to dist/encoders.
 * From source (tests and bench under tsx): the TypeScript worker run through tsx's require hook,
 * with the rank files straight from node_modules/tiktoken.
 */
function resolveWorkerScript(workerPath?: string): WorkerScript {
  // A non-literal specifier keeps esbuild from trying to bundle these source-only lookups.
  const resolveDevDependency = (specifier: string): string => require.resolve(specifier);
  const built = workerPath ?? path.join(__dirname, 'tokenizerWorker.js');
  if (fs.existsSync(built)) return { file: built, execArgv: [], data: { encodersDir: path.join(path.dirname(built), 'encoders') } };
  const source = path.join(__dirname, 'tokenizerWorker.ts');
  if (!workerPath && fs.existsSync(source)) {
    return {
      file: source,
      execArgv: ['--require', resolveDevDependency('tsx/cjs')],
      data: { encodersDir: path.dirname(resolveDevDependency('tiktoken/encoders/o200k_base.json')) },
    };
  }
  throw new Error(`The tokenizer worker is missing (${built}); run the build (node esbuild.js).`);
}

export function createTokenizer(options: TokenizerOptions = {}): TokenCounter & { dispose(): void } {
  const encodingFor = options.encodingFor ?? ((model: string) => lookupModel(model).info.encoding);
  const pending = new Map<number, { resolve: (count: number) => void; reject: (error: Error) => void }>();
  let worker: Worker | undefined;
  let nextId = 1;

  function failAll(error: Error): void {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  }

  function start(): Worker {
    const script = resolveWorkerScript(options.workerPath);
    const started = new Worker(script.file, { execArgv: script.execArgv, workerData: script.data });
    started.on('message', (reply: CountReply) => {
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if ('error' in reply) waiter.reject(new Error(`Token count failed: ${reply.error}`));
      else waiter.resolve(reply.count);
      // An idle worker must not keep a CLI process alive.
      if (pending.size === 0) started.unref();
    });
    started.on('error', (error) => failAll(error));
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      failAll(new Error(`The tokenizer worker stopped (exit code ${code}).`));
    });
    return started;
  }

  return {
    count(text, model) {
      if (text.length === 0) return Promise.resolve(0);
      const request: CountRequest = { id: nextId++, text, encoding: encodingFor(model) };
      return new Promise<number>((resolve, reject) => {
        try {
          worker ??= start();
        } catch (error) {
          return reject(error);
        }
        worker.ref();
        pending.set(request.id, { resolve, reject });
        worker.postMessage(request);
      });
    },

    estimate: (text) => Math.ceil(text.length / CHARS_PER_TOKEN),

    dispose() {
      const stopping = worker;
      worker = undefined;
      failAll(new Error('The tokenizer was disposed.'));
      void stopping?.terminate();
    },
  };
}
