// Built-in facts about models: context window, output cap, prices, tokenizer encoding, FIM format.
// Names are matched by family prefix so provider prefixes and tags (`openai/gpt-4.1-mini`,
// `qwen2.5-coder:7b-base`, `Qwen/Qwen2.5-Coder-1.5B`) find the same entry.
import type { FimFormat, ModelOverride } from './config';
import type { Usage } from './llm';

export type Encoding = 'o200k_base' | 'cl100k_base';

export interface ModelInfo {
  id: string;
  contextWindow: number;
  maxOutput: number;
  /** USD per 1M tokens; 0 means free (local) or unknown. */
  priceIn: number;
  priceCachedIn: number;
  priceOut: number;
  encoding: Encoding;
  fimFormat: FimFormat;
  vision: boolean;
  /** True for models that only speak chat (no raw prompt / FIM tokens). */
  chatOnly: boolean;
}

type Entry = Omit<ModelInfo, 'id'>;

const openAi = (contextWindow: number, maxOutput: number, priceIn: number, priceCachedIn: number, priceOut: number): Entry => ({
  contextWindow, maxOutput, priceIn, priceCachedIn, priceOut, encoding: 'o200k_base', fimFormat: 'none', vision: true, chatOnly: true,
});

// Open-weight code models: price 0 (free when self-hosted; unknown on paid hosts, set an override).
// Their own tokenizers differ from tiktoken's; cl100k_base is the nearest stand-in for counting.
const openWeights = (contextWindow: number, maxOutput: number, fimFormat: FimFormat): Entry => ({
  contextWindow, maxOutput, priceIn: 0, priceCachedIn: 0, priceOut: 0, encoding: 'cl100k_base', fimFormat, vision: false, chatOnly: false,
});

/** Family prefix (lower case, provider prefix removed) → facts. The longest matching prefix wins. */
const CATALOG: Record<string, Entry> = {
  'gpt-4.1': openAi(1_047_576, 32_768, 2, 0.5, 8),
  'gpt-4.1-mini': openAi(1_047_576, 32_768, 0.4, 0.1, 1.6),
  'gpt-4.1-nano': openAi(1_047_576, 32_768, 0.1, 0.025, 0.4),
  'gpt-4o': openAi(128_000, 16_384, 2.5, 1.25, 10),
  'gpt-4o-mini': openAi(128_000, 16_384, 0.15, 0.075, 0.6),
  'gpt-5': openAi(400_000, 128_000, 1.25, 0.125, 10),
  'gpt-5-mini': openAi(400_000, 128_000, 0.25, 0.025, 2),
  'gpt-5-nano': openAi(400_000, 128_000, 0.05, 0.005, 0.4),
  'qwen2.5-coder': openWeights(32_768, 8_192, 'qwen'),
  'deepseek-coder': openWeights(16_384, 4_096, 'deepseek'),
  'starcoder2': openWeights(16_384, 4_096, 'starcoder'),
  'codellama': openWeights(16_384, 4_096, 'codellama'),
  'code-llama': openWeights(16_384, 4_096, 'codellama'),
  'codestral': openWeights(32_768, 4_096, 'codestral'),
};

/** Conservative facts for a model the catalog does not know. */
export const UNKNOWN_MODEL: Entry = {
  contextWindow: 8_192, maxOutput: 1_024, priceIn: 0, priceCachedIn: 0, priceOut: 0,
  encoding: 'o200k_base', fimFormat: 'none', vision: false, chatOnly: true,
};

/** Lower case, without a provider/org prefix (`openai/`, `Qwen/`, `hf.co/bartowski/`). */
function familyName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.slice(lower.lastIndexOf('/') + 1);
}

// A prefix matches only at a boundary, so `gpt-4o` does not claim `gpt-4olympus`.
const BOUNDARY = /^($|[-:_@.\s])/;

function catalogKey(name: string): string | undefined {
  const family = familyName(name);
  let best: string | undefined;
  for (const key of Object.keys(CATALOG)) {
    if (family.startsWith(key) && BOUNDARY.test(family.slice(key.length)) && (!best || key.length > best.length)) best = key;
  }
  return best;
}

function findOverride(name: string, overrides: Record<string, ModelOverride>): ModelOverride | undefined {
  if (overrides[name]) return overrides[name];
  const lower = name.trim().toLowerCase();
  const match = Object.keys(overrides).find((key) => key.trim().toLowerCase() === lower);
  return match ? overrides[match] : undefined;
}

/**
 * Facts for a model name. User overrides (exact name, case-insensitive) merge per field over the
 * catalog entry, or over conservative defaults; `known` is false only when neither applies.
 * What the server publishes (`served*`, put in by withServerFacts) sits between the two: the
 * window a server actually runs with can only shrink the catalog's (a 2,048-token llama.cpp slot, an
 * Ollama num_ctx), and stands in for the guess on an unknown model; the user's override still wins.
 */
export function lookupModel(name: string, overrides: Record<string, ModelOverride> = {}): { info: ModelInfo; known: boolean } {
  const key = catalogKey(name);
  const { servedContextWindow, servedMaxOutput, ...own } = (findOverride(name, overrides) ?? {}) as ServedOverride;
  const base = key ? CATALOG[key] : UNKNOWN_MODEL;
  const defined = Object.fromEntries(Object.entries(own).filter(([, value]) => value !== undefined));
  const served = (catalog: number, value: number | undefined) => (value === undefined ? catalog : key ? Math.min(catalog, value) : value);
  const info = { ...base, contextWindow: served(base.contextWindow, servedContextWindow), maxOutput: served(base.maxOutput, servedMaxOutput), ...defined, id: name };
  return { info, known: key !== undefined || Object.keys(defined).length > 0 };
}

/** An override entry with what the server published; never read from settings. */
export interface ServedOverride extends ModelOverride {
  servedContextWindow?: number;
  servedMaxOutput?: number;
}

/** Cost of one request in USD; cached prompt tokens are billed at the cached-input price. */
export function costUsd(info: ModelInfo, usage: Pick<Usage, 'promptTokens' | 'completionTokens' | 'cachedPromptTokens'>): number {
  const cached = Math.min(Math.max(usage.cachedPromptTokens, 0), usage.promptTokens);
  const uncached = usage.promptTokens - cached;
  return (uncached * info.priceIn + cached * info.priceCachedIn + usage.completionTokens * info.priceOut) / 1_000_000;
}
