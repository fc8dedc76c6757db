import * as assert from 'assert';
import { DEFAULT_CONFIG, type GearshiftConfig } from '../../src/common/config';
import { EndpointError, type EndpointErrorReason } from '../../src/common/errors';
import type { Ledger, LedgerRecord, RequestRecord } from '../../src/common/ledger';
import type { EndpointConfig, GenerationResult } from '../../src/common/llm';
import type { Logger } from '../../src/common/logger';
import type { RetryNotice, RouteRequest, RouteTarget } from '../../src/common/router';
import { RETRY_POLICY, chatDefaultTier, createRouter } from '../../src/common/routerImpl';
import { summarizeUsage } from '../../src/common/usageSummary';

const primary: EndpointConfig = { id: 'https://primary.example/v1', name: 'primary', baseUrl: 'https://primary.example/v1', headers: {}, apiKey: 'sk-primary-SECRET' };
const backup: EndpointConfig = { id: 'http://localhost:11434/v1', name: 'backup', baseUrl: 'http://localhost:11434/v1', headers: {} };
const third: EndpointConfig = { id: 'http://third.example/v1', name: 'third', baseUrl: 'http://third.example/v1', headers: {} };

function setup(options: { config?: Partial<GearshiftConfig>; endpoints?: EndpointConfig[]; onSleep?: () => void } = {}) {
  const config: GearshiftConfig = { ...structuredClone(DEFAULT_CONFIG), ...options.config };
  const records: LedgerRecord[] = [];
  const lines: { level: string; message: string }[] = [];
  const sleeps: number[] = [];
  const ledger: Ledger = { record: (r) => void records.push(r), summary: async (now) => summarizeUsage(records, now) };
  const at = (level: string) => (message: unknown) => void lines.push({ level, message: String(message) });
  const log: Logger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  const router = createRouter({
    config: () => config,
    endpoints: async () => options.endpoints ?? [primary, backup, third],
    ledger,
    log,
    random: () => 0.5,
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      options.onSleep?.();
      if (signal?.aborted) throw new EndpointError({ reason: 'cancelled', message: 'cancelled' });
    },
  });
  return { router, records: records as RequestRecord[], lines, sleeps, config };
}

function result(target: RouteTarget, promptTokens = 1000, completionTokens = 100, cachedPromptTokens = 0): GenerationResult {
  return {
    text: 'ok', usage: { promptTokens, completionTokens, cachedPromptTokens, reported: true }, finishReason: 'stop',
    ttftMs: 12, durationMs: 34, endpointId: target.endpoint.id, model: target.model,
  };
}

const fail = (reason: EndpointErrorReason, extra: { retryAfterMs?: number } = {}) => new EndpointError({ reason, message: `${reason} happened`, ...extra });

/** An execute function that fails with the given errors in turn, then succeeds; records each target. */
function scripted(...errors: EndpointError[]) {
  const calls: RouteTarget[] = [];
  const execute = async (target: RouteTarget): Promise<GenerationResult> => {
    calls.push(target);
    const error = errors.shift();
    if (error) throw error;
    return result(target);
  };
  return { calls, execute };
}

function request(execute: RouteRequest<GenerationResult>['execute'], extra: Partial<RouteRequest<GenerationResult>> = {}): RouteRequest<GenerationResult> {
  return { job: 'chat', tier: 'fast', promptTokens: 1000, execute, ...extra };
}

describe('router: model choice', () => {
  it('uses the tier model on the primary endpoint and budgets the tier max tokens', async () => {
    const { router } = setup();
    const { calls, execute } = scripted();
    const routed = await router.run(request(execute, { job: 'docs', tier: 'large' }));
    assert.deepStrictEqual(calls.map((t) => [t.endpoint.id, t.model, t.tier]), [[primary.id, 'gpt-4.1', 'large']]);
    assert.strictEqual(calls[0].maxOutputTokens, 32_768);
    assert.strictEqual(routed.escalated, false);
    assert.strictEqual(routed.failedOver, false);
  });

  it('caps the output budget at the model maxOutput', async () => {
    const { router } = setup({ config: { models: { ...DEFAULT_CONFIG.models, large: 'gpt-4o' } } });
    const target = await router.target('refactor', 'large');
    assert.strictEqual(target.maxOutputTokens, 16_384);
  });

  it('lets an explicit model win and uses models.chat for the chat default', async () => {
    const { router, config } = setup();
    assert.strictEqual((await router.target('chat', 'fast', 'gpt-4o')).model, 'gpt-4o');
    config.models.chat = 'gpt-5-mini';
    assert.strictEqual((await router.target('chat', 'fast')).model, 'gpt-5-mini');
    assert.strictEqual((await router.target('chat', 'large')).model, 'gpt-4.1');
    assert.strictEqual((await router.target('inline', 'fast')).model, 'gpt-4.1-mini', 'models.chat affects chat only');
    assert.strictEqual(chatDefaultTier(config), 'fast');
    config.models.chat = 'large';
    assert.strictEqual(chatDefaultTier(config), 'large');
    assert.strictEqual((await router.target('chat', 'fast')).model, 'gpt-4.1-mini');
  });

  it('uses models.inline for inline on the fast tier only; `fast` means the fast model', async () => {
    const { router, config } = setup();
    assert.strictEqual((await router.target('inline', 'fast')).model, 'gpt-4.1-mini', 'default: the fast model');
    config.models.inline = 'qwen2.5-coder:7b-base';
    assert.strictEqual((await router.target('inline', 'fast')).model, 'qwen2.5-coder:7b-base');
    assert.strictEqual((await router.target('chat', 'fast')).model, 'gpt-4.1-mini', 'chat keeps the fast model');
    assert.strictEqual((await router.target('inline', 'large')).model, 'gpt-4.1', 'escalation still goes to the large model');
    config.models.inline = 'fast';
    assert.strictEqual((await router.target('inline', 'fast')).model, 'gpt-4.1-mini');
  });

  it('warns once about a model missing from the catalog', async () => {
    const { router, lines } = setup({ config: { models: { ...DEFAULT_CONFIG.models, fast: 'mystery-model' } } });
    await router.run(request(scripted().execute, { promptTokens: 100 }));
    await router.run(request(scripted().execute, { promptTokens: 100 }));
    const warnings = lines.filter((line) => line.level === 'warn' && line.message.includes('mystery-model'));
    assert.strictEqual(warnings.length, 1);
    assert.match(warnings[0].message, /8,192-token window/);
  });
});

describe('router: context window and escalation', () => {
  const local = { ...DEFAULT_CONFIG.models, fast: 'qwen2.5-coder:7b', large: 'gpt-4.1' };

  it('escalates fast→large when the prompt does not fit the fast window', async () => {
    const { router, lines } = setup({ config: { models: local } });
    const { calls, execute } = scripted();
    const routed = await router.run(request(execute, { promptTokens: 40_000, maxOutputTokens: 500 }));
    assert.strictEqual(routed.escalated, true);
    assert.deepStrictEqual([calls[0].model, calls[0].tier], ['gpt-4.1', 'large']);
    assert.ok(lines.some((line) => /escalated: 40,500 tokens \(a server may count the prompt as 50,000\) exceed qwen2.5-coder:7b's 32,768-token window/.test(line.message)));
  });

  it('does not escalate a prompt that fits with the tokenizer margin', async () => {
    const { router } = setup({ config: { models: local } });
    const { calls, execute } = scripted();
    // (32,768 - 256) / 1.25: the server may count the prompt a quarter longer and 256 still fit.
    await router.run(request(execute, { promptTokens: 26_009, maxOutputTokens: 256 }));
    assert.strictEqual(calls[0].model, 'qwen2.5-coder:7b');
  });

  it('escalates a prompt that fits our count exactly but not a server counting it longer', async () => {
    const { router } = setup({ config: { models: local } });
    const { calls, execute } = scripted();
    await router.run(request(execute, { promptTokens: 32_768 - 256, maxOutputTokens: 256 }));
    assert.strictEqual(calls[0].model, 'gpt-4.1');
  });

  it('lowers max_tokens to what the window leaves when the model is fixed, instead of refusing', async () => {
    const { router, lines } = setup({ config: { models: { ...local, large: 'qwen2.5-coder:32b' } } });
    const { calls, execute } = scripted();
    // A large-tier chat on a 32,768-token model asking 32,768 output tokens (maxTokens.large).
    const routed = await router.run(request(execute, { tier: 'large', promptTokens: 10_000, maxOutputTokens: 32_768 }));
    assert.strictEqual(calls[0].model, 'qwen2.5-coder:32b');
    assert.strictEqual(routed.target.maxOutputTokens, 8_192, "the catalog's output maximum, which the window still leaves");
    const tight = await router.run(request(execute, { tier: 'large', promptTokens: 20_000, maxOutputTokens: 32_768 }));
    assert.strictEqual(tight.target.maxOutputTokens, 32_768 - 25_000);
    assert.ok(lines.some((line) => /output lowered to 7,768 tokens, what the window leaves/.test(line.message)));
  });

  it('takes an inline character estimate as it is: no margin on top of a count that already errs large', async () => {
    const tiny = { ...local, fast: 'tiny-fim', overrides: { 'tiny-fim': { contextWindow: 2048, maxOutput: 1024 } } };
    const { router } = setup({ config: { models: tiny } });
    const { calls, execute } = scripted();
    const inline = { job: 'inline' as const, promptTokens: 1600, maxOutputTokens: 256, allowEscalation: false };
    await router.run(request(execute, { ...inline, promptEstimated: true }));
    assert.deepStrictEqual([calls[0].model, calls[0].maxOutputTokens], ['tiny-fim', 256]);
    await assert.rejects(router.run(request(execute, inline)), { reason: 'context-too-long' }, 'an exact count of 1,600 gets the margin: 2,000 + 256 do not fit');
  });

  it('prefers the full answer on the large model to a lowered one on the fast model', async () => {
    const { router } = setup({ config: { models: local } });
    const { calls, execute } = scripted();
    const routed = await router.run(request(execute, { promptTokens: 24_000, maxOutputTokens: 4_096 }));
    assert.deepStrictEqual([calls[0].model, routed.target.maxOutputTokens], ['gpt-4.1', 4_096]);
  });

  it('lowers the fast model\'s output when the large model cannot give the full answer either', async () => {
    const { router } = setup({ config: { models: { ...local, large: 'qwen2.5-coder:32b' } } });
    const { calls, execute } = scripted();
    const routed = await router.run(request(execute, { promptTokens: 24_000, maxOutputTokens: 4_096 }));
    assert.deepStrictEqual([calls[0].model, routed.target.maxOutputTokens], ['qwen2.5-coder:7b', 32_768 - 30_000]);
  });

  it('throws context-too-long with the numbers when escalation is not allowed', async () => {
    const { router } = setup({ config: { models: local } });
    const { calls, execute } = scripted();
    await assert.rejects(router.run(request(execute, { promptTokens: 40_000, maxOutputTokens: 500, allowEscalation: false })), (error: EndpointError) => {
      assert.strictEqual(error.reason, 'context-too-long');
      assert.match(error.message, /40,000 prompt \+ 500 output tokens \(40,500; a server may count the prompt as 50,000\), but qwen2\.5-coder:7b holds 32,768 and escalation/);
      return true;
    });
    assert.strictEqual(calls.length, 0, 'nothing is sent');
  });

  it('throws context-too-long when even the large model cannot hold the prompt', async () => {
    const { router, records } = setup();
    await assert.rejects(router.run(request(scripted().execute, { promptTokens: 1_100_000 })), (error: EndpointError) => {
      assert.strictEqual(error.reason, 'context-too-long');
      assert.strictEqual(error.model, 'gpt-4.1');
      assert.match(error.message, /1,100,000 prompt/);
      assert.match(error.message, /gpt-4\.1 holds 1,047,576/);
      return true;
    });
    assert.strictEqual(records.length, 0);
  });

  it('throws context-too-long for a large-tier request that does not fit', async () => {
    const { router } = setup({ config: { models: { ...local, large: 'qwen2.5-coder:32b' } } });
    await assert.rejects(router.run(request(scripted().execute, { tier: 'large', promptTokens: 30_000 })), { reason: 'context-too-long' });
  });
});

describe('router: failover', () => {
  for (const reason of ['network', 'server', 'timeout'] as const) {
    it(`retries once on the next endpoint after a ${reason} failure`, async () => {
      const { router, records, lines } = setup();
      const { calls, execute } = scripted(fail(reason));
      const routed = await router.run(request(execute));
      assert.deepStrictEqual(calls.map((t) => t.endpoint.id), [primary.id, backup.id]);
      assert.strictEqual(routed.failedOver, true);
      assert.strictEqual(routed.target.endpoint.id, backup.id);
      assert.deepStrictEqual(records.map((r) => [r.endpointId, r.outcome]), [[primary.id, reason], [backup.id, 'ok']]);
      assert.ok(lines.some((line) => line.level === 'warn' && line.message.includes(`failing over to ${backup.id}`)));
    });
  }

  it('fails over only once, never to a third endpoint', async () => {
    const { router } = setup();
    const { calls, execute } = scripted(fail('server'), fail('server'));
    await assert.rejects(router.run(request(execute)), { reason: 'server' });
    assert.deepStrictEqual(calls.map((t) => t.endpoint.id), [primary.id, backup.id]);
  });

  for (const reason of ['auth', 'forbidden', 'model-not-found', 'unsupported-parameter', 'rate-limited', 'bad-response', 'cancelled'] as const) {
    it(`never fails over after ${reason}`, async () => {
      const { router } = setup();
      const { calls, execute } = scripted(fail(reason));
      await assert.rejects(router.run(request(execute)), { reason });
      assert.strictEqual(calls.length, 1);
    });
  }

  it('surfaces the error when there is no failover endpoint', async () => {
    const { router } = setup({ endpoints: [primary] });
    const { calls, execute } = scripted(fail('network'));
    await assert.rejects(router.run(request(execute)), { reason: 'network' });
    assert.strictEqual(calls.length, 1);
  });

  it('explains that no endpoint is configured', async () => {
    const { router } = setup({ endpoints: [] });
    await assert.rejects(router.run(request(scripted().execute)), /No endpoint is configured/);
  });
});

describe('router: retries', () => {
  it('does not retry unless the job asks for it', async () => {
    const { router, sleeps } = setup({ endpoints: [primary] });
    const { calls, execute } = scripted(fail('rate-limited'));
    await assert.rejects(router.run(request(execute)), { reason: 'rate-limited' });
    assert.strictEqual(calls.length, 1);
    assert.deepStrictEqual(sleeps, []);
  });

  it('retries rate limits with exponential backoff and honours Retry-After', async () => {
    const { router, sleeps, records } = setup({ endpoints: [primary] });
    const { calls, execute } = scripted(fail('rate-limited'), fail('rate-limited', { retryAfterMs: 7000 }));
    const notices: RetryNotice[] = [];
    const routed = await router.run(request(execute, { retry: true, onRetry: (notice) => notices.push(notice) }));
    assert.strictEqual(calls.length, 3);
    // random() = 0.5: first wait = 0.75 × base; the second honours Retry-After over the smaller backoff.
    assert.deepStrictEqual(sleeps, [RETRY_POLICY.baseDelayMs * 0.75, 7000]);
    // The user of the job hears of each wait before it starts (chat shows "retrying in 7 s — 3 of 3").
    assert.deepStrictEqual(notices, [
      { reason: 'rate-limited', delayMs: RETRY_POLICY.baseDelayMs * 0.75, attempt: 2, maxAttempts: RETRY_POLICY.maxAttempts },
      { reason: 'rate-limited', delayMs: 7000, attempt: 3, maxAttempts: RETRY_POLICY.maxAttempts },
    ]);
    assert.strictEqual(routed.result.text, 'ok');
    assert.deepStrictEqual(records.map((r) => r.outcome), ['rate-limited', 'rate-limited', 'ok']);
  });

  it('gives up after the attempt cap', async () => {
    const { router, sleeps } = setup({ endpoints: [primary] });
    const { calls, execute } = scripted(fail('rate-limited'), fail('rate-limited'), fail('rate-limited'), fail('rate-limited'));
    await assert.rejects(router.run(request(execute, { retry: true })), { reason: 'rate-limited' });
    assert.strictEqual(calls.length, RETRY_POLICY.maxAttempts);
    assert.strictEqual(sleeps.length, RETRY_POLICY.maxAttempts - 1);
  });

  it('does not wait when the server asks for more than the maximum wait', async () => {
    const { router, sleeps } = setup({ endpoints: [primary] });
    const { calls, execute } = scripted(fail('rate-limited', { retryAfterMs: 120_000 }));
    await assert.rejects(router.run(request(execute, { retry: true })), { reason: 'rate-limited' });
    assert.strictEqual(calls.length, 1);
    assert.deepStrictEqual(sleeps, []);
  });

  it('never retries errors that a retry cannot fix', async () => {
    const { router } = setup({ endpoints: [primary] });
    const { calls, execute } = scripted(fail('auth'));
    await assert.rejects(router.run(request(execute, { retry: true })), { reason: 'auth' });
    assert.strictEqual(calls.length, 1);
  });

  it('retries a server error on the same endpoint, then fails over', async () => {
    const { router } = setup();
    const { calls, execute } = scripted(fail('server'), fail('server'), fail('server'));
    const routed = await router.run(request(execute, { retry: true }));
    assert.deepStrictEqual(calls.map((t) => t.endpoint.id), [primary.id, primary.id, primary.id, backup.id]);
    assert.strictEqual(routed.failedOver, true);
  });

  it('stops when cancelled during the backoff wait', async () => {
    const controller = new AbortController();
    const { router, records, sleeps } = setup({ endpoints: [primary], onSleep: () => controller.abort() });
    const { calls, execute } = scripted(fail('server'), fail('server'));
    await assert.rejects(router.run(request(execute, { retry: true, signal: controller.signal })), { reason: 'cancelled' });
    assert.strictEqual(calls.length, 1);
    assert.strictEqual(sleeps.length, 1);
    assert.deepStrictEqual(records.map((r) => r.outcome), ['server']);
  });

  it('reports cancellation (not the transport error) when cancelled while the request runs', async () => {
    const { router, records } = setup({ endpoints: [primary, backup] });
    const controller = new AbortController();
    const calls: RouteTarget[] = [];
    const execute = async (target: RouteTarget): Promise<GenerationResult> => {
      calls.push(target);
      controller.abort();
      throw fail('server');
    };
    await assert.rejects(router.run(request(execute, { retry: true, signal: controller.signal })), { reason: 'cancelled' });
    assert.strictEqual(calls.length, 1);
    assert.deepStrictEqual(records.map((r) => r.outcome), ['cancelled']);
  });

  it('does not start an already cancelled job', async () => {
    const { router, records } = setup();
    const controller = new AbortController();
    controller.abort();
    const { calls, execute } = scripted();
    await assert.rejects(router.run(request(execute, { signal: controller.signal })), { reason: 'cancelled' });
    assert.strictEqual(calls.length, 0);
    assert.strictEqual(records.length, 0);
  });
});

describe('router: ledger and log', () => {
  it('records each attempt with tokens, timings and cost from the catalog', async () => {
    const { router, records } = setup();
    const execute = async (target: RouteTarget) => result(target, 10_000, 1_000, 4_000);
    await router.run(request(execute, { job: 'docs', tier: 'large', promptTokens: 10_000 }));
    assert.strictEqual(records.length, 1);
    const [record] = records;
    assert.deepStrictEqual(
      { ...record, at: 0 },
      { kind: 'request', at: 0, job: 'docs', tier: 'large', model: 'gpt-4.1', endpointId: primary.id, promptTokens: 10_000, cachedPromptTokens: 4_000, completionTokens: 1_000, ttftMs: 12, durationMs: 34, outcome: 'ok', costUsd: record.costUsd },
    );
    assert.ok(Math.abs(record.costUsd - (6_000 * 2 + 4_000 * 0.5 + 1_000 * 8) / 1e6) < 1e-12);
  });

  it('records a non-endpoint error as bad-response and rethrows it unchanged', async () => {
    const { router, records } = setup();
    const bug = new TypeError('boom');
    await assert.rejects(router.run(request(async () => { throw bug; })), (error) => error === bug);
    assert.deepStrictEqual(records.map((r) => r.outcome), ['bad-response']);
  });

  it('logs one explainable line per decision and never the API key', async () => {
    const { router, lines } = setup();
    await router.run(request(scripted(fail('timeout')).execute, { promptTokens: 1234 }));
    const routes = lines.filter((line) => line.message.startsWith('route chat:'));
    assert.strictEqual(routes.length, 2);
    assert.match(routes[0].message, /tier=fast model=gpt-4\.1-mini endpoint=https:\/\/primary\.example\/v1 tokens=1,234\+256\/1,047,576 — fast tier model/);
    assert.match(routes[1].message, /endpoint=http:\/\/localhost:11434\/v1 .* failover; /);
    assert.ok(lines.every((line) => !line.message.includes(primary.apiKey!)));
  });
});
