// The page builds answers' DOM from markdown-it's tokens itself (src/webview/markdownDom.ts) and
// highlights code later, in idle time (src/webview/highlight.ts). Checked here: the nodes it builds
// mean what markdown-it's own HTML means, on real READMEs nobody here wrote (read at run time);
// hostile text in every attribute-bearing place stays inert text; highlighting never happens in the
// delta that finishes a code block, reaches every block, blocks on screen first.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { BlockScanner } from '../../src/common/chat/markdownBlocks';
import { ROOT, highlighted, stateMessage, turnId, type ChatPage } from './harness';
import { usePageSuite } from './pageSuite';

/** The README of every installed package (depth ≤2, path order) until `chars` of Markdown. */
function installedReadmes(chars: number): string[] {
  const found: string[] = [];
  let total = 0;
  const visit = (dir: string, depth: number): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (total >= chars) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && depth < 2 && entry.name !== '.bin') visit(full, depth + 1);
      else if (entry.isFile() && /^readme\.md$/i.test(entry.name)) {
        const text = fs.readFileSync(full, 'utf8');
        found.push(text);
        total += text.length;
      }
    }
  };
  visit(path.join(ROOT, 'node_modules'), 0);
  return found;
}

/**
 * markdown-it's HTML for `text` as the page splits it: each finished block on its own (as the
 * page parses them), raw HTML off as on the page.
 */
function referenceHtml(text: string): string {
  const scanner = new BlockScanner();
  const cuts = [...scanner.push(text), text.length];
  const parser = new MarkdownIt({ html: false, linkify: true });
  let start = 0;
  let html = '';
  for (const cut of cuts) {
    if (cut > start) html += parser.render(text.slice(start, cut));
    start = cut;
  }
  // Table alignment is markdown-it's only style attribute; the page sets none (nor does the CSP allow them).
  return html.replace(/ style="text-align:\w+"/g, '');
}

/**
 * In the page: `turn`'s rendered body and `reference` (markdown-it's HTML, parsed inert) reduced to
 * what they mean: tags, the attributes that matter, text with HTML's whitespace collapsing. The
 * page's own additions are undone: code toolbars and wrappers, and images as placeholders (markdown-it
 * writes <img>); links keep their href only where the page may open it (http/https).
 */
async function meanings(chat: ChatPage, turn: string, reference: string): Promise<[string, string]> {
  return chat.page.evaluate(({ id, html }) => {
    const openable = (href: string): boolean => {
      try {
        return ['http:', 'https:'].includes(new URL(href).protocol);
      } catch {
        return false;
      }
    };
    const BLOCKS = 'address|blockquote|div|h[1-6]|hr|li|ol|p|pre|table|tbody|td|th|thead|tr|ul';
    const serialize = (root: Node): string => {
      let out = '';
      const walk = (node: Node): void => {
        for (const child of Array.from(node.childNodes)) {
          if (child.nodeType === Node.TEXT_NODE) {
            out += child.textContent!.replace(/\s+/g, ' ');
            continue;
          }
          const element = child as HTMLElement;
          const tag = element.tagName.toLowerCase();
          if (element.classList.contains('code-toolbar')) continue;
          if (element.classList.contains('code-block') || element.classList.contains('answer-chunk')) {
            walk(element);
            continue;
          }
          if (tag === 'img' || element.classList.contains('image-link')) {
            out += `[image ${element.getAttribute('src') ?? element.title.replace(/^Image not loaded: /, '')}]`;
            continue;
          }
          if (tag === 'pre') {
            const code = element.querySelector('code')!;
            out += `<pre class="${code.className}">${JSON.stringify(code.textContent)}</pre>`;
            continue;
          }
          const href = element.getAttribute('href');
          const attributes = [
            tag === 'a' && href && openable(href) ? ` href="${href}"` : '',
            element.title ? ` title="${element.title}"` : '',
            element.getAttribute('start') ? ` start="${element.getAttribute('start')}"` : '',
          ].join('');
          out += `<${tag}${attributes}>`;
          walk(element);
          out += `</${tag}>`;
        }
      };
      walk(root);
      return out.replace(new RegExp(` ?(</?(?:${BLOCKS})\\b[^>]*>) ?`, 'g'), '$1').trim();
    };
    const shown = document.querySelector(`[data-turn-id="${id}"] .turn-body`)!;
    return [serialize(shown), serialize(new DOMParser().parseFromString(html, 'text/html').body)];
  }, { id: turn, html: reference });
}

/** Loads `text` as a finished answer; returns the selector of its turn body. */
async function show(chat: ChatPage, text: string): Promise<string> {
  const id = turnId('m');
  await chat.send(stateMessage([{ id, role: 'assistant', text, status: 'done' }]));
  return `[data-turn-id="${id}"] .turn-body`;
}

describe('chat page DOM built from Markdown tokens (Chromium)', function () {
  const suite = usePageSuite();

  it('means what markdown-it\'s HTML means, on 370 KB of real READMEs of installed packages', async () => {
    const { chat } = suite;
    const readmes = installedReadmes(370_000);
    let compared = 0;
    for (const [index, text] of readmes.entries()) {
      const body = await show(chat, text);
      // A block too large to parse is shown as plain text by design; such READMEs are not compared.
      if (await chat.page.locator(`${body} .plain-text`).count()) continue;
      const [shown, reference] = await meanings(chat, body.match(/"(.+?)"/)![1], referenceHtml(text));
      assert.equal(shown, reference, `README ${index}`);
      compared++;
    }
    assert.ok(compared >= 20, `READMEs compared: ${compared} of ${readmes.length}`);
  });

  it('hostile link titles, info strings, hrefs and code stay text and inert attributes', async () => {
    const { chat } = suite;
    const body = await show(chat, [
      '[titled](https://a.example/x "q\\" onmouseover=\\"window.__pwned=1")',
      '',
      // markdown-it itself refuses javascript: (no link at all); the page refuses what it cannot open.
      '[js](javascript:window.__pwned=1) [rel](/relative) [ok](https://ok.example/) ![pic](/local.png)',
      '',
      '```js" onclick="window.__pwned=1',
      'if (a < b && c > d) { html = "<img src=x onerror=window.__pwned=1>"; }',
      '```',
    ].join('\n'));
    const attributes = await chat.page.locator(`${body} *`).evaluateAll((elements) =>
      elements.filter((element) => !element.closest('.code-toolbar'))
        .map((element) => `${element.tagName.toLowerCase()}[${Array.from(element.attributes, (attribute) => attribute.name).join(',')}]`));
    assert.deepEqual(attributes.filter((entry) => !/^div\[class(,data-line)?\]$/.test(entry)), [
      'p[]', 'a[href,title]',
      'p[]', 'a[]', 'a[href]', 'a[class,title]', 'span[class]',
      'pre[]', 'code[]',
    ]);
    assert.equal(await chat.page.locator(`${body} a`).first().getAttribute('title'), 'q" onmouseover="window.__pwned=1');
    assert.equal(await chat.page.locator(`${body} a[href]`).last().getAttribute('href'), 'https://ok.example/');
    assert.equal(await chat.page.locator(`${body} code`).textContent(), 'if (a < b && c > d) { html = "<img src=x onerror=window.__pwned=1>"; }\n');
    assert.equal(await chat.page.locator(`${body} .code-block`).getAttribute('data-language'), null, 'an info string that is no language name is not one');
  });

  it('nested emphasis, strikethrough, breaks, tables and numbered lists keep their structure', async () => {
    const { chat } = suite;
    const body = await show(chat, [
      '***both*** **bold _and em_ again** ~~gone~~ `a<b>`  ',
      'next line',
      'soft',
      '',
      '| left | right |',
      '|:-----|------:|',
      '| `x` | <y> |',
      '',
      '3. three',
      '4. four',
    ].join('\n'));
    assert.equal(await chat.page.locator(`${body} p`).innerHTML(),
      '<em><strong>both</strong></em> <strong>bold <em>and em</em> again</strong> <s>gone</s> <code>a&lt;b&gt;</code><br>next line\nsoft');
    // A paragraph's lines and the line end between them are one text node (fewer nodes to lay out).
    assert.equal(await chat.page.locator(`${body} p`).evaluate((p) => p.lastChild!.textContent), 'next line\nsoft');
    assert.equal(await chat.page.locator(`${body} table`).innerHTML(),
      '<thead><tr><th>left</th><th>right</th></tr></thead><tbody><tr><td><code>x</code></td><td>&lt;y&gt;</td></tr></tbody>');
    assert.equal(await chat.page.locator(`${body} ol`).getAttribute('start'), '3');
    assert.deepEqual(await chat.page.locator(`${body} ol > li`).allTextContents(), ['three', 'four']);
  });
});

describe('chat page code highlighting in idle time (Chromium)', function () {
  const suite = usePageSuite();

  it('the delta that finishes a code block shows it as text; it is highlighted afterwards, same text', async () => {
    const { chat } = suite;
    const id = turnId();
    await chat.send({ type: 'turnStart', turn: { id, role: 'assistant', text: '', status: 'streaming' } });
    const code = `[data-turn-id="${id}"] .answer-chunk code`;
    const atDelta = await chat.page.evaluate(({ turn, selector }) => {
      const win = globalThis as unknown as { MessageEvent: typeof MessageEvent; dispatchEvent(event: Event): boolean };
      win.dispatchEvent(new win.MessageEvent('message', { data: { type: 'delta', turnId: turn, text: 'Intro.\n\n```ts\nconst a: number = 1;\n```\n\nAfter.' } }));
      const element = document.querySelector(selector)!;
      return { elements: element.children.length, pending: element.hasAttribute('data-highlight'), text: element.textContent };
    }, { turn: id, selector: code });
    assert.deepEqual(atDelta, { elements: 0, pending: true, text: 'const a: number = 1;\n' });
    await highlighted(chat);
    assert.ok(await chat.page.locator(`${code} .hljs-keyword`).count() > 0, 'highlighted later');
    assert.equal(await chat.page.locator(code).textContent(), 'const a: number = 1;\n');
  });

  it('on a busy page, blocks of a replaced conversation leave the queue and a long block waits for idle time', async () => {
    const { chat } = suite;
    const block = (name: string, lines: number): string => '```js\n' + Array.from({ length: lines }, (_, line) => `const ${name}${line} = ${line};`).join('\n') + '\n```';
    const old = Array.from({ length: 40 }, (_, index) => `Old ${index}.\n\n${block(`old${index}_`, 2)}`).join('\n\n');
    await chat.send(stateMessage([{ id: turnId('m'), role: 'assistant', text: old, status: 'done' }]));
    const fresh = `Short:\n\n${block('short', 3)}\n\nLong:\n\n${block('long', 400)}`;
    // In one task: the old conversation is replaced (its 40 blocks still queued), then the page is
    // kept busy with back-to-back tasks, as while an answer streams in: no idle period comes, only
    // the queue's timeout. It runs until the short block is highlighted.
    const seen = await chat.page.evaluate(async (data) => {
      const oldCodes = Array.from(document.querySelectorAll('code'));
      const win = globalThis as unknown as { MessageEvent: typeof MessageEvent; dispatchEvent(event: Event): boolean };
      win.dispatchEvent(new win.MessageEvent('message', { data }));
      const [short, long] = Array.from(document.querySelectorAll('code'));
      const channel = new MessageChannel();
      const started = performance.now();
      while (short.hasAttribute('data-highlight') && performance.now() - started < 20_000) {
        await new Promise((resolve) => {
          channel.port1.onmessage = resolve;
          channel.port2.postMessage(null);
        });
      }
      return {
        shortHighlighted: !!short.querySelector('.hljs-keyword'),
        longPending: long.hasAttribute('data-highlight'),
        oldPending: oldCodes.filter((code) => code.hasAttribute('data-highlight')).length,
      };
    }, stateMessage([{ id: turnId('m'), role: 'assistant', text: fresh, status: 'done' }]));
    assert.deepEqual(seen, { shortHighlighted: true, longPending: true, oldPending: 0 });
    await highlighted(chat);
    assert.ok(await chat.page.locator('code:has-text("const long399 = 399;") .hljs-keyword').count() > 0, 'the long block highlighted once idle');
  });

  it('on a busy page, the blocks where the user stops scrolling in a long conversation are highlighted next', async () => {
    const { chat } = suite;
    const blocks = Array.from({ length: 90 }, (_, index) => `Step ${index}.\n\n\`\`\`js\nconst step${index} = ${index};\n\`\`\``);
    type Page = { __order: string[]; __stop: boolean; __busy: Promise<void>; MessageEvent: typeof MessageEvent; dispatchEvent(event: Event): boolean };
    // Loaded, then kept busy with back-to-back tasks from the same task on, as while an answer
    // streams in: only the queue's timeout runs it, one block a second, the newest on screen
    // first, then the oldest.
    await chat.page.evaluate((data) => {
      const page = globalThis as unknown as Page;
      page.dispatchEvent(new page.MessageEvent('message', { data }));
      page.__order = [];
      page.__stop = false;
      new MutationObserver((records) => {
        for (const record of records) {
          const code = record.target as HTMLElement;
          if (code.tagName === 'CODE' && record.addedNodes.length && !page.__order.includes(code.textContent!)) page.__order.push(code.textContent!);
        }
      }).observe(document.body, { childList: true, subtree: true });
      page.__busy = (async () => {
        const channel = new MessageChannel();
        const started = performance.now();
        while (!page.__stop && performance.now() - started < 30_000) {
          await new Promise((resolve) => {
            channel.port1.onmessage = resolve;
            channel.port2.postMessage(null);
          });
        }
      })();
    }, stateMessage([{ id: turnId('m'), role: 'assistant', text: blocks.join('\n\n'), status: 'done' }]));
    // The user scrolls up with the wheel to about block 45, and stops there.
    const box = (await chat.page.locator('.transcript').boundingBox())!;
    await chat.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const target = chat.page.locator('code', { hasText: 'const step45 = 45;' });
    for (let step = 0; step < 200; step++) {
      const offset = await target.evaluate((code) => {
        const view = document.querySelector('.transcript')!.getBoundingClientRect();
        return code.getBoundingClientRect().top - (view.top + view.height / 2);
      });
      if (Math.abs(offset) < box.height / 4) break;
      await chat.page.mouse.wheel(0, Math.sign(offset) * Math.min(Math.abs(offset), 400));
    }
    const highlightedBeforeStop = await chat.page.evaluate(async () => {
      const transcript = document.querySelector('.transcript')!;
      for (let last = -1; transcript.scrollTop !== last;) {
        last = transcript.scrollTop;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      return (globalThis as unknown as Page).__order.length;
    });
    const shown = await chat.page.evaluate(() => {
      const view = document.querySelector('.transcript')!.getBoundingClientRect();
      return Array.from(document.querySelectorAll('code'))
        .filter((code) => {
          const box = code.getBoundingClientRect();
          return box.bottom > view.top && box.top < view.bottom;
        })
        .map((code) => code.textContent!);
    });
    assert.ok(shown.length > 0 && !shown.includes('const step89 = 89;\n') && !shown.includes('const step0 = 0;\n'), `stopped mid-conversation: ${shown.join(' ')}`);
    // Long enough for 8 blocks in their turn: before, the shown ones waited behind steps 0 to 38.
    await chat.page.waitForFunction((texts) => {
      const codes = Array.from(document.querySelectorAll('code')).filter((code) => texts.includes(code.textContent!));
      return codes.every((code) => !code.hasAttribute('data-highlight'));
    }, shown, { timeout: 8_000 }).catch(() => undefined);
    const order = await chat.page.evaluate(() => {
      const page = globalThis as unknown as Page;
      page.__stop = true;
      return page.__busy.then(() => page.__order);
    });
    // Each shown block was highlighted before the stop or among the next ones (one more: a block
    // may have been under way when the scroll stopped).
    const waiting = shown.filter((text) => {
      const at = order.indexOf(text);
      return at < 0 || at > highlightedBeforeStop + shown.length;
    });
    assert.deepEqual(waiting, [], `shown: ${shown.join(' ')}; highlighted: ${order.join(' ')}; before the stop: ${highlightedBeforeStop}`);
  });

  it('a conversation loaded at once gets every block highlighted, those on screen first', async () => {
    const { chat } = suite;
    const blocks = Array.from({ length: 60 }, (_, index) => `Step ${index}.\n\n\`\`\`js\nconst step${index} = ${index};\n\`\`\``);
    await chat.page.evaluate(() => {
      const order: string[] = [];
      (globalThis as unknown as { __highlightOrder: string[] }).__highlightOrder = order;
      new MutationObserver((records) => {
        for (const record of records) {
          const code = record.target as HTMLElement;
          if (code.tagName === 'CODE' && record.addedNodes.length && !order.includes(code.textContent!)) order.push(code.textContent!);
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    const id = turnId('m');
    // Scrolled to the end in the first frame, before any idle time: the blocks on screen are the
    // last ones from the start. (Not at once: until that frame, content-visibility leaves the
    // chunk at its estimated size; resize observers run after it is laid out, before
    // intersections are computed.)
    await chat.page.evaluate((data) => {
      const win = globalThis as unknown as { MessageEvent: typeof MessageEvent; dispatchEvent(event: Event): boolean };
      win.dispatchEvent(new win.MessageEvent('message', { data }));
      const transcript = document.querySelector('.transcript')!;
      const laidOut = new ResizeObserver(() => {
        laidOut.disconnect();
        transcript.scrollTop = transcript.scrollHeight;
      });
      laidOut.observe(transcript.querySelector('.turn-body')!);
    }, stateMessage([{ id, role: 'assistant', text: blocks.join('\n\n'), status: 'done' }]));
    const body = `[data-turn-id="${id}"] .turn-body`;
    await highlighted(chat);
    assert.equal(await chat.page.locator(`${body} code:not(:has(.hljs-keyword))`).count(), 0, 'every block highlighted');
    const [first, onScreen] = await chat.page.evaluate(() => {
      const order = (globalThis as unknown as { __highlightOrder: string[] }).__highlightOrder;
      const transcript = document.querySelector('.transcript')!.getBoundingClientRect();
      const visible = Array.from(document.querySelectorAll('code'))
        .filter((code) => {
          const box = code.getBoundingClientRect();
          return box.bottom > transcript.top && box.top < transcript.bottom;
        })
        .map((code) => code.textContent!);
      return [order[0], visible];
    });
    assert.ok(onScreen.length > 0 && !onScreen.includes('const step0 = 0;\n'), `scrolled to the end: ${onScreen.join(' ')}`);
    assert.ok(onScreen.includes(first), `first highlighted: ${first}, on screen: ${onScreen.join(' ')}`);
  });
});
