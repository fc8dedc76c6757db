// What `gearshift doc` and `gearshift refactor` share: arguments, reading the file, running the
// rewrite engine on the CLI engine, and printing a unified diff or writing the file.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { refactorConcurrency } from '../common/config';
import type { Tier } from '../common/llm';
import { runRewrite, type RewriteStrategy } from '../common/refactor/engine';
import { rewriteProgressText } from '../common/refactor/progressText';
import { languageIdForPath } from '../common/refactor/languages';
import { modelLimits, routedGenerate } from '../common/refactor/routedGenerate';
import { fileOutline } from '../common/refactor/split';
import { rewriteSyntax } from '../common/refactor/treeChecks';
import type { SyntaxService } from '../common/syntax/types';
import { createCliEngine, engineFlags } from './engine';
import { EXIT_PARTIAL } from './exitCodes';
import { readAdmittedFile, reportRefusal } from './gate';

export interface ParsedArgs {
  file?: string;
  flags: Record<string, string | true>;
}

/** `--name value`, `--name=value` and bare `--switch`; the first positional is the file. */
export function parseArgs(args: string[], switches: readonly string[]): ParsedArgs {
  const flags: Record<string, string | true> = {};
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      file ??= arg;
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) flags[name] = inline;
    else if (switches.includes(name) || i + 1 >= args.length || args[i + 1].startsWith('--')) flags[name] = true;
    else flags[name] = args[++i];
  }
  return { file, flags };
}

export function stringFlag(flags: ParsedArgs['flags'], name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

export interface RewriteCommand {
  file: string;
  flags: ParsedArgs['flags'];
  strategy: (languageId: string) => RewriteStrategy;
  tier: Tier;
  /** Narrows the work to a region of the file (e.g. one symbol); undefined means the whole file. */
  region?: (text: string, languageId: string, syntax: SyntaxService) => Promise<{ start: number; end: number } | undefined>;
}

/** Runs the command; resolves to the process exit code. */
export async function runRewriteCommand(command: RewriteCommand): Promise<number> {
  const filePath = path.resolve(command.file);
  const languageId = stringFlag(command.flags, 'language') ?? languageIdForPath(filePath);
  const strategy = command.strategy(languageId);
  const commandName = strategy.job === 'docs' ? 'doc' : 'refactor';
  const engine = createCliEngine(engineFlags(command.flags));
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    let original: string;
    try {
      original = readAdmittedFile(engine.gate, strategy.job, command.file);
    } catch (error) {
      return reportRefusal(commandName, error);
    }
    const region = command.region ? await command.region(original, languageId, engine.syntax) : { start: 0, end: original.length };
    if (!region) return 2;
    const subject = { path: command.file, text: original.slice(region.start, region.end) };
    const lineOffset = original.slice(0, region.start).split('\n').length - 1;
    let passage;
    try {
      await engine.gate.scanDeep([{ source: filePath, version: 0, ...subject }]);
      passage = engine.gate.admit({ job: strategy.job, subject, lineOffset }).passage;
    } catch (error) {
      return reportRefusal(commandName, error);
    }
    // Only once the gate admitted the file: the split and the part concurrency need the server's
    // window and slots.
    await engine.discover();
    const flag = stringFlag(command.flags, 'concurrency');
    const concurrency = flag !== undefined ? Number(flag) : refactorConcurrency(engine.config);
    const config = { ...engine.config, refactor: { concurrency } };
    const target = await engine.router.target(strategy.job, command.tier);
    const name = path.basename(filePath);
    const isRegion = region.start > 0 || region.end < original.length;
    const showProgress = process.stderr.isTTY;
    const result = await runRewrite({
      text: subject.text,
      languageId,
      fileName: name,
      strategy,
      model: modelLimits(config, target.model),
      concurrency,
      countTokens: (text) => engine.tokenizer.count(text, target.model),
      generate: routedGenerate({ router: engine.router, client: engine.client, job: strategy.job, tier: command.tier, config, predictionRejected: new Set(), passage }),
      usePrediction: true,
      syntax: rewriteSyntax(engine.syntax),
      wantDiff: !isRegion && !original.includes('\r\n') && command.flags.write !== true,
      surroundingOutline: isRegion ? fileOutline(original, languageId) : undefined,
      lineOffset,
      signal: controller.signal,
      onProgress: showProgress
        ? (p) => process.stderr.write(`\r${rewriteProgressText(strategy.job, p)}   `)
        : undefined,
    });
    if (showProgress) process.stderr.write('\n');
    for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
    const updated = original.slice(0, region.start) + result.text + original.slice(region.end);
    // A part left unchanged means the job is not what was asked: say so and exit non-zero, and
    // write nothing unless the user accepts the partial result.
    const partial = result.leftUnchanged.length > 0;
    const allowPartial = command.flags['allow-partial'] === true;
    const unfinished = partial ? `${result.leftUnchanged.length} of ${result.parts} part(s) left unchanged` : '';
    if (!result.changed) {
      process.stderr.write(`${name}: no changes${partial ? ` (${unfinished})` : ''}.\n`);
      return partial && !allowPartial ? EXIT_PARTIAL : 0;
    }
    if (command.flags.write) {
      if (partial && !allowPartial) {
        process.stderr.write(`${name}: not written — ${unfinished}. Run again, or add --allow-partial to write the other parts.\n`);
        return EXIT_PARTIAL;
      }
      await fs.writeFile(filePath, updated, 'utf8');
      process.stderr.write(`${name}: written (${result.parts} part(s)${partial ? `, ${unfinished}` : ''}).\n`);
    } else {
      // The engine's diff (stitched from the parts) covers a whole LF file; otherwise diff here.
      process.stdout.write(result.diff !== undefined ? result.diff : createTwoFilesPatch(`a/${name}`, `b/${name}`, original, updated, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY }));
      if (partial) process.stderr.write(`${name}: ${unfinished}; the diff shows the other parts.\n`);
    }
    return partial && !allowPartial ? EXIT_PARTIAL : 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await engine.dispose();
  }
}
