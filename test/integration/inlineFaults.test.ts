import * as assert from 'assert';
import { ctxFromMarked } from '../unit/inline/helpers';
import { completionRequests, useInlineRig, type Harness } from './inlineHarness';

const ask = (h: Harness, marked = 'const total = ‸\n') => h.engine.provide({ ctx: ctxFromMarked(marked), signal: new AbortController().signal, manual: true });

describe('inline engine against the local server: faults', () => {
  const rig = useInlineRig();
  let harness: Harness;

  it('timeout: nothing is shown and the status says so', async () => {
    harness = rig.start((c) => {
      c.models.fast = 'qwen2.5-coder';
      c.timeouts.inlineMs = 300;
    });
    rig.server.script({ match: { path: '/v1/completions' }, reply: { fault: 'stall' } });
    const started = Date.now();
    assert.strictEqual(await ask(harness), undefined);
    assert.ok(Date.now() - started < 3000, 'gave up within the inline time limit');
    assert.deepStrictEqual(harness.statuses.at(-1), { kind: 'error', detail: 'Inline suggestion timed out' });
    // The next good answer clears it.
    rig.server.script({ match: { path: '/v1/completions' }, reply: { text: 'items.length;' } });
    assert.strictEqual((await ask(harness, 'let n = ‸\n'))?.text, 'items.length;');
    assert.deepStrictEqual(harness.statuses.at(-1), { kind: 'ready' });
  });

  it('401: one clear status, no repeated requests until the key or settings change', async () => {
    harness = rig.start((c) => (c.models.fast = 'qwen2.5-coder'), 'sk-wrong');
    rig.server.script({ match: { path: '/v1/completions' }, reply: { status: 401 }, times: -1 });
    for (const marked of ['const a = ‸\n', 'const ab = ‸\n', 'const abc = ‸\n', 'let x = ‸\n']) assert.strictEqual(await ask(harness, marked), undefined);
    assert.strictEqual(completionRequests(rig.server).length, 1, 'no storm of 401s');
    assert.strictEqual(harness.statuses.length, 1);
    assert.strictEqual(harness.statuses[0].kind, 'error');
    assert.match((harness.statuses[0] as { detail: string }).detail, /API key/);
    harness.engine.reset();
    rig.server.reset();
    rig.server.script({ match: { path: '/v1/completions' }, reply: { text: '42;' } });
    assert.strictEqual((await ask(harness))?.text, '42;');
  });

  it('a server error is a status, not an exception, and nothing is shown', async () => {
    harness = rig.start((c) => (c.models.fast = 'qwen2.5-coder'));
    rig.server.script({ match: { path: '/v1/completions' }, reply: { status: 500 } });
    assert.strictEqual(await ask(harness), undefined);
    assert.strictEqual(harness.statuses.at(-1)?.kind, 'error');
    assert.strictEqual(completionRequests(rig.server).length, 1, 'inline never retries');
  });

  it('malformed streams show nothing', async () => {
    harness = rig.start((c) => (c.models.fast = 'qwen2.5-coder'));
    rig.server.script({ match: { path: '/v1/completions' }, reply: { text: 'abc', fault: 'malformed-sse' } });
    assert.strictEqual(await ask(harness), undefined);
  });

  it('records one ledger request per network request, none for memory hits', async () => {
    harness = rig.start((c) => (c.models.fast = 'qwen2.5-coder'));
    rig.server.script({ match: { path: '/v1/completions' }, reply: { text: 'items.length;' } });
    assert.strictEqual((await ask(harness))?.origin, 'network');
    const served = await ask(harness, 'const total = ite‸\n');
    assert.deepStrictEqual([served?.text, served?.origin], ['ms.length;', 'cache']);
    assert.strictEqual(harness.records.filter((r) => r.kind === 'request').length, 1);
    assert.strictEqual(completionRequests(rig.server).length, 1);
  });
});
