// Inline quality (BENCH.md `quality.*`): the share of cases on real code (node_modules sources, the
// python3 standard library) whose shown suggestion equals the masked text, per cursor kind and
// answer kind, through the CLI's engine against the local server; identifier recall on cross-file
// cases. Same run as `npm run eval:inline`.
import { evaluate, evaluateCrossFile, FULL_CROSS_FILE_RUN, FULL_RUN } from '../quality/harness';
import { crossFileFigures, qualityFigures } from '../quality/report';

export async function run(): Promise<Record<string, number>> {
  return { ...qualityFigures(await evaluate(FULL_RUN)), ...crossFileFigures(await evaluateCrossFile(FULL_CROSS_FILE_RUN)) };
}
