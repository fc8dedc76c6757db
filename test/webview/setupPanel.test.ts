// The setup panel the chat view shows while Gearshift is unconfigured, in real Chromium.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, openChatPage, stateMessage, type ChatPage } from './harness';

const SETUP = {
  reason: 'api.openai.com needs an API key. Set one, or choose another endpoint — nothing is sent until then.',
  presets: [{ id: 'openai', label: 'OpenAI', detail: 'api.openai.com — gpt-4.1-mini' }],
  servers: [{ id: 'http://127.0.0.1:11434/v1', label: 'Ollama', detail: 'http://127.0.0.1:11434/v1 · 3 models · nothing leaves this machine' }],
};

describe('chat page: setup panel (Chromium)', function () {
  let browser: Browser;
  let chat: ChatPage;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    chat = await openChatPage(browser);
    await chat.send(stateMessage());
  });
  afterEach(async () => {
    assert.deepEqual(chat.pageErrors, [], 'no script errors');
    assert.deepEqual(chat.cspViolations, [], 'no CSP violations');
    await chat.close();
  });

  it('replaces the input with the panel, lists the local servers and presets, and comes back when set up', async () => {
    const { page } = chat;
    await chat.send({ type: 'setup', setup: SETUP });
    await page.locator('.setup-panel').waitFor();
    assert.equal(await page.locator('.composer').isVisible(), false, 'the input is hidden while unconfigured');
    assert.match(await page.locator('.setup-panel').innerText(), /nothing is sent until then/);
    assert.deepEqual(await page.locator('.setup-choice-label').allTextContents(), ['Ollama', 'OpenAI']);

    await chat.send({ type: 'setup' });
    await page.locator('.composer').waitFor();
    assert.equal(await page.locator('.setup-panel').isVisible(), false);
  });

  it('each button posts its action; a server carries its base URL', async () => {
    const { page } = chat;
    await chat.send({ type: 'setup', setup: SETUP });
    await chat.clearPosted();
    await page.locator('.setup-choice', { hasText: 'Ollama' }).click();
    await page.locator('.setup-button', { hasText: 'Set API Key' }).click();
    await page.locator('.setup-choice', { hasText: 'OpenAI' }).click();
    const actions = (await chat.posted()).filter((message) => message.type === 'setupAction');
    assert.deepEqual(actions, [
      { type: 'setupAction', action: 'server', id: 'http://127.0.0.1:11434/v1' },
      { type: 'setupAction', action: 'setApiKey' },
      { type: 'setupAction', action: 'preset', id: 'openai' },
    ]);
  });

  it('text from the host is shown as text, never as markup', async () => {
    const { page } = chat;
    const evil = '<img src=x onerror="alert(1)">';
    await chat.send({ type: 'setup', setup: { ...SETUP, reason: evil, servers: [{ ...SETUP.servers[0], label: evil }] } });
    await page.locator('.setup-panel').waitFor();
    assert.equal(await page.locator('.setup-panel img').count(), 0);
    assert.equal(await page.locator('.setup-reason').textContent(), evil);
    assert.deepEqual(chat.dialogs, []);
  });
});
