// One assistant answer rendered while it streams: finished blocks are rendered once and appended;
// only the open tail (the last, unfinished block) is re-rendered when text arrives, without code
// highlighting (that happens once, when the block is finished).
import { stableBoundary } from '../common/chat/markdownBlocks';
import { renderMarkdown } from './markdown';

export class StreamingMarkdown {
  private source = '';
  private committed = 0;
  private readonly tail: HTMLElement;

  constructor(private readonly root: HTMLElement) {
    this.tail = document.createElement('div');
    this.tail.className = 'stream-tail';
    root.append(this.tail);
  }

  get text(): string {
    return this.source;
  }

  append(text: string): void {
    if (!text) return;
    this.source += text;
    this.render(stableBoundary(this.source, this.committed));
  }

  /** The answer is complete: the tail becomes a finished block too. */
  finish(): void {
    this.render(this.source.length);
    this.tail.remove();
  }

  private render(boundary: number): void {
    if (boundary > this.committed) {
      this.root.insertBefore(renderMarkdown(this.source.slice(this.committed, boundary)), this.tail);
      this.committed = boundary;
    }
    const open = this.source.slice(this.committed);
    if (open) this.tail.replaceChildren(renderMarkdown(open, { highlight: false }));
    else this.tail.replaceChildren();
  }
}
