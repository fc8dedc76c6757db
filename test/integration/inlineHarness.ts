// A real inline engine (real client, real router) against the local mock server.
import { DEFAULT_CONFIG, type GearshiftConfig } from '../../src/common/config';
import { endpointFromSetting } from '../../src/common/endpoint';
import { InlineEngine, type InlineEngineStatus } from '../../src/common/inline/engine';
import type { LedgerRecord } from '../../src/common/ledger';
import { silentLogger } from '../../src/common/logger';
import { createRouter } from '../../src/common/routerImpl';
import { createClient } from '../../src/node/client';
import { startMockServer, type MockServer } from '../support/mockServer';
import { OutboundGate } from '../../src/common/gate';
import { createExclusionMatcher } from '../../src/common/exclusions';

export interface Harness {
  engine: InlineEngine;
  config: GearshiftConfig;
  statuses: InlineEngineStatus[];
  records: LedgerRecord[];
  dispose(): Promise<void>;
}

export function inlineHarness(server: MockServer, configure: (config: GearshiftConfig) => void = () => undefined, apiKey = 'sk-test'): Harness {
  const config = structuredClone(DEFAULT_CONFIG);
  config.endpoint.baseUrl = server.url;
  config.inline.throttleMs = 0;
  config.inline.speculative = 'off';
  configure(config);
  const client = createClient();
  const records: LedgerRecord[] = [];
  const ledger = { record: (r: LedgerRecord) => void records.push(r), summary: () => Promise.reject(new Error('unused')) };
  const router = createRouter({ config: () => config, endpoints: async () => [endpointFromSetting(config.endpoint, apiKey)], ledger, log: silentLogger });
  const statuses: InlineEngineStatus[] = [];
  const engine = new InlineEngine({
    client,
    router,
    gate: new OutboundGate({ isExcluded: createExclusionMatcher(config.exclude) }),
    config: () => config,
    estimateTokens: (text) => Math.ceil(text.length / 3.5),
    log: silentLogger,
    onStatus: (status) => statuses.push(status),
  });
  return { engine, config, statuses, records, dispose: () => client.dispose() };
}

export interface InlineRig {
  server: MockServer;
  /** A harness against `server` (the suite's own by default), disposed after the test. */
  start(configure?: (config: GearshiftConfig) => void, apiKey?: string, server?: MockServer): Harness;
}

/** Mocha hooks: one local server for the suite, reset after each test, and each test's harnesses disposed. */
export function useInlineRig(): InlineRig {
  const started: Harness[] = [];
  const rig: InlineRig = {
    server: undefined as unknown as MockServer,
    start(configure, apiKey, server = rig.server) {
      const harness = inlineHarness(server, configure, apiKey);
      started.push(harness);
      return harness;
    },
  };
  before(async () => {
    rig.server = await startMockServer();
  });
  after(() => rig.server.close());
  afterEach(async () => {
    for (const harness of started.splice(0)) await harness.dispose();
    rig.server.reset();
  });
  return rig;
}

/** Requests to completion routes only (not /models). */
export function completionRequests(server: MockServer) {
  return server.requests.filter((r) => !r.path.endsWith('/models'));
}
