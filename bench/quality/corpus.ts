// The corpus: real code nobody in this project wrote, read from disk at run time (never copied into
// the repository). TypeScript and JavaScript come from packages in node_modules that ship their
// sources (npm ci installs them on every machine); Python from the system python3 standard library.
// Files are picked deterministically: sorted candidates, a seeded shuffle.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { CorpusLanguage } from './syntax';
import { shuffled } from '../support/random';

export interface CorpusFile {
  /** Absolute path on this machine. */
  path: string;
  /** Where it came from, e.g. `openai/src/core/streaming.ts` or `python3.11/json/decoder.py`. */
  label: string;
  languageId: CorpusLanguage;
  text: string;
}

interface PackageSource {
  package: string;
  folders: string[];
  extensions: string[];
  languageId: CorpusLanguage;
}

/**
 * Packages that ship real sources (not only .d.ts or bundles). openai, @secretlint/core, undici,
 * markdown-it, picomatch and diff are the project's own dependencies; htmlparser2 and ajv arrive with
 * @vscode/vsce. No installed package ships TSX or JSX, so JSX continuations have no corpus cases.
 */
const PACKAGE_SOURCES: PackageSource[] = [
  { package: 'openai', folders: ['src/core', 'src/lib', 'src/internal'], extensions: ['.ts'], languageId: 'typescript' },
  { package: '@secretlint/core', folders: ['src'], extensions: ['.ts'], languageId: 'typescript' },
  { package: 'htmlparser2', folders: ['src'], extensions: ['.ts'], languageId: 'typescript' },
  { package: 'ajv', folders: ['lib/compile'], extensions: ['.ts'], languageId: 'typescript' },
  { package: 'undici', folders: ['lib/core', 'lib/web/fetch', 'lib/dispatcher'], extensions: ['.js'], languageId: 'javascript' },
  { package: 'markdown-it', folders: ['lib'], extensions: ['.mjs'], languageId: 'javascript' },
  { package: 'picomatch', folders: ['lib'], extensions: ['.js'], languageId: 'javascript' },
  { package: 'diff', folders: ['libesm'], extensions: ['.js'], languageId: 'javascript' },
];

/** Small files hold few cases; huge ones are generated tables. */
const MIN_BYTES = 2_000;
const MAX_BYTES = 80_000;

export const ROOT = path.join(__dirname, '../..');

export interface CorpusOptions {
  filesPerLanguage: number;
  seed: number;
}

export function buildCorpus(options: CorpusOptions): CorpusFile[] {
  const byLanguage = new Map<CorpusLanguage, Array<{ path: string; label: string }>>();
  const add = (languageId: CorpusLanguage, file: { path: string; label: string }) => {
    const list = byLanguage.get(languageId) ?? [];
    list.push(file);
    byLanguage.set(languageId, list);
  };
  for (const source of PACKAGE_SOURCES) {
    const packageDir = path.join(ROOT, 'node_modules', source.package);
    for (const folder of source.folders) {
      for (const file of sourceFiles(path.join(packageDir, folder), source.extensions)) {
        add(source.languageId, { path: file, label: `${source.package}/${path.relative(packageDir, file)}` });
      }
    }
  }
  const stdlib = pythonStdlib();
  if (stdlib) {
    for (const file of sourceFiles(stdlib, ['.py'], ['test', 'tests', 'idlelib', 'lib2to3', 'site-packages', 'turtledemo', 'pydoc_data', 'encodings'])) {
      add('python', { path: file, label: `${path.basename(stdlib)}/${path.relative(stdlib, file)}` });
    }
  }
  const picked: CorpusFile[] = [];
  for (const [languageId, files] of [...byLanguage].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = files.sort((a, b) => a.label.localeCompare(b.label));
    for (const file of shuffled(sorted, options.seed).slice(0, options.filesPerLanguage)) {
      picked.push({ ...file, languageId, text: fs.readFileSync(file.path, 'utf8') });
    }
  }
  return picked;
}

/** Source files under `dir` (recursively) within the size range; test and declaration files left out. */
export function sourceFiles(dir: string, extensions: string[], skipFolders: string[] = ['test', 'tests', '__tests__'], minBytes = MIN_BYTES): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skipFolders.includes(entry.name) && !entry.name.startsWith('.')) found.push(...sourceFiles(full, extensions, skipFolders, minBytes));
    } else if (extensions.some((ext) => entry.name.endsWith(ext)) && !/\.d\.[cm]?ts$|\.(test|spec)\./.test(entry.name) && !entry.name.startsWith('test_')) {
      const size = fs.statSync(full).size;
      if (size >= minBytes && size <= MAX_BYTES) found.push(full);
    }
  }
  return found;
}

/** The standard library folder of the machine's python3, or undefined when there is no python3. */
export function pythonStdlib(): string | undefined {
  try {
    return execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}
