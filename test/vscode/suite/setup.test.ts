// Setup commands inside real VS Code against the local mock endpoint: API keys in SecretStorage
// (sent only to their own endpoint, never in settings or the log), Test Endpoint, Choose Endpoint
// with a preset argument, Show Usage.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UsageSummary } from '../../../src/common/ledger';
import type { ProbeResult } from '../../../src/common/llm';
import { activeGearshift, mock, waitFor, withSettings } from './helpers';

const KEY = 'sk-gearshift-test-0123456789abcdef';
const FAILOVER_KEY = 'sk-gearshift-failover-fedcba9876543210';

/** Every file under `dir` (recursively) whose name matches. */
function findFiles(dir: string, name: RegExp, found: string[] = []): string[] {
  for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findFiles(full, name, found);
    else if (name.test(entry.name)) found.push(full);
  }
  return found;
}

/** This run's Gearshift output channel, as VS Code wrote it to disk (all extension hosts). */
function gearshiftLog(): string {
  const userData = process.env.GEARSHIFT_TEST_USER_DATA;
  assert.ok(userData, 'GEARSHIFT_TEST_USER_DATA is not set');
  return findFiles(path.join(userData, 'logs'), /^Gearshift\.log$/)
    .map((file) => fs.readFileSync(file, 'utf8'))
    .join('\n');
}

describe('setup: API keys, Test Endpoint, Choose Endpoint, Show Usage', function () {
  this.timeout(60_000);

  before(async () => {
    await activeGearshift();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('gearshift.clearApiKey', { endpointId: mock.url() });
    await mock.reset();
  });

  it('Set API Key: the key reaches the endpoint as a bearer token and nowhere else in settings', async () => {
    await vscode.commands.executeCommand('gearshift.setApiKey', { key: KEY, endpointId: mock.url() });
    await mock.reset();
    const result = await vscode.commands.executeCommand<ProbeResult>('gearshift.testEndpoint', { model: 'gpt-4.1-mini' });
    assert.ok(result.chat.ok, JSON.stringify(result.chat));
    const requests = await mock.requests();
    assert.ok(requests.length > 0);
    for (const request of requests) assert.strictEqual(request.headers.authorization, `Bearer ${KEY}`, request.path);

    const settings = JSON.stringify(vscode.workspace.getConfiguration('gearshift'));
    assert.ok(!settings.includes(KEY), 'the key leaked into settings');
  });

  it('Clear API Key: later requests carry no key (keyless endpoints work)', async () => {
    await vscode.commands.executeCommand('gearshift.setApiKey', { key: KEY, endpointId: mock.url() });
    await vscode.commands.executeCommand('gearshift.clearApiKey', { endpointId: mock.url() });
    await mock.reset();
    const result = await vscode.commands.executeCommand<ProbeResult>('gearshift.testEndpoint', { model: 'gpt-4.1-mini' });
    assert.ok(result.chat.ok, JSON.stringify(result.chat));
    for (const request of await mock.requests()) assert.strictEqual(request.headers.authorization, undefined, request.path);
  });

  it('each endpoint gets only its own key: a failover on another host name never sees the primary key', async () => {
    // localhost and 127.0.0.1 are the same server but different endpoints (ids), like two hosts.
    const failoverUrl = mock.url().replace('127.0.0.1', 'localhost');
    const restore = await withSettings({ 'gearshift.endpoint.failover': [{ name: 'failover', baseUrl: failoverUrl }] });
    try {
      await vscode.commands.executeCommand('gearshift.setApiKey', { key: KEY, endpointId: mock.url() });
      await mock.reset();
      await vscode.commands.executeCommand<ProbeResult>('gearshift.testEndpoint', { model: 'gpt-4.1-mini', endpointId: failoverUrl });
      let requests = await mock.requests();
      assert.ok(requests.length > 0);
      for (const request of requests) {
        assert.match(request.headers.host, /^localhost:/);
        assert.strictEqual(request.headers.authorization, undefined, `primary key sent to the failover (${request.path})`);
      }

      await vscode.commands.executeCommand('gearshift.setApiKey', { key: FAILOVER_KEY, endpointId: failoverUrl });
      await mock.reset();
      await vscode.commands.executeCommand<ProbeResult>('gearshift.testEndpoint', { model: 'gpt-4.1-mini', endpointId: failoverUrl });
      requests = await mock.requests();
      for (const request of requests) assert.strictEqual(request.headers.authorization, `Bearer ${FAILOVER_KEY}`, request.path);
    } finally {
      await vscode.commands.executeCommand('gearshift.clearApiKey', { endpointId: failoverUrl });
      await restore();
    }
  });

  it('Test Endpoint reports models, chat and FIM transports and probes both tier models', async () => {
    const result = await vscode.commands.executeCommand<ProbeResult>('gearshift.testEndpoint');
    assert.strictEqual(result.model, 'gpt-4.1-mini');
    assert.ok(result.models && result.models.length > 0, 'no models listed');
    assert.ok(result.chat.ok, JSON.stringify(result.chat));
    assert.ok(Object.keys(result.transports).length > 0, 'no FIM transport probed');
    const probedModels = new Set((await mock.requests()).map((request) => request.body?.model).filter(Boolean));
    assert.ok(probedModels.has('gpt-4.1-mini') && probedModels.has('gpt-4.1'), [...probedModels].join(', '));
  });

  it('Test Endpoint opens a read-only report: each capability with verdict and latency, the server, the chosen transport and why', async () => {
    await vscode.commands.executeCommand<ProbeResult>('gearshift.testEndpoint', { model: 'gpt-4.1-mini' });
    const preview = await waitFor('the Test Endpoint report tab', () =>
      vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.label.includes('Gearshift Test Endpoint')),
    );
    assert.ok(preview.input instanceof vscode.TabInputWebview, 'the report is not shown as a markdown preview');
    const report = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'gearshift-test-endpoint', path: '/Gearshift Test Endpoint.md' }));
    await waitFor('the report text', () => report.getText().includes('## gpt-4.1-mini'));
    const text = report.getText();
    assert.match(text, /^# Test Endpoint: /);
    assert.match(text, /## Server \(discovery\)\n\n\| \| \|\n\|---\|---\|\n\| Kind \| /);
    assert.match(text, /\| Chat \| \/chat\/completions \| works \| [\d,]+ ms \|/);
    assert.match(text, /\| Inline \| .+ \| (works|\*\*fails\*\*) \|/);
    assert.match(text, /\*\*Inline suggestions use .+\*\*: .+\./);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(report.uri, new TextEncoder().encode('x'))), 'the report must be read-only');
  });

  it('Test Endpoint turns a 401 into a result with the auth reason (never an exception)', async () => {
    await mock.script({ match: { path: '/v1/chat/completions' }, reply: { status: 401, error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } }, times: -1 });
    const result = await vscode.commands.executeCommand<ProbeResult>('gearshift.testEndpoint', { model: 'gpt-4.1-mini' });
    assert.strictEqual(result.chat.ok, false);
    assert.strictEqual(result.chat.error?.reason, 'auth');
  });

  it('Choose Endpoint with a preset writes user settings and drops headers meant for the previous host', async () => {
    const config = () => vscode.workspace.getConfiguration('gearshift');
    const restore = await withSettings({
      'gearshift.endpoint.baseUrl': config().inspect('endpoint.baseUrl')?.globalValue,
      'gearshift.endpoint.headers': { 'api-version': '2024-10-21' },
      'gearshift.models.fast': config().inspect('models.fast')?.globalValue,
      'gearshift.models.large': config().inspect('models.large')?.globalValue,
    });
    try {
      const azure = await vscode.commands.executeCommand<{ baseUrl: string }>('gearshift.chooseEndpoint', {
        preset: 'azure',
        resource: 'contoso',
        fast: 'my-mini-deployment',
        large: 'my-large-deployment',
      });
      assert.strictEqual(azure.baseUrl, 'https://contoso.openai.azure.com/openai/v1');
      assert.strictEqual(config().inspect('endpoint.baseUrl')?.globalValue, 'https://contoso.openai.azure.com/openai/v1');
      assert.strictEqual(config().inspect('models.fast')?.globalValue, 'my-mini-deployment');
      assert.strictEqual(config().inspect('models.large')?.globalValue, 'my-large-deployment');
      assert.strictEqual(config().inspect('endpoint.headers')?.globalValue, undefined);

      // The models the new endpoint serves are in place when the endpoint itself changes: a
      // request made at that moment (a question sent right after one click in the setup panel)
      // must not ask the new server for the old endpoint's model.
      const atSwitch: string[] = [];
      const watch = vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('gearshift.endpoint.baseUrl')) atSwitch.push(`${config().get('endpoint.baseUrl')} ${config().get('models.fast')} ${config().get('models.large')}`);
      });
      try {
        await vscode.commands.executeCommand('gearshift.chooseEndpoint', { preset: 'custom', baseUrl: mock.url(), fast: 'qwen2.5-coder:1.5b', large: 'qwen2.5-coder:7b' });
      } finally {
        watch.dispose();
      }
      assert.deepStrictEqual(atSwitch, [`${mock.url()} qwen2.5-coder:1.5b qwen2.5-coder:7b`]);
      assert.strictEqual(config().inspect('endpoint.baseUrl')?.globalValue, mock.url());
      assert.strictEqual(config().inspect('models.fast')?.globalValue, 'qwen2.5-coder:1.5b');

      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('gearshift.chooseEndpoint', { preset: 'custom', baseUrl: 'ftp://example.com' })),
        /http:\/\/ or https:\/\//,
      );
    } finally {
      await restore();
    }
  });

  it('Show Usage counts Test Endpoint requests, returns the summary and opens a read-only markdown preview', async () => {
    const before = await vscode.commands.executeCommand<UsageSummary>('gearshift.showUsage');
    await vscode.commands.executeCommand('gearshift.testEndpoint', { model: 'gpt-4.1-mini' });
    const probeRequests = (await mock.requests()).filter((request) => request.path !== '/v1/models').length;
    const summary = await vscode.commands.executeCommand<UsageSummary>('gearshift.showUsage');
    for (const key of ['today', 'month', 'byFeature', 'byModel', 'inline', 'inlineByModel'] as const) assert.ok(key in summary, key);
    // Test Endpoint's requests are counted too (job "probe").
    assert.ok(summary.today.requests - before.today.requests >= probeRequests);
    assert.strictEqual((summary.byFeature.probe?.requests ?? 0) - (before.byFeature.probe?.requests ?? 0), probeRequests);
    const preview = await waitFor('the usage preview tab', () =>
      vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.label.includes('Gearshift Usage')),
    );
    assert.ok(preview.input instanceof vscode.TabInputWebview, 'the report is not shown as a markdown preview');
    const report = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'gearshift-usage', path: '/Gearshift Usage.md' }));
    // A virtual document picks up new content asynchronously after its provider signals a change.
    const todayRow = new RegExp(`\\| Today \\| ${summary.today.requests} \\|`);
    await waitFor('the report to show the new totals', () => todayRow.test(report.getText()));
    assert.match(report.getText(), /^# Gearshift usage/);
    assert.match(report.getText(), /Inline suggestions/);
    assert.match(report.getText(), /### Inline cost by model/);
    assert.match(report.getText(), /\| probe \| \d+ \|/);
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.writeFile(report.uri, new TextEncoder().encode('x'))),
      'the usage report must be read-only',
    );
  });

  it('never sends a loopback endpoint through http.proxy (the client is rebuilt when it changes)', async () => {
    // A proxy nobody listens on: the local endpoint (127.0.0.1) must still answer, directly.
    // Other hosts going through the proxy and NO_PROXY are covered by test/integration/network.test.ts.
    const restore = await withSettings({ 'http.proxy': 'http://127.0.0.1:9', 'http.noProxy': [] });
    try {
      const direct = await vscode.commands.executeCommand<ProbeResult>('gearshift.testEndpoint', { model: 'gpt-4.1-mini' });
      assert.ok(direct.chat.ok, JSON.stringify(direct.chat));
    } finally {
      await restore();
    }
  });

  it('logs an invalid setting once, however often settings are re-read', async () => {
    const restore = await withSettings({ 'gearshift.temperature': 'hot' });
    try {
      await withSettings({ 'gearshift.inline.throttleMs': 41 });
      await withSettings({ 'gearshift.inline.throttleMs': 42 });
    } finally {
      await withSettings({ 'gearshift.inline.throttleMs': undefined });
      await restore();
    }
    const text = await waitFor('the settings problem in Gearshift.log', () => {
      const all = gearshiftLog();
      return /gearshift\.temperature/.test(all) ? all : undefined;
    });
    assert.strictEqual(text.match(/Settings: gearshift\.temperature/g)?.length, 1, text);
  });

  it('the key never appears in the Gearshift log', async () => {
    await vscode.commands.executeCommand('gearshift.setApiKey', { key: KEY, endpointId: mock.url() });
    await vscode.commands.executeCommand('gearshift.testEndpoint', { model: 'gpt-4.1-mini' });
    // The log channel writes to disk asynchronously.
    const text = await waitFor('Gearshift.log with the Test Endpoint lines', () => {
      const all = gearshiftLog();
      return /API key stored for/.test(all) && /Test Endpoint .* model gpt-4\.1-mini/.test(all) ? all : undefined;
    });
    assert.ok(!text.includes(KEY), 'the API key was written to the log');
  });
});
