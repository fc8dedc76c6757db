import * as assert from 'assert';
import { DEFAULT_EXPORT, importedModules, locatedBindings, pythonCandidates, scriptCandidates } from '../../../src/common/inline/imports';
import type { SyntaxService } from '../../../src/common/syntax/types';
import { loadedSyntax, parseOrFail } from '../syntax/helpers';

describe('inline imports of the current file', () => {
  let syntax: SyntaxService;
  before(async () => {
    syntax = await loadedSyntax();
  });

  const modulesOf = (text: string, languageId: string) => {
    const tree = parseOrFail(syntax, text, languageId);
    try {
      return importedModules(tree.root, languageId);
    } finally {
      tree.dispose();
    }
  };

  it('follows relative TS/JS imports, re-exports, require and import(); keeps bare specifiers for the reader', () => {
    const text = [
      "import { readFile } from 'fs';",
      "import { Money, applyDiscount as discount } from './pricing';",
      "import type { Cart } from '../cart/model.js';",
      "export { helper } from './util/index.ts';",
      "const legacy = require('./legacy');",
      "const lazy = () => import('./lazy.mjs');",
      'function f() {}',
    ].join('\n');
    const modules = modulesOf(text, 'typescript');
    const relative = modules.filter((m) => m.specifier === undefined);
    assert.deepEqual(relative.map((m) => m.candidates[0].path), ['./pricing.ts', '../cart/model.ts', './util/index.ts', './legacy.ts', './lazy.mts']);
    assert.deepEqual(relative[0].bindings, [{ local: 'Money', original: 'Money' }, { local: 'discount', original: 'applyDiscount' }]);
    assert.ok(modules.every((m) => m.candidates.every((c) => c.base === 'file')));
    // A bare specifier is kept for the reader, who knows the workspace's paths and packages.
    assert.deepEqual(modules.filter((m) => m.specifier !== undefined).map((m) => [m.specifier, m.candidates.length]), [['fs', 0]]);
  });

  it('binds default imports to the module default export, next to its named imports', () => {
    const text = ["import Cart, { type Line } from './cart';", "import render from '@shop/ui';", "import * as all from './all';"].join('\n');
    const [cart, ui, all] = modulesOf(text, 'typescript');
    assert.deepEqual(cart.bindings, [{ local: 'Cart', original: DEFAULT_EXPORT }, { local: 'Line', original: 'Line' }]);
    assert.deepEqual([ui.specifier, ui.bindings], ['@shop/ui', [{ local: 'render', original: DEFAULT_EXPORT }]]);
    assert.deepEqual(all.bindings, [], 'a namespace import names no single definition');
  });

  it('binds the names a require is destructured into (renames too), and a whole require to the default export', () => {
    const text = [
      "const { parseLine, formatLine: format } = require('./lines');",
      "const Ledger = require('./ledger');",
      "let { ...rest } = require('./rest');",
      "require('./side-effect');",
    ].join('\n');
    const modules = modulesOf(text, 'javascript');
    assert.deepEqual(modules.map((m) => m.candidates[0].path), ['./lines.ts', './ledger.ts', './rest.ts', './side-effect.ts']);
    assert.deepEqual(modules[0].bindings, [{ local: 'parseLine', original: 'parseLine' }, { local: 'format', original: 'formatLine' }]);
    assert.deepEqual(modules[1].bindings, [{ local: 'Ledger', original: DEFAULT_EXPORT }]);
    assert.deepEqual(modules[2].bindings, []);
    assert.deepEqual(modules[3].bindings, []);
  });

  it('gives the bindings of a module the reader found the URI of its file', () => {
    const modules = modulesOf("import { a } from './a';\nimport b from './b';", 'typescript');
    assert.deepEqual(locatedBindings(modules, new Map([[1, 'file:///b.ts']])), [{ local: 'a', original: 'a' }, { local: 'b', original: DEFAULT_EXPORT, uri: 'file:///b.ts' }]);
  });

  it('tries the TypeScript source for a compiled name, then the name, then extensions and index files', () => {
    assert.deepEqual(scriptCandidates('./x.js').map((c) => c.path), ['./x.ts', './x.tsx', './x.js']);
    const bare = scriptCandidates('./dir').map((c) => c.path);
    assert.equal(bare[0], './dir.ts');
    assert.ok(bare.includes('./dir/index.js'));
    assert.deepEqual(scriptCandidates('lodash'), []);
  });

  it('follows Python relative imports from the package and absolute ones from the root', () => {
    const text = ['import os', 'from . import events, futures as f', 'from .log import logger', 'from ..base import Base', 'import email.utils', 'from email.message import Message'].join('\n');
    const modules = modulesOf(text, 'python');
    const first = (m: (typeof modules)[number]) => `${m.candidates[0].base}:${m.candidates[0].path}`;
    assert.deepEqual(modules.map(first), ['root:os.py', 'file:./__init__.py', 'file:./events.py', 'file:./futures.py', 'file:./log.py', 'file:../base.py', 'root:email/utils.py', 'root:email/message.py']);
    assert.deepEqual(modules.find((m) => first(m) === 'file:./log.py')?.bindings, [{ local: 'logger', original: 'logger' }]);
    assert.deepEqual(pythonCandidates('..pkg.mod').map((c) => c.path), ['../pkg/mod.py', '../pkg/mod/__init__.py']);
  });
});
