// `gearshift doc <file> [--symbol NAME] [--write] [--allow-partial]`: documents a file (or one symbol) and prints a
// unified diff, or writes the file.
import { docsStrategy } from '../common/docs/prompts';
import { docStyleFor } from '../common/docs/styles';
import { findSymbolUnit } from '../common/refactor/split';
import { parseFile } from '../common/syntax/fileTree';
import { parseArgs, runRewriteCommand, stringFlag } from './rewriteCommand';

const USAGE = 'Usage: gearshift doc <file> [--symbol NAME] [--style STYLE] [--rewrite-existing] [--write] [--allow-partial] [--endpoint URL --model NAME]';

export async function run(args: string[]): Promise<number> {
  const { file, flags } = parseArgs(args, ['write', 'rewrite-existing', 'allow-partial']);
  if (!file) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const symbol = stringFlag(flags, 'symbol');
  return runRewriteCommand({
    file,
    flags,
    tier: 'large',
    strategy: (languageId) => {
      const styleFlag = stringFlag(flags, 'style');
      return docsStrategy({
        target: symbol ? { kind: 'symbol', name: symbol } : { kind: 'file' },
        style: docStyleFor(languageId, styleFlag ? { [languageId]: styleFlag } : {}),
        rewriteExisting: flags['rewrite-existing'] === true,
      });
    },
    region: symbol
      ? async (text, languageId, syntax) => {
          // Split by the file's syntax tree where it parses cleanly (the line scanner otherwise).
          const tree = await parseFile(syntax, text, languageId);
          try {
            const unit = findSymbolUnit(text, languageId, symbol, tree);
            if (!unit) process.stderr.write(`gearshift doc: no symbol named ${symbol} in ${file}.\n`);
            return unit;
          } finally {
            tree?.dispose();
          }
        }
      : undefined,
  });
}
