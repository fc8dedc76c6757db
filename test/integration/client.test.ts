// The client against the real local server: what goes on the wire, streaming, usage, the stop
// list, cancellation reaching the socket, connection reuse, and where the API key may go.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { EndpointError } from '../../src/common/errors';
import { createClient } from '../../src/node/client';
import { endpointFor, eventually, recordingLogger, useClientAgainstMock } from '../support/clientFixtures';
import { MOCK_DEFAULT_TEXT, startMockServer } from '../support/mockServer';
import { sealed } from '../support/sealed';

const KEY = 'sk-test-0123456789abcdefghijklmnop';

describe('client', function () {
  this.timeout(5000);

  const rig = useClientAgainstMock();

  describe('chat streaming', () => {
    it('delivers deltas in order before resolving, with ttft and duration', async () => {
      rig.server.script({ reply: { text: 'one two three four five', tokensPerSecond: 200 } });
      const deltas: string[] = [];
      let resolved = false;
      const pending = rig.client.chat(rig.endpoint, sealed({
        model: 'gpt-4.1-mini',
        messages: [{ role: 'user', content: 'count' }],
        onDelta: (delta) => {
          assert.equal(resolved, false, 'no delta after the promise settled');
          deltas.push(delta);
        },
      }));
      const result = await pending;
      resolved = true;
      assert.ok(deltas.length > 1);
      assert.equal(deltas.join(''), 'one two three four five');
      assert.equal(result.text, 'one two three four five');
      assert.equal(result.finishReason, 'stop');
      assert.ok(result.ttftMs !== undefined && result.ttftMs <= result.durationMs);
      assert.equal(result.model, 'gpt-4.1-mini');
      assert.equal(result.endpointId, rig.endpoint.id);
    });

    it('asks for usage in the stream and reports the server\'s numbers', async () => {
      const result = await rig.client.chat(rig.endpoint, sealed({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(40) }] }));
      assert.deepEqual(rig.server.requests[0].body.stream_options, { include_usage: true });
      assert.deepEqual(result.usage, { promptTokens: 10, completionTokens: Math.ceil(MOCK_DEFAULT_TEXT.length / 4), cachedPromptTokens: 0, reported: true });
    });

    it('counts usage with countTokens when the server reports none', async () => {
      const words = async (text: string) => text.split(/\s+/).filter(Boolean).length;
      const counting = createClient({ countTokens: words });
      try {
        rig.server.script({ reply: { text: 'alpha beta gamma', usage: false } });
        const result = await counting.chat(rig.endpoint, sealed({ model: 'm', messages: [{ role: 'user', content: 'one two' }] }));
        assert.deepEqual(result.usage, { promptTokens: 2, completionTokens: 3, cachedPromptTokens: 0, reported: false });
      } finally {
        await counting.dispose();
      }
    });

    it('sends max_tokens, temperature and image parts unchanged', async () => {
      const messages = [
        { role: 'system' as const, content: 'be brief' },
        { role: 'user' as const, content: [{ type: 'text' as const, text: 'what is this?' }, { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
      ];
      await rig.client.chat(rig.endpoint, sealed({ model: 'gpt-4.1', messages, maxTokens: 64, temperature: 0.3 }));
      const body = rig.server.requests[0].body;
      assert.deepEqual(body.messages, messages);
      assert.equal(body.max_tokens, 64);
      assert.equal(body.temperature, 0.3);
      assert.equal(body.stream, true);
      assert.equal(body.model, 'gpt-4.1');
    });

    it('retries once without stream_options when the server rejects it, and remembers', async () => {
      rig.server.script({ match: { contains: 'stream_options' }, reply: { status: 400, error: { message: 'Unrecognized request argument supplied: stream_options' } }, times: -1 });
      const log = recordingLogger();
      const picky = createClient({ log });
      try {
        const first = await picky.chat(rig.endpoint, sealed({ model: 'm', messages: [] }));
        assert.equal(first.text, MOCK_DEFAULT_TEXT);
        assert.equal(first.usage.reported, false);
        assert.equal(rig.server.requests.length, 2);
        assert.equal(rig.server.requests[1].body.stream_options, undefined);
        await picky.chat(rig.endpoint, sealed({ model: 'm', messages: [] }));
        assert.equal(rig.server.requests.length, 3, 'the second chat goes right the first time');
        assert.equal(rig.server.requests[2].body.stream_options, undefined);
        assert.ok(log.lines.some((line) => line.includes('stream_options')));
      } finally {
        await picky.dispose();
      }
    });

    it('switches to max_completion_tokens when a model rejects max_tokens', async () => {
      rig.server.script({ match: { contains: '"max_tokens"' }, reply: { status: 400, error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." } } });
      await rig.client.chat(rig.endpoint, sealed({ model: 'o-model', messages: [], maxTokens: 50 }));
      assert.equal(rig.server.requests.length, 2);
      assert.equal(rig.server.requests[1].body.max_completion_tokens, 50);
      assert.equal(rig.server.requests[1].body.max_tokens, undefined);
    });
  });

  describe('stop list', () => {
    it('sends at most 4 stops and enforces the rest itself, ending the stream early', async () => {
      const text = 'line one\nline two\nEND_OF_BLOCK\n' + 'more text that must never arrive '.repeat(40);
      rig.server.script({ reply: { text, tokensPerSecond: 100 } });
      const deltas: string[] = [];
      const result = await rig.client.chat(rig.endpoint, sealed({
        model: 'm', messages: [], stop: ['<|a|>', '<|b|>', '<|c|>', '<|d|>', '<|e|>', 'END_OF_BLOCK'], onDelta: (d) => deltas.push(d),
      }));
      assert.deepEqual(rig.server.requests[0].body.stop, ['<|a|>', '<|b|>', '<|c|>', '<|d|>']);
      assert.equal(result.text, 'line one\nline two\n');
      assert.equal(deltas.join(''), result.text, 'no part of the stop sequence leaked to onDelta');
      assert.equal(result.finishReason, 'stop');
      assert.ok(result.durationMs < 1000, `stopped early (${result.durationMs} ms), not after the whole answer`);
      await eventually(() => rig.server.requests[0].clientClosed);
    });

    it('finds a stop sequence split across chunks', async () => {
      rig.server.script({ reply: { text: 'Hello world and more' } }); // chunks: "Hell" "o wo" "rld " …
      const deltas: string[] = [];
      const result = await rig.client.complete(rig.endpoint, sealed({ model: 'm', prompt: 'p', stop: ['a', 'b', 'c', 'd', 'llo w'], onDelta: (d) => deltas.push(d) }));
      assert.equal(result.text, 'He');
      assert.equal(deltas.join(''), 'He');
    });
  });

  describe('cancellation', () => {
    it('an abort mid-stream rejects as cancelled and closes the server-side request', async () => {
      rig.server.script({ reply: { text: 'x'.repeat(2000), tokensPerSecond: 50 } });
      const controller = new AbortController();
      const started = Date.now();
      const pending = rig.client.chat(rig.endpoint, sealed({ model: 'm', messages: [], signal: controller.signal, onDelta: () => controller.abort() }));
      await assert.rejects(pending, (error: EndpointError) => error.reason === 'cancelled');
      assert.ok(Date.now() - started < 1000);
      await eventually(() => rig.server.requests[0]?.clientClosed === true);
    });

    it('an abort while waiting for the first token closes the request too', async () => {
      rig.server.script({ reply: { ttftMs: 3000 } });
      const controller = new AbortController();
      const pending = rig.client.chat(rig.endpoint, sealed({ model: 'm', messages: [], signal: controller.signal }));
      await eventually(() => rig.server.requests.length === 1);
      controller.abort();
      await assert.rejects(pending, (error: EndpointError) => error.reason === 'cancelled');
      await eventually(() => rig.server.requests[0].clientClosed);
    });

    it('an already-aborted signal sends nothing', async () => {
      await assert.rejects(rig.client.chat(rig.endpoint, sealed({ model: 'm', messages: [], signal: AbortSignal.abort() })), (error: EndpointError) => error.reason === 'cancelled');
      assert.equal(rig.server.requests.length, 0);
    });
  });

  it('reuses one keep-alive connection for consecutive requests', async () => {
    const before = rig.server.connectionCount;
    for (let i = 0; i < 4; i++) {
      await rig.client.chat(rig.endpoint, sealed({ model: 'm', messages: [] }));
      await new Promise((resolve) => setTimeout(resolve, 20)); // let the socket return to the pool
    }
    await rig.client.complete(rig.endpoint, sealed({ model: 'm', prompt: 'p' }));
    assert.equal(rig.server.connectionCount - before, 1);
    assert.equal(new Set(rig.server.requests.map((r) => r.remotePort)).size, 1);
  });

  describe('API key and headers', () => {
    it('sends the key and extra headers only to the endpoint they belong to', async () => {
      const failover = await startMockServer();
      const previousOrg = process.env.OPENAI_ORG_ID;
      process.env.OPENAI_ORG_ID = 'org-from-environment';
      try {
        const primary = endpointFor(rig.server, { apiKey: KEY, headers: { 'X-Team': 'blue' } });
        const secondary = endpointFor(failover, { headers: { 'X-Other': 'green' } });
        await rig.client.chat(primary, sealed({ model: 'm', messages: [] }));
        await rig.client.chat(secondary, sealed({ model: 'm', messages: [] }));
        await rig.client.listModels(secondary);
        assert.equal(rig.server.requests[0].headers.authorization, `Bearer ${KEY}`);
        assert.equal(rig.server.requests[0].headers['x-team'], 'blue');
        for (const request of failover.requests) {
          assert.equal(request.headers.authorization, undefined, 'a keyless endpoint gets no Authorization header');
          assert.equal(request.headers['x-team'], undefined);
          assert.equal(request.headers['x-other'], 'green');
          assert.ok(!JSON.stringify(request).includes(KEY), 'the key never reaches another host');
          assert.ok(!JSON.stringify(request).includes('org-from-environment'));
        }
        assert.equal(rig.server.requests[0].headers['openai-organization'], undefined);
      } finally {
        if (previousOrg === undefined) delete process.env.OPENAI_ORG_ID;
        else process.env.OPENAI_ORG_ID = previousOrg;
        await failover.close();
      }
    });

    it('never puts the key in an error message or a log line, even when the server echoes it', async () => {
      const log = recordingLogger();
      const logging = createClient({ log });
      const keyed = endpointFor(rig.server, { apiKey: KEY });
      try {
        rig.server.script([
          { reply: { status: 401, error: { message: `Incorrect API key provided: ${KEY}.` } } },
          { reply: { status: 400, error: { message: `Bad header Authorization: Bearer ${KEY}` } } },
          { reply: { status: 500, error: { message: `internal error for ${KEY}` } } },
          { reply: { fault: 'malformed-sse' } },
        ]);
        const messages: string[] = [];
        for (let i = 0; i < 4; i++) {
          await logging.chat(keyed, sealed({ model: 'm', messages: [] })).then(
            () => assert.fail('should fail'),
            (error: EndpointError) => messages.push(error.message, String(error.cause ?? '')),
          );
        }
        await logging.chat(keyed, sealed({ model: 'm', messages: [] }));
        assert.match(messages[0], /Incorrect API key provided: \*\*\*/);
        for (const text of [...messages, ...log.lines]) assert.ok(!text.includes(KEY), `leaked in: ${text}`);
        assert.ok(log.lines.filter((line) => line.includes('failed (')).length >= 4, 'failures are logged');
      } finally {
        await logging.dispose();
      }
    });
  });

  describe('transports', () => {
    it('legacy completions with and without suffix', async () => {
      await rig.client.complete(rig.endpoint, sealed({ model: 'qwen', prompt: 'def add(a, b):', suffix: '\n\nprint(add(1, 2))', maxTokens: 16 }));
      await rig.client.complete(rig.endpoint, sealed({ model: 'qwen', prompt: '<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>' }));
      const [withSuffix, raw] = rig.server.requests;
      assert.equal(withSuffix.path, '/v1/completions');
      assert.equal(withSuffix.body.suffix, '\n\nprint(add(1, 2))');
      assert.equal(withSuffix.body.max_tokens, 16);
      assert.equal('suffix' in raw.body, false);
      assert.equal(raw.body.prompt, '<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>');
    });

    it('DeepSeek beta completions through a path outside /v1', async () => {
      const result = await rig.client.complete(rig.endpoint, sealed({ model: 'deepseek-coder', prompt: 'a', suffix: 'b', path: '../beta/completions' }));
      assert.equal(rig.server.requests[0].path, '/beta/completions');
      assert.equal(result.text, MOCK_DEFAULT_TEXT);
    });

    it('llama.cpp /infill with input_extra, n_predict and the full stop list', async () => {
      const stop = ['1', '2', '3', '4', '5', '6'];
      const result = await rig.client.infill(rig.endpoint, sealed({
        model: 'qwen', inputPrefix: 'function f() {', inputSuffix: '}', inputExtra: [{ filename: 'util.ts', text: 'export const x = 1;' }], maxTokens: 5, stop,
      }));
      const { path, body } = rig.server.requests[0];
      assert.equal(path, '/infill');
      assert.deepEqual(body.input_extra, [{ filename: 'util.ts', text: 'export const x = 1;' }]);
      assert.equal(body.n_predict, 5);
      assert.deepEqual(body.stop, stop);
      assert.equal(body.cache_prompt, true);
      assert.equal(result.text, MOCK_DEFAULT_TEXT.slice(0, 20));
      assert.equal(result.finishReason, 'length');
      assert.deepEqual(result.usage, { promptTokens: 9, completionTokens: 5, cachedPromptTokens: 0, reported: true });
    });

    it('Mistral /fim/completions with prompt and suffix', async () => {
      const result = await rig.client.fim(rig.endpoint, sealed({ model: 'codestral-latest', prompt: 'def f(', suffix: '):' }));
      const { path, body } = rig.server.requests[0];
      assert.equal(path, '/v1/fim/completions');
      assert.equal(body.prompt, 'def f(');
      assert.equal(body.suffix, '):');
      assert.equal(result.text, MOCK_DEFAULT_TEXT);
      assert.equal(result.usage.reported, true);
    });

    it('lists models', async () => {
      assert.deepEqual(await rig.client.listModels(rig.endpoint), ['gpt-4.1-mini', 'gpt-4.1', 'qwen2.5-coder:7b-base']);
    });

    it('accepts a whole JSON answer from a server that ignores stream: true', async () => {
      // The mock always streams when asked to, so a tiny server plays the one that does not.
      const http = await import('node:http');
      const jsonServer = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: 'whole answer' }, finish_reason: 'stop' }] }));
      });
      await new Promise<void>((resolve) => jsonServer.listen(0, '127.0.0.1', resolve));
      const port = (jsonServer.address() as net.AddressInfo).port;
      try {
        const result = await rig.client.chat({ ...rig.endpoint, id: 'json', baseUrl: `http://127.0.0.1:${port}/v1` }, sealed({ model: 'm', messages: [] }));
        assert.equal(result.text, 'whole answer');
        assert.equal(result.finishReason, 'stop');
      } finally {
        jsonServer.closeAllConnections();
        await new Promise((resolve) => jsonServer.close(resolve));
      }
    });
  });
});
