// The usage ledger: one record per request and per inline suggestion event.
import type { Job, Tier } from './llm';
import type { EndpointErrorReason } from './errors';

export type RequestOutcome = 'ok' | 'cancelled' | EndpointErrorReason;

export interface RequestRecord {
  kind: 'request';
  at: number;
  job: Job;
  tier: Tier;
  model: string;
  endpointId: string;
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  ttftMs?: number;
  durationMs: number;
  outcome: RequestOutcome;
  costUsd: number;
}

/** Inline suggestion lifecycle events, for acceptance rate and requests per accepted suggestion. */
export interface SuggestionRecord {
  kind: 'shown' | 'accepted';
  at: number;
  job: 'inline';
  model: string;
  /** True when the suggestion came from memory (typing-through, cache, recycling, hot streak). */
  fromMemory: boolean;
}

/**
 * Characters the user typed in documents with inline suggestions on, counted by the editor and
 * written in batches (not one record per key): the denominator of "requests per 100 typed characters".
 */
export interface TypedRecord {
  kind: 'typed';
  at: number;
  job: 'inline';
  /** The inline model at the time. */
  model: string;
  chars: number;
}

export type LedgerRecord = RequestRecord | SuggestionRecord | TypedRecord;

export interface UsageTotals {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/** What inline suggestions cost with one model (0 where the denominator is still 0). */
export interface InlineCost {
  requests: number;
  promptTokens: number;
  costUsd: number;
  shown: number;
  accepted: number;
  typedChars: number;
  requestsPerAccepted: number;
  promptTokensPerAccepted: number;
  requestsPer100Chars: number;
  promptTokensPer100Chars: number;
}

export interface UsageSummary {
  today: UsageTotals;
  month: UsageTotals;
  byFeature: Record<string, UsageTotals>;
  byModel: Record<string, UsageTotals>;
  inline: { shown: number; accepted: number; requests: number; acceptanceRate: number; requestsPerAccepted: number; typedChars: number };
  /** This month's inline cost per model. */
  inlineByModel: Record<string, InlineCost>;
}

export interface Ledger {
  record(record: LedgerRecord): void;
  summary(now?: number): Promise<UsageSummary>;
}
