// The syntax questions the engine asks, as interfaces: common/ stays pure, node/syntax answers them
// with web-tree-sitter, and unit tests run the real parser under plain mocha.
//
// How to use it (refactor/docs split, rewrite checks, inline, cross-file context):
//   const tree = syntax.parse(text, languageId);          // undefined: no grammar, or not loaded yet
//   if (!tree && syntax.hasGrammar(languageId)) await syntax.load(languageId);  // async jobs may wait
//   topLevelSymbols(tree)     → names, kinds, line ranges (+ members of classes)   (./queries)
//   definitions(tree)         → functions, classes, methods, variables, types     (./queries)
//   syntaxErrors(tree.root)   → count and positions; compare before/after for "new errors"
//   cursorSyntax(tree, offset) → the node at the cursor, its statement and block, where they end
//   tree.withInsertion(offset, text) → the same text with `text` inserted, parsed incrementally
// On the keystroke path pass a `key` (e.g. the document URI) to parse(): the text is then parsed
// incrementally against the previous text under that key (tree.edit), never from scratch.
// Trees hold parser memory: call dispose() when done (a finalizer frees forgotten ones too).

export interface SyntaxPoint {
  /** 0-based line. */
  row: number;
  /** 0-based column in UTF-16 code units. */
  column: number;
}

/**
 * One node of a concrete syntax tree. Offsets are UTF-16 indices into the parsed text. This is the
 * subset of web-tree-sitter's Node that the queries use, so its nodes are passed as they are.
 */
export interface SyntaxNode {
  readonly type: string;
  readonly isNamed: boolean;
  readonly isError: boolean;
  readonly isMissing: boolean;
  readonly hasError: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: SyntaxPoint;
  readonly endPosition: SyntaxPoint;
  readonly text: string;
  readonly parent: SyntaxNode | null;
  readonly children: SyntaxNode[];
  readonly namedChildren: SyntaxNode[];
  readonly childCount: number;
  readonly previousSibling: SyntaxNode | null;
  readonly nextSibling: SyntaxNode | null;
  childForFieldName(field: string): SyntaxNode | null;
  descendantForIndex(start: number, end?: number): SyntaxNode | null;
  namedDescendantForIndex(start: number, end?: number): SyntaxNode | null;
}

export interface SyntaxTree {
  readonly languageId: string;
  readonly text: string;
  readonly root: SyntaxNode;
  /** This text with `insertion` at `offset`, parsed incrementally from this tree (which stays valid). */
  withInsertion(offset: number, insertion: string): SyntaxTree;
  /** Frees the parser memory now (idempotent). */
  dispose(): void;
}

export interface SyntaxService {
  /** A grammar exists for this VS Code language id (it may still need loading). */
  hasGrammar(languageId: string): boolean;
  /** Loads the language's grammar; false when there is none or it failed to load. */
  load(languageId: string): Promise<boolean>;
  /**
   * Parses synchronously once the grammar is loaded; undefined otherwise (and loading starts in the
   * background, so a later call succeeds). With `key`, reuses the previous tree under that key.
   */
  parse(text: string, languageId: string, key?: string): SyntaxTree | undefined;
}
