// Every way plain Chromium follows a link, tried on a link in an answer: none may navigate the page
// or open a window (a new page in the browser context); the ones that mean "open it" ask the host
// (openLink), which confirms with the real address before opening anything.
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import type { PageMessage } from '../../src/common/chat/protocol';
import type { ChatPage } from './harness';
import { streamAnswer } from './harness';
import { usePageSuite } from './pageSuite';

const HREF = 'https://example.com/docs';
const ANSWER = `See [the docs](${HREF}) or ![the diagram](https://example.com/diagram.png).\n\nThen ask again.`;

describe('chat page links (Chromium): nothing navigates or opens a window', function () {
  const suite = usePageSuite();

  async function linkInAnswer(chat: ChatPage): Promise<Locator> {
    await streamAnswer(chat, ANSWER);
    await chat.clearPosted();
    return chat.page.getByRole('link', { name: 'the docs' });
  }

  /** Runs `gesture`, then checks the page stayed, no window opened, and which openLink messages were posted. */
  async function expectNoNavigation(chat: ChatPage, gesture: () => Promise<void>, opened: string[]): Promise<void> {
    const url = chat.page.url();
    const popups: string[] = [];
    const onPage = (page: { url(): string }) => popups.push(page.url());
    chat.page.context().on('page', onPage);
    try {
      await gesture();
      // A navigation or a popup starts asynchronously: give it a moment to show itself.
      await chat.page.waitForTimeout(300);
    } finally {
      chat.page.context().off('page', onPage);
    }
    assert.equal(chat.page.url(), url, 'the page navigated');
    assert.deepEqual(popups, [], 'a window or tab opened');
    assert.equal(chat.page.context().pages().length, 1);
    const posted = (await chat.posted()).filter((message): message is Extract<PageMessage, { type: 'openLink' }> => message.type === 'openLink');
    assert.deepEqual(posted.map((message) => message.href), opened);
    await chat.clearPosted();
  }

  it('a middle click (auxclick) asks the host instead of opening a tab', async () => {
    const { chat } = suite;
    const link = await linkInAnswer(chat);
    await expectNoNavigation(chat, () => link.click({ button: 'middle' }), [HREF]);
  });

  it('Ctrl, Meta, Shift and Alt clicks ask the host instead of opening a tab, a window or a download', async () => {
    const { chat } = suite;
    const link = await linkInAnswer(chat);
    for (const modifier of ['Control', 'Meta', 'Shift', 'Alt'] as const) {
      await expectNoNavigation(chat, () => link.click({ modifiers: [modifier] }), [HREF]);
    }
    await expectNoNavigation(chat, () => link.click({ modifiers: ['Control', 'Shift'] }), [HREF]);
  });

  it('Enter on a focused link (also with Ctrl or Shift) asks the host', async () => {
    const { chat } = suite;
    const link = await linkInAnswer(chat);
    for (const key of ['Enter', 'Control+Enter', 'Shift+Enter']) {
      await expectNoNavigation(chat, async () => {
        await link.focus();
        await chat.page.keyboard.press(key);
      }, [HREF]);
    }
  });

  it('a right click opens nothing and asks nothing', async () => {
    const { chat } = suite;
    const link = await linkInAnswer(chat);
    await expectNoNavigation(chat, () => link.click({ button: 'right' }), []);
  });

  it('a link cannot be dragged, and a link dropped on the page does not navigate it', async () => {
    const { chat } = suite;
    const link = await linkInAnswer(chat);
    const dragStarted = await link.evaluate((element) => {
      const event = new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer: new DataTransfer() });
      return element.dispatchEvent(event);
    });
    assert.equal(dragStarted, false, 'dragstart on a link is cancelled');
    await expectNoNavigation(chat, () => link.dragTo(chat.page.locator('.transcript')), []);
    // A URL dropped from outside the page (another window): the drop is cancelled.
    const dropAllowed = await chat.page.locator('.transcript').evaluate((element, href) => {
      const data = new DataTransfer();
      data.setData('text/uri-list', href);
      element.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data }));
      return element.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));
    }, HREF);
    assert.equal(dropAllowed, false, 'a drop on the page is cancelled');
  });

  it('the image placeholder link asks the host too, on every gesture', async () => {
    const { chat } = suite;
    await streamAnswer(chat, ANSWER);
    await chat.clearPosted();
    const image = chat.page.locator('a.image-link');
    await expectNoNavigation(chat, () => image.click({ button: 'middle' }), ['https://example.com/diagram.png']);
    await expectNoNavigation(chat, () => image.click({ modifiers: ['Shift'] }), ['https://example.com/diagram.png']);
  });
});
