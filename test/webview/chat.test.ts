import assert from 'node:assert/strict';
import type { PageMessage } from '../../src/common/chat/protocol';
import { highlighted, openChatPage, stateMessage, streamAnswer, turnId } from './harness';
import { usePageSuite } from './pageSuite';

const ANSWER = [
  '# Why it fails',
  '',
  'The loop reads **one past the end**:',
  '',
  '```ts',
  'for (let i = 0; i <= items.length; i++) {',
  '  total += items[i].price;',
  '}',
  '```',
  '',
  'Use `<` instead:',
  '',
  '1. change the bound',
  '2. run the tests',
  '',
  '```python',
  'print("hello")',
  '```',
  '',
  'See [the docs](https://example.com/docs).',
].join('\n');

function ofType<T extends PageMessage['type']>(messages: PageMessage[], type: T): Extract<PageMessage, { type: T }>[] {
  return messages.filter((message): message is Extract<PageMessage, { type: T }> => message.type === type);
}

describe('chat page (Chromium)', function () {
  const suite = usePageSuite();

  it('loads styles and the icon font under the strict CSP and posts ready', async () => {
    const { chat } = suite;
    const posted = await chat.posted();
    assert.equal(posted[0].type, 'ready');
    const display = await chat.page.$eval('#app', (element) => getComputedStyle(element).display);
    assert.equal(display, 'flex', 'chat.css applied');
    await chat.page.evaluate(() => document.fonts.ready);
    const codicon = await chat.page.evaluate(() => document.fonts.check('16px codicon'));
    assert.ok(codicon, 'codicon font loaded');
  });

  it('renders a streamed answer as markdown with highlighted code and the answer details', async () => {
    const { chat } = suite;
    await streamAnswer(chat, ANSWER, 5);
    const article = chat.page.locator('article.turn.assistant').last();
    assert.equal(await article.locator('h1').textContent(), 'Why it fails');
    assert.equal(await article.locator('strong').first().textContent(), 'one past the end');
    assert.equal(await article.locator('.code-block').count(), 2);
    assert.equal(await article.locator('.code-block').first().getAttribute('data-language'), 'ts');
    await highlighted(chat);
    assert.ok(await article.locator('.code-block .hljs-keyword').count() > 0, 'code highlighted');
    assert.equal(await article.locator('ol > li').count(), 2);
    assert.equal(await article.locator('.stream-tail').count(), 0, 'tail removed when finished');
    const code = await article.locator('.code-block code').first().textContent();
    assert.equal(code, 'for (let i = 0; i <= items.length; i++) {\n  total += items[i].price;\n}\n');
    const meta = await article.locator('.turn-meta').textContent();
    assert.match(meta!, /gpt-4\.1-mini · 120 in · 80 out · \$0\.0002 · 1\.2 s/);
  });

  it('renders the same DOM streamed in tiny chunks as rendered at once', async () => {
    const { chat } = suite;
    const streamed = await streamAnswer(chat, ANSWER, 1);
    await highlighted(chat);
    await chat.send(stateMessage([{ id: 'whole', role: 'assistant', text: ANSWER, status: 'done' }]));
    await highlighted(chat);
    const whole = await chat.page.locator('[data-turn-id="whole"] .turn-body').innerHTML();
    await chat.send(stateMessage());
    const again = await streamAnswer(chat, ANSWER, 3, streamed + 'b');
    await highlighted(chat);
    const streamedHtml = await chat.page.locator(`[data-turn-id="${again}"] .turn-body`).innerHTML();
    assert.equal(streamedHtml, whole);
  });

  it('re-renders only the open tail while streaming (finished blocks keep their nodes)', async () => {
    const { chat } = suite;
    const id = turnId();
    await chat.send({ type: 'turnStart', turn: { id, role: 'assistant', text: '', status: 'streaming' } });
    await chat.send({ type: 'delta', turnId: id, text: 'First paragraph.\n\n```js\nconst a = 1;\n```\n\nSecond' });
    await chat.page.evaluate((turn) => {
      const first = document.querySelector(`[data-turn-id="${turn}"] .turn-body p`) as HTMLElement & { __marker?: boolean };
      first.__marker = true;
    }, id);
    for (const piece of [' paragraph', ' keeps', ' growing.']) await chat.send({ type: 'delta', turnId: id, text: piece });
    const kept = await chat.page.evaluate((turn) => {
      const first = document.querySelector(`[data-turn-id="${turn}"] .turn-body p`) as HTMLElement & { __marker?: boolean };
      return first.__marker === true;
    }, id);
    assert.ok(kept, 'the finished first paragraph was not re-rendered');
    assert.equal((await chat.page.locator(`[data-turn-id="${id}"] .stream-tail`).textContent())?.trim(), 'Second paragraph keeps growing.');
  });

  it('code block buttons post copy, insert, apply and new-file naming the block by answer and line, never its code', async () => {
    const { chat } = suite;
    const id = await streamAnswer(chat, ANSWER);
    await chat.clearPosted();
    const block = chat.page.locator('.code-block').nth(1);
    await block.hover();
    for (const label of ['Copy code', 'Insert at cursor', 'Apply to file (review the changes first)', 'Open in new file']) {
      await block.getByRole('button', { name: label }).click();
    }
    const actions = ['copy', 'insert', 'apply', 'newFile'] as const;
    // The python fence opens on line 15 of ANSWER (0-based).
    assert.deepEqual(ofType(await chat.posted(), 'code'), actions.map((action) => ({ type: 'code', action, turnId: id, line: 15 })));
  });

  it("a code block's buttons appear when the pointer is over it or the keyboard reaches its bar, and the code does not move", async () => {
    const { chat } = suite;
    await streamAnswer(chat, ANSWER);
    const [first, second] = [chat.page.locator('.code-block').nth(0), chat.page.locator('.code-block').nth(1)];
    const codeTop = (block: typeof first) => block.locator('pre').evaluate((element) => element.getBoundingClientRect().top);
    assert.equal(await first.getByRole('button').count(), 0, 'buttons before the block is used');
    assert.equal(await first.getByRole('toolbar', { name: 'Code actions (ts)' }).count(), 1);
    const before = await codeTop(first);
    await first.hover();
    assert.equal(await first.getByRole('button', { name: 'Copy code' }).count(), 1);
    assert.equal(await codeTop(first), before, 'the code moved when the buttons appeared');
    // The keyboard: one tab stop per block until its bar is reached, then its buttons.
    await first.getByRole('button', { name: 'Open in new file' }).focus();
    await chat.page.keyboard.press('Tab');
    assert.ok(await second.getByRole('button', { name: 'Copy code' }).evaluate((element) => element === document.activeElement));
    await chat.clearPosted();
    await chat.page.keyboard.press('Enter');
    assert.deepEqual(ofType(await chat.posted(), 'code').map((message) => message.action), ['copy']);
  });

  it('does not take focus on load (keystrokes stay in the editor); focusing the view focuses the input', async () => {
    const { chat } = suite;
    const input = chat.page.getByRole('textbox', { name: 'Message Gearshift' });
    assert.equal(await input.evaluate((element) => element === document.activeElement), false, 'the input grabbed focus on load');
    await chat.page.evaluate(() => window.dispatchEvent(new FocusEvent('focus')));
    assert.equal(await input.evaluate((element) => element === document.activeElement), true);
  });

  it('a view focused before its page loaded (Focus Chat on a view never shown): the input takes focus', async () => {
    const focused = await openChatPage(suite.browser, { focusedAtLoad: true });
    try {
      const input = focused.page.getByRole('textbox', { name: 'Message Gearshift' });
      assert.equal(await input.evaluate((element) => element === document.activeElement), true);
    } finally {
      await focused.close();
    }
  });

  it('links never navigate: a click asks the host to open http(s) links', async () => {
    const { chat } = suite;
    await streamAnswer(chat, ANSWER);
    await chat.clearPosted();
    const url = chat.page.url();
    await chat.page.getByRole('link', { name: 'the docs' }).click();
    assert.equal(chat.page.url(), url);
    assert.deepEqual(ofType(await chat.posted(), 'openLink'), [{ type: 'openLink', href: 'https://example.com/docs' }]);
  });

  it('Enter sends, Shift+Enter adds a line, the input clears', async () => {
    const { chat } = suite;
    const input = chat.page.getByRole('textbox', { name: 'Message Gearshift' });
    await input.focus();
    await chat.page.keyboard.type('why does');
    await chat.page.keyboard.press('Shift+Enter');
    await chat.page.keyboard.type('this fail?');
    await chat.page.keyboard.press('Enter');
    assert.deepEqual(ofType(await chat.posted(), 'send'), [{ type: 'send', text: 'why does\nthis fail?' }]);
    assert.equal(await input.inputValue(), '');
  });

  it('while busy the button is Stop; Escape and the button post stop; Enter does not send', async () => {
    const { chat } = suite;
    await chat.send({ type: 'busy', busy: true });
    const input = chat.page.getByRole('textbox', { name: 'Message Gearshift' });
    await input.focus();
    await chat.page.keyboard.type('next question');
    await chat.page.keyboard.press('Enter');
    await chat.page.keyboard.press('Escape');
    await chat.page.getByRole('button', { name: 'Stop (Escape)' }).click();
    const posted = await chat.posted();
    assert.equal(ofType(posted, 'send').length, 0);
    assert.equal(ofType(posted, 'stop').length, 2);
    await chat.send({ type: 'busy', busy: false });
    assert.equal(await chat.page.getByRole('button', { name: 'Send (Enter)' }).count(), 1);
  });

  it('a stopped answer keeps its text and says so', async () => {
    const { chat } = suite;
    const id = turnId();
    await chat.send({ type: 'turnStart', turn: { id, role: 'assistant', text: '', status: 'streaming' } });
    await chat.send({ type: 'delta', turnId: id, text: 'Partial answer' });
    await chat.send({ type: 'turnEnd', turnId: id, status: 'stopped' });
    const body = chat.page.locator(`[data-turn-id="${id}"] .turn-body`);
    assert.match((await body.textContent())!, /Partial answer\s*Stopped\./);
  });

  it('errors show inline with Retry and the fitting actions', async () => {
    const { chat } = suite;
    const id = turnId();
    await chat.send({ type: 'turnStart', turn: { id, role: 'assistant', text: '', status: 'streaming' } });
    await chat.send({ type: 'turnEnd', turnId: id, status: 'error', error: { message: 'The endpoint rejected the API key (401).', actions: ['set-api-key', 'open-settings'] } });
    const alert = chat.page.getByRole('alert');
    assert.match((await alert.textContent())!, /rejected the API key/);
    await chat.clearPosted();
    await alert.getByRole('button', { name: 'Retry' }).click();
    await alert.getByRole('button', { name: 'Set API Key' }).click();
    await alert.getByRole('button', { name: 'Open Settings' }).click();
    assert.deepEqual(await chat.posted(), [
      { type: 'retry', turnId: id },
      { type: 'errorAction', action: 'set-api-key' },
      { type: 'errorAction', action: 'open-settings' },
    ]);
  });

  it('slash commands complete from the input with the keyboard', async () => {
    const { chat } = suite;
    const input = chat.page.getByRole('textbox', { name: 'Message Gearshift' });
    await input.focus();
    await chat.page.keyboard.type('/');
    assert.deepEqual(await chat.page.getByRole('listbox', { name: 'Slash commands' }).getByRole('option').allTextContents(), [
      '/explain Explain the attached code step by step',
      '/fix Find and fix the problem',
      '/tests Write unit tests',
      '/doc Write documentation comments',
    ]);
    await chat.page.keyboard.type('t');
    assert.equal(await chat.page.getByRole('listbox', { name: 'Slash commands' }).getByRole('option').count(), 1);
    await chat.page.keyboard.press('Tab');
    assert.equal(await input.inputValue(), '/tests ');
    assert.equal(await chat.page.getByRole('listbox').isHidden(), true);
    await chat.page.keyboard.type('for parse()');
    await chat.page.keyboard.press('Enter');
    assert.deepEqual(ofType(await chat.posted(), 'send'), [{ type: 'send', text: '/tests for parse()' }]);
  });

  it('context buttons, chips and @ post the right requests; tokens show the plan', async () => {
    const { chat } = suite;
    await chat.page.getByRole('button', { name: 'Add selection' }).click();
    await chat.page.getByRole('button', { name: 'Add problems' }).click();
    await chat.page.getByRole('button', { name: 'Add terminal output' }).click();
    await chat.send({ type: 'chips', chips: [{ id: 'k1', kind: 'file', label: 'main.ts', detail: 'src/main.ts', tokens: 1234 }] });
    await chat.page.getByRole('button', { name: 'Remove main.ts' }).click();
    await chat.page.getByRole('textbox', { name: 'Message Gearshift' }).focus();
    await chat.page.keyboard.type('look at @');
    await chat.send({ type: 'tokens', tokens: { count: 150_000, window: 128_000, model: 'gpt-4o-mini', plan: 'escalate' } });
    const posted = await chat.posted();
    assert.deepEqual(ofType(posted, 'addContext').map((message) => message.kind), ['selection', 'problems', 'terminal', 'pickFile']);
    assert.deepEqual(ofType(posted, 'removeContext'), [{ type: 'removeContext', id: 'k1' }]);
    assert.equal(await chat.page.getByRole('textbox', { name: 'Message Gearshift' }).inputValue(), 'look at ');
    assert.equal(await chat.page.locator('.token-count').textContent(), '150.0k / 128.0k tokens · will escalate to the large model');
    await chat.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((message) => message.type === 'draft'));
  });

  it('a pasted image is posted as a data URL', async () => {
    const { chat } = suite;
    await chat.page.getByRole('textbox', { name: 'Message Gearshift' }).focus();
    await chat.page.evaluate(() => {
      const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([png], 'dot.png', { type: 'image/png' }));
      document.querySelector('textarea')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await chat.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((message) => message.type === 'addImage'));
    const [image] = ofType(await chat.posted(), 'addImage');
    assert.equal(image.name, 'dot.png');
    assert.match(image.dataUrl, /^data:image\/png;base64,iVBOR/);
  });

  it('model picker and header commands post messages', async () => {
    const { chat } = suite;
    await chat.page.getByRole('combobox', { name: 'Model' }).selectOption('large');
    await chat.page.getByRole('button', { name: 'Export conversation as Markdown' }).click();
    const posted = await chat.posted();
    assert.deepEqual(ofType(posted, 'selectModel'), [{ type: 'selectModel', model: 'large' }]);
    assert.deepEqual(ofType(posted, 'command').map((message) => message.command), ['export']);
  });

  it('messages failing the protocol guard are ignored', async () => {
    const { chat } = suite;
    await chat.send({ type: 'turnStart', turn: { id: 'x', role: 'system', text: 'bad', status: 'done' } } as never);
    await chat.send({ type: 'nonsense' } as never);
    assert.equal(await chat.page.locator('[data-turn-id="x"]').count(), 0);
  });

  it('draft and scroll position survive the view being hidden (getState/setState)', async () => {
    const { chat } = suite;
    const turns = Array.from({ length: 30 }, (_, index) => ({ id: `s${index}`, role: 'assistant' as const, text: `Answer ${index}\n\n${'text '.repeat(60)}`, status: 'done' as const }));
    await chat.send(stateMessage(turns));
    await chat.page.getByRole('textbox', { name: 'Message Gearshift' }).fill('half-written question');
    await chat.page.locator('.transcript').evaluate((element) => {
      element.scrollTop = 400;
      element.dispatchEvent(new Event('scroll'));
    });
    await chat.page.waitForFunction(() => (window as unknown as { __state?: { scrollTop: number } }).__state?.scrollTop === 400);
    const saved = await chat.savedState();
    const restored = await openChatPage(suite.browser, { initialState: saved });
    try {
      await restored.send(stateMessage(turns));
      assert.equal(await restored.page.getByRole('textbox', { name: 'Message Gearshift' }).inputValue(), 'half-written question');
      assert.equal(await restored.page.locator('.transcript').evaluate((element) => element.scrollTop), 400);
    } finally {
      await restored.close();
    }
  });

  it('shows notices and dismisses them', async () => {
    const { chat } = suite;
    await chat.send({ type: 'notice', level: 'warning', text: 'Conversation file was corrupt and was set aside.' });
    const status = chat.page.getByRole('status');
    assert.match((await status.textContent())!, /set aside/);
    await status.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await chat.page.locator('.notice').count(), 0);
  });
  it('a turn started again (retried attempt) replaces its partial text in place', async () => {
    const { chat } = suite;
    const id = turnId();
    await chat.send({ type: 'turnStart', turn: { id, role: 'assistant', text: '', status: 'streaming' } });
    await chat.send({ type: 'delta', turnId: id, text: 'partial from the failed attempt' });
    await chat.send({ type: 'turnStart', turn: { id, role: 'assistant', text: '', status: 'streaming' } });
    await chat.send({ type: 'delta', turnId: id, text: 'fresh answer' });
    await chat.send({ type: 'turnEnd', turnId: id, status: 'done' });
    assert.equal(await chat.page.locator(`[data-turn-id="${id}"]`).count(), 1);
    assert.equal((await chat.page.locator(`[data-turn-id="${id}"] .turn-body`).textContent())?.trim(), 'fresh answer');
  });

  it('applies batched host messages in order', async () => {
    const { chat } = suite;
    const id = turnId();
    await chat.send({ type: 'batch', messages: [
      { type: 'turnStart', turn: { id, role: 'assistant', text: '', status: 'streaming' } },
      { type: 'delta', turnId: id, text: 'Hello ' },
      { type: 'delta', turnId: id, text: '**world**' },
      { type: 'turnEnd', turnId: id, status: 'done' },
    ] });
    assert.equal(await chat.page.locator(`[data-turn-id="${id}"] strong`).textContent(), 'world');
  });
});
