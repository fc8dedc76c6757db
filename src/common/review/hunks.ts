// A proposal under review, split into hunks the user accepts or rejects one by one. The state
// always describes the document as it is now (`text`): hunk positions are lines of that text.
// Accepting applies hunks onto it and shifts the rest; edits the user makes meanwhile are followed
// (the hunks move with them), and a hunk whose lines the user touched is dropped as a conflict —
// applying it would overwrite what the user typed. Pure: the editor adapter (vscode/hunkReview)
// turns the results into decorations, lenses and one WorkspaceEdit per accepted batch.
import { lineEdits, splitLinesKeepEnds, type LineEdit } from '../refactor/threeWay';

export interface Hunk {
  /** Stable for the life of the review (positions change, ids do not). */
  readonly id: number;
  /** Replaced lines [start, end) of the current text; start === end inserts before `start`. */
  readonly start: number;
  readonly end: number;
  /** The lines the hunk removes, as they are in the current text (with their line ends). */
  readonly removed: readonly string[];
  /** The proposed lines (with their line ends). */
  readonly added: readonly string[];
}

export interface ReviewState {
  /** The document text the hunk positions refer to. */
  readonly text: string;
  /** Hunks still waiting for a decision, in document order. */
  readonly hunks: readonly Hunk[];
}

/** One replacement in character offsets of the text it was computed for. */
export interface TextReplacement {
  start: number;
  end: number;
  text: string;
}

export function createReview(base: string, proposed: string): ReviewState {
  const baseLines = splitLinesKeepEnds(base);
  const hunks = lineEdits(baseLines, splitLinesKeepEnds(proposed)).map((edit, id) => ({
    id,
    start: edit.start,
    end: edit.end,
    removed: baseLines.slice(edit.start, edit.end),
    added: edit.lines,
  }));
  return { text: base, hunks };
}

/** The whole proposal applied onto the current text: what the side-by-side diff shows. */
export function proposedText(state: ReviewState): string {
  return applyHunks(state.text, state.hunks).text;
}

export interface Followed {
  state: ReviewState;
  /** Hunks dropped because the user changed their lines (positions as before the edit). */
  conflicts: Hunk[];
}

/** Moves the hunks with the user's edits (`current` is the document now). */
export function followEdits(state: ReviewState, current: string): Followed {
  if (current === state.text) return { state, conflicts: [] };
  const userEdits = lineEdits(splitLinesKeepEnds(state.text), splitLinesKeepEnds(current));
  const currentLines = splitLinesKeepEnds(current);
  const kept: Hunk[] = [];
  const conflicts: Hunk[] = [];
  for (const hunk of state.hunks) {
    if (userEdits.some((edit) => touches(edit, hunk))) {
      conflicts.push(hunk);
      continue;
    }
    const shift = userEdits
      .filter((edit) => edit.end <= hunk.start)
      .reduce((sum, edit) => sum + edit.lines.length - (edit.end - edit.start), 0);
    const start = hunk.start + shift;
    const end = hunk.end + shift;
    kept.push({ ...hunk, start, end, removed: currentLines.slice(start, end) });
  }
  return { state: { text: current, hunks: kept }, conflicts };
}

export interface Accepted {
  /** The text after the accepted hunks were applied. */
  state: ReviewState;
  /** The replacements, in offsets of the text before (apply them together: one undo step). */
  replacements: TextReplacement[];
}

/** Applies the hunks with these ids; the others stay pending at their shifted positions. */
export function acceptHunks(state: ReviewState, ids: ReadonlySet<number>): Accepted {
  const chosen = state.hunks.filter((hunk) => ids.has(hunk.id));
  const applied = applyHunks(state.text, chosen);
  const hunks: Hunk[] = [];
  let shift = 0;
  for (const hunk of state.hunks) {
    if (ids.has(hunk.id)) {
      shift += hunk.added.length - hunk.removed.length;
      continue;
    }
    hunks.push({ ...hunk, start: hunk.start + shift, end: hunk.end + shift });
  }
  return { state: { text: applied.text, hunks }, replacements: applied.replacements };
}

/** Drops the hunks with these ids; the text is untouched. */
export function rejectHunks(state: ReviewState, ids: ReadonlySet<number>): ReviewState {
  return { text: state.text, hunks: state.hunks.filter((hunk) => !ids.has(hunk.id)) };
}

/** The hunk shown at a 0-based line: the one covering it, else the next one below, else the last. */
export function hunkAt(state: ReviewState, line: number): Hunk | undefined {
  return (
    state.hunks.find((hunk) => line >= hunk.start && line < Math.max(hunk.end, hunk.start + 1)) ??
    state.hunks.find((hunk) => hunk.start >= line) ??
    state.hunks[state.hunks.length - 1]
  );
}

function applyHunks(text: string, hunks: readonly Hunk[]): { text: string; replacements: TextReplacement[] } {
  const lines = splitLinesKeepEnds(text);
  const lineOffsets: number[] = [0];
  for (const line of lines) lineOffsets.push(lineOffsets[lineOffsets.length - 1] + line.length);
  const replacements = hunks.map((hunk) => ({
    start: lineOffsets[hunk.start],
    end: lineOffsets[hunk.end],
    text: joinedAfter(lines, hunk),
  }));
  let result = '';
  let at = 0;
  for (const replacement of replacements) {
    result += text.slice(at, replacement.start) + replacement.text;
    at = replacement.end;
  }
  return { text: result + text.slice(at), replacements };
}

/**
 * The hunk's new text. A hunk that inserts after a last line without a line end needs one in
 * front (else its first line would join the last one); the diff gave the proposal's lines as they
 * are there, so only the missing terminator is added.
 */
function joinedAfter(lines: readonly string[], hunk: Hunk): string {
  const added = hunk.added.join('');
  const previous = lines[hunk.start - 1];
  if (hunk.start === lines.length && hunk.start > 0 && previous !== undefined && !previous.endsWith('\n') && added !== '') {
    return lineEnding(lines) + added;
  }
  return added;
}

function lineEnding(lines: readonly string[]): string {
  return lines.some((line) => line.endsWith('\r\n')) ? '\r\n' : '\n';
}

function isInsertion(range: { start: number; end: number }): boolean {
  return range.start === range.end;
}

/**
 * Whether a user edit touches a hunk: they share a line, one inserts strictly inside the other's
 * lines, or both insert at the same place (their order would be a guess).
 */
function touches(edit: LineEdit, hunk: Hunk): boolean {
  if (edit.start < hunk.end && hunk.start < edit.end) return true;
  if (isInsertion(edit) && hunk.start < edit.start && edit.start < hunk.end) return true;
  if (isInsertion(hunk) && edit.start < hunk.start && hunk.start < edit.end) return true;
  return isInsertion(edit) && isInsertion(hunk) && edit.start === hunk.start;
}
