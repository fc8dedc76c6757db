// Finds where a streaming Markdown text can be cut into finished blocks, so the page renders each
// finished block once and re-renders only the still-open tail while tokens arrive.

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

/**
 * The largest index `b >= from` such that `source.slice(from, b)` is a run of finished top-level
 * blocks. `from` must itself be a block start (0 or an earlier result). A block counts as finished
 * when a blank line is followed by a line starting in column 0 (the next block has begun), or when
 * a top-level code fence closes.
 */
export function stableBoundary(source: string, from: number): number {
  let boundary = from;
  let fence: Fence | undefined;
  let previousBlank = false;
  let position = from;
  for (;;) {
    const newline = source.indexOf('\n', position);
    if (newline < 0) break;
    const line = source.slice(position, newline);
    if (fence) {
      if (closesFence(line, fence)) {
        if (!fence.indented) boundary = newline + 1;
        fence = undefined;
      }
      previousBlank = false;
    } else if (line.trim() === '') {
      previousBlank = true;
    } else {
      if (previousBlank && !/^\s/.test(line)) boundary = position;
      fence = openingFence(line);
      previousBlank = false;
    }
    position = newline + 1;
  }
  // The line still arriving already shows, by its first character, that a new block began.
  if (!fence && previousBlank && position < source.length && !/^\s/.test(source[position])) boundary = position;
  return boundary;
}
