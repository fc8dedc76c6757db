// "Show Usage" as a markdown document. Pure so the formatting is unit-tested.
import type { UsageSummary, UsageTotals } from '../../common/ledger';

export function formatUsd(value: number): string {
  if (value === 0) return '$0.00';
  if (value < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toFixed(2)}`;
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

const HEADER = '| | Requests | Prompt tokens | Completion tokens | Cost |\n|---|--:|--:|--:|--:|';

function row(label: string, totals: UsageTotals): string {
  return `| ${escapeCell(label)} | ${formatCount(totals.requests)} | ${formatCount(totals.promptTokens)} | ${formatCount(totals.completionTokens)} | ${formatUsd(totals.costUsd)} |`;
}

function table(entries: Record<string, UsageTotals>): string {
  const rows = Object.entries(entries)
    .sort(([, a], [, b]) => b.costUsd - a.costUsd || b.requests - a.requests)
    .map(([label, totals]) => row(label, totals));
  return rows.length ? `${HEADER}\n${rows.join('\n')}` : '_No requests yet._';
}

export function formatUsageReport(summary: UsageSummary, now: Date = new Date()): string {
  const { inline } = summary;
  const month = now.toLocaleString('en-US', { month: 'long', year: 'numeric' });
  const rate = inline.shown > 0 ? `${(inline.acceptanceRate * 100).toFixed(1)}%` : '—';
  const perAccepted = inline.accepted > 0 ? inline.requestsPerAccepted.toFixed(2) : '—';
  return [
    '# Gearshift usage',
    '',
    `_As of ${now.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' })} (local time). Costs use the model catalog’s list prices; local models cost $0._`,
    '',
    '## Totals',
    '',
    HEADER,
    row('Today', summary.today),
    row(month, summary.month),
    '',
    `## ${month} by feature`,
    '',
    table(summary.byFeature),
    '',
    `## ${month} by model`,
    '',
    table(summary.byModel),
    '',
    `## Inline suggestions in ${month}`,
    '',
    `- Shown: ${formatCount(inline.shown)}`,
    `- Accepted: ${formatCount(inline.accepted)} (acceptance rate ${rate})`,
    `- Network requests: ${formatCount(inline.requests)} (${perAccepted} per accepted suggestion)`,
    '',
  ].join('\n');
}
