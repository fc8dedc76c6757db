// Whole-file refactors through the real client and router against the local mock endpoint.
import * as assert from 'assert';
import { refactorStrategy } from '../../src/common/refactor/prompts';
import { startMockServer, type MockServer } from '../support/mockServer';
import { codeSent, createHarness, runAgainstMock, type Harness } from './docsHarness';

function callbackFile(functions: number): string {
  return Array.from({ length: functions }, (_, i) => [
    `function load${i}(path, done) {`,
    `  fs.readFile(path, (error, data) => {`,
    `    if (error) return done(error);`,
    `    done(null, data.length + ${i});`,
    `  });`,
    `}`,
    '',
  ].join('\n')).join('\n');
}

/** What a model would answer for "callbacks → async/await" on the code a request sent. */
function modernized(code: string): string {
  return code.replace(/function (load\d+)\(path, done\) \{\n {2}fs\.readFile\(path, \(error, data\) => \{\n {4}if \(error\) return done\(error\);\n {4}done\(null, data\.length \+ (\d+)\);\n {2}\}\);\n\}/g,
    'async function $1(path) {\n  const data = await fs.promises.readFile(path);\n  return data.length + $2;\n}');
}

describe('refactor against the local endpoint', function () {
  this.timeout(30_000);
  let harness: Harness;
  let server: MockServer;
  const strategy = refactorStrategy('Convert callbacks to async/await');

  before(async () => {
    harness = createHarness();
    server = await startMockServer();
  });
  after(async () => {
    await harness.dispose();
    await server.close();
  });
  beforeEach(() => server.reset());

  it('rewrites a file in one request and sends the instruction and the code', async () => {
    server.setResponder((request) => ({ text: `\`\`\`javascript\n${modernized(codeSent(request))}\n\`\`\`` }));
    const text = callbackFile(3);
    const { result, ledger } = await runAgainstMock(harness, { servers: [server], task: { text, languageId: 'javascript', strategy } });
    assert.strictEqual(result.text, modernized(text));
    assert.ok(!result.text.includes('done('));
    assert.match(server.requests[0].body.messages[1].content, /Instruction: Convert callbacks to async\/await/);
    assert.strictEqual(ledger.requests[0].job, 'refactor');
  });

  it('processes parts in parallel under the concurrency cap', async () => {
    server.setResponder((request) => ({ text: `\`\`\`javascript\n${modernized(codeSent(request))}\n\`\`\``, ttftMs: 300 }));
    const text = callbackFile(30);
    const { result } = await runAgainstMock(harness, {
      servers: [server],
      config: (config) => { config.maxTokens.large = 500; config.refactor.concurrency = 3; },
      task: { text, languageId: 'javascript', strategy },
    });
    assert.strictEqual(result.mode, 'parts');
    assert.strictEqual(result.text, modernized(text));
    const starts = server.requests.map((r) => r.at).sort((a, b) => a - b);
    assert.ok(starts.length > 3);
    assert.ok(starts[2] - starts[0] < 200, 'the first three parts started together');
    assert.ok(starts[3] - starts[0] >= 280, 'the fourth waited for a free slot');
  });

  it('refuses a result cut off with unclosed brackets, asks once more, and reports the part left unchanged', async () => {
    server.script({ reply: { text: '```js\nasync function load0(path) {\n  const data = await fs.promises.readFile(path);\n  return data.length + 0;\n\n```' }, times: 2 });
    const text = callbackFile(1);
    const { result } = await runAgainstMock(harness, { servers: [server], task: { text, languageId: 'javascript', strategy } });
    assert.strictEqual(result.changed, false);
    assert.strictEqual(result.text, text);
    assert.strictEqual(server.requests.length, 2);
    assert.deepStrictEqual(result.leftUnchanged.map((part) => part.kind), ['cut-off']);
    assert.match(result.warnings.join(' '), /bracket\(s\) left open/);
  });

  it('asks for search/replace edits for a function too long to rewrite, and applies them', async () => {
    const body = Array.from({ length: 300 }, (_, i) => `  total += step(${i});`).join('\n');
    const text = `function huge(step) {\n  var total = 0;\n${body}\n  return total;\n}\n`;
    server.script({ reply: { text: '<<<<<<< SEARCH\n  var total = 0;\n=======\n  let total = 0;\n>>>>>>> REPLACE\n' } });
    const { result } = await runAgainstMock(harness, {
      servers: [server],
      config: (config) => { config.maxTokens.large = 1000; },
      task: { text, languageId: 'javascript', strategy: refactorStrategy('Use let instead of var') },
    });
    assert.strictEqual(result.mode, 'edits');
    assert.strictEqual(result.text, text.replace('var total', 'let total'));
    assert.strictEqual(server.requests[0].body.prediction, undefined, 'no prediction for edits');
  });

  it('splits a file beyond the model window into parts that fit it', async () => {
    server.setResponder((request) => ({ text: `\`\`\`javascript\n${modernized(codeSent(request))}\n\`\`\`` }));
    const text = callbackFile(400);
    const { result } = await runAgainstMock(harness, {
      servers: [server],
      config: (config) => { config.models.large = 'tiny-local-model'; },
      task: { text, languageId: 'javascript', strategy },
    });
    assert.strictEqual(result.mode, 'parts');
    assert.deepStrictEqual(result.leftUnchanged, []);
    assert.strictEqual(result.text, modernized(text));
    for (const request of server.requests) {
      assert.ok(request.body.max_tokens + Math.ceil(JSON.stringify(request.body.messages).length / 4) <= 8_192 * 1.2, 'each request fits the 8,192-token window');
    }
  });
});
