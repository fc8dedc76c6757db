import * as assert from 'assert';
import { typedCharacters } from '../../../src/common/inline/typedKeys';

describe('typed characters', () => {
  it('counts a key as one character: a letter, Enter with its indentation, a bracket the editor closed', () => {
    assert.equal(typedCharacters([{ text: 'a', rangeLength: 0 }]), 1);
    assert.equal(typedCharacters([{ text: '\n    ', rangeLength: 0 }]), 1);
    assert.equal(typedCharacters([{ text: '()', rangeLength: 0 }]), 1);
    assert.equal(typedCharacters([{ text: 'x', rangeLength: 3 }]), 1, 'typing over a selection');
    // Multi-cursor typing: one character at each cursor.
    assert.equal(typedCharacters([{ text: 'a', rangeLength: 0 }, { text: 'a', rangeLength: 0 }]), 2);
  });

  it('does not count an accepted suggestion, a paste or a deletion as typing', () => {
    assert.equal(typedCharacters([{ text: 'return a + b;', rangeLength: 0 }]), 0);
    assert.equal(typedCharacters([{ text: 'const x = 1;\nconst y = 2;\n', rangeLength: 0 }]), 0);
    assert.equal(typedCharacters([{ text: '', rangeLength: 1 }]), 0);
  });
});
