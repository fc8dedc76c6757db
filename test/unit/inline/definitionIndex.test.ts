import * as assert from 'assert';
import { packContext } from '../../../src/common/inline/context';
import { DefinitionIndex, identifiersNearCursor, namesToLookUp } from '../../../src/common/inline/definitionIndex';
import { DEFAULT_EXPORT } from '../../../src/common/inline/imports';
import type { SyntaxService } from '../../../src/common/syntax/types';
import { loadedSyntax } from '../syntax/helpers';
import { ctxFromMarked } from './helpers';

const PRICING = [
  'export interface Money {',
  '  cents: number;',
  '  currency: string;',
  '}',
  '',
  'export function applyDiscount(price: Money, percent: number): Money {',
  '  const cents = Math.round(price.cents * (1 - percent / 100));',
  '  return { ...price, cents };',
  '}',
  '',
  'export class PriceBook {',
  '  private readonly prices = new Map<string, Money>();',
  '  lookup(sku: string): Money | undefined {',
  '    return this.prices.get(sku);',
  '  }',
  '  set(sku: string, price: Money): void {',
  '    this.prices.set(sku, price);',
  '  }',
  '  clear(): void {',
  '    this.prices.clear();',
  '  }',
  '}',
  '',
].join('\n');

const source = (name: string, text: string, version = 1, languageId = 'typescript') => ({ uri: `file:///${name}`, relativePath: name, languageId, version, text });

describe('inline definitions from other files', () => {
  let syntax: SyntaxService;
  before(async () => {
    syntax = await loadedSyntax();
  });

  it('resolves an identifier near the cursor to its definition in another file: signature and first lines', () => {
    const index = new DefinitionIndex({ syntax });
    index.update(source('pricing.ts', PRICING));
    assert.equal(index.index(1000), true);
    const ctx = ctxFromMarked('function checkout(total: Money) {\n  const reduced = applyDiscount(total, 10);\n  ‸\n}\n', 'typescript', 'file:///checkout.ts');
    const chunks = index.lookup(ctx);
    const discount = chunks.find((c) => c.text.startsWith('export function applyDiscount'));
    assert.ok(discount, JSON.stringify(chunks.map((c) => c.text)));
    assert.equal(discount.path, 'pricing.ts');
    assert.equal(discount.startLine, 5);
    assert.ok(discount.text.includes('return { ...price, cents };'), 'the short body comes along');
    assert.ok(chunks.some((c) => c.text.startsWith('export interface Money')), 'a type named on the line above is found too');
  });

  it('shows a long class as an outline: its header and the first line of each member', () => {
    const index = new DefinitionIndex({ syntax });
    index.update(source('pricing.ts', PRICING));
    index.index(1000);
    const [book] = index.lookup(ctxFromMarked('const book = new PriceBook();\n‸', 'typescript', 'file:///shop.ts')).filter((c) => c.text.includes('class PriceBook'));
    assert.equal(book.text, ['export class PriceBook {', '  private readonly prices = new Map<string, Money>();', '  lookup(sku: string): Money | undefined {', '  set(sku: string, price: Money): void {', '  clear(): void {'].join('\n'));
  });

  it('never looks in the current file, and never parses during a lookup', () => {
    const index = new DefinitionIndex({ syntax });
    index.update(source('pricing.ts', PRICING));
    const ctx = ctxFromMarked('applyDiscount(price, 5);\n‸', 'typescript', 'file:///pricing.ts');
    assert.deepEqual(index.lookup(ctx), [], 'nothing indexed yet: the lookup does not parse');
    index.index(1000);
    assert.deepEqual(index.lookup(ctx), [], 'the current file is in the prompt already');
  });

  it('stops indexing when the time budget is spent and goes on where it stopped next time', () => {
    let now = 0;
    const slowSyntax: SyntaxService = { ...syntax, parse: (text, languageId, key) => ((now += 10), syntax.parse(text, languageId, key)) };
    const index = new DefinitionIndex({ syntax: slowSyntax, now: () => now });
    for (const name of ['a.ts', 'b.ts', 'c.ts', 'd.ts']) index.update(source(name, `export function from_${name[0]}() {}\n`));
    assert.equal(index.index(5), false, 'a parse of 10 ms spends a 5 ms budget');
    assert.equal(index.pendingCount, 3);
    assert.equal(index.index(5, ['file:///d.ts']), false);
    const found = index.lookup(ctxFromMarked('from_a(); from_b(); from_c(); from_d();\n‸', 'typescript', 'file:///x.ts')).map((c) => c.path).sort();
    assert.deepEqual(found, ['a.ts', 'd.ts'], 'the file asked for first was indexed first');
    assert.equal(index.index(100), true);
    assert.equal(index.lookup(ctxFromMarked('from_c();\n‸', 'typescript', 'file:///x.ts')).length, 1);
  });

  it('parses a file again only when its version changes', () => {
    let parses = 0;
    const counting: SyntaxService = { ...syntax, parse: (text, languageId, key) => (parses++, syntax.parse(text, languageId, key)) };
    const index = new DefinitionIndex({ syntax: counting });
    index.update(source('pricing.ts', PRICING, 1));
    index.index(1000);
    index.update(source('pricing.ts', PRICING, 1));
    index.index(1000);
    assert.equal(parses, 1);
    index.update(source('pricing.ts', PRICING.replace('applyDiscount', 'discounted'), 2));
    index.index(1000);
    assert.equal(parses, 2);
    const names = index.lookup(ctxFromMarked('discounted(p, 1); applyDiscount(p, 1);\n‸', 'typescript', 'file:///x.ts')).map((c) => c.text.split('(')[0]);
    assert.deepEqual(names, ['export function discounted']);
  });

  it('searches the imported files first when a name is defined in several', () => {
    const index = new DefinitionIndex({ syntax });
    index.update(source('pricing.ts', PRICING));
    index.update(source('legacy.ts', 'export function applyDiscount(p: number) { return p; }\n'));
    index.index(1000);
    const ctx = ctxFromMarked('applyDiscount(x, 1);\n‸', 'typescript', 'file:///x.ts');
    assert.equal(index.lookup(ctx, { preferred: ['file:///legacy.ts'] })[0].path, 'legacy.ts');
    const found = index.lookup(ctx, { preferred: ['file:///pricing.ts'] }).filter((c) => c.text.includes('function applyDiscount('));
    assert.deepEqual(found.map((c) => c.path), ['pricing.ts', 'legacy.ts'], 'the imported file first, and the other one still found (not the first twice)');
  });

  it("finds a default import's definition in its own module only: export default, export { x as default }, module.exports", () => {
    const index = new DefinitionIndex({ syntax });
    index.update(source('cart.ts', 'export default class Cart {\n  add(sku: string): void {}\n}\n'));
    index.update(source('tax.ts', 'function rate(region: string): number {\n  return 0.2;\n}\nexport { rate as default };\n'));
    index.update(source('ledger.js', 'function openLedger(path) {\n  return { path };\n}\nmodule.exports = openLedger;\n', 1, 'javascript'));
    index.update(source('anon.ts', 'export default function (a: number, b: number): number {\n  return a + b;\n}\n'));
    index.index(1000);
    const ctx = ctxFromMarked('const cart = new Basket();\nconst r = taxRate("eu");\nconst l = ledger("x");\nconst s = sum(1, 2);\n‸', 'typescript', 'file:///shop.ts');
    const bindings = [
      { local: 'Basket', original: DEFAULT_EXPORT, uri: 'file:///cart.ts' },
      { local: 'taxRate', original: DEFAULT_EXPORT, uri: 'file:///tax.ts' },
      { local: 'ledger', original: DEFAULT_EXPORT, uri: 'file:///ledger.js' },
      { local: 'sum', original: DEFAULT_EXPORT, uri: 'file:///anon.ts' },
    ];
    const texts = index.lookup(ctx, { bindings }).map((c) => c.text.split('\n')[0]);
    assert.deepEqual(texts.sort(), ['export default class Cart {', 'export default function (a: number, b: number): number {', 'function openLedger(path) {', 'function rate(region: string): number {']);
    // Without the module's file, a default import names nothing: another file's default is not it.
    assert.deepEqual(index.lookup(ctx, { bindings: [{ local: 'Basket', original: DEFAULT_EXPORT }] }), []);
  });

  it('looks a named import up in the file its module was found in before other files', () => {
    const index = new DefinitionIndex({ syntax });
    index.update(source('a.ts', 'export function pick(x: number): number {\n  return x;\n}\n'));
    index.update(source('b.ts', 'export function pick(s: string): string {\n  return s;\n}\n'));
    index.index(1000);
    const ctx = ctxFromMarked('pick(‸)', 'typescript', 'file:///main.ts');
    const [first] = index.lookup(ctx, { bindings: [{ local: 'pick', original: 'pick', uri: 'file:///b.ts' }] });
    assert.equal(first.path, 'b.ts');
  });
});

describe('inline names to look up', () => {
  it('takes identifiers from the cursor line and the 20 lines above, nearest first, without keywords', () => {
    const far = Array.from({ length: 25 }, (_, i) => `const far${i} = 0;`).join('\n');
    const ctx = ctxFromMarked(`${far}\nconst nearName = otherThing;\nif (lastOne) return ‸`, 'typescript');
    const names = identifiersNearCursor(ctx);
    assert.deepEqual(names.slice(0, 3), ['lastOne', 'otherThing', 'nearName']);
    assert.ok(!names.includes('return') && !names.includes('const'));
    assert.ok(names.includes('far6') && !names.includes('far5'), 'only the 20 lines above');
  });

  it('ranks imported names used near the cursor, then imported names used after it, then the rest', () => {
    const ctx = ctxFromMarked('const total = price(local);\n‸\nrender(total);\n', 'typescript');
    const bindings = [
      { local: 'unused', original: 'unused' },
      { local: 'render', original: 'render' },
      { local: 'price', original: 'computePrice' },
    ];
    const names = namesToLookUp(ctx, { bindings, definedHere: new Set(['local']) });
    assert.deepEqual(names.map((n) => n.name), ['computePrice', 'render', 'total', 'unused'], 'an alias is looked up by its original name; names defined here are not');
    assert.ok(names.every((n, i) => i === 0 || n.score <= names[i - 1].score));
  });

  it('packs definitions ahead of similar windows within the budget, in the same order for the same set', () => {
    const chunks = [
      { kind: 'similar' as const, path: 'a.ts', startLine: 0, text: 's'.repeat(300), score: 0.9 },
      { kind: 'definition' as const, path: 'z.ts', startLine: 4, text: 'd'.repeat(200), score: 0.2 },
      { kind: 'definition' as const, path: 'b.ts', startLine: 9, text: 'e'.repeat(200), score: 0.9 },
    ];
    const packed = packContext(chunks, 500);
    assert.deepEqual(packed.map((c) => c.path), ['b.ts', 'z.ts']);
    assert.deepEqual(packContext([...chunks].reverse(), 500), packed);
  });

});
