// Mocha hooks shared by the page suites: one Chromium per suite, a fresh page per test (with a
// conversation loaded), and the checks every page test ends with.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { TurnView } from '../../src/common/chat/protocol';
import { launchBrowser, openChatPage, stateMessage, type ChatPage } from './harness';

export interface PageSuite {
  readonly browser: Browser;
  readonly chat: ChatPage;
}

export function usePageSuite(turns: TurnView[] = []): PageSuite {
  let browser: Browser | undefined;
  let chat: ChatPage | undefined;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    chat = await openChatPage(browser!);
    await chat.send(stateMessage(turns));
  });
  afterEach(async () => {
    assert.deepEqual(chat!.pageErrors, [], 'no script errors');
    assert.deepEqual(chat!.cspViolations, [], 'no CSP violations');
    assert.deepEqual(chat!.foreignRequests, [], 'no requests outside dist/ and media/');
    await chat!.close();
  });
  return {
    get browser() {
      return browser!;
    },
    get chat() {
      return chat!;
    },
  };
}
