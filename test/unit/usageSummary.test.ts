import * as assert from 'assert';
import type { LedgerRecord, RequestRecord } from '../../src/common/ledger';
import { localDay, parseStoredLine, summarizeUsage, toDailyTotals } from '../../src/common/usageSummary';

const at = (y: number, m: number, d: number, h = 12): number => new Date(y, m - 1, d, h).getTime();
const NOW = at(2026, 11, 22, 15);

function request(overrides: Partial<RequestRecord>): RequestRecord {
  return {
    kind: 'request', at: NOW, job: 'chat', tier: 'fast', model: 'gpt-4.1-mini', endpointId: 'https://api.openai.com/v1',
    promptTokens: 100, cachedPromptTokens: 0, completionTokens: 10, durationMs: 50, outcome: 'ok', costUsd: 0.001, ...overrides,
  };
}

const records: LedgerRecord[] = [
  request({}),
  request({ job: 'docs', tier: 'large', model: 'gpt-4.1', promptTokens: 1000, completionTokens: 500, costUsd: 0.01 }),
  request({ at: at(2026, 11, 3), promptTokens: 50, completionTokens: 5, costUsd: 0.0005 }),
  request({ at: at(2026, 10, 31), promptTokens: 999, completionTokens: 999, costUsd: 9 }),
  request({ job: 'inline', promptTokens: 300, completionTokens: 20, costUsd: 0.0002 }),
  request({ job: 'inline', promptTokens: 300, completionTokens: 0, costUsd: 0, outcome: 'cancelled' }),
  request({ job: 'inline', at: at(2026, 11, 21), promptTokens: 300, completionTokens: 20, costUsd: 0.0002 }),
  { kind: 'shown', at: NOW, job: 'inline', model: 'gpt-4.1-mini', fromMemory: false },
  { kind: 'shown', at: NOW, job: 'inline', model: 'gpt-4.1-mini', fromMemory: true },
  { kind: 'shown', at: at(2026, 11, 21), job: 'inline', model: 'gpt-4.1-mini', fromMemory: false },
  { kind: 'shown', at: at(2026, 11, 21), job: 'inline', model: 'gpt-4.1-mini', fromMemory: false },
  { kind: 'accepted', at: NOW, job: 'inline', model: 'gpt-4.1-mini', fromMemory: true },
  { kind: 'accepted', at: at(2026, 10, 1), job: 'inline', model: 'gpt-4.1-mini', fromMemory: false },
];

const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

describe('usageSummary', () => {
  it('totals today and this month in local time, excluding last month', () => {
    const summary = summarizeUsage(records, NOW);
    assert.deepStrictEqual({ ...summary.today, costUsd: 0 }, { requests: 4, promptTokens: 1700, completionTokens: 530, costUsd: 0 });
    close(summary.today.costUsd, 0.001 + 0.01 + 0.0002);
    assert.strictEqual(summary.month.requests, 6);
    assert.strictEqual(summary.month.promptTokens, 2050);
    close(summary.month.costUsd, 0.001 + 0.01 + 0.0005 + 0.0002 * 2);
  });

  it('breaks the month down by feature and by model', () => {
    const summary = summarizeUsage(records, NOW);
    assert.deepStrictEqual(Object.keys(summary.byFeature).sort(), ['chat', 'docs', 'inline']);
    assert.strictEqual(summary.byFeature.chat.requests, 2);
    assert.strictEqual(summary.byFeature.inline.requests, 3);
    assert.strictEqual(summary.byModel['gpt-4.1'].promptTokens, 1000);
    assert.strictEqual(summary.byModel['gpt-4.1-mini'].requests, 5);
  });

  it('computes inline acceptance and requests per accepted suggestion', () => {
    const { inline } = summarizeUsage(records, NOW);
    assert.deepStrictEqual(inline, { shown: 4, accepted: 1, requests: 3, acceptanceRate: 0.25, requestsPerAccepted: 3, typedChars: 0 });
  });

  it('costs inline per model: requests and prompt tokens per accepted suggestion and per 100 typed characters', () => {
    const typed = (chars: number, model: string, when = NOW): LedgerRecord => ({ kind: 'typed', at: when, job: 'inline', model, chars });
    const lines: LedgerRecord[] = [
      ...records,
      typed(250, 'gpt-4.1-mini'),
      typed(50, 'gpt-4.1-mini', at(2026, 11, 2)),
      typed(10_000, 'gpt-4.1-mini', at(2026, 10, 30)),
      request({ job: 'inline', model: 'qwen2.5-coder', promptTokens: 800, costUsd: 0 }),
      typed(40, 'qwen2.5-coder'),
    ];
    const { inlineByModel, inline } = summarizeUsage(lines, NOW);
    assert.deepStrictEqual(Object.keys(inlineByModel).sort(), ['gpt-4.1-mini', 'qwen2.5-coder']);
    const mini = inlineByModel['gpt-4.1-mini'];
    // This month: 3 inline requests of 300 prompt tokens, 1 accepted, 300 typed characters (last month's 10,000 left out).
    assert.deepStrictEqual({ ...mini, costUsd: 0 }, {
      requests: 3, promptTokens: 900, costUsd: 0, shown: 4, accepted: 1, typedChars: 300,
      requestsPerAccepted: 3, promptTokensPerAccepted: 900, requestsPer100Chars: 1, promptTokensPer100Chars: 300,
    });
    close(mini.costUsd, 0.0004);
    const qwen = inlineByModel['qwen2.5-coder'];
    assert.strictEqual(qwen.requestsPer100Chars, 2.5);
    assert.strictEqual(qwen.promptTokensPer100Chars, 2000);
    assert.strictEqual(qwen.requestsPerAccepted, 0, 'nothing accepted: no ratio rather than Infinity');
    assert.strictEqual(inline.typedChars, 340);
    assert.ok(!('chat' in inlineByModel) && Object.values(inlineByModel).every((c) => c.requests <= 4), 'only inline requests count');
  });

  it('reports zero rates instead of NaN or Infinity when nothing was shown or accepted', () => {
    const { inline } = summarizeUsage([request({ job: 'inline' })], NOW);
    assert.strictEqual(inline.acceptanceRate, 0);
    assert.strictEqual(inline.requestsPerAccepted, 0);
  });

  it('gives the same summary from daily totals as from the raw records', () => {
    const withTyped: LedgerRecord[] = [...records, { kind: 'typed', at: NOW, job: 'inline', model: 'gpt-4.1-mini', chars: 120 }];
    const direct = summarizeUsage(withTyped, NOW);
    const compacted = summarizeUsage(toDailyTotals(withTyped), NOW);
    assert.strictEqual(compacted.inline.typedChars, 120);
    assert.deepStrictEqual(compacted.inline, direct.inline);
    assert.deepStrictEqual(compacted.inlineByModel, direct.inlineByModel);
    assert.deepStrictEqual(Object.keys(compacted.byModel).sort(), Object.keys(direct.byModel).sort());
    assert.strictEqual(compacted.month.requests, direct.month.requests);
    assert.strictEqual(compacted.today.promptTokens, direct.today.promptTokens);
    close(compacted.month.costUsd, direct.month.costUsd);
    // Compacting twice (daily totals folded again) changes nothing.
    assert.deepStrictEqual(toDailyTotals(toDailyTotals(withTyped)), toDailyTotals(withTyped));
  });

  it('uses the local calendar day', () => {
    assert.strictEqual(localDay(new Date(2026, 0, 5, 23, 59).getTime()), '2026-01-05');
    assert.strictEqual(localDay(new Date(2026, 0, 6, 0, 1).getTime()), '2026-01-06');
  });

  it('parses stored lines and skips torn or foreign ones', () => {
    const line = JSON.stringify(request({}));
    assert.deepStrictEqual(parseStoredLine(line), request({}));
    assert.strictEqual(parseStoredLine(line.slice(0, 40)), undefined);
    assert.strictEqual(parseStoredLine('{"kind":"other","at":1}'), undefined);
    assert.strictEqual(parseStoredLine('null'), undefined);
    assert.strictEqual(parseStoredLine(''), undefined);
    assert.strictEqual(parseStoredLine(JSON.stringify(toDailyTotals([request({})])[0]))?.kind, 'daily');
    assert.strictEqual(parseStoredLine('{"kind":"typed","at":1,"job":"inline","model":"m","chars":40}')?.kind, 'typed');
  });
});
