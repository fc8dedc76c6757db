import assert from 'node:assert/strict';
import { isAllowedImageDataUrl, isHostMessage, isOpenableLink, isPageMessage } from '../../../src/common/chat/protocol';

describe('chat protocol guards', () => {
  it('accepts well-formed page messages and rejects malformed or unknown ones', () => {
    assert.ok(isPageMessage({ type: 'send', text: 'hi' }));
    assert.ok(isPageMessage({ type: 'code', action: 'apply', turnId: 'a', line: 4 }));
    for (const line of [-1, 1.5, Number.NaN, '4', undefined]) {
      assert.equal(isPageMessage({ type: 'code', action: 'apply', turnId: 'a', line }), false, `line ${String(line)}`);
    }
    assert.ok(isPageMessage({ type: 'addContext', kind: 'pickFile' }));
    assert.equal(isPageMessage({ type: 'send', text: 42 }), false);
    assert.equal(isPageMessage({ type: 'code', action: 'rm -rf', turnId: 'a', line: 0 }), false);
    assert.equal(isPageMessage({ type: 'addContext', kind: 'secrets' }), false);
    assert.equal(isPageMessage({ type: 'errorAction', action: 'format-disk' }), false);
    assert.equal(isPageMessage({ type: 'toString' }), false, 'prototype keys are not message types');
    assert.equal(isPageMessage({ type: 'send', text: 'x'.repeat(3_000_000) }), false, 'size limits hold');
    assert.equal(isPageMessage(null), false);
    assert.equal(isPageMessage('send'), false);
  });

  it('checks host messages deeply, including nested batches', () => {
    const turn = { id: 'a', role: 'assistant', text: '', status: 'streaming' };
    assert.ok(isHostMessage({ type: 'batch', messages: [{ type: 'turnStart', turn }, { type: 'delta', turnId: 'a', text: 'x' }] }));
    assert.equal(isHostMessage({ type: 'batch', messages: [{ type: 'delta', turnId: 'a' }] }), false);
    assert.equal(isHostMessage({ type: 'turnStart', turn: { ...turn, role: 'system' } }), false);
    assert.equal(isHostMessage({ type: 'turnEnd', turnId: 'a', status: 'done', error: { message: 'x', actions: ['retry', 'nope'] } }), false);
  });

  it('opens only http(s) links and accepts only image data URLs', () => {
    assert.ok(isOpenableLink('https://example.com/a?b'));
    // As a URL parser reads them: leading spaces and controls dropped, tabs and newlines removed, any case.
    for (const href of [' https://example.com', '\x01\thttp://example.com', 'HTTPS://EXAMPLE.COM', 'ht\ttps://example.com']) {
      assert.equal(isOpenableLink(href), true, JSON.stringify(href));
    }
    for (const href of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'command:workbench.action.quit', 'vscode://x', '/relative', '#anchor', 'docs/http.md', 'http:', 'https://', ' javascript:alert(1)']) {
      assert.equal(isOpenableLink(href), false, href);
    }
    assert.ok(isAllowedImageDataUrl('data:image/png;base64,iVBORw0KGgo='));
    assert.equal(isAllowedImageDataUrl('data:image/svg+xml;base64,PHN2Zz4='), false);
    assert.equal(isAllowedImageDataUrl('data:text/html;base64,PHA+'), false);
  });
});
