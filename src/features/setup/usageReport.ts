// "Show Usage" as a markdown document. Pure so the formatting is unit-tested.
import type { InlineCost, UsageSummary, UsageTotals } from '../../common/ledger';

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

const INLINE_HEADER =
  '| Model | Requests | Prompt tokens | Accepted | Typed chars | Requests / accepted | Prompt tokens / accepted | Requests / 100 chars | Prompt tokens / 100 chars | Cost |\n' +
  '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|';

/** What inline costs per model: on a paid endpoint every request, even an aborted one, bills its prompt. */
function inlineCostTable(byModel: Record<string, InlineCost>): string {
  // A ratio over nothing is unknown, not zero.
  const per = (value: number, whole: number, format: (value: number) => string) => (whole > 0 ? format(value) : '—');
  const ratio = (value: number) => value.toFixed(2);
  const rows = Object.entries(byModel)
    .filter(([, cost]) => cost.requests > 0 || cost.accepted > 0 || cost.typedChars > 0)
    .sort(([, a], [, b]) => b.costUsd - a.costUsd || b.requests - a.requests)
    .map(([model, c]) =>
      [
        escapeCell(model),
        formatCount(c.requests),
        formatCount(c.promptTokens),
        formatCount(c.accepted),
        formatCount(c.typedChars),
        per(c.requestsPerAccepted, c.accepted, ratio),
        per(c.promptTokensPerAccepted, c.accepted, formatCount),
        per(c.requestsPer100Chars, c.typedChars, ratio),
        per(c.promptTokensPer100Chars, c.typedChars, formatCount),
        formatUsd(c.costUsd),
      ].join(' | '),
    );
  return rows.length ? `${INLINE_HEADER}\n${rows.map((r) => `| ${r} |`).join('\n')}` : '_No inline requests yet._';
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
    `- Typed characters: ${formatCount(inline.typedChars)}`,
    '',
    `### Inline cost by model in ${month}`,
    '',
    inlineCostTable(summary.inlineByModel),
    '',
  ].join('\n');
}
