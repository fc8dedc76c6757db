import * as assert from 'assert';
import { EndpointError } from '../../../src/common/errors';
import { problemFrom, SETUP_TEXT, statusText, statusTooltip, type StatusView } from '../../../src/vscode/statusText';

const view = (overrides: Partial<StatusView> = {}): StatusView => ({
  fastModel: 'gpt-4.1-mini',
  largeModel: 'gpt-4.1',
  endpointName: 'api.openai.com',
  inline: { kind: 'ready' },
  busy: 0,
  ...overrides,
});

describe('status bar: setup and failures from every feature', () => {
  it('unconfigured, the item says "Set up Gearshift" (not the tiers) and the tooltip says nothing is sent', () => {
    assert.strictEqual(statusText(view({ setupNeeded: true })), SETUP_TEXT);
    assert.strictEqual(SETUP_TEXT, '$(key) Set up Gearshift');
    assert.match(statusTooltip(view({ setupNeeded: true })), /api\\\.openai\\\.com needs an API key; nothing is sent/);
    assert.doesNotMatch(statusTooltip(view({ setupNeeded: true })), /Inline suggestions: ready/);
  });

  it('auth and connection failures of chat, docs or refactor are classified; other failures are not', () => {
    const auth = new EndpointError({ reason: 'auth', status: 401, message: 'HTTP 401 from api.example' });
    assert.deepStrictEqual(problemFrom('chat', auth), { job: 'chat', kind: 'auth', detail: 'HTTP 401 from api.example' });
    assert.strictEqual(problemFrom('docs', new EndpointError({ reason: 'network', message: 'ECONNREFUSED' }))?.kind, 'connection');
    assert.strictEqual(problemFrom('refactor', new EndpointError({ reason: 'timeout', message: 'no first token' }))?.kind, 'connection');
    assert.strictEqual(problemFrom('chat', new EndpointError({ reason: 'context-too-long', message: 'too long' })), undefined);
    assert.strictEqual(problemFrom('chat', new EndpointError({ reason: 'cancelled', message: 'stopped' })), undefined);
    assert.strictEqual(problemFrom('chat', new Error('a bug')), undefined);
  });

  it('a failure changes the icon and leads the tooltip with the feature and what failed', () => {
    const problem = { job: 'chat' as const, kind: 'auth' as const, detail: 'HTTP 401' };
    assert.strictEqual(statusText(view({ problem })), '$(warning) mini · 4.1');
    assert.match(statusTooltip(view({ problem: { ...problem, job: 'docs', kind: 'connection' } })), /^\*\*Docs: endpoint unreachable\*\*/);
    assert.match(statusTooltip(view({ problem })).split('\n')[0], /^\*\*Chat: authentication failed\*\* — HTTP 401/);
    // The spinner still wins while a request is in flight.
    assert.strictEqual(statusText(view({ problem, busy: 1 })), '$(loading~spin) mini · 4.1');
  });
});
