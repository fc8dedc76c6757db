// The router with the real client, the real ledger store and two real local endpoints.
import * as assert from 'assert';
import * as net from 'net';
import { DEFAULT_CONFIG, type GearshiftConfig } from '../../src/common/config';
import { endpointFromSetting } from '../../src/common/endpoint';
import type { EndpointError } from '../../src/common/errors';
import type { EndpointConfig, GenerationResult } from '../../src/common/llm';
import type { Logger } from '../../src/common/logger';
import type { RouteRequest, Router } from '../../src/common/router';
import { createRouter } from '../../src/common/routerImpl';
import { createClient, type GearshiftClient } from '../../src/node/client';
import { createLedgerStore } from '../../src/node/ledgerStore';
import { startMockServer, type MockServer } from '../support/mockServer';
import { makeTempDir } from '../support/tempDirs';
import { sealed } from '../support/sealed';

const PRIMARY_KEY = 'sk-primary-key-never-leaves-its-host-0001';

async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('router against real endpoints', function () {
  this.timeout(30_000);
  let primaryServer: MockServer;
  let backupServer: MockServer;
  let client: GearshiftClient;
  let endpoints: EndpointConfig[];
  let config: GearshiftConfig;
  let ledger: ReturnType<typeof createLedgerStore>;
  let router: Router;
  let logLines: string[];

  before(async () => {
    primaryServer = await startMockServer();
    backupServer = await startMockServer();
    client = createClient();
  });

  after(async () => {
    await client.dispose();
    await primaryServer.close();
    await backupServer.close();
  });

  beforeEach(async () => {
    primaryServer.reset();
    backupServer.reset();
    config = structuredClone(DEFAULT_CONFIG);
    endpoints = [
      endpointFromSetting({ baseUrl: primaryServer.url, headers: {} }, PRIMARY_KEY),
      endpointFromSetting({ name: 'backup', baseUrl: backupServer.url, headers: {} }),
    ];
    ledger = createLedgerStore(makeTempDir('router'), { maxEntries: 1000 });
    logLines = [];
    const line = (message: unknown) => void logLines.push(String(message));
    const log: Logger = { trace: line, debug: line, info: line, warn: line, error: line };
    router = createRouter({ config: () => config, endpoints: async () => endpoints, ledger, log });
  });

  afterEach(() => ledger.dispose());

  function chat(extra: Partial<RouteRequest<GenerationResult>> = {}): RouteRequest<GenerationResult> {
    const signal = extra.signal;
    return {
      job: 'chat',
      tier: 'fast',
      promptTokens: 20,
      retry: false,
      execute: (target) =>
        client.chat(target.endpoint, sealed({
          model: target.model,
          maxTokens: target.maxOutputTokens,
          messages: [{ role: 'user', content: 'Say hello' }],
          timeouts: { idleMs: 500, firstTokenMs: 2000 },
          signal,
        })),
      ...extra,
    };
  }

  it('answers from the primary and records usage and cost in the ledger', async () => {
    primaryServer.script({ reply: { text: 'Hi there' } });
    const routed = await router.run(chat());
    assert.strictEqual(routed.result.text, 'Hi there');
    assert.strictEqual(routed.failedOver, false);
    assert.strictEqual(primaryServer.requests.length, 1);
    assert.strictEqual(primaryServer.requests[0].body.model, 'gpt-4.1-mini');
    assert.strictEqual(primaryServer.requests[0].body.max_tokens ?? primaryServer.requests[0].body.max_completion_tokens, 256);
    const summary = await ledger.summary();
    assert.strictEqual(summary.today.requests, 1);
    assert.strictEqual(summary.today.promptTokens, routed.result.usage.promptTokens);
    assert.ok(summary.today.promptTokens > 0 && summary.today.completionTokens > 0);
    assert.ok(summary.byModel['gpt-4.1-mini'].costUsd > 0);
  });

  for (const [name, reply] of [
    ['503', { status: 503 }],
    ['500', { status: 500 }],
    ['a stalled stream', { text: 'partial answer that stalls', fault: 'stall' as const }],
    ['a dropped connection', { fault: 'drop-connection' as const }],
  ] as const) {
    it(`fails over once to the backup after ${name}, without sending the primary's key there`, async () => {
      primaryServer.script({ reply, times: -1 });
      backupServer.script({ reply: { text: 'from backup' } });
      const routed = await router.run(chat());
      assert.strictEqual(routed.result.text, 'from backup');
      assert.strictEqual(routed.failedOver, true);
      assert.strictEqual(primaryServer.requests.length, 1, 'no retry without retry: true');
      assert.strictEqual(backupServer.requests.length, 1);
      assert.strictEqual(primaryServer.requests[0].headers.authorization, `Bearer ${PRIMARY_KEY}`);
      assert.ok(!JSON.stringify(backupServer.requests[0].headers).includes(PRIMARY_KEY));
      const summary = await ledger.summary();
      assert.strictEqual(summary.today.requests, 2);
      assert.ok(logLines.some((line) => line.includes(`failing over to ${endpoints[1].id}`)));
      assert.ok(logLines.every((line) => !line.includes(PRIMARY_KEY)));
    });
  }

  it('fails over when the primary refuses connections', async () => {
    endpoints[0] = endpointFromSetting({ baseUrl: `http://127.0.0.1:${await unusedPort()}/v1`, headers: {} });
    const routed = await router.run(chat());
    assert.strictEqual(routed.failedOver, true);
    assert.strictEqual(routed.target.endpoint.id, endpoints[1].id);
  });

  for (const status of [401, 403, 404, 400]) {
    it(`never fails over after HTTP ${status}`, async () => {
      primaryServer.script({ reply: { status } });
      await assert.rejects(router.run(chat({ retry: true })), (error: EndpointError) => {
        assert.ok(['auth', 'forbidden', 'model-not-found', 'unsupported-parameter', 'bad-response'].includes(error.reason), error.reason);
        return true;
      });
      assert.strictEqual(primaryServer.requests.length, 1, 'not retried');
      assert.strictEqual(backupServer.requests.length, 0, 'not failed over');
    });
  }

  it('retries a 429 after the server’s Retry-After when the job allows retries', async () => {
    endpoints = [endpoints[0]];
    primaryServer.script([{ reply: { status: 429, headers: { 'retry-after': '1' } } }, { reply: { text: 'second try' } }]);
    const started = Date.now();
    const routed = await router.run(chat({ retry: true }));
    assert.strictEqual(routed.result.text, 'second try');
    assert.strictEqual(primaryServer.requests.length, 2);
    assert.ok(primaryServer.requests[1].at - primaryServer.requests[0].at >= 950, 'waited for Retry-After');
    assert.ok(Date.now() - started < 10_000);
    const summary = await ledger.summary();
    assert.strictEqual(summary.today.requests, 2);
  });

  it('does not retry a 429 for a job without retries (inline)', async () => {
    primaryServer.script({ reply: { status: 429, headers: { 'retry-after': '1' } } });
    await assert.rejects(router.run(chat({ job: 'inline' })), { reason: 'rate-limited' });
    assert.strictEqual(primaryServer.requests.length, 1);
    assert.strictEqual(backupServer.requests.length, 0);
  });

  it('escalates a prompt too long for the fast model to the large model', async () => {
    config.models.fast = 'qwen2.5-coder:7b-base';
    const routed = await router.run(chat({ promptTokens: 40_000 }));
    assert.strictEqual(routed.escalated, true);
    assert.strictEqual(primaryServer.requests[0].body.model, 'gpt-4.1');
  });

  it('sends nothing when even the large model cannot hold the prompt', async () => {
    await assert.rejects(router.run(chat({ promptTokens: 2_000_000 })), { reason: 'context-too-long' });
    assert.strictEqual(primaryServer.requests.length + backupServer.requests.length, 0);
  });

  it('records a cancelled request and does not fail over', async () => {
    primaryServer.script({ reply: { text: 'slow answer '.repeat(50), ttftMs: 100, tokensPerSecond: 20 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(router.run(chat({ signal: controller.signal, retry: true })), { reason: 'cancelled' });
    assert.strictEqual(primaryServer.requests.length, 1);
    assert.strictEqual(backupServer.requests.length, 0);
    assert.strictEqual((await ledger.summary()).today.requests, 1);
  });
});
