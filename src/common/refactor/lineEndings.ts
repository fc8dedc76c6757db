// Line endings of a rewritten file. The engine works on LF text (models answer in LF); writing the
// answer back must not touch the endings of lines the rewrite did not change — a CRLF file stays
// CRLF, and in a file with mixed endings every unchanged line keeps its own. A changed or new line
// takes the ending of the line it replaces, or else of its neighbour in the original.
import { diffArrays } from 'diff';

interface Line {
  content: string;
  /** '\r\n', '\n', or '' for the last line when the text does not end with a line break. */
  ending: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  for (let start = 0; ;) {
    const newline = text.indexOf('\n', start);
    if (newline < 0) {
      lines.push({ content: text.slice(start), ending: '' });
      return lines;
    }
    const crlf = newline > start && text[newline - 1] === '\r';
    lines.push({ content: text.slice(start, crlf ? newline - 1 : newline), ending: crlf ? '\r\n' : '\n' });
    start = newline + 1;
  }
}

/**
 * `rewritten` (the engine's LF result for `original`) with the original's line endings: unchanged
 * lines keep theirs, changed lines take those of the lines they replace or of their neighbours.
 */
export function restoreLineEndings(original: string, rewritten: string): string {
  if (!original.includes('\r\n')) return rewritten;
  const before = splitLines(original);
  const after = splitLines(rewritten);
  const crlfCount = before.filter((line) => line.ending === '\r\n').length;
  const dominant = crlfCount * 2 >= before.length - 1 ? '\r\n' : '\n';
  /** The ending a new line gets at original position `at`: the line above's, else the line below's, else the file's usual one. */
  const neighbour = (at: number) => before[at - 1]?.ending || before[at]?.ending || dominant;

  let out = '';
  let oldIndex = 0;
  let newIndex = 0;
  /** Endings of the lines a replacement removed, handed to the lines that take their place. */
  let replaced: string[] = [];
  for (const part of diffArrays(before.map((line) => line.content), after.map((line) => line.content))) {
    const count = part.count ?? part.value.length;
    if (part.removed) {
      replaced = before.slice(oldIndex, oldIndex + count).map((line) => line.ending);
      oldIndex += count;
      continue;
    }
    for (let i = 0; i < count; i++) {
      const line = after[newIndex + i];
      // The rewrite's last line: a line break only where the rewrite has one.
      const kept = part.added ? replaced[i] : before[oldIndex + i].ending;
      const ending = line.ending === '' ? '' : kept || neighbour(oldIndex + (part.added ? 0 : i));
      out += line.content + ending;
    }
    newIndex += count;
    if (!part.added) oldIndex += count;
    replaced = [];
  }
  return out;
}
