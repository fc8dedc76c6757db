// Finds where a streaming Markdown text can be cut into finished blocks, so the page renders each
// finished block once and re-renders only the still-open tail while tokens arrive. Incremental:
// each character is scanned once however the text is split into deltas, so a stream costs time
// linear in its length (a rescan from the last cut per delta was quadratic on one huge block).

interface Fence {
  char: '`' | '~';
  length: number;
  indented: boolean;
}

const OPENING_FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;

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
 * Feed it the growing text (always the whole text so far, only ever appended to); it returns the
 * new block boundaries: indices `b` such that the text before `b` is a run of finished top-level
 * blocks. A block counts as finished when a blank line is followed by a line starting in column 0
 * (the next block has begun), or when a top-level code fence closes.
 */
export class BlockScanner {
  /** Start of the first line not yet scanned as a whole. */
  private lineStart = 0;
  /** How far the search for that line's end has got (a huge line arrives over many deltas). */
  private searchedTo = 0;
  private fence: Fence | undefined;
  private previousBlank = false;
  private last = 0;

  feed(source: string): number[] {
    const found: number[] = [];
    const cut = (at: number): void => {
      if (at > this.last) found.push((this.last = at));
    };
    for (;;) {
      const newline = source.indexOf('\n', Math.max(this.lineStart, this.searchedTo));
      if (newline < 0) {
        this.searchedTo = source.length;
        break;
      }
      const head = source.slice(this.lineStart, Math.min(newline, this.lineStart + LINE_HEAD_CHARS));
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
      this.lineStart = this.searchedTo = newline + 1;
    }
    // The line still arriving already shows, by its first character, that a new block began.
    if (!this.fence && this.previousBlank && this.lineStart < source.length && !/^\s/.test(source[this.lineStart])) cut(this.lineStart);
    return found;
  }
}
