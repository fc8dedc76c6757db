import * as assert from 'assert';
import { rewriteProgressText, tokensReceived } from '../../../src/common/refactor/progressText';

const at = (over: Partial<Parameters<typeof rewriteProgressText>[1]>) => ({ partsDone: 1, parts: 5, tokens: 1, part: 2, ...over });

describe('rewrite progress text', () => {
  it('docs name the symbols of the part, with its position and a correct plural', () => {
    assert.strictEqual(rewriteProgressText('docs', at({ names: ['parseArgs'] })), 'Documenting parseArgs (2 of 5) · 1 token received');
    assert.strictEqual(rewriteProgressText('docs', at({ names: ['a', 'b'], tokens: 1200 })), 'Documenting a and b (2 of 5) · 1,200 tokens received');
    assert.strictEqual(rewriteProgressText('docs', at({ names: ['a', 'b', 'c', 'd'], parts: 1, part: 1 })), 'Documenting a, b and 2 more · 1 token received');
  });

  it('refactors, and docs of a part without names, show the part', () => {
    assert.strictEqual(rewriteProgressText('refactor', at({ names: ['x'], tokens: 2 })), 'part 2 of 5 (1 done) · 2 tokens received');
    assert.strictEqual(rewriteProgressText('docs', at({ parts: 1, part: 1, names: [] })), '1 token received');
  });

  it('explain shows the tokens received with a correct plural', () => {
    assert.strictEqual(tokensReceived(1), '1 token received');
    assert.strictEqual(tokensReceived(0), '0 tokens received');
    assert.strictEqual(tokensReceived(20_480), '20,480 tokens received');
  });
});
