// A whole file's tree for jobs that may wait for the grammar to load (docs, refactor, CLI) — never
// for the keystroke path, which parses windows and never waits.
import type { SyntaxService, SyntaxTree } from './types';

/** The file parsed once its grammar loaded; undefined without a grammar. dispose() it when done. */
export async function parseFile(service: SyntaxService, text: string, languageId: string): Promise<SyntaxTree | undefined> {
  if (!service.hasGrammar(languageId) || !(await service.load(languageId))) return undefined;
  return service.parse(text, languageId);
}
