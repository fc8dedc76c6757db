// The rewrite checks' syntax questions answered from real syntax trees (common/syntax). A tree is
// asked only about code that parses cleanly before the rewrite: a part cut out of a class (methods
// without their class) is full of errors by nature, and comparing error counts of such fragments
// would refuse good answers; those parts fall back to the lexer's bracket checks.
import { parseFile } from '../syntax/fileTree';
import { syntaxErrors, topLevelSymbols } from '../syntax/queries';
import type { SyntaxNode, SyntaxService, SyntaxTree } from '../syntax/types';
import type { RewriteSyntax } from './acceptance';

export function rewriteSyntax(service: SyntaxService): RewriteSyntax {
  const withTree = async <T>(text: string, languageId: string, read: (tree: SyntaxTree) => T): Promise<T | undefined> => {
    const tree = await parseFile(service, text, languageId);
    if (!tree) return undefined;
    try {
      return read(tree);
    } finally {
      tree.dispose();
    }
  };
  return {
    errorCount: (text, languageId) => withTree(text, languageId, (tree) => syntaxErrors(tree.root).count),
    cleanParse: async (text, languageId) => withTree(text, languageId, (tree) => !tree.root.hasError),
    endsMidStatement: (text, languageId) => withTree(text, languageId, (tree) => {
      // Cut off: the tree's last branch (last child, all the way down) is an error, a node the
      // parser had to invent (a missing `}`) or an empty body it had to close (Python `def f():`
      // at the end), or an error runs to the end of the text. Errors elsewhere are syntax errors.
      for (let node: SyntaxNode | undefined = tree.root; node; node = lastNonComment(node)) {
        if (node.isError || node.isMissing || (node.isNamed && node !== tree.root && node.startIndex === node.endIndex)) return true;
      }
      return errorReaches(tree.root, text.trimEnd().length);
    }),
    topLevelSymbols: (text, languageId) => withTree(text, languageId, (tree) => topLevelSymbols(tree, 1).map((symbol) => symbol.name).filter((name) => name !== '')),
    fileTree: (text, languageId) => parseFile(service, text, languageId),
  };
}

function lastNonComment(node: SyntaxNode): SyntaxNode | undefined {
  const children = node.children;
  for (let i = children.length - 1; i >= 0; i--) if (!/comment/.test(children[i].type)) return children[i];
  return undefined;
}

function errorReaches(node: SyntaxNode, end: number): boolean {
  if (node.isError && node.endIndex >= end) return true;
  return node.hasError && node.children.some((child) => errorReaches(child, end));
}
