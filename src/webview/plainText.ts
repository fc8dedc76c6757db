// Plain text shown in place of Markdown that is too large to parse on every frame (a giant line,
// an endless list, thousands of URLs). Text is appended, never re-rendered, and held in pieces of
// bounded size so an append re-lays out one small piece rather than the whole block.

/**
 * A piece ends at the first line end past SOFT_PIECE_CHARS, or hard at PIECE_CHARS inside a giant
 * line. The rule looks only at the text, so the pieces are the same however the text arrived.
 */
const SOFT_PIECE_CHARS = 3_000;
const PIECE_CHARS = 4_000;

export class PlainText {
  readonly element: HTMLElement;
  private piece: Text | undefined;
  private pieceEnded = true;

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'plain-text';
  }

  append(text: string): void {
    let rest = text;
    while (rest) {
      if (this.pieceEnded || !this.piece) {
        this.piece = this.startPiece();
        this.pieceEnded = false;
      }
      const length = this.piece.length;
      const newline = rest.indexOf('\n', Math.max(0, SOFT_PIECE_CHARS - length));
      const end = newline >= 0 && newline < PIECE_CHARS - length ? newline + 1 : PIECE_CHARS - length;
      if (rest.length < end) {
        this.piece.appendData(rest);
        return;
      }
      this.piece.appendData(rest.slice(0, end));
      rest = rest.slice(end);
      this.pieceEnded = true;
    }
  }

  private startPiece(): Text {
    const piece = document.createElement('div');
    piece.className = 'plain-piece';
    const text = document.createTextNode('');
    piece.append(text);
    this.element.append(piece);
    return text;
  }
}
