// ESLint flat config. Its main job is the layer rules of ARCHITECTURE.md §2:
//   common ← node ← vscode ← features ← extension.ts;  webview ← common;  cli ← common + node;
//   no feature imports another feature.
// The built-in no-restricted-imports matches import strings, not resolved paths, so each layer's
// zone is generated per folder depth: from a file N folders below src/<layer>/, "../" repeated N+1
// times lands exactly in src/, and the next path segment names the layer being imported. That keeps
// the check exact without an import resolver.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Deepest folder nesting below a layer's root that gets its own zone (deeper files still get the bare-module rules). */
const MAX_DEPTH = 5;

/** Node's built-ins, with or without the node: prefix, and packages that only run in Node (sockets, files, wasm loaded from disk). */
const NODE_ONLY = ['node:', ...builtinModules.filter((name) => !name.startsWith('_')), 'openai', 'undici', 'tiktoken', 'web-tree-sitter', '@vscode/tree-sitter-wasm', 'proper-lockfile'];

/** What each top-level folder of src/ must not import: other src/ folders and bare modules. */
const LAYERS = {
  common: { folders: ['node', 'vscode', 'features', 'cli', 'webview', 'extension'], modules: ['vscode', ...NODE_ONLY] },
  node: { folders: ['vscode', 'features', 'cli', 'webview', 'extension'], modules: ['vscode'] },
  vscode: { folders: ['features', 'cli', 'webview', 'extension'], modules: [] },
  webview: { folders: ['node', 'vscode', 'features', 'cli', 'extension'], modules: ['vscode', ...NODE_ONLY] },
  cli: { folders: ['vscode', 'features', 'webview', 'extension'], modules: ['vscode'] },
  // A feature sits one level deeper (src/features/<name>/); its sibling features are handled below.
  features: { folders: ['cli', 'webview', 'extension', 'features'], modules: [] },
};

const up = (times) => '(\\.\\./)'.repeat(times);

function zone(layer, depth) {
  const { folders, modules } = LAYERS[layer];
  // Files of src/features/<name>/ count their depth from the feature's own folder.
  const base = layer === 'features' ? 'src/features/*' : `src/${layer}`;
  const levelsToSrc = depth + (layer === 'features' ? 2 : 1);
  const patterns = [
    {
      regex: `^${up(levelsToSrc)}(${folders.join('|')})(/|\\.ts$|$)`,
      message: `src/${layer} must not import from src/{${folders.join(',')}} (ARCHITECTURE.md §2).`,
    },
  ];
  if (layer === 'features') {
    patterns.push({
      regex: `^${up(levelsToSrc - 1)}[^./]`,
      message: 'A feature must not import another feature; move shared code to src/common or src/vscode.',
    });
  }
  // A bare module and its subpaths ('fs', 'fs/promises', 'openai/streaming', any 'node:…'); relative paths never match.
  const alternatives = modules.map((name) => (name === 'node:' ? 'node:' : `${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/|$)`));
  const restrictedModules = modules.length
    ? [{ regex: `^(${alternatives.join('|')})`, message: `src/${layer} must not import this module (ARCHITECTURE.md §2).` }]
    : [];
  return {
    files: [`${base}/${'*/'.repeat(depth)}*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, ...restrictedModules] }] },
  };
}

const layerZones = Object.keys(LAYERS).flatMap((layer) =>
  Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => zone(layer, depth)),
);

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.test-cache/**', '.test-artifacts/**', 'bench/results/**'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // tsc (noUnusedLocals/noUnusedParameters) already reports these, with the project's own settings.
      '@typescript-eslint/no-unused-vars': 'off',
      // TypeScript resolves globals; the core rule does not know Node's or the DOM's.
      'no-undef': 'off',
    },
  },
  {
    // Test doubles read and build untyped wire JSON on purpose.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  ...layerZones,
);
