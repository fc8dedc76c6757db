// Which files of the workspace the current file imports, read from its syntax tree: TS/JS `import …
// from './x'`, `export … from './x'`, `require('./x')`, `import('./x')`; Python `from . import x`,
// `from .x import a`, `import pkg.mod`, `from pkg.mod import a`. Only the module names and the
// candidate paths to try are decided here (pure); a file-system reader checks which exist.
import type { SyntaxNode } from '../syntax/types';

/** A path to try, relative to the importing file's folder ('file') or to the workspace root ('root'), '/'-separated. */
export interface ImportCandidate {
  base: 'file' | 'root';
  path: string;
}

/** A name the import binds in the file, and the name it has in the module that defines it. */
export interface ImportBinding {
  local: string;
  original: string;
}

/** One imported module: the candidates in the order a resolver tries them (the first that exists wins). */
export interface ImportedModule {
  candidates: ImportCandidate[];
  bindings: ImportBinding[];
}

const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
/** An import written with the compiled name (`./x.js`) names the TypeScript source beside it. */
const COMPILED_TO_SOURCE: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
/** Statements worth reading per file: imports sit at the top, a huge generated file is not walked whole. */
const MAX_TOP_LEVEL_NODES = 400;

export function importedModules(root: SyntaxNode, languageId: string): ImportedModule[] {
  const modules = languageId === 'python' ? pythonModules(root) : scriptModules(root);
  const seen = new Set<string>();
  return modules.filter(({ candidates }) => {
    const key = candidates.map((c) => `${c.base}:${c.path}`).join('|');
    if (candidates.length === 0 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function scriptModules(root: SyntaxNode): ImportedModule[] {
  const found: ImportedModule[] = [];
  root.namedChildren.slice(0, MAX_TOP_LEVEL_NODES).forEach((node) => {
    if (node.type === 'import_statement' || node.type === 'export_statement') {
      const source = node.childForFieldName('source');
      const bindings = descendantsOfType(node, 'import_specifier', 4).flatMap((specifier) => binding(specifier.childForFieldName('name'), specifier.childForFieldName('alias')));
      if (source) found.push({ candidates: scriptCandidates(stringValue(source)), bindings });
    } else {
      // require('./x') and import('./x') in top-level declarations and expressions.
      for (const call of descendantsOfType(node, 'call_expression', 3)) {
        const callee = call.childForFieldName('function');
        const argument = call.childForFieldName('arguments')?.namedChildren[0];
        if ((callee?.text === 'require' || callee?.type === 'import') && argument?.type === 'string') found.push({ candidates: scriptCandidates(stringValue(argument)), bindings: [] });
      }
    }
  });
  return found;
}

/** Relative specifiers only: bare ones name packages outside the workspace. */
export function scriptCandidates(specifier: string): ImportCandidate[] {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return [];
  const extension = /\.[a-z]+$/.exec(specifier)?.[0] ?? '';
  const paths: string[] = [];
  if (COMPILED_TO_SOURCE[extension]) paths.push(...COMPILED_TO_SOURCE[extension].map((source) => specifier.slice(0, -extension.length) + source));
  if (SCRIPT_EXTENSIONS.includes(extension)) paths.push(specifier);
  else {
    paths.push(...SCRIPT_EXTENSIONS.map((ext) => specifier + ext));
    paths.push(...SCRIPT_EXTENSIONS.map((ext) => `${specifier}/index${ext}`));
  }
  return paths.map((path) => ({ base: 'file', path }));
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
