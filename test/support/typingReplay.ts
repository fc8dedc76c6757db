// The typing replay shared by the inline bench (bench/suites/inline.ts) and the VS Code UI check
// (test/vscode/ui/inlineEconomy.ui.ts): regions of real source files and the seeded, human-paced
// keystrokes that type them, so the engine bench and the editor replay exactly the same keys.
import * as fs from 'fs';
import * as path from 'path';
import { mulberry32 } from '../../bench/support/random';

export const REPLAY_SEED = 20261122;
export const ALL_REPLAY_FILES = [
  'src/common/inline/requestManager.ts',
  'src/common/inline/similar.ts',
  'src/common/inline/postprocess.ts',
  'test/fixtures/code/inventory.py',
  'test/fixtures/code/inventory.go',
  'test/fixtures/code/Inventory.java',
  'test/fixtures/code/inventory.rs',
];
/** The replays the VS Code UI check types (half a minute of typing, two languages). */
export const EDITOR_REPLAY_FILES = ['test/fixtures/code/inventory.py', 'test/fixtures/code/inventory.go'];
/** Typed characters per file: keeps one run near two minutes at human pace. */
const CHARS_PER_FILE = 120;
const LANGUAGE: Record<string, string> = { '.ts': 'typescript', '.py': 'python', '.go': 'go', '.java': 'java', '.rs': 'rust' };


export interface Keystroke {
  /** Text the key inserts ('\n' brings the next line's indentation, like auto-indent). */
  text: string;
  delayMs: number;
}

export interface Replay {
  file: string;
  languageId: string;
  truth: string;
  /** Offset where the typed region starts and ends in the truth. */
  start: number;
  end: number;
  keys: Keystroke[];
}

/** One replay per file, in order; the region and keys of a file depend on the files before it. */
export function makeReplays(root: string, files: readonly string[] = ALL_REPLAY_FILES): Replay[] {
  const random = mulberry32(REPLAY_SEED);
  return files.map((file) => makeReplay(root, file, random));
}

function makeReplay(root: string, file: string, random: () => number): Replay {
  const truth = fs.readFileSync(path.join(root, file), 'utf8');
  const lines = truth.split('\n');
  // A region of whole lines with real code, starting after the first fifth of the file.
  let first = Math.floor(lines.length * (0.2 + random() * 0.5));
  while (first < lines.length - 1 && lines[first].trim().length < 10) first++;
  let last = first;
  let chars = lines[first].trim().length;
  while (last + 1 < lines.length && chars + lines[last + 1].trim().length <= CHARS_PER_FILE) chars += lines[++last].trim().length;
  const lineStart = lines.slice(0, first).join('\n').length + (first > 0 ? 1 : 0);
  const start = lineStart + (lines[first].length - lines[first].trimStart().length);
  const end = lines.slice(0, last + 1).join('\n').length;
  return { file, languageId: languageOf(file), truth, start, end, keys: keystrokes(truth.slice(start, end), random) };
}

/** Human pace: 80–150 ms between keys, 400–900 ms pauses after some line ends and before identifiers. */
export function keystrokes(region: string, random: () => number): Keystroke[] {
  const keys: Keystroke[] = [];
  for (let i = 0; i < region.length; i++) {
    let delayMs = 80 + random() * 70;
    const previous = keys[keys.length - 1]?.text ?? '';
    const startsWord = /[A-Za-z_]/.test(region[i]) && !/\w$/.test(previous);
    if ((previous.startsWith('\n') && random() < 0.6) || (startsWord && random() < 0.15)) delayMs += 400 + random() * 500;
    if (region[i] === '\n') {
      const indent = /^[ \t]*/.exec(region.slice(i + 1))?.[0] ?? '';
      keys.push({ text: `\n${indent}`, delayMs });
      i += indent.length;
    } else keys.push({ text: region[i], delayMs });
  }
  return keys;
}

export function languageOf(file: string): string {
  return LANGUAGE[path.extname(file)] ?? 'plaintext';
}
