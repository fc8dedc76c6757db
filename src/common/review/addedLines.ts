// Where the review shows a hunk's added lines. The extension API cannot insert view-only lines
// into an editor (view zones are not public), so each added line is shown in full as text after
// the end of a document line: the hunk's first line and the ones below it, one added line per
// document line, all starting at the same column to the right of the code — a readable block
// beside the lines it replaces (or the line it goes above). Only when the document has no more
// lines before the next hunk or the end are the remaining added lines joined on the last one.
import type { Hunk } from './hunks';

export interface AddedLineDecoration {
  /** 0-based document line the text is shown after. */
  line: number;
  text: string;
  /** Space before the text, in character widths, so every line of the block starts in one column. */
  marginCh: number;
  /** The hunk the line belongs to (for its hover). */
  hunkId: number;
}

/** The block starts past the code, but never further right than this column. */
const MAX_COLUMN = 100;
const GAP = 2;
/** Joins added lines that have no document line of their own. */
const JOINER = ' ⏎ ';

export interface DocumentLines {
  lineCount: number;
  /** A document line's text (without its line end). */
  text(line: number): string;
  tabSize: number;
}

/** The line a hunk's block starts on: its first line, or for an insertion the line it goes above. */
export function anchorLine(hunk: Pick<Hunk, 'start'>, lineCount: number): number {
  return Math.max(0, Math.min(hunk.start, lineCount - 1));
}

export function addedLineDecorations(hunks: readonly Hunk[], document: DocumentLines): AddedLineDecoration[] {
  const decorations: AddedLineDecoration[] = [];
  hunks.forEach((hunk, index) => {
    const anchor = anchorLine(hunk, document.lineCount);
    const next = hunks[index + 1];
    // The block may use the lines down to the next hunk's block (or the end of the document).
    const last = next ? Math.max(anchor, anchorLine(next, document.lineCount) - 1) : document.lineCount - 1;
    const texts = hunk.added.length
      ? hunk.added.map((line) => visible(`+ ${line.replace(/\r?\n$/, '')}`, document.tabSize))
      : [`(${hunk.removed.length} line${hunk.removed.length === 1 ? '' : 's'} removed)`];
    const hosts = Math.min(texts.length, last - anchor + 1);
    const shown = [...texts.slice(0, hosts - 1), texts.slice(hosts - 1).join(JOINER)];
    const widths = shown.map((_, i) => width(document.text(anchor + i), document.tabSize));
    const column = Math.min(MAX_COLUMN, Math.max(...widths)) + GAP;
    shown.forEach((text, i) => decorations.push({ line: anchor + i, text, marginCh: Math.max(GAP, column - widths[i]), hunkId: hunk.id }));
  });
  return decorations;
}

/** Tabs as spaces and spaces as no-break spaces: decoration text would collapse runs of spaces. */
function visible(line: string, tabSize: number): string {
  return expandTabs(line, tabSize).replace(/ /g, '\u00a0');
}

function width(line: string, tabSize: number): number {
  return expandTabs(line, tabSize).length;
}

function expandTabs(line: string, tabSize: number): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const char of line) out += char === '\t' ? ' '.repeat(tabSize - (out.length % tabSize)) : char;
  return out;
}
