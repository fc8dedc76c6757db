import * as assert from 'assert';
import { scriptPaths } from '../../../src/common/inline/imports';
import { bareCandidates, exportTargets, NO_RESOLUTION, type ModuleResolution } from '../../../src/common/inline/moduleResolution';

const paths = (specifier: string, resolution: ModuleResolution) => bareCandidates(specifier, resolution, scriptPaths).map((c) => c.path);

describe('inline imports: bare specifiers that name workspace files', () => {
  it('maps tsconfig paths, the longest matching prefix first, then exact aliases', () => {
    const resolution: ModuleResolution = {
      paths: [
        { pattern: '@/*', targets: ['web/src/*'] },
        { pattern: '@/ui/*', targets: ['web/ui/*', 'web/ui-legacy/*'] },
        { pattern: 'config', targets: ['web/config/index.ts'] },
      ],
      packages: [],
    };
    const ui = paths('@/ui/button', resolution);
    assert.equal(ui[0], 'web/ui/button.ts');
    assert.ok(ui.indexOf('web/ui-legacy/button.ts') > ui.indexOf('web/ui/button/index.ts'), 'targets in their order');
    assert.ok(ui.indexOf('web/src/ui/button.ts') > ui.indexOf('web/ui-legacy/button.ts'), 'the shorter prefix after');
    assert.deepEqual(paths('config', resolution), ['web/config/index.ts']);
    assert.deepEqual(paths('lodash', resolution), [], 'nothing matches: a package from outside');
  });

  it('tries a non-relative specifier under baseUrl', () => {
    assert.equal(paths('services/mailer', { ...NO_RESOLUTION, baseUrl: 'app/src' })[0], 'app/src/services/mailer.ts');
    assert.equal(paths('services/mailer', { ...NO_RESOLUTION, baseUrl: '' })[0], 'services/mailer.ts');
  });

  it('finds a workspace package by name through its exports: subpaths, patterns and conditions', () => {
    const resolution: ModuleResolution = {
      paths: [],
      packages: [
        { name: '@shop/ui', dir: 'packages/ui', exports: { '.': { types: './dist/index.d.ts', import: './dist/index.mjs' }, './theme': './src/theme.ts', './icons/*': './src/icons/*.tsx' } },
        { name: 'tools', dir: 'tools', exports: './lib/main.js' },
      ],
    };
    const root = paths('@shop/ui', resolution);
    // dist is not built in a fresh checkout: the source folder beside it, and the declaration's source first.
    assert.ok(root.includes('packages/ui/src/index.ts'), root.join(' '));
    assert.ok(root.indexOf('packages/ui/dist/index.ts') < root.indexOf('packages/ui/dist/index.d.ts'));
    assert.equal(paths('@shop/ui/theme', resolution)[0], 'packages/ui/src/theme.ts');
    assert.equal(paths('@shop/ui/icons/cart', resolution)[0], 'packages/ui/src/icons/cart.tsx');
    assert.deepEqual(paths('@shop/ui/private', resolution), [], 'exports closes what it does not list');
    assert.equal(paths('tools', resolution)[0], 'tools/lib/main.ts');
    assert.ok(paths('tools', resolution).includes('tools/src/main.ts'));
    assert.deepEqual(paths('@shop/uikit', resolution), [], 'a name only starting like a package is another package');
  });

  it('without exports: module, main or types for the package, its folder for a subpath; the root package by its own name', () => {
    const resolution: ModuleResolution = { paths: [], packages: [{ name: 'ledger', dir: '', main: 'index.js' }, { name: 'bare', dir: 'libs/bare' }] };
    assert.equal(paths('ledger', resolution)[0], 'index.ts');
    assert.equal(paths('ledger/lib/entries', resolution)[0], 'lib/entries.ts');
    assert.equal(paths('bare', resolution)[0], 'libs/bare/index.ts');
  });

  it('reads exports as Node does: a string or conditions mean the package itself, arrays are tried in order', () => {
    assert.deepEqual(exportTargets('./a.js', '.'), ['./a.js']);
    assert.deepEqual(exportTargets({ require: './c.cjs', default: './d.js' }, '.'), ['./d.js', './c.cjs']);
    assert.deepEqual(exportTargets({ '.': [{ node: './n.js' }, './f.js'] }, '.'), ['./n.js', './f.js']);
    assert.deepEqual(exportTargets({ './*': { import: './src/*.ts' } }, './x/y'), ['./src/x/y.ts']);
    assert.deepEqual(exportTargets(null, '.'), []);
  });
});
