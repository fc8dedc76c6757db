import * as assert from 'assert';
import type { ProbeResult } from '../../../src/common/llm';
import { modelTraits, suggestRoles } from '../../../src/features/setup/modelRoles';
import { findPreset } from '../../../src/features/setup/presets';

const ollama = findPreset('ollama')!;
const custom = findPreset('custom')!;

describe('model roles: FIM for inline, instruct for chat', () => {
  it('suggests the base FIM model for inline and the instruct model for chat (issue 12: -base was "suggested" for chat)', () => {
    const listed = ['qwen2.5-coder:7b-base', 'qwen2.5-coder:7b-instruct', 'llama3.1:8b'];
    assert.deepStrictEqual(suggestRoles(listed, custom), { inline: 'qwen2.5-coder:7b-base', fast: 'qwen2.5-coder:7b-instruct', large: 'qwen2.5-coder:7b-instruct' });
  });

  it("keeps the preset's models for chat when they are there and still offers a base model for inline", () => {
    const listed = ['qwen2.5-coder:1.5b', 'qwen2.5-coder:7b', 'qwen2.5-coder:1.5b-base'];
    assert.deepStrictEqual(suggestRoles(listed, ollama), { inline: 'qwen2.5-coder:1.5b-base', fast: 'qwen2.5-coder:1.5b', large: 'qwen2.5-coder:7b' });
  });

  it('uses one model for every role when the server has only one (llama.cpp lists its file path)', () => {
    assert.deepStrictEqual(suggestRoles(['models/tiny-random.gguf'], findPreset('llamacpp')!), {
      inline: 'models/tiny-random.gguf', fast: 'models/tiny-random.gguf', large: 'models/tiny-random.gguf',
    });
  });

  it('says why: base, known FIM template, chat-only, and a probe verdict over the name', () => {
    assert.match(modelTraits('Qwen/Qwen2.5-Coder-1.5B-base').why, /base model: trained for fill-in-the-middle, poor at chat/);
    assert.match(modelTraits('qwen2.5-coder:7b').why, /known FIM template \(qwen\)/);
    const gpt = modelTraits('gpt-4.1-mini');
    assert.deepStrictEqual([gpt.fim, gpt.instruct], [false, true]);
    const probe: ProbeResult = { endpointId: 'e', model: 'm.gguf', at: 0, chat: { ok: true }, transports: { 'completions-suffix': { ok: false }, infill: { ok: true } } };
    assert.deepStrictEqual([modelTraits('m.gguf', {}, probe).fim, modelTraits('m.gguf', {}, probe).why], [true, 'Test Endpoint: fill-in-the-middle works (infill)']);
    const failed: ProbeResult = { ...probe, transports: { infill: { ok: false } } };
    assert.strictEqual(modelTraits('qwen2.5-coder:7b-base', {}, failed).fim, false, 'a probe that found no FIM transport wins over the name');
  });

  it('prefers a model the probe found FIM-capable for inline over one it did not', () => {
    const probes = (model: string): ProbeResult | undefined => (model === 'b.gguf' ? { endpointId: 'e', model, at: 0, chat: { ok: true }, transports: { infill: { ok: true } } } : undefined);
    assert.strictEqual(suggestRoles(['a.gguf', 'b.gguf'], custom, {}, probes).inline, 'b.gguf');
  });
});
