import * as assert from 'assert';
import { importedModules, pythonCandidates, scriptCandidates } from '../../../src/common/inline/imports';
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

  it('follows relative TS/JS imports, re-exports, require and import(), not packages', () => {
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
    assert.deepEqual(modules.map((m) => m.candidates[0].path), ['./pricing.ts', '../cart/model.ts', './util/index.ts', './legacy.ts', './lazy.mts']);
    assert.deepEqual(modules[0].bindings, [{ local: 'Money', original: 'Money' }, { local: 'discount', original: 'applyDiscount' }]);
    assert.ok(modules.every((m) => m.candidates.every((c) => c.base === 'file')));
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
