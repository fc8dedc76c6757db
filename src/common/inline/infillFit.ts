// What llama.cpp's /infill really keeps of a request, so context is not sent only to be dropped.
// Its format_infill (server, 2025-02) takes the prefix's last 3/4 of a batch, the suffix's first
// 1/4, and of input_extra only the last `n_ctx - n_batch - 2 * n_predict` tokens — with a
// 2,048-token slot and the default 2,048-token batch that is nothing at all, without a word
// (../shared/wire/llama.cpp-2025-02/08-infill-stream-extra.http: util.py is missing from "prompt").
import { packContext } from './context';
import { prefixWithContext, type FimPieces } from './templates';

/** llama.cpp's default logical batch (-b); /props does not publish the one the server runs with. */
export const LLAMA_DEFAULT_BATCH = 2048;
/**
 * Characters per token when sizing against the server's count. Code tokenizes denser than the
 * usual four characters per token; three keeps what is sent inside what the slot takes.
 */
const CHARS_PER_TOKEN = 3;

export interface InfillParts {
  inputPrefix: string;
  inputSuffix: string;
  inputExtra: { filename: string; text: string }[];
}

/**
 * Splits the pieces into /infill fields sized to a slot of `slotTokens`: the chunks that fit the
 * extra share travel as input_extra; those that do not are folded into the prefix as comments
 * (which the server keeps up to 3/4 of a batch); what fits neither is left out here, not there.
 * Without a known slot, everything goes as input_extra.
 */
export function fitInfill(pieces: FimPieces, slotTokens: number | undefined, maxTokens: number, batch = LLAMA_DEFAULT_BATCH): InfillParts {
  const asExtra = (chunks: FimPieces['chunks']) => chunks.map((chunk) => ({ filename: chunk.path, text: chunk.text }));
  if (slotTokens === undefined || pieces.chunks.length === 0) {
    return { inputPrefix: pieces.prefix, inputSuffix: pieces.suffix, inputExtra: asExtra(pieces.chunks) };
  }
  const extraTokens = Math.max(0, slotTokens - batch - 2 * maxTokens);
  const extra = packContext(pieces.chunks, extraTokens * CHARS_PER_TOKEN);
  const rest = pieces.chunks.filter((chunk) => !extra.includes(chunk));
  const suffixTokens = Math.min(Math.ceil(pieces.suffix.length / CHARS_PER_TOKEN), batch / 4);
  const prefixRoomTokens = Math.min((3 * batch) / 4, slotTokens - maxTokens - suffixTokens);
  const foldChars = Math.max(0, prefixRoomTokens * CHARS_PER_TOKEN - pieces.prefix.length);
  const folded = packContext(rest, foldChars);
  return {
    inputPrefix: folded.length ? prefixWithContext({ ...pieces, chunks: folded }) : pieces.prefix,
    inputSuffix: pieces.suffix,
    inputExtra: asExtra(extra),
  };
}
