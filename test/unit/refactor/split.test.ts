import * as assert from 'assert';
import { outline, packUnits, subdivide, topLevelUnits, headerLine } from '../../../src/common/refactor/split';
import { bracketResidue } from '../../../src/common/refactor/codeCheck';

const ts = [
  "import { x } from 'x';",
  "import { y } from 'y';",
  '',
  '/** Docs for a. */',
  '@decorator()',
  'export function a() {',
  '  const s = `',
  'function fake() {}',
  '`;',
  '  return s;',
  '}',
  '',
  '// about b',
  'export class B {',
  '  one() {',
  '    return 1;',
  '  }',
  '',
  '  two() {',
  '    return 2;',
  '  }',
  '}',
  '',
].join('\n');

const py = [
  'import os',
  '',
  '@cache',
  'def a(',
  '    x,',
  '):',
  '    """Doc."""',
  '    return x',
  '',
  '',
  'class B:',
  '    def one(self):',
  '        return 1',
  '',
  '    def two(self):',
  '        if self:',
  '            return 2',
  '        else:',
  '            return 3',
  '',
].join('\n');

function texts(text: string, units: { start: number; end: number }[]): string[] {
  return units.map((u) => text.slice(u.start, u.end));
}

describe('splitting by top-level symbols', () => {
  it('cuts TypeScript before each declaration, keeping docs and decorators with it', () => {
    const { units } = topLevelUnits(ts, 'typescript');
    const parts = texts(ts, units);
    assert.strictEqual(parts.join(''), ts, 'units tile the text');
    assert.deepStrictEqual(parts.map((p) => p.split('\n')[0]), [
      "import { x } from 'x';", "import { y } from 'y';", '/** Docs for a. */', '// about b',
    ]);
    assert.ok(parts[2].includes('function fake() {}'), 'a line inside a template string is not a cut');
  });

  it('cuts Python by indentation, not inside brackets, and keeps else with its if', () => {
    const { units } = topLevelUnits(py, 'python');
    const parts = texts(py, units);
    assert.strictEqual(parts.join(''), py);
    assert.deepStrictEqual(parts.map((p) => p.split('\n')[0]), ['import os', '@cache', 'class B:']);
  });

  it('subdivides a class into members, header with the first and closer with the last', () => {
    const { lines, units } = topLevelUnits(ts, 'typescript');
    const members = subdivide(ts, lines, units[3], 'typescript')!;
    assert.strictEqual(members.length, 2);
    assert.strictEqual(texts(ts, members).join(''), ts.slice(units[3].start, units[3].end));
    assert.ok(ts.slice(members[0].start, members[0].end).startsWith('// about b\nexport class B {\n  one()'));
    assert.ok(ts.slice(members[1].start, members[1].end).trimEnd().endsWith('return 2;\n  }\n}'));
    assert.deepStrictEqual(members[1].enclosing, ['export class B {']);

    const pyParsed = topLevelUnits(py, 'python');
    const pyMembers = subdivide(py, pyParsed.lines, pyParsed.units[2], 'python')!;
    assert.deepStrictEqual(texts(py, pyMembers).map((p) => p.trim().split('\n').pop()!.trim()), ['return 1', 'return 3']);
  });

  it('packs units under a budget, subdividing oversized ones, and the parts tile the file', () => {
    const { lines, units } = topLevelUnits(ts, 'typescript');
    const tokensOf = (start: number, end: number) => Math.ceil((end - start) / 4);
    for (const budget of [1, 10, 25, 60, 1000]) {
      const parts = packUnits(ts, lines, units, 'typescript', tokensOf, budget);
      assert.strictEqual(parts.map((p) => ts.slice(p.start, p.end)).join(''), ts, `budget ${budget}`);
      for (const part of parts) assert.ok(part.oversized || part.tokens <= budget, `budget ${budget}`);
    }
    assert.strictEqual(packUnits(ts, lines, units, 'typescript', tokensOf, 1000).length, 1);
    assert.ok(packUnits(ts, lines, units, 'typescript', tokensOf, 25).length > 2);
  });

  it('marks an indivisible unit over budget as oversized (search/replace edits)', () => {
    const big = `function big() {\n${'  call();\n'.repeat(50)}}\n`;
    const { lines, units } = topLevelUnits(big, 'javascript');
    const parts = packUnits(big, lines, units, 'javascript', (s, e) => e - s, 100);
    assert.strictEqual(parts.length, 1);
    assert.strictEqual(parts[0].oversized, true);
  });

  it('outlines the declarations', () => {
    const { lines, units } = topLevelUnits(ts, 'typescript');
    assert.strictEqual(headerLine(ts, lines, units[2]), 'export function a() {');
    assert.strictEqual(outline(ts, lines, units), "import { x } from 'x';\nimport { y } from 'y';\nexport function a() {\nexport class B {");
  });
});

describe('bracket balance', () => {
  it('is clean for balanced code with brackets inside strings and comments', () => {
    const residue = bracketResidue('f("(", /* { */ [1, 2]);\n', 'typescript');
    assert.deepStrictEqual(residue, { unmatchedClosers: '', unclosed: '', unterminatedLiteral: false, mismatch: undefined });
  });
});
