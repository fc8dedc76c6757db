// Context from other files, one shape for the extension and the CLI: definitions of the names near
// the cursor (the current file's imports searched first) ahead of similar windows. Files come in
// through add(); what is parsed, and when, is the caller's time budget (index()); chunksFor() only
// reads what is ready, so it is safe on the keystroke path.
import type { SyntaxService } from '../syntax/types';
import type { ContextChunk } from './context';
import { DefinitionIndex, type DefinitionSource } from './definitionIndex';
import type { DocContext } from './document';
import type { ImportBinding } from './imports';
import { SimilarSnippetIndex } from './similar';

export interface CurrentImports {
  /** The current file's URI. */
  uri: string;
  /** URIs of the workspace files it imports, in import order. */
  files: string[];
  bindings: ImportBinding[];
  /** Names the current file defines. */
  definedHere: ReadonlySet<string>;
}

export class CrossFileContext {
  private readonly similar = new SimilarSnippetIndex();
  private readonly definitions: DefinitionIndex;
  private imports: CurrentImports | undefined;

  constructor(syntax: SyntaxService, now?: () => number) {
    this.definitions = new DefinitionIndex({ syntax, now });
  }

  /** A file that may give context (already admitted by the gate: not excluded). */
  add(source: DefinitionSource): void {
    this.similar.update(source);
    this.definitions.update(source);
  }

  /** A file closed in the editor: its similar windows go, its definitions stay (a recent file). */
  closed(uri: string): void {
    this.similar.remove(uri);
  }

  /** What the current file imports (its files are add()ed by the caller once read). */
  setImports(imports: CurrentImports): void {
    this.imports = imports;
  }

  /** Parses pending files for `budgetMs` at most, imported files first; true when all are indexed. */
  index(budgetMs: number): boolean {
    return this.definitions.index(budgetMs, this.imports?.files ?? []);
  }

  chunksFor(ctx: DocContext): ContextChunk[] {
    const imports = this.imports?.uri === ctx.uri ? this.imports : undefined;
    const above = ctx.prefix.slice(0, ctx.prefix.length - ctx.linePrefix.length);
    const definitions = this.definitions.lookup(ctx, { preferred: imports?.files, bindings: imports?.bindings, definedHere: imports?.definedHere });
    return [...definitions, ...this.similar.query(ctx.uri, ctx.languageId, above)];
  }
}
