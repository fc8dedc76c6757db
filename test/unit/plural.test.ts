import * as assert from 'assert';
import { counted } from '../../src/common/plural';

describe('counts in progress texts', () => {
  it('says "1 token", never "1 tokens"; other counts are plural and grouped', () => {
    assert.strictEqual(counted(1, 'token'), '1 token');
    assert.strictEqual(counted(0, 'token'), '0 tokens');
    assert.strictEqual(counted(1024, 'token'), '1,024 tokens');
    assert.strictEqual(counted(2, 'entry', 'entries'), '2 entries');
  });
});
