// `npm run eval:inline [-- --json] [--files N] [--cases N] [--seed N] [--failures N]`: the
// inline-quality harness. Prints the exact-shown table and the cross-file identifier recall (or the
// figures as JSON) and, with --failures, that many wrong cases per cursor kind and answer kind.
import { ANSWER_KINDS } from './quality/answers';
import { evaluate, evaluateCrossFile, FULL_CROSS_FILE_RUN, FULL_RUN, type QualityOptions } from './quality/harness';
import { crossFileFigures, crossFileTable, qualityFigures, qualityTable } from './quality/report';
import type { Outcome } from './quality/run';

function numberFlag(argv: string[], name: string, fallback: number): number {
  const index = argv.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(argv[index + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} needs a whole number`);
  return value;
}

function printFailures(outcomes: Outcome[], perKind: number): void {
  const shownByKind = new Map<string, number>();
  for (const outcome of outcomes) {
    if (outcome.correct) continue;
    const key = `${outcome.case.kind}/${outcome.answer}`;
    const count = shownByKind.get(key) ?? 0;
    if (count >= perKind) continue;
    shownByKind.set(key, count + 1);
    console.log(`\n--- ${key}  ${outcome.case.id}  (${outcome.requests} request(s))`);
    console.log(`masked: ${JSON.stringify(outcome.case.masked)}`);
    console.log(`shown:  ${JSON.stringify(outcome.shown)}`);
  }
}

async function main(argv: string[]): Promise<void> {
  const options: QualityOptions = {
    ...FULL_RUN,
    filesPerLanguage: numberFlag(argv, '--files', FULL_RUN.filesPerLanguage),
    casesPerKind: numberFlag(argv, '--cases', FULL_RUN.casesPerKind),
    seed: numberFlag(argv, '--seed', FULL_RUN.seed),
    answers: ANSWER_KINDS,
  };
  const outcomes = await evaluate(options);
  const crossFile = await evaluateCrossFile({ ...FULL_CROSS_FILE_RUN, seed: options.seed });
  if (argv.includes('--json')) {
    console.log(JSON.stringify({ ...qualityFigures(outcomes), ...crossFileFigures(crossFile) }));
    return;
  }
  const files = new Set(outcomes.map((o) => o.case.file.label));
  console.log(`inline quality: ${files.size} files, ${outcomes.length / ANSWER_KINDS.length} cases × ${ANSWER_KINDS.length} answers — share of cases whose shown suggestion equals the masked text\n`);
  console.log(qualityTable(outcomes));
  console.log(`\n${crossFileTable(crossFile)}`);
  const failures = numberFlag(argv, '--failures', 0);
  if (failures > 0) printFailures(outcomes, failures);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`eval:inline: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
