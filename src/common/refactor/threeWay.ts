// Line-based three-way merge: re-applies a proposal (made against `base`) onto a document the
// user changed meanwhile (`current`). Both sides are diffed against the base; the proposal's edits
// are kept when they do not touch the lines the user changed. Anything ambiguous is a conflict,
// because applying a proposal blindly over the user's edits would lose work.

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

/**
 * The edits turning `from` into `to`, as replaced line ranges of `from`. Lines that occur exactly
 * once on each side anchor the two texts (as in patience diff); only the short gaps between
 * anchors go through Myers' algorithm. A whole-file Myers diff of a rewrite with thousands of
 * changed lines takes seconds; this takes milliseconds and reads better on code.
 */
export function lineEdits(from: string[], to: string[]): LineEdit[] {
  let head = 0;
  while (head < from.length && head < to.length && from[head] === to[head]) head++;
  let tail = 0;
  while (tail < from.length - head && tail < to.length - head && from[from.length - 1 - tail] === to[to.length - 1 - tail]) tail++;
  const edits: LineEdit[] = [];
  let a = head;
  let b = head;
  for (const [anchorA, anchorB] of uniqueAnchors(from, to, head, from.length - tail, to.length - tail)) {
    gapEdits(from, to, a, anchorA, b, anchorB, edits);
    a = anchorA + 1;
    b = anchorB + 1;
  }
  gapEdits(from, to, a, from.length - tail, b, to.length - tail, edits);
  return edits;
}

/** Pairs of indexes of lines unique on both sides, longest increasing chain (patience sorting). */
function uniqueAnchors(from: string[], to: string[], start: number, endA: number, endB: number): [number, number][] {
  const seen = new Map<string, { a: number; b: number; countA: number; countB: number }>();
  for (let i = start; i < endA; i++) {
    const entry = seen.get(from[i]);
    if (entry) entry.countA++;
    else seen.set(from[i], { a: i, b: -1, countA: 1, countB: 0 });
  }
  for (let j = start; j < endB; j++) {
    const entry = seen.get(to[j]);
    if (!entry) continue;
    entry.countB++;
    entry.b = j;
  }
  const pairs: [number, number][] = [];
  for (const entry of seen.values()) if (entry.countA === 1 && entry.countB === 1) pairs.push([entry.a, entry.b]);
  pairs.sort((x, y) => x[0] - y[0]);
  // Longest chain increasing in b: piles hold the smallest chain end per length.
  const piles: number[] = [];
  const back: number[] = new Array(pairs.length);
  for (let k = 0; k < pairs.length; k++) {
    let low = 0;
    let high = piles.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (pairs[piles[mid]][1] < pairs[k][1]) low = mid + 1;
      else high = mid;
    }
    back[k] = low > 0 ? piles[low - 1] : -1;
    piles[low] = k;
  }
  const chain: [number, number][] = [];
  for (let k = piles.length ? piles[piles.length - 1] : -1; k >= 0; k = back[k]) chain.push(pairs[k]);
  return chain.reverse();
}

/** Beyond this many differences Myers' cost (time and memory grow with its square) is not worth it. */
const MAX_DIFFERENCES = 500;
/** How far the greedy fallback looks ahead on each side to re-synchronise after a difference. */
const RESYNC_WINDOW = 64;

/** Myers' diff of from[a0, a1) against to[b0, b1), appended to `edits` in from's coordinates. */
function gapEdits(from: string[], to: string[], a0: number, a1: number, b0: number, b1: number, edits: LineEdit[]): void {
  if (a0 === a1 && b0 === b1) return;
  const matches = a0 === a1 || b0 === b1 ? [] : myersMatches(from, to, a0, a1, b0, b1) ?? greedyMatches(from, to, a0, a1, b0, b1);
  let a = a0;
  let b = b0;
  for (let k = 0; k <= matches.length; k += 2) {
    const x = k < matches.length ? matches[k] : a1;
    const y = k < matches.length ? matches[k + 1] : b1;
    if (x > a || y > b) edits.push({ start: a, end: x, lines: to.slice(b, y) });
    a = x + 1;
    b = y + 1;
  }
}

/**
 * Matched line pairs (flattened x, y, x, y…, ascending) of a shortest edit script, by Myers'
 * greedy algorithm on integer line ids; undefined when the gap differs too much.
 */
function myersMatches(from: string[], to: string[], a0: number, a1: number, b0: number, b1: number): number[] | undefined {
  const ids = new Map<string, number>();
  const idOf = (line: string) => {
    let id = ids.get(line);
    if (id === undefined) ids.set(line, (id = ids.size));
    return id;
  };
  const n = a1 - a0;
  const m = b1 - b0;
  const a = Int32Array.from({ length: n }, (_, i) => idOf(from[a0 + i]));
  const b = Int32Array.from({ length: m }, (_, j) => idOf(to[b0 + j]));
  const limit = Math.min(n + m, MAX_DIFFERENCES);
  const offset = limit + 1;
  const v = new Int32Array(2 * offset + 1);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= limit && found < 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return undefined;

  const reversed: number[] = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const previous = trace[d]; // v before round d, indexed from k = -d - 1
    const at = (k: number) => previous[k + d + 1];
    const k = x - y;
    if (d > 0) {
      const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
      const prevX = at(prevK);
      const prevY = prevX - prevK;
      const startX = prevK === k + 1 ? prevX : prevX + 1;
      const startY = prevK === k + 1 ? prevY + 1 : prevY;
      while (x > startX && y > startY) reversed.push(a0 + --x, b0 + --y);
      x = prevX;
      y = prevY;
    } else {
      while (x > 0 && y > 0) reversed.push(a0 + --x, b0 + --y);
    }
  }
  const matches: number[] = [];
  for (let i = reversed.length - 2; i >= 0; i -= 2) matches.push(reversed[i], reversed[i + 1]);
  return matches;
}

/**
 * Matched line pairs for texts too different for Myers: walk both, and after a difference take the
 * nearest re-synchronisation within a window. Not minimal, but local, linear and good for display.
 */
function greedyMatches(from: string[], to: string[], a0: number, a1: number, b0: number, b1: number): number[] {
  const matches: number[] = [];
  let i = a0;
  let j = b0;
  while (i < a1 && j < b1) {
    if (from[i] === to[j]) {
      matches.push(i++, j++);
      continue;
    }
    let synced = false;
    for (let distance = 1; distance <= 2 * RESYNC_WINDOW && !synced; distance++) {
      for (let p = Math.max(0, distance - RESYNC_WINDOW); p <= Math.min(distance, RESYNC_WINDOW); p++) {
        const q = distance - p;
        if (i + p < a1 && j + q < b1 && from[i + p] === to[j + q]) {
          i += p;
          j += q;
          synced = true;
          break;
        }
      }
    }
    if (!synced) {
      i += RESYNC_WINDOW;
      j += RESYNC_WINDOW;
    }
  }
  return matches;
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
