// Following the current file's imports on disk (src/node/importedFiles.ts): bare specifiers through
// tsconfig paths (an `extends` chain, comments and trailing commas as tsc allows) and the workspace's
// own packages (npm/yarn workspaces, exports pointing at an unbuilt dist), and the definitions they
// lead to reaching the context, default imports and destructured requires included.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CrossFileContext } from '../../src/common/inline/crossFileContext';
import { importedModules, locatedBindings } from '../../src/common/inline/imports';
import { definitions } from '../../src/common/syntax/queries';
import { readImportedFiles } from '../../src/node/importedFiles';
import { readModuleResolution } from '../../src/node/moduleResolution';
import { createTreeSitterSyntax } from '../../src/node/syntax/treeSitter';
import { ctxFromMarked } from '../unit/inline/helpers';
import { makeTempDir } from '../support/tempDirs';

function workspace(files: Record<string, string>): string {
  const root = makeTempDir('imports');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

const MONOREPO = {
  'package.json': JSON.stringify({ name: 'shop', private: true, workspaces: ['packages/*'], main: 'index.js' }),
  'index.js': 'module.exports = function openShop(name) {\n  return { name };\n};\n',
  'tsconfig.base.json': '{\n  // shared by every app\n  "compilerOptions": {\n    "baseUrl": ".",\n    "paths": { "@app/*": ["apps/web/src/*"], },\n  },\n}\n',
  'apps/web/tsconfig.json': '{ "extends": "../../tsconfig.base.json" }\n',
  'apps/web/src/format.ts': 'export function formatMoney(cents: number, currency: string): string {\n  return `${(cents / 100).toFixed(2)} ${currency}`;\n}\n',
  'apps/web/src/cart.ts': 'export default class Cart {\n  readonly lines: string[] = [];\n  add(sku: string): void {\n    this.lines.push(sku);\n  }\n}\n',
  'apps/web/src/lib/tax.js': 'function taxFor(region) {\n  return region === "eu" ? 0.2 : 0;\n}\nfunction roundTax(value) {\n  return Math.round(value * 100) / 100;\n}\nmodule.exports = { taxFor, roundTax };\n',
  'packages/ui/package.json': JSON.stringify({ name: '@shop/ui', exports: { '.': { types: './dist/index.d.ts', import: './dist/index.mjs' } } }),
  'packages/ui/src/index.ts': 'export function renderButton(label: string, onClick: () => void): HTMLElement {\n  const b = document.createElement("button");\n  return b;\n}\n',
  'apps/web/src/main.ts': [
    "import { renderButton } from '@shop/ui';",
    "import { formatMoney } from '@app/format';",
    "import Cart from './cart';",
    "import { readFileSync } from 'fs';",
    "const { taxFor, roundTax: round } = require('@app/lib/tax');",
    '',
    'export function checkout(cart: Cart): string {',
    '  return formatMoney(round(taxFor("eu")), "EUR");',
    '}',
    '',
  ].join('\n'),
};

describe('following imports on disk: tsconfig paths, workspace packages, default imports, require destructuring', function () {
  this.timeout(20_000);
  const syntax = createTreeSitterSyntax();
  before(async () => {
    await Promise.all(['typescript', 'javascript'].map((languageId) => syntax.load(languageId)));
  });

  const modulesOf = (file: string) => {
    const tree = syntax.parse(fs.readFileSync(file, 'utf8'), 'typescript');
    assert.ok(tree);
    try {
      return { modules: importedModules(tree.root, 'typescript'), definedHere: new Set(definitions(tree).map((d) => d.name)) };
    } finally {
      tree.dispose();
    }
  };

  it('reads baseUrl and paths through extends (comments, trailing commas) and lists the workspace packages', async () => {
    const root = workspace(MONOREPO);
    const resolution = await readModuleResolution(path.join(root, 'apps/web/src/main.ts'), root);
    assert.equal(resolution.baseUrl, '');
    assert.deepEqual(resolution.paths, [{ pattern: '@app/*', targets: ['apps/web/src/*'] }]);
    assert.deepEqual(resolution.packages.map((p) => [p.name, p.dir]), [['shop', ''], ['@shop/ui', 'packages/ui']]);
  });

  it('finds the files bare imports name inside the workspace (not packages from outside), and the definitions reach the context', async () => {
    const root = workspace(MONOREPO);
    const main = path.join(root, 'apps/web/src/main.ts');
    const { modules, definedHere } = modulesOf(main);
    const files = await readImportedFiles(main, modules, root, () => false);
    const found = files.map((f) => path.relative(root, f.path).split(path.sep).join('/'));
    assert.deepEqual(found, ['packages/ui/src/index.ts', 'apps/web/src/format.ts', 'apps/web/src/cart.ts', 'apps/web/src/lib/tax.js']);

    const context = new CrossFileContext(syntax);
    files.forEach((file, version) => context.add({ uri: file.path, relativePath: path.relative(root, file.path), languageId: file.path.endsWith('.js') ? 'javascript' : 'typescript', version, text: file.text }));
    const byModule = new Map(files.flatMap((file) => file.modules.map((index): [number, string] => [index, file.path])));
    context.setImports({ uri: main, files: files.map((f) => f.path), bindings: locatedBindings(modules, byModule), definedHere });
    assert.equal(context.index(5000), true);
    const ctx = ctxFromMarked(`${fs.readFileSync(main, 'utf8')}\nconst cart = new Cart();\nconst button = ‸`, 'typescript', main);
    const firstLines = context.chunksFor(ctx).filter((c) => c.kind === 'definition').map((c) => c.text.split('\n')[0]);
    for (const wanted of ['export function renderButton(', 'export function formatMoney(', 'export default class Cart {', 'function taxFor(region) {', 'function roundTax(value) {']) {
      assert.ok(firstLines.some((line) => line.startsWith(wanted)), `${wanted} missing from ${JSON.stringify(firstLines)}`);
    }
  });

  it('resolves a package importing itself by name (its main), and nothing without a config that names the specifier', async () => {
    const root = workspace({ ...MONOREPO, 'apps/web/src/main.ts': "import openShop from 'shop';\nimport { x } from 'left-pad';\n" });
    const main = path.join(root, 'apps/web/src/main.ts');
    const files = await readImportedFiles(main, modulesOf(main).modules, root, () => false);
    assert.deepEqual(files.map((f) => path.relative(root, f.path)), ['index.js']);
    const plain = workspace({ 'main.ts': "import { a } from 'shop';\n" });
    assert.deepEqual(await readImportedFiles(path.join(plain, 'main.ts'), modulesOf(path.join(plain, 'main.ts')).modules, plain, () => false), []);
  });
});
