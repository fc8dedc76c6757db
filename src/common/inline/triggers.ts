// Cheap "don't trigger" rules, checked synchronously before anything else.
import type { DocContext } from './document';

/**
 * `mid-identifier` only stops new requests: a suggestion already shown (typing-through, cache) is
 * still served, so typing through `function` keeps the ghost text without asking at every letter.
 */
export type SkipReason = 'text-right-of-cursor' | 'empty-document' | 'inside-word' | 'mid-identifier';

/** What may follow the cursor on its line and still get a suggestion: closers, quotes, separators. */
const TRAILING_ALLOWED = /^[\s)\]}>'"`;,:]*$/;
/** The cursor sits right after an identifier (or number) character: the user is still typing a name. */
const ENDS_IN_IDENTIFIER = /[\p{L}\p{N}_$]$/u;

export function skipReason(ctx: DocContext): SkipReason | undefined {
  if (!TRAILING_ALLOWED.test(ctx.lineSuffix)) {
    return /^\w/.test(ctx.lineSuffix) && /\w$/.test(ctx.linePrefix) ? 'inside-word' : 'text-right-of-cursor';
  }
  if (ctx.prefix.trim() === '' && ctx.suffix.trim() === '') return 'empty-document';
  if (ENDS_IN_IDENTIFIER.test(ctx.linePrefix)) return 'mid-identifier';
  return undefined;
}

/** Start-of-line requests skip the throttle: the user has just pressed Enter and is likely to pause. */
export function isAtLineStart(ctx: DocContext): boolean {
  return ctx.linePrefix.trim() === '';
}
