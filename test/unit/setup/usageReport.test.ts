import * as assert from 'assert';
import type { UsageSummary, UsageTotals } from '../../../src/common/ledger';
import { formatCount, formatUsageReport, formatUsd } from '../../../src/features/setup/usageReport';

const totals = (requests: number, promptTokens: number, completionTokens: number, costUsd: number): UsageTotals => ({
  requests,
  promptTokens,
  completionTokens,
  costUsd,
});

const summary: UsageSummary = {
  today: totals(12, 15_000, 800, 0.0123),
  month: totals(340, 1_250_000, 64_000, 3.4567),
  byFeature: { inline: totals(300, 900_000, 20_000, 0.39), refactor: totals(40, 350_000, 44_000, 3.0667) },
  byModel: { 'gpt-4.1-mini': totals(300, 900_000, 20_000, 0.39), 'gpt|4.1': totals(40, 350_000, 44_000, 3.0667) },
  inline: { shown: 200, accepted: 50, requests: 300, acceptanceRate: 0.25, requestsPerAccepted: 6, typedChars: 12_000 },
  inlineByModel: {
    'gpt-4.1-mini': {
      requests: 300, promptTokens: 900_000, costUsd: 0.39, shown: 200, accepted: 50, typedChars: 12_000,
      requestsPerAccepted: 6, promptTokensPerAccepted: 18_000, requestsPer100Chars: 2.5, promptTokensPer100Chars: 7500,
    },
    'qwen2.5-coder': {
      requests: 4, promptTokens: 2400, costUsd: 0, shown: 0, accepted: 0, typedChars: 0,
      requestsPerAccepted: 0, promptTokensPerAccepted: 0, requestsPer100Chars: 0, promptTokensPer100Chars: 0,
    },
  },
};

describe('usage report', () => {
  it('formats money and counts readably', () => {
    assert.strictEqual(formatUsd(0), '$0.00');
    assert.strictEqual(formatUsd(0.0012), '$0.0012');
    assert.strictEqual(formatUsd(3.4567), '$3.46');
    assert.strictEqual(formatCount(1_250_000), '1,250,000');
  });

  it("shows today's and this month's totals", () => {
    const report = formatUsageReport(summary, new Date(2026, 10, 22, 9, 30));
    assert.match(report, /^# Gearshift usage/);
    assert.match(report, /\| Today \| 12 \| 15,000 \| 800 \| \$0\.01 \|/);
    assert.match(report, /\| November 2026 \| 340 \| 1,250,000 \| 64,000 \| \$3\.46 \|/);
  });

  it('breaks the month down by feature and by model, most expensive first, escaping table cells', () => {
    const report = formatUsageReport(summary, new Date(2026, 10, 22));
    const features = report.slice(report.indexOf('by feature'), report.indexOf('by model'));
    assert.ok(features.indexOf('| refactor |') < features.indexOf('| inline |'), features);
    assert.match(report, /\| gpt\\\|4\.1 \| 40 \|/);
    assert.match(report, /\| gpt-4\.1-mini \| 300 \| 900,000 \| 20,000 \| \$0\.39 \|/);
  });

  it('reports inline acceptance and network requests per accepted suggestion', () => {
    const report = formatUsageReport(summary, new Date(2026, 10, 22));
    assert.match(report, /Shown: 200/);
    assert.match(report, /Accepted: 50 \(acceptance rate 25\.0%\)/);
    assert.match(report, /Network requests: 300 \(6\.00 per accepted suggestion\)/);
  });

  it('shows what inline costs per model: per accepted suggestion and per 100 typed characters, unknown ratios as a dash', () => {
    const report = formatUsageReport(summary, new Date(2026, 10, 22));
    const table = report.slice(report.indexOf('### Inline cost by model in November 2026'));
    assert.match(table, /\| Model \| Requests \| Prompt tokens \| Accepted \| Typed chars \| Requests \/ accepted \| Prompt tokens \/ accepted \| Requests \/ 100 chars \| Prompt tokens \/ 100 chars \| Cost \|/);
    assert.match(table, /\| gpt-4\.1-mini \| 300 \| 900,000 \| 50 \| 12,000 \| 6\.00 \| 18,000 \| 2\.50 \| 7,500 \| \$0\.39 \|/);
    assert.match(table, /\| qwen2\.5-coder \| 4 \| 2,400 \| 0 \| 0 \| — \| — \| — \| — \| \$0\.00 \|/);
    assert.match(report, /Typed characters: 12,000/);
  });

  it('says so when nothing happened yet instead of showing NaN or empty tables', () => {
    const empty: UsageSummary = {
      today: totals(0, 0, 0, 0),
      month: totals(0, 0, 0, 0),
      byFeature: {},
      byModel: {},
      inline: { shown: 0, accepted: 0, requests: 0, acceptanceRate: 0, requestsPerAccepted: 0, typedChars: 0 },
      inlineByModel: {},
    };
    const report = formatUsageReport(empty, new Date(2026, 10, 22));
    assert.strictEqual(report.match(/_No requests yet\._/g)?.length, 2);
    assert.match(report, /_No inline requests yet\._/);
    assert.match(report, /acceptance rate —/);
    assert.match(report, /\(— per accepted suggestion\)/);
    assert.ok(!/NaN|Infinity/.test(report));
  });
});
