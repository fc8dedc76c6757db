// Cheap "don't trigger" rules, checked synchronously before anything else.
import type { DocContext } from './document';

export type SkipReason = 'text-right-of-cursor' | 'empty-document' | 'inside-word';

/** What may follow the cursor on its line and still get a suggestion: closers, quotes, separators. */
const TRAILING_ALLOWED = /^[\s)\]}>'"`;,:]*$/;

export function skipReason(ctx: DocContext): SkipReason | undefined {
  if (!TRAILING_ALLOWED.test(ctx.lineSuffix)) {
    return /^\w/.test(ctx.lineSuffix) && /\w$/.test(ctx.linePrefix) ? 'inside-word' : 'text-right-of-cursor';
  }
  if (ctx.prefix.trim() === '' && ctx.suffix.trim() === '') return 'empty-document';
  return undefined;
}

/** Start-of-line requests skip the throttle: the user has just pressed Enter and is likely to pause. */
export function isAtLineStart(ctx: DocContext): boolean {
  return ctx.linePrefix.trim() === '';
}
