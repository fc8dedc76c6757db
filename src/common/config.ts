// The validated settings snapshot the engine works from. Defaults and validation live beside the
// type so the manifest (package.json contributes.configuration) can be checked against them.
import type { FimTransport } from './llm';

export type FimFormat = 'none' | 'qwen' | 'deepseek' | 'starcoder' | 'codellama' | 'codestral';

export interface ModelOverride {
  contextWindow?: number;
  maxOutput?: number;
  priceIn?: number;
  priceCachedIn?: number;
  priceOut?: number;
  encoding?: 'o200k_base' | 'cl100k_base';
  fimFormat?: FimFormat;
  vision?: boolean;
}

export interface EndpointSetting {
  name?: string;
  baseUrl: string;
  headers: Record<string, string>;
}

export interface GearshiftConfig {
  endpoint: EndpointSetting;
  failover: EndpointSetting[];
  models: { fast: string; large: string; chat: string; overrides: Record<string, ModelOverride> };
  maxTokens: { fast: number; large: number };
  temperature: number;
  timeouts: { connectMs: number; firstTokenMs: number; idleMs: number; totalMs: number; inlineMs: number };
  exclude: string[];
  network: { caCertificates: string[] };
  inline: {
    enable: Record<string, boolean>;
    speculative: 'auto' | 'on' | 'off';
    transport: 'auto' | FimTransport;
    throttleMs: number;
    contextChars: number;
    definitionTimeoutMs: number;
  };
  docs: { style: Record<string, string>; rewriteExisting: boolean; fastTierMaxLines: number };
  refactor: { concurrency: number };
  ledger: { maxEntries: number };
}
