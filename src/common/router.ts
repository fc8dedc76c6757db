// Tier routing: picks the model for a job, escalates fast→large when the prompt does not fit,
// and fails over to the next endpoint on network/server/timeout errors.
import type { EndpointErrorReason } from './errors';
import type { EndpointConfig, GenerationResult, Job, Tier } from './llm';

/** A retry about to wait: shown to the user of a running job (e.g. in the chat answer). */
export interface RetryNotice {
  reason: EndpointErrorReason;
  delayMs: number;
  /** The attempt that follows the wait (2 for the first retry). */
  attempt: number;
  maxAttempts: number;
}

export interface RouteTarget {
  endpoint: EndpointConfig;
  model: string;
  tier: Tier;
  /** The output budget the window check used (request's, capped by the model's maxOutput); send it as max_tokens. */
  maxOutputTokens?: number;
}

export interface RouteRequest<T extends GenerationResult> {
  job: Job;
  tier: Tier;
  /** An explicit model (e.g. the chat picker) wins over the tier's model. */
  model?: string;
  /** Prompt size in tokens: exact where money or the window is at stake, an estimate on hot paths. */
  promptTokens: number;
  /**
   * `promptTokens` is a character estimate that errs on the large side (inline's hot path): the
   * window check takes it as it is. Otherwise it is our tokenizer's count, which a server's own
   * tokenizer may exceed, and the check leaves a margin for that (common/outputBudget).
   */
  promptEstimated?: boolean;
  maxOutputTokens?: number;
  /** Escalate fast→large when the prompt does not fit the fast model's window (default true). */
  allowEscalation?: boolean;
  /** User jobs retry rate limits and transient failures with backoff; inline never does. */
  retry?: boolean;
  /** Called before each backoff wait of a retry. */
  onRetry?(notice: RetryNotice): void;
  signal?: AbortSignal;
  execute(target: RouteTarget): Promise<T>;
}

export interface RoutedResult<T extends GenerationResult> {
  result: T;
  target: RouteTarget;
  escalated: boolean;
  failedOver: boolean;
}

export interface Router {
  run<T extends GenerationResult>(request: RouteRequest<T>): Promise<RoutedResult<T>>;
  /** The primary target a job would use now (no I/O), e.g. for showing the model in the UI. */
  target(job: Job, tier: Tier, model?: string): Promise<RouteTarget>;
}
