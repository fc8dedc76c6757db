import * as assert from 'assert';
import { heuristicShape } from '../../../src/common/inline/shape';
import { bracketsBalanced, finalizeCompletion, stripRepeatedLines, stripSuffixOverlap } from '../../../src/common/inline/postprocess';
import { ctxAt, ctxFromMarked, fixture } from './helpers';

describe('inline post-processing', () => {
  it('strips the overlap with the rest of the line', () => {
    const ctx = ctxFromMarked('const item = this.items.get(‸);\n');
    assert.strictEqual(stripSuffixOverlap('sku);', ctx), 'sku');
    assert.strictEqual(finalizeCompletion('sku);\nmore', ctx, heuristicShape(ctx, false)), 'sku');
  });

  it('drops trailing lines that repeat what follows the cursor', () => {
    const ctx = ctxFromMarked('if (x) {\n  ‸\n  return y;\n}\n');
    assert.strictEqual(stripRepeatedLines('log(x);\n  return y;\n}', ctx), 'log(x);');
  });

  it('rejects a line that merely repeats the next line', () => {
    const ctx = ctxFromMarked('function f() {\n  ‸\n  return total * price;\n}\n');
    assert.strictEqual(finalizeCompletion('return total * price;', ctx, heuristicShape(ctx, false)), undefined);
  });

  it('never returns a suggestion that unbalances brackets', () => {
    const open = ctxFromMarked('const x = compute(a, ‸\n');
    assert.strictEqual(bracketsBalanced('b)', open), true);
    assert.strictEqual(bracketsBalanced('b))', open), false);
    assert.strictEqual(bracketsBalanced('b]', open), false);
    assert.strictEqual(finalizeCompletion('b]);', open, heuristicShape(open, false)), undefined);
    const inString = ctxFromMarked('const s = ‸\n');
    assert.strictEqual(bracketsBalanced('")]}";', inString), true);
    // The cursor inside a template literal placeholder.
    const inTemplate = ctxFromMarked('return `${date.getFullYear()}-${pad(date.getMonth(‸\n');
    assert.strictEqual(bracketsBalanced(') + 1)}`;', inTemplate), true);
    assert.strictEqual(bracketsBalanced(') + 1]}`;', inTemplate), false);
  });

  it('keeps the true continuation of every fixture line intact', () => {
    for (const name of ['inventory.ts', 'inventory.py', 'inventory.go', 'Inventory.java', 'inventory.rs']) {
      const text = fixture(name);
      const lines = text.split('\n');
      let offset = 0;
      let checked = 0;
      for (const line of lines) {
        const cut = line.search(/[=(]\s*\S/);
        if (cut > 0) {
          const cursor = offset + cut + 1;
          const ctx = ctxAt(text.slice(0, cursor) + text.slice(offset + line.length), cursor);
          const truth = line.slice(cut + 1);
          assert.strictEqual(finalizeCompletion(`${truth}\nnext();`, ctx, heuristicShape(ctx, false)), truth.replace(/\s+$/, ''), `${name}: ${line}`);
          checked++;
        }
        offset += line.length + 1;
      }
      assert.ok(checked >= 3, `${name} had lines to check`);
    }
  });
});
