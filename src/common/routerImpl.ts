// The router: picks tier and model per job, checks the context window, escalates fast→large,
// retries user jobs with backoff, fails over once to the next endpoint, and records every attempt.
import { costUsd, lookupModel, type ModelInfo } from './catalog';
import type { GearshiftConfig } from './config';
import { EndpointError, isEndpointError } from './errors';
import type { Ledger, RequestOutcome } from './ledger';
import type { EndpointConfig, GenerationResult, Job, Tier } from './llm';
import type { Logger } from './logger';
import { ANSWER_FLOOR, serverPromptCount, windowLeftAfter } from './outputBudget';
import type { RoutedResult, RouteRequest, Router, RouteTarget } from './router';
import { DISCOVERY_WAIT_MS, withServerFacts, type ServerFactsCache } from './serverFacts';
import { modelForTier } from './tierModel';

export interface RouterDeps {
  config: () => GearshiftConfig;
  /** Primary first, then the failover endpoints in order. */
  endpoints: () => Promise<EndpointConfig[]>;
  ledger: Ledger;
  log: Logger;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1); injectable so tests can pin delays. */
  random?: () => number;
  /** What the primary endpoint's server publishes (context windows): asked before planning. */
  servers?: ServerFactsCache;
}

/** Retries of user jobs: at most 3 attempts per endpoint, never waiting longer than 30 s at once. */
export const RETRY_POLICY = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** The tier the chat opens with (`gearshift.models.chat`: `fast`, `large`, or a model name on the fast slot). */
export function chatDefaultTier(config: GearshiftConfig): Tier {
  return config.models.chat.trim() === 'large' ? 'large' : 'fast';
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelled(cause?: unknown): EndpointError {
  return new EndpointError({ reason: 'cancelled', message: 'The request was cancelled.', cause });
}

const fmt = (n: number): string => n.toLocaleString('en-US');

interface Fit {
  info: ModelInfo;
  /** The output asked for, within the model's maximum. */
  wanted: number;
  /** What is sent as max_tokens: `wanted`, or less where the window leaves less. */
  maxOutputTokens: number;
  fits: boolean;
  /** The whole output asked for fits (else it was lowered to what the window leaves). */
  full: boolean;
}

interface Plan {
  tier: Tier;
  model: string;
  maxOutputTokens: number;
  escalated: boolean;
  reason: string;
  window: number;
}

export function createRouter(deps: RouterDeps): Router {
  const sleep = deps.sleep ?? abortableSleep;
  const random = deps.random ?? Math.random;
  const warnedUnknown = new Set<string>();

  function modelInfo(model: string, config: GearshiftConfig): ModelInfo {
    const { info, known } = lookupModel(model, config.models.overrides);
    if (!known && !warnedUnknown.has(model)) {
      warnedUnknown.add(model);
      deps.log.warn(
        `Model "${model}" is not in Gearshift's catalog: assuming a ${fmt(info.contextWindow)}-token window, ` +
          `${fmt(info.maxOutput)} output tokens and no price. Correct it in gearshift.models.overrides.`,
      );
    }
    return info;
  }

  /**
   * The output this model can give the request: what was asked (within the model's maximum),
   * lowered to what the window leaves after the prompt with the tokenizer margin (servers count
   * the prompt their own way). It fits while that leaves at least ANSWER_FLOOR (or all that was
   * asked, when less); `full` when nothing had to be taken off.
   */
  function fit(model: string, tier: Tier, request: RouteRequest<GenerationResult>, config: GearshiftConfig): Fit {
    const info = modelInfo(model, config);
    const wanted = Math.min(request.maxOutputTokens ?? config.maxTokens[tier], info.maxOutput);
    // A character estimate already errs on the large side; only our tokenizer's count gets the margin.
    const left = request.promptEstimated ? info.contextWindow - request.promptTokens : windowLeftAfter(info.contextWindow, request.promptTokens);
    return {
      info,
      wanted,
      maxOutputTokens: Math.max(Math.min(wanted, ANSWER_FLOOR), Math.min(wanted, left)),
      fits: left >= Math.min(wanted, ANSWER_FLOOR),
      full: left >= wanted,
    };
  }

  /** The prompt as a server's own tokenizer may count it (the margin on our count). */
  function serverCount(request: RouteRequest<GenerationResult>): string {
    return fmt(request.promptEstimated ? request.promptTokens : serverPromptCount(request.promptTokens));
  }

  function tooLong(request: RouteRequest<GenerationResult>, model: string, found: Fit, why: string): EndpointError {
    return new EndpointError({
      reason: 'context-too-long',
      model,
      message:
        `The ${request.job} request needs ${fmt(request.promptTokens)} prompt + ${fmt(found.wanted)} output tokens ` +
        `(${fmt(request.promptTokens + found.wanted)}; a server may count the prompt as ${serverCount(request)}), but ${model} holds ${fmt(found.info.contextWindow)}${why}. ` +
        'Send less text, or choose a model with a larger context window.',
    });
  }

  function plan(request: RouteRequest<GenerationResult>, config: GearshiftConfig): Plan {
    const chosen = request.model ? { model: request.model, reason: 'model chosen by the caller' } : modelForTier(config, request.job, request.tier);
    const first = fit(chosen.model, request.tier, request, config);
    const onChosen = (reason: string): Plan => ({
      tier: request.tier, model: chosen.model, maxOutputTokens: first.maxOutputTokens, escalated: false, reason, window: first.info.contextWindow,
    });
    if (first.fits && first.full) return onChosen(chosen.reason);
    const lowered = `${chosen.reason}; output lowered to ${fmt(first.maxOutputTokens)} tokens, what the window leaves`;
    if (request.tier === 'large' || request.allowEscalation === false) {
      if (first.fits) return onChosen(lowered);
      throw tooLong(request, chosen.model, first, request.tier === 'large' ? '' : ' and escalation to the large tier is off');
    }
    const large = config.models.large;
    const second = fit(large, 'large', request, config);
    // The large tier is for what the fast model cannot do in full; a lowered answer on the fast
    // model beats a lowered one on the large.
    if (!(second.fits && second.full) && first.fits) return onChosen(lowered);
    if (!second.fits) throw tooLong(request, large, second, ` (escalated from ${chosen.model}, which holds ${fmt(first.info.contextWindow)})`);
    return {
      tier: 'large',
      model: large,
      maxOutputTokens: second.maxOutputTokens,
      escalated: true,
      reason: `escalated: ${fmt(request.promptTokens + first.wanted)} tokens (a server may count the prompt as ${serverCount(request)}) exceed ${chosen.model}'s ${fmt(first.info.contextWindow)}-token window`,
      window: second.info.contextWindow,
    };
  }

  function record(request: RouteRequest<GenerationResult>, target: RouteTarget, info: ModelInfo, startedAt: number, outcome: RequestOutcome, result?: GenerationResult): void {
    const usage = result?.usage ?? { promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0 };
    deps.ledger.record({
      kind: 'request',
      at: startedAt,
      job: request.job,
      tier: target.tier,
      model: target.model,
      endpointId: target.endpoint.id,
      promptTokens: usage.promptTokens,
      cachedPromptTokens: usage.cachedPromptTokens,
      completionTokens: usage.completionTokens,
      ...(result?.ttftMs !== undefined ? { ttftMs: result.ttftMs } : {}),
      durationMs: result?.durationMs ?? Date.now() - startedAt,
      outcome,
      costUsd: result ? costUsd(info, usage) : 0,
    });
  }

  /** Runs the job on one endpoint, retrying retryable failures with backoff when the job allows it. */
  async function attempt<T extends GenerationResult>(request: RouteRequest<T>, target: RouteTarget, info: ModelInfo): Promise<T> {
    const maxAttempts = request.retry ? RETRY_POLICY.maxAttempts : 1;
    for (let attemptNumber = 1; ; attemptNumber++) {
      if (request.signal?.aborted) throw cancelled();
      const startedAt = Date.now();
      try {
        const result = await request.execute(target);
        record(request, target, info, startedAt, 'ok', result);
        return result;
      } catch (error) {
        const wasCancelled = request.signal?.aborted || (isEndpointError(error) && error.reason === 'cancelled');
        const outcome: RequestOutcome = wasCancelled ? 'cancelled' : isEndpointError(error) ? error.reason : 'bad-response';
        record(request, target, info, startedAt, outcome);
        if (wasCancelled) throw isEndpointError(error) && error.reason === 'cancelled' ? error : cancelled(error);
        if (!isEndpointError(error) || !error.isRetryable || attemptNumber >= maxAttempts) throw error;
        const backoff = RETRY_POLICY.baseDelayMs * 2 ** (attemptNumber - 1);
        const delay = Math.max(error.retryAfterMs ?? 0, Math.round(backoff / 2 + (random() * backoff) / 2));
        if (delay > RETRY_POLICY.maxDelayMs) {
          deps.log.warn(`${request.job}: ${error.reason} on ${target.endpoint.id}; the server asks to wait ${fmt(delay)} ms, more than ${fmt(RETRY_POLICY.maxDelayMs)} ms — not retrying.`);
          throw error;
        }
        deps.log.info(`${request.job}: ${error.reason} on ${target.endpoint.id} (attempt ${attemptNumber}/${maxAttempts}); retrying in ${fmt(delay)} ms.`);
        request.onRetry?.({ reason: error.reason, delayMs: delay, attempt: attemptNumber + 1, maxAttempts });
        await sleep(delay, request.signal);
      }
    }
  }

  /** The settings with the primary server's published windows for the models this job may use. */
  async function configWithServer(primary: EndpointConfig, job: Job, tier: Tier, model?: string): Promise<GearshiftConfig> {
    if (!deps.servers) return deps.config();
    const settings = deps.config();
    const models = [model ?? modelForTier(settings, job, tier).model, settings.models.large];
    return withServerFacts(deps.config(), await deps.servers.ensureWithin(primary, models, DISCOVERY_WAIT_MS));
  }

  async function endpointsOrThrow(): Promise<EndpointConfig[]> {
    const endpoints = await deps.endpoints();
    if (endpoints.length === 0) {
      throw new EndpointError({ reason: 'network', message: 'No endpoint is configured. Set gearshift.endpoint.baseUrl or run "Gearshift: Choose Endpoint".' });
    }
    return endpoints;
  }

  const router: Router = {
    async target(job, tier, model) {
      const [primary] = await endpointsOrThrow();
      // No I/O here: what discovery already found, nothing more.
      const config = withServerFacts(deps.config(), deps.servers?.peek(primary.id));
      const chosen = model ?? modelForTier(config, job, tier).model;
      const maxOutputTokens = Math.min(config.maxTokens[tier], modelInfo(chosen, config).maxOutput);
      return { endpoint: primary, model: chosen, tier, maxOutputTokens };
    },

    async run<T extends GenerationResult>(request: RouteRequest<T>): Promise<RoutedResult<T>> {
      if (request.signal?.aborted) throw cancelled();
      const endpoints = await endpointsOrThrow();
      const config = await configWithServer(endpoints[0], request.job, request.tier, request.model);
      const chosen = plan(request, config);
      const info = modelInfo(chosen.model, config);
      // One failover hop at most: the primary, then the next endpoint.
      const hops = endpoints.slice(0, 2);
      for (let hop = 0; ; hop++) {
        const target: RouteTarget = { endpoint: hops[hop], model: chosen.model, tier: chosen.tier, maxOutputTokens: chosen.maxOutputTokens };
        deps.log.info(
          `route ${request.job}: tier=${chosen.tier} model=${chosen.model} endpoint=${target.endpoint.id} ` +
            `tokens=${fmt(request.promptTokens)}+${fmt(chosen.maxOutputTokens)}/${fmt(chosen.window)} — ${hop > 0 ? 'failover; ' : ''}${chosen.reason}`,
        );
        try {
          const result = await attempt(request, target, info);
          return { result, target, escalated: chosen.escalated, failedOver: hop > 0 };
        } catch (error) {
          // The server found the prompt too long (refused it, or cut it silently) although the
          // window check passed: the large tier gets one try, as if the check had escalated.
          const canEscalate = isEndpointError(error) && error.reason === 'context-too-long' && request.tier === 'fast' && request.allowEscalation !== false
            && !request.model && config.models.large !== chosen.model && !request.signal?.aborted;
          if (canEscalate) {
            deps.log.warn(`${request.job}: ${target.endpoint.id} found the prompt too long for ${chosen.model} (${error.message}); escalating to ${config.models.large}.`);
            return { ...(await router.run({ ...request, tier: 'large', allowEscalation: false })), escalated: true };
          }
          const canFailOver = hop + 1 < hops.length && isEndpointError(error) && error.isEndpointFailure && !request.signal?.aborted;
          if (!canFailOver) throw error;
          deps.log.warn(`${request.job}: ${error.reason} on ${target.endpoint.id} (${error.message}); failing over to ${hops[hop + 1].id}.`);
        }
      }
    },
  };
  return router;
}
