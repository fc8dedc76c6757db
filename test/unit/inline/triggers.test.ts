import * as assert from 'assert';
import { skipReason } from '../../../src/common/inline/triggers';
import { ctxFromMarked } from './helpers';

describe('inline triggers: nothing is asked mid-identifier', () => {
  it('a prefix ending inside a name is mid-identifier (keywords, names, numbers, non-ASCII)', () => {
    for (const marked of ['functio‸', 'const clam‸', 'x = 12‸', 'let größ‸', 'this.$stor‸', 'def foo_b‸):']) {
      assert.strictEqual(skipReason(ctxFromMarked(marked)), 'mid-identifier', marked);
    }
  });

  it('after a separator, an operator or at line start a request may go', () => {
    for (const marked of ['function ‸', 'foo.‸', 'call(‸)', 'x = ‸', 'if (a &&‸', 'x\n‸', 'const s = "‸";']) {
      assert.strictEqual(skipReason(ctxFromMarked(marked)), undefined, marked);
    }
  });
});
