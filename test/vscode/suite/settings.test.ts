// The settings schema reaches VS Code: every contributed setting is known with its declared default.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { gearshift, mock } from './helpers';

interface SettingSchema {
  default?: unknown;
}

describe('Gearshift settings', () => {
  it('knows every contributed setting with its declared default', () => {
    const sections: { properties: Record<string, SettingSchema> }[] = gearshift().packageJSON.contributes.configuration;
    const properties: Record<string, SettingSchema> = Object.assign({}, ...sections.map((section) => section.properties));
    const keys = Object.keys(properties);
    assert.ok(keys.length > 0, 'the manifest contributes no settings');
    const config = vscode.workspace.getConfiguration();
    for (const key of keys) {
      const inspected = config.inspect(key);
      assert.ok(inspected, `${key} is unknown to VS Code`);
      assert.deepStrictEqual(inspected.defaultValue, properties[key].default, `default of ${key}`);
    }
  });

  it('points the endpoint at the local mock server for this run', () => {
    const baseUrl = vscode.workspace.getConfiguration('gearshift').get<string>('endpoint.baseUrl');
    assert.strictEqual(baseUrl, mock.url());
  });
});
