// First-run detection talks real HTTP: local OpenAI-compatible servers on their ports are found,
// closed ports and silent servers are skipped quickly.
import * as assert from 'assert';
import * as net from 'net';
import { createClient } from '../../../src/node/client';
import { findLocalServers } from '../../../src/features/setup/localServers';
import { findPreset } from '../../../src/features/setup/presets';
import { startMockServer, type MockServer } from '../../support/mockServer';

/** A port nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server that accepts connections and never says a word (a hung process on the port). */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('first-run local server detection', () => {
  let ollama: MockServer;
  let silent: { url: string; close(): Promise<void> };
  const client = createClient();

  before(async () => {
    ollama = await startMockServer({ models: ['qwen2.5-coder:1.5b', 'qwen2.5-coder:7b', 'llama3.1:8b'] });
    silent = await silentServer();
  });

  after(async () => {
    await ollama.close();
    await silent.close();
    await client.dispose();
  });

  it('finds the server that answers /v1/models and lists its models', async () => {
    const candidates = [
      { preset: findPreset('ollama')!, baseUrl: ollama.url },
      { preset: findPreset('lmstudio')!, baseUrl: `http://127.0.0.1:${await closedPort()}/v1` },
    ];
    const found = await findLocalServers(client, candidates, 1500);
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].preset.id, 'ollama');
    assert.strictEqual(found[0].baseUrl, ollama.url);
    assert.deepStrictEqual(found[0].models, ['qwen2.5-coder:1.5b', 'qwen2.5-coder:7b', 'llama3.1:8b']);
    assert.deepStrictEqual(
      ollama.requests.map((request) => [request.method, request.path, request.headers.authorization]),
      [['GET', '/v1/models', undefined]],
    );
  });

  it('gives up on a server that accepts the connection but never answers, within the timeout', async () => {
    const started = Date.now();
    const found = await findLocalServers(client, [{ preset: findPreset('llamacpp')!, baseUrl: silent.url }], 300);
    assert.deepStrictEqual(found, []);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  });

  it('probes all candidates at once and keeps their order', async () => {
    const second = await startMockServer({ models: ['local-model'] });
    try {
      const found = await findLocalServers(client, [
        { preset: findPreset('llamacpp')!, baseUrl: silent.url },
        { preset: findPreset('lmstudio')!, baseUrl: second.url },
        { preset: findPreset('ollama')!, baseUrl: ollama.url },
      ], 500);
      assert.deepStrictEqual(found.map((server) => server.preset.id), ['lmstudio', 'ollama']);
    } finally {
      await second.close();
    }
  });
});
