// The endpoints "Choose Endpoint" offers, with models that suit each tier. Pure data + helpers.

export type PresetId =
  | 'openai'
  | 'azure'
  | 'openrouter'
  | 'ollama'
  | 'lmstudio'
  | 'llamacpp'
  | 'vllm'
  | 'mistral'
  | 'deepseek'
  | 'custom';

export interface EndpointPreset {
  id: PresetId;
  label: string;
  detail: string;
  /** Base URL; `{resource}` is filled from an input box (Azure). Empty for Custom. */
  baseUrl: string;
  fast: string;
  large: string;
  /** Whether the provider needs an API key; local servers usually run without one. */
  key: 'required' | 'optional' | 'none';
  /** A server on this machine, found by the first-run probe. */
  localPort?: number;
}

export const PRESETS: readonly EndpointPreset[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    detail: 'api.openai.com — gpt-4.1-mini for inline and chat, gpt-4.1 for docs and refactors',
    baseUrl: 'https://api.openai.com/v1',
    fast: 'gpt-4.1-mini',
    large: 'gpt-4.1',
    key: 'required',
  },
  {
    id: 'azure',
    label: 'Azure OpenAI',
    detail: 'Your resource’s v1 API; models are your deployment names',
    baseUrl: 'https://{resource}.openai.azure.com/openai/v1',
    fast: 'gpt-4.1-mini',
    large: 'gpt-4.1',
    key: 'required',
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    detail: 'openrouter.ai — many providers behind one key',
    baseUrl: 'https://openrouter.ai/api/v1',
    fast: 'openai/gpt-4.1-mini',
    large: 'openai/gpt-4.1',
    key: 'required',
  },
  {
    id: 'ollama',
    label: 'Ollama',
    detail: 'Local server on port 11434 — Qwen2.5-Coder 1.5B / 7B',
    baseUrl: 'http://127.0.0.1:11434/v1',
    fast: 'qwen2.5-coder:1.5b',
    large: 'qwen2.5-coder:7b',
    key: 'none',
    localPort: 11434,
  },
  {
    id: 'lmstudio',
    label: 'LM Studio',
    detail: 'Local server on port 1234',
    baseUrl: 'http://127.0.0.1:1234/v1',
    fast: 'qwen2.5-coder-1.5b-instruct',
    large: 'qwen2.5-coder-7b-instruct',
    key: 'none',
    localPort: 1234,
  },
  {
    id: 'llamacpp',
    label: 'llama.cpp server',
    detail: 'llama-server on port 8080 (uses /infill for inline suggestions)',
    baseUrl: 'http://127.0.0.1:8080/v1',
    fast: 'qwen2.5-coder-1.5b',
    large: 'qwen2.5-coder-7b',
    key: 'none',
    localPort: 8080,
  },
  {
    id: 'vllm',
    label: 'vLLM',
    detail: 'vllm serve on port 8000 (key only if started with --api-key)',
    baseUrl: 'http://127.0.0.1:8000/v1',
    fast: 'Qwen/Qwen2.5-Coder-1.5B',
    large: 'Qwen/Qwen2.5-Coder-7B-Instruct',
    key: 'optional',
  },
  {
    id: 'mistral',
    label: 'Mistral',
    detail: 'api.mistral.ai — Codestral (FIM) for inline, Mistral Large for docs and refactors',
    baseUrl: 'https://api.mistral.ai/v1',
    fast: 'codestral-latest',
    large: 'mistral-large-latest',
    key: 'required',
  },
  {
    id: 'deepseek',
    label: 'DeepSeek',
    detail: 'api.deepseek.com — deepseek-chat (FIM through /beta/completions)',
    baseUrl: 'https://api.deepseek.com/v1',
    fast: 'deepseek-chat',
    large: 'deepseek-chat',
    key: 'required',
  },
  {
    id: 'custom',
    label: 'Custom…',
    detail: 'Any OpenAI-compatible base URL',
    baseUrl: '',
    fast: '',
    large: '',
    key: 'optional',
  },
];

export function findPreset(id: string): EndpointPreset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}

/** Azure resource names: lowercase letters, digits and hyphens (2–64), as the portal enforces. */
export function azureBaseUrl(resource: string): string {
  const name = resource.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{1,63}$/.test(name)) {
    throw new Error(`"${resource}" is not an Azure resource name (letters, digits and hyphens)`);
  }
  return `https://${name}.openai.azure.com/openai/v1`;
}

/** Parameter count in billions from names like `qwen2.5-coder:7b`, `Qwen2.5-Coder-1.5B-Instruct`. */
export function parameterBillions(model: string): number | undefined {
  const match = /(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)b(?![a-z])/i.exec(model);
  return match ? Number(match[1]) : undefined;
}

/**
 * Picks tier models from what a server actually has: the preset's models when present, otherwise
 * code models first, the smallest for the fast tier and the largest for the large tier.
 */
export function pickModels(available: string[], preset: Pick<EndpointPreset, 'fast' | 'large'>): { fast: string; large: string } {
  if (available.length === 0) return { fast: preset.fast, large: preset.large };
  const has = (name: string): boolean => available.includes(name);
  const coders = available.filter((name) => /cod(e|er|ing)|starcoder|codestral/i.test(name));
  const pool = coders.length ? coders : available;
  const bySize = [...pool].sort((a, b) => (parameterBillions(a) ?? 1e9) - (parameterBillions(b) ?? 1e9));
  const largest = [...pool].sort((a, b) => (parameterBillions(b) ?? -1) - (parameterBillions(a) ?? -1))[0];
  return {
    fast: has(preset.fast) ? preset.fast : bySize[0],
    large: has(preset.large) ? preset.large : largest,
  };
}
