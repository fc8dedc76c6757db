import * as assert from 'assert';
import { reviewOutcome, tallyText } from '../../../src/common/review/outcome';

describe('review outcome: what became of the hunks, in one word and in counts', () => {
  it('a conflict among applied hunks is partial, not stale', () => {
    const tally = { total: 3, applied: 2, rejected: 0, conflicted: 1 };
    assert.strictEqual(reviewOutcome(tally), 'partial');
    assert.strictEqual(tallyText(tally), '2 of 3 changes applied, 1 conflicted');
  });

  it('stale only when nothing applied and something conflicted; rejected when the user dropped all', () => {
    assert.strictEqual(reviewOutcome({ total: 2, applied: 0, rejected: 1, conflicted: 1 }), 'stale');
    assert.strictEqual(reviewOutcome({ total: 2, applied: 0, rejected: 2, conflicted: 0 }), 'rejected');
    assert.strictEqual(tallyText({ total: 2, applied: 0, rejected: 2, conflicted: 0 }), '0 of 2 changes applied, 2 rejected');
  });

  it('accepted when some applied and none conflicted, even if the user rejected others', () => {
    assert.strictEqual(reviewOutcome({ total: 3, applied: 1, rejected: 2, conflicted: 0 }), 'accepted');
    assert.strictEqual(tallyText({ total: 1, applied: 1, rejected: 0, conflicted: 0 }), '1 of 1 change applied');
  });
});
