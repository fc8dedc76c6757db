import * as assert from 'assert';
import { addedLineDecorations } from '../../../src/common/review/addedLines';
import { createReview } from '../../../src/common/review/hunks';

const doc = (text: string, tabSize = 4) => {
  const lines = text.split('\n');
  return { lineCount: lines.length, text: (line: number) => lines[line], tabSize };
};

describe('review: added lines shown in full, one per editor line, in one column', () => {
  const BASE = 'function keep() {\n  return 42;\n}\n\nfunction other() {}\n';
  const LONG = `  const message = "${'x'.repeat(200)}";`;

  it('each added line of a replacement gets its own line from the hunk down, in full, aligned', () => {
    const proposed = BASE.replace('  return 42;\n', `${LONG}\n  console.log(message);\n  return 42;\n`);
    const { hunks } = createReview(BASE, proposed);
    const shown = addedLineDecorations(hunks, doc(BASE));
    assert.deepStrictEqual(shown.map((d) => d.line), [1, 2]);
    assert.strictEqual(shown[0].text, `+ ${LONG}`.replace(/ /g, '\u00a0'), 'in full, indentation kept');
    assert.strictEqual(shown[1].text, '+   console.log(message);'.replace(/ /g, '\u00a0'));
    // One column: past the longest host line ("  return 42;" = 12, "}" = 1) plus a gap of 2.
    assert.deepStrictEqual(shown.map((d, i) => d.marginCh + [12, 1][i]), [14, 14]);
  });

  it('lines beyond the document or the next hunk are joined on the last line they may use', () => {
    const text = 'a\nb\nc';
    const { hunks } = createReview(text, 'a\nb\nx1\nx2\nx3\nc');
    const shown = addedLineDecorations(hunks, doc(text));
    assert.deepStrictEqual(shown.map((d) => [d.line, d.text]), [[2, '+\u00a0x1 ⏎ +\u00a0x2 ⏎ +\u00a0x3']]);
    const two = createReview('a\nb\nc\nd', 'a\nA1\nA2\nA3\nb\nc\nD');
    const blocks = addedLineDecorations(two.hunks, doc('a\nb\nc\nd'));
    assert.deepStrictEqual(blocks.map((d) => [d.line, d.hunkId]), [[1, 0], [2, 0], [3, 1]], "the first block stops above the second's line");
  });

  it('tabs are expanded for the column; a removal says how many lines go', () => {
    const text = '\tif (x) {\n\t\ty();\n\t}\n';
    const { hunks } = createReview(text, '\tif (x) {\n\t}\n');
    assert.deepStrictEqual(addedLineDecorations(hunks, doc(text)).map((d) => [d.line, d.text, d.marginCh]), [[1, '(1 line removed)', 2]]);
  });
});
