// Client, discovery, router and inline engine against each server profile: the findings of issue 13,
// each against the profile of the server that showed it. One shared server per profile.
import * as assert from 'node:assert/strict';
import { EndpointError } from '../../src/common/errors';
import { startMockServer, type MockServer } from '../support/mockServer';
import { askInline, engineFor, rigFor, routerFor, stdlibChunk, type Rig } from '../support/profileRig';
import { sealed } from '../support/sealed';
import { PROFILE_MODELS, serverProfile, type ProfileName } from '../support/profiles';

describe('real servers (profiles)', function () {
  this.timeout(15_000);
  const servers = new Map<ProfileName, MockServer>();
  const rigs: Rig[] = [];
  const rig = (name: ProfileName, model = PROFILE_MODELS[name]) => {
    const made = rigFor(servers.get(name)!, model);
    rigs.push(made);
    return made;
  };
  before(async () => {
    for (const name of ['llamacpp', 'vllm', 'ollama', 'lmstudio', 'openrouter', 'openai'] as const) servers.set(name, await startMockServer({ profile: serverProfile(name) }));
  });
  after(() => Promise.all([...servers.values()].map((s) => s.close())));
  afterEach(async () => {
    for (const made of rigs.splice(0)) await made.client.dispose();
    for (const server of servers.values()) server.reset();
  });

  describe('discovery finds kind, window per model and slots from what each server publishes', () => {
    const expected: Record<ProfileName, { kind: string; window: number; slots?: number }> = {
      llamacpp: { kind: 'llamacpp', window: 2048, slots: 2 },
      vllm: { kind: 'vllm', window: 4096 },
      ollama: { kind: 'ollama', window: 4096 },
      lmstudio: { kind: 'lmstudio', window: 32768 },
      openrouter: { kind: 'openrouter', window: 32768 },
      openai: { kind: 'openai', window: 0 },
    };
    for (const [name, want] of Object.entries(expected) as [ProfileName, (typeof expected)[ProfileName]][]) {
      it(name, async () => {
        const made = rig(name);
        const facts = await made.client.discover(made.endpoint, [PROFILE_MODELS[name]]);
        assert.equal(facts.kind, want.kind);
        assert.equal(facts.windows[PROFILE_MODELS[name]] ?? facts.anyModelWindow ?? 0, want.window);
        assert.equal(facts.slots, want.slots);
      });
    }
  });

  it('finding 1 (llamacpp): the first inline request with a file-path model name shows a suggestion, no Test Endpoint', async () => {
    const made = rig('llamacpp');
    made.server.script({ match: { path: '/infill' }, reply: { text: 'r * r' } });
    const suggestion = await askInline(engineFor(made));
    assert.equal(suggestion?.text, 'r * r');
    assert.equal(suggestion?.meta?.transport, 'infill');
    assert.ok(!made.server.requests.some((r) => r.body?.suffix !== undefined), 'no suffix request: the server kind chose /infill first');
  });

  it('finding 1 (llamacpp): without discovery, the 500 "Unsupported param: suffix" moves on to /infill at once', async () => {
    const made = rig('llamacpp');
    made.server.script({ match: { path: '/infill' }, reply: { text: 'r * r' } });
    const suggestion = await askInline(engineFor(made, false));
    assert.equal(suggestion?.text, 'r * r');
    assert.deepEqual(made.server.requests.filter((r) => !r.path.endsWith('models')).map((r) => r.path), ['/v1/completions', '/infill']);
  });

  it('finding 6 (llamacpp): /infill context that the 2,048-token slot would drop from input_extra goes into the prefix', async () => {
    const made = rig('llamacpp');
    made.config.inline.contextChars = 12_000;
    made.server.script({ match: { path: '/infill' }, reply: { text: 'r * r' } });
    const chunk = stdlibChunk();
    assert.ok(chunk.text.length > 1000, 'a real function of some size');
    const suggestion = await askInline(engineFor(made), () => [chunk]);
    assert.equal(suggestion?.text, 'r * r');
    const sent = made.server.requests.find((r) => r.path === '/infill')!.body;
    // llama.cpp keeps none of input_extra when the slot is no bigger than its 2,048-token batch.
    assert.equal(sent.input_extra, undefined, 'nothing sent where the server drops it');
    assert.match(sent.input_prefix, /# Path: lib\/textwrap\.py\n# def dedent\(/);
    assert.ok(suggestion?.meta?.promptTokens && suggestion.meta.promptTokens > chunk.text.length / 4, `the server evaluated the context (${suggestion?.meta?.promptTokens} tokens)`);
  });

  it('finding 6 (llamacpp): /infill usage counts this prompt\'s cached share, not the slot cache (tokens_cached)', async () => {
    const made = rig('llamacpp');
    const request = () => made.client.infill(made.endpoint, sealed({ model: PROFILE_MODELS.llamacpp, inputPrefix: 'def area(r):\n    return', inputSuffix: '\n\nprint(area(2))\n', maxTokens: 8 }));
    await request();
    const repeated = await request();
    // The slot cache after the answer (tokens_cached) is prompt + generated − 1: more than the prompt.
    assert.ok(repeated.usage.cachedPromptTokens > 0, 'the repeated prompt comes from the cache');
    assert.ok(repeated.usage.cachedPromptTokens < repeated.usage.promptTokens, `${repeated.usage.cachedPromptTokens} cached of ${repeated.usage.promptTokens}`);
  });

  it('vllm: a catalog-unknown model never gets `suffix`; a known FIM family gets its raw template', async () => {
    const made = rig('vllm');
    made.server.script({ match: { path: '/v1/completions' }, reply: { text: 'r * r' } });
    const suggestion = await askInline(engineFor(made));
    assert.equal(suggestion?.meta?.transport, 'fim-template', 'Qwen/Qwen2.5-Coder-1.5B has a known template');
    assert.ok(made.server.requests.every((r) => r.body?.suffix === undefined));
  });

  it('finding 2 (llamacpp): the router plans with the 2,048-token slot, not the 8,192 guess', async () => {
    const made = rig('llamacpp');
    const router = routerFor(made);
    await assert.rejects(
      router.run({ job: 'chat', tier: 'fast', promptTokens: 3000, maxOutputTokens: 256, execute: () => Promise.reject(new Error('must not be sent')) }),
      (error: unknown) => error instanceof EndpointError && error.reason === 'context-too-long' && /holds 2,048/.test(error.message),
    );
  });

  it('finding 2 (ollama): the served num_ctx (4,096) wins over the catalog window (32,768)', async () => {
    const made = rig('ollama');
    await made.servers.ensure(made.endpoint, [made.config.models.fast]);
    const router = routerFor(made);
    const target = await router.target('chat', 'fast');
    assert.equal(target.model, 'qwen2.5-coder:7b-base');
    await assert.rejects(
      router.run({ job: 'chat', tier: 'fast', promptTokens: 6000, maxOutputTokens: 256, execute: () => Promise.reject(new Error('must not be sent')) }),
      /holds 4,096/,
    );
  });

  it('finding 3 (llamacpp --no-context-shift): the error line inside a 200 stream is "context too long"', async () => {
    const strict = await startMockServer({ profile: serverProfile('llamacpp', { ctx: 1024, parallel: 1, contextShift: false }) });
    const made = rigFor(strict, 'models/tiny-random.gguf');
    rigs.push(made);
    try {
      await assert.rejects(made.client.chat(made.endpoint, sealed({ model: made.config.models.fast, messages: [{ role: 'user', content: 'word '.repeat(1800) }] })), (error: unknown) => {
        assert.ok(error instanceof EndpointError);
        assert.equal(error.reason, 'context-too-long');
        assert.match(error.message, /exceeds the available context size/);
        return true;
      });
    } finally {
      await strict.close();
    }
  });

  it('finding 3 (openrouter, vllm): an error object inside a 200 stream fails the request with the server\'s words', async () => {
    for (const name of ['openrouter', 'vllm'] as const) {
      const made = rig(name);
      made.server.script({ reply: { text: 'a longer answer that breaks half way', fault: 'error-in-stream' } });
      await assert.rejects(made.client.chat(made.endpoint, sealed({ model: PROFILE_MODELS[name], messages: [{ role: 'user', content: 'hi' }] })), (error: unknown) => {
        assert.ok(error instanceof EndpointError, name);
        assert.equal(error.reason, 'server', name);
        assert.match(error.message, /stopped in the middle of the answer/, name);
        return true;
      });
    }
  });

  it('lmstudio: an unknown route answering 200 with an error body is a rejection, not an empty suggestion', async () => {
    const made = rig('lmstudio');
    await assert.rejects(made.client.infill(made.endpoint, sealed({ model: PROFILE_MODELS.lmstudio, inputPrefix: 'a', inputSuffix: 'b' })), (error: unknown) => {
      assert.ok(error instanceof EndpointError);
      assert.equal(error.reason, 'unsupported-parameter');
      return true;
    });
  });
});
