// Unified diff text from line edits. The engine diffs each part as soon as its answer is in (small
// inputs, overlapping the other parts' streaming) and stitches the parts' edits into one patch
// here, instead of diffing the whole file again after the last answer: on a 10,000-line file with
// thousands of changed lines a whole-file Myers diff takes seconds, this takes milliseconds.
import type { LineEdit } from './threeWay';

const NO_NEWLINE = '\\ No newline at end of file';

/** `edits` are sorted, non-overlapping replacements of `oldLines` (lines keep their '\n'). */
export function formatUnifiedDiff(fileName: string, oldLines: string[], edits: LineEdit[], context = 3): string {
  if (!edits.length) return '';
  const out: string[] = [`--- a/${fileName}`, `+++ b/${fileName}`];
  const emit = (prefix: string, line: string) => {
    out.push(prefix + line.replace(/\r?\n$/, ''));
    if (!line.endsWith('\n')) out.push(NO_NEWLINE);
  };

  let delta = 0; // new line number minus old line number, before the current hunk
  let i = 0;
  while (i < edits.length) {
    // A hunk takes edits whose unchanged gaps are short enough to share context.
    let j = i;
    while (j + 1 < edits.length && edits[j + 1].start - edits[j].end <= 2 * context) j++;
    const oldStart = Math.max(0, edits[i].start - context);
    const oldEnd = Math.min(oldLines.length, edits[j].end + context);
    const body: string[] = [];
    const hunkOut = out.length;
    let oldCount = 0;
    let newCount = 0;
    let line = oldStart;
    for (let k = i; k <= j; k++) {
      const edit = edits[k];
      for (; line < edit.start; line++, oldCount++, newCount++) emit(' ', oldLines[line]);
      for (; line < edit.end; line++, oldCount++) emit('-', oldLines[line]);
      for (const added of edit.lines) {
        emit('+', added);
        newCount++;
      }
    }
    for (; line < oldEnd; line++, oldCount++, newCount++) emit(' ', oldLines[line]);
    body.push(...out.splice(hunkOut));
    const newStart = oldStart + delta;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`, ...body);
    for (let k = i; k <= j; k++) delta += edits[k].lines.length - (edits[k].end - edits[k].start);
    i = j + 1;
  }
  return `${out.join('\n')}\n`;
}

/** `start,count` with unified diff's conventions (1-based; an empty range names the line before). */
function range(start: number, count: number): string {
  return count === 0 ? `${start},0` : `${start + 1},${count}`;
}
