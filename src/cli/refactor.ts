// `gearshift refactor <file> --instruction "…" [--write] [--allow-partial]`: refactors a file and prints a unified
// diff, or writes the file.
import { refactorStrategy } from '../common/refactor/prompts';
import { parseArgs, runRewriteCommand, stringFlag } from './rewriteCommand';

const USAGE = 'Usage: gearshift refactor <file> --instruction "…" [--write] [--allow-partial] [--concurrency N] [--endpoint URL --model NAME]';

export async function run(args: string[]): Promise<number> {
  const { file, flags } = parseArgs(args, ['write', 'allow-partial']);
  const instruction = stringFlag(flags, 'instruction')?.trim();
  if (!file || !instruction) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return runRewriteCommand({ file, flags, tier: 'large', strategy: () => refactorStrategy(instruction) });
}
