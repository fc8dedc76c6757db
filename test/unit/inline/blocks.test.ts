import * as assert from 'assert';
import { heuristicShape } from '../../../src/common/inline/shape';
import { truncateCompletion, wantsMultiline } from '../../../src/common/inline/blocks';
import { finalizeCompletion } from '../../../src/common/inline/postprocess';
import { blockHole, ctxFromMarked } from './helpers';

const BLOCKS: [file: string, opener: string][] = [
  ['inventory.ts', 'add(item: Item): void {'],
  ['inventory.ts', 'totalValue(): number {'],
  ['inventory.py', 'def total_value(self):'],
  ['inventory.py', 'def remove(self, sku, quantity):'],
  ['inventory.go', 'func (inv *Inventory) Remove(sku string, quantity int) bool {'],
  ['Inventory.java', 'public List<Item> lowStock(int threshold) {'],
  ['inventory.rs', 'pub fn remove(&mut self, sku: &str, quantity: u32) -> bool {'],
];

describe('inline multi-line decision and block truncation (real fixtures)', () => {
  for (const [file, opener] of BLOCKS) {
    for (const keepCloser of [false, true]) {
      const label = `${file}: ${opener} (${keepCloser ? 'closer already there' : 'no closer yet'})`;
      it(`asks for a block and cuts a rambling answer at its end — ${label}`, () => {
        const hole = blockHole(file, opener, keepCloser);
        assert.strictEqual(wantsMultiline(hole.ctx), true);
        const rambling = `${hole.truth}\n${hole.afterBlock}`;
        const cut = truncateCompletion(rambling, hole.ctx, true, false);
        assert.strictEqual(cut.complete, true, 'stream can stop early');
        assert.strictEqual(cut.text, hole.truth);
        assert.strictEqual(finalizeCompletion(rambling, hole.ctx, heuristicShape(hole.ctx, true)), hole.truth);
      });
    }
  }

  it('is not complete while the block is still streaming', () => {
    const hole = blockHole('inventory.go', 'func (inv *Inventory) TotalValue() float64 {', false);
    const partial = hole.truth.slice(0, hole.truth.length - 8);
    assert.strictEqual(truncateCompletion(partial, hole.ctx, true, false).complete, false);
  });

  it('keeps single-line where the block already has a body or the line is mid-statement', () => {
    assert.strictEqual(wantsMultiline(ctxFromMarked('function f() {‸\n  return 1;\n}\n')), false);
    assert.strictEqual(wantsMultiline(ctxFromMarked('const total = items.‸\n')), false);
    assert.strictEqual(wantsMultiline(ctxFromMarked('if (x) {\n  ‸\n}\n')), true);
    assert.strictEqual(wantsMultiline(ctxFromMarked('def f(x):\n    ‸\n\ndef g():\n    pass\n', 'python')), true);
  });

  it('single-line stops at the first newline', () => {
    const ctx = ctxFromMarked('const total = ‸\n');
    assert.deepStrictEqual(truncateCompletion('a + b;\nconsole.log(total);', ctx, false, false), { text: 'a + b;', complete: true });
    assert.deepStrictEqual(truncateCompletion('a + ', ctx, false, false), { text: 'a + ', complete: false });
  });

  it('stops when a bracket closes the enclosing block on a continuation line', () => {
    const ctx = ctxFromMarked('const result = compute(‸\n');
    const cut = truncateCompletion('\n    first,\n    second)\nconsole.log(result);\n', ctx, true, false);
    assert.strictEqual(cut.text, '\n    first,\n    second)');
    assert.strictEqual(cut.complete, true);
  });
});
