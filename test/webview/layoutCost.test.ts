// What the page lays out while a huge answer streams (issue 12: the page never freezes). Timing is
// never asserted here (bench chat measures it); these check the structure the cost depends on, in
// the browser that renders it: which parts of an answer the browser may skip, and how many
// layouts a delta causes.
import assert from 'node:assert/strict';
import { startAnswer } from './harness';
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
});
