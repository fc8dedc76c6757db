import * as assert from 'assert';
import { throttledProgress } from '../../src/common/progressThrottle';

/** Polls until `check` holds (timers are real; no timing is asserted, only what was shown). */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 5_000; !check(); await new Promise((resolve) => setTimeout(resolve, 5))) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
  }
}

describe('throttled progress', () => {
  it('shows the first update at once and holds the next ones to one per interval', () => {
    let now = 1_000;
    const shown: number[] = [];
    const progress = throttledProgress<number>((value) => shown.push(value), 150, () => now);
    progress.update(0);
    now += 10;
    progress.update(1);
    progress.update(2);
    assert.deepStrictEqual(shown, [0]);
    progress.dispose();
  });

  it('shows the last update of a stream that then stalls, once the interval ends', async () => {
    // The bug this replaces: "Documenting perimeter · 0 tokens received" until Cancel, because the
    // one token that arrived inside the interval was dropped and no further token came.
    const shown: string[] = [];
    const progress = throttledProgress<string>((value) => shown.push(value), 20);
    progress.update('0 tokens received');
    progress.update('1 token received');
    await eventually(() => shown.length === 2, 'the held update is shown');
    assert.deepStrictEqual(shown, ['0 tokens received', '1 token received']);
    progress.dispose();
  });

  it('shows the newest value when the interval ends, once, and at once when asked', async () => {
    const shown: number[] = [];
    const progress = throttledProgress<number>((value) => shown.push(value), 20);
    progress.update(1);
    progress.update(2);
    progress.update(3);
    await eventually(() => shown.length === 2, 'the held update is shown');
    assert.deepStrictEqual(shown, [1, 3]);
    progress.update(4, true);
    assert.deepStrictEqual(shown, [1, 3, 4]);
    progress.dispose();
  });

  it('shows nothing more after dispose', async () => {
    const shown: number[] = [];
    const progress = throttledProgress<number>((value) => shown.push(value), 10);
    progress.update(1);
    progress.update(2);
    progress.dispose();
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.deepStrictEqual(shown, [1]);
  });
});
