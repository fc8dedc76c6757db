// The search/replace edit format for code too big to rewrite in one answer: the model answers
// only with blocks naming existing lines and their replacement, which are applied in order.
export const SEARCH_MARKER = '<<<<<<< SEARCH';
export const DIVIDER = '=======';
export const REPLACE_MARKER = '>>>>>>> REPLACE';

export const EDIT_FORMAT_HELP = [
  'Answer ONLY with edit blocks in this exact format, in file order, and nothing else:',
  SEARCH_MARKER,
  '<lines copied exactly from the code, enough to be unique>',
  DIVIDER,
  '<the replacement lines>',
  REPLACE_MARKER,
  'Copy the SEARCH lines character for character, including indentation. Keep each block small.',
  'If nothing needs to change, answer with the single line NO CHANGES.',
].join('\n');

export interface SearchReplaceBlock {
  search: string;
  replace: string;
}

export interface ParsedEdits {
  blocks: SearchReplaceBlock[];
  /** The answer said there is nothing to change. */
  noChanges: boolean;
  /** A block was opened but not completed (a cut-off or malformed answer). */
  incomplete: boolean;
}

export function parseSearchReplace(answer: string): ParsedEdits {
  const lines = answer.replace(/\r\n/g, '\n').split('\n');
  const blocks: SearchReplaceBlock[] = [];
  let incomplete = false;
  let i = 0;
  while (i < lines.length) {
    if (lines[i].trim() !== SEARCH_MARKER) {
      i++;
      continue;
    }
    const divider = lines.findIndex((line, k) => k > i && line.trim() === DIVIDER);
    const end = divider < 0 ? -1 : lines.findIndex((line, k) => k > divider && line.trim() === REPLACE_MARKER);
    if (divider < 0 || end < 0) {
      incomplete = true;
      break;
    }
    blocks.push({ search: lines.slice(i + 1, divider).join('\n'), replace: lines.slice(divider + 1, end).join('\n') });
    i = end + 1;
  }
  return { blocks, noChanges: !blocks.length && /^\s*NO CHANGES\.?\s*$/i.test(stripFences(answer)), incomplete };
}

function stripFences(text: string): string {
  return text.replace(/^\s*```[^\n]*\n?|\n?```\s*$/g, '');
}

export interface AppliedEdits {
  text: string;
  applied: number;
  /** 1-based numbers of the blocks whose SEARCH text was not found. */
  failed: number[];
}

/**
 * Applies blocks in order, each searched after the previous match (blocks come in file order);
 * when an exact match fails, a match ignoring trailing whitespace and indentation is tried.
 */
export function applySearchReplace(text: string, blocks: SearchReplaceBlock[]): AppliedEdits {
  let result = text;
  let cursor = 0;
  let applied = 0;
  const failed: number[] = [];
  blocks.forEach((block, index) => {
    const match = findBlock(result, block.search, cursor) ?? findBlock(result, block.search, 0);
    if (!match) {
      failed.push(index + 1);
      return;
    }
    const replacement = match.reindent(block.replace);
    result = result.slice(0, match.start) + replacement + result.slice(match.end);
    cursor = match.start + replacement.length;
    applied++;
  });
  return { text: result, applied, failed };
}

interface Match {
  start: number;
  end: number;
  reindent(replacement: string): string;
}

function findBlock(text: string, search: string, from: number): Match | undefined {
  if (search.trim() === '') return undefined;
  const exact = text.indexOf(search, from);
  if (exact >= 0) return { start: exact, end: exact + search.length, reindent: (replacement) => replacement };
  return findLoosely(text, search, from);
}

/** Line-wise match ignoring indentation and trailing spaces; the replacement is re-indented. */
function findLoosely(text: string, search: string, from: number): Match | undefined {
  const wanted = search.split('\n').map((line) => line.trim());
  while (wanted.length && wanted[wanted.length - 1] === '') wanted.pop();
  while (wanted.length && wanted[0] === '') wanted.shift();
  if (!wanted.length) return undefined;
  const starts: number[] = [];
  for (let offset = 0; offset <= text.length; ) {
    starts.push(offset);
    const next = text.indexOf('\n', offset);
    if (next < 0) break;
    offset = next + 1;
  }
  const lineAt = (k: number) => text.slice(starts[k], k + 1 < starts.length ? starts[k + 1] - 1 : text.length);
  for (let k = 0; k + wanted.length <= starts.length; k++) {
    if (starts[k] < from) continue;
    if (!wanted.every((line, j) => lineAt(k + j).trim() === line)) continue;
    const lastLine = k + wanted.length - 1;
    const end = starts[lastLine] + lineAt(lastLine).length;
    const actualIndent = /^[ \t]*/.exec(lineAt(k))![0];
    const searchIndent = /^[ \t]*/.exec(search.split('\n').find((line) => line.trim() !== '') ?? '')![0];
    return {
      start: starts[k],
      end,
      reindent: (replacement) =>
        replacement
          .split('\n')
          .map((line) => (line.trim() === '' ? line : actualIndent + (line.startsWith(searchIndent) ? line.slice(searchIndent.length) : line.trimStart())))
          .join('\n'),
    };
  }
  return undefined;
}
