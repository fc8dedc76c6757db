// Plain text shown in place of Markdown that is too large to parse on every frame (a giant line,
// an endless list, thousands of URLs). Text is appended, never re-rendered, and held in pieces of
// bounded size so an append re-lays out one small piece rather than the whole block.

/**
 * A piece ends at the first line end past SOFT_PIECE_CHARS, or hard at PIECE_CHARS inside a giant
 * line. The rule looks only at the text, so the pieces are the same however the text arrived.
 */
const SOFT_PIECE_CHARS = 3_000;
const PIECE_CHARS = 4_000;
/**
 * Pieces are grouped into pages of about 15,000 characters, and offscreen pages skip layout and
 * paint (content-visibility in chat.css). Pages rather than pieces: with one such element per
 * piece, the browser checked hundreds of them against the viewport on every frame and shaped and
 * laid the text out several times over while it streamed (a trace of bench chat urls: layout and
 * text shaping ~500 -> ~110 ms of CPU, viewport checks ~70 -> 4 ms). Text that scrolled past while
 * the view followed is laid out when the user scrolls back to it, a page at a time.
 */
const PIECES_PER_PAGE = 5;

export class PlainText {
  readonly element: HTMLElement;
  private page: HTMLElement | undefined;
  private piecesInPage = PIECES_PER_PAGE;
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
    if (!this.page || this.piecesInPage === PIECES_PER_PAGE) {
      this.page = document.createElement('div');
      this.page.className = 'plain-page';
      this.element.append(this.page);
      this.piecesInPage = 0;
    }
    this.piecesInPage++;
    const piece = document.createElement('div');
    piece.className = 'plain-piece';
    const text = document.createTextNode('');
    piece.append(text);
    this.page.append(piece);
    return text;
  }
}
