import * as assert from 'assert';
import { runRewrite, RewriteRefused, type GenerateRequest, type GenerateAnswer, type RewriteTask } from '../../../src/common/refactor/engine';
import { docsStrategy } from '../../../src/common/docs/prompts';
import { refactorStrategy } from '../../../src/common/refactor/prompts';
import { extractCode } from '../../../src/common/refactor/extractCode';
import { rewriteProgressText } from '../../../src/common/refactor/progressText';
import { isEndpointError } from '../../../src/common/errors';

/** A file of `count` small exported functions. */
function makeFile(count: number): string {
  return Array.from({ length: count }, (_, i) => `export function f${i}(a: number): number {\n  return a + ${i};\n}\n`).join('\n');
}

/** The code the engine sent: the fenced block of the last message. */
function sentCode(request: GenerateRequest): string {
  const content = request.messages[request.messages.length - 1].content as string;
  return extractCode(content.slice(content.lastIndexOf('\n```') >= 0 ? content.search(/`{3,}typescript\n/) : 0)).code;
}

/** Adds a TSDoc line above every function of the code it is sent. */
function documenting(request: GenerateRequest): string {
  return sentCode(request).replace(/^export function (f\d+)/gm, '/** Returns a plus a constant ($1). */\nexport function $1');
}

const chars = async (text: string) => Math.ceil(text.length / 4);

function task(overrides: Partial<RewriteTask>): RewriteTask {
  return {
    text: makeFile(3),
    languageId: 'typescript',
    fileName: 'sample.ts',
    strategy: docsStrategy({ target: { kind: 'file' }, style: 'tsdoc', rewriteExisting: false }),
    model: { id: 'test-model', contextWindow: 100_000, maxOutput: 10_000 },
    concurrency: 4,
    countTokens: chars,
    generate: async (request) => ({ text: `\`\`\`ts\n${documenting(request)}\n\`\`\``, finishReason: 'stop' }),
    ...overrides,
  };
}

describe('rewrite engine', () => {
  it('documents a small file in one request and strips the fence', async () => {
    const requests: GenerateRequest[] = [];
    const file = makeFile(3);
    const result = await runRewrite(task({
      text: file,
      generate: async (request) => {
        requests.push(request);
        return { text: `Here you go:\n\`\`\`ts\n${documenting(request)}\n\`\`\`\nDone.`, finishReason: 'stop' };
      },
    }));
    assert.strictEqual(requests.length, 1);
    assert.strictEqual(result.mode, 'whole');
    assert.strictEqual(result.text, file.replace(/^export function (f\d+)/gm, '/** Returns a plus a constant ($1). */\nexport function $1'));
    assert.deepStrictEqual(result.warnings, []);
  });

  it('splits a file too big for one answer into parts, runs them under the concurrency cap and merges', async () => {
    const file = makeFile(60);
    let inFlight = 0;
    let maxInFlight = 0;
    const progress: number[] = [];
    const result = await runRewrite(task({
      text: file,
      model: { id: 'small-output', contextWindow: 100_000, maxOutput: 600 },
      concurrency: 3,
      onProgress: (p) => progress.push(p.partsDone),
      generate: async (request) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        request.onDelta('x'.repeat(40));
        inFlight--;
        return { text: `\`\`\`typescript\n${documenting(request)}\n\`\`\``, finishReason: 'stop' };
      },
    }));
    assert.strictEqual(result.mode, 'parts');
    assert.ok(result.parts > 3, `parts: ${result.parts}`);
    assert.strictEqual(maxInFlight, 3);
    assert.strictEqual(result.text, file.replace(/^export function (f\d+)/gm, '/** Returns a plus a constant ($1). */\nexport function $1'));
    assert.strictEqual(progress[progress.length - 1], result.parts);
  });

  it('names the symbols of the part being documented in its progress text ("Documenting f0 and f1 (1 of 3)")', async () => {
    const texts: string[] = [];
    const result = await runRewrite(task({
      text: makeFile(6),
      model: { id: 'small-output', contextWindow: 100_000, maxOutput: 130 },
      concurrency: 1,
      onProgress: (p) => texts.push(rewriteProgressText('docs', p)),
    }));
    assert.ok(result.parts > 1, `parts: ${result.parts}`);
    const starts = [...new Set(texts.map((text) => text.replace(/ · .*/, '')))];
    assert.match(starts[0], /^Documenting f0( and f1)? \(1 of \d\)$/);
    assert.ok(starts.some((text) => /^Documenting .*f5.* \(\d of \d\)$/.test(text)), starts.join(' | '));
    assert.ok(texts.every((text) => / · \d[\d,]* tokens? received$/.test(text)));
  });

  it('discards only the symbol whose code a docs answer changed, documents the rest and reports it', async () => {
    const file = makeFile(20);
    const result = await runRewrite(task({
      text: file,
      model: { id: 'small-output', contextWindow: 100_000, maxOutput: 500 },
      generate: async (request) => {
        const documented = documenting(request);
        const sabotaged = documented.includes('f5(') ? documented.replace('a + 5', 'a - 5') : documented;
        return { text: `\`\`\`ts\n${sabotaged}\n\`\`\``, finishReason: 'stop' };
      },
    }));
    assert.strictEqual(result.rejected, 1);
    assert.strictEqual(result.leftUnchanged.length, 1);
    assert.match(result.leftUnchanged[0].label, /`f5` \(lines 21–23\)/);
    assert.match(result.warnings[0], /changed code/);
    assert.ok(result.text.includes('return a + 5;'));
    assert.ok(!result.text.includes('(f5)'), 'the changed symbol keeps its original text');
    assert.ok(result.text.includes('(f4)') && result.text.includes('(f6)') && result.text.includes('(f19)'), 'the other symbols are documented');
  });

  it('re-asks smaller pieces when an answer is cut off at the output limit', async () => {
    const file = makeFile(4);
    const sizes: number[] = [];
    const result = await runRewrite(task({
      text: file,
      generate: async (request) => {
        const code = sentCode(request);
        sizes.push(code.length);
        if (code.length > file.length / 2) return { text: '```ts\nexport function f0(', finishReason: 'length' };
        return { text: documenting(request), finishReason: 'stop' };
      },
    }));
    assert.ok(sizes.length >= 3, `requests: ${sizes.length}`);
    assert.strictEqual(result.rejected, 0);
    assert.ok(result.text.includes('(f0)') && result.text.includes('(f3)'));
  });

  it('asks for search/replace edits for a symbol too big to rewrite', async () => {
    const body = Array.from({ length: 200 }, (_, i) => `  total += ${i};`).join('\n');
    const file = `export function huge(): number {\n  let total = 0;\n${body}\n  return total;\n}\n`;
    const result = await runRewrite(task({
      text: file,
      strategy: refactorStrategy('Use const where possible'),
      model: { id: 'small-output', contextWindow: 100_000, maxOutput: 500 },
      generate: async (request) => {
        assert.match(request.messages[1].content as string, /<<<<<<< SEARCH/);
        assert.strictEqual(request.prediction, undefined);
        return { text: '<<<<<<< SEARCH\n  return total;\n=======\n  return total | 0;\n>>>>>>> REPLACE', finishReason: 'stop' };
      },
    }));
    assert.strictEqual(result.mode, 'edits');
    assert.strictEqual(result.text, file.replace('return total;', 'return total | 0;'));
  });

  it('refuses a cut-off refactor answer, retries once with the reason, then leaves the part unchanged and reports it', async () => {
    const file = makeFile(3);
    const prompts: string[] = [];
    const result = await runRewrite(task({
      text: file,
      strategy: refactorStrategy('Shorten'),
      generate: async (request) => {
        prompts.push(request.messages[1].content as string);
        return { text: '```ts\nexport function f0(a: number): number {\n  return a;\n```', finishReason: 'stop' };
      },
    }));
    assert.strictEqual(prompts.length, 2);
    assert.ok(!prompts[0].includes('previous answer was refused'));
    assert.match(prompts[1], /previous answer was refused: the answer ends with 1 bracket\(s\) left open/);
    assert.strictEqual(result.text, file);
    assert.strictEqual(result.changed, false);
    assert.deepStrictEqual(result.leftUnchanged.map((r) => [r.kind, r.startLine, r.endLine]), [['cut-off', 1, 11]]);
    assert.strictEqual(result.requests, 2);
  });

  it('uses the second answer when the retry is complete', async () => {
    const file = makeFile(3);
    let calls = 0;
    const result = await runRewrite(task({
      text: file,
      strategy: refactorStrategy('Use bigint'),
      generate: async (request) => {
        calls++;
        const code = sentCode(request).replace(/number/g, 'bigint');
        const answer = calls === 1 ? code.replace(/export function f1[\s\S]*?\n}\n/, '// ... rest of the code unchanged ...\n') : code;
        return { text: `\`\`\`ts\n${answer}\n\`\`\``, finishReason: 'stop' };
      },
    }));
    assert.strictEqual(calls, 2);
    assert.strictEqual(result.text, file.replace(/number/g, 'bigint'));
    assert.deepStrictEqual(result.leftUnchanged, []);
  });

  it('rejects malformed answers (no code) and keeps the text', async () => {
    const file = makeFile(2);
    const result = await runRewrite(task({ text: file, generate: async () => ({ text: '```\n```', finishReason: 'stop' }) }));
    assert.strictEqual(result.text, file);
    assert.strictEqual(result.changed, false);
    assert.match(result.warnings[0], /no code/);
  });

  it('splits a file larger than the window into parts that fit', async () => {
    const file = makeFile(200);
    const sent: number[] = [];
    const result = await runRewrite(task({
      text: file,
      model: { id: 'tiny', contextWindow: 2_000, maxOutput: 500 },
      generate: async (request) => {
        sent.push(request.promptTokens + request.maxTokens);
        return { text: `\`\`\`ts\n${documenting(request)}\n\`\`\``, finishReason: 'stop' };
      },
    }));
    assert.ok(result.parts > 10, `parts: ${result.parts}`);
    assert.deepStrictEqual(result.leftUnchanged, []);
    assert.ok(sent.every((tokens) => tokens <= 2_000), `largest request: ${Math.max(...sent)}`);
    assert.strictEqual(result.text, file.replace(/^export function (f\d+)/gm, '/** Returns a plus a constant ($1). */\nexport function $1'));
  });

  it('refuses only a single symbol that does not fit the window, with the numbers', async () => {
    const body = Array.from({ length: 400 }, (_, i) => `  total += ${i};`).join('\n');
    const file = `${makeFile(2)}\nexport function huge(): number {\n  let total = 0;\n${body}\n  return total;\n}\n`;
    await assert.rejects(
      runRewrite(task({ text: file, model: { id: 'tiny', contextWindow: 2_000, maxOutput: 500 } })),
      (error: unknown) => error instanceof RewriteRefused && /lines 9–412 \(export function huge\(\): number \{\) are one symbol of [\d,]+ tokens.*tiny reads at most 2,000/.test(error.message),
    );
  });

  it('sizes pieces to the output the model really allows after the first cut-off, instead of halving', async () => {
    const file = makeFile(64);
    const cap = 200; // tokens (4 characters each in this test) the model writes before it stops
    const result = await runRewrite(task({
      text: file,
      model: { id: 'optimistic-catalog', contextWindow: 100_000, maxOutput: 10_000 },
      generate: async (request) => {
        const answer = `\`\`\`ts\n${documenting(request)}\n\`\`\``;
        return answer.length > cap * 4 ? { text: answer.slice(0, cap * 4), finishReason: 'length' } : { text: answer, finishReason: 'stop' };
      },
    }));
    assert.deepStrictEqual(result.leftUnchanged, []);
    assert.strictEqual(result.text, file.replace(/^export function (f\d+)/gm, '/** Returns a plus a constant ($1). */\nexport function $1'));
    // 64 functions of ~11 tokens, ~17 once documented: about a dozen pieces of ~200 tokens, plus
    // the one cut-off request; halving would have sent 1 + 2 + 4 + 8 + 16 + … requests.
    assert.ok(result.requests <= 20, `requests: ${result.requests}`);
  });

  it('passes the original as a predicted output on full rewrites when asked', async () => {
    let prediction: string | undefined;
    const file = makeFile(2);
    await runRewrite(task({
      text: file,
      usePrediction: true,
      generate: async (request): Promise<GenerateAnswer> => {
        prediction = request.prediction;
        return { text: documenting(request), finishReason: 'stop' };
      },
    }));
    assert.strictEqual(prediction, file);
  });

  it('keeps CRLF line endings', async () => {
    const file = makeFile(2).replace(/\n/g, '\r\n');
    const result = await runRewrite(task({ text: file }));
    assert.ok(result.text.includes('*/\r\nexport function f1'));
    assert.ok(!/[^\r]\n/.test(result.text));
  });

  it('stops every part and reports cancellation when the signal aborts', async () => {
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    const run = runRewrite(task({
      text: makeFile(40),
      model: { id: 'small-output', contextWindow: 100_000, maxOutput: 500 },
      signal: controller.signal,
      generate: (request) => new Promise((_, reject) => {
        seen.push(request.signal);
        request.signal.addEventListener('abort', () => reject(new Error('aborted')));
        if (seen.length === 2) controller.abort();
      }),
    }));
    await assert.rejects(run, (error: unknown) => isEndpointError(error) && error.reason === 'cancelled');
    assert.ok(seen.length >= 2 && seen.every((signal) => signal.aborted));
  });

  it('produces a unified diff when asked', async () => {
    const result = await runRewrite(task({ wantDiff: true }));
    assert.match(result.diff!, /^--- a\/sample\.ts/m);
    assert.match(result.diff!, /^\+\/\*\* Returns a plus a constant \(f0\)\. \*\//m);
    assert.ok(result.timings.previewMs >= 0);
  });
});
