import * as assert from 'assert';
import { cursorSyntax, definitions, syntaxErrors, topLevelSymbols } from '../../../src/common/syntax/queries';
import { GRAMMAR_NAMES } from '../../../src/common/syntax/languages';
import type { SyntaxService } from '../../../src/common/syntax/types';
import { createTreeSitterSyntax } from '../../../src/node/syntax/treeSitter';
import { loadedSyntax, parseOrFail } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GRAMMARS: SHIPPED_GRAMMARS } = require('../../../esbuild.js') as { GRAMMARS: string[] };

describe('syntax service (web-tree-sitter)', () => {
  let syntax: SyntaxService;
  before(async () => {
    syntax = await loadedSyntax();
  });

  it('ships exactly the grammars it maps languages to', () => {
    assert.deepStrictEqual([...SHIPPED_GRAMMARS].sort(), [...GRAMMAR_NAMES].sort());
  });

  it('answers undefined until a grammar is loaded, then parses synchronously', async () => {
    const fresh = createTreeSitterSyntax();
    assert.strictEqual(fresh.parse('x = 1\n', 'python'), undefined);
    assert.strictEqual(await fresh.load('python'), true);
    assert.strictEqual(fresh.parse('x = 1\n', 'python')?.root.type, 'module');
  });

  it('has no grammar for languages outside the list', async () => {
    assert.strictEqual(syntax.hasGrammar('ruby'), false);
    assert.strictEqual(await syntax.load('ruby'), false);
    assert.strictEqual(syntax.parse('puts 1', 'ruby'), undefined);
    // C goes through the C++ grammar.
    assert.strictEqual(syntax.hasGrammar('c'), true);
    assert.strictEqual(parseOrFail(syntax, 'int main(void) { return 0; }\n', 'c').root.hasError, false);
  });

  it('counts syntax errors and says where they are', () => {
    const clean = parseOrFail(syntax, 'function f(a) {\n  return a + 1;\n}\n', 'javascript');
    assert.deepStrictEqual(syntaxErrors(clean.root), { count: 0, positions: [] });
    const broken = parseOrFail(syntax, 'def f(x):\n    return (x +\n\ny = 2\n', 'python');
    const errors = syntaxErrors(broken.root);
    assert.ok(errors.count >= 1);
    assert.ok(errors.positions.every((p) => p.row >= 1), JSON.stringify(errors));
  });

  it('lists top-level symbols with names, kinds, line ranges and leading comments', () => {
    const text = [
      '// Loads the inventory.',
      'export async function load(path: string): Promise<void> {',
      '  return;',
      '}',
      '',
      '@sealed',
      'export class Store<T> {',
      '  private items: T[] = [];',
      '  add(item: T): void { this.items.push(item); }',
      '}',
      'type Id = string;',
      'const LIMIT = 10;',
      '',
    ].join('\n');
    const symbols = topLevelSymbols(parseOrFail(syntax, text, 'typescript'));
    assert.deepStrictEqual(
      symbols.map((s) => [s.name, s.kind, s.leadingStartLine, s.startLine, s.endLine]),
      [
        ['load', 'function', 0, 1, 3],
        ['Store', 'class', 5, 5, 9],
        ['Id', 'type', 10, 10, 10],
        ['LIMIT', 'variable', 11, 11, 11],
      ],
    );
    assert.deepStrictEqual(symbols[1].children.map((m) => [m.name, m.kind]), [['items', 'variable'], ['add', 'method']]);
  });

  const definitionCases: Array<[string, string, Array<[string, string, string | undefined]>]> = [
    ['python', 'RATE = 3\n\n@cache\ndef price(n):\n    total = n * RATE\n    return total\n\nclass Cart:\n    def add(self, item):\n        pass\n', [['RATE', 'variable', undefined], ['price', 'function', undefined], ['Cart', 'class', undefined], ['add', 'method', 'Cart']]],
    ['go', 'package shop\n\ntype Cart struct{ n int }\n\nfunc (c *Cart) Add(x int) { c.n += x }\n\nfunc New() *Cart { return &Cart{} }\n', [['Cart', 'type', undefined], ['Add', 'method', undefined], ['New', 'function', undefined]]],
    ['rust', 'pub struct Cart { n: u32 }\nimpl Cart {\n    pub fn add(&mut self) { self.n += 1; }\n}\nfn main() {}\n', [['Cart', 'class', undefined], ['n', 'variable', 'Cart'], ['Cart', 'class', undefined], ['add', 'method', 'Cart'], ['main', 'function', undefined]]],
    ['java', 'class Cart {\n  private int n;\n  void add() { n++; }\n}\ninterface Priced { int price(); }\n', [['Cart', 'class', undefined], ['n', 'variable', 'Cart'], ['add', 'method', 'Cart'], ['Priced', 'interface', undefined], ['price', 'method', 'Priced']]],
    ['csharp', 'namespace Shop {\n  class Cart {\n    public int Count { get; set; }\n    public void Add() { Count++; }\n  }\n}\n', [['Shop', 'namespace', undefined], ['Cart', 'class', 'Shop'], ['Count', 'variable', 'Cart'], ['Add', 'method', 'Cart']]],
    ['cpp', 'struct Cart { int n; void add(); };\nvoid Cart::add() { n++; }\ntemplate <typename T> T twice(T v) { return v + v; }\n', [['Cart', 'class', undefined], ['n', 'variable', 'Cart'], ['add', 'method', 'Cart'], ['Cart::add', 'function', undefined], ['twice', 'function', undefined]]],
    ['typescriptreact', 'export function Badge({ label }: { label: string }) {\n  return <span className="badge">{label}</span>;\n}\n', [['Badge', 'function', undefined]]],
  ];
  for (const [languageId, text, expected] of definitionCases) {
    it(`finds the definitions of a ${languageId} file (not locals in bodies)`, () => {
      const found = definitions(parseOrFail(syntax, text, languageId)).map((d) => [d.name, d.kind, d.container]);
      assert.deepStrictEqual(found, expected);
    });
  }

  it('finds the statement and block around a cursor', () => {
    const text = 'def f(rows):\n    for r in rows:\n        print(r)\n    return 1\n';
    const tree = parseOrFail(syntax, text, 'python');
    const at = cursorSyntax(tree, text.indexOf('print') + 3);
    assert.strictEqual(at.statement?.type, 'expression_statement');
    assert.strictEqual(at.block?.type, 'block');
    assert.strictEqual(at.block?.startPosition.row, 2);
  });

  it('reparses a keyed text incrementally with the same result as a fresh parse', () => {
    const before = 'function f(a) {\n  return a;\n}\n';
    const after = 'function f(a, b) {\n  const c = a + b;\n  return c;\n}\nfunction g() {}\n';
    syntax.parse(before, 'javascript', 'doc-1');
    const incremental = syntax.parse(after, 'javascript', 'doc-1');
    const fresh = parseOrFail(syntax, after, 'javascript');
    assert.ok(incremental);
    assert.deepStrictEqual(topLevelSymbols(incremental), topLevelSymbols(fresh));
    assert.strictEqual(incremental.root.endIndex, after.length);
  });

  it('keeps a keyed tree readable after the next parse under its key (a request may still be using it)', () => {
    const first = syntax.parse('let a = 1;\n', 'javascript', 'doc-2')!;
    const second = syntax.parse('let a = 1;\nlet b = 2;\n', 'javascript', 'doc-2')!;
    first.dispose();
    assert.strictEqual(first.root.text, 'let a = 1;\n');
    assert.strictEqual(first.withInsertion(first.text.length, 'let c;\n').root.namedChildren.length, 2);
    assert.strictEqual(second.root.namedChildren.length, 2);
    assert.strictEqual(syntax.parse('let a = 1;\nlet b = 2;\n', 'javascript', 'doc-2'), second, 'the same text is not parsed again');
  });

  it('inserts text into a copy, leaving the original tree usable', () => {
    const text = 'total = sum()\n';
    const tree = parseOrFail(syntax, text, 'python');
    const inserted = tree.withInsertion(text.indexOf(')'), 'map(int, parts)');
    assert.strictEqual(inserted.text, 'total = sum(map(int, parts))\n');
    assert.strictEqual(inserted.root.hasError, false);
    assert.strictEqual(tree.root.text, text);
    inserted.dispose();
    tree.dispose();
  });

  it('typing through a suggestion: the same text inserted from the next key\'s tree is the tree already made', () => {
    // The key typed moves from the suggestion into the document; the text with the rest inserted is unchanged.
    const shown = 'map(int, parts)';
    const before = parseOrFail(syntax, 'total = sum()\n', 'python');
    const first = before.withInsertion('total = sum('.length, shown);
    const after = parseOrFail(syntax, 'total = sum(m)\n', 'python');
    const second = after.withInsertion('total = sum(m'.length, shown.slice(1));
    assert.strictEqual(second, first, 'no second parse of the same text');
    first.dispose();
    assert.strictEqual(second.root.text, 'total = sum(map(int, parts))\n', 'a caller disposing its copy does not free the shared tree');
    assert.strictEqual(second.root.hasError, false);
    // Another text, or the same text in another language, is parsed for itself.
    const other = after.withInsertion('total = sum(m'.length, 'ap(str, parts)');
    assert.notStrictEqual(other, first);
    assert.strictEqual(other.root.text, 'total = sum(map(str, parts))\n');
    const asJs = parseOrFail(syntax, 'total = sum(m)\n', 'javascript').withInsertion('total = sum(m'.length, shown.slice(1));
    assert.notStrictEqual(asJs, first);
    assert.strictEqual(asJs.languageId, 'javascript');
  });

  it('an insertion tree from the cache matches a fresh parse of its text', () => {
    const text = 'def f(rows):\n    for i in range(\n';
    const tree = parseOrFail(syntax, text, 'python');
    const insertion = 'len(rows)):\n        print(rows[i])';
    const offset = text.indexOf('range(') + 'range('.length;
    tree.withInsertion(offset, insertion);
    const again = tree.withInsertion(offset, insertion);
    const fresh = parseOrFail(syntax, again.text, 'python');
    assert.strictEqual(again.root.toString(), fresh.root.toString());
  });

  it('indexes by UTF-16 units like JavaScript strings', () => {
    const text = 'const café = "naïve";\nfunction später() {}\n';
    const symbol = topLevelSymbols(parseOrFail(syntax, text, 'javascript'))[1];
    assert.strictEqual(symbol.name, 'später');
    assert.strictEqual(text.slice(symbol.start, symbol.end), 'function später() {}');
  });
});
