// The syntax service on web-tree-sitter with the grammars VS Code itself ships
// (@vscode/tree-sitter-wasm). The runtime and each grammar load on first use; a text parsed under a
// key (a document) is parsed incrementally against the previous text under that key.
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { Edit, Language, Parser, type Point, type Tree } from 'web-tree-sitter';
import { grammarFor, type GrammarName } from '../../common/syntax/languages';
import type { SyntaxNode, SyntaxService, SyntaxTree } from '../../common/syntax/types';

export interface WasmLocation {
  /** web-tree-sitter.wasm (the runtime). */
  runtime: string;
  /** Folder holding tree-sitter-<grammar>.wasm. */
  grammars: string;
}

/** Folder esbuild copies the runtime and grammars into, beside the bundle that loads them. */
export const BUNDLED_GRAMMARS_DIR = 'grammars';

/** Bundled: dist/grammars beside this bundle. From source (tests, bench, tsx): the packages. */
export function defaultWasmLocation(): WasmLocation {
  const bundled = path.join(__dirname, BUNDLED_GRAMMARS_DIR);
  if (fs.existsSync(path.join(bundled, 'web-tree-sitter.wasm'))) return { runtime: path.join(bundled, 'web-tree-sitter.wasm'), grammars: bundled };
  // createRequire: a resolver esbuild leaves alone (this branch never runs in the bundle).
  const resolve = createRequire(__filename).resolve;
  return {
    runtime: resolve('web-tree-sitter/web-tree-sitter.wasm'),
    grammars: path.join(path.dirname(resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm'),
  };
}

export interface TreeSitterOptions {
  location?: WasmLocation;
  /** Documents whose last tree is kept for incremental parsing. */
  maxKeys?: number;
  /** Trees of recent insertions kept for the same text asked again (see withInsertion). */
  maxInsertions?: number;
}

/** Frees trees nobody disposed once their wrapper is garbage: parser memory is not JS memory. */
const forgotten = new FinalizationRegistry<Tree>((tree) => tree.delete());

export function createTreeSitterSyntax(options: TreeSitterOptions = {}): SyntaxService {
  const location = options.location ?? defaultWasmLocation();
  const maxKeys = options.maxKeys ?? 32;
  const maxInsertions = options.maxInsertions ?? 16;
  let runtime: Promise<void> | undefined;
  const loading = new Map<GrammarName, Promise<Parser | undefined>>();
  const parsers = new Map<GrammarName, Parser>();
  /** Last text and tree per key, most recently used last. */
  const keyed = new Map<string, { text: string; grammar: GrammarName; tree: Tree; wrapper: SyntaxTree }>();
  /**
   * Trees of recent insertions by language and resulting text, most recently used last. Typing
   * through a shown suggestion asks for the same text on every key (the window gained the key the
   * suggestion lost): the tree made for the previous key answers, with no reparse.
   */
  const insertions = new Map<string, SyntaxTree>();

  const loadGrammar = (grammar: GrammarName): Promise<Parser | undefined> => {
    let pending = loading.get(grammar);
    if (!pending) {
      runtime ??= Parser.init({ locateFile: () => location.runtime });
      pending = runtime
        .then(() => Language.load(path.join(location.grammars, `tree-sitter-${grammar}.wasm`)))
        .then((language) => {
          const parser = new Parser();
          parser.setLanguage(language);
          parsers.set(grammar, parser);
          return parser;
        })
        // A grammar that fails to load leaves its language to the fallback; it is not retried.
        .catch(() => undefined);
      loading.set(grammar, pending);
    }
    return pending;
  };

  /**
   * Every tree belongs to its wrapper and is freed by dispose() or, when the wrapper is dropped, by
   * the finalizer. A tree cached under a key may still be read by whoever got it (a request still
   * streaming) after the next parse under that key, so the cache never frees it: dispose() is a
   * no-op for it and the finalizer frees it once nobody holds it. Trees of insertions are cached
   * the same way.
   */
  const wrap = (tree: Tree, text: string, languageId: string, parser: Parser, cached: boolean): SyntaxTree => {
    let live = true;
    const wrapper: SyntaxTree = {
      languageId,
      text,
      root: tree.rootNode as unknown as SyntaxNode,
      withInsertion(offset, insertion) {
        const next = text.slice(0, offset) + insertion + text.slice(offset);
        const cacheKey = `${languageId}\u0000${next}`;
        const known = insertions.get(cacheKey);
        insertions.delete(cacheKey);
        const result = known ?? wrap(reparse(parser, tree, insertionEdit(text, offset, insertion), next), next, languageId, parser, true);
        insertions.set(cacheKey, result);
        if (insertions.size > maxInsertions) insertions.delete(insertions.keys().next().value as string);
        return result;
      },
      dispose() {
        if (!live || cached) return;
        live = false;
        forgotten.unregister(wrapper);
        tree.delete();
      },
    };
    forgotten.register(wrapper, tree, wrapper);
    return wrapper;
  };

  return {
    hasGrammar: (languageId) => grammarFor(languageId) !== undefined,
    async load(languageId) {
      const grammar = grammarFor(languageId);
      return grammar !== undefined && (await loadGrammar(grammar)) !== undefined;
    },
    parse(text, languageId, key) {
      const grammar = grammarFor(languageId);
      if (!grammar) return undefined;
      const parser = parsers.get(grammar);
      if (!parser) {
        void loadGrammar(grammar);
        return undefined;
      }
      if (key === undefined) {
        const tree = parser.parse(text);
        return tree ? wrap(tree, text, languageId, parser, false) : undefined;
      }
      const previous = keyed.get(key);
      keyed.delete(key);
      if (previous?.grammar === grammar && previous.text === text) {
        keyed.set(key, previous);
        return previous.wrapper;
      }
      const tree = previous?.grammar === grammar ? reparse(parser, previous.tree, diffEdit(previous.text, text), text) : parser.parse(text);
      if (!tree) return undefined;
      const wrapper = wrap(tree, text, languageId, parser, true);
      keyed.set(key, { text, grammar, tree, wrapper });
      // Only the newest keys are remembered; their trees go with their wrappers.
      if (keyed.size > maxKeys) keyed.delete(keyed.keys().next().value as string);
      return wrapper;
    },
  };
}

/** `text` parsed incrementally from a copy of `base` with `edit` applied (`base` stays as it was). */
function reparse(parser: Parser, base: Tree, edit: Edit, text: string): Tree {
  const copy = base.copy();
  try {
    copy.edit(edit);
    const tree = parser.parse(text, copy);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  } finally {
    copy.delete();
  }
}

/** The single edit that turns `before` into `after` (common head and tail kept). */
export function diffEdit(before: string, after: string): Edit {
  let head = 0;
  const shorter = Math.min(before.length, after.length);
  while (head < shorter && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  let tail = 0;
  while (tail < shorter - head && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return new Edit({
    startIndex: head,
    oldEndIndex: before.length - tail,
    newEndIndex: after.length - tail,
    startPosition: pointAt(before, head),
    oldEndPosition: pointAt(before, before.length - tail),
    newEndPosition: pointAt(after, after.length - tail),
  });
}

function insertionEdit(text: string, offset: number, insertion: string): Edit {
  const start = pointAt(text, offset);
  const lines = insertion.split('\n');
  const end: Point = lines.length === 1 ? { row: start.row, column: start.column + insertion.length } : { row: start.row + lines.length - 1, column: lines[lines.length - 1].length };
  return new Edit({ startIndex: offset, oldEndIndex: offset, newEndIndex: offset + insertion.length, startPosition: start, oldEndPosition: start, newEndPosition: end });
}

/** Row and column (UTF-16 units, like web-tree-sitter's indices) of an offset. */
function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
