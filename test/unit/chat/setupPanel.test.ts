import * as assert from 'assert';
import { isHostMessage, isPageMessage } from '../../../src/common/chat/protocol';

describe('chat protocol: the setup panel', () => {
  const setup = { reason: 'api.openai.com needs an API key', presets: [{ id: 'openai', label: 'OpenAI', detail: 'x' }], servers: [] };

  it('accepts the panel, its removal, and the page actions', () => {
    assert.ok(isHostMessage({ type: 'setup', setup }));
    assert.ok(isHostMessage({ type: 'setup' }));
    assert.ok(isHostMessage({ type: 'batch', messages: [{ type: 'setup', setup }] }));
    assert.ok(isPageMessage({ type: 'setupAction', action: 'server', id: 'http://127.0.0.1:11434/v1' }));
    assert.ok(isPageMessage({ type: 'setupAction', action: 'setApiKey' }));
  });

  it('rejects malformed panels and unknown actions', () => {
    assert.ok(!isHostMessage({ type: 'setup', setup: { ...setup, presets: [{ id: 1 }] } }));
    assert.ok(!isHostMessage({ type: 'setup', setup: { reason: 'x'.repeat(5000), presets: [], servers: [] } }));
    assert.ok(!isPageMessage({ type: 'setupAction', action: 'runShell' }));
    assert.ok(!isPageMessage({ type: 'setupAction', action: 'server', id: 42 }));
  });
});
