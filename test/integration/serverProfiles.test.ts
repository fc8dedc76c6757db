// The local test server's profiles against what real servers send. llama.cpp: every capture in
// test/fixtures/wire/llama.cpp-2025-02 (recorded from a real llama-server) is replayed against the
// profile and the answers compared — status, headers, error bodies exactly, JSON shapes key by key.
import * as assert from 'node:assert/strict';
import { startMockServer, type MockServer } from '../support/mockServer';
import { createClient } from '../../src/node/client';
import { PROFILE_MODELS, PROFILE_NAMES, serverProfile } from '../support/profiles';
import { dataEvents, readTranscripts, shapeOf, type Transcript } from '../support/wireTranscripts';

/** The settings blobs (sampling parameters) are abbreviated in the profile; everything else must match. */
function comparable(value: unknown): string {
  const shape = shapeOf(value) as Record<string, unknown>;
  const strip = (node: unknown): unknown => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'generation_settings' || k === 'params' ? 'settings' : strip(v)]));
  };
  return JSON.stringify(strip(shape));
}

async function replay(server: MockServer, t: Transcript, body = t.body, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${server.origin}${t.path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body ?? undefined,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('server profiles', function () {
  this.timeout(10_000);

  describe('llamacpp follows the llama.cpp 2025-02 captures', () => {
    const transcripts = new Map(readTranscripts('llama.cpp-2025-02').map((t) => [t.file.slice(0, 2), t]));
    const servers: MockServer[] = [];
    let plain: MockServer;
    let strict: MockServer;
    let keyed: MockServer;
    before(async () => {
      plain = await startMockServer({ profile: serverProfile('llamacpp') });
      strict = await startMockServer({ profile: serverProfile('llamacpp', { ctx: 1024, parallel: 1, contextShift: false }) });
      keyed = await startMockServer({ profile: serverProfile('llamacpp', { apiKey: 'sekret' }) });
      servers.push(plain, strict, keyed);
    });
    after(() => Promise.all(servers.map((s) => s.close())));

    const longChat = (stream: boolean) => JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'word '.repeat(1800) }], max_tokens: 8, stream });

    const cases: [string, () => MockServer, string?][] = [
      ['01', () => plain], ['02', () => plain], ['03', () => plain], ['04', () => plain], ['05', () => plain], ['06', () => plain],
      ['07', () => plain], ['08', () => plain], ['09', () => plain], ['10', () => strict, longChat(true)], ['11', () => strict, longChat(false)],
      ['12', () => plain, longChat(true)], ['13', () => keyed], ['14', () => keyed], ['15', () => plain], ['16', () => plain], ['17', () => plain],
    ];
    for (const [number, server, body] of cases) {
      it(`answers like capture ${number}`, async () => {
        const t = transcripts.get(number)!;
        const got = await replay(server(), t, body ?? t.body);
        assert.equal(got.status, t.status, t.file);
        assert.equal(got.headers.get('server'), t.headers.server);
        assert.equal(got.headers.get('content-type'), t.headers['content-type']);
        if (t.status >= 400 || number === '03' || number === '10') {
          assert.equal(got.text, t.responseBody, `${t.file}: the body must be the real server's, byte for byte`);
        } else if (t.headers['content-type'] === 'text/event-stream') {
          const real = dataEvents(t.responseBody);
          const ours = dataEvents(got.text);
          assert.equal(comparable(ours[0]), comparable(real[0]), `${t.file}: first event`);
          const lastReal = real.at(-1) === '[DONE]' ? real.at(-2) : real.at(-1);
          const lastOurs = ours.at(-1) === '[DONE]' ? ours.at(-2) : ours.at(-1);
          assert.equal(comparable(lastOurs), comparable(lastReal), `${t.file}: final event`);
          assert.equal(ours.at(-1) === '[DONE]', real.at(-1) === '[DONE]', `${t.file}: [DONE] or not`);
        } else {
          assert.equal(comparable(JSON.parse(got.text)), comparable(JSON.parse(t.responseBody)), t.file);
        }
      });
    }

    it('reports the slot context and slot count in /props (-c 4096 -np 2 → 2,048 per slot)', async () => {
      const props = await (await fetch(`${plain.origin}/props`)).json() as any;
      assert.equal(props.default_generation_settings.n_ctx, 2048);
      assert.equal(props.total_slots, 2);
      assert.equal(props.model_path, 'models/tiny-random.gguf');
    });

    it('cuts an over-long prompt silently, as capture 12 shows, and keeps the numbers llama.cpp reports', async () => {
      const real = dataEvents(transcripts.get('12')!.responseBody).at(-2) as any;
      assert.ok(real.usage.prompt_tokens < 4500 / 2, 'the capture itself reports far fewer prompt tokens than sent');
      const got = dataEvents((await replay(plain, transcripts.get('12')!, longChat(true))).text).at(-2) as any;
      const sent = Math.ceil(9000 / 4);
      assert.ok(got.usage.prompt_tokens < sent * 0.6, `reported ${got.usage.prompt_tokens} of ${sent}`);
    });

    it('reports tokens_cached as the slot cache (prompt + generated − 1), as in captures 08 and 09', async () => {
      for (const number of ['08', '09']) {
        const t = transcripts.get(number)!;
        const real = (number === '08' ? dataEvents(t.responseBody).at(-1) : JSON.parse(t.responseBody)) as any;
        assert.equal(real.tokens_cached, real.tokens_evaluated + real.tokens_predicted - 1, `${t.file} itself`);
        const got = await replay(plain, t);
        const ours = (number === '08' ? dataEvents(got.text).at(-1) : JSON.parse(got.text)) as any;
        assert.equal(ours.tokens_cached, ours.tokens_evaluated + ours.tokens_predicted - 1);
      }
    });
  });

  it('queues requests beyond the slots: with one slot the second answer waits for the first', async () => {
    const server = await startMockServer({ profile: serverProfile('llamacpp', { parallel: 1 }) });
    try {
      server.script({ match: { contains: 'slow' }, reply: { text: 'first', ttftMs: 300 } });
      const finished: string[] = [];
      const send = (content: string) => fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content }] }) })
        .then((r) => r.text()).then(() => finished.push(content));
      const slow = send('slow');
      while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await Promise.all([slow, send('quick')]);
      assert.deepEqual(finished, ['slow', 'quick']);
    } finally {
      await server.close();
    }
  });

  it('llamacpp: a streamed request gets 200 and its headers while queued; a non-streamed one waits for the slot', async () => {
    const server = await startMockServer({ profile: serverProfile('llamacpp', { parallel: 1 }) });
    const holder = new AbortController();
    try {
      server.script({ match: { contains: 'hold' }, reply: { fault: 'stall' } });
      const send = (content: string, stream: boolean, signal?: AbortSignal) => fetch(`${server.url}/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content }], stream }), signal,
      });
      const held = send('hold', true, holder.signal);
      const queued = await send('queued', true);
      assert.equal(queued.status, 200);
      assert.equal(queued.headers.get('content-type'), 'text/event-stream');
      assert.equal(queued.headers.get('server'), 'llama.cpp');
      await (await held).body?.cancel();
      // The freed slot answers the queued stream in full.
      assert.equal(dataEvents(await queued.text()).at(-1), '[DONE]');
      server.script({ match: { contains: 'hold again' }, reply: { fault: 'stall' } });
      const heldAgain = send('hold again', true);
      while (server.requests.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
      let answered = false;
      const plain = send('plain', false).then((r) => ((answered = true), r));
      while (server.requests.length < 4) await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal(answered, false, 'no status before the slot is free');
      await (await heldAgain).body?.cancel();
      assert.equal((await plain).status, 200);
    } finally {
      holder.abort();
      await server.close();
    }
  });

  it('every profile lists its own models, whatever a test\'s responder does with requests', async () => {
    for (const name of PROFILE_NAMES) {
      const server = await startMockServer({ profile: serverProfile(name) });
      const client = createClient();
      try {
        // A responder written for generation requests only: it fails on anything else.
        server.setResponder((request) => {
          if (!request.body?.messages && request.body?.prompt === undefined && request.body?.input_prefix === undefined) throw new Error(`not a generation request: ${request.path}`);
          return { text: 'ok' };
        });
        const facts = await client.discover({ id: name, name, baseUrl: server.url, headers: {} }, [PROFILE_MODELS[name]]);
        assert.equal(facts.kind, name);
        // OpenAI's model list names no window; every other server publishes one.
        if (name !== 'openai') assert.ok(Object.keys(facts.windows).length > 0 || facts.anyModelWindow !== undefined, `${name}: a published window`);
      } finally {
        await client.dispose();
        await server.close();
      }
    }
  });

  describe('the other profiles', () => {
    const post = (server: MockServer, path: string, body: unknown) => fetch(`${server.origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    it('vllm: max_model_len in /v1/models, suffix refused with 400, over-long prompts refused with its wording, no /infill', async () => {
      const server = await startMockServer({ profile: serverProfile('vllm', { maxModelLen: 1000 }) });
      try {
        const models = await (await fetch(`${server.url}/models`)).json() as any;
        assert.equal(models.data[0].max_model_len, 1000);
        const suffix = await post(server, '/v1/completions', { model: models.data[0].id, prompt: 'a', suffix: 'b' });
        assert.equal(suffix.status, 400);
        assert.deepEqual(await suffix.json(), { error: { message: 'suffix is not currently supported', type: 'BadRequestError', param: null, code: 400 } });
        const long = await post(server, '/v1/chat/completions', { model: models.data[0].id, messages: [{ role: 'user', content: 'x'.repeat(4000) }], max_tokens: 100 });
        assert.equal(long.status, 400);
        assert.match(((await long.json()) as any).error.message, /^This model's maximum context length is 1000 tokens\. However, you requested 1100 tokens/);
        assert.equal((await post(server, '/infill', {})).status, 404);
      } finally {
        await server.close();
      }
    });

    it('ollama: /api/version, /api/show with the trained context, and silent truncation at num_ctx', async () => {
      const server = await startMockServer({ profile: serverProfile('ollama', { numCtx: 2048 }) });
      try {
        assert.deepEqual(await (await fetch(`${server.origin}/api/version`)).json(), { version: '0.6.5' });
        const show = await (await post(server, '/api/show', { model: 'qwen2.5-coder:7b-base' })).json() as any;
        assert.equal(show.model_info['qwen2.context_length'], 32768);
        assert.doesNotMatch(show.parameters, /num_ctx/);
        const long = await (await post(server, '/v1/chat/completions', { model: 'qwen2.5-coder:7b-base', messages: [{ role: 'user', content: 'x'.repeat(40_000) }] })).json() as any;
        assert.equal(long.usage.prompt_tokens, 2048);
      } finally {
        await server.close();
      }
    });

    it('lmstudio: /api/v0/models max_context_length; suffix accepted but not counted; unknown routes answer 200 with an error', async () => {
      const server = await startMockServer({ profile: serverProfile('lmstudio') });
      try {
        const models = await (await fetch(`${server.origin}/api/v0/models`)).json() as any;
        assert.equal(models.data[0].max_context_length, 32768);
        const withSuffix = await (await post(server, '/v1/completions', { model: models.data[0].id, prompt: 'abcd', suffix: 'x'.repeat(400) })).json() as any;
        assert.equal(withSuffix.usage.prompt_tokens, 1);
        const infill = await post(server, '/infill', {});
        assert.equal(infill.status, 200);
        assert.match(((await infill.json()) as any).error, /Unexpected endpoint or method/);
      } finally {
        await server.close();
      }
    });

    it('openrouter: context_length in /models, suffix dropped unread, no FIM routes, an error chunk inside a 200 stream', async () => {
      const server = await startMockServer({ profile: serverProfile('openrouter') });
      try {
        const models = await (await fetch(`${server.url}/models`)).json() as any;
        assert.equal(models.data[1].context_length, 32768);
        const withSuffix = await (await post(server, '/v1/completions', { model: models.data[1].id, prompt: 'abcd', suffix: 'x'.repeat(400) })).json() as any;
        assert.equal(withSuffix.usage.prompt_tokens, 1);
        for (const route of ['/infill', '/v1/fim/completions', '/beta/completions']) {
          const refused = await post(server, route, { model: models.data[1].id, prompt: 'a', suffix: 'b', input_prefix: 'a', input_suffix: 'b' });
          assert.equal(refused.status, 404, route);
          assert.deepEqual(await refused.json(), { error: { code: 404, message: 'Not Found' } });
        }
        server.script({ reply: { text: 'a longer answer that fails', fault: 'error-in-stream' } });
        const stream = await post(server, '/v1/chat/completions', { model: models.data[1].id, messages: [{ role: 'user', content: 'hi' }], stream: true });
        assert.equal(stream.status, 200);
        const events = dataEvents(await stream.text()) as any[];
        const failure = events.find((e) => e !== '[DONE]' && e.error);
        assert.equal(failure.choices[0].finish_reason, 'error');
      } finally {
        await server.close();
      }
    });

    it('openai: chat models refused on /v1/completions, context_length_exceeded past the window', async () => {
      const server = await startMockServer({ profile: serverProfile('openai', { models: [{ id: 'gpt-4.1-mini', contextWindow: 500 }] }) });
      try {
        const legacy = await post(server, '/v1/completions', { model: 'gpt-4.1-mini', prompt: 'a', suffix: 'b' });
        assert.equal(legacy.status, 404);
        const long = await (await post(server, '/v1/chat/completions', { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'x'.repeat(4000) }] })).json() as any;
        assert.equal(long.error.code, 'context_length_exceeded');
      } finally {
        await server.close();
      }
    });
  });
});
