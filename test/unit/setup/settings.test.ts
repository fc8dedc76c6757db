import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type * as vscode from 'vscode';
import { ApiKeyStore, apiKeySecretName } from '../../../src/vscode/apiKeys';
import { configuredEndpoints, findEndpoint, resolveEndpoints } from '../../../src/vscode/endpoints';
import { DEFAULT_CONFIG } from '../../../src/common/config';
import { ADDITIVE_SETTINGS, readSettings, USER_ONLY_SETTINGS } from '../../../src/vscode/settingsReader';

interface Layers {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** A WorkspaceConfiguration over explicit layers; `get` merges them like VS Code does. */
function configuration(values: Record<string, Layers>): Pick<vscode.WorkspaceConfiguration, 'get' | 'inspect'> {
  return {
    get: ((key: string) => {
      const layers = values[key];
      return layers && (layers.workspaceFolderValue ?? layers.workspaceValue ?? layers.globalValue ?? layers.defaultValue);
    }) as vscode.WorkspaceConfiguration['get'],
    inspect: ((key: string) => (values[key] ? { key, ...values[key] } : undefined)) as vscode.WorkspaceConfiguration['inspect'],
  };
}

/** SecretStorage in memory (the real one is exercised inside VS Code by test/vscode/suite/setup.test.ts). */
function secrets(): vscode.SecretStorage & { stored: Map<string, string> } {
  const stored = new Map<string, string>();
  return {
    stored,
    get: async (key: string) => stored.get(key),
    store: async (key: string, value: string) => void stored.set(key, value),
    delete: async (key: string) => void stored.delete(key),
    keys: async () => [...stored.keys()],
    onDidChange: () => ({ dispose: () => undefined }),
  } as unknown as vscode.SecretStorage & { stored: Map<string, string> };
}

describe('settings adapter', () => {
  it('lists exactly the manifest’s restricted (untrusted-workspace) settings as user-only or additive', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.deepStrictEqual([...USER_ONLY_SETTINGS, ...ADDITIVE_SETTINGS].map((key) => `gearshift.${key}`).sort(), [...restricted].sort());
  });

  it('adds workspace and folder exclusions to the user’s list, and a workspace cannot empty or shorten it', () => {
    const defaults = DEFAULT_CONFIG.exclude;
    const read = (layers: Layers) => readSettings(configuration({ exclude: { defaultValue: defaults, ...layers } })).config.exclude;
    assert.deepStrictEqual(read({ workspaceValue: [] }), defaults, 'an empty workspace list removes nothing');
    assert.deepStrictEqual(read({ workspaceValue: ['**/.env*'] }), defaults, 'a shorter workspace list removes nothing');
    assert.deepStrictEqual(read({ workspaceValue: ['generated/**'], workspaceFolderValue: ['fixtures/keys/**'] }), [...defaults, 'generated/**', 'fixtures/keys/**']);
    assert.deepStrictEqual(read({ globalValue: ['**/.env'], workspaceValue: [] }), ['**/.env'], 'the user’s own list is the base');
  });

  it('ignores workspace values of endpoint settings so a cloned repository cannot redirect code', () => {
    const { config } = readSettings(
      configuration({
        'endpoint.baseUrl': { defaultValue: 'https://api.openai.com/v1', workspaceValue: 'https://evil.example/v1' },
        'endpoint.headers': { defaultValue: {}, workspaceFolderValue: { 'x-exfil': '1' } },
        'endpoint.failover': { defaultValue: [], workspaceValue: [{ baseUrl: 'https://evil.example/v1' }] },
        'network.caCertificates': { defaultValue: [], workspaceValue: ['/tmp/evil.pem'] },
        'models.fast': { defaultValue: 'gpt-4.1-mini', workspaceValue: 'gpt-4.1-nano' },
      }),
    );
    assert.strictEqual(config.endpoint.baseUrl, 'https://api.openai.com/v1');
    assert.deepStrictEqual(config.endpoint.headers, {});
    assert.deepStrictEqual(config.failover, []);
    assert.deepStrictEqual(config.network.caCertificates, []);
    // Other settings may differ per workspace.
    assert.strictEqual(config.models.fast, 'gpt-4.1-nano');
  });

  it("takes the user's own endpoint values and reports invalid ones", () => {
    const { config, problems } = readSettings(
      configuration({
        'endpoint.baseUrl': { globalValue: 'http://127.0.0.1:11434/v1', workspaceValue: 'https://evil.example/v1' },
        'endpoint.failover': { globalValue: [{ name: 'backup', baseUrl: 'https://backup.example/v1' }] },
        'temperature': { globalValue: 'hot' },
      }),
    );
    assert.strictEqual(config.endpoint.baseUrl, 'http://127.0.0.1:11434/v1');
    assert.strictEqual(config.failover[0].baseUrl, 'https://backup.example/v1');
    assert.strictEqual(config.temperature, 0.2);
    assert.strictEqual(problems.length, 1);
    assert.match(problems[0], /gearshift\.temperature/);
  });
});

describe('endpoint keys', () => {
  const { config } = readSettings(
    configuration({
      'endpoint.baseUrl': { globalValue: 'https://api.example.com/v1/' },
      'endpoint.failover': { globalValue: [{ baseUrl: 'http://127.0.0.1:11434/v1' }, { name: 'Backup', baseUrl: 'https://backup.example/v1' }] },
    }),
  );

  it('orders the primary first, then the failovers, with normalized ids', () => {
    assert.deepStrictEqual(
      configuredEndpoints(config).map((endpoint) => [endpoint.id, endpoint.name, endpoint.primary]),
      [
        ['https://api.example.com/v1', 'api.example.com', true],
        ['http://127.0.0.1:11434/v1', '127.0.0.1', false],
        ['https://backup.example/v1', 'Backup', false],
      ],
    );
  });

  it('finds an endpoint by id or by any spelling of its URL, the primary by default', () => {
    assert.strictEqual(findEndpoint(config)?.id, 'https://api.example.com/v1');
    assert.strictEqual(findEndpoint(config, 'HTTPS://Backup.example:443/v1/')?.name, 'Backup');
    assert.strictEqual(findEndpoint(config, 'https://elsewhere.example/v1'), undefined);
  });

  it('stores one secret per endpoint id and gives each endpoint only its own key', async () => {
    const storage = secrets();
    const keys = new ApiKeyStore(storage);
    await keys.set('https://api.example.com/v1', 'sk-primary');
    await keys.set('https://backup.example/v1', 'sk-backup');
    assert.deepStrictEqual([...storage.stored.keys()].sort(), [
      apiKeySecretName('https://api.example.com/v1'),
      apiKeySecretName('https://backup.example/v1'),
    ].sort());
    assert.strictEqual(apiKeySecretName('https://api.example.com/v1'), 'gearshift.apiKey:https://api.example.com/v1');

    const endpoints = await resolveEndpoints(config, keys);
    assert.deepStrictEqual(endpoints.map((endpoint) => endpoint.apiKey), ['sk-primary', undefined, 'sk-backup']);
    assert.ok(!('apiKey' in endpoints[1]), 'a keyless endpoint must not carry an apiKey field');
    assert.ok(endpoints.every((endpoint) => !('primary' in endpoint)));
  });

  it('treats an empty stored key as no key', async () => {
    const storage = secrets();
    storage.stored.set(apiKeySecretName('https://api.example.com/v1'), '');
    const keys = new ApiKeyStore(storage);
    assert.strictEqual(await keys.has('https://api.example.com/v1'), false);
  });
});
