// One real tree-sitter service for all unit suites, with every grammar loaded before they run.
import { GRAMMAR_NAMES } from '../../../src/common/syntax/languages';
import type { SyntaxService, SyntaxTree } from '../../../src/common/syntax/types';
import { createTreeSitterSyntax } from '../../../src/node/syntax/treeSitter';

/** A language id for each grammar, to load them all. */
const ONE_LANGUAGE_PER_GRAMMAR = ['typescript', 'typescriptreact', 'javascript', 'python', 'go', 'rust', 'java', 'csharp', 'cpp'];

let shared: Promise<SyntaxService> | undefined;

export function loadedSyntax(): Promise<SyntaxService> {
  shared ??= (async () => {
    const service = createTreeSitterSyntax();
    const loaded = await Promise.all(ONE_LANGUAGE_PER_GRAMMAR.map((id) => service.load(id)));
    if (loaded.includes(false) || ONE_LANGUAGE_PER_GRAMMAR.length !== GRAMMAR_NAMES.length) throw new Error('a grammar failed to load');
    return service;
  })();
  return shared;
}

export function parseOrFail(service: SyntaxService, text: string, languageId: string): SyntaxTree {
  const tree = service.parse(text, languageId);
  if (!tree) throw new Error(`no tree for ${languageId}`);
  return tree;
}
