// Bounded windows of a document around the cursor. The keystroke path reads only the lines it needs
// through `TextSource.lineAt`, never the whole file.

/** The minimal read access the engine needs; a VS Code TextDocument adapter or a string array. */
export interface TextSource {
  readonly lineCount: number;
  /** The line's text without its end-of-line. */
  lineAt(line: number): string;
}

export interface Position {
  line: number;
  character: number;
}

export interface DocMeta {
  /** Stable identity of the document (a URI string). */
  uri: string;
  /** Path shown to the model (workspace-relative where possible). */
  relativePath: string;
  languageId: string;
  version: number;
}

export interface DocContext extends DocMeta {
  position: Position;
  /** Text before the cursor, starting at a line boundary (lines joined with '\n'). */
  prefix: string;
  /** Text after the cursor, ending at a line boundary. */
  suffix: string;
  linePrefix: string;
  lineSuffix: string;
  /** First document line inside the prefix window. */
  prefixStartLine: number;
  /** Nearest non-blank line above / below the cursor line inside the windows. */
  previousLine?: string;
  nextLine?: string;
}

export interface WindowBudget {
  prefixChars: number;
  suffixChars: number;
}

/**
 * The prefix window starts on a multiple of this many lines, so it moves in steps rather than on
 * every keystroke: consecutive prompts then share a long identical head that server caches reuse.
 */
const WINDOW_STEP_LINES = 16;

export function getDocContext(source: TextSource, position: Position, meta: DocMeta, budget: WindowBudget): DocContext {
  const line = clampLine(source, position.line);
  const text = source.lineAt(line);
  const character = Math.min(position.character, text.length);
  let linePrefix = text.slice(0, character);
  let lineSuffix = text.slice(character);
  if (linePrefix.length > budget.prefixChars) linePrefix = linePrefix.slice(-budget.prefixChars);
  if (lineSuffix.length > budget.suffixChars) lineSuffix = lineSuffix.slice(0, budget.suffixChars);

  const above: string[] = [];
  let used = linePrefix.length;
  let start = line;
  while (start > 0) {
    const candidate = source.lineAt(start - 1);
    if (used + candidate.length + 1 > budget.prefixChars) break;
    above.push(candidate);
    used += candidate.length + 1;
    start--;
  }
  // Drop lines down to the next step boundary so the window head stays put while typing.
  if (start > 0) {
    const aligned = Math.min(line, Math.ceil(start / WINDOW_STEP_LINES) * WINDOW_STEP_LINES);
    above.length -= aligned - start;
    start = aligned;
  }
  above.reverse();

  const below: string[] = [];
  let suffixUsed = lineSuffix.length;
  for (let next = line + 1; next < source.lineCount; next++) {
    const candidate = source.lineAt(next);
    if (suffixUsed + candidate.length + 1 > budget.suffixChars) break;
    below.push(candidate);
    suffixUsed += candidate.length + 1;
  }

  return {
    ...meta,
    position: { line, character },
    prefix: above.length ? `${above.join('\n')}\n${linePrefix}` : linePrefix,
    suffix: below.length ? `${lineSuffix}\n${below.join('\n')}` : lineSuffix,
    linePrefix,
    lineSuffix,
    prefixStartLine: start,
    previousLine: findNonBlank(above, -1),
    nextLine: findNonBlank(below, 1),
  };
}

/** A TextSource over an in-memory string (CLI, bench, tests). */
export function textSource(text: string): TextSource & { lines: string[] } {
  const lines = text.split(/\r?\n/);
  return { lines, lineCount: lines.length, lineAt: (i) => lines[i] ?? '' };
}

/** Visual indentation width (a tab counts as 4). */
export function indentWidth(line: string): number {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width++;
    else if (ch === '\t') width += 4;
    else break;
  }
  return width;
}

export function isBlank(line: string): boolean {
  return line.trim() === '';
}

function findNonBlank(lines: string[], direction: 1 | -1): string | undefined {
  if (direction === 1) return lines.find((l) => !isBlank(l));
  for (let i = lines.length - 1; i >= 0; i--) if (!isBlank(lines[i])) return lines[i];
  return undefined;
}

function clampLine(source: TextSource, line: number): number {
  return Math.max(0, Math.min(line, source.lineCount - 1));
}
