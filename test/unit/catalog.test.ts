import * as assert from 'assert';
import { UNKNOWN_MODEL, costUsd, lookupModel } from '../../src/common/catalog';

describe('catalog: lookupModel', () => {
  it('knows the gpt-4.1 family with the published windows and prices', () => {
    const { info, known } = lookupModel('gpt-4.1-mini');
    assert.ok(known);
    assert.strictEqual(info.contextWindow, 1_047_576);
    assert.strictEqual(info.maxOutput, 32_768);
    assert.deepStrictEqual([info.priceIn, info.priceCachedIn, info.priceOut], [0.4, 0.1, 1.6]);
    assert.strictEqual(info.encoding, 'o200k_base');
    assert.strictEqual(info.fimFormat, 'none');
    assert.ok(info.chatOnly);
    assert.deepStrictEqual([lookupModel('gpt-4.1').info.priceIn, lookupModel('gpt-4.1-nano').info.priceIn], [2, 0.1]);
  });

  it('prefers the longest family prefix (gpt-4o-mini is not gpt-4o)', () => {
    assert.strictEqual(lookupModel('gpt-4o-mini').info.priceIn, 0.15);
    assert.strictEqual(lookupModel('gpt-4o').info.priceIn, 2.5);
    assert.strictEqual(lookupModel('gpt-4o-mini').info.contextWindow, 128_000);
  });

  it('matches dated snapshots, provider prefixes and tags', () => {
    assert.strictEqual(lookupModel('gpt-4.1-mini-2025-04-14').info.priceIn, 0.4);
    assert.strictEqual(lookupModel('openai/gpt-4.1-mini').info.priceIn, 0.4);
    const qwenNames = ['qwen2.5-coder:7b-base', 'Qwen/Qwen2.5-Coder-1.5B', 'qwen2.5-coder', 'hf.co/someone/Qwen2.5-Coder-7B-Instruct-GGUF:Q4_K_M'];
    for (const name of qwenNames) {
      const { info, known } = lookupModel(name);
      assert.ok(known, name);
      assert.strictEqual(info.fimFormat, 'qwen', name);
      assert.strictEqual(info.id, name);
    }
  });

  it('knows the FIM format of each open code model family', () => {
    const expected: Record<string, string> = {
      'deepseek-coder:6.7b-base': 'deepseek',
      'deepseek-ai/deepseek-coder-1.3b-base': 'deepseek',
      'starcoder2:3b': 'starcoder',
      'bigcode/starcoder2-15b': 'starcoder',
      'codellama:7b-code': 'codellama',
      'codestral-latest': 'codestral',
      'mistralai/Codestral-22B-v0.1': 'codestral',
    };
    for (const [name, format] of Object.entries(expected)) {
      const { info, known } = lookupModel(name);
      assert.ok(known, name);
      assert.strictEqual(info.fimFormat, format, name);
      assert.ok(!info.chatOnly, name);
    }
  });

  it('does not match a prefix in the middle of a word', () => {
    assert.strictEqual(lookupModel('gpt-4olympus').known, false);
    assert.strictEqual(lookupModel('my-gpt-4.1').known, false);
  });

  it('gives unknown models conservative defaults and known=false', () => {
    const { info, known } = lookupModel('azure-deployment-7');
    assert.strictEqual(known, false);
    assert.strictEqual(info.contextWindow, UNKNOWN_MODEL.contextWindow);
    assert.ok(info.contextWindow <= 8192);
    assert.strictEqual(info.priceIn, 0);
    assert.strictEqual(info.fimFormat, 'none');
  });

  it('merges user overrides per field over the catalog entry', () => {
    const { info, known } = lookupModel('qwen2.5-coder:32b', { 'qwen2.5-coder:32b': { contextWindow: 131_072, priceIn: 0.2 } });
    assert.ok(known);
    assert.strictEqual(info.contextWindow, 131_072);
    assert.strictEqual(info.priceIn, 0.2);
    assert.strictEqual(info.fimFormat, 'qwen', 'fields not overridden keep the catalog value');
  });

  it('makes a model known through an override (case-insensitive name)', () => {
    const { info, known } = lookupModel('My-Model', { 'my-model': { contextWindow: 32_768, fimFormat: 'starcoder' } });
    assert.ok(known);
    assert.strictEqual(info.contextWindow, 32_768);
    assert.strictEqual(info.fimFormat, 'starcoder');
    assert.strictEqual(info.maxOutput, UNKNOWN_MODEL.maxOutput);
  });
});

describe('catalog: costUsd', () => {
  it('bills cached prompt tokens at the cached-input price', () => {
    const { info } = lookupModel('gpt-4.1');
    // 1M prompt of which 400k cached, 100k out: 600k*$2 + 400k*$0.5 + 100k*$8 per 1M.
    const cost = costUsd(info, { promptTokens: 1_000_000, cachedPromptTokens: 400_000, completionTokens: 100_000 });
    assert.ok(Math.abs(cost - (1.2 + 0.2 + 0.8)) < 1e-9, String(cost));
  });

  it('never counts more cached tokens than prompt tokens', () => {
    const { info } = lookupModel('gpt-4.1-mini');
    const cost = costUsd(info, { promptTokens: 100, cachedPromptTokens: 1000, completionTokens: 0 });
    assert.ok(Math.abs(cost - (100 * 0.1) / 1e6) < 1e-12);
  });

  it('is zero for free local models', () => {
    assert.strictEqual(costUsd(lookupModel('qwen2.5-coder:7b').info, { promptTokens: 5000, cachedPromptTokens: 0, completionTokens: 500 }), 0);
  });
});
