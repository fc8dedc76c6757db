// What a server says about itself: its kind, the context window it runs each model with, how many
// requests it serves at once. Found once per endpoint (node/discovery), kept here, and folded into
// the settings snapshot so routing, escalation, trimming and the refactor split see the window the
// server really has instead of the catalog's or a guess.
import type { ServedOverride } from './catalog';
import { refactorConcurrency, type GearshiftConfig } from './config';
import type { EndpointConfig } from './llm';
import type { Logger } from './logger';

export type ServerKind = 'llamacpp' | 'vllm' | 'ollama' | 'lmstudio' | 'openrouter' | 'openai' | 'unknown';

/** How each kind is named to the user. */
export const SERVER_NAMES: Record<ServerKind, string> = {
  llamacpp: 'llama.cpp', vllm: 'vLLM', ollama: 'Ollama', lmstudio: 'LM Studio', openrouter: 'OpenRouter', openai: 'OpenAI', unknown: 'not recognised',
};

export interface ServerFacts {
  kind: ServerKind;
  /** Requests the server runs at once (llama.cpp total_slots); undefined when it does not say. */
  slots?: number;
  /** Context window per model id, as served. */
  windows: Record<string, number>;
  /** One window whatever model name is sent (llama.cpp serves the one model it loaded). */
  anyModelWindow?: number;
  /** Output cap per model where published (OpenRouter top_provider.max_completion_tokens). */
  maxOutputs: Record<string, number>;
  /** Models asked about, found or not: no second round of requests for them. */
  asked: string[];
}

/**
 * How long a chat send or a routed request waits, from the start of the server's discovery, for it
 * to tell its windows. A server that has not answered by then is planned against the catalog's
 * window: one that accepts connections and never answers takes each question's timeout in turn.
 */
export const DISCOVERY_WAIT_MS = 4000;

export type Discover = (endpoint: EndpointConfig, models: string[], signal?: AbortSignal) => Promise<ServerFacts>;

export function windowOf(facts: ServerFacts | undefined, model: string): number | undefined {
  if (!facts) return undefined;
  return facts.windows[model] ?? facts.anyModelWindow;
}

/**
 * The settings snapshot with the server's windows beneath the user's overrides, and an 'auto'
 * refactor concurrency resolved to the server's slots: more parallel parts than slots only queue on
 * the server. A number the user chose is kept as it is.
 */
export function withServerFacts(config: GearshiftConfig, facts: ServerFacts | undefined): GearshiftConfig {
  if (!facts) return config;
  const slotted = config.refactor.concurrency === 'auto' && facts.slots !== undefined
    ? { ...config, refactor: { ...config.refactor, concurrency: refactorConcurrency(config, facts.slots) } }
    : config;
  return withServedWindows(slotted, facts);
}

function withServedWindows(config: GearshiftConfig, facts: ServerFacts): GearshiftConfig {
  const names = new Set([...Object.keys(facts.windows), ...Object.keys(facts.maxOutputs), config.models.fast, config.models.large, config.models.chat, config.models.inline]);
  const overrides: Record<string, ServedOverride> = { ...config.models.overrides };
  let changed = false;
  for (const name of names) {
    const window = windowOf(facts, name);
    const maxOutput = facts.maxOutputs[name];
    if (window === undefined && maxOutput === undefined) continue;
    overrides[name] = { ...overrides[name], servedContextWindow: window, servedMaxOutput: maxOutput };
    changed = true;
  }
  return changed ? { ...config, models: { ...config.models, overrides } } : config;
}

/** A discovery running, and when it started. */
interface Discovery {
  running: Promise<ServerFacts | undefined>;
  startedAt: number;
}

/**
 * Facts per endpoint, discovered at most once per model until cleared (settings change, Test
 * Endpoint). A failed discovery is remembered as "nothing known" so it is not retried per keystroke.
 */
export class ServerFactsCache {
  private readonly facts = new Map<string, ServerFacts>();
  private readonly pending = new Map<string, Discovery>();
  private generation = 0;

  constructor(private readonly discover: Discover, private readonly log: Logger) {}

  peek(endpointId: string): ServerFacts | undefined {
    return this.facts.get(endpointId);
  }

  /** Discovers what is not known yet about these models; never throws. */
  async ensure(endpoint: EndpointConfig, models: string[], signal?: AbortSignal): Promise<ServerFacts | undefined> {
    const found = this.discovery(endpoint, models, signal);
    return 'known' in found ? found.known : found.running;
  }

  /**
   * ensure, waited for only until the discovery is `waitMs` old (then what is known so far): a send that
   * joins a discovery an earlier send already gave up on (a server that accepts and never answers
   * takes each question's timeout in turn) goes on at once instead of waiting the time again.
   */
  async ensureWithin(endpoint: EndpointConfig, models: string[], waitMs: number): Promise<ServerFacts | undefined> {
    const found = this.discovery(endpoint, models);
    if ('known' in found) return found.known;
    const { running, startedAt } = found;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<ServerFacts | undefined>((resolve) => {
      timer = setTimeout(() => resolve(this.facts.get(endpoint.id)), Math.max(0, startedAt + waitMs - Date.now()));
    });
    try {
      return await Promise.race([running, gaveUp]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The known facts, or the discovery of what is missing (joined when one is running). */
  private discovery(endpoint: EndpointConfig, models: string[], signal?: AbortSignal): { known: ServerFacts } | Discovery {
    const known = this.facts.get(endpoint.id);
    const missing = [...new Set(models.filter((m) => m && !known?.asked.includes(m)))];
    if (known && (missing.length === 0 || known.anyModelWindow !== undefined || known.kind === 'openai')) return { known };
    const key = `${endpoint.id}\u0000${missing.join('\u0000')}`;
    let entry = this.pending.get(key);
    if (!entry) {
      const generation = this.generation;
      const running = this.discover(endpoint, missing, signal).then(
        (found) => {
          if (generation !== this.generation) return found;
          const merged = merge(this.facts.get(endpoint.id), found);
          this.facts.set(endpoint.id, merged);
          this.log.info(`server at ${endpoint.id}: ${describe(merged)}`);
          return merged;
        },
        (error: unknown) => {
          this.log.debug(`server discovery at ${endpoint.id} failed: ${error instanceof Error ? error.message : String(error)}`);
          return known;
        },
      ).finally(() => this.pending.delete(key));
      entry = { running, startedAt: Date.now() };
      this.pending.set(key, entry);
    }
    return entry;
  }

  clear(): void {
    this.generation++;
    this.facts.clear();
    this.pending.clear();
  }
}

function merge(previous: ServerFacts | undefined, found: ServerFacts): ServerFacts {
  if (!previous) return found;
  return {
    kind: found.kind === 'unknown' ? previous.kind : found.kind,
    slots: found.slots ?? previous.slots,
    windows: { ...previous.windows, ...found.windows },
    anyModelWindow: found.anyModelWindow ?? previous.anyModelWindow,
    maxOutputs: { ...previous.maxOutputs, ...found.maxOutputs },
    asked: [...new Set([...previous.asked, ...found.asked])],
  };
}

export function describe(facts: ServerFacts): string {
  const windows = Object.entries(facts.windows).map(([model, window]) => `${model} ${window.toLocaleString('en-US')}`);
  if (facts.anyModelWindow !== undefined) windows.push(`${facts.anyModelWindow.toLocaleString('en-US')} tokens per slot`);
  return `${facts.kind}${facts.slots !== undefined ? `, ${facts.slots} slot${facts.slots === 1 ? '' : 's'}` : ''}${windows.length ? `, context ${windows.join(', ')}` : ''}`;
}

/** withServerFacts for a settings getter, recomputed only when the settings or the facts change. */
export function serverAwareConfig(settings: () => GearshiftConfig, facts: (config: GearshiftConfig) => ServerFacts | undefined): () => GearshiftConfig {
  let last: { settings: GearshiftConfig; facts: ServerFacts | undefined; result: GearshiftConfig } | undefined;
  return () => {
    const current = settings();
    const found = facts(current);
    if (last?.settings !== current || last.facts !== found) last = { settings: current, facts: found, result: withServerFacts(current, found) };
    return last.result;
  };
}
