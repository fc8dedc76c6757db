import * as assert from 'assert';
import { heuristicShape } from '../../../src/common/inline/shape';
import { finalizeCompletion } from '../../../src/common/inline/postprocess';
import { RequestManager, type Fetcher, type ManagedRequest } from '../../../src/common/inline/requestManager';
import { ctxFromMarked } from './helpers';

interface Call {
  request: ManagedRequest;
  signal: AbortSignal;
  onText(text: string): void;
  resolve(text: string): void;
}

/** A fetcher the test drives by hand: nothing arrives until the test says so. */
function manualFetcher() {
  const calls: Call[] = [];
  const fetch: Fetcher<string> = (request, signal, onText) =>
    new Promise((resolve) => {
      let last = '';
      const call: Call = {
        request,
        signal,
        onText: (text) => {
          last = text;
          onText(text);
        },
        resolve: (text) => resolve({ text, meta: `call${calls.indexOf(call)}` }),
      };
      signal.addEventListener('abort', () => resolve({ text: last, meta: 'aborted' }));
      calls.push(call);
    });
  return { calls, fetch };
}

function manager(fetch: Fetcher<string>, options: { throttleMs?: number; hotStreak?: boolean } = {}) {
  return new RequestManager<string>({
    fetch,
    finalize: (raw, request) => finalizeCompletion(raw, request.ctx, request.shape),
    throttleMs: () => options.throttleMs ?? 30,
    hotStreak: () => options.hotStreak ?? false,
  });
}

const req = (marked: string, immediate = false): ManagedRequest => ({ ctx: ctxFromMarked(marked), shape: heuristicShape(ctxFromMarked(marked), false), immediate });
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** Waits until `count` requests were sent (a loaded machine runs timers late: never a fixed sleep). */
async function untilSent(calls: Call[], count: number): Promise<void> {
  const giveUp = Date.now() + 5000;
  while (calls.length < count && Date.now() < giveUp) await tick(5);
}

describe('inline request manager', () => {
  it('sends start-of-line requests at once and mid-line ones after the throttle', async () => {
    const { calls, fetch } = manualFetcher();
    // Long enough that no late timer on a loaded machine reaches it between the two checks.
    const m = manager(fetch, { throttleMs: 1000 });
    void m.get(req('a();\n‸\n', true), new AbortController().signal);
    await tick();
    assert.strictEqual(calls.length, 1);
    void m.get(req('const x = fo‸\n'), new AbortController().signal);
    await tick();
    assert.strictEqual(calls.length, 1, 'still throttled');
    await untilSent(calls, 2);
    assert.strictEqual(calls.length, 2);
  });

  it('replaces the waiting tail: fast typing sends one request, not one per key', async () => {
    const { calls, fetch } = manualFetcher();
    const m = manager(fetch, { throttleMs: 30 });
    // The keys arrive within one throttle wait of each other whatever the machine's load.
    const results = ['c', 'co', 'con', 'cons'].map((typed) => m.get(req(`let ${typed}‸\n`), new AbortController().signal));
    await untilSent(calls, 1);
    await tick(60);
    assert.strictEqual(calls.length, 1);
    assert.strictEqual(calls[0].request.ctx.linePrefix, 'let cons');
    calls[0].resolve('t value = 1;');
    const served = await Promise.all(results);
    assert.strictEqual(served[3]?.text, 't value = 1;');
    assert.deepStrictEqual(served.slice(0, 3), [undefined, undefined, undefined]);
  });

  it('reuses an in-flight request the user types along with, and recycles its answer', async () => {
    const { calls, fetch } = manualFetcher();
    const m = manager(fetch, { throttleMs: 0 });
    const first = m.get(req('total = ‸\n', true), new AbortController().signal);
    await tick();
    calls[0].onText('items.le');
    const second = m.get(req('total = ite‸\n'), new AbortController().signal);
    await tick(10);
    assert.strictEqual(calls.length, 1, 'no second request');
    assert.strictEqual(calls[0].signal.aborted, false);
    calls[0].resolve('items.length;');
    assert.deepStrictEqual(await first, { text: 'items.length;', origin: 'network', meta: 'call0' });
    assert.deepStrictEqual(await second, { text: 'ms.length;', origin: 'recycled', meta: 'call0' });
  });

  it('aborts only requests the user has diverged from', async () => {
    const { calls, fetch } = manualFetcher();
    const m = manager(fetch, { throttleMs: 0 });
    void m.get(req('total = ‸\n', true), new AbortController().signal);
    void m.get(req('other = 1;\n‸\n', true), new AbortController().signal);
    await tick();
    assert.strictEqual(calls.length, 2);
    calls[0].onText('items');
    // Typing "x" contradicts "items" and moves away from the second request's line.
    void m.get(req('total = x‸\n'), new AbortController().signal);
    await tick();
    assert.strictEqual(calls[0].signal.aborted, true);
    assert.strictEqual(calls[1].signal.aborted, true);
  });

  it('a cancelled caller does not cancel the request; the next keystroke gets its answer', async () => {
    const { calls, fetch } = manualFetcher();
    const m = manager(fetch, { throttleMs: 0 });
    const caller = new AbortController();
    const first = m.get(req('value = ‸\n', true), caller.signal);
    await tick();
    caller.abort();
    assert.strictEqual(await first, undefined);
    assert.strictEqual(calls[0].signal.aborted, false);
    calls[0].resolve('compute();');
    await tick();
    assert.deepStrictEqual(m.fromMemory(req('value = comp‸\n')), { text: 'ute();', origin: 'cache' });
  });

  it('stops the stream as soon as the first line is complete (no hot streak)', async () => {
    const { calls, fetch } = manualFetcher();
    const m = manager(fetch);
    const served = m.get(req('x = ‸\n', true), new AbortController().signal);
    await tick();
    calls[0].onText('1;\ny = 2;');
    assert.strictEqual(calls[0].signal.aborted, true);
    assert.strictEqual((await served)?.text, '1;');
  });

  it('with a hot streak keeps streaming and caches the following lines', async () => {
    const { calls, fetch } = manualFetcher();
    const m = manager(fetch, { hotStreak: true });
    const served = m.get(req('function f() {\n  ‸\n}', true), new AbortController().signal);
    await tick();
    calls[0].onText('const a = 1;\n');
    assert.strictEqual((await served)?.text, 'const a = 1;', 'first line served before the stream ends');
    assert.strictEqual(calls[0].signal.aborted, false);
    calls[0].resolve('const a = 1;\n  const b = 2;\n  return a + b;');
    await tick();
    const next = m.fromMemory(req('function f() {\n  const a = 1;\n  ‸\n}'));
    assert.deepStrictEqual(next, { text: 'const b = 2;', origin: 'hot-streak' });
  });

  it('an answer the user types past makes the next mid-line request wait longer; one typed along with restores it', async () => {
    const { calls, fetch } = manualFetcher();
    const m = manager(fetch, { throttleMs: 30 });
    void m.get(req('const size = ‸\n', true), new AbortController().signal);
    await tick();
    calls[0].onText('items.length;\n');
    await tick();
    m.observe(ctxFromMarked('const size = co‸\n'));
    assert.ok(m.pace.waitMs(30) > 150, `wait after a miss: ${m.pace.waitMs(30)} ms`);

    void m.get(req('const size = count(‸\n', true), new AbortController().signal);
    await tick();
    calls[1].onText('rows);\n');
    await tick();
    m.observe(ctxFromMarked('const size = count(rows‸\n'));
    assert.strictEqual(m.pace.waitMs(30), 30);
  });
});
