// A local OpenAI-compatible HTTP server for tests, benches and `npm run mock-endpoint`.
// It speaks the wire formats of the servers Gearshift targets (OpenAI chat + legacy completions,
// llama.cpp /infill, Mistral /v1/fim/completions, DeepSeek /beta/completions), paces answers
// (time to first token, tokens per second), injects faults on demand and records every request so
// tests can assert exactly what was sent and to whom. It listens on 127.0.0.1 only.
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { SlotQueue } from './profiles/slots';
import type { ServerProfile } from './profiles/types';

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Lower-cased header names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: any;
  at: number;
  /** The client's port: equal ports on two requests mean one reused keep-alive connection. */
  remotePort: number;
  /** Set when the client closed the connection before the reply was complete (e.g. an abort). */
  clientClosed: boolean;
}

export type MockFault =
  | 'stall'
  | 'malformed-sse'
  | 'truncated-json'
  | 'empty-choices'
  | 'wrong-content-type'
  | 'drop-connection'
  | 'huge'
  /** HTTP 200, a few tokens, then the server's own "error inside the stream" event. */
  | 'error-in-stream';

export interface MockReply {
  text?: string;
  status?: number;
  error?: { message: string; type?: string; code?: string };
  headers?: Record<string, string>;
  ttftMs?: number;
  tokensPerSecond?: number;
  fault?: MockFault;
  /** false: never send usage (like servers without it); default: send it whenever OpenAI would. */
  usage?: boolean;
  /** The model's own output cap (below the request's max_tokens): longer answers end with finish_reason length. */
  maxOutputTokens?: number;
}

export interface MockRule {
  match?: { path?: string; model?: string; contains?: string };
  reply: MockReply;
  /** How many requests the rule answers; default 1; -1 = forever. */
  times?: number;
}

export interface MockServer {
  /** The OpenAI-style base URL: http://127.0.0.1:PORT/v1 */
  url: string;
  /** http://127.0.0.1:PORT (https with the tls option) */
  origin: string;
  /** Every endpoint request so far (control routes excluded), oldest first. */
  readonly requests: RecordedRequest[];
  /** TCP connections accepted so far; fewer connections than requests means keep-alive reuse. */
  readonly connectionCount: number;
  script(rule: MockRule | MockRule[]): void;
  /** Computes replies from requests (after scripted rules, before the default answer); with a profile, never for the model list. */
  setResponder(fn?: (req: RecordedRequest) => MockReply | undefined): void;
  /** Forgets rules, the responder and recorded requests. */
  reset(): void;
  /** Stops listening and destroys open sockets, so nothing waits on a stalled stream. */
  close(): Promise<void>;
}

export interface MockServerOptions {
  /** 0 or unset: a free port. */
  port?: number;
  /** Answer any `suffix` on /v1/completions with 400, as vLLM does. */
  rejectSuffix?: boolean;
  /** Ids listed by /v1/models. */
  models?: string[];
  /** Serve HTTPS with this PEM key and certificate (to test CA certificates and strict SSL). */
  tls?: { key: string; cert: string };
  /** Behave like a real server (test/support/profiles): its routes, errors, limits and slots. */
  profile?: ServerProfile;
}

export const MOCK_DEFAULT_TEXT = 'Hello from the Gearshift mock endpoint.';
export const MOCK_DEFAULT_MODELS = ['gpt-4.1-mini', 'gpt-4.1', 'qwen2.5-coder:7b-base'];
/** Characters in a 'huge' answer: far beyond any max_tokens, small enough to stream in a test. */
export const MOCK_HUGE_CHARS = 2_000_000;
const HUGE_DELTA_CHARS = 4096;

export type MockRoute = 'models' | 'chat' | 'completions' | 'beta-completions' | 'infill' | 'fim';
type Route = MockRoute;

const ROUTES: Record<string, Route> = {
  '/v1/models': 'models',
  '/v1/chat/completions': 'chat',
  '/v1/completions': 'completions',
  '/beta/completions': 'beta-completions',
  '/infill': 'infill',
  '/v1/fim/completions': 'fim',
};

const STATUS_DEFAULTS: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: 'Invalid request.', type: 'invalid_request_error', code: null },
  401: { message: 'Incorrect API key provided. You can find your API key in your account settings.', type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { message: 'You are not allowed to access this resource.', type: 'invalid_request_error', code: 'forbidden' },
  404: { message: 'The model does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found' },
  429: { message: 'Rate limit reached. Please try again later.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request.', type: 'server_error', code: null },
  503: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null },
};

/** Requests that asked for an answer (chat, completions, /infill, FIM) — not model lists or discovery. */
export function generationRequests(server: MockServer): RecordedRequest[] {
  return server.requests.filter((r) => ROUTES[r.path] !== undefined && ROUTES[r.path] !== 'models');
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const requests: RecordedRequest[] = [];
  let rules: MockRule[] = [];
  let responder: ((req: RecordedRequest) => MockReply | undefined) | undefined;
  let connectionCount = 0;
  const sockets = new Set<Socket>();
  const { profile } = options;
  const slots = new SlotQueue(profile?.slots ?? Infinity);

  const script = (rule: MockRule | MockRule[]) => {
    rules.push(...(Array.isArray(rule) ? rule : [rule]));
  };
  const reset = () => {
    rules = [];
    responder = undefined;
    requests.length = 0;
  };

  /** The first rule that matches wins and is used up; then the responder; then the default. */
  const replyFor = (req: RecordedRequest): MockReply => {
    const index = rules.findIndex((rule) => ruleMatches(rule, req));
    if (index >= 0) {
      const rule = rules[index];
      const times = rule.times ?? 1;
      if (times !== -1) {
        if (times <= 1) rules.splice(index, 1);
        else rules[index] = { ...rule, times: times - 1 };
      }
      return rule.reply;
    }
    return responder?.(req) ?? {};
  };

  const handler: http.RequestListener = (req, res) => {
    readBody(req).then((raw) => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      if (path.startsWith('/__mock/')) {
        handleControl(path, req.method ?? 'GET', raw, res, { requests, script, reset });
        return;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        headers: flattenHeaders(req.headers),
        body: parseBody(raw),
        at: Date.now(),
        remotePort: req.socket.remotePort ?? 0,
        clientClosed: false,
      };
      requests.push(recorded);
      res.on('close', () => {
        if (!res.writableFinished) recorded.clientClosed = true;
      });
      if (profile) {
        for (const [name, value] of Object.entries(profile.headers)) res.setHeader(name, value);
        const early = profile.preflight(recorded);
        if (early) {
          sendReply(res, early);
          return;
        }
      }
      const route = ROUTES[path];
      if (!route) {
        sendError(res, 404, { message: `Unknown route ${path}.`, type: 'invalid_request_error', code: 'not_found' });
        return;
      }
      // A profile's model list is that server's: scripted rules and the responder answer generation.
      const reply = route === 'models' && profile ? {} : replyFor(recorded);
      // Generation waits for a free slot, as on a server started with N parallel slots.
      if (route !== 'models' && profile?.streamHeadersWhileQueued && takesStream(recorded.body, reply)) openStream(res, profile);
      const answering = route === 'models' ? answer(route, recorded, reply, res, options) : slots.run(res, () => answer(route, recorded, reply, res, options));
      answering.catch(() => res.destroy());
    }, () => res.destroy());
  };
  const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);

  server.on(options.tls ? 'secureConnection' : 'connection', (socket) => {
    connectionCount++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  return {
    url: `${origin}/v1`,
    origin,
    get requests() {
      return requests;
    },
    get connectionCount() {
      return connectionCount;
    },
    script,
    setResponder(fn) {
      responder = fn;
    },
    reset,
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };

  function ruleMatches(rule: MockRule, req: RecordedRequest): boolean {
    const match = rule.match;
    if (!match) return true;
    if (match.path && req.path !== match.path && !req.path.endsWith(match.path.startsWith('/') ? match.path : `/${match.path}`)) return false;
    if (match.model && req.body?.model !== match.model) return false;
    if (match.contains) {
      const text = typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? '');
      if (!text.includes(match.contains)) return false;
    }
    return true;
  }
}

function handleControl(
  path: string,
  method: string,
  raw: string,
  res: http.ServerResponse,
  control: { requests: RecordedRequest[]; script: (rule: MockRule | MockRule[]) => void; reset: () => void },
): void {
  if (path === '/__mock/requests' && method === 'GET') {
    sendJson(res, 200, control.requests);
  } else if (path === '/__mock/reset' && method === 'POST') {
    control.reset();
    sendJson(res, 200, { ok: true });
  } else if (path === '/__mock/script' && method === 'POST') {
    const rules = parseBody(raw);
    if (!rules || typeof rules !== 'object') {
      sendJson(res, 400, { error: { message: 'Body must be a MockRule or an array of them.' } });
      return;
    }
    control.script(rules);
    sendJson(res, 200, { ok: true });
  } else {
    sendJson(res, 404, { error: { message: `Unknown control route ${method} ${path}.` } });
  }
}

async function answer(route: Route, req: RecordedRequest, reply: MockReply, res: http.ServerResponse, options: MockServerOptions): Promise<void> {
  if (reply.headers) {
    for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  }
  if (reply.status !== undefined && reply.status >= 300 && reply.status < 400) {
    // A redirect (give its `location` in headers): what a moved or hijacked endpoint answers.
    res.writeHead(reply.status).end();
    return;
  }
  if (reply.error || (reply.status !== undefined && reply.status >= 400)) {
    const status = reply.status ?? 400;
    const fallback = STATUS_DEFAULTS[status] ?? STATUS_DEFAULTS[500];
    if (options.profile) {
      sendJson(res, status, options.profile.errorBody(status, reply.error?.message ?? fallback.message, reply.error?.type, reply.error?.code));
      return;
    }
    sendError(res, status, {
      message: reply.error?.message ?? fallback.message,
      type: reply.error?.type ?? fallback.type,
      code: reply.error?.code ?? fallback.code,
    });
    return;
  }
  if (route === 'models' && options.profile) {
    sendJson(res, 200, options.profile.modelList());
    return;
  }
  if (route === 'models') {
    sendJson(res, 200, { object: 'list', data: models(options).map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'gearshift-mock' })) });
    return;
  }
  const body = req.body && typeof req.body === 'object' ? req.body : {};
  if (route === 'completions' && options.rejectSuffix && body.suffix !== undefined && body.suffix !== null) {
    sendError(res, 400, { message: 'suffix is not currently supported', type: 'BadRequestError', code: 'unsupported_parameter', param: 'suffix' });
    return;
  }
  if (reply.fault === 'wrong-content-type') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><body><h1>Sign in to the network</h1></body></html>');
    return;
  }
  if (reply.fault === 'drop-connection' && !body.stream) {
    res.socket?.destroy();
    return;
  }
  const plan = planAnswer(route, body, reply);
  const admission = options.profile?.admit(route, plan, body);
  if (admission?.kind === 'reject') {
    sendReply(res, admission.reply);
    return;
  }
  if (admission?.kind === 'stream-error' && body.stream) {
    openStream(res, options.profile);
    res.end(admission.raw);
    return;
  }
  if (admission?.kind === 'answer') Object.assign(plan, { promptTokens: admission.promptTokens, cachedTokens: admission.cachedTokens });
  const format = options.profile?.formats[route as Exclude<Route, 'models'>] ?? FORMATS[route as Exclude<Route, 'models'>];
  if (body.stream) await streamAnswer(res, format, plan, reply, options.profile);
  else await jsonAnswer(res, format, plan, reply);
}

function models(options: MockServerOptions): string[] {
  return options.models ?? MOCK_DEFAULT_MODELS;
}

export interface AnswerPlan {
  model: string;
  tokens: string[];
  finishReason: 'stop' | 'length';
  /** Prompt tokens as the server reports them (a profile may report fewer: silent truncation). */
  promptTokens: number;
  /** Prompt tokens the server took from its cache instead of evaluating them (profiles set it). */
  cachedTokens: number;
  includeUsage: boolean;
}

/** Splits the answer into ~4-character tokens and applies max tokens and the (sent) stop list. */
function planAnswer(route: Route, body: any, reply: MockReply): AnswerPlan {
  let text = reply.fault === 'huge' ? hugeText() : reply.text ?? MOCK_DEFAULT_TEXT;
  let finishReason: 'stop' | 'length' = 'stop';
  const stops: string[] = Array.isArray(body.stop) ? body.stop : typeof body.stop === 'string' ? [body.stop] : [];
  const cut = Math.min(...stops.filter((s) => s).map((s) => text.indexOf(s)).filter((i) => i >= 0));
  if (Number.isFinite(cut)) text = text.slice(0, cut);
  let tokens = reply.fault === 'huge' ? chunk(text, HUGE_DELTA_CHARS) : chunk(text, 4);
  const requested = route === 'infill' ? body.n_predict : body.max_completion_tokens ?? body.max_tokens;
  const maxTokens = reply.maxOutputTokens !== undefined && !(requested < reply.maxOutputTokens) ? reply.maxOutputTokens : requested;
  if (reply.fault !== 'huge' && typeof maxTokens === 'number' && maxTokens >= 0 && tokens.length > maxTokens) {
    tokens = tokens.slice(0, maxTokens);
    finishReason = 'length';
  }
  const wantsUsage = route === 'chat' || route === 'completions' || route === 'beta-completions'
    ? !body.stream || body.stream_options?.include_usage === true
    : true;
  return {
    model: typeof body.model === 'string' ? body.model : 'mock-model',
    tokens,
    finishReason,
    promptTokens: Math.ceil(promptText(route, body).length / 4),
    cachedTokens: 0,
    includeUsage: reply.usage !== false && wantsUsage,
  };
}

export function promptText(route: Route, body: any): string {
  if (route === 'chat') {
    const messages: any[] = Array.isArray(body.messages) ? body.messages : [];
    return messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? ''))).join('\n');
  }
  if (route === 'infill') {
    const extra: any[] = Array.isArray(body.input_extra) ? body.input_extra : [];
    return [body.input_prefix, body.input_suffix, body.prompt, ...extra.map((e) => e?.text)].filter((s) => typeof s === 'string').join('');
  }
  return [body.prompt, body.suffix].filter((s) => typeof s === 'string').join('');
}

function hugeText(): string {
  const line = 'const filler = "a huge answer that ignores max_tokens";\n';
  return line.repeat(Math.ceil(MOCK_HUGE_CHARS / line.length)).slice(0, MOCK_HUGE_CHARS);
}

function chunk(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts;
}

/** How one route shapes its chunks, final answer and usage. */
export interface WireFormat {
  /** Chunks sent before the first token (OpenAI's role delta). */
  preamble(id: string, plan: AnswerPlan): unknown[];
  delta(id: string, plan: AnswerPlan, text: string): unknown;
  finish(id: string, plan: AnswerPlan): unknown[];
  full(id: string, plan: AnswerPlan, text: string): unknown;
  emptyChoices(id: string, plan: AnswerPlan): unknown;
  /** llama.cpp ends at the last event; OpenAI-style servers send `data: [DONE]`. */
  done: boolean;
}

const created = () => Math.floor(Date.now() / 1000);

function openAiUsage(plan: AnswerPlan) {
  const completion = plan.tokens.length;
  return { prompt_tokens: plan.promptTokens, completion_tokens: completion, total_tokens: plan.promptTokens + completion, prompt_tokens_details: { cached_tokens: 0 } };
}

function chatChunk(id: string, plan: AnswerPlan, delta: object, finishReason: string | null, extra: object = {}) {
  return {
    id, object: 'chat.completion.chunk', created: created(), model: plan.model, system_fingerprint: 'fp_mock',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...extra,
  };
}

const chatFormat = (usageInFinalChunk: boolean): WireFormat => ({
  preamble: (id, plan) => [chatChunk(id, plan, { role: 'assistant', content: '' }, null)],
  delta: (id, plan, text) => chatChunk(id, plan, { content: text }, null),
  finish: (id, plan) => {
    if (usageInFinalChunk) {
      // Mistral sends usage with the finishing chunk.
      return [chatChunk(id, plan, {}, plan.finishReason, plan.includeUsage ? { usage: openAiUsage(plan) } : {})];
    }
    const chunks: unknown[] = [chatChunk(id, plan, {}, plan.finishReason)];
    if (plan.includeUsage) {
      chunks.push({ id, object: 'chat.completion.chunk', created: created(), model: plan.model, system_fingerprint: 'fp_mock', choices: [], usage: openAiUsage(plan) });
    }
    return chunks;
  },
  full: (id, plan, text) => ({
    id, object: 'chat.completion', created: created(), model: plan.model, system_fingerprint: 'fp_mock',
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: plan.finishReason }],
    ...(plan.includeUsage ? { usage: openAiUsage(plan) } : {}),
  }),
  emptyChoices: (id, plan) => ({ id, object: 'chat.completion.chunk', created: created(), model: plan.model, choices: [] }),
  done: true,
});

function completionChunk(id: string, plan: AnswerPlan, text: string, finishReason: string | null) {
  return { id, object: 'text_completion', created: created(), model: plan.model, choices: [{ text, index: 0, logprobs: null, finish_reason: finishReason }] };
}

const completionFormat: WireFormat = {
  preamble: () => [],
  delta: (id, plan, text) => completionChunk(id, plan, text, null),
  finish: (id, plan) => {
    const chunks: unknown[] = [completionChunk(id, plan, '', plan.finishReason)];
    if (plan.includeUsage) chunks.push({ id, object: 'text_completion', created: created(), model: plan.model, choices: [], usage: openAiUsage(plan) });
    return chunks;
  },
  full: (id, plan, text) => ({ ...completionChunk(id, plan, text, plan.finishReason), ...(plan.includeUsage ? { usage: openAiUsage(plan) } : {}) }),
  emptyChoices: (id, plan) => ({ id, object: 'text_completion', created: created(), model: plan.model, choices: [] }),
  done: true,
};

/** llama.cpp /infill: `{"content": "...", "stop": false}` events, a final one with stop: true and counts. */
const infillFormat: WireFormat = {
  preamble: () => [],
  delta: (_id, _plan, text) => ({ content: text, stop: false }),
  finish: (_id, plan) => [infillFinal(plan, '')],
  full: (_id, plan, text) => infillFinal(plan, text),
  emptyChoices: () => ({ stop: false }),
  done: false,
};

function infillFinal(plan: AnswerPlan, content: string) {
  return {
    content, stop: true, model: plan.model, stop_type: plan.finishReason === 'length' ? 'limit' : 'eos',
    ...(plan.includeUsage ? { tokens_predicted: plan.tokens.length, tokens_evaluated: plan.promptTokens } : {}),
  };
}

const FORMATS: Record<Exclude<Route, 'models'>, WireFormat> = {
  'chat': chatFormat(false),
  'completions': completionFormat,
  'beta-completions': completionFormat,
  'infill': infillFormat,
  'fim': chatFormat(true),
};

let nextId = 1;

async function streamAnswer(res: http.ServerResponse, format: WireFormat, plan: AnswerPlan, reply: MockReply, profile?: ServerProfile): Promise<void> {
  const id = `mock-${nextId++}`;
  openStream(res, profile);
  const send = (data: unknown) => {
    if (!res.destroyed) res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  };
  if (reply.fault === 'empty-choices') {
    for (let i = 0; i < 3; i++) send(format.emptyChoices(id, plan));
    if (format.done) send('[DONE]');
    res.end();
    return;
  }
  for (const event of format.preamble(id, plan)) send(event);
  if (reply.ttftMs) await sleep(reply.ttftMs);
  const interval = reply.tokensPerSecond ? 1000 / reply.tokensPerSecond : 0;

  switch (reply.fault) {
    case 'malformed-sse':
      send(format.delta(id, plan, plan.tokens[0] ?? ''));
      res.write('data: {"id": "broken", "choices": [{"delta": \n\n');
      res.write('this line is not server-sent events at all\n\n');
      if (format.done) send('[DONE]');
      res.end();
      return;
  }

  const breakAt = Math.floor(plan.tokens.length / 2);
  for (let i = 0; i <= plan.tokens.length; i++) {
    if (res.destroyed) return;
    if (i === breakAt && reply.fault === 'error-in-stream') {
      send(profile?.streamErrorEvent('The upstream provider stopped in the middle of the answer.') ?? { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } });
      if (format.done) send('[DONE]');
      res.end();
      return;
    }
    if (i === breakAt && breaksStream(res, format, id, plan, reply.fault, plan.tokens[i] ?? '')) {
      if (reply.fault === 'stall') await closed(res);
      return;
    }
    if (i === plan.tokens.length) break;
    send(format.delta(id, plan, plan.tokens[i]));
    if (interval) await sleep(interval);
    else if (i % 64 === 63) await new Promise((resolve) => setImmediate(resolve)); // let the socket drain
  }
  for (const event of format.finish(id, plan)) send(event);
  if (format.done) send('[DONE]');
  res.end();
}

/** A reply that will be a 200 event stream (not an HTTP error, a redirect or a fault with its own head). */
function takesStream(body: any, reply: MockReply): boolean {
  return body?.stream === true && !reply.error && !(reply.status !== undefined && reply.status >= 300) && reply.fault !== 'wrong-content-type';
}

/** HTTP 200 with the stream's headers, sent at once; a no-op when they already went out while queued. */
function openStream(res: http.ServerResponse, profile?: ServerProfile): void {
  if (res.headersSent) return;
  res.writeHead(200, { 'content-type': profile?.streamContentType ?? 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'connection': 'keep-alive' });
  res.flushHeaders();
}

/** Resolves once the client is gone: a stalled answer holds its slot until then, as a hung server does. */
function closed(res: http.ServerResponse): Promise<void> {
  return res.destroyed ? Promise.resolve() : new Promise((resolve) => res.once('close', () => resolve()));
}

/** Mid-stream faults; true when the stream must not continue. A stall keeps the socket open, silent. */
function breaksStream(res: http.ServerResponse, format: WireFormat, id: string, plan: AnswerPlan, fault: MockFault | undefined, token: string): boolean {
  switch (fault) {
    case 'stall':
      return true;
    case 'drop-connection':
      res.socket?.destroy();
      return true;
    case 'truncated-json':
      res.end(`data: ${JSON.stringify(format.delta(id, plan, token)).slice(0, 25)}`);
      return true;
    default:
      return false;
  }
}

async function jsonAnswer(res: http.ServerResponse, format: WireFormat, plan: AnswerPlan, reply: MockReply): Promise<void> {
  const id = `mock-${nextId++}`;
  if (reply.ttftMs) await sleep(reply.ttftMs);
  if (reply.tokensPerSecond) await sleep((plan.tokens.length * 1000) / reply.tokensPerSecond);
  if (res.destroyed) return;
  switch (reply.fault) {
    case 'stall':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id": "stalled", ');
      await closed(res);
      return;
    case 'malformed-sse':
    case 'truncated-json': {
      const json = JSON.stringify(format.full(id, plan, plan.tokens.join('')));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(json.slice(0, Math.floor(json.length / 2)));
      return;
    }
    case 'empty-choices':
      sendJson(res, 200, format.emptyChoices(id, plan));
      return;
  }
  sendJson(res, 200, format.full(id, plan, plan.tokens.join('')));
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  // A profile's own content type (set on the response beforehand) wins over the generic one.
  const type = String(res.getHeader('content-type') ?? 'application/json');
  res.writeHead(status, { 'content-type': type, ...headers, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A profile's answer: JSON, or plain text when the server sends text (e.g. Go's "404 page not found"). */
function sendReply(res: http.ServerResponse, reply: { status: number; body: unknown; headers?: Record<string, string> }): void {
  if (typeof reply.body !== 'string') return sendJson(res, reply.status, reply.body, reply.headers);
  res.writeHead(reply.status, { 'content-type': 'text/plain; charset=utf-8', ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

/** OpenAI's error shape: `{ error: { message, type, param, code } }`. */
function sendError(res: http.ServerResponse, status: number, error: { message: string; type: string; code: string | null; param?: string }): void {
  sendJson(res, status, { error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code } });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string): any {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function sleep(ms: number): Promise<void> {
  // unref: a paced answer must never keep a test process alive on its own.
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
