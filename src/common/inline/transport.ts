// Which way an inline request reaches the model, and the fallback memory per endpoint+model:
// a transport the server rejects (400, 404, 405, 422, 501, or a 500 saying "unsupported") is not
// tried again. Without a probe, the server's kind decides the first try, so the first request works.
import type { FimFormat } from '../config';
import { EndpointError } from '../errors';
import type { Passage } from '../gate';
import type { EndpointConfig, FimTransport, GenerationResult, LlmClient, ProbeResult } from '../llm';
import { SERVER_NAMES, type ServerKind } from '../serverFacts';
import { buildChatFimMessages, cleanChatOutput } from './chatFim';
import { fitInfill } from './infillFit';
import { buildFimPrompt, prefixWithContext, type FimPieces } from './templates';

export interface ModelFacts {
  fimFormat: FimFormat;
  chatOnly: boolean;
  known: boolean;
  /** What the endpoint's server is, when discovery found out. */
  serverKind?: ServerKind;
}

/** Preference order when nothing better is known. */
const DEFAULT_ORDER: FimTransport[] = ['fim-template', 'completions-suffix', 'infill', 'fim-endpoint', 'deepseek-beta', 'chat'];

export class TransportMemory {
  private readonly rejected = new Map<string, Set<FimTransport>>();
  private readonly working = new Map<string, FimTransport>();

  /** Transports to try, best first. */
  candidates(endpointId: string, model: string, facts: ModelFacts, setting: 'auto' | FimTransport, probe?: ProbeResult): FimTransport[] {
    const key = memoryKey(endpointId, model);
    const order: FimTransport[] = [];
    const add = (t: FimTransport | undefined) => {
      if (t && !order.includes(t)) order.push(t);
    };
    if (setting !== 'auto') add(setting);
    add(this.working.get(key));
    // Among what the probe found working, the server's own preference first (llama.cpp: /infill).
    if (probe) for (const t of [...(serverOrder(facts) ?? []), ...DEFAULT_ORDER]) if (t !== 'chat' && probe.transports[t]?.ok) add(t);
    for (const t of serverOrder(facts) ?? naturalOrder(facts, endpointId)) add(t);
    const rejected = this.rejected.get(key);
    const probeRejected = (t: FimTransport) => probe?.transports[t]?.ok === false;
    const usable = order.filter((t) => !rejected?.has(t) && (t === setting || !probeRejected(t)));
    // Chat works on every OpenAI-compatible server: always the last resort.
    return usable.length ? usable : ['chat'];
  }

  reject(endpointId: string, model: string, transport: FimTransport): void {
    const key = memoryKey(endpointId, model);
    const set = this.rejected.get(key) ?? new Set<FimTransport>();
    set.add(transport);
    this.rejected.set(key, set);
    if (this.working.get(key) === transport) this.working.delete(key);
  }

  confirm(endpointId: string, model: string, transport: FimTransport): void {
    this.working.set(memoryKey(endpointId, model), transport);
  }

  clear(): void {
    this.rejected.clear();
    this.working.clear();
  }
}

/**
 * What the server's kind says, before any probe: llama.cpp answers `suffix` with a 500 and has
 * /infill; vLLM refuses `suffix` (400); LM Studio takes it but ignores it, so only a raw template
 * fills the middle there; OpenAI serves chat models only. Undefined: the kind says nothing more.
 */
function serverOrder(facts: ModelFacts): FimTransport[] | undefined {
  const template: FimTransport[] = facts.fimFormat !== 'none' ? ['fim-template'] : [];
  switch (facts.serverKind) {
    case 'llamacpp':
      return ['infill', ...template, 'chat'];
    case 'vllm':
    case 'lmstudio':
    case 'openrouter':
      return [...template, 'chat'];
    case 'ollama':
      return [...template, 'completions-suffix', 'chat'];
    case 'openai':
      return facts.known && facts.chatOnly ? ['chat'] : undefined;
    default:
      return undefined;
  }
}

/** What the catalog says about a model, before any probe. */
function naturalOrder(facts: ModelFacts, endpointId: string): FimTransport[] {
  // Unknown base model: the generic suffix parameter, llama.cpp's infill, then chat.
  if (!facts.known) return ['completions-suffix', 'infill', 'chat'];
  if (facts.chatOnly) return ['chat'];
  if (facts.fimFormat === 'codestral') return ['fim-endpoint', 'fim-template', 'chat'];
  if (facts.fimFormat !== 'none') {
    return /deepseek\.com/.test(endpointId) ? ['deepseek-beta', 'fim-template', 'chat'] : ['fim-template', 'completions-suffix', 'infill', 'chat'];
  }
  return ['chat'];
}

/** The transport inline would use first for a model, and why: for Test Endpoint and `gearshift probe`. */
export function chosenTransport(endpointId: string, model: string, facts: ModelFacts, setting: 'auto' | FimTransport, probe?: ProbeResult): { transport: FimTransport; why: string } {
  const transport = new TransportMemory().candidates(endpointId, model, facts, setting, probe)[0];
  const order = facts.serverKind && facts.serverKind !== 'unknown' ? `first in the order for ${SERVER_NAMES[facts.serverKind]} servers` : 'first in the order for this model';
  let why: string;
  if (setting !== 'auto' && transport === setting) why = 'set in gearshift.inline.transport';
  else if (transport === 'chat') why = facts.known && facts.chatOnly ? 'a chat-only model: the chat model is asked to fill the middle' : 'no fill-in-the-middle transport worked, so the chat model is asked to fill the middle';
  else if (probe?.transports[transport]?.ok) why = `it worked in the test; ${order}`;
  else why = `not tested; ${order}`;
  return { transport, why };
}

/** A server saying "not this way" (as opposed to "not now" or "not you"). */
export function isTransportRejection(error: unknown): boolean {
  if (!(error instanceof EndpointError)) return false;
  if (error.reason === 'unsupported-parameter') return true;
  if (error.reason === 'auth' || error.reason === 'forbidden' || error.reason === 'context-too-long' || error.reason === 'rate-limited') return false;
  return error.status === 400 || error.status === 404 || error.status === 405 || error.status === 422 || error.status === 501;
}

export interface TransportCall {
  transport: FimTransport;
  pieces: FimPieces;
  /** The gate's passage for this request: it redacts and seals whatever body the transport builds. */
  passage: Passage;
  fimFormat: FimFormat;
  model: string;
  multiline: boolean;
  maxTokens: number;
  /**
   * A newline stop on the wire. The engine never sets it: a model's answer often starts with a line
   * break, which such a stop turns into an empty answer; the engine cuts the stream itself instead.
   * Only the bench's naive baselines (which cannot cut a stream) use it.
   */
  stopAtNewline?: boolean;
  timeoutMs: number;
  /** llama.cpp's context per slot (/props n_ctx), when discovery found it: /infill's input_extra is sized to it. */
  slotTokens?: number;
  linePrefix: string;
  signal: AbortSignal;
  /** Accumulated, cleaned text so far. */
  onText(text: string): void;
}

export interface TransportResult {
  text: string;
  result?: GenerationResult;
  rejected?: boolean;
}

/**
 * Sends one request over one transport. When the caller aborts (it has what it needs), resolves
 * with the text received so far instead of failing.
 */
export async function sendOverTransport(client: LlmClient, endpoint: EndpointConfig, call: TransportCall): Promise<TransportResult> {
  let accumulated = '';
  let cleaned = '';
  let rejected = false;
  const isChat = call.transport === 'chat';
  const onDelta = (delta: string) => {
    accumulated += delta;
    if (isChat) {
      const out = cleanChatOutput(accumulated, call.linePrefix);
      rejected = out.rejected;
      if (out.text !== cleaned) {
        cleaned = out.text;
        call.onText(cleaned);
      }
    } else {
      cleaned = accumulated;
      call.onText(cleaned);
    }
  };
  const newline = call.stopAtNewline ? ['\n'] : [];
  const base = {
    model: call.model,
    maxTokens: call.maxTokens,
    temperature: 0,
    signal: call.signal,
    onDelta,
    timeouts: { totalMs: call.timeoutMs, firstTokenMs: call.timeoutMs },
  };
  const { pieces } = call;
  const seal = call.passage.seal;
  try {
    let result: GenerationResult;
    switch (call.transport) {
      case 'fim-template': {
        if (call.fimFormat === 'none') throw new EndpointError({ reason: 'unsupported-parameter', message: 'no FIM template known for this model' });
        const fim = buildFimPrompt(call.fimFormat, pieces);
        result = await client.complete(endpoint, seal({ ...base, prompt: fim.prompt, stop: [...newline, ...fim.stop] }));
        break;
      }
      case 'completions-suffix':
        result = await client.complete(endpoint, seal({ ...base, prompt: prefixWithContext(pieces), suffix: pieces.suffix, stop: newline }));
        break;
      case 'deepseek-beta':
        result = await client.complete(endpoint, seal({ ...base, prompt: prefixWithContext(pieces), suffix: pieces.suffix, stop: newline, path: '../beta/completions' }));
        break;
      case 'fim-endpoint':
        result = await client.fim(endpoint, seal({ ...base, prompt: prefixWithContext(pieces), suffix: pieces.suffix, stop: newline }));
        break;
      case 'infill':
        result = await client.infill(endpoint, seal({ ...base, ...fitInfill(pieces, call.slotTokens, call.maxTokens), stop: newline }));
        break;
      case 'chat':
        result = await client.chat(endpoint, seal({ ...base, messages: buildChatFimMessages(pieces, call.multiline) }));
        break;
    }
    // Non-streaming servers: the final text is all there is.
    if (accumulated === '' && result.text) onDelta(result.text);
    return { text: cleaned, result, rejected };
  } catch (error) {
    if (call.signal.aborted) return { text: cleaned, rejected };
    throw error;
  }
}

function memoryKey(endpointId: string, model: string): string {
  return `${endpointId}\u0000${model}`;
}
