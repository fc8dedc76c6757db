// The engine parts behind Services, each loaded on first use through a dynamic import so that
// activation neither evaluates the openai SDK or tiktoken nor touches the ledger file.
import type { GearshiftConfig } from '../common/config';
import type { Ledger, LedgerRecord } from '../common/ledger';
import type { EndpointConfig, LlmClient, Tier } from '../common/llm';
import type { Logger } from '../common/logger';
import type { Router } from '../common/router';
import type { ClientOptions } from '../node/client';
import { lazy } from './lazy';
import type { TokenCounter } from './services';

/** Characters per token for the synchronous estimate on hot paths (code averages ~3.5). */
const CHARS_PER_TOKEN = 3.5;

export function createLazyTokenizer(workerPath: string): TokenCounter & { dispose(): void } {
  const tokenizer = lazy(async () => (await import('../node/tokenizer')).createTokenizer({ workerPath }));
  return {
    count: async (text, model) => (await tokenizer.get()).count(text, model),
    estimate: (text) => tokenizer.current?.estimate(text) ?? Math.ceil(text.length / CHARS_PER_TOKEN),
    dispose: () => tokenizer.current?.dispose(),
  };
}

/** Records made before the store has loaded are queued, then written in order. */
export function createLazyLedger(dir: string, maxEntries: () => number): Ledger & { dispose(): Promise<void> } {
  const queued: LedgerRecord[] = [];
  const store = lazy(async () => {
    const created = (await import('../node/ledgerStore')).createLedgerStore(dir, { maxEntries: maxEntries() });
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

/**
 * The client is rebuilt (on next use) when proxy or certificate settings change: call reset(),
 * which also closes the old client's keep-alive sockets.
 */
export function createLazyClient(options: () => ClientOptions): LlmClient & { reset(): void; dispose(): Promise<void> } {
  const client = lazy(async () => (await import('../node/client')).createClient(options()));
  return {
    chat: async (endpoint, request) => (await client.get()).chat(endpoint, request),
    complete: async (endpoint, request) => (await client.get()).complete(endpoint, request),
    infill: async (endpoint, request) => (await client.get()).infill(endpoint, request),
    fim: async (endpoint, request) => (await client.get()).fim(endpoint, request),
    listModels: async (endpoint, signal) => (await client.get()).listModels(endpoint, signal),
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
}

export function createLazyRouter(deps: RouterDeps): Router {
  const router = lazy(async () =>
    (await import('../common/routerImpl')).createRouter({
      config: deps.config,
      endpoints: deps.endpoints,
      ledger: deps.ledger,
      log: deps.log,
    }),
  );
  return {
    async run(request) {
      const busy = deps.busy(request.tier);
      try {
        return await (await router.get()).run(request);
      } finally {
        busy.dispose();
      }
    },
    target: async (job, tier, model) => (await router.get()).target(job, tier, model),
  };
}
