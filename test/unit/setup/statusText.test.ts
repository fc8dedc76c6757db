import * as assert from 'assert';
import { EndpointError } from '../../../src/common/errors';
import { inlineStatusLabel, problemFrom, SETUP_TEXT, shortModelNames, statusText, statusTooltip, type StatusView } from '../../../src/vscode/statusText';

const view = (overrides: Partial<StatusView> = {}): StatusView => ({
  fastModel: 'gpt-4.1-mini',
  largeModel: 'gpt-4.1',
  endpointName: 'api.openai.com',
  inline: { kind: 'ready' },
  busy: 0,
  ...overrides,
});

describe('status bar text', () => {
  it('shortens the tier models to what tells them apart', () => {
    assert.deepStrictEqual(shortModelNames('gpt-4.1-mini', 'gpt-4.1'), { fast: 'mini', large: '4.1' });
    assert.deepStrictEqual(shortModelNames('gpt-4.1-mini', 'gpt-4.1-nano'), { fast: 'mini', large: 'nano' });
    assert.deepStrictEqual(shortModelNames('qwen2.5-coder:1.5b', 'qwen2.5-coder:7b'), { fast: '1.5b', large: '7b' });
    assert.deepStrictEqual(shortModelNames('openai/gpt-4.1-mini', 'openai/gpt-4.1'), { fast: 'mini', large: '4.1' });
    assert.deepStrictEqual(shortModelNames('codestral-latest', 'mistral-large-latest'), { fast: 'codestral-latest', large: 'mistral-large-lat…' });
  });

  it('clips very long names', () => {
    const { fast } = shortModelNames('a-very-long-custom-model-name-v3', 'other');
    assert.ok(fast.length <= 18 && fast.endsWith('…'), fast);
  });

  it('shows the tiers with a gear, and one name when both tiers use the same model', () => {
    assert.strictEqual(statusText(view()), '$(gear) mini · 4.1');
    assert.strictEqual(statusText(view({ fastModel: 'deepseek-chat', largeModel: 'deepseek-chat' })), '$(gear) deepseek-chat');
  });

  it('spins while any request is in flight, whatever the inline state', () => {
    assert.strictEqual(statusText(view({ busy: 1 })), '$(loading~spin) mini · 4.1');
    assert.strictEqual(statusText(view({ busy: 2, inline: { kind: 'disabled' } })), '$(loading~spin) mini · 4.1');
    assert.strictEqual(statusText(view({ inline: { kind: 'loading' } })), '$(loading~spin) mini · 4.1');
  });

  it('shows each inline state with its own icon', () => {
    assert.match(statusText(view({ inline: { kind: 'disabled' } })), /^\$\(circle-slash\) /);
    assert.match(statusText(view({ inline: { kind: 'snoozed', until: Date.now() + 60_000 } })), /^\$\(clock\) /);
    assert.match(statusText(view({ inline: { kind: 'error', detail: 'auth' } })), /^\$\(warning\) /);
  });

  it('explains the state in the tooltip', () => {
    const now = 1_000_000;
    assert.strictEqual(inlineStatusLabel({ kind: 'snoozed', until: now + 29 * 60_000 + 1 }, now), 'snoozed for 30 more min');
    assert.strictEqual(inlineStatusLabel({ kind: 'disabled', detail: 'markdown' }), 'off (markdown)');
    const tooltip = statusTooltip(view({ busy: 2, inline: { kind: 'error', detail: 'Invalid API key' } }), now);
    assert.match(tooltip, /2 requests in flight/);
    assert.match(tooltip, /Fast tier: `gpt-4\.1-mini`/);
    assert.match(tooltip, /Large tier: `gpt-4\.1`/);
    assert.match(tooltip, /error: Invalid API key/);
  });

  it('escapes markdown that comes from settings', () => {
    const tooltip = statusTooltip(view({ endpointName: '[click](command:evil)', fastModel: 'a`b' }));
    assert.ok(!tooltip.includes('[click](command:evil)'), tooltip);
    assert.ok(tooltip.includes("`a'b`"), tooltip);
  });
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
