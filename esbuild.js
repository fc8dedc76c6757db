// Builds the extension host bundle, the CLI, the tokenizer worker and the chat page.
// `--production` minifies and drops source maps; `--watch` rebuilds on change.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdir = path.join(__dirname, 'dist');

/** Logs start/finish so the VS Code background task (tasks.json) knows when a build settles. */
const watchLogPlugin = {
  name: 'watch-log',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/** The grammars src/common/syntax/languages.ts maps languages to (a unit test keeps both in step). */
const GRAMMARS = ['typescript', 'tsx', 'javascript', 'python', 'go', 'rust', 'java', 'c-sharp', 'cpp'];

/** tiktoken's wasm is loaded at run time from beside the bundle, so it must ship in dist/. */
function copyAssets() {
  fs.mkdirSync(outdir, { recursive: true });
  // The tree-sitter runtime and exactly the grammars the syntax service loads (dist/syntax.js).
  const grammars = path.join(outdir, 'grammars');
  fs.mkdirSync(grammars, { recursive: true });
  fs.copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), path.join(grammars, 'web-tree-sitter.wasm'));
  const grammarSource = path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
  for (const name of GRAMMARS) fs.copyFileSync(path.join(grammarSource, `tree-sitter-${name}.wasm`), path.join(grammars, `tree-sitter-${name}.wasm`));
  fs.copyFileSync(require.resolve('tiktoken/lite/tiktoken_bg.wasm'), path.join(outdir, 'tiktoken_bg.wasm'));
  // The rank files the tokenizer worker reads on first use; kept out of the bundles so neither
  // extension.js nor tokenizerWorker.js parses megabytes of ranks at load time.
  fs.mkdirSync(path.join(outdir, 'encoders'), { recursive: true });
  for (const encoding of ['o200k_base', 'cl100k_base']) {
    fs.copyFileSync(require.resolve(`tiktoken/encoders/${encoding}.json`), path.join(outdir, 'encoders', `${encoding}.json`));
  }
  // The chat page's icon font; the webview may only load from dist/ and media/.
  const codicons = path.dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
  fs.mkdirSync(path.join(outdir, 'codicons'), { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(codicons, file), path.join(outdir, 'codicons', file));
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: watch ? [watchLogPlugin] : [],
};

/**
 * Every `import * as vscode from 'vscode'` would otherwise copy the whole API object (~200
 * properties) into its own namespace at load time (esbuild's CommonJS interop), once per module:
 * ~30 copies before activate() runs. Routing them through one ES module re-export copies it once.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' });
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

const nodeBundle = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  plugins: [...common.plugins, vscodeOnce],
};

/** The chat page alone: the webview tests and the chat bench build just this. */
const chatPage = {
  ...common,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  entryPoints: { 'webview/chat': 'src/webview/main.ts' },
  outdir,
  loader: { '.css': 'css' },
};

/**
 * esbuild takes web-tree-sitter's ES module build, which finds its files through import.meta.url:
 * bundles holding it (the syntax service, the CLI) get a CommonJS stand-in.
 */
function withImportMetaUrl(firstLine) {
  const stub = "const importMetaUrl = require('url').pathToFileURL(__filename).href;";
  return { define: { 'import.meta.url': 'importMetaUrl' }, banner: { js: firstLine ? `${firstLine}\n${stub}` : stub } };
}

const builds = [
  // The HTTP client, the exclusion matcher (picomatch, ignore), secretlint, the answer code-block parser (markdown-it), the rest of the engine,
  // the feature commands and (below) the syntax service (web-tree-sitter) are bundles of their own, loaded on first use
  // (src/vscode/separateBundle.ts): activation does not parse them. A bundle-size test (test/integration/bundles.test.ts) keeps it so.
  {
    ...nodeBundle,
    entryPoints: {
      extension: 'src/extension.ts',
      tokenizerWorker: 'src/node/tokenizerWorker.ts',
      client: 'src/node/client/index.ts',
      exclusions: 'src/common/exclusions.ts',
      secretlint: 'src/node/secrets/secretlint.ts',
      answerCode: 'src/common/chat/answerCode.ts',
      // The engine behind Services, loaded on first use (see vscode/lazyEngine.ts).
      tokenizer: 'src/node/tokenizer.ts',
      ledger: 'src/node/ledgerStore.ts',
      router: 'src/common/routerImpl.ts',
      importedFiles: 'src/node/importedFiles.ts',
      // Command code loaded on first use (see each feature's index.ts and vscode/lazyRewrite.ts).
      rewrite: 'src/vscode/rewriteJob.ts',
      docs: 'src/features/docs/commands.ts',
      refactor: 'src/features/refactor/commands.ts',
      inlineEdit: 'src/features/inlineEdit/commands.ts',
      setup: 'src/features/setup/commands.ts',
      chat: 'src/features/chat/controller.ts',
    },
    outdir,
  },
  { ...nodeBundle, ...withImportMetaUrl(), entryPoints: { syntax: 'src/node/syntax/treeSitter.ts' }, outdir },
  { ...nodeBundle, ...withImportMetaUrl('#!/usr/bin/env node'), entryPoints: { cli: 'src/cli/main.ts' }, outdir },
  chatPage,
];

async function main() {
  copyAssets();
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { builds, chatPage, copyAssets, GRAMMARS };
