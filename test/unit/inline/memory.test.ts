import * as assert from 'assert';
import { CompletionMemory, typedSince } from '../../../src/common/inline/memory';
import { ctxFromMarked } from './helpers';

describe('inline memory (typing-through, prefix cache, hot streak)', () => {
  it('serves the rest of an answer while the user types what it says (walk-back)', () => {
    const memory = new CompletionMemory();
    memory.remember(ctxFromMarked('const total = ‸\n'), 'items.length;');
    assert.deepStrictEqual(memory.lookup(ctxFromMarked('const total = ite‸\n')), { text: 'ms.length;', origin: 'cache', model: undefined });
    assert.strictEqual(memory.lookup(ctxFromMarked('const total = x‸\n')), undefined);
    // Backspacing to the original position is an exact hit.
    assert.strictEqual(memory.lookup(ctxFromMarked('const total = ‸\n'))?.text, 'items.length;');
  });

  it('tells typing-through of the shown suggestion apart from cache hits', () => {
    const memory = new CompletionMemory();
    memory.markShown(ctxFromMarked('let a = ‸\n'), 'compute(1);');
    assert.strictEqual(memory.lookup(ctxFromMarked('let a = comp‸\n'))?.origin, 'typing-through');
  });

  it('keeps following lines for the next Tab (hot streak)', () => {
    const memory = new CompletionMemory();
    memory.remember(ctxFromMarked('function f() {\n  ‸\n'), 'const a = 1;\n  const b = 2;\n  return a + b;');
    const hit = memory.lookup(ctxFromMarked('function f() {\n  const a = 1;\n  ‸\n'));
    assert.deepStrictEqual(hit && { text: hit.text, origin: hit.origin }, { text: 'const b = 2;\n  return a + b;', origin: 'hot-streak' });
  });

  it('never serves an answer for a different document or a changed suffix', () => {
    const memory = new CompletionMemory();
    memory.remember(ctxFromMarked('x = ‸\nnext'), '42');
    assert.strictEqual(memory.lookup(ctxFromMarked('x = ‸\nnext', 'typescript', 'file:///other.ts')), undefined);
    assert.strictEqual(memory.lookup(ctxFromMarked('x = ‸\nchanged')), undefined);
  });

  it('computes what was typed between two snapshots', () => {
    assert.strictEqual(typedSince(ctxFromMarked('a = ‸\n'), ctxFromMarked('a = foo‸\n')), 'foo');
    assert.strictEqual(typedSince(ctxFromMarked('a = f‸\n'), ctxFromMarked('a = ‸\n')), undefined);
  });
});
