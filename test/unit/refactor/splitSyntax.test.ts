// The symbol split on syntax trees (real parser), on snippets written here; the line scanner stays
// for languages without a grammar and for texts that do not parse cleanly.
import * as assert from 'assert';
import { findSymbolUnit, packUnits, subdivide, topLevelUnits } from '../../../src/common/refactor/split';
import { rewriteSyntax } from '../../../src/common/refactor/treeChecks';
import type { SyntaxService } from '../../../src/common/syntax/types';
import { loadedSyntax, parseOrFail } from '../syntax/helpers';

const firstLines = (text: string, units: { start: number; end: number }[]) => units.map((u) => text.slice(u.start, u.end).split('\n')[0]);

const FILES: Array<[languageId: string, text: string, heads: string[]]> = [
  [
    'typescript',
    "import { a } from 'a';\n\n/** Adds. */\nexport function add(x: number, y: number) {\n  return x + y;\n}\n\n// A box.\nexport class Box {\n  value = 0;\n}\nconst LIMIT = 3;\n",
    ["import { a } from 'a';", '/** Adds. */', '// A box.', 'const LIMIT = 3;'],
  ],
  [
    'python',
    'import os\n\nTOTAL = 1 + \\\n2\n\n\n@cache\ndef f(x):\n    return x\n\n\nclass A:\n    pass\n',
    ['import os', 'TOTAL = 1 + \\', '@cache', 'class A:'],
  ],
  ['go', 'package shop\n\n// Cart holds items.\ntype Cart struct {\n\tn int\n}\n\nfunc (c *Cart) Add() {\n\tc.n++\n}\n', ['package shop', '// Cart holds items.', 'func (c *Cart) Add() {']],
  ['rust', 'use std::fmt;\n\n/// A point.\n#[derive(Debug)]\npub struct P {\n    x: i32,\n}\n\nimpl P {\n    fn new() -> Self { P { x: 0 } }\n}\n', ['use std::fmt;', '/// A point.', 'impl P {']],
  ['java', 'package a;\n\n/** Cart. */\n@Entity\npublic class Cart {\n  int n;\n}\n\ninterface Priced {\n  int price();\n}\n', ['package a;', '/** Cart. */', 'interface Priced {']],
  ['csharp', 'using System;\n\n[Serializable]\npublic class Cart\n{\n    public int N;\n}\n\npublic enum Color { Red }\n', ['using System;', '[Serializable]', 'public enum Color { Red }']],
  ['cpp', '#include <vector>\n\n// Adds.\nint add(int a, int b) {\n  return a + b;\n}\n\nstruct P {\n  int x;\n};\n', ['#include <vector>', '// Adds.', 'struct P {']],
];

describe('symbol split on syntax trees (real parser)', () => {
  let syntax: SyntaxService;
  before(async () => {
    syntax = await loadedSyntax();
  });

  for (const [languageId, text, heads] of FILES) {
    it(`cuts ${languageId} before each top-level declaration with its comments and attributes, tiling the text`, () => {
      const { units } = topLevelUnits(text, languageId, parseOrFail(syntax, text, languageId));
      assert.strictEqual(units.map((u) => text.slice(u.start, u.end)).join(''), text);
      assert.deepStrictEqual(firstLines(text, units), heads);
    });
  }

  it('does not cut at a continuation line the scanner takes for a new statement (Python backslash)', () => {
    const text = FILES[1][1];
    assert.ok(firstLines(text, topLevelUnits(text, 'python').units).includes('2'), 'the scanner alone cuts before `2`');
    assert.ok(!firstLines(text, topLevelUnits(text, 'python', parseOrFail(syntax, text, 'python')).units).includes('2'));
  });

  it('subdivides a class into members, header with the first and closer with the last', () => {
    const text = 'export class Store {\n  // Items.\n  items: string[] = [];\n\n  add(item: string) {\n    this.items.push(item);\n  }\n\n  get size() {\n    return this.items.length;\n  }\n}\n';
    const tree = parseOrFail(syntax, text, 'typescript');
    const { lines, units } = topLevelUnits(text, 'typescript', tree);
    const members = subdivide(text, lines, units[0], 'typescript', tree)!;
    assert.deepStrictEqual(firstLines(text, members), ['export class Store {', '  add(item: string) {', '  get size() {']);
    assert.strictEqual(members.map((m) => text.slice(m.start, m.end)).join(''), text);
    assert.deepStrictEqual(members[1].enclosing, ['export class Store {']);
    const parts = packUnits(text, lines, units, 'typescript', (s, e) => e - s, 60, 3, tree);
    assert.strictEqual(parts.map((p) => text.slice(p.start, p.end)).join(''), text);
    assert.ok(parts.length >= 2);
  });

  it('finds a method by name inside a Python class', () => {
    const text = 'class A:\n    def one(self):\n        return 1\n\n    def two(self):\n        return 2\n';
    const unit = findSymbolUnit(text, 'python', 'two', parseOrFail(syntax, text, 'python'))!;
    assert.strictEqual(text.slice(unit.start, unit.end).trim(), 'def two(self):\n        return 2');
  });

  it('gives the refactor engine the tree of a file it splits (none for a language without grammar)', async () => {
    const checks = rewriteSyntax(syntax);
    const text = FILES[1][1];
    const tree = await checks.fileTree!(text, 'python');
    assert.ok(!firstLines(text, topLevelUnits(text, 'python', tree).units).includes('2'));
    assert.strictEqual(await checks.fileTree!('puts 1\n', 'ruby'), undefined);
  });

  it('falls back to the scanner for a text with syntax errors', () => {
    const text = 'function a() {\n  return (1;\n}\nfunction b() {}\n';
    const tree = parseOrFail(syntax, text, 'javascript');
    assert.deepStrictEqual(topLevelUnits(text, 'javascript', tree).units, topLevelUnits(text, 'javascript').units);
  });
});
