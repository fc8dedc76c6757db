// First run: look for an OpenAI-compatible server on this machine's usual ports. No vscode here,
// so it is tested against the real local test server.
import type { EndpointConfig, LlmClient } from '../../common/llm';
import { endpointId } from '../../common/endpoint';
import { PRESETS, type EndpointPreset } from './presets';

export interface FoundServer {
  preset: EndpointPreset;
  baseUrl: string;
  models: string[];
}

export interface LocalCandidate {
  preset: EndpointPreset;
  baseUrl: string;
}

/** Ollama 11434, LM Studio 1234, llama.cpp 8080 on the loopback address. */
export function defaultCandidates(): LocalCandidate[] {
  return PRESETS.filter((preset) => preset.localPort !== undefined).map((preset) => ({ preset, baseUrl: preset.baseUrl }));
}

/**
 * Asks every candidate for its models at once, each with a short timeout, and returns those that
 * answered, in candidate order. A refused port costs about a millisecond.
 */
export async function findLocalServers(
  client: Pick<LlmClient, 'listModels'>,
  candidates: LocalCandidate[] = defaultCandidates(),
  timeoutMs = 1500,
): Promise<FoundServer[]> {
  const answers = await Promise.all(
    candidates.map(async ({ preset, baseUrl }): Promise<FoundServer | undefined> => {
      const endpoint: EndpointConfig = { id: endpointId(baseUrl), name: preset.label, baseUrl, headers: {} };
      try {
        const models = await client.listModels(endpoint, AbortSignal.timeout(timeoutMs));
        return { preset, baseUrl, models };
      } catch {
        return undefined;
      }
    }),
  );
  return answers.filter((found): found is FoundServer => found !== undefined);
}
