// How many characters a document change typed, for "requests per 100 typed characters" (the bench's
// measure, shown per model in Show Usage). One key is one character; Enter with the indentation the
// editor adds and a bracket the editor closes are one key too. Accepted suggestions, pastes and
// deletions are not typing.

export interface TextChange {
  /** The inserted text. */
  text: string;
  /** Length of the replaced range. */
  rangeLength: number;
}

const AUTO_CLOSED = new Set(['()', '[]', '{}', '""', "''", '``', '<>']);

export function typedCharacters(changes: readonly TextChange[]): number {
  let typed = 0;
  for (const { text } of changes) {
    if (text.length === 1 || AUTO_CLOSED.has(text) || /^\r?\n[ \t]*$/.test(text)) typed++;
  }
  return typed;
}
