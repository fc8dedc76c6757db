import * as assert from 'assert';
import { applyPatch, createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { formatUnifiedDiff } from '../../../src/common/refactor/unifiedDiff';
import { lineEdits, splitLinesKeepEnds } from '../../../src/common/refactor/threeWay';

/** Deterministic pseudo-random edits of a text, line by line. */
function mutate(text: string, seed: number): string {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  return text.split('\n').flatMap((line) => {
    const roll = random();
    if (roll < 0.08) return [];
    if (roll < 0.16) return [`${line} // changed`];
    if (roll < 0.22) return [line, 'inserted();'];
    return [line];
  }).join('\n');
}

const base = Array.from({ length: 120 }, (_, i) => `line${i}();`).join('\n');

describe('unified diff from line edits', () => {
  for (const [name, before, after] of [
    ['scattered changes', `${base}\n`, `${mutate(base, 7)}\n`],
    ['changes at both ends', `${base}\n`, `first();\n${base.replace('line119();', 'last();')}\n`],
    ['no trailing newline', base, `${mutate(base, 3)}`],
    ['everything replaced', 'a\nb\n', 'c\nd\n'],
  ] as const) {
    it(`${name}: applies cleanly and matches jsdiff`, () => {
      const ours = formatUnifiedDiff('x.ts', splitLinesKeepEnds(before), lineEdits(splitLinesKeepEnds(before), splitLinesKeepEnds(after)));
      assert.strictEqual(applyPatch(before, ours), after);
      const theirs = createTwoFilesPatch('a/x.ts', 'b/x.ts', before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
      assert.strictEqual(ours, theirs);
    });
  }

  it('a rewrite changing thousands of lines (beyond Myers\' budget) still yields a correct, local diff', () => {
    const before = Array.from({ length: 2500 }, (_, i) => `function f${i}(a) {\n  return a + ${i};\n}\n`).join('\n');
    const after = before.replace(/\(a\) \{\n {2}return a/g, '(value) {\n  return value');
    const edits = lineEdits(splitLinesKeepEnds(before), splitLinesKeepEnds(after));
    assert.strictEqual(edits.length, 2500, 'one small edit per function, not one giant replacement');
    assert.ok(edits.every((edit) => edit.end - edit.start === 2 && edit.lines.length === 2));
    const ours = formatUnifiedDiff('x.js', splitLinesKeepEnds(before), edits);
    assert.strictEqual(applyPatch(before, ours), after);
  });

  it('is empty without edits', () => {
    assert.strictEqual(formatUnifiedDiff('x.ts', ['a\n'], []), '');
  });
});
