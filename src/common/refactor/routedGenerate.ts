// Connects the rewrite engine to the router and client: each part is one routed chat request
// (ledger, retries, failover), with predicted outputs where the endpoint takes them.
import type { GearshiftConfig } from '../config';
import { lookupModel } from '../catalog';
import { isEndpointError } from '../errors';
import type { Passage } from '../gate';
import type { ChatRequest, Job, LlmClient, Tier } from '../llm';
import type { Router } from '../router';
import type { GenerateAnswer, GenerateRequest, ModelLimits } from './engine';

/** OpenAI's predicted outputs exist for the gpt-4o and gpt-4.1 families. */
export function supportsPrediction(model: string): boolean {
  const family = model.toLowerCase().slice(model.lastIndexOf('/') + 1);
  return /^gpt-4(?:o|\.1)(?:$|[-:@])/.test(family);
}

/**
 * Window and output cap for a tier's model. Long-output jobs use `maxTokens.large` as their cap
 * on either tier (`maxTokens.fast` is sized for inline suggestions).
 */
export function modelLimits(config: GearshiftConfig, model: string): ModelLimits {
  const { info } = lookupModel(model, config.models.overrides);
  return { id: model, contextWindow: info.contextWindow, maxOutput: Math.min(info.maxOutput, config.maxTokens.large) };
}

export interface RoutedGenerateOptions {
  router: Router;
  client: LlmClient;
  job: Job;
  tier: Tier;
  config: GearshiftConfig;
  /** `endpointId|model` pairs that answered 400 to `prediction`; shared for the session. */
  predictionRejected: Set<string>;
  /** What the outbound gate admitted for this job (the file was checked for exclusions and secrets). */
  passage: Passage;
}

export function routedGenerate(options: RoutedGenerateOptions): (request: GenerateRequest) => Promise<GenerateAnswer> {
  const { router, client, config, predictionRejected, passage } = options;
  return async (request) => {
    const routed = await router.run({
      job: options.job,
      tier: options.tier,
      promptTokens: request.promptTokens,
      maxOutputTokens: request.maxTokens,
      retry: true,
      signal: request.signal,
      execute: async (target) => {
        const key = `${target.endpoint.id}|${target.model}`;
        const predict = request.prediction !== undefined && supportsPrediction(target.model) && !predictionRejected.has(key);
        const chat: ChatRequest = {
          model: target.model,
          messages: request.messages,
          // The router's cap: lower than asked where the server's published window leaves less.
          maxTokens: target.maxOutputTokens ?? request.maxTokens,
          temperature: config.temperature,
          signal: request.signal,
          timeouts: config.timeouts,
          onDelta: request.onDelta,
          prediction: predict ? request.prediction : undefined,
        };
        try {
          return await client.chat(target.endpoint, passage.seal(chat));
        } catch (error) {
          if (!predict || !isEndpointError(error) || error.reason !== 'unsupported-parameter') throw error;
          predictionRejected.add(key);
          return client.chat(target.endpoint, passage.seal({ ...chat, prediction: undefined }));
        }
      },
    });
    return { text: routed.result.text, finishReason: routed.result.finishReason };
  };
}
