// Suggestions the engine already has: the one on screen (typing-through), earlier answers (prefix
// cache with walk-back) and the extra lines of a hot streak. All lookups are synchronous and cheap.
import { LRU } from 'tiny-lru';
import type { DocContext } from './document';

export type MemoryOrigin = 'typing-through' | 'cache' | 'hot-streak';

export interface MemoryHit {
  /** Raw completion text from the cursor on. */
  text: string;
  origin: MemoryOrigin;
  model?: string;
}

interface Entry {
  completion: string;
  origin: 'cache' | 'hot-streak';
  model?: string;
}

/** How much of the prefix identifies a position; enough to make collisions practically impossible. */
const KEY_PREFIX_CHARS = 400;
/** How far back (characters typed since an answer) a lookup walks. */
const MAX_WALK_BACK = 64;
/** Hot-streak entries are kept for at most this many following lines. */
const HOT_STREAK_LINES = 8;

export class CompletionMemory {
  private readonly cache = new LRU<Entry>(500);
  private shown: { key: string; completion: string } | undefined;

  /** Stores an answer for the position it was asked at, plus one entry per following line. */
  remember(ctx: DocContext, completion: string, model?: string): void {
    if (completion === '') return;
    this.cache.set(keyFor(ctx, ctx.prefix), { completion, origin: 'cache', model });
    let offset = completion.indexOf('\n');
    for (let lines = 0; offset >= 0 && lines < HOT_STREAK_LINES; lines++) {
      const rest = completion.slice(offset + 1);
      if (rest.trim() === '') break;
      this.cache.set(keyFor(ctx, ctx.prefix + completion.slice(0, offset + 1)), { completion: rest, origin: 'hot-streak', model });
      offset = completion.indexOf('\n', offset + 1);
    }
  }

  /** The suggestion now on screen; typing what it says keeps serving its remainder. */
  markShown(ctx: DocContext, completion: string): void {
    this.shown = { key: keyFor(ctx, ctx.prefix), completion };
  }

  lookup(ctx: DocContext): MemoryHit | undefined {
    const limit = Math.min(MAX_WALK_BACK, ctx.prefix.length);
    const head = `${ctx.uri}\u0000`;
    const tail = `\u0000${suffixHead(ctx)}`;
    for (let back = 0; back <= limit; back++) {
      const end = ctx.prefix.length - back;
      const typed = ctx.prefix.slice(end);
      const key = head + ctx.prefix.slice(Math.max(0, end - KEY_PREFIX_CHARS), end) + tail;
      if (this.shown?.key === key && this.shown.completion.startsWith(typed) && this.shown.completion.length > back) {
        return { text: this.shown.completion.slice(back), origin: 'typing-through' };
      }
      const entry = this.cache.get(key);
      if (entry && entry.completion.startsWith(typed) && entry.completion.length > back) {
        return { text: entry.completion.slice(back), origin: entry.origin, model: entry.model };
      }
    }
    return undefined;
  }

  clear(): void {
    this.cache.clear();
    this.shown = undefined;
  }
}

/** Document, the end of the prefix, and what follows on the cursor's line and the next one. */
function keyFor(ctx: DocContext, prefix: string): string {
  return `${ctx.uri}\u0000${prefix.slice(-KEY_PREFIX_CHARS)}\u0000${suffixHead(ctx)}`;
}

/** The rest of the cursor's line and the next line: what must stay the same for an answer to still fit. */
export function suffixHead(ctx: DocContext): string {
  const endOfNextLine = ctx.suffix.indexOf('\n', ctx.lineSuffix.length + 1);
  return endOfNextLine < 0 ? ctx.suffix : ctx.suffix.slice(0, endOfNextLine);
}

/**
 * What was typed between two snapshots of the same place (`base` earlier), or undefined when the
 * later one does not simply extend the earlier one (deleted, moved, other document).
 */
export function typedSince(base: DocContext, now: DocContext): string | undefined {
  if (base.uri !== now.uri || suffixHead(base) !== suffixHead(now)) return undefined;
  const tail = base.prefix.slice(-KEY_PREFIX_CHARS);
  const at = now.prefix.lastIndexOf(tail);
  if (at < 0) return undefined;
  const typed = now.prefix.slice(at + tail.length);
  return typed.length <= MAX_WALK_BACK ? typed : undefined;
}
