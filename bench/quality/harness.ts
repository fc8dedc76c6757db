// The inline-quality harness end to end: corpus → masks → engine runs → figures.
import { ANSWER_KINDS, type AnswerKind } from './answers';
import { buildCorpus } from './corpus';
import { crossFileCases, type CrossFileCase, type CrossFileOptions } from './crossFile';
import { maskCases, SCARCE_KINDS, type MaskCase } from './masks';
import { runCases, type Outcome } from './run';
import { parseFile } from './syntax';

export interface QualityOptions {
  filesPerLanguage: number;
  casesPerKind: number;
  seed: number;
  answers?: readonly AnswerKind[];
  /**
   * The cursor kinds real code seldom has (chained calls, binary expressions, object and array
   * literals spanning lines: a few per hundred files) also come from this many more files per
   * language of the same sources, at most `scarceCasesPerLanguage` cases of each such kind per
   * language from them.
   */
  scarceFilesPerLanguage?: number;
  scarceCasesPerLanguage?: number;
}

/** The full run of `npm run eval:inline` and the bench's quality suite. */
export const FULL_RUN: QualityOptions = { filesPerLanguage: 10, casesPerKind: 3, seed: 20261201, scarceFilesPerLanguage: 60, scarceCasesPerLanguage: 10 };
export const FULL_CROSS_FILE_RUN: CrossFileOptions = { perPackage: 12, seed: 20261201 };

export async function buildCases(options: QualityOptions): Promise<MaskCase[]> {
  const cases: MaskCase[] = [];
  const scarceFiles = options.scarceFilesPerLanguage ?? 0;
  // The same seeded order of files: the first ones per language are the corpus, the next ones are
  // searched for the scarce kinds only.
  const files = buildCorpus({ ...options, filesPerLanguage: options.filesPerLanguage + scarceFiles });
  const scarceTaken = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const file of files) {
    const rank = seen.get(file.languageId) ?? 0;
    seen.set(file.languageId, rank + 1);
    const parsed = await parseFile(file.text, file.languageId);
    try {
      const found = maskCases(file, parsed.root, { perKind: options.casesPerKind, seed: options.seed });
      if (rank < options.filesPerLanguage) {
        cases.push(...found);
        continue;
      }
      for (const c of found.filter((c) => SCARCE_KINDS.includes(c.kind))) {
        const key = `${file.languageId}:${c.kind}`;
        const taken = scarceTaken.get(key) ?? 0;
        if (taken >= (options.scarceCasesPerLanguage ?? 0)) continue;
        scarceTaken.set(key, taken + 1);
        cases.push(c);
      }
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
