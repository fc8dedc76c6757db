import * as assert from 'assert';
import { EndpointError } from '../../../src/common/errors';
import type { ProbeResult } from '../../../src/common/llm';
import { isTransportRejection, TransportMemory } from '../../../src/common/inline/transport';

const qwen = { fimFormat: 'qwen' as const, chatOnly: false, known: true };
const chatOnly = { fimFormat: 'none' as const, chatOnly: true, known: true };
const unknown = { fimFormat: 'none' as const, chatOnly: false, known: false };

describe('inline transport selection and fallback memory', () => {
  it('follows the catalog when nothing was probed', () => {
    const memory = new TransportMemory();
    assert.deepStrictEqual(memory.candidates('http://x/v1', 'qwen2.5-coder', qwen, 'auto'), ['fim-template', 'completions-suffix', 'infill', 'chat']);
    assert.deepStrictEqual(memory.candidates('https://api.openai.com/v1', 'gpt-4.1-mini', chatOnly, 'auto'), ['chat']);
    assert.deepStrictEqual(memory.candidates('http://x/v1', 'my-model', unknown, 'auto'), ['completions-suffix', 'infill', 'chat']);
    assert.strictEqual(memory.candidates('https://api.deepseek.com/v1', 'deepseek-coder', { ...qwen, fimFormat: 'deepseek' }, 'auto')[0], 'deepseek-beta');
  });

  it('puts what the probe found first and leaves out what it found broken', () => {
    const probe: ProbeResult = { endpointId: 'e', model: 'm', at: 0, chat: { ok: true }, transports: { infill: { ok: true }, 'fim-template': { ok: false } } };
    assert.deepStrictEqual(new TransportMemory().candidates('e', 'm', qwen, 'auto', probe), ['infill', 'completions-suffix', 'chat']);
  });

  it('a setting wins; a rejected transport is remembered per endpoint+model', () => {
    const memory = new TransportMemory();
    assert.strictEqual(memory.candidates('e', 'm', qwen, 'completions-suffix')[0], 'completions-suffix');
    memory.reject('e', 'm', 'completions-suffix');
    assert.strictEqual(memory.candidates('e', 'm', qwen, 'completions-suffix')[0], 'fim-template');
    assert.strictEqual(memory.candidates('e', 'other', qwen, 'completions-suffix')[0], 'completions-suffix');
    memory.confirm('e', 'm', 'infill');
    assert.strictEqual(memory.candidates('e', 'm', qwen, 'auto')[0], 'infill');
  });

  it('only "not this way" errors trigger a fallback', () => {
    const err = (reason: EndpointError['reason'], status?: number) => new EndpointError({ reason, status, message: 'x' });
    assert.strictEqual(isTransportRejection(err('unsupported-parameter', 400)), true);
    assert.strictEqual(isTransportRejection(err('model-not-found', 404)), true);
    assert.strictEqual(isTransportRejection(err('server', 501)), true);
    assert.strictEqual(isTransportRejection(err('auth', 401)), false);
    assert.strictEqual(isTransportRejection(err('timeout')), false);
    assert.strictEqual(isTransportRejection(err('context-too-long', 400)), false);
    assert.strictEqual(isTransportRejection(err('server', 500)), false);
  });
});
