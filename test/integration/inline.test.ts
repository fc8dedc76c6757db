import * as assert from 'assert';
import { startMockServer } from '../support/mockServer';
import { ctxFromMarked } from '../unit/inline/helpers';
import { completionRequests, useInlineRig, type Harness } from './inlineHarness';

const signal = () => new AbortController().signal;

describe('inline engine against the local server: transports', () => {
  const rig = useInlineRig();
  let harness: Harness;

  const ask = (h: Harness, marked = 'function area(r: number) {\n  return ‸\n}\n', languageId = 'typescript') =>
    h.engine.provide({ ctx: ctxFromMarked(marked, languageId), signal: signal(), manual: true });

  it('raw FIM template to /v1/completions for a known family (Qwen2.5-Coder)', async () => {
    harness = rig.start((c) => (c.models.fast = 'qwen2.5-coder:1.5b-base'));
    rig.server.script({ match: { path: '/v1/completions' }, reply: { text: 'Math.PI * r * r;\n}\n\nfunction other() {' } });
    const suggestion = await ask(harness);
    assert.strictEqual(suggestion?.text, 'Math.PI * r * r;');
    assert.strictEqual(suggestion?.meta?.transport, 'fim-template');
    const [request] = completionRequests(rig.server);
    assert.strictEqual(request.path, '/v1/completions');
    assert.match(request.body.prompt, /^<\|fim_prefix\|>function area\(r: number\) \{\n {2}return <\|fim_suffix\|>\n\}\n<\|fim_middle\|>$/);
    assert.strictEqual(request.body.suffix, undefined);
    assert.ok(request.body.stop.length <= 4, 'stop list capped on the wire');
  });

  it('gearshift.models.inline: a base FIM model serves inline while the fast model stays an instruct one', async () => {
    harness = rig.start((c) => {
      c.models.fast = 'gpt-4.1-mini';
      c.models.inline = 'qwen2.5-coder:7b-base';
    });
    rig.server.script({ match: { path: '/v1/completions', model: 'qwen2.5-coder:7b-base' }, reply: { text: 'Math.PI * r * r;' } });
    const suggestion = await ask(harness);
    assert.strictEqual(suggestion?.text, 'Math.PI * r * r;');
    assert.strictEqual(suggestion?.meta?.model, 'qwen2.5-coder:7b-base');
    assert.strictEqual(suggestion?.meta?.transport, 'fim-template', 'the base model gets its raw FIM template, not chat FIM');
    assert.deepStrictEqual(completionRequests(rig.server).map((r) => r.body.model), ['qwen2.5-coder:7b-base']);
  });

  it('/v1/completions + suffix for an unknown base model', async () => {
    harness = rig.start((c) => (c.models.fast = 'my-local-coder'));
    rig.server.script({ match: { path: '/v1/completions' }, reply: { text: '2 * r;' } });
    assert.strictEqual((await ask(harness))?.text, '2 * r;');
    const [request] = completionRequests(rig.server);
    assert.strictEqual(request.body.suffix, '\n}\n');
    assert.ok(request.body.prompt.endsWith('  return '));
  });

  it('falls back when the server rejects suffix (vLLM 400) and remembers it', async () => {
    const strict = await startMockServer({ rejectSuffix: true });
    try {
      harness = rig.start((c) => (c.models.fast = 'my-local-coder'), undefined, strict);
      strict.script({ match: { path: '/infill' }, reply: { text: 'r + r;' }, times: 2 });
      assert.strictEqual((await ask(harness))?.text, 'r + r;');
      assert.deepStrictEqual(completionRequests(strict).map((r) => r.path), ['/v1/completions', '/infill']);
      assert.strictEqual((await ask(harness, 'const x = ‸\n'))?.text, 'r + r;');
      assert.deepStrictEqual(completionRequests(strict).map((r) => r.path), ['/v1/completions', '/infill', '/infill'], 'the rejected transport is not tried again');
    } finally {
      await strict.close();
    }
  });

  it('llama.cpp /infill with input_extra chunks and cache_prompt', async () => {
    harness = rig.start((c) => (c.inline.transport = 'infill'));
    rig.server.script({ match: { path: '/infill' }, reply: { text: 'r ** 2;' } });
    const suggestion = await harness.engine.provide({
      ctx: ctxFromMarked('function area(r: number) {\n  return ‸\n}\n'),
      signal: signal(),
      manual: true,
      context: () => [{ kind: 'similar', path: 'src/geometry.ts', startLine: 0, text: 'export const square = (x: number) => x ** 2;', score: 0.5 }],
    });
    assert.strictEqual(suggestion?.text, 'r ** 2;');
    const [request] = completionRequests(rig.server);
    assert.strictEqual(request.path, '/infill');
    assert.strictEqual(request.body.input_prefix, 'function area(r: number) {\n  return ');
    assert.strictEqual(request.body.input_suffix, '\n}\n');
    assert.deepStrictEqual(request.body.input_extra, [{ filename: 'src/geometry.ts', text: 'export const square = (x: number) => x ** 2;' }]);
    assert.strictEqual(request.body.cache_prompt, true);
  });

  it('Mistral /v1/fim/completions for Codestral', async () => {
    harness = rig.start((c) => (c.models.fast = 'codestral-latest'));
    rig.server.script({ match: { path: '/fim/completions' }, reply: { text: 'r * 3.14;' } });
    assert.strictEqual((await ask(harness))?.text, 'r * 3.14;');
    const [request] = completionRequests(rig.server);
    assert.strictEqual(request.path, '/v1/fim/completions');
    assert.strictEqual(request.body.suffix, '\n}\n');
  });

  it('DeepSeek /beta/completions with suffix', async () => {
    harness = rig.start((c) => {
      c.models.fast = 'deepseek-coder';
      c.inline.transport = 'deepseek-beta';
    });
    rig.server.script({ match: { path: '/beta/completions' }, reply: { text: 'r;' } });
    assert.strictEqual((await ask(harness))?.text, 'r;');
    assert.strictEqual(completionRequests(rig.server)[0].path, '/beta/completions');
  });

  it('chat-model FIM for a chat-only model: the contract is unwrapped, prose is rejected', async () => {
    harness = rig.start((c) => (c.models.fast = 'gpt-4.1-mini'));
    rig.server.script([
      { match: { path: '/chat/completions' }, reply: { text: '<think>area of a circle</think><insert>Math.PI * r ** 2;</insert>' } },
      { match: { path: '/chat/completions' }, reply: { text: 'Here is the completion you asked for: Math.PI * r * r' } },
    ]);
    const first = await ask(harness);
    assert.strictEqual(first?.text, 'Math.PI * r ** 2;');
    assert.strictEqual(first?.meta?.transport, 'chat');
    const [request] = completionRequests(rig.server);
    assert.strictEqual(request.path, '/v1/chat/completions');
    assert.match(request.body.messages[1].content, /return <CURSOR\/>\n\}/);
    assert.strictEqual(await ask(harness, 'let y = ‸\n'), undefined);
  });

  it('falls back from a 404 route to the next transport', async () => {
    harness = rig.start((c) => {
      c.models.fast = 'qwen2.5-coder';
      c.inline.transport = 'fim-endpoint';
    });
    rig.server.script([
      { match: { path: '/fim/completions' }, reply: { status: 404 } },
      { match: { path: '/v1/completions' }, reply: { text: 'r / 2;' } },
    ]);
    assert.strictEqual((await ask(harness))?.text, 'r / 2;');
    assert.deepStrictEqual(completionRequests(rig.server).map((r) => r.path), ['/v1/fim/completions', '/v1/completions']);
  });

  it('never sends secrets: keys in the prefix are redacted', async () => {
    harness = rig.start((c) => (c.models.fast = 'qwen2.5-coder'));
    rig.server.script({ match: { path: '/v1/completions' }, reply: { text: 'client;' } });
    await ask(harness, 'const apiKey = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD";\nexport default ‸\n');
    const [request] = completionRequests(rig.server);
    assert.ok(!JSON.stringify(request.body).includes('abcdefghijklmnopqrstuvwxyz0123456789'), 'key was sent');
  });

  it('shows a single-line answer the model starts with a line break (no newline stop on the wire)', async () => {
    harness = rig.start((c) => (c.models.fast = 'qwen2.5-coder'));
    harness.config.inline.speculative = 'off';
    rig.server.setResponder(() => ({ text: '\nmap(int, parts))\n    return total' }));
    const suggestion = await ask(harness, 'def parse(line):\n    parts = line.split(",")\n    total = sum(‸)\n    return total\n', 'python');
    assert.strictEqual(suggestion?.text, 'map(int, parts)');
    assert.ok(!completionRequests(rig.server)[0].body.stop.includes('\n'), 'a newline stop would have ended the answer before it began');
  });

  it('stops the HTTP stream once the first line is complete', async () => {
    harness = rig.start((c) => (c.models.fast = 'qwen2.5-coder'));
    rig.server.setResponder(() => ({ text: `value;\n${'x'.repeat(400)}`, tokensPerSecond: 200 }));
    harness.config.inline.speculative = 'off';
    // No newline stop on the wire for a multi-line ask: the engine must cut the stream itself.
    const suggestion = await ask(harness, 'function f() {‸\n');
    assert.ok(suggestion);
    // clientClosed is set only when the client hung up before the server sent the whole answer
    // (~2 s of tokens here), so no clock is needed to tell that it did not wait for it.
    const giveUp = Date.now() + 5000;
    while (!completionRequests(rig.server)[0].clientClosed && Date.now() < giveUp) await new Promise((r) => setTimeout(r, 10));
    assert.strictEqual(completionRequests(rig.server)[0].clientClosed, true, 'the request really ended before the answer did');
  });
});
