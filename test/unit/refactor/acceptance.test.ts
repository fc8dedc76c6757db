import * as assert from 'assert';
import {
  answerShapeRefusal, contentRefusal, elisionMarkers, instructionScope, NOTHING_MAY_GO, proseShare,
  type ContentCheck, type RewriteSyntax,
} from '../../../src/common/refactor/acceptance';
import { extractCode } from '../../../src/common/refactor/extractCode';
import { rewriteSyntax } from '../../../src/common/refactor/treeChecks';
import { loadedSyntax } from '../syntax/helpers';

const TS = [
  "import { readFile } from 'node:fs/promises';",
  '',
  'export async function load(path: string): Promise<string> {',
  "  const text = await readFile(path, 'utf8');",
  '  return text.trim();',
  '}',
  '',
  'export function parse(text: string): string[] {',
  "  return text.split('\\n').filter((line) => line !== '');",
  '}',
  '',
  'export function count(lines: string[]): number {',
  '  let total = 0;',
  '  for (const line of lines) total += line.length;',
  '  return total;',
  '}',
  '',
].join('\n');

const PY = [
  'import os',
  '',
  'def load(path):',
  '    with open(path) as handle:',
  '        return handle.read()',
  '',
  'def parse(text):',
  '    lines = text.splitlines()',
  '    return [line for line in lines if line]',
  '',
  'def count(lines):',
  '    total = 0',
  '    for line in lines:',
  '        total += len(line)',
  '    return total',
  '',
].join('\n');

const check = (after: string, overrides: Partial<ContentCheck> = {}) =>
  contentRefusal({ before: TS, after, languageId: 'typescript', scope: NOTHING_MAY_GO, ...overrides });

describe('acceptance rules', () => {
  it('accepts a faithful refactor (renamed locals, same symbols and lines)', async () => {
    assert.strictEqual(await check(TS.replace(/\btotal\b/g, 'sum')), undefined);
    assert.strictEqual(await contentRefusal({ before: PY, after: PY.replace(/handle/g, 'f'), languageId: 'python', scope: NOTHING_MAY_GO }), undefined);
  });

  describe('answer shape', () => {
    it('refuses an answer with no code, prose without a fence, and mostly-prose fenced blocks', () => {
      assert.strictEqual(answerShapeRefusal(extractCode('```ts\n```'), 'typescript')?.kind, 'not-code');
      const sentence = 'The function now uses async and await instead of callbacks, which is easier to read.';
      assert.strictEqual(answerShapeRefusal(extractCode(sentence), 'typescript')?.kind, 'not-code');
      const prosy = '```\nI refactored the code as you asked and it works now.\nThe helper is gone because it was not used anywhere.\nx();\n```';
      assert.strictEqual(answerShapeRefusal(extractCode(prosy), 'javascript')?.kind, 'not-code');
    });

    it('refuses an answer that ends inside an open fence', () => {
      const refusal = answerShapeRefusal(extractCode('```ts\nexport function load() {\n  return 1;\n}\n'), 'typescript');
      assert.strictEqual(refusal?.kind, 'open-fence');
    });

    it('accepts unfenced code and counts documentation comments as code, not prose', () => {
      assert.strictEqual(answerShapeRefusal(extractCode(TS), 'typescript'), undefined);
      const documented = PY.replace('def load(path):\n', 'def load(path):\n    """Read the whole file at the given path and return it as text."""\n');
      assert.strictEqual(proseShare(documented, 'python'), 0);
      assert.strictEqual(proseShare('/**\n * Loads the file at the given path and returns it.\n */\nexport function load() {}\n', 'typescript'), 0);
    });
  });

  describe('elision markers', () => {
    it('finds placeholders in every comment syntax, and bare ellipsis lines', () => {
      const samples = [
        '// ... rest of the code unchanged ...',
        '# ...',
        '/* unchanged */',
        '// existing code',
        '    # rest of the methods remain the same',
        '<!-- other functions omitted for brevity -->',
        '-- remaining code here',
        '  ...',
      ];
      for (const sample of samples) assert.strictEqual(elisionMarkers(`x = 1\n${sample}\n`, 'python').length, 1, sample);
    });

    it('does not take ordinary comments, spread syntax or long doc text for placeholders', () => {
      const code = [
        '// Loads the configuration and merges the defaults.',
        'const all = { ...defaults, ...rest };',
        '/** The original implementation of this used callbacks; it was replaced by the promise API in version 2 of the library. */',
      ].join('\n');
      assert.deepStrictEqual(elisionMarkers(code, 'typescript'), []);
    });

    it('refuses a new placeholder, but not one the code already had', async () => {
      const elided = TS.replace("  let total = 0;\n  for (const line of lines) total += line.length;\n  return total;", '  // ... existing code ...');
      const refusal = await check(elided);
      assert.strictEqual(refusal?.kind, 'elision');
      assert.match(refusal!.reason, /existing code.*line 13/);
      const withMarker = `${TS}// ... existing code ...\n`;
      assert.strictEqual(await contentRefusal({ before: withMarker, after: withMarker.replace(/total/g, 'sum'), languageId: 'typescript', scope: NOTHING_MAY_GO }), undefined);
    });
  });

  describe('cut-off answers', () => {
    it('refuses a tail cut mid-statement: open brackets, an open string, a dangling operator', async () => {
      const cut = TS.slice(0, TS.indexOf('  for (const line'));
      assert.strictEqual((await check(cut))?.kind, 'cut-off');
      assert.strictEqual((await check(`${TS}const s = 'abc`))?.kind, 'cut-off');
      const py = PY.replace('    return total\n', '    return total +\n');
      assert.strictEqual((await contentRefusal({ before: PY, after: py, languageId: 'python', scope: NOTHING_MAY_GO }))?.kind, 'cut-off');
    });

    it('asks the syntax tree first when there is one', async () => {
      const tree: RewriteSyntax = {
        cleanParse: () => true,
        errorCount: () => 0,
        endsMidStatement: (text) => text.endsWith('handle.read(\n') || text.endsWith('return\n'),
        topLevelSymbols: () => undefined,
      };
      const after = `${PY}def extra():\n    return\n`;
      const refusal = await contentRefusal({ before: PY, after, languageId: 'python', scope: instructionScope('Add a helper'), syntax: tree });
      assert.strictEqual(refusal?.kind, 'cut-off');
    });
  });

  describe('lost code', () => {
    it('refuses a dropped top-level function unless the instruction removes code', async () => {
      const dropped = TS.replace(/export function parse[\s\S]*?\n}\n\n/, '');
      const refusal = await check(dropped);
      assert.strictEqual(refusal?.kind, 'dropped-symbols');
      assert.match(refusal!.reason, /`parse`/);
      assert.strictEqual(await check(dropped, { scope: instructionScope('Remove the unused parse function') }), undefined);
    });

    it('lets a rename instruction change names but not their number', async () => {
      const renamed = TS.replace(/\bcount\b/g, 'totalLength');
      assert.strictEqual((await check(renamed))?.kind, 'dropped-symbols');
      assert.strictEqual(await check(renamed, { scope: instructionScope('Rename count to totalLength') }), undefined);
      const dropped = renamed.replace(/export function parse[\s\S]*?\n}\n\n/, '');
      assert.strictEqual((await check(dropped, { scope: instructionScope('Rename count to totalLength') }))?.kind, 'dropped-symbols');
    });

    it('refuses losing more than a fifth of the lines, half for instructions that shrink code', async () => {
      const body = Array.from({ length: 20 }, (_, i) => `  total += ${i};`).join('\n');
      const before = `export function sum() {\n  let total = 0;\n${body}\n  return total;\n}\n`;
      const shorter = `export function sum() {\n  let total = 0;\n${body.split('\n').slice(0, 12).join('\n')}\n  return total;\n}\n`;
      const neutral = await contentRefusal({ before, after: shorter, languageId: 'typescript', scope: instructionScope('Add types') });
      assert.strictEqual(neutral?.kind, 'lost-lines');
      assert.match(neutral!.reason, /16 non-blank lines where the code had 24/);
      assert.strictEqual(await contentRefusal({ before, after: shorter, languageId: 'typescript', scope: instructionScope('Simplify the loop') }), undefined);
    });

    it('refuses an answer that repeats a declaration or another part\'s symbol', async () => {
      const repeated = `${TS}\nexport function count(lines: string[]): number {\n  return 0;\n}\n`;
      assert.strictEqual((await check(repeated, { scope: instructionScope('Rename things') }))?.kind, 'duplicated');
      const crossed = `${TS}\nexport function render(): void {}\n`;
      const refusal = await check(crossed, { otherPartNames: new Set(['render']), scope: instructionScope('Extract a helper') });
      assert.strictEqual(refusal?.kind, 'duplicated');
      assert.match(refusal!.reason, /`render`.*another part/);
    });
  });

  describe('syntax', () => {
    it('refuses new syntax errors from the tree, and mismatched brackets without one', async () => {
      const tree: RewriteSyntax = { cleanParse: (text) => !text.includes('=>>'), errorCount: (text) => (text.includes('=>>') ? 1 : 0), endsMidStatement: () => false, topLevelSymbols: () => undefined };
      const broken = TS.replace('(line) => line', '(line) =>> line');
      assert.strictEqual((await check(broken, { syntax: tree }))?.kind, 'syntax-errors');
      assert.strictEqual(await check(broken), undefined, 'the lexer alone cannot see this one');
      const mismatched = TS.replace("filter((line) => line !== '')", "filter((line) => line !== ''])");
      assert.strictEqual((await check(mismatched))?.kind, 'syntax-errors');
    });

    it('accepts a fragment that keeps its own open brackets, refuses one that closes them', async () => {
      const fragment = 'class A {\n  a() {}\n';
      assert.strictEqual(await contentRefusal({ before: fragment, after: 'class A {\n  async a() {}\n', languageId: 'typescript', scope: NOTHING_MAY_GO }), undefined);
      const closed = await contentRefusal({ before: fragment, after: 'class A {\n  a() {}\n}\n', languageId: 'typescript', scope: NOTHING_MAY_GO });
      assert.strictEqual(closed?.kind, 'syntax-errors');
    });
  });

  describe('with real syntax trees (tree-sitter)', () => {
    let tree: RewriteSyntax;
    before(async () => {
      tree = rewriteSyntax(await loadedSyntax());
    });

    it('refuses a Python answer cut after a complete-looking line the lexer cannot fault', async () => {
      const cut = PY.replace('def count(lines):\n    total = 0\n    for line in lines:\n        total += len(line)\n    return total\n', 'def count(lines):\n    total = 0\n    for line in lines:\n');
      assert.strictEqual((await contentRefusal({ before: PY, after: cut, languageId: 'python', scope: instructionScope('Simplify'), syntax: tree }))?.kind, 'cut-off');
    });

    it('refuses a new syntax error only the parser sees, and accepts a clean refactor', async () => {
      const broken = TS.replace('let total = 0;', 'let total = = 0;');
      assert.strictEqual(await check(broken), undefined, 'the lexer alone cannot see it');
      assert.strictEqual((await check(broken, { syntax: tree }))?.kind, 'syntax-errors');
      assert.strictEqual(await check(TS.replace(/\btotal\b/g, 'sum'), { syntax: tree }), undefined);
    });

    it('takes top-level names from the tree: a dropped Python function is named', async () => {
      const dropped = PY.replace(/def parse[\s\S]*?if line\]\n\n/, '');
      const refusal = await contentRefusal({ before: PY, after: dropped, languageId: 'python', scope: NOTHING_MAY_GO, syntax: tree });
      assert.strictEqual(refusal?.kind, 'dropped-symbols');
      assert.match(refusal!.reason, /`parse`/);
    });

    it('leaves fragments that do not parse on their own to the lexer checks', async () => {
      const fragment = '  load() {\n    return 1;\n  }\n\n  save() {\n    return 2;\n  }\n}\n';
      const after = fragment.replace('return 1', 'return 10');
      assert.strictEqual(await contentRefusal({ before: fragment, after, languageId: 'typescript', scope: NOTHING_MAY_GO, syntax: tree }), undefined);
    });
  });
});
