/* eslint-disable @typescript-eslint/no-explicit-any -- parses JSON of many server dialects; each field is checked (typeof, ??) before use */
// The wire shapes of the transports: how each server's streamed chunks (or a whole JSON answer from
// a server that ignored `stream: true`) become Pieces, and how a response is checked before reading.
import type { Stream } from 'openai/streaming';
import type { FinishReason, Usage } from '../../common/llm';
import { badResponse, fromStreamError, type ErrorContext } from './errors';
import type { Piece } from './generation';

export interface WireFormat {
  /** One streamed event. */
  chunk(data: any): Piece;
  /** A whole non-streamed answer. */
  full(data: any): Piece;
}

/** OpenAI chat completions; also Mistral's /v1/fim/completions, which answers in the chat shape. */
export const chatFormat: WireFormat = {
  chunk: (data) => {
    const choice = data?.choices?.[0];
    return { text: stringOr(choice?.delta?.content), finishReason: finishReason(choice?.finish_reason), usage: openAiUsage(data?.usage), hasChoice: Boolean(choice || data?.usage) };
  },
  full: (data) => {
    const choice = data?.choices?.[0];
    return { text: stringOr(choice?.message?.content), finishReason: choice ? finishReason(choice.finish_reason ?? 'stop') : undefined, usage: openAiUsage(data?.usage), hasChoice: Boolean(choice) };
  },
};

/** Legacy /v1/completions (OpenAI, Ollama, vLLM, DeepSeek beta). */
export const completionFormat: WireFormat = {
  chunk: (data) => {
    const choice = data?.choices?.[0];
    return { text: stringOr(choice?.text), finishReason: finishReason(choice?.finish_reason), usage: openAiUsage(data?.usage), hasChoice: Boolean(choice || data?.usage) };
  },
  full: (data) => {
    const choice = data?.choices?.[0];
    return { text: stringOr(choice?.text), finishReason: choice ? finishReason(choice.finish_reason ?? 'stop') : undefined, usage: openAiUsage(data?.usage), hasChoice: Boolean(choice) };
  },
};

/** llama.cpp /infill: `{content, stop}` events; the last one (stop: true) carries the counts. */
export const infillFormat: WireFormat = {
  chunk: (data) => ({
    text: stringOr(data?.content),
    finishReason: data?.stop === true ? (data.stop_type === 'limit' ? 'length' : 'stop') : undefined,
    usage: data?.stop === true ? llamaUsage(data) : undefined,
    hasChoice: true,
  }),
  full: (data) => ({ text: stringOr(data?.content), finishReason: data?.stop_type === 'limit' ? 'length' : 'stop', usage: llamaUsage(data), hasChoice: true }),
};

/**
 * The pieces of a response the SDK opened as a stream. Checks the content type first: a web page
 * (proxy sign-in, wrong URL) is an error, a JSON answer from a server that does not stream is fine.
 */
export async function piecesOf(response: Response, stream: Stream<unknown>, format: WireFormat, ctx: ErrorContext): Promise<AsyncIterable<Piece>> {
  const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type === '' || type === 'text/event-stream') return mapStream(stream, format);
  if (type === 'application/json') {
    let data: unknown;
    try {
      data = await response.json();
    } catch (error) {
      throw badResponse('its JSON is malformed or cut off', ctx, error);
    }
    // A 200 whose body is an error (LM Studio answers unknown routes this way) is that error.
    const error = (data as { error?: unknown } | null)?.error;
    if (error) throw fromStreamError(error, String(error), ctx);
    return single(format.full(data));
  }
  const problem = type === 'text/html'
    ? 'it is a web page (text/html) instead of an event stream; a proxy sign-in page or a wrong base URL may be in the way'
    : `it is "${type}" instead of an event stream`;
  throw badResponse(problem, ctx);
}

async function* single(piece: Piece): AsyncIterable<Piece> {
  yield piece;
}

async function* mapStream(stream: Stream<unknown>, format: WireFormat): AsyncIterable<Piece> {
  for await (const data of stream) yield format.chunk(data);
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function finishReason(value: unknown): FinishReason | undefined {
  if (value === null || value === undefined) return undefined;
  if (value === 'stop' || value === 'eos' || value === 'end_turn') return 'stop';
  if (value === 'length' || value === 'max_tokens' || value === 'model_length') return 'length';
  return 'unknown';
}

function openAiUsage(usage: any): Omit<Usage, 'reported'> | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  return {
    promptTokens: numberOr(usage.prompt_tokens),
    completionTokens: numberOr(usage.completion_tokens),
    // OpenAI reports cached prompt tokens in the details; DeepSeek as prompt_cache_hit_tokens.
    cachedPromptTokens: numberOr(usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens),
  };
}

/**
 * llama.cpp's final /infill event. `tokens_evaluated` is the whole prompt and `timings.prompt_n` the
 * part of it actually processed for this request, so the cached share is their difference.
 * `tokens_cached` is not that share: the server README calls it the tokens "which could be re-used
 * from previous completion (`n_past`)", which is the slot's position after the answer — prompt plus
 * generated minus one (25 + 8 − 1 = 32 in ../shared/wire/llama.cpp-2025-02/08-infill-stream-extra.http).
 */
function llamaUsage(data: any): Omit<Usage, 'reported'> | undefined {
  const predicted = data?.tokens_predicted ?? data?.timings?.predicted_n;
  const evaluated = data?.tokens_evaluated ?? data?.timings?.prompt_n;
  if (typeof predicted !== 'number' || typeof evaluated !== 'number') return undefined;
  const processed = data?.timings?.prompt_n;
  const cached = typeof processed === 'number' ? Math.min(evaluated, Math.max(0, evaluated - processed)) : 0;
  return { promptTokens: evaluated, completionTokens: predicted, cachedPromptTokens: cached };
}

function numberOr(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * llama.cpp reports an error after HTTP 200 as a non-standard `error: {…}` line, which SSE parsers
 * (the SDK's included) skip as an unknown field — the stream then just ends. This rewrites such a
 * line into `data: {"error": {…}}`, the form OpenAI's SDK turns into an error like vLLM's.
 */
export function withErrorLines(fetch: Fetch): Fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body || !/text\/event-stream/i.test(response.headers.get('content-type') ?? '')) return response;
    return new Response(response.body.pipeThrough(errorLinesToData()), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

function errorLinesToData(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let carry = '';
  const rewrite = (line: string) => (line.startsWith('error:') ? `data: {"error": ${line.slice('error:'.length).trim() || 'null'}}` : line);
  return new TransformStream({
    transform(chunk, controller) {
      const text = carry + decoder.decode(chunk, { stream: true });
      const end = text.lastIndexOf('\n');
      carry = text.slice(end + 1);
      if (end >= 0) controller.enqueue(encoder.encode(text.slice(0, end + 1).split('\n').map(rewrite).join('\n')));
    },
    flush(controller) {
      const rest = carry + decoder.decode();
      if (rest) controller.enqueue(encoder.encode(rewrite(rest)));
    },
  });
}
