// Bounded rendering and following: huge or pathological answers (as in issue 12) must render as
// the text they are, with the same DOM streamed or loaded at once; sending must bring the view
// back to the newest answer even after the user scrolled up or the view was resized.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, highlighted, startAnswer, stateMessage, streamAnswer, turnId, type ChatPage } from './harness';
import { usePageSuite } from './pageSuite';

/** The body of `id` streamed in `chunk`-sized deltas, and of the same text loaded as a finished turn. */
async function streamedAndWhole(chat: ChatPage, text: string, chunk: number): Promise<[string, string]> {
  const id = await streamAnswer(chat, text, chunk);
  await highlighted(chat);
  const streamed = await chat.page.locator(`[data-turn-id="${id}"] .turn-body`).innerHTML();
  await chat.send(stateMessage([{ id: 'whole', role: 'assistant', text, status: 'done' }]));
  await highlighted(chat);
  const whole = await chat.page.locator('[data-turn-id="whole"] .turn-body').innerHTML();
  return [streamed, whole];
}

const frames = (chat: ChatPage): Promise<void> => chat.page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));

/** Pixels between the transcript's visible bottom and its content's bottom. */
const distanceFromBottom = (chat: ChatPage): Promise<number> =>
  chat.page.locator('.transcript').evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);

function readme(name: string): string {
  return fs.readFileSync(path.join(ROOT, 'node_modules', name, 'README.md'), 'utf8');
}

describe('chat page rendering bounds and following (Chromium)', function () {
  const suite = usePageSuite();

  it('ordinary Markdown (real READMEs of installed packages) renders the same streamed in deltas as loaded at once', async () => {
    const { chat } = suite;
    for (const name of ['markdown-it', 'dompurify']) {
      const text = readme(name);
      const [streamed, whole] = await streamedAndWhole(chat, text, Math.ceil(text.length / 300));
      assert.equal(streamed, whole, name);
      assert.ok(!whole.includes('plain-text'), `${name}: ordinary blocks are Markdown`);
      await chat.send(stateMessage());
    }
  });

  it('a 200,000-character line is shown as plain text, all of it, in bounded pieces', async () => {
    const { chat } = suite;
    const line = readme('markdown-it').replace(/\s+/g, ' ').repeat(60).slice(0, 200_000);
    assert.equal(line.length, 200_000);
    const id = await streamAnswer(chat, line, Math.ceil(line.length / 300));
    const body = chat.page.locator(`[data-turn-id="${id}"] .turn-body`);
    assert.equal(await body.locator('.plain-text').textContent(), line);
    const pieces = await body.locator('.plain-piece').evaluateAll((elements) => elements.map((element) => element.textContent!.length));
    assert.ok(pieces.length >= 50 && Math.max(...pieces) <= 4000, `pieces: ${pieces.length}, largest ${Math.max(...pieces)}`);
    assert.equal(await body.locator('a, strong, em, code').count(), 0, 'not parsed as Markdown');
  });

  it('huge pathological blocks (a run of _, bare URLs, a nested list) render as their text, streamed or loaded at once', async () => {
    const { chat } = suite;
    const urls = Array.from({ length: 2000 }, (_, index) => `https://example.com/docs/page-${index}`).join('\n');
    const list = Array.from({ length: 3000 }, (_, index) => `${'  '.repeat(10 - Math.abs((index % 20) - 10))}- item ${index}`).join('\n');
    for (const text of ['_'.repeat(60_000), urls, list]) {
      const [streamed, whole] = await streamedAndWhole(chat, `Before.\n\n${text}\n\nAfter *this*.`, 997);
      assert.equal(streamed, whole);
      const body = chat.page.locator('[data-turn-id="whole"] .turn-body');
      assert.equal(await body.locator('.plain-text').textContent(), `${text}\n\n`);
      assert.equal(await body.locator('p em').textContent(), 'this', 'the blocks around it are still Markdown');
      await chat.send(stateMessage());
    }
  });

  it('a delta that finishes many blocks inserts them in one pass, each code block marked with its answer line', async () => {
    const { chat } = suite;
    const blocks = Array.from({ length: 30 }, (_, index) => index % 3 === 2 ? `\`\`\`js\nconst v${index} = ${index};\n\`\`\`` : `Paragraph **${index}**.`);
    const text = `${blocks.join('\n\n')}\n\nOpen tail`;
    const id = turnId();
    await chat.send({ type: 'turnStart', turn: { id, role: 'assistant', text: '', status: 'streaming' } });
    const insertions = await chat.page.evaluate(async ({ turn, delta }) => {
      const body = document.querySelector(`[data-turn-id="${turn}"] .turn-body`)!;
      const records: MutationRecord[] = [];
      const observer = new MutationObserver((found) => records.push(...found));
      observer.observe(body, { childList: true, subtree: true });
      const win = globalThis as unknown as { MessageEvent: typeof MessageEvent; dispatchEvent(event: Event): boolean };
      win.dispatchEvent(new win.MessageEvent('message', { data: { type: 'delta', turnId: turn, text: delta } }));
      await Promise.resolve();
      records.push(...observer.takeRecords());
      observer.disconnect();
      return records.filter((record) => (record.target as Element).classList?.contains('answer-chunk') && record.addedNodes.length).length;
    }, { turn: id, delta: text });
    assert.equal(insertions, 1, 'the finished blocks went into the answer in one insertion');
    const body = chat.page.locator(`[data-turn-id="${id}"] .turn-body`);
    const lines = text.split('\n');
    const expected = lines.flatMap((line, index) => (line === '```js' ? [String(index)] : []));
    assert.equal(expected.length, 10);
    assert.deepEqual(await body.locator('.code-block').evaluateAll((elements) => elements.map((element) => (element as HTMLElement).dataset.line)), expected);
    assert.equal(await body.locator('.answer-chunk p strong').count(), 20);
    assert.equal((await body.locator('.stream-tail').textContent())?.trim(), 'Open tail');
  });

  it('an open code block keeps its element while its code streams in (appended as text), then is highlighted once closed', async () => {
    const { chat } = suite;
    const id = turnId();
    await chat.send({ type: 'turnStart', turn: { id, role: 'assistant', text: '', status: 'streaming' } });
    await chat.send({ type: 'delta', turnId: id, text: 'Intro.\n\n```ts\nconst a' });
    const tailCode = `[data-turn-id="${id}"] .stream-tail pre > code`;
    await chat.page.locator(tailCode).evaluate((code) => {
      (code as HTMLElement & { __marker?: boolean }).__marker = true;
    });
    for (const piece of [' = 1;\n', 'let b = "<b>x</b>";\n', 'con']) await chat.send({ type: 'delta', turnId: id, text: piece });
    const code = chat.page.locator(tailCode);
    assert.equal(await code.evaluate((element) => (element as HTMLElement & { __marker?: boolean }).__marker), true, 'the code element was not rendered again');
    assert.equal(await code.textContent(), 'const a = 1;\nlet b = "<b>x</b>";\ncon');
    assert.equal(await code.locator('b').count(), 0, 'streamed code is text');
    await chat.send({ type: 'delta', turnId: id, text: 'st c = 2;\n```\n\nAfter.' });
    const finished = chat.page.locator(`[data-turn-id="${id}"] .answer-chunk .code-block`);
    assert.equal(await finished.getAttribute('data-line'), '2');
    assert.equal(await finished.locator('code').textContent(), 'const a = 1;\nlet b = "<b>x</b>";\nconst c = 2;\n');
    await highlighted(chat);
    assert.ok(await finished.locator('code span[class^="hljs-"]').count() > 0, 'highlighted once closed');
    assert.equal((await chat.page.locator(`[data-turn-id="${id}"] .stream-tail`).textContent())?.trim(), 'After.');
  });

  it('a list larger than the tail limit shows finished Markdown plus the rest as text while streaming, then one list', async () => {
    const { chat } = suite;
    const list = Array.from({ length: 300 }, (_, index) => `- item **${index}** of the list`).join('\n');
    const id = await startAnswer(chat, list, 150);
    const body = chat.page.locator(`[data-turn-id="${id}"] .turn-body`);
    assert.ok(await body.locator('.stream-tail li').count() > 100, 'most of the list is rendered');
    const rest = (await body.locator('.stream-tail .plain-text').textContent()) ?? '';
    assert.ok(list.endsWith(rest) && rest.length > 0, 'the newest lines show as text');
    await chat.send({ type: 'turnEnd', turnId: id, status: 'done' });
    assert.equal(await body.locator('ul > li').count(), 300);
    assert.equal(await body.locator('.plain-text, .stream-tail').count(), 0);
  });

  it('markup inside a huge block stays text', async () => {
    const { chat } = suite;
    const payload = '<img src=x onerror="window.__pwned=1"> [x](javascript:window.__pwned=1) <script>window.__pwned=1</script>\n';
    const text = payload.repeat(400);
    await streamAnswer(chat, text, 500);
    await chat.send({ type: 'turnStart', turn: { id: 'done', role: 'assistant', text, status: 'done' } });
    assert.equal(await chat.page.locator('.transcript img, .transcript script, .transcript a').count(), 0);
    assert.equal(await chat.page.locator('[data-turn-id="done"] .plain-text').textContent(), text);
    assert.equal(await chat.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  });

  it('sending follows the new answer after the user scrolled up and after the view was resized', async () => {
    const { chat } = suite;
    const long = Array.from({ length: 40 }, (_, index) => `Paragraph ${index}. ${'words '.repeat(30)}`).join('\n\n');
    await streamAnswer(chat, long, 200);
    await frames(chat);
    assert.ok(await distanceFromBottom(chat) < 24, 'followed the first answer');

    // The user scrolls up to read: a streaming answer no longer pulls the view down.
    await chat.page.locator('.transcript').evaluate((element) => {
      element.scrollTop = 100;
      element.dispatchEvent(new Event('scroll'));
    });
    const reading = await startAnswer(chat, long, 200);
    await frames(chat);
    assert.equal(await chat.page.locator('.transcript').evaluate((element) => element.scrollTop), 100, 'reading position kept');
    await chat.send({ type: 'turnEnd', turnId: reading, status: 'done' });

    // The sidebar is resized, then the user sends: the question and its answer are followed.
    await chat.page.setViewportSize({ width: 260, height: 500 });
    await chat.send({ type: 'turnStart', turn: { id: turnId('q'), role: 'user', text: 'next question', status: 'done' } });
    const answer = await startAnswer(chat, long, 200);
    await frames(chat);
    assert.ok(await distanceFromBottom(chat) < 24, 'the new answer is followed');
    await chat.page.setViewportSize({ width: 420, height: 700 });
    await chat.send({ type: 'delta', turnId: answer, text: '\n\nMore text after the resize.' });
    await frames(chat);
    assert.ok(await distanceFromBottom(chat) < 24, 'still following after a resize');
    assert.ok(await chat.page.getByText('More text after the resize.').isVisible());
  });
});
