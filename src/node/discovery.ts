// Server discovery: asks an endpoint what it is and what it runs, from what each server publishes —
// llama.cpp /props (n_ctx per slot, total_slots; also its `Server: llama.cpp` header), Ollama
// /api/version and /api/show (num_ctx, else Ollama's documented default), vLLM's max_model_len and
// OpenRouter's context_length in /v1/models, LM Studio's /api/v0/models. A question a server does
// not answer (404, not JSON, timeout) just leaves that fact unknown: this never throws for one.
import type { EndpointConfig } from '../common/llm';
import type { ServerFacts, ServerKind } from '../common/serverFacts';

export interface JsonAnswer {
  status: number;
  headers: Headers;
  json: unknown;
}

/** GET (or POST with a JSON body) to an absolute URL with the endpoint's headers and key. */
export type JsonHttp = (url: string, body?: unknown, signal?: AbortSignal) => Promise<JsonAnswer>;

/**
 * The context Ollama runs a model with when its Modelfile sets none: 4,096 tokens below 24 GiB of
 * VRAM (docs/context-length.mdx); more on big GPUs, which /api/show does not tell.
 */
export const OLLAMA_DEFAULT_CONTEXT = 4096;

export async function discoverServer(http: JsonHttp, endpoint: EndpointConfig, models: string[], signal?: AbortSignal): Promise<ServerFacts> {
  const base = endpoint.baseUrl.split('?')[0].replace(/\/+$/, '');
  const root = base.replace(/\/v1$/, '');
  const facts: ServerFacts = { kind: 'unknown', windows: {}, maxOutputs: {}, asked: models };
  const ask = async (url: string, body?: unknown): Promise<JsonAnswer | undefined> => {
    try {
      const answer = await http(url, body, signal);
      return answer.status === 200 ? answer : undefined;
    } catch {
      if (signal?.aborted) throw new Error('cancelled');
      return undefined;
    }
  };
  const setKind = (kind: ServerKind) => {
    if (facts.kind === 'unknown') facts.kind = kind;
  };

  const listing = await ask(`${base}/models`);
  if (/llama\.cpp/i.test(listing?.headers.get('server') ?? '')) setKind('llamacpp');
  for (const entry of arrayAt(listing?.json, 'data')) readListed(entry, facts, setKind);
  if (/(^|\.)openai\.com$/i.test(hostOf(base))) setKind('openai');

  if (facts.kind === 'unknown' || facts.kind === 'llamacpp') {
    const props = record((await ask(`${root}/props`))?.json);
    const nCtx = record(props.default_generation_settings).n_ctx;
    if (isTokenCount(nCtx)) {
      facts.kind = 'llamacpp';
      facts.anyModelWindow = nCtx;
      if (isTokenCount(props.total_slots)) facts.slots = props.total_slots;
    }
  }
  if (facts.kind === 'unknown' && typeof record((await ask(`${root}/api/version`))?.json).version === 'string') setKind('ollama');
  if (facts.kind === 'ollama') {
    for (const model of models) {
      const window = ollamaWindow((await ask(`${root}/api/show`, { model }))?.json);
      if (window !== undefined) facts.windows[model] = window;
    }
  }
  if (facts.kind === 'unknown') {
    for (const entry of arrayAt((await ask(`${root}/api/v0/models`))?.json, 'data').map(record)) {
      const { id } = entry;
      const window = entry.loaded_context_length ?? entry.max_context_length;
      if (typeof id === 'string' && isTokenCount(window)) {
        setKind('lmstudio');
        facts.windows[id] = window;
      }
    }
  }
  return facts;
}

function readListed(listed: unknown, facts: ServerFacts, setKind: (kind: ServerKind) => void): void {
  const entry = record(listed);
  const { id } = entry;
  if (typeof id !== 'string') return;
  if (isTokenCount(entry.max_model_len)) {
    setKind('vllm');
    facts.windows[id] = entry.max_model_len;
  } else if (isTokenCount(entry.context_length)) {
    setKind('openrouter');
    const top = record(entry.top_provider);
    facts.windows[id] = isTokenCount(top.context_length) ? top.context_length : entry.context_length;
    if (isTokenCount(top.max_completion_tokens)) facts.maxOutputs[id] = top.max_completion_tokens;
  } else if (entry.owned_by === 'llamacpp' || record(entry.meta).n_ctx_train !== undefined) {
    setKind('llamacpp');
  } else if (entry.owned_by === 'library') {
    setKind('ollama');
  } else if (entry.owned_by === 'system' || entry.owned_by === 'openai' || entry.owned_by === 'openai-internal') {
    setKind('openai');
  }
}

/** num_ctx from the Modelfile's parameters, else Ollama's default — never above what the model was trained for. */
function ollamaWindow(answer: unknown): number | undefined {
  if (!answer || typeof answer !== 'object') return undefined;
  const show = record(answer);
  const numCtx = /(?:^|\n)\s*num_ctx\s+(\d+)/.exec(typeof show.parameters === 'string' ? show.parameters : '')?.[1];
  const trained = Object.entries(record(show.model_info)).find(([key, value]) => key.endsWith('.context_length') && isTokenCount(value))?.[1] as number | undefined;
  const window = numCtx ? Number(numCtx) : OLLAMA_DEFAULT_CONTEXT;
  return trained ? Math.min(window, trained) : window;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function arrayAt(value: unknown, key: string): unknown[] {
  const list = (value as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(list) ? list : [];
}

function isTokenCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
