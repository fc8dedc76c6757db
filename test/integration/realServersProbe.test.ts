// Issue 13, findings 2 (silent truncation), 4 (an honest probe), 5 (few slots) and 8 (headless probe,
// complete --json) against the server profiles that showed them.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../src/common/config';
import { endpointFromSetting } from '../../src/common/endpoint';
import { EndpointError } from '../../src/common/errors';
import { TransportMemory } from '../../src/common/inline/transport';
import { silentLogger } from '../../src/common/logger';
import { createRouter } from '../../src/common/routerImpl';
import { createClient, type GearshiftClient } from '../../src/node/client';
import { probeEndpoint } from '../../src/node/probe';
import { recordingLogger } from '../support/clientFixtures';
import { generationRequests, startMockServer, type MockServer } from '../support/mockServer';
import { PROFILE_MODELS, serverProfile } from '../support/profiles';
import { sealed } from '../support/sealed';
import { makeTempDir } from '../support/tempDirs';

const ROOT = path.join(__dirname, '../..');
const noLedger = { record: () => undefined, summary: () => Promise.reject(new Error('unused')) };

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Resolves once the server has received a request whose body mentions `word` (it holds the slot then). */
async function arrived(server: MockServer, word: string): Promise<void> {
  while (!server.requests.some((r) => JSON.stringify(r.body).includes(word))) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('real servers: truncation, probe, slots, CLI', function () {
  this.timeout(60_000);
  let client: GearshiftClient;
  const started: MockServer[] = [];
  const start = async (...args: Parameters<typeof serverProfile>) => {
    const server = await startMockServer({ profile: serverProfile(...args) });
    started.push(server);
    return server;
  };
  beforeEach(() => {
    client = createClient();
  });
  afterEach(async () => {
    await client.dispose();
    await Promise.all(started.splice(0).map((s) => s.close()));
  });
  const endpoint = (server: MockServer, apiKey?: string) => ({ id: server.url, name: 'profile', baseUrl: server.url, headers: {}, apiKey });

  it('finding 2 (llamacpp, context shift on): a silently cut prompt is a context overflow with numbers, logged once', async () => {
    const server = await start('llamacpp');
    const log = recordingLogger();
    const logged = createClient({ log });
    try {
      const chat = () => logged.chat(endpoint(server), sealed({ model: 'x', messages: [{ role: 'user', content: 'word '.repeat(1800) }] }));
      for (let i = 0; i < 2; i++) {
        await assert.rejects(chat(), (error: unknown) => {
          assert.ok(error instanceof EndpointError);
          assert.equal(error.reason, 'context-too-long');
          assert.match(error.message, /read only 1,226 of about 2,250 prompt tokens/);
          return true;
        });
      }
      assert.equal(log.lines.filter((line) => /truncates silently/.test(line)).length, 1);
    } finally {
      await logged.dispose();
    }
  });

  it('finding 2 (ollama): truncation at num_ctx escalates to the large tier, which holds the prompt', async () => {
    const server = await startMockServer({ profile: serverProfile('ollama', { numCtx: 2048 }), });
    started.push(server);
    const config = structuredClone(DEFAULT_CONFIG);
    config.endpoint.baseUrl = server.url;
    config.models.fast = 'qwen2.5-coder:7b-base';
    config.models.large = 'gpt-4.1';
    const target = endpointFromSetting(config.endpoint);
    const router = createRouter({ config: () => config, endpoints: async () => [target], ledger: noLedger, log: silentLogger });
    const routed = await router.run({
      job: 'chat', tier: 'fast', promptTokens: 5000,
      execute: (t) => client.chat(t.endpoint, sealed({ model: t.model === 'gpt-4.1' ? 'qwen2.5-coder:7b-base' : t.model, messages: [{ role: 'user', content: 'x'.repeat(t.model === 'gpt-4.1' ? 100 : 20_000) }] })),
    });
    assert.equal(routed.escalated, true);
    assert.equal(routed.target.model, 'gpt-4.1');
  });

  it('finding 4 (lmstudio): the probe is not fooled by a server that takes suffix and ignores it', async () => {
    const server = await start('lmstudio');
    const result = await probeEndpoint(client, endpoint(server), PROFILE_MODELS.lmstudio, undefined, { fimFormat: 'qwen' });
    const suffix = result.transports['completions-suffix'];
    assert.equal(suffix?.ok, false);
    assert.match(suffix?.error?.message ?? '', /accepts "suffix" but ignores it/);
    assert.equal(result.transports['fim-template']?.ok, true);
    const chosen = new TransportMemory().candidates(server.url, PROFILE_MODELS.lmstudio, { fimFormat: 'qwen', chatOnly: false, known: true, serverKind: result.server?.kind }, 'auto', result)[0];
    assert.equal(chosen, 'fim-template');
  });

  it('finding 4 (ollama): a server that reads suffix passes the same check', async () => {
    const server = await start('ollama');
    const result = await probeEndpoint(client, endpoint(server), PROFILE_MODELS.ollama);
    assert.equal(result.transports['completions-suffix']?.ok, true);
  });

  it('finding 4 (llamacpp): /infill is preferred, and a refused key leaves no transport verdict', async () => {
    const server = await start('llamacpp', { apiKey: 'right' });
    const refused = await probeEndpoint(client, endpoint(server, 'wrong'), PROFILE_MODELS.llamacpp);
    assert.equal(refused.authFailed, true);
    assert.deepEqual(Object.keys(refused.transports), [], 'no transport blamed for a bad key');
    const result = await probeEndpoint(client, endpoint(server, 'right'), PROFILE_MODELS.llamacpp);
    assert.equal(result.transports['completions-suffix']?.ok, false);
    assert.equal(result.transports.infill?.ok, true);
    assert.deepEqual(result.server, { kind: 'llamacpp', contextWindow: 2048, slots: 2 });
    const chosen = new TransportMemory().candidates(server.url, PROFILE_MODELS.llamacpp, { fimFormat: 'starcoder', chatOnly: false, known: true, serverKind: 'llamacpp' }, 'auto', result)[0];
    assert.equal(chosen, 'infill', 'ranked above a raw template that also answered');
  });

  it('finding 5 (ollama, one slot): time queued behind a busy slot is not a slow first token', async () => {
    const server = await start('ollama', { parallel: 1 });
    const model = PROFILE_MODELS.ollama;
    // The first request holds the only slot for 2.5 s; the second waits for it far longer than its
    // own first-token limit, then gets its answer at once.
    server.script([{ match: { contains: 'first' }, reply: { text: 'one', ttftMs: 2500 } }, { match: { contains: 'second' }, reply: { text: 'two' } }]);
    const ask = (word: string, firstTokenMs: number) =>
      client.chat(endpoint(server), sealed({ model, messages: [{ role: 'user', content: word }], timeouts: { firstTokenMs } }));
    const first = ask('first', 20_000);
    await arrived(server, 'first');
    const second = await ask('second', 1000);
    assert.equal(second.text, 'two');
    assert.ok(second.ttftMs! >= 2000, `the queue time is still part of the measured ttft (${second.ttftMs} ms)`);
    assert.equal((await first).text, 'one');
  });

  it('finding 5: a request the server never starts answering within the total limit is reported as queued', async () => {
    const server = await start('ollama', { parallel: 1 });
    server.script({ match: { contains: 'first' }, reply: { text: 'one', ttftMs: 2500 } });
    const first = client.chat(endpoint(server), sealed({ model: PROFILE_MODELS.ollama, messages: [{ role: 'user', content: 'first' }] }));
    await arrived(server, 'first');
    await assert.rejects(
      client.chat(endpoint(server), sealed({ model: PROFILE_MODELS.ollama, messages: [{ role: 'user', content: 'second' }], timeouts: { totalMs: 1000 } })),
      (error: unknown) => error instanceof EndpointError && error.reason === 'timeout' && /queued/.test(error.message) && /gearshift\.refactor\.concurrency/.test(error.message),
    );
    await first;
  });

  it('finding 5 (llamacpp, one slot): headers come at once while queued, so the first-token limit catches the queue and says so', async () => {
    const server = await start('llamacpp', { parallel: 1 });
    const model = PROFILE_MODELS.llamacpp;
    // The first request takes the only slot and never answers; the second can only wait behind it.
    server.script({ match: { contains: 'first' }, reply: { fault: 'stall' } });
    const holder = new AbortController();
    const first = client.chat(endpoint(server), sealed({ model, messages: [{ role: 'user', content: 'first' }], signal: holder.signal })).catch(() => undefined);
    await arrived(server, 'first');
    try {
      await assert.rejects(
        client.chat(endpoint(server), sealed({ model, messages: [{ role: 'user', content: 'second' }], timeouts: { firstTokenMs: 500, totalMs: 10_000 } })),
        (error: unknown) => {
          assert.ok(error instanceof EndpointError);
          assert.equal(error.reason, 'timeout');
          assert.match(error.message, /time to first token/);
          assert.match(error.message, /queueing requests/);
          assert.match(error.message, /gearshift\.refactor\.concurrency/);
          return true;
        },
      );
    } finally {
      holder.abort();
      await first;
    }
  });

  it('finding 8: `gearshift probe --json` ends with the chosen transport, the verdicts and the server', async () => {
    const server = await start('llamacpp');
    const run = await cli(['probe', '--json'], { GEARSHIFT_BASE_URL: server.url, GEARSHIFT_FAST_MODEL: PROFILE_MODELS.llamacpp, GEARSHIFT_LARGE_MODEL: PROFILE_MODELS.llamacpp });
    assert.equal(run.code, 0, run.stderr);
    const last = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    assert.equal(last.chosen, 'infill');
    assert.equal(last.transports.infill.ok, true);
    assert.equal(last.transports['completions-suffix'].ok, false);
    assert.match(last.transports['completions-suffix'].detail, /Unsupported param: suffix/);
    assert.deepEqual(last.server, { kind: 'llamacpp', contextWindow: 2048, slots: 2 });
  });

  it('finding 8: `complete --json` names the transport and timings, and says why nothing is shown', async () => {
    const server = await start('llamacpp');
    const dir = makeTempDir('complete');
    const file = path.join(dir, 'area.py');
    fs.writeFileSync(file, 'def area(r):\n    return \n\nprint(area(2))\n');
    server.script({ match: { path: '/infill' }, reply: { text: '\n\nprint(area(2))\n' } });
    const env = { GEARSHIFT_BASE_URL: server.url, GEARSHIFT_FAST_MODEL: PROFILE_MODELS.llamacpp, GEARSHIFT_LARGE_MODEL: PROFILE_MODELS.llamacpp };
    const run = await cli(['complete', `${file}:2:12`, '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout.trim());
    assert.equal(out.suggestion, '');
    assert.equal(out.transport, 'infill');
    assert.equal(typeof out.timings, 'object');
    assert.match(out.why, /post-processing left nothing/);
    assert.deepEqual(generationRequests(server).map((r) => r.path), ['/infill'], 'discovery chose /infill: no suffix request first');
  });

  it('finding 8: --transport and --context-window reach the engine', async () => {
    const server = await start('llamacpp');
    const dir = makeTempDir('complete');
    const file = path.join(dir, 'area.py');
    fs.writeFileSync(file, 'def area(r):\n    return \n');
    server.script({ match: { path: '/v1/chat/completions' }, reply: { text: 'r * r' } });
    const env = { GEARSHIFT_BASE_URL: server.url, GEARSHIFT_FAST_MODEL: PROFILE_MODELS.llamacpp, GEARSHIFT_LARGE_MODEL: PROFILE_MODELS.llamacpp };
    const run = await cli(['complete', `${file}:2:12`, '--json', '--transport', 'chat', '--context-window', '1024'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout.trim()).transport, 'chat');
    const bad = await cli(['complete', `${file}:2:12`, '--context-window', 'lots'], env);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--context-window/);
  });
});
