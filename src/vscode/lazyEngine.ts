// The engine parts behind Services, each loaded on first use so that activation neither parses the
// HTTP client nor starts the tokenizer worker nor touches the ledger file. Each is a bundle of its
// own (dist/client.js, tokenizer.js, ledger.js, router.js): activation does not even parse them.
import type { GearshiftConfig } from '../common/config';
import type { Ledger, LedgerRecord } from '../common/ledger';
import type { EndpointConfig, Job, LlmClient, Tier } from '../common/llm';
import type { Logger } from '../common/logger';
import type { Router } from '../common/router';
import type { ServerFactsCache } from '../common/serverFacts';
import type { ClientOptions } from '../node/client';
import { lazy } from './lazy';
import { requireSeparateBundle } from './separateBundle';
import type { TokenCounter } from '../common/tokenCounter';

/** Characters per token for the synchronous estimate on hot paths (code averages ~3.5). */
const CHARS_PER_TOKEN = 3.5;

export function createLazyTokenizer(workerPath: string): TokenCounter & { dispose(): void } {
  const tokenizer = lazy(async () => requireSeparateBundle<typeof import('../node/tokenizer')>('tokenizer', '../node/tokenizer').createTokenizer({ workerPath }));
  return {
    count: async (text, model) => (await tokenizer.get()).count(text, model),
    estimate: (text) => tokenizer.current?.estimate(text) ?? Math.ceil(text.length / CHARS_PER_TOKEN),
    dispose: () => tokenizer.current?.dispose(),
  };
}

/** Records made before the store has loaded are queued, then written in order. */
export function createLazyLedger(dir: string, maxEntries: () => number, log: Logger): Ledger & { dispose(): Promise<void> } {
  const queued: LedgerRecord[] = [];
  const store = lazy(async () => {
    const created = requireSeparateBundle<typeof import('../node/ledgerStore')>('ledger', '../node/ledgerStore').createLedgerStore(dir, { maxEntries: maxEntries(), log });
    for (const record of queued.splice(0)) created.record(record);
    return created;
  });
  return {
    record(record) {
      if (store.current) return store.current.record(record);
      queued.push(record);
      void store.get().catch(() => undefined);
    },
    summary: async (now) => (await store.get()).summary(now),
    dispose: async () => {
      if (queued.length) await store.get().catch(() => undefined);
      await store.current?.dispose();
    },
  };
}

/** The HTTP client (openai SDK + undici: most of Gearshift's code) is its own bundle, dist/client.js. */
function loadClientModule(): typeof import('../node/client') {
  return requireSeparateBundle('client', '../node/client');
}

/**
 * The client is rebuilt (on next use) when proxy or certificate settings change: call reset(),
 * which also closes the old client's keep-alive sockets.
 */
export function createLazyClient(options: () => ClientOptions): LlmClient & Required<Pick<LlmClient, 'discover'>> & { reset(): void; dispose(): Promise<void> } {
  const client = lazy(async () => loadClientModule().createClient(options()));
  // The client bundle's errors are its own copy of EndpointError; `instanceof` still holds (see common/errors).
  const call = async <T>(run: (loaded: LlmClient) => Promise<T>): Promise<T> => run(await client.get());
  return {
    chat: (endpoint, request) => call((loaded) => loaded.chat(endpoint, request)),
    complete: (endpoint, request) => call((loaded) => loaded.complete(endpoint, request)),
    infill: (endpoint, request) => call((loaded) => loaded.infill(endpoint, request)),
    fim: (endpoint, request) => call((loaded) => loaded.fim(endpoint, request)),
    listModels: (endpoint, signal) => call((loaded) => loaded.listModels(endpoint, signal)),
    discover: (endpoint, models, signal) => call((loaded) => (loaded as import('../node/client').GearshiftClient).discover(endpoint, models, signal)),
    reset() {
      const previous = client.current;
      client.reset();
      void previous?.dispose();
    },
    dispose: async () => client.current?.dispose(),
  };
}

export interface RouterDeps {
  config: () => GearshiftConfig;
  endpoints: () => Promise<EndpointConfig[]>;
  ledger: Ledger;
  log: Logger;
  /** Called around every routed job so the status bar spins while a request is in flight. */
  busy: (tier: Tier) => { dispose(): unknown };
  /** Throws instead of sending when the job cannot succeed (no key for an endpoint that needs one). */
  gate: () => Promise<void>;
  /** Every job's outcome, so the status bar shows auth and connection failures from any feature. */
  outcome: (job: Job, error?: unknown) => void;
  servers?: ServerFactsCache;
}

export function createLazyRouter(deps: RouterDeps): Router {
  const router = lazy(async () => {
    // The inline engine and the typed-character count ask for their target while activation runs:
    // the bundle loads once activation has returned, not inside it.
    await new Promise((resolve) => setImmediate(resolve));
    return requireSeparateBundle<typeof import('../common/routerImpl')>('router', '../common/routerImpl').createRouter({
      config: deps.config,
      endpoints: deps.endpoints,
      ledger: deps.ledger,
      log: deps.log,
      servers: deps.servers,
    });
  });
  return {
    async run(request) {
      const busy = deps.busy(request.tier);
      try {
        await deps.gate();
        const routed = await (await router.get()).run(request);
        deps.outcome(request.job);
        return routed;
      } catch (error) {
        deps.outcome(request.job, error);
        throw error;
      } finally {
        busy.dispose();
      }
    },
    target: async (job, tier, model) => (await router.get()).target(job, tier, model),
  };
}
