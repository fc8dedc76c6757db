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
  inline: { shown: 200, accepted: 50, requests: 300, acceptanceRate: 0.25, requestsPerAccepted: 6 },
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

  it('says so when nothing happened yet instead of showing NaN or empty tables', () => {
    const empty: UsageSummary = {
      today: totals(0, 0, 0, 0),
      month: totals(0, 0, 0, 0),
      byFeature: {},
      byModel: {},
      inline: { shown: 0, accepted: 0, requests: 0, acceptanceRate: 0, requestsPerAccepted: 0 },
    };
    const report = formatUsageReport(empty, new Date(2026, 10, 22));
    assert.strictEqual(report.match(/_No requests yet\._/g)?.length, 2);
    assert.match(report, /acceptance rate —/);
    assert.match(report, /\(— per accepted suggestion\)/);
    assert.ok(!/NaN|Infinity/.test(report));
  });
});
