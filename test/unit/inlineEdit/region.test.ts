import * as assert from 'node:assert';
import { editTargetAt, targetLabel } from '../../../src/common/inlineEdit/region';
import type { SyntaxTree } from '../../../src/common/syntax/types';
import type { SyntaxService } from '../../../src/common/syntax/types';
import { loadedSyntax, parseOrFail } from '../syntax/helpers';

const TS = [
  'import { join } from "path";',   // 0
  '',                               // 1
  'export class Store {',           // 2
  '  private items: string[] = [];', // 3
  '',                               // 4
  '  /** Adds one item. */',        // 5
  '  add(item: string): void {',    // 6
  '    this.items.push(item);',     // 7
  '  }',                            // 8
  '',                               // 9
  '  path(): string {',             // 10
  '    return join("a", "b");',     // 11
  '  }',                            // 12
  '}',                              // 13
  '',                               // 14
  'function helper(x: number) {',   // 15
  '  return x * 2;',                // 16
  '}',                              // 17
  '',
].join('\n');

/** The rewritten lines at the cursor (fails on an insertion target). */
function editRegionAt(text: string, languageId: string, line: number, tree?: SyntaxTree) {
  const target = editTargetAt(text, languageId, line, tree);
  assert.strictEqual(target.kind, 'rewrite', `line ${line + 1} is a rewrite target`);
  return target.kind === 'rewrite' ? target.region : undefined;
}

describe('inline edit region at the cursor', () => {
  let syntax: SyntaxService;
  before(async () => {
    syntax = await loadedSyntax();
  });

  it('is the innermost declaration around the cursor, with its doc comment (a method, not its class)', () => {
    const tree = parseOrFail(syntax, TS, 'typescript');
    assert.deepStrictEqual(editRegionAt(TS, 'typescript', 7, tree), { startLine: 5, endLine: 8 });
    assert.deepStrictEqual(editRegionAt(TS, 'typescript', 11, tree), { startLine: 10, endLine: 12 });
    assert.deepStrictEqual(editRegionAt(TS, 'typescript', 16, tree), { startLine: 15, endLine: 17 });
  });

  it('on a class line outside its methods, is the class', () => {
    const tree = parseOrFail(syntax, TS, 'typescript');
    assert.deepStrictEqual(editRegionAt(TS, 'typescript', 2, tree), { startLine: 2, endLine: 13 });
  });

  it('without a tree (or one of other text) falls back to the top-level unit, then to the line', () => {
    const stale = parseOrFail(syntax, `${TS}// later\n`, 'typescript');
    assert.deepStrictEqual(editRegionAt(TS, 'typescript', 16, stale), { startLine: 15, endLine: 17 });
    assert.deepStrictEqual(editRegionAt(TS, 'typescript', 16), { startLine: 15, endLine: 17 });
    // A unit the scanner finds by indentation, in a language without a grammar.
    const kotlin = 'fun greet(name: String) {\n  println(name)\n}\n\nfun bye() {}\n';
    assert.deepStrictEqual(editRegionAt(kotlin, 'kotlin', 1), { startLine: 0, endLine: 2 });
    assert.deepStrictEqual(editRegionAt('a\n\nb\n', 'plaintext', 0), { startLine: 0, endLine: 0 });
  });

  it('works on Python (indentation, no braces)', () => {
    const py = ['class Wrapper:', '    def __init__(self, width):', '        self.width = width', '', '    def wrap(self, text):', '        return [text]', ''].join('\n');
    const tree = parseOrFail(syntax, py, 'python');
    assert.deepStrictEqual(editRegionAt(py, 'python', 5, tree), { startLine: 4, endLine: 5 });
  });

  it('an empty line outside any declaration is a place to insert new code, with or without a tree', () => {
    const tree = parseOrFail(syntax, TS, 'typescript');
    assert.deepStrictEqual(editTargetAt(TS, 'typescript', 14, tree), { kind: 'insert', line: 14 });
    assert.deepStrictEqual(editTargetAt(TS, 'typescript', 1, tree), { kind: 'insert', line: 1 });
    assert.deepStrictEqual(editTargetAt(TS, 'typescript', 18, tree), { kind: 'insert', line: 18 }, 'the empty last line');
    assert.deepStrictEqual(editTargetAt('a\n\nb\n', 'plaintext', 1), { kind: 'insert', line: 1 });
  });

  it('an empty line between members of a class is a place for new members there, not a rewrite of the class', () => {
    const tree = parseOrFail(syntax, TS, 'typescript');
    const scope = { kind: 'members', label: 'class Store', headerLine: 2, header: 'export class Store {', indent: '  ', memberNames: ['items', 'add', 'path'] };
    assert.deepStrictEqual(editTargetAt(TS, 'typescript', 9, tree), { kind: 'insert', line: 9, scope });
    assert.deepStrictEqual(editTargetAt(TS, 'typescript', 4, tree), { kind: 'insert', line: 4, scope }, 'between a field and the doc comment of a method');
    const py = ['class Wrapper:', '    def __init__(self, width):', '        self.width = width', '', '    @property', '    def wrap(self, text):', '        return [text]', ''].join('\n');
    assert.deepStrictEqual(editTargetAt(py, 'python', 3, parseOrFail(syntax, py, 'python')), {
      kind: 'insert', line: 3, scope: { kind: 'members', label: 'class Wrapper', headerLine: 0, header: 'class Wrapper:', indent: '    ', memberNames: ['__init__', 'wrap'] },
    });
  });

  it('an empty line inside a method body is a place for new statements at that point, indented like the next one', () => {
    const body = ['class Counter {', '  bump(by: number): number {', '    const before = this.n;', '', '    if (by > 0) {', '      this.n += by;', '    }', '', '    return before;', '  }', '}', ''].join('\n');
    const target = editTargetAt(body, 'typescript', 7, parseOrFail(syntax, body, 'typescript'));
    assert.strictEqual(target.kind, 'insert');
    assert.deepStrictEqual(target.kind === 'insert' && target.scope, { kind: 'statements', label: 'method Counter.bump', headerLine: 1, header: 'bump(by: number): number {', indent: '    ', memberNames: [] });
    const py = ['def total(xs):', '    acc = 0', '    for x in xs:', '        acc += x', '', '    return acc', ''].join('\n');
    const pyTarget = editTargetAt(py, 'python', 4, parseOrFail(syntax, py, 'python'));
    assert.deepStrictEqual(pyTarget.kind === 'insert' && [pyTarget.scope?.kind, pyTarget.scope?.indent], ['statements', '    '], 'the next line\'s indentation, not the nested loop body above');
  });

  it('an empty line inside a docstring or a template string is text: the declaration is rewritten', () => {
    const py = ['def total(xs):', '    """Sums xs.', '', '    Empty gives 0.', '    """', '    return sum(xs)', ''].join('\n');
    assert.deepStrictEqual(editTargetAt(py, 'python', 2, parseOrFail(syntax, py, 'python')), { kind: 'rewrite', region: { startLine: 0, endLine: 5 }, name: 'total' });
    const ts = ['function page(): string {', '  return `<p>', '', '</p>`;', '}', ''].join('\n');
    assert.strictEqual(editTargetAt(ts, 'typescript', 2, parseOrFail(syntax, ts, 'typescript')).kind, 'rewrite');
    const moduleDoc = ['"""Tools.', '', 'More words.', '"""', 'import os', ''].join('\n');
    assert.strictEqual(editTargetAt(moduleDoc, 'python', 1, parseOrFail(syntax, moduleDoc, 'python')).kind, 'rewrite', 'a module docstring too');
  });

  it('an empty line inside a value (an object literal) still rewrites that declaration', () => {
    const value = ['export const table = {', '  a: 1,', '', '  b: 2,', '};', ''].join('\n');
    assert.strictEqual(editTargetAt(value, 'typescript', 2, parseOrFail(syntax, value, 'typescript')).kind, 'rewrite');
  });

  it('names the target for the instruction box: the declaration, the lines, or the insertion line', () => {
    const tree = parseOrFail(syntax, TS, 'typescript');
    assert.strictEqual(targetLabel(editTargetAt(TS, 'typescript', 7, tree)), 'add (lines 6–9)');
    assert.strictEqual(targetLabel(editTargetAt(TS, 'typescript', 16)), 'helper (lines 16–18)', 'the scanner names it too');
    assert.strictEqual(targetLabel(editTargetAt(TS, 'typescript', 14, tree)), 'insert at line 15');
    assert.strictEqual(targetLabel(editTargetAt(TS, 'typescript', 9, tree)), 'insert at line 10 (in class Store)');
    assert.strictEqual(targetLabel({ kind: 'selection', region: { startLine: 2, endLine: 2 } }), 'selection (line 3)');
  });
});
