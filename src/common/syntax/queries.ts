// Answers to the syntax questions, computed from any tree that satisfies SyntaxNode (web-tree-sitter
// in production and tests). Pure functions: no parser here, only walks over nodes.
import { declarationKind, isAttachedAbove, isBlock, isComment, isDeclarationWrapper, isPunctuation, type SymbolKind } from './languages';
import type { SyntaxNode, SyntaxPoint, SyntaxTree } from './types';

export interface SyntaxErrors {
  /** ERROR and MISSING nodes in the tree. */
  count: number;
  /** Where the first of them are (at most `limit`). */
  positions: Array<SyntaxPoint & { index: number }>;
}

/**
 * Error and missing nodes; only subtrees that contain an error are walked, so clean trees are cheap.
 * With `within`, only nodes overlapping [start, end) count (a window cut from a file has errors at
 * its edges that say nothing about the cursor's surroundings).
 */
export function syntaxErrors(root: SyntaxNode, limit = 20, within?: { start: number; end: number }): SyntaxErrors {
  const result: SyntaxErrors = { count: 0, positions: [] };
  const visit = (node: SyntaxNode) => {
    if (within && (node.endIndex < within.start || node.startIndex > within.end)) return;
    if (node.isError || node.isMissing) {
      result.count++;
      if (result.positions.length < limit) result.positions.push({ index: node.startIndex, ...node.startPosition });
      // An ERROR node's own children can hold further ERROR nodes: count those too.
      if (node.isMissing) return;
    }
    if (!node.hasError) return;
    for (const child of node.children) visit(child);
  };
  if (root.hasError) visit(root);
  return result;
}

/** A named declaration and where it stands: 0-based lines, inclusive; offsets [start, end). */
export interface SyntaxDeclaration {
  name: string;
  kind: SymbolKind;
  startLine: number;
  endLine: number;
  start: number;
  end: number;
}

export interface SyntaxSymbol extends SyntaxDeclaration {
  /** Where its leading comments, decorators and attributes begin (≤ start). */
  leadingStart: number;
  leadingStartLine: number;
  /** Members, for containers (classes, interfaces, namespaces, impl blocks). */
  children: SyntaxSymbol[];
}

/** The declarations at the top of a file, each with its members (one level per container). */
export function topLevelSymbols(tree: SyntaxTree, depth = 2): SyntaxSymbol[] {
  return symbolsIn(tree.root, depth);
}

function symbolsIn(container: SyntaxNode, depth: number): SyntaxSymbol[] {
  const symbols: SyntaxSymbol[] = [];
  const children = container.namedChildren;
  for (let i = 0; i < children.length; i++) {
    const node = children[i];
    const declaration = unwrap(node);
    const kind = declaration && kindOf(declaration);
    if (!declaration || !kind) continue;
    const name = nameOf(declaration) ?? '';
    const leading = leadingStartOf(children, i);
    const body = depth > 1 ? bodyOf(declaration) : undefined;
    const nested = body ? symbolsIn(body, depth - 1) : [];
    const inType = kind === 'class' || kind === 'interface';
    symbols.push({
      name,
      kind,
      startLine: node.startPosition.row,
      endLine: node.endPosition.row,
      start: node.startIndex,
      end: node.endIndex,
      leadingStart: leading.startIndex,
      leadingStartLine: leading.startPosition.row,
      children: inType ? nested.map((m) => (m.kind === 'function' ? { ...m, kind: 'method' } : m)) : kind === 'namespace' ? nested : [],
    });
  }
  return symbols;
}

export interface SyntaxDefinition extends SyntaxDeclaration {
  /** Name of the class/namespace it is declared in, if any. */
  container?: string;
}

/**
 * Every named definition of the file (functions, classes, methods, variables, types) for cross-file
 * context: declarations at the top level and inside containers, not locals inside function bodies.
 */
export function definitions(tree: SyntaxTree): SyntaxDefinition[] {
  const out: SyntaxDefinition[] = [];
  const walk = (symbols: SyntaxSymbol[], container?: string) => {
    for (const symbol of symbols) {
      if (symbol.name) {
        const { name, kind, startLine, endLine, start, end } = symbol;
        out.push({ name, kind, startLine, endLine, start, end, container });
      }
      walk(symbol.children, symbol.name || container);
    }
  };
  walk(topLevelSymbols(tree, 4));
  return out;
}

export interface CursorSyntax {
  /** The smallest node around the offset. */
  node: SyntaxNode;
  /** The innermost statement or declaration (a child of a block) containing the offset. */
  statement?: SyntaxNode;
  /** The innermost block (body, statement list, file) containing the offset. */
  block?: SyntaxNode;
}

/** What surrounds a cursor offset: for a cursor between two characters, the node left of it wins. */
export function cursorSyntax(tree: SyntaxTree, offset: number): CursorSyntax {
  const at = Math.max(0, offset - 1);
  const node = tree.root.descendantForIndex(at, offset) ?? tree.root;
  let statement: SyntaxNode | undefined;
  let block: SyntaxNode | undefined;
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    const parent: SyntaxNode | null = current.parent;
    if (!statement && parent && isBlock(parent.type) && current.isNamed && !isComment(current.type)) statement = current;
    if (!block && isBlock(current.type) && (current.startIndex < offset || current.parent === null)) block = current;
    if (statement && block) break;
  }
  return { node, statement, block };
}

/** Named children of a block that are statements (not comments or punctuation). */
export function statementsOf(block: SyntaxNode): SyntaxNode[] {
  return block.namedChildren.filter((child) => !isComment(child.type) && !isPunctuation(child.type));
}

/** The kind of a declaration node, looking at C-style declarators for functions declared as fields. */
function kindOf(declaration: SyntaxNode): SymbolKind | undefined {
  if (declaration.type === 'assignment') return 'variable';
  if (declaration.type === 'declaration' || declaration.type === 'field_declaration') {
    const declarator = declaration.childForFieldName('declarator');
    if (declarator?.type === 'function_declarator') return 'function';
    if (declaration.type === 'declaration') return declarator ? 'variable' : undefined;
  }
  return declarationKind(declaration.type);
}

function unwrap(node: SyntaxNode): SyntaxNode | undefined {
  let current: SyntaxNode | null = node;
  for (let i = 0; current && i < 4; i++) {
    if (kindOf(current)) return current;
    if (current.type === 'expression_statement') {
      // Python's module-level `NAME = …`; TypeScript's `namespace X {}` parses as an expression.
      const inner = current.namedChildren[0];
      if (inner?.type === 'assignment') return inner.childForFieldName('left')?.type === 'identifier' ? inner : undefined;
      return inner && kindOf(inner) ? inner : undefined;
    }
    if (!isDeclarationWrapper(current.type)) return undefined;
    current = current.childForFieldName('declaration') ?? current.childForFieldName('definition') ?? current.namedChildren.find((c) => kindOf(c) || isDeclarationWrapper(c.type)) ?? null;
  }
  return undefined;
}

/** The first line of a declaration's attached comments and decorators (contiguous lines above it). */
function leadingStartOf(siblings: SyntaxNode[], index: number): SyntaxNode {
  let first = siblings[index];
  for (let i = index - 1; i >= 0; i--) {
    const previous = siblings[i];
    if (!isComment(previous.type) && !isAttachedAbove(previous.type)) break;
    if (previous.endPosition.row < first.startPosition.row - 1) break;
    first = previous;
  }
  return first;
}

/**
 * The member list of the container (class, interface, namespace, impl block, enum) declared on the
 * line where `offset` is, or undefined when no container is declared there.
 */
export function containerBodyAt(root: SyntaxNode, offset: number): SyntaxNode | undefined {
  let node = root.namedDescendantForIndex(offset, offset);
  const row = node?.startPosition.row;
  // Up to the outermost node starting on that line (an export or decorator wrapper included).
  while (node?.parent && node.parent !== root && node.parent.startPosition.row === row && !isBlock(node.parent.type)) node = node.parent;
  const declaration = node && unwrap(node);
  const kind = declaration && kindOf(declaration);
  if (!declaration || (kind !== 'class' && kind !== 'interface' && kind !== 'namespace' && kind !== 'enum')) return undefined;
  return bodyOf(declaration);
}

/**
 * The lines where the declarations and statements of a block (or file) start, each at its attached
 * comments, decorators and attributes; only lines in [fromRow, toRow) that no earlier child runs into.
 */
export function declarationStartRows(container: SyntaxNode, fromRow: number, toRow: number): number[] {
  const rows: number[] = [];
  let leading: number | undefined;
  let previousEnd = -1;
  for (const child of container.namedChildren) {
    const row = child.startPosition.row;
    if (row < fromRow || row >= toRow) continue;
    const ownLine = row > previousEnd;
    if (isComment(child.type) || isAttachedAbove(child.type)) {
      // Comments on lines of their own belong to what follows them (a trailing comment does not).
      if (ownLine && leading === undefined) leading = row;
    } else {
      if (ownLine) rows.push(leading ?? row);
      leading = undefined;
    }
    previousEnd = Math.max(previousEnd, child.endPosition.row);
  }
  return rows;
}

/** The member list of a container declaration. */
function bodyOf(declaration: SyntaxNode): SyntaxNode | undefined {
  const body = declaration.childForFieldName('body') ?? declaration.namedChildren.find((c) => isBlock(c.type));
  if (body && isBlock(body.type)) return body;
  // Go: `type T struct { … }` keeps its fields inside the type spec.
  return undefined;
}

/** The declared name: the `name` field, the innermost C-style declarator, or the first declarator. */
export function nameOf(declaration: SyntaxNode): string | undefined {
  if (declaration.type === 'assignment') return declaration.childForFieldName('left')?.text;
  const name = declaration.childForFieldName('name');
  if (name) return name.text;
  let declarator = declaration.childForFieldName('declarator');
  if (declarator) {
    for (let inner = declarator.childForFieldName('declarator'); inner; inner = inner.childForFieldName('declarator')) declarator = inner;
    return declarator.text;
  }
  // impl blocks are named by their type.
  const type = declaration.type === 'impl_item' ? declaration.childForFieldName('type') : null;
  if (type) return type.text;
  for (const child of declaration.namedChildren) {
    if (/declarator$|_spec$|^variable_declaration$/.test(child.type)) return nameOf(child);
  }
  return undefined;
}
