// The layer zones of eslint.config.mjs, run through ESLint itself on import lines written for each
// layer and depth: a zone that silently matched nothing would let every violation through.
import * as assert from 'assert';
import * as path from 'path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../../..');

describe('lint: layer zones', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: ROOT });

  async function layerErrors(file: string, importLine: string): Promise<string[]> {
    const [result] = await eslint.lintText(`${importLine}\nexport const used = x;\n`, { filePath: path.join(ROOT, file) });
    return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
  }

  const forbidden: Array<[file: string, importLine: string]> = [
    ['src/common/a.ts', "import * as x from 'vscode';"],
    ['src/common/inline/a.ts', "import * as x from 'fs';"],
    ['src/common/inline/a.ts', "import * as x from 'node:path';"],
    ['src/common/inline/a.ts', "import { x } from 'openai/streaming';"],
    ['src/common/inline/a.ts', "import { x } from '../../node/tokenizer';"],
    ['src/common/a.ts', "import type { x } from '../vscode/services';"],
    ['src/node/client/a.ts', "import { x } from '../../vscode/services';"],
    ['src/node/a.ts', "import * as x from 'vscode';"],
    ['src/vscode/a.ts', "import { x } from '../features/inline';"],
    ['src/features/chat/a.ts', "import { x } from '../inline/provider';"],
    ['src/features/chat/deep/a.ts', "import { x } from '../../inline';"],
    ['src/features/chat/a.ts', "import { x } from '../../extension';"],
    ['src/webview/a.ts', "import { x } from '../node/tokenizer';"],
    ['src/webview/a.ts', "import * as x from 'vscode';"],
    ['src/cli/a.ts', "import { x } from '../vscode/services';"],
    ['src/cli/a.ts', "import { x } from '../features/docs';"],
  ];
  for (const [file, importLine] of forbidden) {
    it(`rejects in ${file}: ${importLine}`, async () => {
      assert.equal((await layerErrors(file, importLine)).length, 1);
    });
  }

  const allowed: Array<[file: string, importLine: string]> = [
    ['src/common/inline/a.ts', "import { x } from '../llm';"],
    ['src/common/a.ts', "import { x } from 'tiny-lru';"],
    ['src/node/client/a.ts', "import { x } from '../../common/llm';"],
    ['src/node/a.ts', "import { x } from 'node:fs';"],
    ['src/vscode/a.ts', "import { x } from '../node/client';"],
    ['src/features/chat/a.ts', "import { x } from './view';"],
    ['src/features/chat/deep/a.ts', "import { x } from '../view';"],
    ['src/features/chat/a.ts', "import { x } from '../../vscode/services';"],
    ['src/webview/a.ts', "import { x } from './stream';"],
    ['src/webview/a.ts', "import { x } from '../common/chat/protocol';"],
    ['src/cli/a.ts', "import { x } from '../node/client';"],
    ['src/extension.ts', "import { x } from './features/chat';"],
  ];
  for (const [file, importLine] of allowed) {
    it(`allows in ${file}: ${importLine}`, async () => {
      assert.deepEqual(await layerErrors(file, importLine), []);
    });
  }
});
