// The engine for the headless CLI: the same client, router and tokenizer as the extension, with
// settings from the environment and flags instead of VS Code, and no usage ledger.
import { readConfig, type GearshiftConfig } from '../common/config';
import { endpointFromSetting } from '../common/endpoint';
import type { Ledger } from '../common/ledger';
import type { OutboundGate } from '../common/gate';
import type { EndpointConfig } from '../common/llm';
import type { Logger } from '../common/logger';
import type { Router } from '../common/router';
import { createRouter } from '../common/routerImpl';
import { ServerFactsCache, withServerFacts } from '../common/serverFacts';
import { summarizeUsage } from '../common/usageSummary';
import { createClient, type GearshiftClient } from '../node/client';
import { createTreeSitterSyntax } from '../node/syntax/treeSitter';
import { createTokenizer } from '../node/tokenizer';
import type { SyntaxService } from '../common/syntax/types';
import type { TokenCounter } from '../common/tokenCounter';
import { createCliGate } from './gate';

export interface CliFlags {
  /** --endpoint URL: overrides GEARSHIFT_BASE_URL. */
  endpoint?: string;
  /** --model NAME: one model for every tier, overriding GEARSHIFT_FAST_MODEL and GEARSHIFT_LARGE_MODEL. */
  model?: string;
  /** --transport NAME: the inline transport (gearshift.inline.transport), overriding GEARSHIFT_TRANSPORT. */
  transport?: string;
  /** --context-window N: the models' window (a models.overrides entry), overriding GEARSHIFT_CONTEXT_WINDOW. */
  contextWindow?: string;
  /** --max-output N: the models' output cap, overriding GEARSHIFT_MAX_OUTPUT. */
  maxOutput?: string;
}

/** The flags every subcommand takes, with the variable each one overrides. */
export const ENGINE_FLAGS = { endpoint: 'endpoint', model: 'model', transport: 'transport', 'context-window': 'contextWindow', 'max-output': 'maxOutput' } as const;

/** Picks the engine flags out of parsed `--name value` pairs. */
export function engineFlags(flags: Record<string, string | true | undefined>): CliFlags {
  const picked: CliFlags = {};
  for (const [flag, key] of Object.entries(ENGINE_FLAGS)) {
    const value = flags[flag];
    if (typeof value === 'string') picked[key] = value;
  }
  return picked;
}

export interface CliEngine {
  client: GearshiftClient;
  router: Router;
  /** The settings, with what the server published once discover() (or any routed request) found it. */
  readonly config: GearshiftConfig;
  servers: ServerFactsCache;
  /** Asks the server about itself and the configured models (windows, slots); never throws. */
  discover(): Promise<void>;
  endpoint: EndpointConfig;
  tokenizer: TokenCounter;
  /** Syntax trees (grammars load on first use). */
  syntax: SyntaxService;
  /** Exclusions (defaults + .gearshiftignore) and secret detection for everything the command sends. */
  gate: OutboundGate;
  log: Logger;
  dispose(): Promise<void>;
}

type Env = Record<string, string | undefined>;

/** Writes to stderr so stdout stays clean for results; GEARSHIFT_LOG=info|debug shows routing decisions. */
export function stderrLogger(env: Env = process.env): Logger {
  const level = (env.GEARSHIFT_LOG ?? 'warn').toLowerCase();
  const verbosity = ['error', 'warn', 'info', 'debug', 'trace'].indexOf(level);
  const at = (rank: number, label: string) => (message: unknown) => {
    if (rank <= (verbosity < 0 ? 1 : verbosity)) process.stderr.write(`[${label}] ${message instanceof Error ? message.message : String(message)}\n`);
  };
  return { error: at(0, 'error'), warn: at(1, 'warn'), info: at(2, 'info'), debug: at(3, 'debug'), trace: at(4, 'trace') };
}

/** The CLI keeps no usage history: records are dropped. */
const noLedger: Ledger = {
  record: () => undefined,
  summary: async (now) => summarizeUsage([], now),
};

/**
 * Builds the engine from GEARSHIFT_BASE_URL, GEARSHIFT_API_KEY, GEARSHIFT_FAST_MODEL,
 * GEARSHIFT_LARGE_MODEL and the flags. Invalid values are an error (a CLI should not guess).
 */
export function createCliEngine(flags: CliFlags = {}, env: Env = process.env): CliEngine {
  const settings: Record<string, unknown> = {
    'endpoint.baseUrl': flags.endpoint ?? env.GEARSHIFT_BASE_URL,
    'models.fast': flags.model ?? env.GEARSHIFT_FAST_MODEL,
    'models.large': flags.model ?? env.GEARSHIFT_LARGE_MODEL,
    'inline.transport': flags.transport ?? env.GEARSHIFT_TRANSPORT,
  };
  const { config: base, problems } = readConfig((key) => settings[key]);
  const limits = modelLimitsOverride(flags.contextWindow ?? env.GEARSHIFT_CONTEXT_WINDOW, flags.maxOutput ?? env.GEARSHIFT_MAX_OUTPUT, problems);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  // The limits apply to the models this run uses, as a models.overrides entry would.
  const config: GearshiftConfig = limits
    ? { ...base, models: { ...base.models, overrides: { ...base.models.overrides, [base.models.fast]: limits, [base.models.large]: limits } } }
    : base;
  const log = stderrLogger(env);
  const endpoint = endpointFromSetting(config.endpoint, env.GEARSHIFT_API_KEY?.trim() || undefined);
  const tokenizer = createTokenizer();
  const client = createClient({ countTokens: (text, model) => tokenizer.count(text, model), log });
  const servers = new ServerFactsCache((target, models, signal) => client.discover(target, models, signal), log);
  const router = createRouter({ config: () => config, endpoints: async () => [endpoint], ledger: noLedger, log, servers });
  return {
    client,
    router,
    get config() {
      return withServerFacts(config, servers.peek(endpoint.id));
    },
    servers,
    async discover() {
      await servers.ensure(endpoint, [config.models.fast, config.models.large]);
    },
    endpoint,
    tokenizer,
    syntax: createTreeSitterSyntax(),
    gate: createCliGate(config.exclude),
    log,
    async dispose() {
      tokenizer.dispose();
      await client.dispose();
    },
  };
}

/** `--context-window` / `--max-output` as one override entry; a bad number is a problem, not a guess. */
function modelLimitsOverride(contextWindow: string | undefined, maxOutput: string | undefined, problems: string[]): { contextWindow?: number; maxOutput?: number } | undefined {
  const parse = (value: string | undefined, name: string, minimum: number): number | undefined => {
    if (value === undefined || value.trim() === '') return undefined;
    const number = Number(value);
    if (!Number.isInteger(number) || number < minimum) {
      problems.push(`${name} must be a whole number of tokens, at least ${minimum} (got "${value}").`);
      return undefined;
    }
    return number;
  };
  const window = parse(contextWindow, '--context-window / GEARSHIFT_CONTEXT_WINDOW', 256);
  const output = parse(maxOutput, '--max-output / GEARSHIFT_MAX_OUTPUT', 1);
  if (window === undefined && output === undefined) return undefined;
  return { ...(window !== undefined ? { contextWindow: window } : {}), ...(output !== undefined ? { maxOutput: output } : {}) };
}
