// Pure aggregation of ledger records into what "Gearshift: Show Usage" displays. The store feeds it
// raw records plus daily totals (older records compacted per day, feature and model).
import type { InlineCost, LedgerRecord, UsageSummary, UsageTotals } from './ledger';

/** Old records folded into one line per local day, feature (job) and model. */
export interface DailyTotal extends UsageTotals {
  kind: 'daily';
  /** Local calendar day, `YYYY-MM-DD`. */
  day: string;
  job: string;
  model: string;
  /** Inline suggestion events folded in (job `inline` only). */
  shown: number;
  accepted: number;
  /** Typed characters folded in (job `inline` only; absent in totals written before it was counted). */
  typedChars?: number;
}

export type StoredLine = LedgerRecord | DailyTotal;

const zero = (): UsageTotals => ({ requests: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 });

function add(target: UsageTotals, source: UsageTotals): void {
  target.requests += source.requests;
  target.promptTokens += source.promptTokens;
  target.completionTokens += source.completionTokens;
  target.costUsd += source.costUsd;
}

/** `YYYY-MM-DD` of a timestamp in local time. */
export function localDay(at: number): string {
  const date = new Date(at);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

interface Contribution {
  day: string;
  job: string;
  model: string;
  totals: UsageTotals;
  shown: number;
  accepted: number;
  typedChars: number;
}

/** Turns one line into the totals it contributes plus its day, job and model. */
function contribution(line: StoredLine): Contribution {
  const base = { job: line.job, model: line.model, shown: 0, accepted: 0, typedChars: 0 };
  switch (line.kind) {
    case 'daily':
      return { ...base, day: line.day, totals: line, shown: line.shown, accepted: line.accepted, typedChars: line.typedChars ?? 0 };
    case 'request': {
      const totals = { requests: 1, promptTokens: line.promptTokens, completionTokens: line.completionTokens, costUsd: line.costUsd };
      return { ...base, day: localDay(line.at), totals };
    }
    case 'typed':
      return { ...base, day: localDay(line.at), totals: zero(), typedChars: line.chars };
    default:
      return { ...base, day: localDay(line.at), totals: zero(), shown: line.kind === 'shown' ? 1 : 0, accepted: line.kind === 'accepted' ? 1 : 0 };
  }
}

const ratio = (part: number, whole: number, scale = 1): number => (whole > 0 ? (part / whole) * scale : 0);

function inlineCost(): InlineCost {
  return { requests: 0, promptTokens: 0, costUsd: 0, shown: 0, accepted: 0, typedChars: 0, requestsPerAccepted: 0, promptTokensPerAccepted: 0, requestsPer100Chars: 0, promptTokensPer100Chars: 0 };
}

function addInline(cost: InlineCost, c: Contribution): void {
  cost.requests += c.totals.requests;
  cost.promptTokens += c.totals.promptTokens;
  cost.costUsd += c.totals.costUsd;
  cost.shown += c.shown;
  cost.accepted += c.accepted;
  cost.typedChars += c.typedChars;
}

function finishInline(cost: InlineCost): void {
  cost.requestsPerAccepted = ratio(cost.requests, cost.accepted);
  cost.promptTokensPerAccepted = ratio(cost.promptTokens, cost.accepted);
  cost.requestsPer100Chars = ratio(cost.requests, cost.typedChars, 100);
  cost.promptTokensPer100Chars = ratio(cost.promptTokens, cost.typedChars, 100);
}

/**
 * Today's and this month's totals (local time). By-feature, by-model and the inline figures cover
 * this month. Acceptance rate = accepted / shown; requests per accepted = inline requests /
 * accepted (0 when nothing was accepted yet). Inline cost per model: requests and prompt tokens
 * per accepted suggestion and per 100 typed characters (0 while the denominator is 0).
 */
export function summarizeUsage(lines: Iterable<StoredLine>, now = Date.now()): UsageSummary {
  const today = localDay(now);
  const month = today.slice(0, 7);
  const summary: UsageSummary = {
    today: zero(),
    month: zero(),
    byFeature: {},
    byModel: {},
    inline: { shown: 0, accepted: 0, requests: 0, acceptanceRate: 0, requestsPerAccepted: 0, typedChars: 0 },
    inlineByModel: {},
  };
  for (const line of lines) {
    const part = contribution(line);
    const { day, job, model, totals, shown, accepted, typedChars } = part;
    if (!day.startsWith(month)) continue;
    if (day === today) add(summary.today, totals);
    add(summary.month, totals);
    if (totals.requests > 0) {
      add((summary.byFeature[job] ??= zero()), totals);
      add((summary.byModel[model] ??= zero()), totals);
    }
    if (job === 'inline') {
      summary.inline.shown += shown;
      summary.inline.accepted += accepted;
      summary.inline.requests += totals.requests;
      summary.inline.typedChars += typedChars;
      addInline((summary.inlineByModel[model] ??= inlineCost()), part);
    }
  }
  Object.values(summary.inlineByModel).forEach(finishInline);
  const { inline } = summary;
  inline.acceptanceRate = inline.shown > 0 ? inline.accepted / inline.shown : 0;
  inline.requestsPerAccepted = inline.accepted > 0 ? inline.requests / inline.accepted : 0;
  return summary;
}

/** Folds lines into daily totals, one per day, job and model (used by the store's compaction). */
export function toDailyTotals(lines: Iterable<StoredLine>): DailyTotal[] {
  const byKey = new Map<string, DailyTotal>();
  for (const line of lines) {
    const { day, job, model, totals, shown, accepted, typedChars } = contribution(line);
    const key = `${day}\u0000${job}\u0000${model}`;
    let daily = byKey.get(key);
    if (!daily) {
      daily = { kind: 'daily', day, job, model, ...zero(), shown: 0, accepted: 0, typedChars: 0 };
      byKey.set(key, daily);
    }
    add(daily, totals);
    daily.shown += shown;
    daily.accepted += accepted;
    daily.typedChars = (daily.typedChars ?? 0) + typedChars;
  }
  return [...byKey.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/** Parses one stored line; undefined for torn or foreign lines (a killed process may leave half a line). */
export function parseStoredLine(text: string): StoredLine | undefined {
  if (!text.trim()) return undefined;
  try {
    const value = JSON.parse(text) as Partial<StoredLine> | null;
    if (!value || typeof value !== 'object') return undefined;
    if (value.kind === 'daily') return typeof value.day === 'string' ? (value as DailyTotal) : undefined;
    if ((value.kind === 'request' || value.kind === 'shown' || value.kind === 'accepted' || value.kind === 'typed') && typeof value.at === 'number') return value as LedgerRecord;
    return undefined;
  } catch {
    return undefined;
  }
}
