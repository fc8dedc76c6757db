// Line-based three-way merge: re-applies a proposal (made against `base`) onto a document the
// user changed meanwhile (`current`). Both sides are diffed against the base; the proposal's edits
// are kept when they do not touch the lines the user changed. Anything ambiguous is a conflict,
// because applying a proposal blindly over the user's edits would lose work.
import { diffArrays } from 'diff';

export interface LineEdit {
  /** Replaced base lines [start, end); start === end is a pure insertion before `start`. */
  start: number;
  end: number;
  lines: string[];
}

export type ThreeWayResult =
  | { ok: true; text: string }
  | { ok: false; conflicts: number; /** 1-based line in the base text of the first conflict. */ firstConflictLine: number };

/** Splits keeping each line's terminator, so joining the parts restores the text exactly. */
export function splitLinesKeepEnds(text: string): string[] {
  if (text === '') return [];
  return text.split(/(?<=\n)/);
}

/** The edits turning `from` into `to`, as replaced line ranges of `from`. */
export function lineEdits(from: string[], to: string[]): LineEdit[] {
  const edits: LineEdit[] = [];
  let index = 0;
  let open: LineEdit | undefined;
  for (const change of diffArrays(from, to)) {
    const count = change.value.length;
    if (!change.added && !change.removed) {
      if (open) edits.push(open);
      open = undefined;
      index += count;
      continue;
    }
    open ??= { start: index, end: index, lines: [] };
    if (change.removed) {
      index += count;
      open.end = index;
    } else {
      open.lines.push(...change.value);
    }
  }
  if (open) edits.push(open);
  return edits;
}

function sameEdit(a: LineEdit, b: LineEdit): boolean {
  return a.start === b.start && a.end === b.end && a.lines.length === b.lines.length && a.lines.every((line, i) => line === b.lines[i]);
}

function conflicting(a: LineEdit, b: LineEdit): boolean {
  if (sameEdit(a, b)) return false;
  const aInsert = a.start === a.end;
  const bInsert = b.start === b.end;
  if (aInsert && bInsert) return a.start === b.start;
  if (aInsert) return b.start < a.start && a.start < b.end;
  if (bInsert) return a.start < b.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

export function threeWayMerge(base: string, current: string, proposal: string): ThreeWayResult {
  if (current === base) return { ok: true, text: proposal };
  if (proposal === base || proposal === current) return { ok: true, text: current };
  const baseLines = splitLinesKeepEnds(base);
  const mine = lineEdits(baseLines, splitLinesKeepEnds(current));
  const theirs = lineEdits(baseLines, splitLinesKeepEnds(proposal));

  let conflicts = 0;
  let firstConflictLine = 0;
  const all: LineEdit[] = [...mine];
  for (const edit of theirs) {
    const clash = mine.find((other) => conflicting(edit, other));
    if (clash) {
      conflicts++;
      if (!firstConflictLine) firstConflictLine = Math.min(edit.start, clash.start) + 1;
    } else if (!mine.some((other) => sameEdit(edit, other))) {
      all.push(edit);
    }
  }
  if (conflicts) return { ok: false, conflicts, firstConflictLine };

  // Insertions before replacements at the same start keep their relative order stable.
  all.sort((a, b) => a.start - b.start || (a.end - a.start) - (b.end - b.start));
  const out: string[] = [];
  let index = 0;
  for (const edit of all) {
    for (; index < edit.start; index++) out.push(baseLines[index]);
    out.push(...edit.lines);
    index = Math.max(index, edit.end);
  }
  for (; index < baseLines.length; index++) out.push(baseLines[index]);
  return { ok: true, text: out.join('') };
}
