// The shape of one inline request: single- or multi-line, and where a (streaming) answer ends.
// Decided from the syntax tree of the window around the cursor where a grammar is loaded
// (./syntaxShape), by the indentation/bracket heuristics of ./blocks otherwise.
import type { SyntaxService } from '../syntax/types';
import { bracketDepth, truncateCompletion, wantsMultiline, type Truncation } from './blocks';
import { indentWidth, isBlank, type DocContext } from './document';
import { parseWindow } from './parseWindow';
import { bracketsBalanced } from './postprocess';
import { SyntaxShape } from './syntaxShape';

export interface CompletionShape {
  readonly multiline: boolean;
  /**
   * Single-line, but at the end of a line whose statement may go on below: an answer whose next
   * line continues it (a chained `.call(`, a leading operator) is cut like a multi-line one, so the
   * request may run as long.
   */
  readonly lineMayContinue: boolean;
  /** Whether syntax trees decide (false: the fallback heuristics). */
  readonly bySyntax: boolean;
  /** Cuts a (possibly still streaming) answer where it should end; `final`: the stream ended. */
  truncate(text: string, final: boolean): Truncation;
  /**
   * Of candidate suggestions (with and without the overlap with the rest of the line, without extra
   * closers), the one that adds the fewest syntax errors (earliest on a tie) — or, without a tree,
   * the one leaving the fewest brackets open; undefined if none fits.
   */
  pickBalanced(candidates: string[]): string | undefined;
  /**
   * The final bracket guard: the suggestion closes nothing that is not open (counting what is open
   * before the cursor, and with the rest of the line after it). By the tree where there is one.
   */
  balanced(text: string): boolean;
}

export function completionShape(ctx: DocContext, syntax?: SyntaxService): CompletionShape {
  const tree = syntax?.parse(parseWindow(ctx).text, ctx.languageId, ctx.uri);
  return tree ? new SyntaxShape(ctx, tree) : new FallbackShape(ctx);
}

/** The heuristic shape, optionally with the single/multi-line choice forced (tests, baselines). */
export function heuristicShape(ctx: DocContext, multiline = wantsMultiline(ctx)): CompletionShape {
  return new FallbackShape(ctx, multiline);
}

/** Languages without a grammar (or before it loaded): indentation and bracket heuristics. */
class FallbackShape implements CompletionShape {
  readonly bySyntax = false;
  readonly lineMayContinue = false;

  constructor(
    private readonly ctx: DocContext,
    readonly multiline = wantsMultiline(ctx),
  ) {}

  truncate(text: string, final: boolean): Truncation {
    return truncateCompletion(withoutLeadingNewline(text, this.ctx), this.ctx, this.multiline, final);
  }

  balanced(text: string): boolean {
    return bracketsBalanced(text, this.ctx);
  }

  /** Among candidates that close nothing unopened, the one leaving the fewest brackets open on its line. */
  pickBalanced(candidates: string[]): string | undefined {
    let best: { text: string; open: number } | undefined;
    for (const text of candidates) {
      if (!bracketsBalanced(text, this.ctx)) continue;
      const open = bracketDepth(this.ctx.linePrefix + text.slice(text.lastIndexOf('\n') + 1) + this.ctx.lineSuffix, 0);
      if (!best || open < best.open) best = { text, open };
    }
    return best?.text;
  }
}

/** The code left of the cursor goes on: an operator, a separator or a keyword that takes a value. */
const CONTINUES_ON_LINE = /(?:[=+\-*/%&|^<>!?,.]|\breturn|\byield|\bawait|\bnot|\band|\bor|\bin)\s*$/;
/** The line opens a block or bracket: what follows belongs on the next lines. */
const OPENS_AT_END = /(?:[{([:]|=>)\s*$/;

/**
 * Models often start with a line break where none belongs. On a blank line the text then starts on
 * the next line, indented as if the cursor's own indentation were not there: the blank lines and the
 * indentation already typed go. Where the code goes on (mid-line, after an opener, an operator or
 * `return`), a next line indented no deeper than the cursor's line cannot be a continuation: the
 * break goes. Otherwise (a continuation indented deeper, or a line that looks complete) one break
 * stays.
 */
export function withoutLeadingNewline(text: string, ctx: DocContext): string {
  if (!/^[ \t]*\n/.test(text)) return text;
  const rest = text.replace(/^(?:[ \t]*\n)+/, '');
  const { linePrefix, lineSuffix } = ctx;
  const indent = /^[ \t]*/.exec(rest)?.[0] ?? '';
  if (isBlank(linePrefix)) return indent.startsWith(linePrefix) ? rest.slice(linePrefix.length) : rest.slice(indent.length);
  const goesOn = !isBlank(lineSuffix) || CONTINUES_ON_LINE.test(linePrefix) || OPENS_AT_END.test(linePrefix);
  if (goesOn && indentWidth(indent) <= indentWidth(linePrefix) && !/^[)\]}]/.test(rest.slice(indent.length))) return rest.slice(indent.length);
  return `\n${rest}`;
}
