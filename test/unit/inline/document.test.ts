import * as assert from 'assert';
import { getDocContext, type TextSource } from '../../../src/common/inline/document';
import { skipReason } from '../../../src/common/inline/triggers';
import { ctxFromMarked } from './helpers';

function countingSource(lines: string[]): TextSource & { reads: number } {
  const source = { reads: 0, lineCount: lines.length, lineAt: (i: number) => (source.reads++, lines[i]) };
  return source;
}

const META = { uri: 'file:///big.ts', relativePath: 'big.ts', languageId: 'typescript', version: 1 };

describe('inline document windows', () => {
  const lines = Array.from({ length: 10_000 }, (_, i) => `const value${i} = compute(${i});`);

  it('reads only a bounded number of lines of a 10,000-line file', () => {
    const source = countingSource(lines);
    const ctx = getDocContext(source, { line: 5000, character: 10 }, META, { prefixChars: 2400, suffixChars: 600 });
    assert.ok(source.reads < 150, `read ${source.reads} lines`);
    assert.ok(ctx.prefix.length <= 2400 && ctx.suffix.length <= 600);
    assert.ok(ctx.prefix.endsWith('const valu'));
    assert.strictEqual(ctx.linePrefix, 'const valu');
    assert.ok(ctx.suffix.startsWith('e5000 = compute(5000);\nconst value5001'));
  });

  it('moves the window head in steps so consecutive prompts share it', () => {
    const budget = { prefixChars: 2400, suffixChars: 600 };
    const heads = new Set<number>();
    for (let line = 5000; line < 5010; line++) heads.add(getDocContext(countingSource(lines), { line, character: 0 }, META, budget).prefixStartLine);
    assert.ok(heads.size <= 2, `window head moved ${heads.size} times over 10 lines`);
    for (const head of heads) assert.strictEqual(head % 16, 0);
  });

  it('finds the neighbouring non-blank lines', () => {
    const ctx = ctxFromMarked('if (x) {\n\n  ‸\n\n  y();\n}');
    assert.strictEqual(ctx.previousLine, 'if (x) {');
    assert.strictEqual(ctx.nextLine, '  y();');
  });

  it('does not trigger with code right of the cursor, does with closers only', () => {
    assert.strictEqual(skipReason(ctxFromMarked('const x = fo‸o;')), 'inside-word');
    assert.strictEqual(skipReason(ctxFromMarked('const x = ‸value;')), 'text-right-of-cursor');
    assert.strictEqual(skipReason(ctxFromMarked('call(‸);')), undefined);
    assert.strictEqual(skipReason(ctxFromMarked('const s = "‸";')), undefined);
    assert.strictEqual(skipReason(ctxFromMarked('‸')), 'empty-document');
  });
});
