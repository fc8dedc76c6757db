// The packaged extension (installed from the .vsix, not the source tree) is present and activates.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { activeGearshift, gearshift } from './helpers';

describe('Gearshift package', () => {
  it('is installed from the .vsix into the run’s extensions folder', () => {
    const extensionsDir = process.env.GEARSHIFT_TEST_EXTENSIONS_DIR;
    assert.ok(extensionsDir, 'GEARSHIFT_TEST_EXTENSIONS_DIR is not set');
    const extension = gearshift();
    assert.strictEqual(path.dirname(extension.extensionPath), extensionsDir);
    assert.strictEqual(path.basename(extension.extensionPath), `gearshift.gearshift-${extension.packageJSON.version}`);
  });

  it('ships the bundles and not the sources', () => {
    const root = gearshift().extensionPath;
    for (const file of ['dist/extension.js', 'dist/tokenizerWorker.js', 'dist/webview/chat.js', 'dist/tiktoken_bg.wasm', 'package.json']) {
      assert.ok(fs.existsSync(path.join(root, file)), `${file} is missing from the package`);
    }
    for (const folder of ['src', 'test', 'node_modules']) {
      assert.ok(!fs.existsSync(path.join(root, folder)), `${folder}/ must not be packaged`);
    }
  });

  it('activates', async () => {
    const extension = await activeGearshift();
    assert.strictEqual(extension.isActive, true);
  });
});
