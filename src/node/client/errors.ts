// Turns whatever went wrong on the wire (an HTTP status with a JSON error, a socket error, a broken
// stream) into one EndpointError with a reason the router acts on and a message a person can act on.
// Messages name the server by origin only and are scrubbed of the API key, since servers sometimes
// echo the key back in their error text.
import { APIError } from 'openai';
import { EndpointError, type EndpointErrorReason } from '../../common/errors';

export interface ErrorContext {
  /** Endpoint URL as shown to the user: origin + path, no credentials, no query. */
  where: string;
  endpointId: string;
  model: string;
  /** The API key, only to scrub it from messages; never shown. */
  apiKey?: string;
}

/** An HTTP failure, from the SDK or from a plain fetch. */
export interface HttpFailure {
  status: number;
  headers: Headers | undefined;
  /** The server's error text. */
  message: string;
  code?: string | null;
  param?: string | null;
}

// Each server's own wording: OpenAI/vLLM/OpenRouter "maximum context length", llama.cpp "exceeds the
// available context size", Anthropic-style "prompt is too long".
const CONTEXT_TOO_LONG = /context[ _]length|maximum context|context window|context size|too many tokens|prompt is too long|exceeds the (?:model's )?(?:maximum|max|available context)/i;
/** A server saying it does not do this (llama.cpp answers `suffix` with HTTP 500 "Unsupported param"). */
const UNSUPPORTED = /\bunsupported\b|not (?:currently )?supported|not implemented|does not support/i;
const PARAMETER_PATTERNS = [
  /unrecognized request arguments? supplied:\s*([\w.]+)/i,
  /unsupported (?:param(?:eter)?|value)s?:?\s*['"`]?([\w.]+)/i,
  /['"`]([\w.]+)['"`] is not (?:currently )?(?:supported|allowed|permitted)/i,
  /^([\w.]+) is not (?:currently )?supported/i,
  /(?:unknown|invalid|unexpected|extra) (?:field|parameter|argument|key)s?:?\s*['"`]?([\w.]+)/i,
  /'loc':\s*\(\s*'body',\s*'([\w.]+)'/,
];

export function fromHttpFailure(failure: HttpFailure, ctx: ErrorContext): EndpointError {
  const { status } = failure;
  const said = failure.message ? ` The server said: "${clip(failure.message)}"` : '';
  const base = { status, endpoint: ctx.endpointId, model: ctx.model };
  const make = (reason: EndpointErrorReason, message: string, extra: { retryAfterMs?: number } = {}) =>
    new EndpointError({ ...base, ...extra, reason, message: scrub(message, ctx.apiKey) });

  if (status === 401) {
    return make('auth', `${ctx.where} rejected the API key (HTTP 401). Run "Gearshift: Set API Key" to enter a valid key for this endpoint.${said}`);
  }
  if (status === 403) {
    return make('forbidden', `${ctx.where} refused access (HTTP 403): the key may lack permission for model "${ctx.model}" or this region. Check the key's permissions or run "Gearshift: Set API Key".${said}`);
  }
  if (status === 404 || status === 405) {
    if (failure.code === 'model_not_found' || /model/i.test(failure.message)) {
      return make('model-not-found', `Model "${ctx.model}" is not available at ${ctx.where} (HTTP ${status}). Pick a model the server lists (Gearshift: Test Endpoint shows them) in the gearshift.models settings.${said}`);
    }
    return make('unsupported-parameter', `${ctx.where} does not exist on this server (HTTP ${status}). Check gearshift.endpoint.baseUrl (OpenAI-compatible servers usually end in /v1).${said}`);
  }
  if (status === 413 || failure.code === 'context_length_exceeded' || (status === 400 && CONTEXT_TOO_LONG.test(failure.message))) {
    return make('context-too-long', `The request is longer than model "${ctx.model}" accepts (HTTP ${status}). Use a model with a larger context window (gearshift.models.large) or send less text.${said}`);
  }
  if (status === 429) {
    const retryAfterMs = retryAfter(failure.headers);
    const wait = retryAfterMs === undefined ? 'Wait a moment' : `Wait ${Math.ceil(retryAfterMs / 1000)} s`;
    if (failure.code === 'insufficient_quota') {
      return make('rate-limited', `${ctx.where} says the account is out of quota (HTTP 429). Check the plan and billing of this API key.${said}`, { retryAfterMs });
    }
    return make('rate-limited', `${ctx.where} is rate limiting requests (HTTP 429). ${wait} and retry, or use a model tier with higher limits.${said}`, { retryAfterMs });
  }
  if (status === 501 || (status >= 500 && UNSUPPORTED.test(failure.message))) {
    const parameter = failure.param || parameterIn(failure.message);
    const what = parameter ? `the parameter "${parameter}"` : 'this request';
    return make('unsupported-parameter', `${ctx.where} does not support ${what} (HTTP ${status}) for model "${ctx.model}". Gearshift: Test Endpoint shows what the server supports.${said}`);
  }
  if (status >= 500) {
    return make('server', `${ctx.where} had a server error (HTTP ${status}). Retry in a moment; if it keeps failing, check the server or configure gearshift.endpoint.failover.${said}`);
  }
  if (status >= 400) {
    const parameter = failure.param || parameterIn(failure.message);
    const what = parameter ? `the parameter "${parameter}"` : 'a parameter of the request';
    return make('unsupported-parameter', `${ctx.where} does not accept ${what} (HTTP ${status}) for model "${ctx.model}". Check the model and endpoint settings; Gearshift: Test Endpoint shows what the server supports.${said}`);
  }
  return make('bad-response', `${ctx.where} answered with unexpected HTTP ${status}. Show the log for details and check gearshift.endpoint.baseUrl.${said}`);
}

export function fromApiError(error: APIError, ctx: ErrorContext): EndpointError {
  const body = error.error as { message?: unknown } | undefined;
  const message = typeof body?.message === 'string' ? body.message : error.message.replace(/^\d{3}\s*/, '');
  if (!error.status) return fromStreamError(error.error, message, ctx);
  return fromHttpFailure({ status: error.status ?? 0, headers: error.headers, message, code: error.code, param: error.param }, ctx);
}

/**
 * An error reported inside an answer that started with HTTP 200: llama.cpp's `error:` line, a `data:`
 * object with an `error` key (vLLM, OpenRouter), a JSON body with `error` (LM Studio's unknown routes).
 * Classified like the HTTP error it stands for — its numeric code where the server gives one — so a
 * context overflow escalates or refuses with numbers here too.
 */
export function fromStreamError(body: unknown, fallbackMessage: string, ctx: ErrorContext): EndpointError {
  const error = (typeof body === 'string' ? { message: body } : body ?? {}) as { message?: unknown; code?: unknown; type?: unknown; param?: unknown };
  const message = typeof error.message === 'string' ? error.message : fallbackMessage;
  const code = typeof error.code === 'number' && error.code >= 400 && error.code < 600 ? error.code : undefined;
  const status = code ?? (CONTEXT_TOO_LONG.test(message) ? 400 : /unexpected endpoint|not found/i.test(message) ? 404 : 500);
  const mapped = fromHttpFailure({ status, headers: undefined, message, code: typeof error.code === 'string' ? error.code : null, param: typeof error.param === 'string' ? error.param : null }, ctx);
  return new EndpointError({
    reason: mapped.reason,
    status: code,
    message: scrub(`${mapped.message} (The server sent this error inside a successful (HTTP 200) answer.)`, ctx.apiKey),
    endpoint: ctx.endpointId,
    model: ctx.model,
  });
}

/** Socket-level failures: refused, unknown host, reset, TLS, proxy. */
export function networkError(error: unknown, ctx: ErrorContext): EndpointError {
  const code = errorCode(error);
  const detail = deepestMessage(error);
  let message: string;
  if (code === 'ECONNREFUSED') {
    message = `Could not connect to ${ctx.where}: connection refused. Is the server running? Check gearshift.endpoint.baseUrl.`;
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    message = `Could not find the host of ${ctx.where} (DNS lookup failed). Check gearshift.endpoint.baseUrl and your network or proxy (http.proxy).`;
  } else if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(?:GET|VERIFY)/.test(code)) {
    message = `The TLS certificate of ${ctx.where} is not trusted (${code}). Add your CA to gearshift.network.caCertificates, or turn off http.proxyStrictSSL if you trust this network.`;
  } else if (/proxy/i.test(detail)) {
    message = `The proxy refused the connection to ${ctx.where} (${clip(detail)}). Check http.proxy and NO_PROXY.`;
  } else if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || /terminated|other side closed|socket hang up/i.test(detail)) {
    message = `The connection to ${ctx.where} was dropped before the answer was complete. Retry; if it keeps happening, check the server and any proxy in between.`;
  } else {
    message = `Could not reach ${ctx.where} (${clip(detail || String(code))}). Check gearshift.endpoint.baseUrl and your network.`;
  }
  return new EndpointError({ reason: 'network', message: scrub(message, ctx.apiKey), endpoint: ctx.endpointId, model: ctx.model, cause: error });
}

export function badResponse(problem: string, ctx: ErrorContext, cause?: unknown): EndpointError {
  return new EndpointError({
    reason: 'bad-response',
    message: scrub(`${ctx.where} sent a response Gearshift cannot use: ${problem}. Retry; if it persists, check that gearshift.endpoint.baseUrl points at an OpenAI-compatible server (Show Log has details).`, ctx.apiKey),
    endpoint: ctx.endpointId,
    model: ctx.model,
    cause,
  });
}

/** Milliseconds to wait from `retry-after-ms`, `retry-after` (seconds or an HTTP date). */
export function retryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function parameterIn(message: string): string | undefined {
  for (const pattern of PARAMETER_PATTERNS) {
    const match = pattern.exec(message);
    if (match) return match[1];
  }
  return undefined;
}

/** Replaces the key wherever a server echoed it. */
export function scrub(text: string, apiKey: string | undefined): string {
  return apiKey && apiKey.length >= 4 ? text.split(apiKey).join('***') : text;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
}

/** The first errno-style code along the cause chain (undici nests the socket error in `cause`). */
export function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 6; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
  }
  return undefined;
}

function deepestMessage(error: unknown): string {
  let message = '';
  for (let current = error, depth = 0; current && depth < 6; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof Error && current.message) message = current.message;
  }
  return message;
}
