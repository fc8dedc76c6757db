// The local OpenAI-compatible server speaks the wire formats it claims and can be scripted.
import * as assert from 'node:assert/strict';
import { MOCK_DEFAULT_TEXT, startMockServer, type MockServer } from '../support/mockServer';

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** The `data:` payloads of an SSE body, in order. */
async function sseData(response: Response): Promise<string[]> {
  const text = await response.text();
  return text.split('\n\n').filter((event) => event.startsWith('data: ')).map((event) => event.slice(6));
}

describe('mock server', () => {
  let server: MockServer;
  beforeEach(async () => {
    server = await startMockServer();
  });
  afterEach(() => server.close());

  it('streams chat like OpenAI: role delta, content deltas, finish, usage chunk, [DONE]', async () => {
    const response = await post(`${server.url}/chat/completions`, {
      model: 'gpt-4.1-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }],
    });
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = await sseData(response);
    assert.equal(events.at(-1), '[DONE]');
    const chunks = events.slice(0, -1).map((data) => JSON.parse(data));
    assert.deepEqual(chunks[0].choices[0].delta, { role: 'assistant', content: '' });
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    assert.equal(text, MOCK_DEFAULT_TEXT);
    const finish = chunks.at(-2);
    assert.equal(finish.choices[0].finish_reason, 'stop');
    const usage = chunks.at(-1);
    assert.deepEqual(usage.choices, []);
    assert.equal(usage.usage.completion_tokens, Math.ceil(MOCK_DEFAULT_TEXT.length / 4));
  });

  it('sends no usage chunk unless the stream asks for it', async () => {
    const events = await sseData(await post(`${server.url}/chat/completions`, { model: 'm', stream: true, messages: [] }));
    assert.ok(events.slice(0, -1).every((data) => JSON.parse(data).usage === undefined));
  });

  it('answers scripted text once, then the default; honours max_tokens with finish_reason length', async () => {
    server.script({ match: { path: '/v1/completions' }, reply: { text: 'return a + b;' } });
    const first = await (await post(`${server.url}/completions`, { model: 'm', prompt: 'x', suffix: 'y' })).json();
    assert.equal(first.choices[0].text, 'return a + b;');
    const second = await (await post(`${server.url}/completions`, { model: 'm', prompt: 'x', max_tokens: 2 })).json();
    assert.equal(second.choices[0].text, MOCK_DEFAULT_TEXT.slice(0, 8));
    assert.equal(second.choices[0].finish_reason, 'length');
    assert.equal(server.requests[0].body.suffix, 'y');
  });

  it('rejects suffix with 400 when started like vLLM', async () => {
    const vllm = await startMockServer({ rejectSuffix: true });
    try {
      const response = await post(`${vllm.url}/completions`, { model: 'm', prompt: 'x', suffix: 'y' });
      assert.equal(response.status, 400);
      assert.match((await response.json()).error.message, /suffix/);
      assert.equal((await post(`${vllm.url}/completions`, { model: 'm', prompt: 'x' })).status, 200);
    } finally {
      await vllm.close();
    }
  });

  it('streams llama.cpp /infill events without [DONE]', async () => {
    const events = await sseData(await post(`${server.origin}/infill`, { input_prefix: 'a', input_suffix: 'b', stream: true }));
    const parsed = events.map((data) => JSON.parse(data));
    assert.equal(parsed.map((e) => e.content).join(''), MOCK_DEFAULT_TEXT);
    assert.equal(parsed.at(-1).stop, true);
    assert.ok(parsed.slice(0, -1).every((e) => e.stop === false));
  });

  it('serves Mistral /v1/fim/completions and DeepSeek /beta/completions', async () => {
    const fim = await (await post(`${server.url}/fim/completions`, { model: 'codestral', prompt: 'a', suffix: 'b' })).json();
    assert.equal(fim.choices[0].message.content, MOCK_DEFAULT_TEXT);
    const beta = await (await post(`${server.origin}/beta/completions`, { model: 'deepseek-coder', prompt: 'a', suffix: 'b' })).json();
    assert.equal(beta.choices[0].text, MOCK_DEFAULT_TEXT);
  });

  it('returns OpenAI-shaped errors with the scripted headers', async () => {
    server.script({ reply: { status: 429, headers: { 'retry-after': '7' } } });
    const response = await post(`${server.url}/chat/completions`, { model: 'm', messages: [] });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '7');
    assert.equal((await response.json()).error.code, 'rate_limit_exceeded');
  });

  it('is controllable over HTTP and records headers', async () => {
    await post(`${server.origin}/__mock/script`, [{ match: { model: 'special' }, reply: { text: 'scripted over http' }, times: -1 }]);
    for (let i = 0; i < 2; i++) {
      const json = await (await post(`${server.url}/chat/completions`, { model: 'special', messages: [] })).json();
      assert.equal(json.choices[0].message.content, 'scripted over http');
    }
    const recorded = await (await fetch(`${server.origin}/__mock/requests`)).json();
    assert.equal(recorded.length, 2);
    assert.equal(recorded[0].headers['content-type'], 'application/json');
    await post(`${server.origin}/__mock/reset`, {});
    assert.equal(server.requests.length, 0);
    const json = await (await post(`${server.url}/chat/completions`, { model: 'special', messages: [] })).json();
    assert.equal(json.choices[0].message.content, MOCK_DEFAULT_TEXT);
  });

  it('lets a responder compute the answer from the request', async () => {
    server.setResponder((req) => ({ text: `echo:${req.body.prompt}` }));
    const json = await (await post(`${server.url}/completions`, { model: 'm', prompt: 'abc' })).json();
    assert.equal(json.choices[0].text, 'echo:abc');
  });

  it('closes promptly even with a stalled stream open', async () => {
    server.script({ reply: { fault: 'stall' } });
    const response = await post(`${server.url}/chat/completions`, { model: 'm', stream: true, messages: [] });
    const reader = response.body!.getReader();
    await reader.read();
    const started = Date.now();
    await server.close();
    assert.ok(Date.now() - started < 1000);
    await assert.rejects(async () => {
      for (;;) if ((await reader.read()).done) throw new Error('ended without an error');
    });
  });
});
