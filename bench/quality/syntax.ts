// Syntax trees for choosing where to mask: the project's own syntax service (web-tree-sitter with
// the grammars VS Code ships), so the harness sees the same trees as the engine.
import type { SyntaxTree } from '../../src/common/syntax/types';
import { createTreeSitterSyntax } from '../../src/node/syntax/treeSitter';

export type CorpusLanguage = 'typescript' | 'typescriptreact' | 'javascript' | 'python';

const syntax = createTreeSitterSyntax();

/** The whole file parsed; dispose() the tree when done. */
export async function parseFile(text: string, languageId: CorpusLanguage): Promise<SyntaxTree> {
  const tree = (await syntax.load(languageId)) ? syntax.parse(text, languageId) : undefined;
  if (!tree) throw new Error(`no ${languageId} grammar could be loaded`);
  return tree;
}
