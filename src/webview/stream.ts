// One assistant answer, rendered block by block — while it streams and, through the same path,
// when a finished answer is shown at once, so both give the same DOM. Finished blocks are rendered
// once; only the open tail changes as text arrives, at a cost bounded per delta:
// - a tail up to TAIL_MARKDOWN_CHARS is re-rendered whole (without highlighting, done once later),
//   and the new rendering is merged into the shown one (showTail): nodes equal to what they were
//   stay, so style, layout and text shaping redo only what the delta changed, not the whole tail;
// - a longer tail keeps its last rendering and shows the rest as appended plain text, re-rendered
//   only when that rest outgrows half the rendered part (geometric steps, so the total stays
//   linear in the block's length) and never past TAIL_RERENDER_CHARS: one such re-render of a
//   20,000-character block of URLs held the page for 50-100 ms;
// - an open fenced code block is rendered once its fence line is in, then its code is appended as
//   text (it is shown unhighlighted until it closes anyway), so each delta costs what it brought;
// - a block past BLOCK_MARKDOWN_CHARS is plain text for good: parsing a giant line, thousands of
//   URLs or a pathological run of `_` on every frame is what froze the page.
import morphdom from 'morphdom';
import { BlockScanner, opensTopLevelFence } from '../common/chat/markdownBlocks';
import { renderMarkdown, renderMarkdownBlocks, type MarkdownBlock } from './markdown';
import { PlainText } from './plainText';

const TAIL_MARKDOWN_CHARS = 2_000;
const BLOCK_MARKDOWN_CHARS = 30_000;
/**
 * The most an open block's re-render parses: past it, the rest of the block shows as plain text
 * until the block is finished (rendered once then) or turns plain at BLOCK_MARKDOWN_CHARS.
 */
const TAIL_RERENDER_CHARS = 10_000;
/** Highlighting is ~10× the cost of parsing; a finished code block larger than this stays plain code. */
const HIGHLIGHT_CHARS = 20_000;
/**
 * Finished blocks are grouped into chunks of about this much source. Thousands of top-level
 * elements made every delta's style and layout pass walk them all; a few chunks, the offscreen
 * ones skipped (content-visibility), keep that cost flat.
 */
const CHUNK_CHARS = 8_000;

export class StreamingMarkdown {
  private readonly scanner = new BlockScanner();
  /** Characters received so far. */
  private received = 0;
  /** Start of the open (unfinished) block, and the answer line it is on (code blocks carry their line). */
  private blockStart = 0;
  private blockStartLine = 0;
  /**
   * The open block's text (from blockStart) while it may still be Markdown, so at most
   * BLOCK_MARKDOWN_CHARS and a delta. Finished text is dropped and a plain block's is not kept:
   * appending to the whole answer would copy it all whenever it is searched or sliced.
   */
  private open = '';
  /** Line ends in a plain open block (its text is not kept). */
  private plainNewlines = 0;
  /** The tail's Markdown rendering covers the text from blockStart to renderedTo; the overflow the rest. */
  private renderedTo = 0;
  private overflow: PlainText | undefined;
  /** Set once the open block passed BLOCK_MARKDOWN_CHARS: the whole block is shown as plain text. */
  private plain: PlainText | undefined;
  /** Whether the open block's first line has ended, and when that line opened a fence, the tail's code element. */
  private firstLineEnded = false;
  private openCode: HTMLElement | undefined;
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
    this.updateTail(this.receive(text, this.scanner.push(text)));
  }

  /** The answer is complete (with `rest` as its last text): the tail becomes a finished block too. */
  finish(rest = ''): void {
    const boundaries = rest ? this.scanner.push(rest) : [];
    const end = this.received + rest.length;
    if (end > (boundaries.at(-1) ?? this.blockStart)) boundaries.push(end);
    this.receive(rest, boundaries);
    this.tail.remove();
  }

  /**
   * Takes in the next `text` and renders the blocks ending at `boundaries` (all within the text
   * received) into their chunks. Returns the text after the last boundary, not shown yet. The
   * Markdown blocks bound for one chunk are rendered together (one HTML parse and sanitizing
   * pass): a delta often finishes dozens of small blocks at once.
   */
  private receive(text: string, boundaries: readonly number[]): string {
    const textStart = this.received;
    this.received += text.length;
    let consumed = textStart;
    let batch: MarkdownBlock[] = [];
    let batchChunk: HTMLElement | undefined;
    const flush = (): void => {
      if (batch.length) batchChunk!.append(renderMarkdownBlocks(batch));
      batch = [];
    };
    for (const boundary of boundaries) {
      // Boundaries never fall before what the tail already shows (see BlockScanner): `piece` is new text.
      const piece = text.slice(consumed - textStart, boundary - textStart);
      consumed = boundary;
      const chunk = this.chunkFor(boundary - this.blockStart);
      if (chunk !== batchChunk) flush();
      batchChunk = chunk;
      let newlines: number;
      if (this.plain) {
        this.plain.append(piece);
        flush();
        chunk.append(this.plain.element);
        newlines = this.plainNewlines + countNewlines(piece);
      } else {
        const block = this.open + piece;
        newlines = countNewlines(block);
        if (block.length > BLOCK_MARKDOWN_CHARS) {
          flush();
          chunk.append(plainText(block));
        } else {
          batch.push({ source: block, firstLine: this.blockStartLine, highlight: block.length <= HIGHLIGHT_CHARS });
        }
      }
      this.blockStartLine += newlines;
      this.blockStart = this.renderedTo = boundary;
      this.open = '';
      this.plainNewlines = 0;
      this.overflow = this.plain = this.openCode = undefined;
      this.firstLineEnded = false;
    }
    flush();
    if (boundaries.length) this.tail.replaceChildren();
    return text.slice(consumed - textStart);
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

  /** `fresh`: the text received since the tail was last shown, all of it in the open block. */
  private updateTail(fresh: string): void {
    if (this.plain) {
      this.plain.append(fresh);
      this.plainNewlines += countNewlines(fresh);
    } else {
      this.open += fresh;
      if (this.open.length > BLOCK_MARKDOWN_CHARS) {
        this.plain = new PlainText();
        this.plain.append(this.open);
        this.plainNewlines = countNewlines(this.open);
        this.open = '';
        this.tail.replaceChildren(this.plain.element);
        this.overflow = this.openCode = undefined;
      } else if (this.openCode) {
        this.openCode.append(fresh);
      } else if (this.startOpenCode(fresh)) {
        // Shown as an open code block from now on.
      } else if (this.open.length <= TAIL_MARKDOWN_CHARS) {
        this.showTail();
      } else {
        this.growTail(fresh);
      }
    }
  }

  /**
   * When `fresh` ends the open block's first line and that line opens a fence, renders the block
   * once and keeps its code element, to which the code that follows is appended.
   */
  private startOpenCode(fresh: string): boolean {
    if (this.firstLineEnded) return false;
    const newline = fresh.indexOf('\n');
    if (newline < 0) return false;
    this.firstLineEnded = true;
    const firstLineEnd = this.open.length - fresh.length + newline;
    if (!opensTopLevelFence(this.open.slice(0, firstLineEnd))) return false;
    this.showTail();
    this.openCode = this.tail.querySelector<HTMLElement>('pre > code') ?? undefined;
    // The code so far exactly as it arrived; what follows is appended to it.
    if (this.openCode) this.openCode.textContent = this.open.slice(firstLineEnd + 1);
    return true;
  }

  private growTail(fresh: string): void {
    const rerender = this.received - this.renderedTo > Math.max(TAIL_MARKDOWN_CHARS, (this.renderedTo - this.blockStart) / 2);
    if (rerender && this.open.length <= TAIL_RERENDER_CHARS) {
      this.showTail();
      this.overflow = undefined;
      return;
    }
    if (!this.overflow) {
      this.overflow = new PlainText();
      this.tail.append(this.overflow.element);
    }
    this.overflow.append(fresh);
  }

  /**
   * Shows the open block's rendering in the tail, changing the shown nodes only where they differ
   * from the new ones (morphdom): text arrives at the end, so the nodes before it are kept as they
   * are and only the growing end is updated. The tail then holds exactly the new rendering.
   */
  private showTail(): void {
    const rendering = document.createElement('div');
    rendering.append(renderMarkdown(this.open, { highlight: false, firstLine: this.blockStartLine }));
    morphdom(this.tail, rendering, {
      childrenOnly: true,
      // An equal subtree is left alone without walking it in script (the browser compares natively).
      onBeforeElUpdated: (shown, next) => !shown.isEqualNode(next),
    });
    this.renderedTo = this.received;
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
