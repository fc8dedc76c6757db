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

export type LedgerRecord = RequestRecord | SuggestionRecord;

export interface UsageTotals {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export interface UsageSummary {
  today: UsageTotals;
  month: UsageTotals;
  byFeature: Record<string, UsageTotals>;
  byModel: Record<string, UsageTotals>;
  inline: { shown: number; accepted: number; requests: number; acceptanceRate: number; requestsPerAccepted: number };
}

export interface Ledger {
  record(record: LedgerRecord): void;
  summary(now?: number): Promise<UsageSummary>;
}
