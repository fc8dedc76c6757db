// The outbound gate for the CLI: the same default exclusions as the extension, the
// `.gearshiftignore` of the current folder (the CLI's workspace root), and secretlint's rules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IGNORE_FILE } from '../common/exclusionSettings';
import { createExclusionMatcher } from '../common/exclusions';
import { isGateRefusal, OutboundGate } from '../common/gate';
import type { Job } from '../common/llm';
import { KnownSecrets } from '../common/secrets/known';
import { findSecretLiterals } from '../node/secrets/secretlint';
import { EXIT_REFUSED } from './exitCodes';

export function createCliGate(globs: readonly string[], root = process.cwd()): OutboundGate {
  let ignoreText: string | undefined;
  try {
    ignoreText = fs.readFileSync(path.join(root, IGNORE_FILE), 'utf8');
  } catch {
    ignoreText = undefined;
  }
  const matches = createExclusionMatcher(globs, ignoreText);
  return new OutboundGate({
    // Paths inside the root are judged relative to it (like the extension's workspace), others as given.
    isExcluded: (file) => {
      const relative = path.relative(root, path.resolve(root, file));
      return matches(relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(root, file) : relative) || matches(file);
    },
    exclusionSource: `the default exclusions or ${IGNORE_FILE}`,
    known: new KnownSecrets(),
    deepScan: findSecretLiterals,
  });
}

/** Reads the job's file, but only after the exclusions allowed it: an excluded file is not even read. */
export function readAdmittedFile(gate: OutboundGate, job: Job, file: string): string {
  gate.admit({ job, subject: { path: file } });
  return fs.readFileSync(file, 'utf8');
}

/** Prints a refusal (with the secret lines) and gives the exit code; other errors are rethrown. */
export function reportRefusal(command: string, error: unknown): number {
  if (!isGateRefusal(error)) throw error;
  process.stderr.write(`gearshift ${command}: ${error.message}\n`);
  return EXIT_REFUSED;
}
