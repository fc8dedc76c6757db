// Makes wrong answers cheap (the idea of Cody's smart throttle, adapted): every answer the model
// gives is judged by what the user types next — typed along with it is a hit, typed past it is a
// miss. While the model keeps missing here, a new mid-line request waits longer, so steady typing
// sends nothing and only a pause asks again; one hit puts the wait back to the configured throttle,
// so a model that is right keeps its latency.
import type { DocContext } from './document';
import { typedSince } from './memory';

/** Characters typed along with an answer that prove it right (or all of it, when shorter). */
const HIT_CHARS = 3;
/** Added to the wait per consecutive miss, up to MAX_WAIT_MS. Above the gap between two keys of a
 *  typist (80–150 ms), so a request only goes out when typing pauses. */
const WAIT_PER_MISS_MS = 150;
const MAX_WAIT_MS = 450;
/** Answers waiting for their verdict; older ones are forgotten unjudged. */
const MAX_PENDING = 4;

interface Answer {
  ctx: DocContext;
  text: string;
}

export class AdaptiveThrottle {
  private pending: Answer[] = [];
  /** Answers in a row the user typed past (reset by one hit). */
  private misses = 0;

  /** An answer for `ctx` (text from its cursor on) is known: the user's next keys judge it. */
  answered(ctx: DocContext, text: string): void {
    if (text === '') return;
    this.pending.push({ ctx, text });
    if (this.pending.length > MAX_PENDING) this.pending.shift();
  }

  /** The user is now at `ctx`: judge the answers this position says something about. */
  observe(ctx: DocContext): void {
    this.pending = this.pending.filter((answer) => {
      const typed = typedSince(answer.ctx, ctx);
      // Moved away, deleted or another document: says nothing about the model.
      if (typed === undefined) return false;
      const along = answer.text.startsWith(typed) || typed.startsWith(answer.text);
      if (!along) {
        this.misses++;
        return false;
      }
      if (typed.length < Math.min(HIT_CHARS, answer.text.length)) return true;
      // (Accepting with Tab counts here too: the accepted text is then simply "typed".)
      this.misses = 0;
      return false;
    });
  }

  /** How long a mid-line request waits, given the configured throttle. */
  waitMs(baseMs: number): number {
    return this.misses === 0 ? baseMs : Math.max(baseMs, Math.min(MAX_WAIT_MS, baseMs + WAIT_PER_MISS_MS * this.misses));
  }

  get consecutiveMisses(): number {
    return this.misses;
  }
}
