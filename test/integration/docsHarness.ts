// Runs the docs/refactor engine the way the extension does — real client, real router, real
// tokenizer — against local mock endpoints.
import { DEFAULT_CONFIG, refactorConcurrency, type GearshiftConfig } from '../../src/common/config';
import { endpointFromSetting } from '../../src/common/endpoint';
import type { Ledger, LedgerRecord, RequestRecord } from '../../src/common/ledger';
import { silentLogger } from '../../src/common/logger';
import { createRouter } from '../../src/common/routerImpl';
import { ServerFactsCache, withServerFacts } from '../../src/common/serverFacts';
import { summarizeUsage } from '../../src/common/usageSummary';
import type { Job } from '../../src/common/llm';
import { runRewrite, type ModelLimits, type RewriteResult, type RewriteTask } from '../../src/common/refactor/engine';
import { modelLimits, routedGenerate } from '../../src/common/refactor/routedGenerate';
import { createClient, type GearshiftClient } from '../../src/node/client';
import { createTokenizer } from '../../src/node/tokenizer';
import type { MockServer, RecordedRequest } from '../support/mockServer';
import { OutboundGate } from '../../src/common/gate';

export class MemoryLedger implements Ledger {
  readonly records: LedgerRecord[] = [];
  record(record: LedgerRecord): void {
    this.records.push(record);
  }
  async summary(now?: number) {
    return summarizeUsage(this.records, now);
  }
  get requests(): RequestRecord[] {
    return this.records.filter((r): r is RequestRecord => r.kind === 'request');
  }
}

export interface Harness {
  client: GearshiftClient;
  tokenizer: ReturnType<typeof createTokenizer>;
  dispose(): Promise<void>;
}

export function createHarness(): Harness {
  const client = createClient();
  const tokenizer = createTokenizer();
  return {
    client,
    tokenizer,
    async dispose() {
      tokenizer.dispose();
      await client.dispose();
    },
  };
}

export interface RunOptions {
  servers: MockServer[];
  config?: (config: GearshiftConfig) => void;
  task: Pick<RewriteTask, 'text' | 'languageId' | 'strategy'> & Partial<RewriteTask>;
  predictionRejected?: Set<string>;
  /** Plan with what the first server publishes (window, slots), as the extension and CLI do. */
  discover?: boolean;
}

/** What the engine needs to reach the mock endpoints the way the extension does (routed, gated). */
export interface MockRoute {
  config: GearshiftConfig;
  model: ModelLimits;
  countTokens(text: string): Promise<number>;
  generate: RewriteTask['generate'];
  ledger: MemoryLedger;
}

export async function routeToMock(harness: Harness, options: Omit<RunOptions, 'task'> & { job: Job }): Promise<MockRoute> {
  const config = structuredClone(DEFAULT_CONFIG);
  config.endpoint = { baseUrl: options.servers[0].url, headers: {} };
  config.failover = options.servers.slice(1).map((server, i) => ({ name: `backup${i + 1}`, baseUrl: server.url, headers: {} }));
  options.config?.(config);
  const ledger = new MemoryLedger();
  const endpoints = [config.endpoint, ...config.failover].map((setting) => endpointFromSetting(setting, 'sk-test'));
  const servers = options.discover ? new ServerFactsCache((endpoint, models, signal) => harness.client.discover(endpoint, models, signal), silentLogger) : undefined;
  const router = createRouter({ config: () => config, endpoints: async () => endpoints, ledger, log: silentLogger, sleep: async () => undefined, servers });
  await servers?.ensure(endpoints[0], [config.models.fast, config.models.large]);
  const planned = withServerFacts(config, servers?.peek(endpoints[0].id));
  const target = await router.target(options.job, 'large');
  return {
    config: planned,
    model: modelLimits(planned, target.model),
    countTokens: (text) => harness.tokenizer.count(text, target.model),
    generate: routedGenerate({
      router, client: harness.client, job: options.job, tier: 'large', config: planned,
      predictionRejected: options.predictionRejected ?? new Set(),
      passage: new OutboundGate({ isExcluded: () => false }).admit({ job: options.job }).passage,
    }),
    ledger,
  };
}

export async function runAgainstMock(harness: Harness, options: RunOptions): Promise<{ result: RewriteResult; ledger: MemoryLedger }> {
  const route = await routeToMock(harness, { ...options, job: options.task.strategy.job });
  const result = await runRewrite({
    fileName: 'sample',
    model: route.model,
    concurrency: refactorConcurrency(route.config),
    countTokens: route.countTokens,
    generate: route.generate,
    usePrediction: true,
    ...options.task,
  });
  return { result, ledger: route.ledger };
}

/** The code block the engine sent in a recorded chat request. */
export function codeSent(request: RecordedRequest): string {
  const messages = request.body.messages as { content: string }[];
  const user = messages[messages.length - 1].content;
  const match = /(`{3,})[\w-]*\n([\s\S]*?)\n\1\s*$/.exec(user);
  if (!match) throw new Error('no code block in the request');
  return match[2];
}
