// Model output is untrusted. Each payload is streamed into the page as an answer and also loaded as
// a finished turn; then every link is clicked. Nothing may execute (a flag the payloads set stays
// unset, no dialog), the DOM may hold no active content, and no request may leave dist/ and media/.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, openChatPage, stateMessage, streamAnswer, type ChatPage } from './harness';

const EVIL = 'https://evil.example';
const PWN = 'window.__pwned=1';

const PAYLOADS: string[] = [
  `<script>${PWN}</script>`,
  `<img src=x onerror="${PWN}">`,
  `<img src="${EVIL}/pixel.png">`,
  `![tracking pixel](${EVIL}/pixel.png)`,
  `![x](${EVIL}/a.png "title")\n\n![ref][logo]\n\n[logo]: ${EVIL}/logo.png`,
  `[click me](javascript:${PWN})`,
  `[click me](JaVaScRiPt:${PWN})`,
  `[click me](java\tscript:${PWN})`,
  `[click me](&#106;avascript:${PWN})`,
  `[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
  `[click me](vbscript:msgbox(1))`,
  `<javascript:${PWN}>`,
  `[ref link][x]\n\n[x]: javascript:${PWN}`,
  `![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)`,
  `<svg onload="${PWN}"><circle r=10 /></svg>`,
  `<svg><script>${PWN}</script></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${PWN}">`,
  `<iframe src="javascript:${PWN}"></iframe>`,
  `<iframe srcdoc="<script>parent.${PWN}</script>"></iframe>`,
  `<iframe src="${EVIL}/frame"></iframe>`,
  `<style>body { background: url(${EVIL}/css-exfil) }</style>`,
  `<div style="background-image: url('${EVIL}/style-attr')">styled</div>`,
  `<link rel="stylesheet" href="${EVIL}/sheet.css">`,
  `<meta http-equiv="refresh" content="0;url=${EVIL}/">`,
  `<base href="${EVIL}/">\n\n[relative](/path)`,
  `<object data="${EVIL}/object.swf"></object><embed src="${EVIL}/embed">`,
  `<form action="${EVIL}/steal"><button>Send</button></form>`,
  `<input autofocus onfocus="${PWN}">`,
  `<details open ontoggle="${PWN}"><summary>x</summary></details>`,
  `<video><source onerror="${PWN}"></video><audio src=x onerror="${PWN}"></audio>`,
  `<a href="${EVIL}" onclick="${PWN}">looks fine</a>`,
  `<body onload="${PWN}">`,
  '```"><img src=x onerror="window.__pwned=1">\ncode\n```',
  '```js onerror=alert(1)\nconst a = 1;\n```',
  `| a | b |\n|---|---|\n| <img src=x onerror="${PWN}"> | [x](javascript:${PWN}) |`,
  `> <script>${PWN}</script>\n> ![q](${EVIL}/quote.png)`,
  `- item <img src=x onerror="${PWN}">\n- [link](javascript:${PWN})`,
  `**bold<script>${PWN}</script>**`,
  `Autolink https://evil.example/autolinked and <${EVIL}/angle>`,
  `<a href="data:text/html,<script>${PWN}</script>">data link</a>`,
  '{{constructor.constructor("window.__pwned=1")()}}',
  `<noscript><p title="</noscript><img src=x onerror=${PWN}>">`,
  `<template><script>${PWN}</script></template>`,
  `<marquee onstart="${PWN}">x</marquee>`,
  `\`<img src=x onerror="${PWN}">\` inline code stays text`,
];

const FORBIDDEN_TAGS = 'script, iframe, img, svg, math, style, object, embed, form, input, link, meta, base, video, audio, source, details, template, noscript, marquee, body body';

describe('chat page XSS corpus (Chromium)', function () {
  let browser: Browser;
  let chat: ChatPage;

  before(async () => {
    assert.ok(PAYLOADS.length >= 30, 'at least 30 payloads');
    browser = await launchBrowser();
    chat = await openChatPage(browser);
    await chat.send(stateMessage());
  });
  after(async () => {
    await chat?.close();
    await browser?.close();
  });

  PAYLOADS.forEach((payload, index) => {
    it(`payload ${index + 1}: ${JSON.stringify(payload).slice(0, 70)}`, async () => {
      await chat.send(stateMessage());
      await streamAnswer(chat, `Answer:\n\n${payload}\n\nEnd.`, 3, `x${index}`);
      await chat.send({ type: 'turnStart', turn: { id: `y${index}`, role: 'assistant', text: payload, status: 'done' } });
      await chat.send({ type: 'turnStart', turn: { id: `u${index}`, role: 'user', text: payload, status: 'done' } });
      await chat.clearPosted();

      for (const link of await chat.page.locator('.transcript a').all()) await link.click({ force: true });
      await chat.page.waitForTimeout(150);

      assert.equal(await chat.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'payload executed');
      assert.deepEqual(chat.dialogs, [], 'a dialog opened');
      assert.deepEqual(chat.foreignRequests, [], 'a request left the page');
      assert.deepEqual(chat.cspViolations, [], 'something reached the CSP');
      assert.deepEqual(chat.pageErrors, []);
      assert.equal(await chat.page.url(), 'https://webview.test/index.html', 'the page navigated');

      const active = await chat.page.evaluate((selector) => {
        const transcript = document.querySelector('.transcript')!;
        const problems: string[] = Array.from(transcript.querySelectorAll(selector), (element) => `<${element.tagName}>`);
        for (const element of Array.from(transcript.querySelectorAll('*'))) {
          for (const attribute of Array.from(element.attributes)) {
            if (/^on/i.test(attribute.name) || attribute.name === 'style' || attribute.name === 'srcdoc') problems.push(`${element.tagName}[${attribute.name}]`);
          }
          const href = element.getAttribute('href');
          if (href !== null && !/^https?:/i.test(href)) problems.push(`href=${href}`);
        }
        return problems;
      }, FORBIDDEN_TAGS);
      assert.deepEqual(active, [], 'active content in the DOM');

      for (const message of await chat.posted()) {
        assert.equal(message.type, 'openLink', 'only link requests are posted by clicks on answers');
        if (message.type === 'openLink') assert.match(message.href, /^https?:\/\//);
      }
    });
  });

  it('markdown images become click-to-open placeholders, not images', async () => {
    await chat.send(stateMessage([{ id: 'img', role: 'assistant', text: `![diagram](${EVIL}/diagram.png)`, status: 'done' }]));
    const placeholder = chat.page.locator('[data-turn-id="img"] a.image-link');
    assert.equal(await placeholder.textContent(), 'diagram');
    await chat.clearPosted();
    await placeholder.click();
    assert.deepEqual(await chat.posted(), [{ type: 'openLink', href: `${EVIL}/diagram.png` }]);
    assert.deepEqual(chat.foreignRequests, []);
  });
});
