// Privacy rules of the HTTP layer against a real proxy process and the local server: loopback never
// goes through a proxy, other hosts do (NO_PROXY honoured by undici's EnvHttpProxyAgent), and a
// redirect to another origin is never followed — the body and the endpoint's headers stay put.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { isEndpointError } from '../../src/common/errors';
import { createClient, type NetworkOptions } from '../../src/node/client';
import { endpointFor } from '../support/clientFixtures';
import { startMockServer, type MockServer } from '../support/mockServer';
import { sealed } from '../support/sealed';

/** A name only the proxy resolves (to 127.0.0.1): reaching it proves the request went through the proxy. */
const LAN_HOST = 'models.gearshift-lan.test';

interface ProxyProcess {
  url: string;
  tunnels: string[];
  stop(): void;
}

async function startProxyProcess(): Promise<ProxyProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, '../support/connectProxy.mjs')], {
    env: { ...process.env, GEARSHIFT_PROXY_HOSTS: `${LAN_HOST}=127.0.0.1` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const tunnels: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`proxy exited with ${code}`)));
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const [kind, value] = buffered.slice(0, newline).split(' ');
        buffered = buffered.slice(newline + 1);
        if (kind === 'listening') resolve(Number(value));
        if (kind === 'tunnel') tunnels.push(value);
      }
    });
  });
  return { url: `http://127.0.0.1:${port}`, tunnels, stop: () => child.kill('SIGTERM') };
}

describe('network: proxy and loopback (a real proxy process)', function () {
  this.timeout(20_000);
  let server: MockServer;
  let proxy: ProxyProcess;

  before(async () => {
    server = await startMockServer();
    proxy = await startProxyProcess();
  });
  after(async () => {
    proxy.stop();
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    proxy.tunnels.length = 0;
  });

  const ask = async (baseUrl: string, network: NetworkOptions) => {
    const client = createClient({ network });
    try {
      return await client.chat({ ...endpointFor(server), baseUrl }, sealed({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] }));
    } finally {
      await client.dispose();
    }
  };
  const port = () => new URL(server.url).port;

  it('sends 127.0.0.1 and localhost endpoints direct, never through the configured proxy', async () => {
    await ask(server.url, { proxy: proxy.url });
    await ask(`http://localhost:${port()}/v1`, { proxy: proxy.url });
    assert.deepEqual(proxy.tunnels, [], 'the proxy saw a loopback request');
    assert.equal(server.requests.length, 2);
  });

  it('sends other hosts through the proxy, and NO_PROXY hosts around it', async () => {
    const lan = `http://${LAN_HOST}:${port()}/v1`;
    await ask(lan, { proxy: proxy.url });
    assert.deepEqual(proxy.tunnels, [`${LAN_HOST}:${port()}`]);
    assert.equal(server.requests.length, 1);

    // Bypassing the proxy, the name does not resolve: the request fails without reaching the proxy.
    await assert.rejects(ask(lan, { proxy: proxy.url, noProxy: `localhost,.gearshift-lan.test` }), (error: unknown) => isEndpointError(error) && error.reason === 'network');
    assert.equal(proxy.tunnels.length, 1, 'a NO_PROXY host went through the proxy');
  });

  it('takes the proxy from HTTPS_PROXY / HTTP_PROXY when no setting names one', async () => {
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    process.env.HTTP_PROXY = proxy.url;
    delete process.env.NO_PROXY;
    try {
      await ask(`http://${LAN_HOST}:${port()}/v1`, {});
      await ask(server.url, {});
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    assert.deepEqual(proxy.tunnels, [`${LAN_HOST}:${port()}`], 'only the non-loopback request went through the environment proxy');
  });
});

describe('network: redirects', function () {
  this.timeout(20_000);
  let server: MockServer;
  let elsewhere: MockServer;

  before(async () => {
    server = await startMockServer();
    elsewhere = await startMockServer();
  });
  after(async () => {
    await server.close();
    await elsewhere.close();
  });
  beforeEach(() => {
    server.reset();
    elsewhere.reset();
  });

  it('never follows a redirect to another origin, and says so', async () => {
    server.script({ reply: { status: 307, headers: { location: `${elsewhere.url}/chat/completions` } } });
    const client = createClient();
    try {
      const endpoint = endpointFor(server, { headers: { 'api-key': 'azure-style-header-value' }, apiKey: 'sk-test-redirect-0123456789' });
      await assert.rejects(
        client.chat(endpoint, sealed({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'the code' }] })),
        (error: unknown) => isEndpointError(error) && /redirected to another origin/.test(error.message) && error.message.includes(new URL(elsewhere.url).origin),
      );
    } finally {
      await client.dispose();
    }
    assert.equal(elsewhere.requests.length, 0, 'the other origin received the request');
  });

  it('follows a same-origin redirect with the same body', async () => {
    server.script({ match: { path: '/v1/chat/completions' }, reply: { status: 308, headers: { location: '/v1/chat/completions' } } });
    const client = createClient();
    try {
      const result = await client.chat(endpointFor(server), sealed({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'moved' }] }));
      assert.ok(result.text.length > 0);
    } finally {
      await client.dispose();
    }
    assert.deepEqual(server.requests.map((request) => request.path), ['/v1/chat/completions', '/v1/chat/completions']);
    assert.deepEqual(server.requests[1].body.messages, server.requests[0].body.messages);
  });
});
