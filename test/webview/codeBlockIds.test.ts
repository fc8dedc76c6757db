// The page names a code block by the answer line it starts on; the host looks that line up in its
// own copy of the answer (src/common/chat/answerCode.ts). The page renders answers in pieces (finished
// blocks, chunks, an open tail), the host parses the whole text at once: on real Markdown nobody
// here wrote — the READMEs of installed packages, read at run time — every block the page shows
// must resolve, on the host, to exactly the code the page shows.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { codeBlockAt, codeTokens } from '../../src/common/chat/answerCode';
import { ROOT, stateMessage, streamAnswer } from './harness';
import { usePageSuite } from './pageSuite';

const READMES = ['markdown-it', 'dompurify', 'highlight.js', 'openai', 'diff', 'picomatch']
  .map((name) => path.join(ROOT, 'node_modules', name, 'README.md'));

interface ShownBlock {
  line: number;
  code: string;
}

describe('chat page code block ids (Chromium, real READMEs)', function () {
  const suite = usePageSuite();

  async function shownBlocks(turnId: string): Promise<ShownBlock[]> {
    return suite.chat.page.locator(`[data-turn-id="${turnId}"] .code-block`).evaluateAll((blocks) =>
      blocks.map((block) => ({ line: Number((block as HTMLElement).dataset.line), code: block.querySelector('code')!.textContent! })));
  }

  for (const readme of READMES) {
    it(`${path.basename(path.dirname(readme))}/README.md: streamed and shown at once, every block resolves on the host to the code shown`, async () => {
      const { chat } = suite;
      const answer = fs.readFileSync(readme, 'utf8');
      const expected = codeTokens(new MarkdownIt({ html: false }).parse(answer, {})).length;
      assert.ok(expected >= 3, `${readme} has code blocks to check (${expected})`);

      const streamed = await shownBlocks(await streamAnswer(chat, answer, 97));
      await chat.send(stateMessage([{ id: 'whole', role: 'assistant', text: answer, status: 'done' }]));
      const whole = await shownBlocks('whole');
      for (const shown of [streamed, whole]) {
        assert.equal(shown.length, expected, 'the page gives every code block a toolbar');
        for (const block of shown) assert.equal(codeBlockAt(answer, block.line)?.code, block.code, `block on line ${block.line}`);
      }
    });
  }
});
