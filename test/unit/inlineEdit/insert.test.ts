import * as assert from 'node:assert';
import { contextWindow, INSERT_MARKER, insertionMessages, insertionReplacement, judgeInsertion, reindent, runInsertion } from '../../../src/common/inlineEdit/insert';
import { editTargetAt, type InsertionScope } from '../../../src/common/inlineEdit/region';
import type { GenerateRequest } from '../../../src/common/refactor/engine';
import { rewriteSyntax } from '../../../src/common/refactor/treeChecks';
import type { RewriteSyntax } from '../../../src/common/refactor/acceptance';
import { loadedSyntax, parseOrFail } from '../syntax/helpers';

const PY = [
  'import os',               // 0
  '',                        // 1
  'def home():',             // 2
  '    return os.environ["HOME"]', // 3
  '',                        // 4
  '',                        // 5
  'def user():',             // 6
  '    return os.environ["USER"]', // 7
  '',                        // 8
].join('\n');
const TASK = { text: PY, line: 5, languageId: 'python' };
const fenced = (code: string) => `\`\`\`python\n${code}\n\`\`\``;

describe('inline edit insertion: new code on an empty line, judged in place', () => {
  let syntax: RewriteSyntax;
  before(async () => {
    syntax = rewriteSyntax(await loadedSyntax());
  });

  it('keeps a blank line between the new code and non-blank neighbours, and ends the file with a line end', () => {
    const lines = PY.split('\n');
    assert.strictEqual(insertionReplacement(lines, 5, 'def shell():\n    pass'), 'def shell():\n    pass\n', 'blank above already, code below');
    assert.strictEqual(insertionReplacement(lines, 1, 'X = 1'), '\nX = 1\n', 'code above and below');
    assert.strictEqual(insertionReplacement(lines, 8, 'X = 1'), '\nX = 1\n', 'the empty last line');
  });

  it('the prompt shows the file around the line with the marker where the code goes', () => {
    const [, user] = insertionMessages({ instruction: 'Add shell()', fileName: 'env.py', languageId: 'python', line: 5 }, contextWindow(PY, 5));
    assert.ok(typeof user.content === 'string');
    assert.ok(user.content.includes(`    return os.environ["HOME"]\n\n${INSERT_MARKER}\ndef user():`), user.content);
    assert.match(user.content, /^Instruction: Add shell\(\)/);
    assert.match(user.content, /line 6 of `env\.py`/);
  });

  it('the window is bounded on a long file and always holds the line', () => {
    const long = Array.from({ length: 2000 }, (_, i) => `x${i} = ${i}`).join('\n');
    const window = contextWindow(long, 1000);
    assert.ok(window.firstLine < 1000 && window.firstLine >= 800, `${window.firstLine}`);
    assert.ok(window.lastLine > 1000 && window.lastLine <= 1080, `${window.lastLine}`);
    assert.ok(window.before.endsWith('x999 = 999') && window.after.startsWith('x1001 = 1001'));
  });

  it('takes the code out of the fence and the chatter, without the echoed marker', async () => {
    const judged = await judgeInsertion(`Here is the function:\n${fenced(`${INSERT_MARKER}\ndef shell():\n    return os.environ["SHELL"]`)}\nIt reads SHELL.`, { ...TASK, syntax });
    assert.deepStrictEqual(judged, { code: 'def shell():\n    return os.environ["SHELL"]' });
  });

  const refused: Array<[string, string, RegExp]> = [
    ['prose', 'You can add a function that reads the SHELL variable from the environment and returns it to the caller.', /^not-code$/],
    ['an open fence (cut off)', '```python\ndef shell():\n    return os.environ[', /^(?:open-fence)$/],
    ['a repeat of the file', fenced(`${PY}\ndef shell():\n    return os.environ["SHELL"]`), /^duplicated$/],
    ['a placeholder comment', fenced('def shell():\n    # ... rest of the implementation'), /^(?:elision|syntax-errors|cut-off)$/],
    ['broken syntax', fenced('def shell(:\n    return os.environ["SHELL"]'), /^(?:syntax-errors|cut-off)$/],
  ];
  for (const [what, answer, kind] of refused) {
    it(`refuses ${what}`, async () => {
      const judged = await judgeInsertion(answer, { ...TASK, syntax });
      assert.ok('refusal' in judged, `${what} was accepted`);
      assert.match(judged.refusal.kind, kind, judged.refusal.reason);
    });
  }

  it('asks once more with the reason after a refused answer, and stops after the second', async () => {
    const sent: GenerateRequest[] = [];
    const answers = ['I would add a helper that reads SHELL from the environment for you.', fenced('def shell():\n    return os.environ["SHELL"]')];
    const result = await runInsertion({
      ...TASK, fileName: 'env.py', instruction: 'Add shell()', syntax,
      model: { id: 'm', contextWindow: 32_768, maxOutput: 4096 },
      countTokens: async (text) => Math.ceil(text.length / 4),
      generate: async (request) => {
        sent.push(request);
        return { text: answers[sent.length - 1], finishReason: 'stop' };
      },
      signal: new AbortController().signal,
    });
    assert.strictEqual(sent.length, 2);
    assert.match(String(sent[1].messages[1].content), /Your previous answer was refused: the answer has no code block and reads as prose/);
    assert.ok('replacement' in result);
    assert.strictEqual(result.replacement, 'def shell():\n    return os.environ["SHELL"]\n');
  });

  it('a cut-off answer (finish_reason length) is refused at once', async () => {
    const result = await runInsertion({
      ...TASK, fileName: 'env.py', instruction: 'Add shell()', syntax,
      model: { id: 'm', contextWindow: 32_768, maxOutput: 4096 },
      countTokens: async (text) => Math.ceil(text.length / 4),
      generate: async () => ({ text: fenced('def shell():\n    return'), finishReason: 'length' }),
      signal: new AbortController().signal,
    });
    assert.ok('refusal' in result && result.refusal.kind === 'cut-off' && result.requests === 1);
  });
});

describe('inline edit insertion between the members of a class', () => {
  const CLS = [
    'class Env:',                          // 0
    '    def home(self):',                 // 1
    '        return os.environ["HOME"]',   // 2
    '',                                    // 3
    '    def user(self):',                 // 4
    '        return os.environ["USER"]',   // 5
    '',                                    // 6
  ].join('\n');
  let syntax: RewriteSyntax;
  let task: { text: string; line: number; languageId: string; scope: InsertionScope; syntax: RewriteSyntax };
  before(async () => {
    const service = await loadedSyntax();
    syntax = rewriteSyntax(service);
    const target = editTargetAt(CLS, 'python', 3, parseOrFail(service, CLS, 'python'));
    assert.ok(target.kind === 'insert' && target.scope);
    task = { text: CLS, line: 3, languageId: 'python', scope: target.scope, syntax };
  });

  it('moves code to the members\' indentation, keeping its own nesting', () => {
    assert.strictEqual(reindent('def shell(self):\n    return 1\n\n# done', '    '), '    def shell(self):\n        return 1\n\n    # done');
    assert.strictEqual(reindent('        x = 1\n        y = 2', '    '), '    x = 1\n    y = 2', 'too deep comes back');
    assert.strictEqual(reindent('\tx = 1', '    '), '\tx = 1', 'tabs against spaces are left to the syntax check');
  });

  it('the prompt names the class and quotes its header', () => {
    const [, user] = insertionMessages({ instruction: 'Add shell()', fileName: 'env.py', languageId: 'python', line: 3, scope: task.scope }, contextWindow(CLS, 3));
    assert.match(String(user.content), /The line is inside class Env \(line 1: `class Env:`\): write new members of class Env, indented like the code around it/);
  });

  it('a method answered at column 0 is indented into the class and accepted', async () => {
    const judged = await judgeInsertion(fenced('def shell(self):\n    return os.environ["SHELL"]'), task);
    assert.deepStrictEqual(judged, { code: '    def shell(self):\n        return os.environ["SHELL"]' });
  });

  it('refuses a member the class already has, an echo of its neighbours, and prose', async () => {
    const again = await judgeInsertion(fenced('def user(self):\n    return "me"'), task);
    assert.ok('refusal' in again && again.refusal.kind === 'duplicated', JSON.stringify(again));
    assert.match('refusal' in again ? again.refusal.reason : '', /declares `user` again, which class Env already has/);
    const echo = await judgeInsertion(fenced('    def home(self):\n        return os.environ["HOME"]\n\n    def shell(self):\n        return 1\n\n    def user(self):\n        return os.environ["USER"]'), task);
    assert.ok('refusal' in echo && echo.refusal.kind === 'duplicated');
    const prose = await judgeInsertion('You could add a method that returns the SHELL variable from the environment.', task);
    assert.ok('refusal' in prose && prose.refusal.kind === 'not-code');
  });
});
