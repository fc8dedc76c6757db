// The endpoints "Choose Endpoint" offers, with models that suit each tier, and the hosted providers
// reachable only by a custom URL. Pure data: the one source of truth for which hosts need an API
// key (common/keyRequirement derives its list from here, so a new preset cannot be forgotten).

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
  /**
   * Whether the provider needs an API key; local servers usually run without one. 'required'
   * presets are also what the key check (common/keyRequirement) knows as keyed hosts.
   */
  key: 'required' | 'optional' | 'none';
  /** Other hosts of the same provider that need the same key (Mistral's Codestral domain). */
  alsoHosts?: readonly string[];
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
    alsoHosts: ['codestral.mistral.ai'],
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

/**
 * Hosted providers that need a key but have no preset (yet): users reach them with Custom…. A
 * provider that gets a preset moves there (the key check reads both).
 */
export const KEYED_HOSTS_WITHOUT_PRESET: readonly string[] = ['api.groq.com', 'api.together.xyz', 'api.fireworks.ai'];
