// Definitions from other files for the inline prompt: the identifiers near the cursor, looked up in
// a symbol index of the open, recent and imported files (built from their syntax trees). Files are
// indexed lazily, once per version and under a time budget, so a keystroke never waits for a parse:
// a lookup only reads files already indexed, and what was not indexed in time is indexed next.
import { definitions, type SyntaxDefinition } from '../syntax/queries';
import type { SyntaxService } from '../syntax/types';
import { MAX_INDEXED_CHARS, type ContextChunk } from './context';
import type { DocContext } from './document';
import { DEFAULT_EXPORT, type ImportBinding } from './imports';
import type { SyntaxNode } from '../syntax/types';

export interface DefinitionSource {
  uri: string;
  relativePath: string;
  languageId: string;
  version: number;
  text: string;
}

interface Definition {
  name: string;
  /** Declared at the top of the file (not a member of a class or namespace). */
  topLevel: boolean;
  startLine: number;
  text: string;
}

interface IndexedFile {
  uri: string;
  relativePath: string;
  version: number;
  byName: Map<string, Definition[]>;
}

/** The lines above the cursor whose identifiers are looked up (plus the cursor's line). */
export const LOOKUP_LINES = 20;
const MAX_NAMES = 24;
/** A definition is its signature and the first lines of its body: enough to call it right. */
const MAX_DEFINITION_LINES = 8;
const MAX_DEFINITION_CHARS = 400;
const MATCHES_PER_NAME = 2;
const MAX_FILES = 80;

const KEYWORDS = new Set([
  'abstract', 'and', 'any', 'as', 'assert', 'async', 'await', 'boolean', 'break', 'case', 'catch', 'class', 'const', 'continue', 'def', 'default', 'del',
  'delete', 'elif', 'else', 'enum', 'except', 'export', 'extends', 'false', 'False', 'finally', 'for', 'from', 'function', 'global', 'if', 'implements',
  'import', 'in', 'instanceof', 'interface', 'is', 'lambda', 'let', 'new', 'none', 'None', 'nonlocal', 'not', 'null', 'number', 'object', 'or', 'pass',
  'private', 'protected', 'public', 'raise', 'readonly', 'return', 'self', 'static', 'string', 'super', 'switch', 'this', 'throw', 'true', 'True', 'try',
  'type', 'typeof', 'undefined', 'var', 'void', 'while', 'with', 'yield', 'cls', 'str', 'int', 'len', 'dict', 'list', 'print',
]);

const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/g;

export interface DefinitionIndexOptions {
  syntax: SyntaxService;
  /** Milliseconds, for the time budget (a fake clock in tests). */
  now?: () => number;
}

export class DefinitionIndex {
  private readonly pending = new Map<string, DefinitionSource>();
  private readonly indexed = new Map<string, IndexedFile>();
  private readonly now: () => number;

  constructor(private readonly options: DefinitionIndexOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  /** Notes a file's text; it is parsed later, by index(), and only if its version changed. */
  update(source: DefinitionSource): void {
    if (this.indexed.get(source.uri)?.version === source.version) return;
    this.pending.delete(source.uri);
    this.pending.set(source.uri, source);
  }

  remove(uri: string): void {
    this.pending.delete(uri);
    this.indexed.delete(uri);
  }

  /** Files noted but not yet indexed. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Parses pending files, those in `first` before the others, until `budgetMs` has passed (a parse
   * already started finishes). True when nothing is left pending.
   */
  index(budgetMs: number, first: readonly string[] = []): boolean {
    const deadline = this.now() + budgetMs;
    const order = [...first.filter((uri) => this.pending.has(uri)), ...this.pending.keys()];
    for (const uri of order) {
      if (this.now() >= deadline) break;
      const source = this.pending.get(uri);
      if (!source) continue;
      this.pending.delete(uri);
      // Callers load the grammar before they add a file; without one there is nothing to index.
      const file = this.parse(source);
      if (!file) continue;
      this.indexed.delete(uri);
      this.indexed.set(uri, file);
      while (this.indexed.size > MAX_FILES) this.indexed.delete(this.indexed.keys().next().value as string);
    }
    return this.pending.size === 0;
  }

  /**
   * Definition chunks for the identifiers near the cursor, then for the other names the file
   * imports (what the next lines are likely to use), from indexed files other than the current one;
   * files in `preferred` (the current file's imports) are searched first. Only reads the index:
   * never parses.
   */
  lookup(ctx: DocContext, imports: ImportFacts = {}): ContextChunk[] {
    const preferred = imports.preferred ?? [];
    const files = [...new Set([...preferred.map((uri) => this.indexed.get(uri)).filter((f): f is IndexedFile => f !== undefined), ...this.indexed.values()])];
    const chunks: ContextChunk[] = [];
    const seen = new Set<string>();
    for (const { name, score, uri } of namesToLookUp(ctx, imports)) {
      const matches: { file: IndexedFile; definition: Definition }[] = [];
      // A binding's own module first; a default export is that module's and no other file's.
      const own = uri === undefined ? undefined : this.indexed.get(uri);
      const searched = name === DEFAULT_EXPORT ? (own ? [own] : []) : own ? [own, ...files.filter((f) => f !== own)] : files;
      for (const file of searched) {
        if (file.uri === ctx.uri) continue;
        for (const definition of file.byName.get(name) ?? []) matches.push({ file, definition });
      }
      // Top-level declarations before members of the same name; the files' order breaks ties.
      const best = matches.sort((a, b) => Number(b.definition.topLevel) - Number(a.definition.topLevel)).slice(0, MATCHES_PER_NAME);
      for (const { file, definition } of best) {
        const key = `${file.uri}:${definition.startLine}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // A member of the same name is a guess: the packer keeps what fits by this score.
        chunks.push({ kind: 'definition', path: file.relativePath, startLine: definition.startLine, text: definition.text, score: definition.topLevel ? score : score / 2 });
      }
    }
    return chunks;
  }

  private parse(source: DefinitionSource): IndexedFile | undefined {
    const text = source.text.slice(0, MAX_INDEXED_CHARS);
    const tree = this.options.syntax.parse(text, source.languageId);
    if (!tree) return undefined;
    try {
      const lines = text.split('\n');
      const found = definitions(tree);
      const byName = new Map<string, Definition[]>();
      for (const definition of found) {
        if (definition.name.length < 2 || /\W/.test(definition.name)) continue;
        const members = found.filter((d) => d.container === definition.name && d.startLine > definition.startLine && d.startLine <= definition.endLine);
        const entry = { name: definition.name, topLevel: definition.container === undefined, startLine: definition.startLine, text: definitionText(lines, definition, members) };
        byName.set(definition.name, [...(byName.get(definition.name) ?? []), entry]);
      }
      // What a default import of this file binds: the declaration it names, or the statement itself.
      const exported = defaultExport(tree.root);
      const named = exported?.name === undefined ? undefined : byName.get(exported.name)?.filter((d) => d.topLevel);
      if (named?.length) byName.set(DEFAULT_EXPORT, named);
      else if (exported) {
        const span = { startLine: exported.node.startPosition.row, endLine: exported.node.endPosition.row };
        byName.set(DEFAULT_EXPORT, [{ name: DEFAULT_EXPORT, topLevel: true, startLine: span.startLine, text: definitionText(lines, { ...span, name: DEFAULT_EXPORT, kind: 'variable', start: 0, end: 0 }, []) }]);
      }
      return { uri: source.uri, relativePath: source.relativePath, version: source.version, byName };
    } finally {
      tree.dispose();
    }
  }
}

/**
 * The declaration's first lines; for a long class or interface, its header and the first line of
 * each member (an outline says more per character than the first method's body).
 */
export function definitionText(lines: readonly string[], definition: SyntaxDefinition, members: readonly SyntaxDefinition[]): string {
  const span = definition.endLine - definition.startLine + 1;
  const rows =
    span > MAX_DEFINITION_LINES && members.length > 0
      ? [definition.startLine, ...members.map((m) => m.startLine)]
      : Array.from({ length: Math.min(span, MAX_DEFINITION_LINES) }, (_, i) => definition.startLine + i);
  const kept: string[] = [];
  let used = 0;
  for (const row of [...new Set(rows)].slice(0, MAX_DEFINITION_LINES)) {
    const line = (lines[row] ?? '').replace(/\s+$/, '');
    if (kept.length > 0 && used + line.length + 1 > MAX_DEFINITION_CHARS) break;
    kept.push(line.slice(0, MAX_DEFINITION_CHARS));
    used += line.length + 1;
  }
  return kept.join('\n');
}

export interface ImportFacts {
  /** URIs of the files the current file imports: searched first. */
  preferred?: readonly string[];
  /** The names its imports bind. */
  bindings?: readonly ImportBinding[];
  /** Names the current file defines itself: their definitions elsewhere are another thing. */
  definedHere?: ReadonlySet<string>;
}

/**
 * The names to look up (by their names in the defining modules), each with a score: imported names
 * used near the cursor first, then imported names used just after it, then the other identifiers
 * near the cursor and the imported names not used yet (what the next lines are likely to use).
 */
export function namesToLookUp(ctx: DocContext, imports: ImportFacts): { name: string; score: number; uri?: string }[] {
  const bindings = new Map((imports.bindings ?? []).map((b) => [b.local, b]));
  const original = new Map([...bindings].map(([local, b]) => [local, b.original]));
  const near = identifiersNearCursor(ctx).filter((name) => original.has(name) || !imports.definedHere?.has(name));
  const after = new Set(ctx.suffix.match(IDENTIFIER) ?? []);
  const ranked: { name: string; tier: number }[] = [
    ...near.filter((name) => original.has(name)).map((name) => ({ name, tier: 0 })),
    ...[...original.keys()].filter((name) => !near.includes(name) && after.has(name)).map((name) => ({ name, tier: 1 })),
    ...near.filter((name) => !original.has(name)).map((name) => ({ name, tier: 2 })),
    ...[...original.keys()].filter((name) => !near.includes(name) && !after.has(name)).map((name) => ({ name, tier: 2 })),
  ];
  const seen = new Set<string>();
  const names: { name: string; score: number; uri?: string }[] = [];
  ranked.forEach(({ name, tier }, rank) => {
    const lookedUp = original.get(name) ?? name;
    const uri = bindings.get(name)?.uri;
    // Default imports of two modules are two names, though both are looked up as DEFAULT_EXPORT.
    const key = lookedUp === DEFAULT_EXPORT ? `${lookedUp}\u0000${uri}` : lookedUp;
    if (seen.has(key)) return;
    seen.add(key);
    // The tier decides first; within a tier, the earlier (nearer) name.
    names.push({ name: lookedUp, score: (3 - tier) / 3 - rank / (ranked.length + 1) / 3, ...(uri === undefined ? {} : { uri }) });
  });
  return names;
}

/** Identifiers on the cursor's line and the lines above it, nearest first, without keywords. */
export function identifiersNearCursor(ctx: DocContext): string[] {
  const above = ctx.prefix.slice(0, ctx.prefix.length - ctx.linePrefix.length).split('\n').slice(-LOOKUP_LINES - 1, -1);
  const lines = [ctx.linePrefix + ctx.lineSuffix, ...above.reverse()];
  const names: string[] = [];
  for (const line of lines) {
    // Right to left within a line: the identifier just before the cursor matters most.
    for (const match of [...line.matchAll(IDENTIFIER)].reverse()) {
      const name = match[0];
      if (name.length < 3 || KEYWORDS.has(name) || names.includes(name)) continue;
      names.push(name);
      if (names.length >= MAX_NAMES) return names;
    }
  }
  return names;
}

/**
 * The file's default export: `export default function f…` / `class C…` / `export default name`,
 * `export { name as default }`, or CommonJS `module.exports = name | function | class`. `name` is
 * what it declares or names (undefined for an anonymous one).
 */
function defaultExport(root: SyntaxNode): { node: SyntaxNode; name?: string } | undefined {
  for (const node of root.namedChildren) {
    if (node.type === 'export_statement') {
      const renamed = node.namedChildren.find((c) => c.type === 'export_clause')?.namedChildren.find((s) => s.childForFieldName('alias')?.text === DEFAULT_EXPORT);
      if (renamed) return { node, name: renamed.childForFieldName('name')?.text };
      if (!node.children.some((c) => c.type === DEFAULT_EXPORT)) continue;
      const declared = node.childForFieldName('declaration') ?? node.childForFieldName('value');
      return { node, name: exportedName(declared) };
    }
    const assignment = node.type === 'expression_statement' ? node.namedChildren[0] : undefined;
    if (assignment?.type === 'assignment_expression' && assignment.childForFieldName('left')?.text === 'module.exports') {
      return { node, name: exportedName(assignment.childForFieldName('right')) };
    }
  }
  return undefined;
}

function exportedName(node: SyntaxNode | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  return node.childForFieldName('name')?.text;
}
