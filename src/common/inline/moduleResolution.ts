// Bare import specifiers that still name files of the workspace: tsconfig/jsconfig `paths` and
// `baseUrl`, and packages of the workspace itself (npm/yarn workspaces, or the root package naming
// itself) through their package.json `exports`, `main`, `module` or `types`. Pure: the node side
// reads the config files into a ModuleResolution; this decides which paths to try, in order.
import type { ImportCandidate } from './imports';

/** A `paths` entry: `pattern` may hold one `*`; targets are workspace-root-relative, `*` kept. */
export interface PathAlias {
  pattern: string;
  targets: string[];
}

/** A package.json of the workspace, by the fields that say where its code is. */
export interface WorkspacePackage {
  name: string;
  /** Its folder, relative to the workspace root ('' for the root itself). */
  dir: string;
  exports?: unknown;
  main?: string;
  module?: string;
  types?: string;
}

export interface ModuleResolution {
  /** tsconfig/jsconfig `baseUrl`, workspace-root-relative. */
  baseUrl?: string;
  paths: PathAlias[];
  packages: WorkspacePackage[];
}

export const NO_RESOLUTION: ModuleResolution = { paths: [], packages: [] };

/** Conditions of an `exports` map in the order tried: the one naming source or types reads best. */
const CONDITIONS = ['source', 'types', 'import', 'module', 'default', 'require', 'node'];
/** Where built output usually sits beside its source folder (a workspace package may be unbuilt). */
const BUILD_FOLDER = /^(dist|lib|build|out)\//;
const DECLARATION = /\.d\.[mc]?ts$/;

/**
 * Paths to try for a bare specifier (`@app/util`, `utils/x`, `my-pkg/sub`), workspace-root-relative,
 * as TypeScript and Node would look: `paths` (longest matching prefix first), then `baseUrl`, then a
 * workspace package of that name. `withExtensions` turns a path into the files it may mean.
 */
export function bareCandidates(specifier: string, resolution: ModuleResolution, withExtensions: (path: string) => string[]): ImportCandidate[] {
  const paths: string[] = [];
  for (const alias of matchingAliases(specifier, resolution.paths)) {
    for (const target of alias.targets) paths.push(...withExtensions(target.replace('*', alias.star)));
  }
  if (resolution.baseUrl !== undefined) paths.push(...withExtensions(join(resolution.baseUrl, specifier)));
  paths.push(...packageCandidates(specifier, resolution.packages, withExtensions));
  return [...new Set(paths)].map((path) => ({ base: 'root', path }));
}

function matchingAliases(specifier: string, aliases: readonly PathAlias[]): { targets: string[]; star: string; prefix: number }[] {
  const matches: { targets: string[]; star: string; prefix: number }[] = [];
  for (const { pattern, targets } of aliases) {
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === specifier) matches.push({ targets, star: '', prefix: pattern.length });
      continue;
    }
    const [head, tail] = [pattern.slice(0, star), pattern.slice(star + 1)];
    if (specifier.length >= head.length + tail.length && specifier.startsWith(head) && specifier.endsWith(tail)) {
      matches.push({ targets, star: specifier.slice(head.length, specifier.length - tail.length), prefix: head.length });
    }
  }
  return matches.sort((a, b) => b.prefix - a.prefix);
}

function packageCandidates(specifier: string, packages: readonly WorkspacePackage[], withExtensions: (path: string) => string[]): string[] {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const pkg = packages.find((p) => p.name === name);
  if (!pkg) return [];
  const subpath = `.${specifier.slice(name.length)}`;
  const targets = pkg.exports !== undefined ? exportTargets(pkg.exports, subpath) : fieldTargets(pkg, subpath);
  // A target in a build folder may not be built yet: its source folder is tried after it.
  const withSource = targets.flatMap((target) => {
    const relative = target.replace(/^\.\//, '');
    return BUILD_FOLDER.test(relative) ? [relative, relative.replace(BUILD_FOLDER, 'src/')] : [relative];
  });
  // Declarations (`x.d.ts`) are tried after the source beside them (`x.ts`, …).
  const declared = withSource.flatMap((target) => (DECLARATION.test(target) ? [target.replace(DECLARATION, ''), target] : [target]));
  return declared.flatMap((target) => withExtensions(join(pkg.dir, target)));
}

/** Without `exports`: the package itself is its main (or module, types, index), a subpath its folder's path. */
function fieldTargets(pkg: WorkspacePackage, subpath: string): string[] {
  if (subpath !== '.') return [subpath];
  const fields = [pkg.module, pkg.main, pkg.types].filter((field): field is string => typeof field === 'string');
  return fields.length > 0 ? fields : ['./index'];
}

/** Targets of an `exports` field for `subpath` ('.' or './x'): exact keys, then `*` patterns. */
export function exportTargets(exports: unknown, subpath: string): string[] {
  const map = subpathMap(exports);
  if (!map) return [];
  if (subpath in map) return conditionTargets(map[subpath], '');
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const [head, tail] = [key.slice(0, star), key.slice(star + 1)];
    if (subpath.startsWith(head) && subpath.endsWith(tail) && subpath.length >= head.length + tail.length) {
      return conditionTargets(value, subpath.slice(head.length, subpath.length - tail.length));
    }
  }
  return [];
}

/** `exports` as subpath → target: a string or a conditions object means the package itself ('.'). */
function subpathMap(exports: unknown): Record<string, unknown> | undefined {
  if (typeof exports === 'string' || Array.isArray(exports)) return { '.': exports };
  if (!exports || typeof exports !== 'object') return undefined;
  const keys = Object.keys(exports);
  return keys.some((key) => key.startsWith('.')) ? (exports as Record<string, unknown>) : { '.': exports };
}

function conditionTargets(value: unknown, star: string): string[] {
  if (typeof value === 'string') return [value.replace('*', star)];
  if (Array.isArray(value)) return value.flatMap((item) => conditionTargets(item, star));
  if (!value || typeof value !== 'object') return [];
  const conditions = value as Record<string, unknown>;
  const ordered = [...CONDITIONS.filter((c) => c in conditions), ...Object.keys(conditions).filter((c) => !CONDITIONS.includes(c))];
  return [...new Set(ordered.flatMap((condition) => conditionTargets(conditions[condition], star)))];
}

function join(dir: string, path: string): string {
  const relative = path.replace(/^\.\//, '');
  return dir === '' || dir === '.' ? relative : `${dir.replace(/\/$/, '')}/${relative}`;
}
