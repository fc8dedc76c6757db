// Finds where a streaming Markdown text can be cut into finished blocks, so the page renders each
// finished block once and re-renders only the still-open tail while tokens arrive. Incremental:
// each character is scanned once however the text is split into deltas, so a stream costs time
// linear in its length (a rescan from the last cut per delta was quadratic on one huge block, and
// so was searching the whole text so far: V8 copies an appended-to string whole to search it).

interface Fence {
  char: '`' | '~';
  length: number;
  indented: boolean;
}

const OPENING_FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/**
 * Whether `line`, the first line of a top-level block, opens a code fence in column 0: one the
 * scanner ends the block at when it closes (an indented fence may belong to a list item).
 */
export function opensTopLevelFence(line: string): boolean {
  const fence = openingFence(line);
  return !!fence && !fence.indented;
}

function openingFence(line: string): Fence | undefined {
  const match = OPENING_FENCE.exec(line);
  if (!match) return undefined;
  const marker = match[2];
  // A backtick fence's info string may not contain backticks (CommonMark); then it is inline code.
  if (marker[0] === '`' && match[3].includes('`')) return undefined;
  return { char: marker[0] as Fence['char'], length: marker.length, indented: match[1].length > 0 };
}

function closesFence(line: string, fence: Fence): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return !!match && match[1][0] === fence.char && match[1].length >= fence.length;
}

/** Only the start of a line decides whether it opens or closes a fence; longer lines are not sliced whole. */
const LINE_HEAD_CHARS = 200;

/**
 * Push it the text as it arrives (each delta once, in order); it returns the new block boundaries:
 * indices `b` into the whole text so far such that the text before `b` is a run of finished
 * top-level blocks. A block counts as finished when a blank line is followed by a line starting in
 * column 0 (the next block has begun), or when a top-level code fence closes. It keeps only the
 * head of the line being received, never the text so far, so a push costs time linear in the delta.
 */
export class BlockScanner {
  /** Characters pushed so far. */
  private received = 0;
  /** Where the line being received starts, and its first LINE_HEAD_CHARS characters. */
  private lineStart = 0;
  private head = '';
  private fence: Fence | undefined;
  private previousBlank = false;
  private last = 0;

  push(text: string): number[] {
    const found: number[] = [];
    const cut = (at: number): void => {
      if (at > this.last) found.push((this.last = at));
    };
    for (let at = 0; ;) {
      const newline = text.indexOf('\n', at);
      const end = newline < 0 ? text.length : newline;
      if (this.head.length < LINE_HEAD_CHARS) this.head += text.slice(at, Math.min(end, at + LINE_HEAD_CHARS - this.head.length));
      if (newline < 0) break;
      this.endLine(this.received + newline, cut);
      at = newline + 1;
      this.lineStart = this.received + at;
      this.head = '';
    }
    this.received += text.length;
    // The line still arriving already shows, by its first character, that a new block began.
    if (!this.fence && this.previousBlank && this.head && !/^\s/.test(this.head)) cut(this.lineStart);
    return found;
  }

  /** The line from lineStart ends at `newline`. */
  private endLine(newline: number, cut: (at: number) => void): void {
    const head = this.head;
    const blank = newline - this.lineStart <= LINE_HEAD_CHARS && head.trim() === '';
    if (this.fence) {
      if (closesFence(head, this.fence)) {
        if (!this.fence.indented) cut(newline + 1);
        this.fence = undefined;
      }
      this.previousBlank = false;
    } else if (blank) {
      this.previousBlank = true;
    } else {
      if (this.previousBlank && !/^\s/.test(head)) cut(this.lineStart);
      this.fence = openingFence(head);
      this.previousBlank = false;
    }
  }
}
