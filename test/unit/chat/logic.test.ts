import assert from 'node:assert/strict';
import { MessageBatcher } from '../../../src/common/chat/batcher';
import { buildUserContent, fenceFor, planPrompt } from '../../../src/common/chat/context';
import { createConversation, titleFromText, toTurnView } from '../../../src/common/chat/conversation';
import { conversationToMarkdown } from '../../../src/common/chat/export';
import { stableBoundary } from '../../../src/common/chat/markdownBlocks';
import type { HostMessage } from '../../../src/common/chat/protocol';
import { completeSlash, expandSlash, parseSlash } from '../../../src/common/chat/slash';

describe('slash commands', () => {
  it('parses, expands and completes', () => {
    assert.equal(parseSlash('/fix the null check').command?.name, 'fix');
    assert.equal(parseSlash('/fix the null check').rest, 'the null check');
    assert.equal(parseSlash('/unknown x').command, undefined);
    assert.equal(parseSlash('a /fix inside').command, undefined);
    assert.match(expandSlash('/tests'), /^Write focused unit tests/);
    assert.match(expandSlash('/doc use JSDoc'), /idiomatic style[\s\S]*\n\nuse JSDoc$/);
    assert.equal(expandSlash('  plain question  '), 'plain question');
    assert.deepEqual(completeSlash('/').map((command) => command.name), ['explain', 'fix', 'tests', 'doc']);
    assert.deepEqual(completeSlash('/t').map((command) => command.name), ['tests']);
    assert.deepEqual(completeSlash('/tests x'), []);
    assert.deepEqual(completeSlash('hello'), []);
  });
});

describe('stream block boundaries', () => {
  it('cuts only after finished blocks, never inside a fence', () => {
    const text = 'Para one.\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\nAfter fence\n\nLast';
    const boundary = stableBoundary(text, 0);
    assert.equal(text.slice(boundary), 'Last');
    assert.equal(stableBoundary('Para one.\n\n```js\nconst a = 1;\n\nconst', 0), 'Para one.\n\n'.length);
    assert.equal(stableBoundary('- item\n\n  continued item\n', 0), 0, 'indented continuation keeps the list open');
    assert.equal(stableBoundary('no newline yet', 0), 0);
    assert.equal(stableBoundary('````md\n```\ninner\n```\n````\nrest', 0), '````md\n```\ninner\n```\n````\n'.length);
  });
});

describe('prompt plan', () => {
  const counts = { fixed: 100, items: [{ id: 'file', tokens: 500, priority: 60 }, { id: 'sel', tokens: 200, priority: 100 }], history: [300, 300] };

  it('fits, escalates, trims history before chips, or gives up', () => {
    assert.deepEqual(planPrompt({ counts, budget: 2000 }), { kind: 'fits', total: 1400 });
    assert.deepEqual(planPrompt({ counts, budget: 1000, escalationBudget: 5000 }), { kind: 'escalate', total: 1400 });
    assert.deepEqual(planPrompt({ counts, budget: 1100 }), { kind: 'trim', total: 1100, dropItems: [], dropHistory: 1 });
    assert.deepEqual(planPrompt({ counts, budget: 400 }), { kind: 'trim', total: 300, dropItems: ['file'], dropHistory: 2 });
    assert.deepEqual(planPrompt({ counts, budget: 50 }), { kind: 'too-large', total: 100 });
  });

  it('builds fences longer than any backtick run in the code', () => {
    assert.equal(fenceFor('a ``` b'), '````');
    assert.equal(fenceFor('plain'), '```');
    assert.deepEqual(buildUserContent('q', [{ id: 'i', kind: 'image', label: 'x', text: '', priority: 1, imageUrl: 'data:image/png;base64,AA' }]), [
      { type: 'text', text: 'q' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AA' } },
    ]);
  });
});

describe('message batcher', () => {
  it('merges deltas of a turn within a frame and flushes other messages at once, in order', async () => {
    const sent: HostMessage[] = [];
    const batcher = new MessageBatcher((message) => sent.push(message), 5);
    batcher.push({ type: 'delta', turnId: 'a', text: 'Hel' });
    batcher.push({ type: 'delta', turnId: 'a', text: 'lo' });
    assert.equal(sent.length, 0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(sent, [{ type: 'delta', turnId: 'a', text: 'Hello' }]);
    batcher.push({ type: 'delta', turnId: 'a', text: '!' });
    batcher.push({ type: 'turnEnd', turnId: 'a', status: 'done' });
    assert.deepEqual(sent[1], { type: 'batch', messages: [{ type: 'delta', turnId: 'a', text: '!' }, { type: 'turnEnd', turnId: 'a', status: 'done' }] });
  });
});

describe('conversation model and export', () => {
  it('titles from the first line, shows interrupted streams as stopped, exports markdown', () => {
    assert.equal(titleFromText('  Why does parse() return NaN?\nmore'), 'Why does parse() return NaN?');
    assert.equal(titleFromText('word '.repeat(30)).endsWith('…'), true);
    const conversation = createConversation('c', Date.UTC(2026, 0, 2));
    conversation.title = 'Parse bug';
    conversation.turns.push(
      { id: 'u', role: 'user', text: 'Why NaN?', at: 1, status: 'done', context: ['parse.ts:3-5'] },
      { id: 'a', role: 'assistant', text: 'Because `s` is empty.', at: 2, status: 'done', meta: { model: 'gpt-4.1-mini', promptTokens: 10, completionTokens: 5, costUsd: 0.0001, latencyMs: 900, escalated: false, failedOver: false } },
      { id: 'b', role: 'assistant', text: 'partial', at: 3, status: 'streaming' },
    );
    assert.equal(toTurnView(conversation.turns[2]).status, 'stopped');
    const markdown = conversationToMarkdown(conversation);
    assert.match(markdown, /^# Parse bug\n/);
    assert.match(markdown, /## You\n\n_Context: parse\.ts:3-5_\n\nWhy NaN\?/);
    assert.match(markdown, /## Gearshift \(gpt-4\.1-mini\)\n\nBecause `s` is empty\.\n\n_10 prompt \+ 5 completion tokens · \$0\.0001 · 0\.9 s_/);
  });
});
