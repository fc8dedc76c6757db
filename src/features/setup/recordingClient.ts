// Test Endpoint's requests bypass the router but still cost tokens (and money on paid endpoints):
// this wrapper records each one in the usage ledger as job `probe`. Pure.
import { costUsd, lookupModel } from '../../common/catalog';
import type { ModelOverride } from '../../common/config';
import { isEndpointError } from '../../common/errors';
import type { Ledger } from '../../common/ledger';
import type { EndpointConfig, GenerationResult, LlmClient, Tier } from '../../common/llm';

export function recordingClient(
  client: LlmClient,
  ledger: Ledger,
  options: { tier: Tier; overrides: Record<string, ModelOverride>; now?: () => number },
): LlmClient {
  const now = options.now ?? Date.now;
  const track = async (endpoint: EndpointConfig, model: string, run: () => Promise<GenerationResult>): Promise<GenerationResult> => {
    const started = now();
    const base = { kind: 'request', at: started, job: 'probe', tier: options.tier, model, endpointId: endpoint.id } as const;
    try {
      const result = await run();
      const { usage } = result;
      ledger.record({
        ...base,
        promptTokens: usage.promptTokens,
        cachedPromptTokens: usage.cachedPromptTokens,
        completionTokens: usage.completionTokens,
        ttftMs: result.ttftMs,
        durationMs: result.durationMs,
        outcome: 'ok',
        costUsd: costUsd(lookupModel(model, options.overrides).info, usage),
      });
      return result;
    } catch (error) {
      ledger.record({
        ...base,
        promptTokens: 0,
        cachedPromptTokens: 0,
        completionTokens: 0,
        durationMs: now() - started,
        outcome: isEndpointError(error) ? error.reason : 'bad-response',
        costUsd: 0,
      });
      throw error;
    }
  };
  return {
    chat: (endpoint, request) => track(endpoint, request.model, () => client.chat(endpoint, request)),
    complete: (endpoint, request) => track(endpoint, request.model, () => client.complete(endpoint, request)),
    infill: (endpoint, request) => track(endpoint, request.model, () => client.infill(endpoint, request)),
    fim: (endpoint, request) => track(endpoint, request.model, () => client.fim(endpoint, request)),
    listModels: (endpoint, signal) => client.listModels(endpoint, signal),
  };
}
