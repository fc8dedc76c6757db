import * as assert from 'assert';
import { buildChatFimMessages, cleanChatOutput, CURSOR_MARK } from '../../../src/common/inline/chatFim';
import { buildFimPrompt, type FimPieces } from '../../../src/common/inline/templates';

const chunk = { kind: 'similar' as const, path: 'src/other.py', startLine: 0, text: 'def helper():\n    return 1', score: 0.5 };
const pieces = (chunks = [chunk]): FimPieces => ({ prefix: 'def f():\n    ', suffix: '\n', path: 'src/main.py', languageId: 'python', chunks, repoName: 'shop' });

describe('inline FIM prompt templates', () => {
  it('Qwen2.5-Coder: repo-level <|file_sep|> context, current file last', () => {
    const { prompt, stop } = buildFimPrompt('qwen', pieces());
    assert.strictEqual(
      prompt,
      '<|repo_name|>shop\n<|file_sep|>src/other.py\ndef helper():\n    return 1\n<|file_sep|>src/main.py\n<|fim_prefix|>def f():\n    <|fim_suffix|>\n<|fim_middle|>',
    );
    assert.ok(stop.includes('<|file_sep|>') && stop.includes('<|endoftext|>'));
  });

  it('Qwen without context is the plain FIM form', () => {
    assert.strictEqual(buildFimPrompt('qwen', pieces([])).prompt, '<|fim_prefix|>def f():\n    <|fim_suffix|>\n<|fim_middle|>');
  });

  it('DeepSeek uses full-width bars and ▁, context as comments', () => {
    const { prompt } = buildFimPrompt('deepseek', pieces());
    assert.ok(prompt.startsWith('<｜fim▁begin｜># Path: src/other.py\n# def helper():\n#     return 1\n# Path: src/main.py\ndef f():\n    <｜fim▁hole｜>'));
    assert.ok(prompt.endsWith('\n<｜fim▁end｜>'));
  });

  it('StarCoder2, CodeLlama and Codestral (suffix first)', () => {
    assert.ok(buildFimPrompt('starcoder', pieces()).prompt.includes('<file_sep>src/main.py\n<fim_prefix>def f():'));
    assert.strictEqual(buildFimPrompt('codellama', pieces([])).prompt, '<PRE> def f():\n     <SUF>\n <MID>');
    assert.strictEqual(buildFimPrompt('codestral', pieces([])).prompt, '[SUFFIX]\n[PREFIX]def f():\n    ');
    assert.ok(buildFimPrompt('codellama', pieces([])).stop.includes('<EOT>'));
  });
});

describe('inline chat-model FIM', () => {
  it('states the output contract and marks the cursor', () => {
    const [system, user] = buildChatFimMessages(pieces(), false);
    assert.match(String(system.content), /<insert>TEXT<\/insert>/);
    assert.match(String(system.content), /No explanations, no markdown, no code fences/);
    assert.ok(String(user.content).includes(`def f():\n    ${CURSOR_MARK}\n`));
    assert.ok(String(user.content).includes('File: src/other.py'));
  });

  it('extracts the inserted text, also while streaming', () => {
    assert.deepStrictEqual(cleanChatOutput('<insert>return 42</insert>', ''), { text: 'return 42', rejected: false, complete: true });
    assert.deepStrictEqual(cleanChatOutput('<insert>return 4', ''), { text: 'return 4', rejected: false, complete: false });
    assert.strictEqual(cleanChatOutput('<insert>x = 1</ins', '').text, 'x = 1');
    assert.strictEqual(cleanChatOutput('<ins', '').text, '');
  });

  it('strips <think>, fences and an echoed line prefix; rejects prose', () => {
    assert.strictEqual(cleanChatOutput('<think>the user wants</think><insert>y()</insert>', '').text, 'y()');
    assert.strictEqual(cleanChatOutput('<think>still thinking', '').text, '');
    assert.strictEqual(cleanChatOutput('```python\nreturn total\n```', '').text, 'return total\n');
    assert.strictEqual(cleanChatOutput('<insert>const x = 5;</insert>', '  const x = ').text, '5;');
    assert.strictEqual(cleanChatOutput("Here's the completion: return 1", '').rejected, true);
    assert.strictEqual(cleanChatOutput('Sure! You can use', '').rejected, true);
  });
});
