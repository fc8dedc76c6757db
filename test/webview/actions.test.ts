// Per-message actions, the grouped model picker and retry progress in the answer.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { HostMessage, PageMessage, TurnView } from '../../src/common/chat/protocol';
import { launchBrowser, openChatPage, stateMessage, type ChatPage } from './harness';
import { usePageSuite } from './pageSuite';

const TURNS: TurnView[] = [
  { id: 'q1', role: 'user', text: 'Why does the loop overrun?', status: 'done' },
  { id: 'a1', role: 'assistant', text: 'It reads **one past the end**.', status: 'done' },
  { id: 'q2', role: 'user', text: 'And how do I fix it?', status: 'done' },
  { id: 'a2', role: 'assistant', text: 'Use `<` instead of `<=`.', status: 'done' },
];

const turn = (chat: ChatPage, id: string) => chat.page.locator(`[data-turn-id="${id}"]`);
const withoutReady = (messages: PageMessage[]) => messages.filter((message) => message.type !== 'ready' && message.type !== 'draft');

describe('chat page message actions (Chromium)', function () {
  const suite = usePageSuite(TURNS);

  it('an answer copies, regenerates, regenerates with a model picked from the grouped menu, and deletes', async () => {
    const { chat } = suite;
    const answer = turn(chat, 'a2');
    await answer.getByRole('button', { name: 'Copy answer' }).click();
    await answer.getByRole('button', { name: 'Regenerate', exact: true }).click();
    await answer.getByRole('button', { name: 'Regenerate with another model' }).click();
    const menu = chat.page.getByRole('menu', { name: 'Regenerate with' });
    assert.deepEqual(await menu.locator('.model-menu-group').allTextContents(), ['Fast', 'Large', 'Other']);
    assert.deepEqual(await menu.getByRole('menuitem').allTextContents(), ['Fast (gpt-4.1-mini)', 'Large (gpt-4.1)', 'qwen2.5-coder-7b']);
    // Keyboard: the first item has focus; ArrowDown twice reaches the third.
    await chat.page.keyboard.press('ArrowDown');
    await chat.page.keyboard.press('ArrowDown');
    await chat.page.keyboard.press('Enter');
    assert.equal(await menu.count(), 0, 'the menu closes after a pick');
    await answer.getByRole('button', { name: 'Delete question and answer' }).click();
    assert.deepEqual(withoutReady(await chat.posted()), [
      { type: 'copyTurn', turnId: 'a2' },
      { type: 'retry', turnId: 'a2' },
      { type: 'retry', turnId: 'a2', model: 'qwen2.5-coder-7b' },
      { type: 'deleteTurn', turnId: 'a2' },
    ]);
  });

  it('only the latest answer offers Regenerate; Escape closes the model menu without a pick', async () => {
    const { chat } = suite;
    assert.equal(await turn(chat, 'a1').getByRole('button', { name: 'Regenerate', exact: true }).isVisible(), false);
    assert.equal(await turn(chat, 'a1').getByRole('button', { name: 'Copy answer' }).isVisible(), true);
    await turn(chat, 'a2').getByRole('button', { name: 'Regenerate with another model' }).click();
    await chat.page.keyboard.press('Escape');
    assert.equal(await chat.page.getByRole('menu').count(), 0);
    assert.deepEqual(withoutReady(await chat.posted()), []);
  });

  it('edit turns a question into an editor that says what it replaces; Enter resends, Escape restores', async () => {
    const { chat } = suite;
    const question = turn(chat, 'q1');
    await question.getByRole('button', { name: 'Edit and resend' }).click();
    const editor = question.getByRole('textbox', { name: 'Edit question' });
    assert.equal(await editor.inputValue(), 'Why does the loop overrun?');
    assert.equal(await question.locator('.edit-note').textContent(), 'Sending replaces the 3 messages after this one.');
    await chat.page.keyboard.press('Escape');
    assert.equal(await editor.count(), 0);
    assert.equal(await question.locator('.turn-body').textContent(), 'Why does the loop overrun?');
    assert.deepEqual(withoutReady(await chat.posted()), []);

    await question.getByRole('button', { name: 'Edit and resend' }).click();
    await editor.fill('Why does the for loop overrun the array?');
    await chat.page.keyboard.press('Enter');
    await turn(chat, 'q2').getByRole('button', { name: 'Delete question and answer' }).click();
    assert.deepEqual(withoutReady(await chat.posted()), [
      { type: 'editTurn', turnId: 'q1', text: 'Why does the for loop overrun the array?' },
      { type: 'deleteTurn', turnId: 'q2' },
    ]);
  });

  it('actions wait while an answer streams, and a streaming answer has none yet', async () => {
    const { chat } = suite;
    await chat.send({ type: 'busy', busy: true });
    await chat.send({ type: 'turnStart', turn: { id: 'a3', role: 'assistant', text: 'Partial', status: 'streaming' } });
    assert.equal(await turn(chat, 'a2').getByRole('button', { name: 'Copy answer' }).isVisible(), false);
    assert.equal(await turn(chat, 'a3').locator('.turn-actions').count(), 0);
    await chat.send({ type: 'turnEnd', turnId: 'a3', status: 'done' });
    await chat.send({ type: 'busy', busy: false });
    assert.equal(await turn(chat, 'a3').getByRole('button', { name: 'Regenerate', exact: true }).isVisible(), true);
    assert.equal(await turn(chat, 'a2').getByRole('button', { name: 'Regenerate', exact: true }).isVisible(), false, 'a2 is no longer the latest');
  });

  it('the model picker groups Fast, Large and Other and takes the list the endpoint gave', async () => {
    const { chat } = suite;
    const picker = chat.page.getByRole('combobox', { name: 'Model' });
    assert.deepEqual(await picker.locator('optgroup').evaluateAll((groups) => groups.map((group) => group.getAttribute('label'))), ['Fast', 'Large', 'Other']);
    const listed: HostMessage = { type: 'models', selectedModel: 'llama-3.1-8b', models: [
      { id: 'fast', label: 'Fast · gpt-4.1-mini', group: 'Fast' },
      { id: 'large', label: 'Large · gpt-4.1', group: 'Large' },
      ...['llama-3.1-8b', 'o3-mini', 'text-embedding-3-small'].map((id) => ({ id, label: id, group: 'Other' as const })),
    ] };
    await chat.send(listed);
    assert.deepEqual(await picker.locator('optgroup[label="Other"] option').allTextContents(), ['llama-3.1-8b', 'o3-mini', 'text-embedding-3-small']);
    assert.equal(await picker.inputValue(), 'llama-3.1-8b');
    await picker.selectOption('o3-mini');
    assert.deepEqual(withoutReady(await chat.posted()), [{ type: 'selectModel', model: 'o3-mini' }]);
  });
});

describe('chat page retry progress (Chromium, fake clock)', function () {
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('a waiting retry shows in the answer, counts down, and gives way to the text', async () => {
    const chat = await openChatPage(browser, { fakeClock: true });
    try {
      await chat.send(stateMessage());
      await chat.send({ type: 'turnStart', turn: { id: 'r1', role: 'assistant', text: '', status: 'streaming' } });
      await chat.send({ type: 'retrying', turnId: 'r1', reason: 'rate-limited', delayMs: 3000, attempt: 2, maxAttempts: 3 });
      const progress = chat.page.locator('[data-turn-id="r1"] .turn-progress');
      assert.equal(await progress.textContent(), 'rate-limited, retrying in 3 s — 2 of 3');
      await chat.page.clock.runFor(1000);
      assert.equal(await progress.textContent(), 'rate-limited, retrying in 2 s — 2 of 3');
      await chat.send({ type: 'retrying', turnId: 'r1', reason: 'server', delayMs: 4000, attempt: 3, maxAttempts: 3 });
      assert.equal(await progress.textContent(), 'server error, retrying in 4 s — 3 of 3', 'the next wait replaces the line');
      await chat.send({ type: 'delta', turnId: 'r1', text: 'The answer.' });
      assert.equal(await progress.count(), 0);
      assert.equal((await chat.page.locator('[data-turn-id="r1"] .turn-body').textContent())?.trim(), 'The answer.');
      assert.deepEqual(chat.pageErrors, []);
    } finally {
      await chat.close();
    }
  });
});
