// Reads what turns bare imports into workspace files (see common/inline/moduleResolution.ts): the
// tsconfig.json or jsconfig.json nearest to the importing file (its `extends` chain inside the
// workspace; `baseUrl` and `paths`), and the workspace's packages — the root package.json's own
// name and its npm/yarn `workspaces` folders. Nothing outside the workspace root is read. Configs
// are read as JSON5, a superset of what tsc accepts (comments, trailing commas).
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseJson5 } from 'json5';
import { NO_RESOLUTION, type ModuleResolution, type PathAlias, type WorkspacePackage } from '../common/inline/moduleResolution';

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];
const MAX_EXTENDS = 4;
/** Workspace folders read at most (a `packages/*` glob in a huge monorepo is read in part). */
const MAX_PACKAGES = 200;

export async function readModuleResolution(file: string, root: string): Promise<ModuleResolution> {
  const absoluteRoot = path.resolve(root);
  const [compiler, packages] = await Promise.all([compilerOptions(path.dirname(path.resolve(file)), absoluteRoot), workspacePackages(absoluteRoot)]);
  if (!compiler && packages.length === 0) return NO_RESOLUTION;
  const relative = (absolute: string) => path.relative(absoluteRoot, absolute).split(path.sep).join('/');
  const resolution: ModuleResolution = { paths: [], packages };
  if (compiler) {
    if (compiler.baseUrl !== undefined) resolution.baseUrl = relative(compiler.baseUrl);
    // Without baseUrl, `paths` are relative to the config that declares them (TypeScript ≥ 4.1).
    const pathsBase = compiler.baseUrl ?? compiler.pathsDir;
    resolution.paths = Object.entries(compiler.paths).map(([pattern, targets]): PathAlias => ({ pattern, targets: targets.map((target) => relative(path.resolve(pathsBase, target))) }));
  }
  return resolution;
}

interface CompilerPaths {
  /** Absolute. */
  baseUrl?: string;
  paths: Record<string, string[]>;
  /** The folder of the config that declared `paths`. */
  pathsDir: string;
}

/** The nearest config from the file's folder up to the root, its `extends` followed (nearer options win). */
async function compilerOptions(dir: string, root: string): Promise<CompilerPaths | undefined> {
  for (let current = dir; inside(root, current); current = path.dirname(current)) {
    for (const name of CONFIG_NAMES) {
      const config = path.join(current, name);
      if (await isFile(config)) return readCompilerOptions(config, root, MAX_EXTENDS);
    }
    if (current === root) break;
  }
  return undefined;
}

async function readCompilerOptions(config: string, root: string, depth: number): Promise<CompilerPaths | undefined> {
  const json = await readJson5(config);
  if (!json) return undefined;
  const dir = path.dirname(config);
  const parent = typeof json.extends === 'string' && json.extends.startsWith('.') && depth > 0 ? await extended(path.resolve(dir, json.extends), root, depth - 1) : undefined;
  const options = isRecord(json.compilerOptions) ? json.compilerOptions : {};
  const own = isRecord(options.paths) ? stringLists(options.paths) : undefined;
  return {
    baseUrl: typeof options.baseUrl === 'string' ? path.resolve(dir, options.baseUrl) : parent?.baseUrl,
    paths: own ?? parent?.paths ?? {},
    pathsDir: own ? dir : (parent?.pathsDir ?? dir),
  };
}

async function extended(target: string, root: string, depth: number): Promise<CompilerPaths | undefined> {
  const file = target.endsWith('.json') ? target : `${target}.json`;
  return inside(root, file) && (await isFile(file)) ? readCompilerOptions(file, root, depth) : undefined;
}

/** The root package (a package may import itself by name) and the folders its `workspaces` name. */
async function workspacePackages(root: string): Promise<WorkspacePackage[]> {
  const rootJson = await readJson5(path.join(root, 'package.json'));
  if (!rootJson) return [];
  const packages: WorkspacePackage[] = [];
  const self = packageOf(rootJson, '');
  if (self) packages.push(self);
  const globs = Array.isArray(rootJson.workspaces) ? rootJson.workspaces : isRecord(rootJson.workspaces) && Array.isArray(rootJson.workspaces.packages) ? rootJson.workspaces.packages : [];
  for (const folder of await workspaceFolders(root, globs.filter((g): g is string => typeof g === 'string'))) {
    if (packages.length >= MAX_PACKAGES) break;
    const json = await readJson5(path.join(root, folder, 'package.json'));
    const pkg = json && packageOf(json, folder);
    if (pkg) packages.push(pkg);
  }
  return packages;
}

/** `packages/*` (each folder inside) and plain folder names; other glob forms are not expanded. */
async function workspaceFolders(root: string, globs: string[]): Promise<string[]> {
  const folders: string[] = [];
  for (const glob of globs) {
    const clean = glob.replace(/^\.\//, '').replace(/\/$/, '');
    if (/[*?[{!]/.test(clean.replace(/\/\*$/, ''))) continue;
    if (!clean.endsWith('/*')) {
      folders.push(clean);
      continue;
    }
    const parent = clean.slice(0, -2);
    const entries = await fs.promises.readdir(path.join(root, parent), { withFileTypes: true }).catch(() => []);
    folders.push(...entries.filter((e) => e.isDirectory()).map((e) => `${parent}/${e.name}`).sort());
  }
  return folders.filter((folder) => inside(root, path.resolve(root, folder)));
}

function packageOf(json: Record<string, unknown>, dir: string): WorkspacePackage | undefined {
  if (typeof json.name !== 'string' || json.name === '') return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { name: json.name, dir, exports: json.exports, main: text(json.main), module: text(json.module), types: text(json.types) ?? text(json.typings) };
}

async function readJson5(file: string): Promise<Record<string, unknown> | undefined> {
  const text = await fs.promises.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const value: unknown = parseJson5(text);
    return isRecord(value) ? value : undefined;
  } catch {
    // A config being edited: read nothing from it.
    return undefined;
  }
}

function stringLists(record: Record<string, unknown>): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(record)) {
    if (Array.isArray(value)) lists[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return lists;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function isFile(file: string): Promise<boolean> {
  return (await fs.promises.stat(file).catch(() => undefined))?.isFile() === true;
}

function inside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}
