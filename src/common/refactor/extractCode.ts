// Models wrap code in fences and chatter ("Here is the updated code:"). This recovers the code.

const FENCE = /^[ \t]*(`{3,}|~{3,})[^\n`]*$/;
const LEADING_PROSE = /^(?:here(?:'s| is| are)|sure\b|certainly\b|of course\b|below\b|okay\b|ok\b|the (?:following|updated|refactored|documented|complete|modified)\b|i(?:'ve| have)\b)/i;
const TRAILING_PROSE = /^(?:this\b|these\b|i(?:'ve| have)?\b|note\b|notes\b|the (?:changes|code|main|above)\b|changes\b|explanation\b|summary\b|key changes\b|let me know\b|hope\b|\*\*|[-*] \*\*)/i;

export interface ExtractedCode {
  code: string;
  /** True when the answer had fences or prose that were removed. */
  stripped: boolean;
  /** True when the code came out of a fenced block (the prompts ask for one). */
  fenced: boolean;
  /** True when an opening fence was never closed (the answer was probably cut off). */
  unterminatedFence: boolean;
}

interface Block {
  start: number;
  end: number;
  closed: boolean;
}

function fencedBlocks(lines: string[], originalLines: Set<string>): Block[] {
  const blocks: Block[] = [];
  let open: { index: number; fence: string } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const match = FENCE.exec(lines[i]);
    if (!match) continue;
    // A fence line that also occurs in the original (a markdown file's own code block) is content.
    if (originalLines.has(lines[i])) continue;
    if (!open) open = { index: i, fence: match[1] };
    else if (match[1][0] === open.fence[0] && match[1].length >= open.fence.length && lines[i].trim() === match[1]) {
      blocks.push({ start: open.index + 1, end: i, closed: true });
      open = undefined;
    }
  }
  if (open) blocks.push({ start: open.index + 1, end: lines.length, closed: false });
  return blocks;
}

/**
 * The code in a model answer: the largest fenced block when there are fences, else the answer
 * without leading/trailing prose lines. `original` (the code that was sent) keeps fence-looking
 * lines that belong to the code itself from being taken as fences.
 */
export function extractCode(answer: string, original = ''): ExtractedCode {
  const text = answer.replace(/\r\n/g, '\n');
  const lines = text.split('\n');
  const originalLines = new Set(original.replace(/\r\n/g, '\n').split('\n').filter((line) => FENCE.test(line)));
  const blocks = fencedBlocks(lines, originalLines);
  if (blocks.length) {
    const best = blocks.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
    return { code: lines.slice(best.start, best.end).join('\n'), stripped: true, fenced: true, unterminatedFence: !best.closed };
  }
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start].trim() === '' || isLeadingProse(lines[start]))) start++;
  // Trailing prose: a paragraph after the last blank line that reads like an explanation.
  for (let i = end - 1; i > start; i--) {
    if (lines[i].trim() !== '') continue;
    const paragraph = lines.slice(i + 1, end).filter((line) => line.trim() !== '');
    if (paragraph.length && TRAILING_PROSE.test(paragraph[0].trim()) && !looksLikeCode(paragraph[0])) end = i;
    else if (paragraph.length) break;
  }
  const code = lines.slice(start, end).join('\n');
  return { code, stripped: start > 0 && lines.slice(0, start).some((line) => line.trim() !== '') || end < lines.length && lines.slice(end).some((line) => line.trim() !== ''), fenced: false, unterminatedFence: false };
}

function isLeadingProse(line: string): boolean {
  const trimmed = line.trim();
  return LEADING_PROSE.test(trimmed) && !looksLikeCode(trimmed);
}

/** Code lines end in code punctuation or start like a comment; prose lines read as sentences. */
function looksLikeCode(line: string): boolean {
  const trimmed = line.trim();
  if (/^(\/\/|#|\/\*|\*|--|<!--)/.test(trimmed)) return true;
  if (/[;{}()[\]=]$/.test(trimmed) && !/[.:!?]$/.test(trimmed)) return true;
  return /^(?:import|export|const|let|var|function|class|def|fn|func|package|public|private|using|#include)\b/.test(trimmed);
}

/** Keeps the original's leading and trailing blank lines so merged parts join without seams. */
export function matchEdgeNewlines(code: string, original: string): string {
  const head = /^\n*/.exec(original)![0];
  const tail = /\n*$/.exec(original)![0];
  const body = code.replace(/^(?:[ \t]*\n)+/, '').replace(/\n*$/, '');
  return body === '' ? '' : head + body + tail;
}

/** A fence longer than any backtick run inside the code, so code containing fences stays intact. */
export function fence(part: { code: string; languageId: string }): string {
  const longest = Math.max(2, ...(part.code.match(/`+/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${part.languageId}\n${part.code}${part.code.endsWith('\n') ? '' : '\n'}${marks}`;
}
