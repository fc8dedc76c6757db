// Documentation generation through the real client and router against the local mock endpoint:
// fenced and prose-wrapped answers, truncated answers, code-changing answers, malformed streams,
// timeouts, failover, cancellation and predicted outputs.
import * as assert from 'assert';
import { docsStrategy } from '../../src/common/docs/prompts';
import { isEndpointError } from '../../src/common/errors';
import { startMockServer, type MockServer, type RecordedRequest } from '../support/mockServer';
import { codeSent, createHarness, runAgainstMock, type Harness } from './docsHarness';

const strategy = docsStrategy({ target: { kind: 'file' }, style: 'pep257-google', rewriteExisting: false });

function pythonFile(functions: number): string {
  return Array.from({ length: functions }, (_, i) => `def f${i}(x):\n    # keep this comment\n    return x * ${i}\n`).join('\n\n');
}

/** The correct documentation of whatever code a request sent. */
function documented(request: RecordedRequest): string {
  return codeSent(request).replace(/^(def (f\d+)\(x\):\n)/gm, '$1    """Return x times the index of $2."""\n');
}

describe('docs against the local endpoint', function () {
  this.timeout(30_000);
  let harness: Harness;
  let server: MockServer;
  let backup: MockServer;

  before(async () => {
    harness = createHarness();
    server = await startMockServer();
    backup = await startMockServer();
  });
  after(async () => {
    await harness.dispose();
    await server.close();
    await backup.close();
  });
  beforeEach(() => {
    server.reset();
    backup.reset();
  });

  it('applies a fenced answer wrapped in prose and records the cost as a docs job', async () => {
    server.setResponder((request) => ({ text: `Sure! Here is the documented code:\n\n\`\`\`python\n${documented(request)}\n\`\`\`\n\nI added docstrings.` }));
    const text = pythonFile(3);
    const { result, ledger } = await runAgainstMock(harness, { servers: [server], task: { text, languageId: 'python', strategy } });
    assert.strictEqual(result.mode, 'whole');
    assert.deepStrictEqual(result.warnings, []);
    assert.strictEqual((result.text.match(/"""Return x times/g) ?? []).length, 3);
    assert.ok(result.text.startsWith('def f0(x):\n    """Return x times the index of f0."""\n    # keep this comment'));
    assert.strictEqual(ledger.requests.length, 1);
    assert.strictEqual(ledger.requests[0].job, 'docs');
    assert.strictEqual(ledger.requests[0].tier, 'large');
    assert.ok(ledger.requests[0].costUsd > 0, 'gpt-4.1 has a price');
  });

  it('splits when the output cap is small, answers in parallel and merges', async () => {
    server.setResponder((request) => ({ text: `\`\`\`python\n${documented(request)}\n\`\`\``, ttftMs: 20 }));
    const text = pythonFile(40);
    const { result } = await runAgainstMock(harness, {
      servers: [server],
      config: (config) => { config.maxTokens.large = 400; },
      task: { text, languageId: 'python', strategy },
    });
    assert.strictEqual(result.mode, 'parts');
    assert.ok(result.parts >= 4, `parts: ${result.parts}`);
    assert.strictEqual(server.requests.length, result.parts);
    assert.strictEqual((result.text.match(/"""Return x times/g) ?? []).length, 40);
    assert.strictEqual(result.text.replace(/^ {4}""".*"""\n/gm, ''), text, 'only docstrings were added');
  });

  it('re-asks in smaller pieces when an answer is truncated at max_tokens (finish_reason length)', async () => {
    server.setResponder((request) => {
      const code = codeSent(request);
      // The whole file gets a rambling answer that hits the cap; halves get proper answers.
      const ramble = code.includes('def f0') && code.includes('def f5') ? `\n${'# more words\n'.repeat(2000)}` : '';
      return { text: `\`\`\`python\n${documented(request)}${ramble}\n\`\`\`` };
    });
    const text = pythonFile(6);
    const { result } = await runAgainstMock(harness, {
      servers: [server],
      config: (config) => { config.maxTokens.large = 1000; },
      task: { text, languageId: 'python', strategy },
    });
    assert.ok(server.requests.length >= 3, `requests: ${server.requests.length}`);
    assert.strictEqual(server.requests[0].body.max_tokens ?? server.requests[0].body.max_completion_tokens, 1000);
    assert.strictEqual(result.rejected, 0);
    assert.strictEqual((result.text.match(/"""Return x times/g) ?? []).length, 6);
  });

  it('rejects an answer that changed code or dropped a comment, and says so', async () => {
    server.script([
      { reply: { text: '```python\ndef f0(x):\n    """Doc."""\n    return x * 100\n```' }, times: 2 },
    ]);
    const text = pythonFile(1);
    const changed = await runAgainstMock(harness, { servers: [server], task: { text, languageId: 'python', strategy } });
    assert.strictEqual(changed.result.text, text);
    assert.strictEqual(changed.result.changed, false);
    assert.match(changed.result.warnings[0], /changed code/);
    assert.strictEqual(server.requests.length, 2, 'the refused part was asked once more');

    server.script({ reply: { text: '```python\ndef f0(x):\n    """Doc."""\n    return x * 0\n```' }, times: 2 });
    const dropped = await runAgainstMock(harness, { servers: [server], task: { text, languageId: 'python', strategy } });
    assert.strictEqual(dropped.result.changed, false);
    assert.match(dropped.result.warnings[0], /existing comments/);
  });

  it('reports a prose-only answer as holding no code, and a malformed stream as a bad response', async () => {
    server.script({ reply: { text: '```\n```\nI cannot document this.' } });
    const text = pythonFile(2);
    const empty = await runAgainstMock(harness, { servers: [server], task: { text, languageId: 'python', strategy } });
    assert.strictEqual(empty.result.changed, false);
    assert.match(empty.result.warnings.join(' '), /no code/);

    server.script({ reply: { fault: 'malformed-sse' }, times: -1 });
    await assert.rejects(
      runAgainstMock(harness, { servers: [server], task: { text, languageId: 'python', strategy } }),
      (error: unknown) => isEndpointError(error) && error.reason === 'bad-response',
    );
  });

  it('retries after a timeout and succeeds', async () => {
    server.script({ reply: { fault: 'stall' } });
    server.setResponder((request) => ({ text: documented(request) }));
    const { result, ledger } = await runAgainstMock(harness, {
      servers: [server],
      config: (config) => { config.timeouts.firstTokenMs = 300; config.timeouts.idleMs = 300; },
      task: { text: pythonFile(2), languageId: 'python', strategy },
    });
    assert.strictEqual(server.requests.length, 2);
    assert.deepStrictEqual(ledger.requests.map((r) => r.outcome), ['timeout', 'ok']);
    assert.strictEqual((result.text.match(/"""Return/g) ?? []).length, 2);
  });

  it('fails over to the second endpoint when the first is down', async () => {
    server.script({ reply: { status: 503, error: { message: 'overloaded' } }, times: -1 });
    backup.setResponder((request) => ({ text: `\`\`\`python\n${documented(request)}\n\`\`\`` }));
    const { result, ledger } = await runAgainstMock(harness, {
      servers: [server, backup],
      task: { text: pythonFile(2), languageId: 'python', strategy },
    });
    assert.ok(backup.requests.length === 1, 'the backup answered');
    assert.ok(ledger.requests.some((r) => r.outcome === 'server'));
    assert.strictEqual((result.text.match(/"""Return/g) ?? []).length, 2);
  });

  it('cancels every in-flight part and closes their connections', async () => {
    server.script({ reply: { fault: 'stall' }, times: -1 });
    const controller = new AbortController();
    const run = runAgainstMock(harness, {
      servers: [server],
      config: (config) => { config.maxTokens.large = 400; config.refactor.concurrency = 3; },
      task: { text: pythonFile(30), languageId: 'python', strategy, signal: controller.signal },
    });
    while (server.requests.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await assert.rejects(run, (error: unknown) => isEndpointError(error) && error.reason === 'cancelled');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.strictEqual(server.requests.length, 3, 'no new part started after cancel');
    assert.ok(server.requests.every((r) => r.clientClosed), 'every stream was closed');
  });

  it('sends the original as a predicted output, and drops it for good after a 400', async () => {
    server.script({ match: { contains: '"prediction"' }, reply: { status: 400, error: { message: "Unsupported parameter: 'prediction' is not supported with this model.", type: 'invalid_request_error', code: 'unsupported_parameter' } }, times: -1 });
    server.setResponder((request) => ({ text: documented(request) }));
    const remembered = new Set<string>();
    const text = pythonFile(2);
    await runAgainstMock(harness, { servers: [server], predictionRejected: remembered, task: { text, languageId: 'python', strategy } });
    assert.strictEqual(server.requests.length, 2);
    assert.deepStrictEqual(server.requests[0].body.prediction, { type: 'content', content: text });
    assert.strictEqual(server.requests[1].body.prediction, undefined);
    await runAgainstMock(harness, { servers: [server], predictionRejected: remembered, task: { text, languageId: 'python', strategy } });
    assert.strictEqual(server.requests.length, 3, 'the next job does not try again');
    assert.strictEqual(server.requests[2].body.prediction, undefined);
  });
});
