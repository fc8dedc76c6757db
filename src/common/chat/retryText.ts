// What a waiting retry says inside the answer, e.g. "rate-limited, retrying in 3 s — 2 of 3".
import type { RetryReason } from './protocol';

const REASONS: Record<RetryReason, string> = {
  'rate-limited': 'rate-limited',
  timeout: 'timed out',
  server: 'server error',
  network: 'connection failed',
};

export function retryText(reason: RetryReason, remainingMs: number, attempt: number, maxAttempts: number): string {
  return `${REASONS[reason]}, retrying in ${Math.max(0, Math.ceil(remainingMs / 1000))} s — ${attempt} of ${maxAttempts}`;
}
