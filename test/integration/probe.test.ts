// "Test Endpoint" against the local server: which transports work, with latencies, never throwing
// for a transport that fails.
import * as assert from 'node:assert/strict';
import type { EndpointError } from '../../src/common/errors';
import { createClient, type GearshiftClient } from '../../src/node/client';
import { probeEndpoint } from '../../src/node/probe';
import { closedPort, endpointFor } from '../support/clientFixtures';
import { generationRequests, startMockServer, type MockServer } from '../support/mockServer';

const CODER = 'qwen2.5-coder:7b-base';

describe('probeEndpoint', function () {
  this.timeout(10_000);

  let client: GearshiftClient;
  beforeEach(() => {
    client = createClient();
  });
  afterEach(() => client.dispose());

  async function withServer(options: Parameters<typeof startMockServer>[0], body: (server: MockServer) => Promise<void>): Promise<void> {
    const server = await startMockServer(options);
    try {
      await body(server);
    } finally {
      await server.close();
    }
  }

  it('finds every transport on a server that has them all, with latencies', () => withServer({}, async (server) => {
    const result = await probeEndpoint(client, endpointFor(server), CODER);
    assert.equal(result.endpointId, server.url);
    assert.equal(result.model, CODER);
    assert.deepEqual(result.models, ['gpt-4.1-mini', 'gpt-4.1', CODER]);
    assert.equal(result.chat.ok, true);
    for (const transport of ['chat', 'completions-suffix', 'fim-template', 'infill', 'fim-endpoint', 'deepseek-beta'] as const) {
      const outcome = result.transports[transport];
      assert.ok(outcome?.ok, `${transport} should work: ${JSON.stringify(outcome)}`);
      assert.equal(typeof outcome.latencyMs, 'number');
    }
    const paths = generationRequests(server).map((r) => r.path);
    // completions twice for suffix: with it and without, to see that the server read it.
    assert.deepEqual(paths, ['/v1/chat/completions', '/v1/completions', '/v1/completions', '/v1/completions', '/infill', '/v1/fim/completions', '/beta/completions']);
    const template = generationRequests(server)[3].body;
    assert.match(template.prompt, /^<\|fim_prefix\|>[\s\S]*<\|fim_suffix\|>[\s\S]*<\|fim_middle\|>$/);
    assert.equal('suffix' in template, false);
    assert.ok(generationRequests(server).every((r) => (r.body.max_tokens ?? r.body.n_predict) <= 4), 'probe requests are tiny');
  }));

  it('reports a vLLM-style suffix rejection as not-ok while the raw template works', () => withServer({ rejectSuffix: true }, async (server) => {
    const result = await probeEndpoint(client, endpointFor(server), CODER);
    const suffix = result.transports['completions-suffix'];
    assert.equal(suffix?.ok, false);
    assert.equal(suffix?.error?.reason, 'unsupported-parameter');
    assert.match(suffix?.error?.message ?? '', /"suffix"/);
    assert.equal(result.transports['fim-template']?.ok, true);
    assert.equal(result.chat.ok, true);
  }));

  it('reports a missing /infill route as not-ok and keeps going', () => withServer({}, async (server) => {
    server.script({ match: { path: '/infill' }, reply: { status: 404, error: { message: 'File Not Found', code: 'not_found' } } });
    const result = await probeEndpoint(client, endpointFor(server), CODER);
    assert.equal(result.transports.infill?.ok, false);
    assert.match(result.transports.infill?.error?.message ?? '', /does not exist on this server/);
    assert.equal(result.transports['fim-endpoint']?.ok, true);
  }));

  it('skips the raw template for a model without a known FIM format, unless told one', () => withServer({}, async (server) => {
    const result = await probeEndpoint(client, endpointFor(server), 'my-house-model');
    assert.equal(result.transports['fim-template']?.ok, false);
    assert.match(result.transports['fim-template']?.detail ?? '', /fimFormat/);
    assert.ok(!server.requests.some((r) => /<\|fim_prefix\|>|<fim_prefix>/.test(r.body?.prompt ?? '')));
    server.reset();
    const told = await probeEndpoint(client, endpointFor(server), 'my-house-model', undefined, { fimFormat: 'starcoder' });
    assert.equal(told.transports['fim-template']?.ok, true);
    assert.ok(server.requests.some((r) => /^<fim_prefix>/.test(r.body?.prompt ?? '')));
  }));

  it('never throws when the server is down: every outcome is a network failure', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/v1`;
    const result = await probeEndpoint(client, { id: url, name: 'down', baseUrl: url, headers: {} }, CODER);
    assert.equal(result.models, undefined);
    assert.equal(result.chat.error?.reason, 'network');
    for (const outcome of Object.values(result.transports)) assert.equal(outcome?.ok, false);
  });

  it('stops as a whole when cancelled', () => withServer({}, async (server) => {
    server.script({ reply: { ttftMs: 5000 }, times: -1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(probeEndpoint(client, endpointFor(server), CODER, controller.signal), (error: EndpointError) => error.reason === 'cancelled');
  }));
});
