// `gearshift` — the headless entry on the same engine (common + node).
import { EXIT_CODES_HELP } from './exitCodes';

const USAGE = `Usage:
  gearshift complete <file>:<line>:<col> [--open <file>…] [--endpoint URL --model NAME] [--json]
  gearshift doc <file> [--symbol NAME] [--write] [--allow-partial]
  gearshift refactor <file> --instruction "…" [--write] [--allow-partial]
  gearshift probe [--endpoint URL] [--model NAME] [--json]
Every command also takes --transport NAME, --context-window N and --max-output N.
${EXIT_CODES_HELP}
Environment: GEARSHIFT_BASE_URL, GEARSHIFT_API_KEY, GEARSHIFT_FAST_MODEL, GEARSHIFT_LARGE_MODEL,
  GEARSHIFT_TRANSPORT, GEARSHIFT_CONTEXT_WINDOW, GEARSHIFT_MAX_OUTPUT`;

type Subcommand = (args: string[]) => Promise<number>;

const subcommands: Record<string, () => Promise<Subcommand>> = {
  complete: async () => (await import('./complete')).run,
  doc: async () => (await import('./doc')).run,
  refactor: async () => (await import('./refactor')).run,
  probe: async () => (await import('./probe')).run,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? subcommands[name] : undefined;
  if (!load) {
    process.stderr.write(`${USAGE}\n`);
    return name === '--help' || name === '-h' ? 0 : 2;
  }
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`gearshift: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
