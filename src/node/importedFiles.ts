// The files of the workspace a file imports, read from disk: the first candidate path of each
// imported module that exists inside the workspace root (nothing outside it is ever read).
import * as fs from 'fs';
import * as path from 'path';
import type { ImportedModule } from '../common/inline/imports';

export interface ImportedFile {
  /** Absolute path. */
  path: string;
  text: string;
  /** Last modified (ms): a changed file is indexed again. */
  modifiedMs: number;
}

/** A file imported this many times over is still read once; a file importing hundreds is read in part. */
const MAX_IMPORTED_FILES = 24;
/** Bigger files are generated or bundled code: not worth reading near a keystroke. */
const MAX_FILE_BYTES = 512 * 1024;

/** Excluded files are skipped before they are read (`isExcluded` gets the absolute path). */
export async function readImportedFiles(file: string, modules: readonly ImportedModule[], root: string, isExcluded: (file: string) => boolean): Promise<ImportedFile[]> {
  const found = new Map<string, ImportedFile>();
  const self = path.resolve(file);
  for (const module of modules) {
    if (found.size >= MAX_IMPORTED_FILES) break;
    for (const candidate of module.candidates) {
      const absolute = path.resolve(candidate.base === 'file' ? path.dirname(self) : root, ...candidate.path.split('/'));
      if (absolute === self || !inside(root, absolute)) continue;
      if (found.has(absolute)) break;
      const stat = await fs.promises.stat(absolute).catch(() => undefined);
      if (!stat?.isFile()) continue;
      if (stat.size <= MAX_FILE_BYTES && !isExcluded(absolute)) found.set(absolute, { path: absolute, text: await fs.promises.readFile(absolute, 'utf8'), modifiedMs: stat.mtimeMs });
      break;
    }
  }
  return [...found.values()];
}

function inside(root: string, file: string): boolean {
  const relative = path.relative(path.resolve(root), file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
