// What the page lays out while a huge answer streams (issue 12: the page never freezes). Timing is
// never asserted here (bench chat measures it); these check the structure the cost depends on, in
// the browser that renders it: which parts of an answer the browser may skip, and how many
// layouts a delta causes.
import assert from 'node:assert/strict';
import { startAnswer, turnId } from './harness';
import { usePageSuite } from './pageSuite';

const frames = (count = 2): string => `new Promise((resolve) => { let left = ${count}; const next = () => (--left ? requestAnimationFrame(next) : resolve()); requestAnimationFrame(next); })`;

describe('chat page layout cost (Chromium)', function () {
  const suite = usePageSuite();

  it('plain text past the Markdown limit is laid out in pages: offscreen ones are skipped, the followed bottom is shown', async () => {
    const { chat } = suite;
    const urls = Array.from({ length: 4000 }, (_, index) => `https://example.com/docs/page-${index}?ref=${index % 97}`).join('\n');
    const id = await startAnswer(chat, urls, Math.ceil(urls.length / 60));
    await chat.page.evaluate(frames(3));
    const plain = chat.page.locator(`[data-turn-id="${id}"] .plain-text`);
    assert.equal(await plain.textContent(), urls, 'all of the text is there');
    const layout = await plain.evaluate((element) => {
      const all = Array.from(element.querySelectorAll<HTMLElement>('*'));
      const skippable = all.filter((node) => getComputedStyle(node).contentVisibility === 'auto');
      const pieces = Array.from(element.querySelectorAll<HTMLElement>('.plain-piece'));
      const shown = (node: HTMLElement): boolean => node.checkVisibility({ contentVisibilityAuto: true });
      return { skippable: skippable.length, pieces: pieces.length, firstShown: shown(pieces[0]), lastShown: shown(pieces[pieces.length - 1]) };
    });
    // The browser checks every content-visibility element against the viewport on each frame;
    // one per small piece (hundreds near the bottom) cost more than it saved.
    assert.ok(layout.skippable <= Math.ceil(urls.length / 15_000) + 1, `${layout.skippable} skippable elements for ${layout.pieces} pieces`);
    assert.ok(layout.pieces > layout.skippable, 'pages hold several pieces');
    assert.equal(layout.firstShown, false, 'the first page, far above the view, is skipped');
    assert.equal(layout.lastShown, true, 'the newest text, at the followed bottom, is rendered');
    const distance = await chat.page.locator('.transcript').evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);
    assert.ok(distance < 24, `followed to the bottom (${distance} px away)`);
  });

  it('the open tail keeps the nodes a delta did not change and shows exactly the rendering of its text', async () => {
    const { chat } = suite;
    const items = Array.from({ length: 24 }, (_, index) => `- item ${index} with **bold**, \`code\` and [a link](https://example.com/${index})\n`);
    const id = turnId();
    await chat.send({ type: 'turnStart', turn: { id, role: 'assistant', text: '', status: 'streaming' } });
    const tail = chat.page.locator(`[data-turn-id="${id}"] .stream-tail`);
    let text = '';
    for (const [index, item] of items.entries()) {
      // Each item in two deltas, so a delta also ends inside an item's bold text.
      for (const piece of [item.slice(0, 20), item.slice(20)]) {
        text += piece;
        await chat.send({ type: 'delta', turnId: id, text: piece });
      }
      if (index === 2) {
        await tail.locator('li').first().evaluate((item) => {
          (item as HTMLElement & { __kept?: boolean }).__kept = true;
        });
      }
      if (index % 8 === 7) {
        // The same text rendered in one go, in an open turn of its own: the reference DOM.
        const reference = await startAnswer(chat, text, text.length);
        const expected = await chat.page.locator(`[data-turn-id="${reference}"] .stream-tail`).innerHTML();
        assert.equal(await tail.innerHTML(), expected, `after ${index + 1} items`);
      }
    }
    assert.equal(await tail.locator('li').count(), items.length);
    assert.equal(await tail.locator('li').first().evaluate((item) => (item as HTMLElement & { __kept?: boolean }).__kept), true,
      'the first item is the node shown since it arrived, not a new rendering of it');
  });

  it('an open block is re-rendered as Markdown up to 10,000 characters, the rest shows as text until it is finished', async () => {
    const { chat } = suite;
    const items = Array.from({ length: 900 }, (_, index) => `- item ${String(index).padStart(3, "0")} with **bold** text\n`);
    const list = items.join('');
    assert.ok(list.length > 25_000 && list.length < 30_000, 'past the re-render limit, short of the plain-text limit');
    const id = await startAnswer(chat, list, 500);
    const tail = chat.page.locator(`[data-turn-id="${id}"] .stream-tail`);
    const rest = (await tail.locator('.plain-text').textContent()) ?? '';
    assert.ok(rest && list.endsWith(rest), 'the newest part of the list shows as text');
    const parsed = list.length - rest.length;
    assert.ok(parsed > 4_000 && parsed <= 10_000, `${parsed} characters parsed in the last re-render`);
    assert.equal(await tail.locator('li').count(), (list.slice(0, parsed).match(/^- /gm) ?? []).length, 'the part before the text is rendered as a list');
    await chat.send({ type: 'turnEnd', turnId: id, status: 'done' });
    const body = chat.page.locator(`[data-turn-id="${id}"] .turn-body`);
    assert.equal(await body.locator('ul > li').count(), items.length, 'finished: one list');
    assert.equal(await body.locator('.plain-text').count(), 0);
  });
});
