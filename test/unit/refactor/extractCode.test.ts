import * as assert from 'assert';
import { extractCode, fence, matchEdgeNewlines } from '../../../src/common/refactor/extractCode';

const code = 'function a() {\n  return 1;\n}';

describe('extractCode (fences and prose around code)', () => {
  it('returns plain code unchanged', () => {
    assert.deepStrictEqual(extractCode(code), { code, stripped: false, fenced: false, unterminatedFence: false });
  });

  it('takes the code out of a fenced block with prose around it', () => {
    const answer = `Here is the updated code:\n\n\`\`\`ts\n${code}\n\`\`\`\n\nThis version returns one.`;
    assert.deepStrictEqual(extractCode(answer), { code, stripped: true, fenced: true, unterminatedFence: false });
  });

  it('picks the largest of several fenced blocks', () => {
    const answer = `\`\`\`bash\nnpm test\n\`\`\`\n\n\`\`\`js\n${code}\n\`\`\``;
    assert.strictEqual(extractCode(answer).code, code);
  });

  it('keeps an unterminated fence (cut-off answer) and says so', () => {
    const result = extractCode(`\`\`\`python\n${code}\n`);
    assert.strictEqual(result.code, `${code}\n`);
    assert.strictEqual(result.unterminatedFence, true);
  });

  it('honours longer fences around code that contains fences', () => {
    const markdown = 'Text\n```js\nx()\n```\nEnd';
    const answer = fence({ code: markdown, languageId: 'markdown' });
    assert.strictEqual(extractCode(answer, markdown).code, markdown);
  });

  it('strips leading and trailing prose without fences', () => {
    const answer = `Sure! Here's the refactored code:\n${code}\n\nThe changes make it shorter.`;
    assert.strictEqual(extractCode(answer).code, code);
  });

  it('does not mistake a leading comment for prose', () => {
    const withComment = `// Here is a helper\n${code}`;
    assert.strictEqual(extractCode(withComment).code, withComment);
  });

  it('restores the original edge newlines', () => {
    assert.strictEqual(matchEdgeNewlines('\n\nx();', '\nx();\n\n'), '\nx();\n\n');
    assert.strictEqual(matchEdgeNewlines('x();\n', 'y();'), 'x();');
  });
});
