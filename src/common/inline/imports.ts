// Which files of the workspace the current file imports, read from its syntax tree: TS/JS `import …
// from './x'`, `export … from './x'`, `require('./x')`, `import('./x')`; Python `from . import x`,
// `from .x import a`, `import pkg.mod`, `from pkg.mod import a`. Only the module names and the
// candidate paths to try are decided here (pure); a file-system reader checks which exist. A bare
// TS/JS specifier (`@app/util`, `my-pkg`) keeps its text: whether tsconfig paths or a workspace
// package make it a workspace file is for the reader, who has the config (./moduleResolution).
import type { SyntaxNode } from '../syntax/types';

/** A path to try, relative to the importing file's folder ('file') or to the workspace root ('root'), '/'-separated. */
export interface ImportCandidate {
  base: 'file' | 'root';
  path: string;
}

/**
 * A name the import binds in the file, and the name it has in the module that defines it
 * (DEFAULT_EXPORT for `import foo from './x'` and `const foo = require('./x')`).
 */
export interface ImportBinding {
  local: string;
  original: string;
  /** The file the module was found in (set by the reader): where `original` is looked up first. */
  uri?: string;
}

/** The name a default import binds to in its module: no declaration can be named so. */
export const DEFAULT_EXPORT = 'default';

/** One imported module: the candidates in the order a resolver tries them (the first that exists wins). */
export interface ImportedModule {
  candidates: ImportCandidate[];
  bindings: ImportBinding[];
  /** A bare TS/JS specifier (no candidates of its own): resolved by the reader through the workspace's config. */
  specifier?: string;
}

const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
/** An import written with the compiled name (`./x.js`) names the TypeScript source beside it. */
const COMPILED_TO_SOURCE: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
/** Statements worth reading per file: imports sit at the top, a huge generated file is not walked whole. */
const MAX_TOP_LEVEL_NODES = 400;

export function importedModules(root: SyntaxNode, languageId: string): ImportedModule[] {
  const modules = languageId === 'python' ? pythonModules(root) : scriptModules(root);
  const seen = new Set<string>();
  return modules.filter(({ candidates, specifier }) => {
    const key = specifier ?? candidates.map((c) => `${c.base}:${c.path}`).join('|');
    if ((candidates.length === 0 && specifier === undefined) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function scriptModules(root: SyntaxNode): ImportedModule[] {
  const found: ImportedModule[] = [];
  const add = (specifier: string, bindings: ImportBinding[]) => found.push({ ...scriptModule(specifier), bindings });
  root.namedChildren.slice(0, MAX_TOP_LEVEL_NODES).forEach((node) => {
    if (node.type === 'import_statement' || node.type === 'export_statement') {
      const source = node.childForFieldName('source');
      const named = descendantsOfType(node, 'import_specifier', 4).flatMap((specifier) => binding(specifier.childForFieldName('name'), specifier.childForFieldName('alias')));
      // `import foo from './x'` (and `import foo, { a } from …`): the clause's own identifier.
      const clause = node.namedChildren.find((child) => child.type === 'import_clause');
      const defaults = clause?.namedChildren.filter((child) => child.type === 'identifier').flatMap((local) => defaultBinding(local)) ?? [];
      if (source) add(stringValue(source), [...defaults, ...named]);
    } else {
      // require('./x') and import('./x') in top-level declarations and expressions.
      // By offset: the tree hands out a new node object at every access.
      const bound = new Map<number, ImportBinding[]>();
      for (const declarator of descendantsOfType(node, 'variable_declarator', 1)) {
        const value = declarator.childForFieldName('value');
        if (value?.type === 'call_expression') bound.set(value.startIndex, requireBindings(declarator.childForFieldName('name')));
      }
      for (const call of descendantsOfType(node, 'call_expression', 3)) {
        const callee = call.childForFieldName('function');
        const argument = call.childForFieldName('arguments')?.namedChildren[0];
        if ((callee?.text === 'require' || callee?.type === 'import') && argument?.type === 'string') add(stringValue(argument), callee.text === 'require' ? (bound.get(call.startIndex) ?? []) : []);
      }
    }
  });
  return found;
}

/** `const { a, b: c } = require('./x')` binds a and c (x's a and b); `const x = require('./x')` x's default. */
function requireBindings(name: SyntaxNode | null): ImportBinding[] {
  if (name?.type === 'identifier') return defaultBinding(name);
  if (name?.type !== 'object_pattern') return [];
  return name.namedChildren.flatMap((property) => {
    if (property.type === 'shorthand_property_identifier_pattern') return binding(property, null);
    if (property.type === 'pair_pattern') {
      const value = property.childForFieldName('value');
      return value?.type === 'identifier' ? binding(property.childForFieldName('key'), value) : [];
    }
    return [];
  });
}

function defaultBinding(local: SyntaxNode): ImportBinding[] {
  return /^[A-Za-z_$][\w$]*$/.test(local.text) ? [{ local: local.text, original: DEFAULT_EXPORT }] : [];
}

/** A relative specifier's candidate files; a bare one is kept as it is, for the reader to resolve. */
function scriptModule(specifier: string): Pick<ImportedModule, 'candidates' | 'specifier'> {
  const candidates = scriptCandidates(specifier);
  return candidates.length > 0 || isRelative(specifier) ? { candidates } : { candidates, specifier };
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/');
}

/** Relative specifiers only: bare ones are resolved through the workspace's config (bareCandidates). */
export function scriptCandidates(specifier: string): ImportCandidate[] {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return [];
  return scriptPaths(specifier).map((path) => ({ base: 'file', path }));
}

/** The files a script path may mean: the TypeScript source of a compiled name, the name, or the name with each extension and as a folder's index. */
export function scriptPaths(specifier: string): string[] {
  const extension = /\.[a-z]+$/.exec(specifier)?.[0] ?? '';
  const paths: string[] = [];
  if (COMPILED_TO_SOURCE[extension]) paths.push(...COMPILED_TO_SOURCE[extension].map((source) => specifier.slice(0, -extension.length) + source));
  if (SCRIPT_EXTENSIONS.includes(extension)) paths.push(specifier);
  else {
    paths.push(...SCRIPT_EXTENSIONS.map((ext) => specifier + ext));
    paths.push(...SCRIPT_EXTENSIONS.map((ext) => `${specifier}/index${ext}`));
  }
  return paths;
}

function pythonModules(root: SyntaxNode): ImportedModule[] {
  const found: ImportedModule[] = [];
  for (const node of root.namedChildren.slice(0, MAX_TOP_LEVEL_NODES)) {
    if (node.type === 'import_from_statement') {
      const moduleName = node.childForFieldName('module_name');
      if (!moduleName) continue;
      const names = node.namedChildren.slice(1);
      const bindings = names.flatMap((name) => (name.type === 'aliased_import' ? binding(name.childForFieldName('name'), name.childForFieldName('alias')) : binding(name, null)));
      found.push({ candidates: pythonCandidates(moduleName.text), bindings });
      // `from . import a, b`: a and b may be submodules of the package.
      if (/^\.+$/.test(moduleName.text)) {
        for (const name of names) {
          const imported = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
          if (imported?.type === 'dotted_name') found.push({ candidates: pythonCandidates(moduleName.text + imported.text), bindings: [] });
        }
      }
    } else if (node.type === 'import_statement') {
      for (const name of node.namedChildren) {
        const imported = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
        if (imported?.type === 'dotted_name') found.push({ candidates: pythonCandidates(imported.text), bindings: [] });
      }
    }
  }
  return found;
}

/** `.x` / `..x.y` from the file's package; `pkg.mod` from the workspace root (or beside a script). */
export function pythonCandidates(moduleName: string): ImportCandidate[] {
  const dots = /^\.*/.exec(moduleName)?.[0].length ?? 0;
  const parts = moduleName.slice(dots).split('.').filter(Boolean);
  const modulePaths = (prefix: string) => (parts.length === 0 ? [`${prefix}__init__.py`] : [`${prefix}${parts.join('/')}.py`, `${prefix}${parts.join('/')}/__init__.py`]);
  if (dots > 0) return modulePaths(dots === 1 ? './' : '../'.repeat(dots - 1)).map((path) => ({ base: 'file', path }));
  return [...modulePaths('').map((path): ImportCandidate => ({ base: 'root', path })), ...modulePaths('./').map((path): ImportCandidate => ({ base: 'file', path }))];
}

/**
 * Every binding of the modules; those of a module the reader found in a file carry that file's URI
 * (`found`: module index → URI), so their names are looked up there first.
 */
export function locatedBindings(modules: readonly ImportedModule[], found: ReadonlyMap<number, string>): ImportBinding[] {
  return modules.flatMap((module, index) => {
    const uri = found.get(index);
    return uri === undefined ? module.bindings : module.bindings.map((b) => ({ ...b, uri }));
  });
}

function binding(name: SyntaxNode | null, alias: SyntaxNode | null): ImportBinding[] {
  const original = name?.text;
  if (!original || !/^[A-Za-z_$][\w$]*$/.test(original)) return [];
  return [{ original, local: alias?.text ?? original }];
}

function stringValue(node: SyntaxNode): string {
  return node.text.slice(1, -1);
}

function descendantsOfType(node: SyntaxNode, type: string, depth: number): SyntaxNode[] {
  if (node.type === type) return [node];
  if (depth === 0) return [];
  return node.namedChildren.flatMap((child) => descendantsOfType(child, type, depth - 1));
}
