// One streamed generation, whatever the transport: watches the four timeouts, forwards the
// caller's cancellation to the socket, enforces the stop list and an output cap, and settles into
// a GenerationResult or one EndpointError.
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { EndpointError, isEndpointError } from '../../common/errors';
import type { FinishReason, GenerationResult, TimeoutPolicy, Usage } from '../../common/llm';
import type { Logger } from '../../common/logger';
import { badResponse, errorCode, fromApiError, networkError, type ErrorContext } from './errors';
import { StopScanner } from './stopList';

/** What a transport yields while streaming; fields are optional because chunks carry any mix. */
export interface Piece {
  text?: string;
  finishReason?: FinishReason;
  usage?: Omit<Usage, 'reported'>;
  /** False for chunks that carried no choice at all (an empty `choices` array). */
  hasChoice?: boolean;
}

export const DEFAULT_TIMEOUTS: TimeoutPolicy = { connectMs: 10_000, firstTokenMs: 60_000, idleMs: 30_000, totalMs: 600_000 };

/** Beyond this many characters per requested token the server ignores max_tokens. */
const CHARS_PER_TOKEN_CAP = 32;
/** Hard cap on one answer, so a runaway server cannot fill memory. */
const MAX_OUTPUT_CHARS = 4_000_000;

export interface GenerationSpec {
  ctx: ErrorContext;
  model: string;
  /** Text of the prompt, to count tokens when the server reports no usage. */
  promptText: string;
  maxTokens?: number;
  stop?: string[];
  signal?: AbortSignal;
  timeouts: TimeoutPolicy;
  onDelta?: (text: string) => void;
  /** Starts the request; the signal aborts its socket. */
  open(signal: AbortSignal): Promise<AsyncIterable<Piece>>;
}

export interface GenerationDeps {
  countTokens?: (text: string, model: string) => Promise<number>;
  log: Logger;
}

/** 'queued': the total limit passed before the server sent its response headers. */
type StopCause = 'cancelled' | 'queued' | 'first-token' | 'idle' | 'total';

export async function runGeneration(spec: GenerationSpec, deps: GenerationDeps): Promise<GenerationResult> {
  const { ctx, timeouts } = spec;
  const started = Date.now();
  const controller = new AbortController();
  let stopCause: StopCause | undefined;
  const stop = (cause: StopCause) => {
    stopCause ??= cause;
    controller.abort();
  };

  if (spec.signal?.aborted) throw cancelled(ctx);
  const onCallerAbort = () => stop('cancelled');
  spec.signal?.addEventListener('abort', onCallerAbort, { once: true });
  // The server answers with headers once it takes the request up; until then the request may be
  // waiting behind others (a local server with few slots), which is not a slow first token, so the
  // first-token timer starts with the headers and only the total limit bounds the wait before them.
  let answering = false;
  const totalTimer = setTimeout(() => stop(answering ? 'total' : 'queued'), timeouts.totalMs);
  let firstTokenTimer: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  const scanner = new StopScanner(spec.stop);
  const outputCap = spec.maxTokens ? Math.min(MAX_OUTPUT_CHARS, spec.maxTokens * CHARS_PER_TOKEN_CAP) : MAX_OUTPUT_CHARS;

  let text = '';
  let ttftMs: number | undefined;
  let finishReason: FinishReason | undefined;
  let usage: Omit<Usage, 'reported'> | undefined;
  let chunks = 0;
  let choices = 0;

  const emit = (delta: string) => {
    if (!delta) return;
    text += delta;
    spec.onDelta?.(delta);
  };

  try {
    const pieces = await spec.open(controller.signal);
    answering = true;
    if (ttftMs === undefined) firstTokenTimer = setTimeout(() => stop('first-token'), timeouts.firstTokenMs);
    for await (const piece of pieces) {
      if (stopCause) break;
      chunks++;
      if (piece.hasChoice !== false) choices++;
      if (ttftMs !== undefined) {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => stop('idle'), timeouts.idleMs);
      }
      if (piece.usage) usage = piece.usage;
      if (piece.finishReason) finishReason = piece.finishReason;
      if (piece.text) {
        if (ttftMs === undefined) {
          ttftMs = Date.now() - started;
          clearTimeout(firstTokenTimer);
          firstTokenTimer = undefined;
          idleTimer = setTimeout(() => stop('idle'), timeouts.idleMs);
        }
        emit(scanner.push(piece.text));
        if (scanner.hasStopped) {
          finishReason = 'stop';
          break;
        }
        if (text.length > outputCap) {
          text = text.slice(0, outputCap);
          finishReason = 'length';
          break;
        }
      }
    }
  } catch (error) {
    const failure = stopCause ? stopError(stopCause, spec, ctx) : mapError(error, ctx);
    deps.log.debug(`${ctx.where} ${spec.model}: failed (${failure.reason}) after ${Date.now() - started} ms: ${failure.message}`);
    throw failure;
  } finally {
    clearTimeout(totalTimer);
    clearTimeout(firstTokenTimer);
    clearTimeout(idleTimer);
    spec.signal?.removeEventListener('abort', onCallerAbort);
    // Ends the request if we stopped reading early; a no-op once the body was read to the end.
    controller.abort();
  }
  if (stopCause) throw stopError(stopCause, spec, ctx);
  if (!scanner.hasStopped) emit(scanner.flush());
  if (!finishReason) {
    throw badResponse(
      chunks > 0 && choices === 0 ? 'the answer contained no choices (empty "choices")' : 'the stream ended before the answer was complete',
      ctx,
    );
  }

  const durationMs = Date.now() - started;
  const result: GenerationResult = {
    text,
    usage: usage ? { ...usage, reported: true } : await countUsage(spec, text, deps),
    finishReason,
    ttftMs,
    durationMs,
    endpointId: ctx.endpointId,
    model: spec.model,
  };
  deps.log.debug(`${ctx.where} ${spec.model}: ${finishReason}, ${text.length} chars, ttft ${ttftMs ?? '-'} ms, ${durationMs} ms, `
    + `${result.usage.promptTokens}+${result.usage.completionTokens} tokens (${result.usage.reported ? 'reported' : 'counted'})`);
  return result;
}

async function countUsage(spec: GenerationSpec, text: string, deps: GenerationDeps): Promise<Usage> {
  const count = deps.countTokens ?? (async (value: string) => Math.ceil(value.length / 4));
  const [promptTokens, completionTokens] = await Promise.all([count(spec.promptText, spec.model), count(text, spec.model)]);
  return { promptTokens, completionTokens, cachedPromptTokens: 0, reported: false };
}

function cancelled(ctx: ErrorContext): EndpointError {
  return new EndpointError({ reason: 'cancelled', message: 'The request was cancelled.', endpoint: ctx.endpointId, model: ctx.model });
}

function stopError(cause: StopCause, spec: GenerationSpec, ctx: ErrorContext): EndpointError {
  if (cause === 'cancelled') return cancelled(ctx);
  const { timeouts } = spec;
  const message = {
    'queued': `${ctx.where} took the request but did not start answering within ${duration(timeouts.totalMs)}: it was probably queued behind other requests `
      + '(local servers run one or a few at a time: lower gearshift.refactor.concurrency or let other jobs finish), or raise gearshift.timeouts.totalMs.',
    // Counted from the response headers; servers that send those before a slot is free (llama.cpp
    // streams) still make the queue look exactly like a slow first token from here.
    'first-token': `No answer from ${ctx.where} within ${duration(timeouts.firstTokenMs)} of its response headers (time to first token). The server may be queueing requests `
      + '(local servers often run one or two at a time: lower gearshift.refactor.concurrency), or the model is slow to start: raise gearshift.timeouts.firstTokenMs.',
    'idle': `${ctx.where} stopped sending for ${duration(timeouts.idleMs)} in the middle of the answer. Retry, or raise gearshift.timeouts.idleMs.`,
    'total': `The request to ${ctx.where} took longer than ${duration(timeouts.totalMs)} in total. Retry, or raise gearshift.timeouts.totalMs (gearshift.timeouts.inlineMs for inline suggestions).`,
  }[cause];
  return new EndpointError({ reason: 'timeout', message, endpoint: ctx.endpointId, model: ctx.model });
}

export function mapError(error: unknown, ctx: ErrorContext): EndpointError {
  // Our own errors (e.g. an unreadable CA file) may arrive wrapped by the SDK as a connection error.
  for (let current = error, depth = 0; current && depth < 4; current = (current as { cause?: unknown }).cause, depth++) {
    if (isEndpointError(current)) return current;
  }
  if (errorCode(error) === 'UND_ERR_CONNECT_TIMEOUT') {
    return new EndpointError({
      reason: 'timeout',
      message: `Could not open a connection to ${ctx.where} in time (connect timeout). Check the server, network and proxy, or raise gearshift.timeouts.connectMs.`,
      endpoint: ctx.endpointId,
      model: ctx.model,
      cause: error,
    });
  }
  if (error instanceof APIUserAbortError) return cancelled(ctx);
  if (error instanceof APIConnectionError) return networkError(error.cause ?? error, ctx);
  if (error instanceof APIError) return fromApiError(error, ctx);
  if (error instanceof SyntaxError) return badResponse('malformed JSON in the answer', ctx, error);
  return networkError(error, ctx);
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
