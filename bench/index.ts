// `npm run bench [-- <suite>…] [--json] [--profile <server>]`: runs bench/suites/<name>.ts (each
// exports `run(options): Promise<Record<string, number>>`), prints a table, or with --json one JSON
// object `{ <suite>: { key: number } }` on the last line of stdout. Progress goes to stderr.
// --profile makes the suites that start a local server (inline) start it as that server.
import * as fs from 'fs';
import * as path from 'path';

type Suite = { run(options: SuiteOptions): Promise<Record<string, number>> };
interface SuiteOptions {
  profile?: string;
}

/** Suites in BENCH.md order; any other file in bench/suites runs after these. */
const PREFERRED_ORDER = ['startup', 'tokenizer', 'inline', 'chat', 'refactor'];

function availableSuites(): string[] {
  const names = fs
    .readdirSync(path.join(__dirname, 'suites'))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.slice(0, -3));
  const rank = (name: string): number => (PREFERRED_ORDER.includes(name) ? PREFERRED_ORDER.indexOf(name) : PREFERRED_ORDER.length);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

function printTable(results: Record<string, Record<string, number>>): void {
  const rows = Object.entries(results).flatMap(([suite, figures]) => Object.entries(figures).map(([key, value]) => [suite, key, formatValue(value)]));
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length), 5));
  for (const [suite, key, value] of rows) console.log(`${suite.padEnd(widths[0])}  ${key.padEnd(widths[1])}  ${value.padStart(widths[2])}`);
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const profileAt = argv.indexOf('--profile');
  const profile = profileAt >= 0 ? argv[profileAt + 1] : undefined;
  if (profileAt >= 0 && (profile === undefined || profile.startsWith('--'))) {
    process.stderr.write('--profile needs a server name (llamacpp, vllm, ollama, lmstudio, openrouter, openai)\n');
    return 2;
  }
  const available = availableSuites();
  const requested = argv.filter((arg, i) => !arg.startsWith('--') && !(profileAt >= 0 && i === profileAt + 1));
  const unknown = requested.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown suite(s): ${unknown.join(', ')}. Available: ${available.join(', ')}\n`);
    return 2;
  }
  const results: Record<string, Record<string, number>> = {};
  let failed = false;
  for (const name of requested.length > 0 ? requested : available) {
    process.stderr.write(`bench: ${name}…\n`);
    try {
      const suite = (await import(path.join(__dirname, 'suites', `${name}.ts`))) as Suite;
      results[name] = await suite.run({ profile });
    } catch (error) {
      failed = true;
      process.stderr.write(`bench: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }
  if (json) console.log(JSON.stringify(results));
  else printTable(results);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
