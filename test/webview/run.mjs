// npm run test:webview — builds the chat page bundle alone, then runs the page suites in Chromium.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(root);

const esbuild = require('esbuild');
const { chatPage, copyAssets } = require(path.join(root, 'esbuild.js'));
copyAssets();
await esbuild.build(chatPage);

const mocha = require.resolve('mocha/bin/mocha.js');
const files = process.argv.slice(2);
const result = spawnSync(process.execPath, [
  mocha, '--require', 'tsx/cjs', '--extension', 'ts', '--timeout', '60000',
  ...(files.length ? files : ['test/webview/**/*.test.ts']),
], { stdio: 'inherit' });
process.exit(result.status ?? 1);
