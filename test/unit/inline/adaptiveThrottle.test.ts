import * as assert from 'assert';
import { AdaptiveThrottle } from '../../../src/common/inline/adaptiveThrottle';
import { ctxFromMarked } from './helpers';

const BASE_MS = 40;
const at = (marked: string, uri?: string) => ctxFromMarked(marked, 'typescript', uri);

describe('inline adaptive throttle', () => {
  it('keeps the configured wait while nothing has been judged', () => {
    const pace = new AdaptiveThrottle();
    pace.answered(at('const total = items.‸\n'), 'length;');
    assert.strictEqual(pace.waitMs(BASE_MS), BASE_MS);
  });

  it('waits longer than a typist between two keys once the user typed past an answer', () => {
    const pace = new AdaptiveThrottle();
    pace.answered(at('const total = items.‸\n'), 'length;');
    pace.observe(at('const total = items.re‸\n'));
    assert.ok(pace.waitMs(BASE_MS) > 150, `wait ${pace.waitMs(BASE_MS)} ms`);
  });

  it('grows with misses in a row, up to a cap', () => {
    const pace = new AdaptiveThrottle();
    const waits: number[] = [];
    for (const [asked, typed] of [['items.‸', 'items.r‸'], ['items.r‸', 'items.re‸'], ['items.re‸', 'items.red‸'], ['items.red‸', 'items.redu‸'], ['items.redu‸', 'items.reduc‸']]) {
      pace.answered(at(`const total = ${asked}\n`), 'length;');
      pace.observe(at(`const total = ${typed}\n`));
      waits.push(pace.waitMs(BASE_MS));
    }
    assert.ok(waits[1] > waits[0] && waits[2] > waits[1], `waits ${waits.join(', ')}`);
    assert.strictEqual(waits[4], waits[3], 'capped');
    assert.ok(waits[4] <= 1000);
  });

  it('goes back to the configured wait after one answer is typed along with (or accepted)', () => {
    const pace = new AdaptiveThrottle();
    pace.answered(at('const total = items.‸\n'), 'length;');
    pace.observe(at('const total = items.re‸\n'));
    pace.answered(at('const total = items.re‸\n'), 'duce((a, b) => a + b, 0);');
    pace.observe(at('const total = items.red‸\n'));
    assert.ok(pace.waitMs(BASE_MS) > BASE_MS, 'one matching key is not yet proof');
    pace.observe(at('const total = items.reduce(‸\n'));
    assert.strictEqual(pace.waitMs(BASE_MS), BASE_MS);
  });

  it('judges nothing when the user moved away, deleted or changed documents', () => {
    const pace = new AdaptiveThrottle();
    pace.answered(at('const total = items.‸\n'), 'length;');
    pace.observe(at('const total = item‸\n'));
    pace.answered(at('let a = 1;\nlet b = ‸\n'), '2;');
    pace.observe(at('let a = 1;\nlet b = x‸\n', 'file:///other.ts'));
    assert.strictEqual(pace.waitMs(BASE_MS), BASE_MS);
    // Both answers were dropped: typing past them later from here says nothing either.
    pace.observe(at('const total = items.zzz‸\n'));
    assert.strictEqual(pace.waitMs(BASE_MS), BASE_MS);
  });

  it('never waits less than the configured throttle', () => {
    const pace = new AdaptiveThrottle();
    pace.answered(at('x = ‸\n'), '1;');
    pace.observe(at('x = 2‸\n'));
    assert.strictEqual(pace.waitMs(2000), 2000);
  });
});
