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

/** tiktoken's wasm is loaded at run time from beside the bundle, so it must ship in dist/. */
function copyAssets() {
  fs.mkdirSync(outdir, { recursive: true });
  fs.copyFileSync(require.resolve('tiktoken/lite/tiktoken_bg.wasm'), path.join(outdir, 'tiktoken_bg.wasm'));
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: watch ? [watchLogPlugin] : [],
};

const nodeBundle = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
};

const builds = [
  { ...nodeBundle, entryPoints: { extension: 'src/extension.ts', tokenizerWorker: 'src/node/tokenizerWorker.ts' }, outdir },
  { ...nodeBundle, entryPoints: { cli: 'src/cli/main.ts' }, outdir, banner: { js: '#!/usr/bin/env node' } },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { 'webview/chat': 'src/webview/main.ts' },
    outdir,
    loader: { '.css': 'css' },
  },
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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
