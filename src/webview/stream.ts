// One assistant answer, rendered block by block — while it streams and, through the same path,
// when a finished answer is shown at once, so both give the same DOM. Finished blocks are rendered
// once; only the open tail changes as text arrives, at a cost bounded per delta:
// - a tail up to TAIL_MARKDOWN_CHARS is re-rendered whole (without highlighting, done once later);
// - a longer tail keeps its last rendering and shows the rest as appended plain text, re-rendered
//   only when that rest outgrows half the rendered part (geometric steps, so the total stays
//   linear in the block's length);
// - a block past BLOCK_MARKDOWN_CHARS is plain text for good: parsing a giant line, thousands of
//   URLs or a pathological run of `_` on every frame is what froze the page.
import { BlockScanner } from '../common/chat/markdownBlocks';
import { renderMarkdown } from './markdown';
import { PlainText } from './plainText';

const TAIL_MARKDOWN_CHARS = 2_000;
const BLOCK_MARKDOWN_CHARS = 30_000;
/** Highlighting is ~10× the cost of parsing; a finished code block larger than this stays plain code. */
const HIGHLIGHT_CHARS = 20_000;
/**
 * Finished blocks are grouped into chunks of about this much source. Thousands of top-level
 * elements made every delta's style and layout pass walk them all; a few chunks, the offscreen
 * ones skipped (content-visibility), keep that cost flat.
 */
const CHUNK_CHARS = 8_000;

export class StreamingMarkdown {
  private source = '';
  private readonly scanner = new BlockScanner();
  /** Start of the open (unfinished) block, and the answer line it is on (code blocks carry their line). */
  private blockStart = 0;
  private blockStartLine = 0;
  /** The tail shows source[blockStart, shownTo). */
  private shownTo = 0;
  /** The tail's Markdown rendering covers source[blockStart, renderedTo); the overflow the rest. */
  private renderedTo = 0;
  private overflow: PlainText | undefined;
  /** Set once the open block passed BLOCK_MARKDOWN_CHARS: the whole block is shown as plain text. */
  private plain: PlainText | undefined;
  private readonly tail: HTMLElement;
  private chunk: HTMLElement | undefined;
  private chunkChars = 0;

  constructor(private readonly root: HTMLElement) {
    this.tail = document.createElement('div');
    this.tail.className = 'stream-tail';
    root.append(this.tail);
  }

  append(text: string): void {
    if (!text) return;
    this.source += text;
    this.commitFinishedBlocks();
    this.updateTail();
  }

  /** The answer is complete (with `rest` as its last text): the tail becomes a finished block too. */
  finish(rest = ''): void {
    this.source += rest;
    this.commitFinishedBlocks();
    if (this.source.length > this.blockStart) this.commit(this.source.length);
    this.tail.remove();
  }

  private commitFinishedBlocks(): void {
    for (const boundary of this.scanner.feed(this.source)) this.commit(boundary);
  }

  private commit(boundary: number): void {
    const block = this.source.slice(this.blockStart, boundary);
    let rendered: Node;
    if (this.plain) {
      // Boundaries never fall before what the tail already shows (see BlockScanner), so this appends.
      this.plain.append(this.source.slice(this.shownTo, boundary));
      rendered = this.plain.element;
    } else if (block.length > BLOCK_MARKDOWN_CHARS) {
      rendered = plainText(block);
    } else {
      rendered = renderMarkdown(block, { highlight: block.length <= HIGHLIGHT_CHARS, firstLine: this.blockStartLine });
    }
    this.chunkFor(block.length).append(rendered);
    this.tail.replaceChildren();
    this.blockStartLine += countNewlines(block);
    this.blockStart = this.shownTo = this.renderedTo = boundary;
    this.overflow = this.plain = undefined;
  }

  /** The chunk a finished block goes into; chunks depend only on the text, not on how it arrived. */
  private chunkFor(blockChars: number): HTMLElement {
    if (!this.chunk || this.chunkChars >= CHUNK_CHARS) {
      this.chunk = document.createElement('div');
      this.chunk.className = 'answer-chunk';
      this.root.insertBefore(this.chunk, this.tail);
      this.chunkChars = 0;
    }
    this.chunkChars += blockChars;
    return this.chunk;
  }

  private updateTail(): void {
    const end = this.source.length;
    const open = end - this.blockStart;
    if (this.plain) {
      this.plain.append(this.source.slice(this.shownTo));
    } else if (open > BLOCK_MARKDOWN_CHARS) {
      this.plain = new PlainText();
      this.plain.append(this.source.slice(this.blockStart));
      this.tail.replaceChildren(this.plain.element);
      this.overflow = undefined;
    } else if (open <= TAIL_MARKDOWN_CHARS) {
      this.tail.replaceChildren(renderMarkdown(this.source.slice(this.blockStart), { highlight: false, firstLine: this.blockStartLine }));
      this.renderedTo = end;
    } else {
      this.growTail(end);
    }
    this.shownTo = end;
  }

  private growTail(end: number): void {
    if (end - this.renderedTo > Math.max(TAIL_MARKDOWN_CHARS, (this.renderedTo - this.blockStart) / 2)) {
      this.tail.replaceChildren(renderMarkdown(this.source.slice(this.blockStart, end), { highlight: false, firstLine: this.blockStartLine }));
      this.renderedTo = end;
      this.overflow = undefined;
      return;
    }
    if (!this.overflow) {
      this.overflow = new PlainText();
      this.tail.append(this.overflow.element);
    }
    this.overflow.append(this.source.slice(this.shownTo, end));
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

function plainText(text: string): HTMLElement {
  const plain = new PlainText();
  plain.append(text);
  return plain.element;
}
