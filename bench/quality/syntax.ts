// Syntax trees for choosing where to mask. web-tree-sitter with the grammars VS Code ships
// (@vscode/tree-sitter-wasm), loaded once per language. The harness only reads nodes, so it names
// the few node members it uses.
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';

export type CorpusLanguage = 'typescript' | 'typescriptreact' | 'javascript' | 'python';

const GRAMMAR: Record<CorpusLanguage, string> = { typescript: 'typescript', typescriptreact: 'tsx', javascript: 'javascript', python: 'python' };

export interface MaskNode {
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: { row: number; column: number };
  readonly endPosition: { row: number; column: number };
  readonly parent: MaskNode | null;
  readonly children: MaskNode[];
  readonly namedChildren: MaskNode[];
  readonly nextNamedSibling: MaskNode | null;
  readonly previousNamedSibling: MaskNode | null;
  childForFieldName(field: string): MaskNode | null;
}

export interface ParsedFile {
  root: MaskNode;
  dispose(): void;
}

let runtime: Promise<void> | undefined;
const parsers = new Map<CorpusLanguage, Promise<Parser>>();

function parserFor(languageId: CorpusLanguage): Promise<Parser> {
  let parser = parsers.get(languageId);
  if (!parser) {
    const grammars = path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
    runtime ??= Parser.init();
    parser = runtime.then(async () => {
      const created = new Parser();
      created.setLanguage(await Language.load(path.join(grammars, `tree-sitter-${GRAMMAR[languageId]}.wasm`)));
      return created;
    });
    parsers.set(languageId, parser);
  }
  return parser;
}

export async function parseFile(text: string, languageId: CorpusLanguage): Promise<ParsedFile> {
  const tree = (await parserFor(languageId)).parse(text);
  if (!tree) throw new Error(`tree-sitter returned no tree for a ${languageId} file`);
  return { root: tree.rootNode as unknown as MaskNode, dispose: () => tree.delete() };
}
