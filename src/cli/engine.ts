// The engine for the headless CLI: the same client, router and tokenizer as the extension, with
// settings from the environment and flags instead of VS Code, and no usage ledger.
import { readConfig, type GearshiftConfig } from '../common/config';
import { endpointFromSetting } from '../common/endpoint';
import type { Ledger } from '../common/ledger';
import type { EndpointConfig } from '../common/llm';
import type { Logger } from '../common/logger';
import type { Router } from '../common/router';
import { createRouter } from '../common/routerImpl';
import { summarizeUsage } from '../common/usageSummary';
import { createClient, type GearshiftClient } from '../node/client';
import { createTreeSitterSyntax } from '../node/syntax/treeSitter';
import { createTokenizer } from '../node/tokenizer';
import type { SyntaxService } from '../common/syntax/types';
import type { TokenCounter } from '../common/tokenCounter';

export interface CliFlags {
  /** --endpoint URL: overrides GEARSHIFT_BASE_URL. */
  endpoint?: string;
  /** --model NAME: one model for every tier, overriding GEARSHIFT_FAST_MODEL and GEARSHIFT_LARGE_MODEL. */
  model?: string;
}

export interface CliEngine {
  client: GearshiftClient;
  router: Router;
  config: GearshiftConfig;
  endpoint: EndpointConfig;
  tokenizer: TokenCounter;
  /** Syntax trees (grammars load on first use). */
  syntax: SyntaxService;
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
  };
  const { config, problems } = readConfig((key) => settings[key]);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const log = stderrLogger(env);
  const endpoint = endpointFromSetting(config.endpoint, env.GEARSHIFT_API_KEY?.trim() || undefined);
  const tokenizer = createTokenizer();
  const client = createClient({ countTokens: (text, model) => tokenizer.count(text, model), log });
  const router = createRouter({ config: () => config, endpoints: async () => [endpoint], ledger: noLedger, log });
  return {
    client,
    router,
    config,
    endpoint,
    tokenizer,
    syntax: createTreeSitterSyntax(),
    log,
    async dispose() {
      tokenizer.dispose();
      await client.dispose();
    },
  };
}
