// What the server publishes, folded into the settings: beneath the user's overrides, shrinking the
// catalog's window, standing in for the guess on unknown models, capping refactor parts at the slots.
import * as assert from 'node:assert/strict';
import { lookupModel } from '../../src/common/catalog';
import { AUTO_CONCURRENCY, DEFAULT_CONFIG, refactorConcurrency } from '../../src/common/config';
import { ServerFactsCache, withServerFacts, type ServerFacts } from '../../src/common/serverFacts';
import { silentLogger } from '../../src/common/logger';

const facts = (extra: Partial<ServerFacts>): ServerFacts => ({ kind: 'llamacpp', windows: {}, maxOutputs: {}, asked: [], ...extra });

describe('server facts in the settings', () => {
  const config = () => structuredClone(DEFAULT_CONFIG);

  it('a served window stands in for the 8,192 guess on a catalog-unknown model (llama.cpp slot of 2,048)', () => {
    const c = config();
    c.models.fast = 'models/tiny-random.gguf';
    const merged = withServerFacts(c, facts({ anyModelWindow: 2048, slots: 2 }));
    const { info, known } = lookupModel('models/tiny-random.gguf', merged.models.overrides);
    assert.equal(info.contextWindow, 2048);
    assert.equal(known, false, 'a served window does not make the model "known" (its FIM format is still unknown)');
  });

  it('can only shrink a catalog window (Ollama num_ctx 4,096 for a 32k Qwen coder), never grow it', () => {
    const c = config();
    c.models.fast = 'qwen2.5-coder:7b-base';
    assert.equal(lookupModel('qwen2.5-coder:7b-base', withServerFacts(c, facts({ kind: 'ollama', windows: { 'qwen2.5-coder:7b-base': 4096 } })).models.overrides).info.contextWindow, 4096);
    assert.equal(lookupModel('qwen2.5-coder:7b-base', withServerFacts(c, facts({ kind: 'vllm', windows: { 'qwen2.5-coder:7b-base': 131072 } })).models.overrides).info.contextWindow, 32768);
  });

  it('the user override still wins', () => {
    const c = config();
    c.models.fast = 'qwen2.5-coder:7b-base';
    c.models.overrides['qwen2.5-coder:7b-base'] = { contextWindow: 16384 };
    const merged = withServerFacts(c, facts({ kind: 'ollama', windows: { 'qwen2.5-coder:7b-base': 4096 } }));
    assert.equal(lookupModel('qwen2.5-coder:7b-base', merged.models.overrides).info.contextWindow, 16384);
  });

  it("resolves the 'auto' refactor concurrency to the server's slots (finding 5: -np 1 runs one part at a time)", () => {
    assert.equal(withServerFacts(config(), facts({ slots: 1 })).refactor.concurrency, 1);
    assert.equal(withServerFacts(config(), facts({ slots: 8 })).refactor.concurrency, 8, 'a default adapts upwards too');
    assert.equal(refactorConcurrency(withServerFacts(config(), undefined)), AUTO_CONCURRENCY, 'nothing known: the old default');
    assert.equal(refactorConcurrency(withServerFacts(config(), facts({}))), AUTO_CONCURRENCY, 'a server that does not say');
  });

  it('keeps a refactor concurrency the user chose, whatever the slots', () => {
    const chosen = config();
    chosen.refactor.concurrency = 3;
    assert.equal(withServerFacts(chosen, facts({ slots: 1 })).refactor.concurrency, 3);
    assert.equal(withServerFacts(chosen, facts({ slots: 8 })).refactor.concurrency, 3);
  });

  it('discovers once per endpoint and model, shares a running discovery, and forgets on clear()', async () => {
    let calls = 0;
    const cache = new ServerFactsCache(async (_endpoint, models) => {
      calls++;
      return facts({ kind: 'ollama', windows: Object.fromEntries(models.map((m) => [m, 4096])), asked: models });
    }, silentLogger);
    const endpoint = { id: 'http://x/v1', name: 'x', baseUrl: 'http://x/v1', headers: {} };
    await Promise.all([cache.ensure(endpoint, ['a']), cache.ensure(endpoint, ['a'])]);
    await cache.ensure(endpoint, ['a']);
    assert.equal(calls, 1);
    await cache.ensure(endpoint, ['a', 'b']);
    assert.equal(calls, 2, 'only the new model is asked about');
    assert.deepEqual(Object.keys(cache.peek(endpoint.id)!.windows).sort(), ['a', 'b']);
    cache.clear();
    assert.equal(cache.peek(endpoint.id), undefined);
  });
});
