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
  /** inline: the model for ghost text; `fast` (or empty) = the fast model (a base FIM model can serve inline while chat uses an instruct one). */
  models: { fast: string; large: string; chat: string; inline: string; overrides: Record<string, ModelOverride> };
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
  /** 'auto': the server's parallel slots when known (see withServerFacts), else AUTO_CONCURRENCY. */
  refactor: { concurrency: number | 'auto' };
  ledger: { maxEntries: number };
}

/** Mirrors the manifest's defaults exactly (a unit test compares the two). */
export const DEFAULT_CONFIG: GearshiftConfig = {
  endpoint: { baseUrl: 'https://api.openai.com/v1', headers: {} },
  failover: [],
  models: { fast: 'gpt-4.1-mini', large: 'gpt-4.1', chat: 'fast', inline: 'fast', overrides: {} },
  maxTokens: { fast: 256, large: 32768 },
  temperature: 0.2,
  timeouts: { connectMs: 10000, firstTokenMs: 60000, idleMs: 30000, totalMs: 600000, inlineMs: 5000 },
  exclude: [
    '**/.env*', '**/*.pem', '**/*.key', '**/id_rsa*', '**/id_dsa*', '**/id_ecdsa*', '**/id_ed25519*', '**/secrets/**',
    '**/.npmrc', '**/.netrc', '**/_netrc', '**/.pypirc', '**/.git-credentials', '**/*.p12', '**/*.pfx', '**/*.jks', '**/*.keystore',
    '**/.aws/credentials', '**/.aws/config', '**/kubeconfig*', '**/.kube/config', '**/*.tfstate', '**/*.tfstate.*', '**/.docker/config.json',
  ],
  network: { caCertificates: [] },
  inline: {
    enable: { '*': true, markdown: false, plaintext: false, scminput: false },
    speculative: 'auto',
    transport: 'auto',
    throttleMs: 40,
    contextChars: 4000,
    definitionTimeoutMs: 15,
  },
  docs: { style: {}, rewriteExisting: false, fastTierMaxLines: 0 },
  refactor: { concurrency: 'auto' },
  ledger: { maxEntries: 50000 },
};

export const FIM_FORMATS: readonly FimFormat[] = ['none', 'qwen', 'deepseek', 'starcoder', 'codellama', 'codestral'];
export const ENCODINGS = ['o200k_base', 'cl100k_base'] as const;
export const DOC_STYLES = [
  'jsdoc', 'tsdoc', 'pep257-google', 'pep257-numpy', 'pep257-rest', 'godoc', 'rustdoc', 'javadoc', 'kdoc', 'xmldoc', 'doxygen',
] as const;
const URL_PATTERN = /^https?:\/\//;

/** How one setting is validated; the manifest test reads the same table. */
export type SettingRule =
  | { type: 'string'; minLength?: number; pattern?: RegExp }
  | { type: 'number'; minimum?: number; maximum?: number }
  /** A number within bounds, or the word 'auto' (a default that adapts to what the server says). */
  | { type: 'number-or-auto'; minimum?: number; maximum?: number }
  | { type: 'boolean' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'string-array' }
  | { type: 'record'; values: 'string' | 'boolean' | readonly string[] }
  | { type: 'endpoints' }
  | { type: 'model-overrides' };

type NumberRule = Extract<SettingRule, { type: 'number' | 'number-or-auto' }>;

/** Every setting readConfig reads (key without `gearshift.`), with where it lands in GearshiftConfig. */
export const SETTING_RULES: Record<string, { path: string[]; rule: SettingRule }> = {
  'endpoint.baseUrl': { path: ['endpoint', 'baseUrl'], rule: { type: 'string', pattern: URL_PATTERN } },
  'endpoint.headers': { path: ['endpoint', 'headers'], rule: { type: 'record', values: 'string' } },
  'endpoint.failover': { path: ['failover'], rule: { type: 'endpoints' } },
  'models.fast': { path: ['models', 'fast'], rule: { type: 'string', minLength: 1 } },
  'models.large': { path: ['models', 'large'], rule: { type: 'string', minLength: 1 } },
  // Empty means the default (`fast`); the router reads it through chatModelChoice().
  'models.chat': { path: ['models', 'chat'], rule: { type: 'string' } },
  // `fast` or empty means the fast model; the router reads it through modelForTier().
  'models.inline': { path: ['models', 'inline'], rule: { type: 'string' } },
  'models.overrides': { path: ['models', 'overrides'], rule: { type: 'model-overrides' } },
  'maxTokens.fast': { path: ['maxTokens', 'fast'], rule: { type: 'number', minimum: 16, maximum: 32768 } },
  'maxTokens.large': { path: ['maxTokens', 'large'], rule: { type: 'number', minimum: 256, maximum: 1000000 } },
  'temperature': { path: ['temperature'], rule: { type: 'number', minimum: 0, maximum: 2 } },
  'timeouts.connectMs': { path: ['timeouts', 'connectMs'], rule: { type: 'number', minimum: 100 } },
  'timeouts.firstTokenMs': { path: ['timeouts', 'firstTokenMs'], rule: { type: 'number', minimum: 100 } },
  'timeouts.idleMs': { path: ['timeouts', 'idleMs'], rule: { type: 'number', minimum: 100 } },
  'timeouts.totalMs': { path: ['timeouts', 'totalMs'], rule: { type: 'number', minimum: 1000 } },
  'timeouts.inlineMs': { path: ['timeouts', 'inlineMs'], rule: { type: 'number', minimum: 200 } },
  'exclude': { path: ['exclude'], rule: { type: 'string-array' } },
  'network.caCertificates': { path: ['network', 'caCertificates'], rule: { type: 'string-array' } },
  'inline.enable': { path: ['inline', 'enable'], rule: { type: 'record', values: 'boolean' } },
  'inline.speculative': { path: ['inline', 'speculative'], rule: { type: 'enum', values: ['auto', 'on', 'off'] } },
  'inline.transport': {
    path: ['inline', 'transport'],
    rule: { type: 'enum', values: ['auto', 'chat', 'completions-suffix', 'fim-template', 'infill', 'fim-endpoint', 'deepseek-beta'] },
  },
  'inline.throttleMs': { path: ['inline', 'throttleMs'], rule: { type: 'number', minimum: 0, maximum: 1000 } },
  'inline.contextChars': { path: ['inline', 'contextChars'], rule: { type: 'number', minimum: 500, maximum: 100000 } },
  'inline.definitionTimeoutMs': { path: ['inline', 'definitionTimeoutMs'], rule: { type: 'number', minimum: 0, maximum: 2000 } },
  'docs.style': { path: ['docs', 'style'], rule: { type: 'record', values: DOC_STYLES } },
  'docs.rewriteExisting': { path: ['docs', 'rewriteExisting'], rule: { type: 'boolean' } },
  'docs.fastTierMaxLines': { path: ['docs', 'fastTierMaxLines'], rule: { type: 'number', minimum: 0 } },
  'refactor.concurrency': { path: ['refactor', 'concurrency'], rule: { type: 'number-or-auto', minimum: 1, maximum: 16 } },
  'ledger.maxEntries': { path: ['ledger', 'maxEntries'], rule: { type: 'number', minimum: 100 } },
};

/** The fields of one `models.overrides` entry; mirrors the manifest's nested schema. */
export const MODEL_OVERRIDE_RULES: Record<keyof ModelOverride, SettingRule> = {
  contextWindow: { type: 'number', minimum: 256 },
  maxOutput: { type: 'number', minimum: 16 },
  priceIn: { type: 'number', minimum: 0 },
  priceCachedIn: { type: 'number', minimum: 0 },
  priceOut: { type: 'number', minimum: 0 },
  encoding: { type: 'enum', values: ENCODINGS },
  fimFormat: { type: 'enum', values: FIM_FORMATS },
  vision: { type: 'boolean' },
};

/** Validation outcome: the value, or why it was rejected. */
type Checked = { ok: true; value: unknown } | { ok: false; problem: string };

const ok = (value: unknown): Checked => ({ ok: true, value });
const bad = (problem: string): Checked => ({ ok: false, problem });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkNumber(value: unknown, rule: NumberRule): Checked {
  if (typeof value !== 'number' || !Number.isFinite(value)) return bad('must be a number');
  if (rule.minimum !== undefined && value < rule.minimum) return bad(`must be at least ${rule.minimum}`);
  if (rule.maximum !== undefined && value > rule.maximum) return bad(`must be at most ${rule.maximum}`);
  return ok(value);
}

function checkEndpoints(value: unknown): Checked {
  if (!Array.isArray(value)) return bad('must be a list of endpoints');
  const endpoints: EndpointSetting[] = [];
  for (const [index, item] of value.entries()) {
    if (!isPlainObject(item) || typeof item.baseUrl !== 'string' || !URL_PATTERN.test(item.baseUrl)) {
      return bad(`entry ${index + 1} needs a baseUrl starting with http:// or https://`);
    }
    const headers = item.headers === undefined ? ok({}) : check(item.headers, { type: 'record', values: 'string' });
    if (!headers.ok) return bad(`entry ${index + 1}: headers ${headers.problem}`);
    if (item.name !== undefined && typeof item.name !== 'string') return bad(`entry ${index + 1}: name must be a string`);
    endpoints.push({ ...(item.name ? { name: item.name } : {}), baseUrl: item.baseUrl, headers: headers.value as Record<string, string> });
  }
  return ok(endpoints);
}

function checkOverrides(value: unknown): Checked {
  if (!isPlainObject(value)) return bad('must be an object of model names');
  const overrides: Record<string, ModelOverride> = {};
  for (const [model, fields] of Object.entries(value)) {
    if (!isPlainObject(fields)) return bad(`"${model}" must be an object`);
    for (const [field, fieldValue] of Object.entries(fields)) {
      const rule = MODEL_OVERRIDE_RULES[field as keyof ModelOverride];
      if (!rule) return bad(`"${model}": unknown field "${field}"`);
      const checked = check(fieldValue, rule);
      if (!checked.ok) return bad(`"${model}".${field} ${checked.problem}`);
    }
    overrides[model] = fields as ModelOverride;
  }
  return ok(overrides);
}

function check(value: unknown, rule: SettingRule): Checked {
  switch (rule.type) {
    case 'string':
      if (typeof value !== 'string') return bad('must be a string');
      if (rule.minLength !== undefined && value.trim().length < rule.minLength) return bad('must not be empty');
      if (rule.pattern && !rule.pattern.test(value)) return bad('must start with http:// or https://');
      return ok(rule.minLength ? value.trim() : value);
    case 'number':
      return checkNumber(value, rule);
    case 'number-or-auto':
      return value === 'auto' ? ok(value) : checkNumber(value, rule);
    case 'boolean':
      return typeof value === 'boolean' ? ok(value) : bad('must be true or false');
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value) ? ok(value) : bad(`must be one of ${rule.values.join(', ')}`);
    case 'string-array':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? ok([...value]) : bad('must be a list of strings');
    case 'record': {
      if (!isPlainObject(value)) return bad('must be an object');
      const values = rule.values;
      for (const [key, item] of Object.entries(value)) {
        const valid = typeof values === 'string' ? typeof item === values : typeof item === 'string' && values.includes(item);
        if (!valid) return bad(`"${key}" must be ${typeof values === 'string' ? `a ${values}` : `one of ${values.join(', ')}`}`);
      }
      return ok({ ...value });
    }
    case 'endpoints':
      return checkEndpoints(value);
    case 'model-overrides':
      return checkOverrides(value);
  }
}

function getPath(target: unknown, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], target);
}

function setPath(target: unknown, path: string[], value: unknown): void {
  const parent = getPath(target, path.slice(0, -1)) as Record<string, unknown>;
  parent[path[path.length - 1]] = value;
}

/** Parts in parallel when the setting is 'auto' and the server does not say how many it runs at once. */
export const AUTO_CONCURRENCY = 4;

/** The refactor concurrency to use: the user's number, or for 'auto' the server's slots (or AUTO_CONCURRENCY). */
export function refactorConcurrency(config: GearshiftConfig, slots?: number): number {
  const setting = config.refactor.concurrency;
  if (setting !== 'auto') return setting;
  return slots !== undefined ? Math.max(1, slots) : AUTO_CONCURRENCY;
}

/** The default of one setting, for the manifest test and for callers that need a single value. */
export function defaultFor(key: string): unknown {
  const entry = SETTING_RULES[key];
  return entry ? getPath(DEFAULT_CONFIG, entry.path) : undefined;
}

/**
 * Reads every setting through `get` (key without the `gearshift.` prefix). Missing values take the
 * default silently; invalid values take the default and add one human-readable problem each.
 */
export function readConfig(get: (key: string) => unknown): { config: GearshiftConfig; problems: string[] } {
  const config = structuredClone(DEFAULT_CONFIG);
  const problems: string[] = [];
  for (const [key, { path, rule }] of Object.entries(SETTING_RULES)) {
    const value = get(key);
    if (value === undefined || value === null) continue;
    const checked = check(value, rule);
    if (checked.ok) setPath(config, path, checked.value);
    else problems.push(`gearshift.${key} ${checked.problem}; using the default ${JSON.stringify(getPath(DEFAULT_CONFIG, path))}.`);
  }
  return { config, problems };
}
