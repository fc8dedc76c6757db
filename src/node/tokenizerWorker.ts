// Counts tokens off the extension host's thread. tiktoken (WASM, lite build) with the rank files
// loaded lazily per encoding from `workerData.encodersDir` (dist/encoders in the package).
import * as fs from 'fs';
import * as path from 'path';
import { Tiktoken } from 'tiktoken/lite';
import { parentPort, workerData } from 'worker_threads';
import type { Encoding } from '../common/catalog';

export interface CountRequest {
  id: number;
  text: string;
  encoding: Encoding;
}

export type CountReply = { id: number; count: number } | { id: number; error: string };

export interface TokenizerWorkerData {
  encodersDir: string;
}

interface RankFile {
  bpe_ranks: string;
  special_tokens: Record<string, number>;
  pat_str: string;
}

const encoders = new Map<Encoding, Tiktoken>();

function encoder(encoding: Encoding): Tiktoken {
  let loaded = encoders.get(encoding);
  if (!loaded) {
    const { encodersDir } = workerData as TokenizerWorkerData;
    const ranks = JSON.parse(fs.readFileSync(path.join(encodersDir, `${encoding}.json`), 'utf8')) as RankFile;
    loaded = new Tiktoken(ranks.bpe_ranks, ranks.special_tokens, ranks.pat_str);
    encoders.set(encoding, loaded);
  }
  return loaded;
}

parentPort?.on('message', ({ id, text, encoding }: CountRequest) => {
  let reply: CountReply;
  try {
    // Ordinary encoding: text that contains `<|endoftext|>` is user content, not a control token.
    reply = { id, count: encoder(encoding).encode_ordinary(text).length };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
