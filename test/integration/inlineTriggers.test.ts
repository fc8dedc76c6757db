// README: "nothing is asked mid-identifier" unless the user asks with Alt+\ (a manual trigger).
import * as assert from 'assert';
import { ctxFromMarked } from '../unit/inline/helpers';
import { completionRequests, useInlineRig } from './inlineHarness';

const signal = () => new AbortController().signal;

describe('inline engine: no requests mid-identifier', () => {
  const rig = useInlineRig();

  it('typing `functio` sends nothing; Alt+\\ (manual) does', async () => {
    const harness = rig.start();
    rig.server.script({ match: { path: '/v1/chat/completions' }, reply: { text: 'n area() {}' }, times: -1 });
    const ctx = ctxFromMarked('// geometry\nfunctio‸\n');
    assert.strictEqual(await harness.engine.provide({ ctx, signal: signal() }), undefined);
    assert.strictEqual(completionRequests(rig.server).length, 0, 'an automatic trigger mid-identifier reached the server');
    const manual = await harness.engine.provide({ ctx, signal: signal(), manual: true });
    assert.ok(manual, 'the manual trigger got no suggestion');
    assert.strictEqual(completionRequests(rig.server).length, 1);
  });

  it('a name completed by the selected item of the suggest widget is whole: the request goes', async () => {
    const harness = rig.start();
    rig.server.script({ match: { path: '/v1/chat/completions' }, reply: { text: '()' }, times: -1 });
    const ctx = ctxFromMarked('const greeting = "hi";\nexport const shout = greeting.toUpperCase‸\n');
    assert.strictEqual(await harness.engine.provide({ ctx, signal: signal() }), undefined, 'typed by hand it is mid-identifier');
    assert.ok(await harness.engine.provide({ ctx, signal: signal(), completedWord: true }));
    assert.strictEqual(completionRequests(rig.server).length, 1);
  });

  it('a shown suggestion is still served while typing through a name', async () => {
    const harness = rig.start();
    rig.server.script({ match: { path: '/v1/chat/completions' }, reply: { text: 'calculateArea(radius);' }, times: -1 });
    const start = ctxFromMarked('const area = ‸\n');
    const first = await harness.engine.provide({ ctx: start, signal: signal() });
    assert.strictEqual(first?.text, 'calculateArea(radius);');
    harness.engine.markShown(start, first.text);
    const typed = await harness.engine.provide({ ctx: ctxFromMarked('const area = calc‸\n'), signal: signal() });
    assert.strictEqual(typed?.text, 'ulateArea(radius);');
    assert.strictEqual(completionRequests(rig.server).length, 1, 'typing through asked the server again');
  });
});
