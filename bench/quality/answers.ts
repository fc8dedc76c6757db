// How the local server answers a case: the masked text exactly, or the masked text with the faults
// real models add around a right answer. A perfect engine shows the masked text for every kind.
import type { MaskCase } from './masks';

export const ANSWER_KINDS = ['exact', 'repeat_following', 'unrelated_statement', 'leading_newline', 'extra_closers'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

/** Lines after the cursor a repeating model copies. */
const REPEATED_LINES = 3;

export function answerFor(kind: AnswerKind, c: MaskCase): string {
  const suffix = c.text.slice(c.offset);
  const linePrefix = c.text.slice(c.text.lastIndexOf('\n', c.offset - 1) + 1, c.offset);
  switch (kind) {
    case 'exact':
      return c.masked;
    case 'repeat_following':
      // Goes on past the hole with what the file already says after the cursor.
      return c.masked + suffix.split('\n').slice(0, REPEATED_LINES).join('\n');
    case 'unrelated_statement': {
      const indent = /^[ \t]*/.exec(linePrefix)?.[0] ?? '';
      return `${c.masked}\n${indent}${c.file.languageId === 'python' ? 'print("done")' : "console.log('done');"}`;
    }
    case 'leading_newline':
      // The model starts a fresh line (indented like the cursor's when the cursor sits in indentation).
      return `\n${linePrefix.trim() === '' ? linePrefix : ''}${c.masked}`;
    case 'extra_closers': {
      // Closes again what the file closes right after the hole (`map(int, parts))`, a body plus `}`).
      const closers = /^\s*[)\]}]+/.exec(suffix)?.[0];
      return c.masked + (closers ?? ')');
    }
  }
}
