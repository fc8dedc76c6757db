// The OpenAI-compatible client: every transport Gearshift uses (chat, legacy completions with or
// without suffix, llama.cpp /infill, Mistral /fim/completions, DeepSeek /beta/completions) through
// the `openai` SDK on a keep-alive connection pool. It never retries a failed job (the router
// decides that); it only re-sends once when a server rejects an optional parameter it can do without.
import OpenAI from 'openai';
import type { Stream } from 'openai/streaming';
import type {
  ChatMessage, ChatRequest, CompletionRequest, EndpointConfig, FimRequest, GenerationResult, InfillRequest, LlmClient, TimeoutPolicy,
} from '../../common/llm';
import { EndpointError } from '../../common/errors';
import { assertSealed, type Sealed } from '../../common/gate';
import { silentLogger, type Logger } from '../../common/logger';
import type { ServerFacts } from '../../common/serverFacts';
import { discoverServer, type JsonHttp } from '../discovery';
import { badResponse, type ErrorContext } from './errors';
import { DEFAULT_TIMEOUTS, mapError, runGeneration, type Piece } from './generation';
import { ConnectionPool, type NetworkOptions } from './network';
import { MAX_ADAPTATIONS, ParameterMemory } from './parameters';
import { wireStops } from './stopList';
import { chatFormat, completionFormat, infillFormat, piecesOf, withErrorLines, type WireFormat } from './wire';

export type { NetworkOptions } from './network';
export { DEFAULT_TIMEOUTS } from './generation';
export { WIRE_STOP_LIMIT } from './stopList';

export interface ClientOptions {
  /** Exact token counter for usage when the server reports none; default: characters / 4. */
  countTokens?: (text: string, model: string) => Promise<number>;
  network?: NetworkOptions;
  log?: Logger;
}

/** An LlmClient that owns sockets: dispose() closes the idle keep-alive connections. */
export interface GearshiftClient extends LlmClient {
  discover(endpoint: EndpointConfig, models: string[], signal?: AbortSignal): Promise<ServerFacts>;
  dispose(): Promise<void>;
}

export function createClient(options: ClientOptions = {}): GearshiftClient {
  return new OpenAiCompatibleClient(options);
}

/** Listing models is a small JSON request: it gets a short total limit of its own. */
const LIST_MODELS_TIMEOUT_MS = 30_000;
/** Each discovery question is tiny; a server that takes longer simply does not answer it. */
const DISCOVERY_TIMEOUT_MS = 3_000;
/** The Authorization header the SDK would send without a key; keyless endpoints get none at all. */
const NO_KEY = 'no-key';

interface WireRequest {
  /** Path below the base URL (may climb with `../`), or an absolute URL. */
  path: string;
  body: Record<string, unknown>;
  format: WireFormat;
  promptText: string;
}

/**
 * A server that counts fewer than this share of the prompt we sent has cut it (llama.cpp's context
 * shift, Ollama's num_ctx). Against characters / 4, real tokenizers count more tokens for code and at
 * most ~10 % fewer for English prose; prompts below TRUNCATION_MIN_TOKENS are too short to judge.
 */
const TRUNCATION_SHARE = 0.7;
const TRUNCATION_MIN_TOKENS = 512;

class OpenAiCompatibleClient implements GearshiftClient {
  private readonly pool: ConnectionPool;
  private readonly parameters = new ParameterMemory();
  /** endpoint+model pairs already warned about silent truncation (log once). */
  private readonly truncating = new Set<string>();
  private readonly log: Logger;

  constructor(private readonly options: ClientOptions) {
    this.pool = new ConnectionPool(options.network);
    this.log = options.log ?? silentLogger;
  }

  chat(endpoint: EndpointConfig, request: Sealed<ChatRequest>): Promise<GenerationResult> {
    assertSealed(request);
    return this.generate(endpoint, request, {
      path: 'chat/completions',
      body: {
        ...samplingOf(request),
        messages: request.messages,
        stream_options: { include_usage: true },
        ...(request.prediction !== undefined ? { prediction: { type: 'content', content: request.prediction } } : {}),
      },
      format: chatFormat,
      promptText: messagesText(request.messages),
    });
  }

  complete(endpoint: EndpointConfig, request: Sealed<CompletionRequest>): Promise<GenerationResult> {
    assertSealed(request);
    return this.generate(endpoint, request, {
      path: request.path ?? 'completions',
      body: {
        ...samplingOf(request),
        prompt: request.prompt,
        ...(request.suffix !== undefined ? { suffix: request.suffix } : {}),
        stream_options: { include_usage: true },
      },
      format: completionFormat,
      promptText: request.prompt + (request.suffix ?? ''),
    });
  }

  infill(endpoint: EndpointConfig, request: Sealed<InfillRequest>): Promise<GenerationResult> {
    assertSealed(request);
    const extra = request.inputExtra ?? [];
    return this.generate(endpoint, request, {
      // llama.cpp serves /infill beside /v1, not below it.
      path: serverRoot(endpoint.baseUrl) + 'infill',
      body: {
        model: request.model,
        stream: true,
        input_prefix: request.inputPrefix,
        input_suffix: request.inputSuffix,
        ...(extra.length ? { input_extra: extra.map(({ filename, text }) => ({ filename, text })) } : {}),
        ...(request.prompt !== undefined ? { prompt: request.prompt } : {}),
        ...(request.maxTokens !== undefined ? { n_predict: request.maxTokens } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        // llama.cpp has no cap on stop strings, so it gets the whole list and stops early itself.
        ...(wireStops(request.stop, Infinity) ? { stop: wireStops(request.stop, Infinity) } : {}),
        cache_prompt: true,
      },
      format: infillFormat,
      promptText: request.inputPrefix + request.inputSuffix + (request.prompt ?? '') + extra.map((e) => e.text).join(''),
    });
  }

  fim(endpoint: EndpointConfig, request: Sealed<FimRequest>): Promise<GenerationResult> {
    assertSealed(request);
    return this.generate(endpoint, request, {
      path: 'fim/completions',
      body: { ...samplingOf(request), prompt: request.prompt, suffix: request.suffix },
      format: chatFormat,
      promptText: request.prompt + request.suffix,
    });
  }

  async listModels(endpoint: EndpointConfig, signal?: AbortSignal): Promise<string[]> {
    const url = requestUrl(endpoint.baseUrl, 'models');
    const ctx = this.contextFor(endpoint, url, '');
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, LIST_MODELS_TIMEOUT_MS);
    const forward = () => controller.abort();
    signal?.addEventListener('abort', forward, { once: true });
    try {
      const { data, response } = await this.sdkFor(endpoint, DEFAULT_TIMEOUTS.connectMs).get<unknown>(url, { signal: controller.signal }).withResponse();
      if (!/json/i.test(response.headers.get('content-type') ?? '')) throw badResponse('the model list is not JSON', ctx);
      const list = (data as { data?: unknown })?.data;
      if (!Array.isArray(list)) throw badResponse('the model list has no "data" array', ctx);
      return list.map((model) => (model as { id?: unknown })?.id).filter((id): id is string => typeof id === 'string');
    } catch (error) {
      if (timedOut && !signal?.aborted) {
        throw new EndpointError({ reason: 'timeout', message: `${ctx.where} sent no model list within ${LIST_MODELS_TIMEOUT_MS / 1000} s. Check that the server is up and responsive.`, endpoint: endpoint.id });
      }
      throw mapError(error, ctx);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  }

  discover(endpoint: EndpointConfig, models: string[], signal?: AbortSignal): Promise<ServerFacts> {
    const fetch = this.pool.fetchFor(DEFAULT_TIMEOUTS.connectMs);
    const auth: Record<string, string> = endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {};
    const http: JsonHttp = async (url, body, outer) => {
      const limit = AbortSignal.timeout(DISCOVERY_TIMEOUT_MS);
      const response = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { ...auth, ...endpoint.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: outer ? AbortSignal.any([outer, limit]) : limit,
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, json };
    };
    return discoverServer(http, endpoint, models, signal);
  }

  async dispose(): Promise<void> {
    await this.pool.dispose();
  }

  private async generate(endpoint: EndpointConfig, request: ChatRequest | CompletionRequest | InfillRequest | FimRequest, wire: WireRequest): Promise<GenerationResult> {
    const timeouts: TimeoutPolicy = { ...DEFAULT_TIMEOUTS, ...request.timeouts };
    const url = requestUrl(endpoint.baseUrl, wire.path);
    const ctx = this.contextFor(endpoint, url, request.model);
    const result = await runGeneration({
      ctx,
      model: request.model,
      promptText: wire.promptText,
      maxTokens: request.maxTokens,
      stop: request.stop,
      signal: request.signal,
      timeouts,
      onDelta: request.onDelta,
      open: (signal) => this.open(endpoint, url, wire, ctx, timeouts.connectMs, signal),
    }, { countTokens: this.options.countTokens, log: this.log });
    this.checkTruncation(result, wire.promptText, ctx);
    return result;
  }

  /** A prompt the server silently cut is a context overflow, like one it refused. */
  private checkTruncation(result: GenerationResult, promptText: string, ctx: ErrorContext): void {
    if (!result.usage.reported) return;
    const sent = Math.ceil(promptText.length / 4);
    const read = result.usage.promptTokens;
    if (sent < TRUNCATION_MIN_TOKENS || read >= sent * TRUNCATION_SHARE) return;
    const key = `${ctx.endpointId}\n${ctx.model}`;
    if (!this.truncating.has(key)) {
      this.truncating.add(key);
      this.log.warn(`${ctx.where} ${ctx.model}: the server read ${read.toLocaleString('en-US')} prompt tokens of about ${sent.toLocaleString('en-US')} sent — it truncates silently; answers from it are discarded.`);
    }
    throw new EndpointError({
      reason: 'context-too-long',
      endpoint: ctx.endpointId,
      model: ctx.model,
      message: `${ctx.where} read only ${read.toLocaleString('en-US')} of about ${sent.toLocaleString('en-US')} prompt tokens for model "${ctx.model}": it cut the prompt to fit its context without saying so, so the answer was discarded. `
        + 'Send less text, give the server a larger context (llama.cpp -c, Ollama num_ctx), or set the real window in gearshift.models.overrides.',
    });
  }

  /** Sends the request (adapting optional parameters the server rejects) and returns its pieces. */
  private async open(endpoint: EndpointConfig, url: string, wire: WireRequest, ctx: ErrorContext, connectMs: number, signal: AbortSignal): Promise<AsyncIterable<Piece>> {
    const sdk = this.sdkFor(endpoint, connectMs);
    const memoryKey = `${endpoint.id}\n${ctx.model}`;
    const body = this.parameters.adapt(memoryKey, wire.body);
    for (let attempt = 0; ; attempt++) {
      try {
        const { data, response } = await sdk.post<Stream<unknown>>(url, { body, stream: true, signal }).withResponse();
        return await piecesOf(response, data, wire.format, ctx);
      } catch (error) {
        const parameter = attempt < MAX_ADAPTATIONS && !signal.aborted ? this.parameters.learn(memoryKey, error, body) : undefined;
        if (!parameter) throw error;
        this.log.info(`${ctx.where} rejected "${parameter}" for ${ctx.model}; sending again without it (remembered for this endpoint).`);
      }
    }
  }

  private sdkFor(endpoint: EndpointConfig, connectMs: number): OpenAI {
    const keyless = !endpoint.apiKey;
    return new OpenAI({
      baseURL: endpoint.baseUrl.replace(/\/+$/, ''),
      apiKey: endpoint.apiKey || NO_KEY,
      // Explicit nulls: the SDK would otherwise pick these up from OPENAI_* environment variables
      // and send them to whatever host this endpoint is.
      organization: null,
      project: null,
      adminAPIKey: null,
      defaultHeaders: { ...(keyless ? { Authorization: null } : {}), ...endpoint.headers },
      maxRetries: 0,
      // The client's own timers govern; the SDK's would cut long generations.
      timeout: 2 ** 31 - 1,
      logLevel: 'off',
      fetch: withErrorLines(this.pool.fetchFor(connectMs)),
    });
  }

  private contextFor(endpoint: EndpointConfig, url: string, model: string): ErrorContext {
    return { where: displayUrl(url), endpointId: endpoint.id, model, apiKey: endpoint.apiKey };
  }
}

function samplingOf(request: ChatRequest | CompletionRequest | FimRequest): Record<string, unknown> {
  const stop = wireStops(request.stop);
  return {
    model: request.model,
    stream: true,
    ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(stop ? { stop } : {}),
  };
}

function messagesText(messages: ChatMessage[]): string {
  return messages
    .map((message) => (typeof message.content === 'string'
      ? message.content
      : message.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n')))
    .join('\n');
}

/** `http://host:8080/v1` → `http://host:8080/`: where llama.cpp's native routes live. */
function serverRoot(baseUrl: string): string {
  return `${baseUrl.split('?')[0].replace(/\/+$/, '').replace(/\/v1$/, '')}/`;
}

/** Resolves `path` below the base URL (`../beta/completions` climbs out of /v1); keeps its query (Azure api-version). */
function requestUrl(baseUrl: string, path: string): string {
  let base: URL;
  try {
    base = new URL(baseUrl.replace(/\/*(\?|$)/, '/$1'));
  } catch (error) {
    throw new EndpointError({ reason: 'network', message: `The endpoint URL "${baseUrl.split('?')[0]}" is not a valid URL. Fix gearshift.endpoint.baseUrl.`, cause: error });
  }
  const url = new URL(path.replace(/^\//, ''), base);
  if (!url.search) url.search = base.search;
  return url.href;
}

/** A URL as shown in messages and logs: no credentials, no query string. */
function displayUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
