import * as fs from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { MessageBatcher } from '../../../src/common/chat/batcher';
import { buildUserContent, fenceFor, imageItem, planPrompt } from '../../../src/common/chat/context';
import { createConversation, editedPrompt, exchangeAround, titleFromText, toTurnView, type StoredTurn } from '../../../src/common/chat/conversation';
import { retryText } from '../../../src/common/chat/retryText';
import { DEFAULT_CONFIG } from '../../../src/common/config';
import { effectiveSelection, modelOptions } from '../../../src/features/chat/models';
import { conversationToMarkdown } from '../../../src/common/chat/export';
import { BlockScanner } from '../../../src/common/chat/markdownBlocks';
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
  /** The last boundary found when `text` arrives in one piece (0: nothing finished yet). */
  const lastBoundary = (text: string): number => new BlockScanner().push(text).at(-1) ?? 0;

  it('cuts only after finished blocks, never inside a fence', () => {
    const text = 'Para one.\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\nAfter fence\n\nLast';
    assert.equal(text.slice(lastBoundary(text)), 'Last');
    assert.deepEqual(new BlockScanner().push(text), ['Para one.\n\n'.length, text.indexOf('After'), text.indexOf('Last')]);
    assert.equal(lastBoundary('Para one.\n\n```js\nconst a = 1;\n\nconst'), 'Para one.\n\n'.length);
    assert.equal(lastBoundary('- item\n\n  continued item\n'), 0, 'indented continuation keeps the list open');
    assert.equal(lastBoundary('no newline yet'), 0);
    assert.equal(lastBoundary('````md\n```\ninner\n```\n````\nrest'), '````md\n```\ninner\n```\n````\n'.length);
  });

  it('finds the same boundaries however the text is split (real READMEs of installed packages)', () => {
    const readmes = ['markdown-it', 'highlight.js', 'dompurify', 'openai', 'mocha', 'typescript']
      .map((name) => path.join(__dirname, '../../../node_modules', name, 'README.md'))
      .filter((file) => fs.existsSync(file))
      .map((file) => fs.readFileSync(file, 'utf8'));
    assert.ok(readmes.length >= 4, 'READMEs found');
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const text of readmes) {
      const whole = new BlockScanner().push(text);
      assert.ok(whole.length > 5, 'a README has several blocks');
      const scanner = new BlockScanner();
      const streamed: number[] = [];
      for (let at = 0; at < text.length;) {
        const before = at;
        at = Math.min(text.length, at + 1 + Math.floor(random() * 40));
        const found = scanner.push(text.slice(before, at));
        // A cut never falls inside text that had arrived before (the page's tail already shows it).
        for (const boundary of found) assert.ok(boundary >= before && boundary <= at, `${boundary} in [${before}, ${at}]`);
        streamed.push(...found);
      }
      assert.deepEqual(streamed, whole);
    }
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

describe('attached images', () => {
  it('send their file name as one bounded line of text before the question, and carry it as the path the gate checks', () => {
    const image = imageItem('i', 'error\n dialog\u0000.png', 'data:image/png;base64,AA');
    assert.equal(image.text, 'Attached image: error dialog .png');
    assert.equal(image.path, 'error dialog .png');
    assert.equal(imageItem('j', 'x'.repeat(500), 'data:image/png;base64,AA').path!.length, 200);
    assert.deepEqual(buildUserContent('what fails?', [image]), [
      { type: 'text', text: 'Attached image: error dialog .png\n\nwhat fails?' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AA' } },
    ]);
    assert.equal(imageItem('k', '', 'data:image/png;base64,AA').text, '', 'no name, no line');
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

describe('chat message actions (host logic)', () => {
  const turn = (id: string, role: 'user' | 'assistant', text = id, sentText?: string): StoredTurn => ({ id, role, text, sentText, at: 0, status: 'done' });

  it('an edited question keeps the context blocks the original was sent with', () => {
    const context = 'File `src/a.ts`:\n```ts\nexport const a = 1;\n```';
    assert.equal(editedPrompt(turn('q', 'user', 'what is a?', `${context}\n\nwhat is a?`), 'what is b?'), `${context}\n\nwhat is b?`);
    // A slash command is expanded after the context, where prepareChat would no longer see it.
    assert.equal(editedPrompt(turn('q', 'user', 'what is a?', `${context}\n\nwhat is a?`), '/tests'), `${context}\n\n${expandSlash('/tests')}`);
    assert.equal(editedPrompt(turn('q', 'user', '/fix', expandSlash('/fix')), '/explain'), '/explain', 'no context: the new text as typed');
    assert.equal(editedPrompt(turn('q', 'user', 'plain'), 'again'), 'again', 'nothing was recorded as sent');
  });

  it('finds the question and answer a turn belongs to', () => {
    const turns = [turn('q1', 'user'), turn('a1', 'assistant'), turn('q2', 'user'), turn('q3', 'user'), turn('a3', 'assistant')];
    assert.deepEqual(exchangeAround(turns, 'q1'), { start: 0, end: 2 });
    assert.deepEqual(exchangeAround(turns, 'a1'), { start: 0, end: 2 });
    assert.deepEqual(exchangeAround(turns, 'q2'), { start: 2, end: 3 }, 'a question whose answer was lost');
    assert.deepEqual(exchangeAround(turns, 'a3'), { start: 3, end: 5 });
    assert.equal(exchangeAround(turns, 'nope'), undefined);
  });

  it('says what a waiting retry is doing', () => {
    assert.equal(retryText('rate-limited', 2600, 2, 3), 'rate-limited, retrying in 3 s — 2 of 3');
    assert.equal(retryText('timeout', -50, 3, 3), 'timed out, retrying in 0 s — 3 of 3');
  });

  it('the model picker offers the tiers, then every other configured or listed model once', () => {
    const config = { ...DEFAULT_CONFIG, models: { ...DEFAULT_CONFIG.models, fast: 'gpt-4.1-mini', large: 'gpt-4.1', chat: 'fast', overrides: { 'my-model': {} } } };
    const options = modelOptions(config, ['gpt-4.1', 'gpt-4.1-mini', 'o3-mini', 'my-model', 'qwen2.5-coder:7b-base']);
    assert.deepEqual(options.map((option) => [option.group, option.id]), [
      ['Fast', 'fast'], ['Large', 'large'], ['Other', 'my-model'], ['Other', 'o3-mini'], ['Other', 'qwen2.5-coder:7b-base'],
    ]);
    assert.equal(effectiveSelection(config, 'o3-mini', ['o3-mini']), 'o3-mini', 'a listed model stays picked');
    assert.equal(effectiveSelection(config, 'o3-mini', []), 'fast', 'no longer offered: back to the default');
  });
});
