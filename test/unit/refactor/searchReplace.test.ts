import * as assert from 'assert';
import { applySearchReplace, parseSearchReplace } from '../../../src/common/refactor/searchReplace';

const text = 'class A {\n    one() {\n        return 1;\n    }\n\n    two() {\n        return 2;\n    }\n}\n';

describe('search/replace edits', () => {
  it('parses blocks and applies them in order', () => {
    const answer = [
      '<<<<<<< SEARCH', '        return 1;', '=======', '        return 11;', '>>>>>>> REPLACE',
      '<<<<<<< SEARCH', '        return 2;', '=======', '        return 22;', '>>>>>>> REPLACE',
    ].join('\n');
    const parsed = parseSearchReplace(answer);
    assert.strictEqual(parsed.blocks.length, 2);
    const applied = applySearchReplace(text, parsed.blocks);
    assert.deepStrictEqual(applied.failed, []);
    assert.strictEqual(applied.text, text.replace('return 1;', 'return 11;').replace('return 2;', 'return 22;'));
  });

  it('matches despite different indentation and re-indents the replacement', () => {
    const applied = applySearchReplace(text, [{ search: 'two() {\n    return 2;', replace: '/** Two. */\ntwo() {\n    return 2;' }]);
    assert.strictEqual(applied.failed.length, 0);
    assert.ok(applied.text.includes('    /** Two. */\n    two() {\n        return 2;'), applied.text);
  });

  it('reports blocks whose search text is not in the code', () => {
    const applied = applySearchReplace(text, [{ search: 'three()', replace: 'x' }]);
    assert.deepStrictEqual(applied.failed, [1]);
    assert.strictEqual(applied.text, text);
  });

  it('flags an incomplete block and recognises NO CHANGES', () => {
    assert.strictEqual(parseSearchReplace('<<<<<<< SEARCH\nfoo\n=======\nbar').incomplete, true);
    assert.strictEqual(parseSearchReplace('NO CHANGES').noChanges, true);
    assert.strictEqual(parseSearchReplace('Sorry, I cannot.').blocks.length, 0);
  });
});
