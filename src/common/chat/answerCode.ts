// Code blocks of an answer, identified by the source line they start on. The page renders an answer
// in pieces and marks each code block with that line; the host, asked to insert or apply a block,
// looks it up in ITS OWN copy of the answer, so whatever the page shows or sends, only code the
// model wrote can be written. Both sides use markdown-it, so both agree on what a code block is.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

export interface AnswerCodeBlock {
  /** Line (0-based) of the answer the block starts on: its opening fence, or its first indented line. */
  line: number;
  code: string;
  language?: string;
}

/** Fenced and indented code blocks, in source order: the tokens the page gives a toolbar. */
export function codeTokens(tokens: readonly Token[]): Token[] {
  return tokens.filter((token) => (token.type === 'fence' || token.type === 'code_block') && token.map !== null);
}

/** The first word of a fence's info string, as markdown-it puts it in the `language-…` class. */
export function fenceLanguage(token: Token): string | undefined {
  return token.info.trim().split(/\s+/, 1)[0] || undefined;
}

let parser: MarkdownIt | undefined;

/** The code block of `answer` that starts on `line`, or undefined when there is none. */
export function codeBlockAt(answer: string, line: number): AnswerCodeBlock | undefined {
  // Raw HTML off, as on the page: an HTML block would change where blocks start and end.
  parser ??= new MarkdownIt({ html: false });
  const token = codeTokens(parser.parse(answer, {})).find((candidate) => candidate.map![0] === line);
  return token && { line, code: token.content, language: fenceLanguage(token) };
}
