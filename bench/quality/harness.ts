// The inline-quality harness end to end: corpus → masks → engine runs → figures.
import { ANSWER_KINDS, type AnswerKind } from './answers';
import { buildCorpus } from './corpus';
import { crossFileCases, type CrossFileCase, type CrossFileOptions } from './crossFile';
import { maskCases, type MaskCase } from './masks';
import { runCases, type Outcome } from './run';
import { parseFile } from './syntax';

export interface QualityOptions {
  filesPerLanguage: number;
  casesPerKind: number;
  seed: number;
  answers?: readonly AnswerKind[];
}

/** The full run of `npm run eval:inline` and the bench's quality suite. */
export const FULL_RUN: QualityOptions = { filesPerLanguage: 10, casesPerKind: 3, seed: 20261201 };
export const FULL_CROSS_FILE_RUN: CrossFileOptions = { perPackage: 12, seed: 20261201 };

export async function buildCases(options: QualityOptions): Promise<MaskCase[]> {
  const cases: MaskCase[] = [];
  for (const file of buildCorpus(options)) {
    const parsed = await parseFile(file.text, file.languageId);
    try {
      cases.push(...maskCases(file, parsed.root, { perKind: options.casesPerKind, seed: options.seed }));
    } finally {
      parsed.dispose();
    }
  }
  return cases;
}

export async function evaluate(options: QualityOptions): Promise<Outcome[]> {
  return runCases(await buildCases(options), options.answers ?? ANSWER_KINDS);
}

export interface CrossFileOutcomes {
  cases: CrossFileCase[];
  /** The defining file open beside the case's file. */
  open: Outcome[];
  /** The defining file only imported by the case's file (imports followed from disk, nothing open). */
  imported: Outcome[];
}

/** Cross-file cases with the perfect answer, once with the defining file open and once without. */
export async function evaluateCrossFile(options: CrossFileOptions): Promise<CrossFileOutcomes> {
  const cases = await crossFileCases(options);
  const byMask = new Map(cases.map((c) => [c.case, c]));
  const masks = cases.map((c) => c.case);
  const open = await runCases(masks, ['exact'], { openFiles: (c) => [byMask.get(c)!.definingFile] });
  // Nothing open: the defining file reaches the prompt only if the engine follows the imports.
  const imported = await runCases(masks, ['exact'], { importRoot: (c) => byMask.get(c)!.root });
  return { cases, open, imported };
}
