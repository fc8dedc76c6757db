// The files of the workspace a file imports, read from disk: the first candidate path of each
// imported module that exists inside the workspace root (nothing outside it is ever read). Bare
// specifiers are tried through the workspace's tsconfig/jsconfig paths and its own packages.
import * as fs from 'fs';
import * as path from 'path';
import { scriptPaths, type ImportCandidate, type ImportedModule } from '../common/inline/imports';
import { bareCandidates, NO_RESOLUTION, type ModuleResolution } from '../common/inline/moduleResolution';
import { readModuleResolution } from './moduleResolution';

export interface ImportedFile {
  /** Absolute path. */
  path: string;
  text: string;
  /** Last modified (ms): a changed file is indexed again. */
  modifiedMs: number;
  /** Indexes (into the modules given) of the imports found in this file. */
  modules: number[];
}

/** A file imported this many times over is still read once; a file importing hundreds is read in part. */
const MAX_IMPORTED_FILES = 24;
/** Bigger files are generated or bundled code: not worth reading near a keystroke. */
const MAX_FILE_BYTES = 512 * 1024;

/** Excluded files are skipped before they are read (`isExcluded` gets the absolute path). */
export async function readImportedFiles(file: string, modules: readonly ImportedModule[], root: string, isExcluded: (file: string) => boolean): Promise<ImportedFile[]> {
  const found = new Map<string, ImportedFile>();
  const self = path.resolve(file);
  // Read only when a bare specifier needs it: most files import relatively or from packages outside.
  let resolution: ModuleResolution | undefined;
  for (const [index, module] of modules.entries()) {
    if (found.size >= MAX_IMPORTED_FILES) break;
    let candidates: ImportCandidate[] = module.candidates;
    if (module.specifier !== undefined) {
      resolution ??= await readModuleResolution(file, root).catch(() => NO_RESOLUTION);
      candidates = bareCandidates(module.specifier, resolution, scriptPaths);
    }
    for (const candidate of candidates) {
      const absolute = path.resolve(candidate.base === 'file' ? path.dirname(self) : root, ...candidate.path.split('/'));
      if (absolute === self || !inside(root, absolute)) continue;
      const known = found.get(absolute);
      if (known) {
        known.modules.push(index);
        break;
      }
      const stat = await fs.promises.stat(absolute).catch(() => undefined);
      if (!stat?.isFile()) continue;
      if (stat.size <= MAX_FILE_BYTES && !isExcluded(absolute)) found.set(absolute, { path: absolute, text: await fs.promises.readFile(absolute, 'utf8'), modifiedMs: stat.mtimeMs, modules: [index] });
      break;
    }
  }
  return [...found.values()];
}

function inside(root: string, file: string): boolean {
  const relative = path.relative(path.resolve(root), file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
