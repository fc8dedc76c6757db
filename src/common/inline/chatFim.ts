// Fill-in-the-middle through a chat-only model (e.g. gpt-4.1-mini): a prompt with a strict output
// contract, and a cleaner that keeps only the inserted code from whatever the model streams.
import type { ChatMessage } from '../llm';
import type { FimPieces } from './templates';

export const CURSOR_MARK = '<CURSOR/>';
const OPEN = '<insert>';
const CLOSE = '</insert>';

export function buildChatFimMessages(pieces: FimPieces, multiline: boolean): ChatMessage[] {
  const shape = multiline
    ? 'Complete the block that starts at the cursor (several lines at most); stop where the block ends.'
    : 'Complete only the current line from the cursor to its end.';
  const system = [
    'You are a code completion engine inside an editor, not a chat assistant.',
    `You get a file with the marker ${CURSOR_MARK} at the cursor. ${shape}`,
    `Reply with exactly ${OPEN}TEXT${CLOSE}, where TEXT is inserted at the cursor verbatim.`,
    'Never repeat code that is already before or after the cursor. No explanations, no markdown, no code fences.',
    `If nothing sensible fits, reply ${OPEN}${CLOSE}.`,
  ].join('\n');
  const context = pieces.chunks.map((chunk) => `File: ${chunk.path}\n${chunk.text}`).join('\n\n');
  const user = [
    context ? `Related code from other files (read-only):\n${context}\n` : '',
    `File: ${pieces.path} (${pieces.languageId})`,
    `${pieces.prefix}${CURSOR_MARK}${pieces.suffix}`,
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

export interface CleanedChatOutput {
  text: string;
  /** The model's answer is not code (prose); nothing should be shown. */
  rejected: boolean;
  /** The closing tag arrived: the answer is complete. */
  complete: boolean;
}

const PROSE_START = /^(?:here(?:'s| is)|sure\b|certainly|i (?:can|will|would|'m|am)\b|the (?:code|completion)\b|this (?:code|completes)\b|to complete\b)/i;

/** Extracts the inserted text from a (partial) chat answer. `linePrefix` undoes echoed code. */
export function cleanChatOutput(raw: string, linePrefix: string): CleanedChatOutput {
  let text = raw.replace(/<think>[\s\S]*?<\/think>\s*/g, '');
  if (/<think>/.test(text)) return { text: '', rejected: false, complete: false };
  const open = text.indexOf(OPEN);
  let complete = false;
  if (open >= 0) {
    text = text.slice(open + OPEN.length);
    const close = text.indexOf(CLOSE);
    if (close >= 0) {
      text = text.slice(0, close);
      complete = true;
    }
  } else {
    if (PROSE_START.test(text.trimStart())) return { text: '', rejected: true, complete: true };
    if (OPEN.startsWith(text.trimStart())) return { text: '', rejected: false, complete: false };
  }
  if (!complete) text = holdBackPartialTag(text);
  text = stripFences(text);
  text = text.split(CURSOR_MARK).join('');
  const echoed = linePrefix.trimStart();
  if (echoed.length > 0 && text.trimStart().startsWith(echoed)) text = text.trimStart().slice(echoed.length);
  return { text, rejected: false, complete };
}

function stripFences(text: string): string {
  let result = text.replace(/^\s*```[\w+-]*[ \t]*\n?/, '');
  const fence = result.indexOf('```');
  if (fence >= 0 && result.length !== text.length) result = result.slice(0, fence);
  return result;
}

/** While streaming, a trailing `</ins` may be the start of the closing tag: do not show it yet. */
function holdBackPartialTag(text: string): string {
  for (let k = CLOSE.length - 1; k > 0; k--) if (text.endsWith(CLOSE.slice(0, k))) return text.slice(0, -k);
  return text;
}
