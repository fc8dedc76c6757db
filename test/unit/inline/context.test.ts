import * as assert from 'assert';
import { packContext, type ContextChunk } from '../../../src/common/inline/context';
import { jaccard, SimilarSnippetIndex, wordSet } from '../../../src/common/inline/similar';
import { fixture } from './helpers';

const doc = (uri: string, text: string, languageId = 'typescript', version = 1) => ({ uri, relativePath: uri.replace('file:///', ''), languageId, version, text });

describe('inline similar snippets and context packing', () => {
  it('Jaccard over word sets', () => {
    assert.strictEqual(jaccard(wordSet('alpha beta gamma'), wordSet('beta gamma delta')), 2 / 4);
  });

  it('finds the most similar window in another file of the same language', () => {
    const index = new SimilarSnippetIndex();
    index.update(doc('file:///inventory.ts', fixture('inventory.ts')));
    index.update(doc('file:///inventory.py', fixture('inventory.py'), 'python'));
    index.update(doc('file:///unrelated.ts', 'export const colors = ["red", "green", "blue"];\nexport function paint(canvas: Canvas) {\n  canvas.fill();\n}\n'));
    const query = 'class Stock {\n  totalValue(): number {\n    let total = 0;\n    for (const item of this.items.values()) {';
    const result = index.query('file:///stock.ts', 'typescript', query);
    assert.ok(result.length >= 1);
    assert.strictEqual(result[0].path, 'inventory.ts');
    assert.ok(result[0].text.includes('total += item.quantity * item.price'));
    assert.ok(result.every((c) => c.path !== 'inventory.py'), 'other languages are not used');
    assert.strictEqual(index.query('file:///inventory.ts', 'typescript', query).every((c) => c.path !== 'inventory.ts'), true, 'never the file itself');
  });

  it('caches a query until a document changes version', () => {
    const index = new SimilarSnippetIndex();
    index.update(doc('file:///a.ts', fixture('inventory.ts')));
    const first = index.query('file:///b.ts', 'typescript', 'for (const item of this.items.values()) { total += item.quantity');
    assert.strictEqual(index.query('file:///b.ts', 'typescript', 'for (const item of this.items.values()) { total += item.quantity'), first);
    index.update(doc('file:///a.ts', 'nothing alike here at all', 'typescript', 2));
    assert.deepStrictEqual(index.query('file:///b.ts', 'typescript', 'for (const item of this.items.values()) { total += item.quantity'), []);
  });

  it('packs under the budget by priority but emits a stable order', () => {
    const chunk = (kind: ContextChunk['kind'], path: string, score: number, size = 100): ContextChunk => ({ kind, path, startLine: 0, text: 'x'.repeat(size), score });
    const chunks = [chunk('similar', 'b.ts', 0.9), chunk('recent-edit', 'c.ts', 1), chunk('similar', 'a.ts', 0.2), chunk('definition', 'd.ts', 1)];
    const packed = packContext(chunks, 400);
    assert.deepStrictEqual(packed.map((c) => `${c.kind}:${c.path}`), ['definition:d.ts', 'similar:b.ts', 'recent-edit:c.ts']);
    assert.deepStrictEqual(packContext([...chunks].reverse(), 400), packed);
  });
});
