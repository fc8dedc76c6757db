import * as assert from 'assert';
import { threeWayMerge, lineEdits, splitLinesKeepEnds } from '../../../src/common/refactor/threeWay';
import { minimalEdit } from '../../../src/common/refactor/minimalEdit';

const base = ['import { x } from \'x\';', '', 'function a() {', '  return 1;', '}', '', 'function b() {', '  return 2;', '}', ''].join('\n');
const documented = base
  .replace('function a()', '/** Returns one. */\nfunction a()')
  .replace('function b()', '/** Returns two. */\nfunction b()');

describe('threeWayMerge (proposal applied onto a concurrently edited document)', () => {
  it('returns the proposal when the document did not change', () => {
    assert.deepStrictEqual(threeWayMerge(base, base, documented), { ok: true, text: documented });
  });

  it('keeps the user edit and the proposal when they touch different lines', () => {
    const current = base.replace('return 2;', 'return 22;');
    const merged = threeWayMerge(base, current, documented);
    assert.ok(merged.ok);
    assert.strictEqual(merged.text, documented.replace('return 2;', 'return 22;'));
  });

  it('follows lines the user inserted above a proposed insertion', () => {
    const current = `// header\n// more\n${base}`;
    const merged = threeWayMerge(base, current, documented);
    assert.ok(merged.ok);
    assert.strictEqual(merged.text, `// header\n// more\n${documented}`);
  });

  it('refuses when the user changed the lines the proposal changes', () => {
    const proposal = base.replace('return 1;', 'return one;');
    const current = base.replace('return 1;', 'return uno;');
    const merged = threeWayMerge(base, current, proposal);
    assert.deepStrictEqual(merged, { ok: false, conflicts: 1, firstConflictLine: 4 });
  });

  it('refuses two different insertions at the same place', () => {
    const current = base.replace('function a()', '// mine\nfunction a()');
    const merged = threeWayMerge(base, current, documented);
    assert.strictEqual(merged.ok, false);
  });

  it('accepts the same change made on both sides once', () => {
    const current = base.replace('function a()', '/** Returns one. */\nfunction a()');
    const merged = threeWayMerge(base, current, documented);
    assert.ok(merged.ok);
    assert.strictEqual(merged.text, documented);
  });

  it('handles a last line without a newline', () => {
    const b = 'a\nb';
    const merged = threeWayMerge(b, 'x\na\nb', 'a\nb\nc');
    assert.ok(merged.ok);
    assert.strictEqual(merged.text, 'x\na\nb\nc');
  });

  it('lineEdits describes replaced ranges of the source', () => {
    const edits = lineEdits(splitLinesKeepEnds('a\nb\nc\n'), splitLinesKeepEnds('a\nB\nc\nd\n'));
    assert.deepStrictEqual(edits, [{ start: 1, end: 2, lines: ['B\n'] }, { start: 3, end: 3, lines: ['d\n'] }]);
  });
});

describe('minimalEdit', () => {
  it('replaces only the changed middle', () => {
    const edit = minimalEdit('hello brave world', 'hello new world');
    assert.deepStrictEqual(edit, { start: 6, end: 11, text: 'new' });
  });

  it('is undefined for equal texts', () => {
    assert.strictEqual(minimalEdit('same', 'same'), undefined);
  });

  it('applied to the old text yields the new text', () => {
    for (const [a, b] of [['abc', 'abxc'], ['aaa', 'aa'], ['', 'x'], ['x\r\ny', 'x\r\nz\r\ny'], ['😀a', '😃a']]) {
      const edit = minimalEdit(a, b)!;
      assert.strictEqual(a.slice(0, edit.start) + edit.text + a.slice(edit.end), b);
    }
  });

  it('does not split a CRLF or a surrogate pair', () => {
    const edit = minimalEdit('a\r\nb', 'a\nb')!;
    assert.ok(edit.start <= 1 && edit.end >= 3, JSON.stringify(edit));
    const emoji = minimalEdit('😀', '😃')!;
    assert.strictEqual(emoji.start, 0);
  });
});
