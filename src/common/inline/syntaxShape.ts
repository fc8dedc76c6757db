// Single- vs multi-line and where an answer ends, decided on the syntax tree of the window around
// the cursor (prefix + suffix). The answer is inserted into a copy of that tree (an incremental
// parse) and cut at the end of the node the cursor started in.
import { isBlock, isComment, isPunctuation } from '../syntax/languages';
import { syntaxErrors } from '../syntax/queries';
import type { SyntaxNode, SyntaxTree } from '../syntax/types';
import { bracketDepth, MAX_MULTILINE_LINES, type Truncation } from './blocks';
import { indentWidth, isBlank, type DocContext } from './document';
import type { CompletionShape } from './shape';
import { withoutLeadingNewline } from './shape';

/** What may follow the cursor on its line for a multi-line suggestion: closers and separators only. */
const ONLY_CLOSERS_RIGHT = /^[\s)\]}>'"`;,]*$/;
/** A line ending in one of these continues on the next line (operators, separators, arrows, chains, an escaped line break). */
const CONTINUES = /(?:[,=+\-*/%|&^?~\\]|&&|\|\||\?\?|=>|->|\)\.|\band|\bor|\bnot|\bin)$/;
/**
 * A line starting with one of these continues the expression of the line above: a chained call
 * (`.filter(`, `?.map(`) or a binary or conditional operator leading the line (`&& ok`, `+ b'\\r'`).
 */
const CONTINUES_FROM_ABOVE = /^(?:\??\.(?!\.)[\p{L}_$#]|&&|\|\||\?\?|[-+](?![-+])|[*/%|&^]|[?:](?![?:.]))/u;
/** Statements after which nothing in the same block runs. */
const ENDS_FLOW = /^(?:return|throw|raise|break|continue)(?:_statement|_expression)?$/;
/** Block openers: braces, Python's colon. */
const OPENS_BLOCK = /(?:\{|:)$/;

/** What inserting a text at the cursor does to the window's tree. */
interface InsertionCheck {
  /** Syntax errors around the cursor (see `around`). */
  errors: number;
  /** Closers of the text and of the rest of its line that the parser could not match. */
  strayClosers: number;
}

export class SyntaxShape implements CompletionShape {
  readonly multiline: boolean;
  readonly bySyntax = true;
  private readonly cursor: number;
  /**
   * Single-line at the end of a line that may still go on below (a chained call on the next line,
   * an operator leading it): an answer that starts with such a line is the rest of the statement.
   */
  readonly lineMayContinue: boolean;
  /** Where the cursor's line starts in the window. */
  private readonly lineStart: number;
  /** The answer may fill the rest of the block (its body is empty below the cursor), not just one statement. */
  private readonly restOfBlock: boolean;
  private baseErrors: number | undefined;
  private baseStrayClosers: number | undefined;
  /** Checks of the texts inserted so far (a few candidates per request). */
  private readonly insertions = new Map<string, InsertionCheck>();
  /** The identifiers-like words of the windows around the cursor, collected on first use. */
  private windowWords: Set<string> | undefined;
  /** Streaming calls repeat the same whole lines; their cut is computed once. */
  private memo: { whole: string; end: number | undefined } | undefined;

  constructor(
    private readonly ctx: DocContext,
    private readonly tree: SyntaxTree,
  ) {
    // The tree's text is the parse window (see parseWindow): what is before the cursor ends there.
    this.cursor = tree.text.length - ctx.suffix.length;
    this.lineStart = this.cursor - ctx.linePrefix.length;
    this.restOfBlock = this.bodyIsEmpty();
    this.multiline = this.decideMultiline();
    this.lineMayContinue = !this.multiline && this.endsCodeLine();
  }

  truncate(raw: string, final: boolean): Truncation {
    const text = withoutLeadingNewline(raw, this.ctx);
    if (this.multiline) return this.truncateLines(text, final);
    const newline = text.indexOf('\n');
    if (newline < 0) return { text, complete: final };
    if (newline === 0 && this.lineMayContinue) {
      // Led by a line break at the end of a line: the next line may show the statement goes on,
      // once its first word has arrived (a lone `.` or `&` can still become either).
      const [, next, after] = /^\n[ \t]*(\S*)([\s\S]?)/.exec(text) ?? [];
      if (!final && after === '' && next.length < 3) return { text: '', complete: false };
      if (CONTINUES_FROM_ABOVE.test(next)) return this.truncateLines(text, final, true);
    }
    return { text: text.slice(0, newline), complete: true };
  }

  /**
   * Cut at the end of the node the cursor started in (or of the statements that fill its block);
   * `continuation`: only the rest of the cursor's statement, nothing when the text does not go on with it.
   */
  private truncateLines(text: string, final: boolean, continuation = false): Truncation {
    // While streaming only whole lines are judged: a half line can still become anything.
    const whole = final ? text : text.slice(0, text.lastIndexOf('\n') + 1);
    if (!/\S/.test(whole)) return { text: trimTrailingBlankLines(text), complete: false };
    if (this.memo?.whole !== whole) this.memo = { whole, end: this.nodeEnd(whole, final, continuation) };
    const end = this.memo.end;
    if (end !== undefined) return capLines({ text: trimTrailingBlankLines(whole.slice(0, end)), complete: true });
    return capLines({ text: trimTrailingBlankLines(final ? text : whole), complete: final });
  }

  pickBalanced(candidates: string[]): string | undefined {
    let best: { text: string; errors: number } | undefined;
    for (const text of candidates) {
      const { errors } = this.withInserted(text);
      if (!best || errors < best.errors) best = { text, errors };
    }
    return best && best.errors <= this.errorsWithout() ? best.text : undefined;
  }

  /** No closer of the suggestion or of the rest of its line is left unmatched in the tree (as none was before). */
  balanced(text: string): boolean {
    this.baseStrayClosers ??= strayClosers(this.tree.root, this.cursor, this.cursor + this.ctx.lineSuffix.length);
    return this.withInserted(text).strayClosers <= this.baseStrayClosers;
  }

  private decideMultiline(): boolean {
    const { linePrefix, lineSuffix } = this.ctx;
    if (!ONLY_CLOSERS_RIGHT.test(lineSuffix)) return false;
    const node = this.tree.root.descendantForIndex(Math.max(0, this.cursor - 1), this.cursor);
    if (node && insideLiteral(node, this.cursor)) return false;
    // A comment line that ends at the cursor describes the code to write next.
    if (node && isComment(node.type) && node.endIndex === this.cursor) return node.startIndex >= this.lineStart;
    if (isBlank(linePrefix)) return true;
    const code = linePrefix.trimEnd();
    // Mid-line (something right of the cursor) is one line, except inside a just-opened `{}`.
    if (!isBlank(lineSuffix) && !/\{$/.test(code)) return false;
    // The block below already has a body: the cursor is completing its header, one line.
    const bodyExists = this.ctx.nextLine !== undefined && indentWidth(this.ctx.nextLine) > indentWidth(linePrefix);
    if (/[([]$/.test(code)) return !/^\s*[)\]]/.test(lineSuffix) && !bodyExists;
    if (OPENS_BLOCK.test(code)) return !bodyExists;
    if (CONTINUES.test(code) || /^\s*\./.test(linePrefix)) return true;
    return node !== null && (inJsxTag(node) || this.leftOpen(node));
  }

  /** The cursor ends a line of code (not of a comment or string). */
  private endsCodeLine(): boolean {
    if (!isBlank(this.ctx.lineSuffix) || isBlank(this.ctx.linePrefix)) return false;
    const node = this.tree.root.descendantForIndex(Math.max(0, this.cursor - 1), this.cursor);
    return node !== null && !isComment(node.type) && !insideLiteral(node, this.cursor);
  }

  /**
   * The statement at the cursor is unfinished with a bracket still open (`raise Error("part one "`
   * with the rest of the message on the next line): the parser could not close it, so the cursor
   * is in an ERROR node, and counting from where that starts leaves an opener unclosed.
   */
  private leftOpen(node: SyntaxNode): boolean {
    for (let current: SyntaxNode | null = node; current && !isBlock(current.type); current = current.parent) {
      if (current.isError && current.startIndex < this.cursor) return bracketDepth(this.tree.text.slice(current.startIndex, this.cursor), 0) > 0;
    }
    return false;
  }

  /**
   * The cursor is in an empty body: right after its opener (on the opener's line or on a blank line
   * below it) with nothing but the block's end below. There the answer is the whole body; on a
   * blank line among statements it is one statement.
   */
  private bodyIsEmpty(): boolean {
    const { linePrefix, previousLine, nextLine } = this.ctx;
    const openerLine = isBlank(linePrefix) ? previousLine : linePrefix;
    if (openerLine === undefined || !OPENS_BLOCK.test(openerLine.trimEnd())) return false;
    if (isBlank(linePrefix) && indentWidth(linePrefix) <= indentWidth(openerLine)) return false;
    if (nextLine === undefined || /^\s*[)\]}]/.test(nextLine)) return true;
    return indentWidth(nextLine) <= indentWidth(openerLine);
  }

  /**
   * Offset in `whole` where the node the cursor started in ends, or undefined while it is not
   * complete yet (it runs on into what has not arrived, or nothing after it shows it ended).
   */
  private nodeEnd(whole: string, final: boolean, continuation: boolean): number | undefined {
    const inserted = this.tree.withInsertion(this.cursor, whole);
    try {
      const limit = this.cursor + whole.length;
      const first = this.cursor + whole.search(/\S/);
      // On a blank line or right after a block opener the answer starts statements of its own;
      // otherwise it continues the node the cursor is in: the outermost one starting on the
      // cursor's line (a JSX element, a loop header) or else the whole statement (a chained call).
      const startsStatement = isBlank(this.ctx.linePrefix) || OPENS_BLOCK.test(this.ctx.linePrefix.trimEnd());
      let end: number | undefined;
      // While streaming, a next line indented deeper than this still belongs to the node.
      let deepestAfter: number | undefined;
      if (!startsStatement) {
        const candidates = [outermostOnLine(inserted.root, this.cursor, this.lineStart), enclosingJsxElement(inserted.root, this.cursor), enclosingStatement(inserted.root, this.cursor)];
        const node = candidates.find((candidate) => candidate !== undefined && candidate.endIndex > first);
        if (node) {
          end = node.endIndex;
          deepestAfter = lineIndent(inserted.text, node.startIndex);
        } else if (continuation) {
          return 0;
        }
      }
      if (end === undefined) {
        const statements = this.statementsFrom(inserted, first);
        if (!statements) return undefined;
        end = statements.end;
        const column = lineIndent(inserted.text, first);
        // Filling an empty body, only a line leaving the body (or a return) shows the body ended.
        deepestAfter = this.restOfBlock && !statements.endsFlow ? column - 1 : column;
      }
      end = afterTrailingComment(inserted, end);
      if (end > limit) return undefined;
      if (!final && !endConfirmed(whole.slice(end - this.cursor), deepestAfter ?? Infinity)) return undefined;
      return end - this.cursor;
    } finally {
      inserted.dispose();
    }
  }

  /**
   * End of the statement starting at `first` (or of all statements of an empty block from there on,
   * and whether a return, throw, break or continue ended them).
   */
  private statementsFrom(inserted: SyntaxTree, first: number): { end: number; endsFlow?: boolean } | undefined {
    let node = inserted.root.descendantForIndex(first, first + 1);
    if (!node) return undefined;
    while (node.parent && !isBlock(node.parent.type) && node.parent.startIndex >= this.lineStart) node = node.parent;
    const block = node.parent;
    // Only a statement the answer starts may be followed by more of the (empty) block's statements.
    if (!this.restOfBlock || !block || !isBlock(block.type) || node.startIndex < this.cursor) return { end: node.endIndex };
    const answerEnd = this.cursor + (inserted.text.length - this.tree.text.length);
    const from = node.startIndex;
    const inAnswer = (child: SyntaxNode) => child.startIndex >= from && child.startIndex < answerEnd;
    let end = node.endIndex;
    let endsFlow = false;
    for (const child of block.children) {
      if (!inAnswer(child) || isPunctuation(child.type)) continue;
      // A statement left of the first one is at the block's own indentation: not part of the body.
      if (child.startPosition.column < node.startPosition.column) break;
      // A later statement naming nothing that the code around it or the rest of the answer names
      // is the model going on with something else (`print("done")`), not this body.
      const rest = inserted.text.slice(from, child.startIndex) + inserted.text.slice(child.endIndex, answerEnd);
      if (child.startIndex !== node.startIndex && this.unrelated(child, rest)) break;
      end = Math.max(end, child.endIndex);
      // Nothing after a return, throw, break or continue runs: the body ends there.
      if (ENDS_FLOW.test(child.type)) {
        endsFlow = true;
        break;
      }
    }
    // The block's own closer, when the answer has one, is kept only where the document lacks it,
    // and with it the closers of what opened the block on its line (`}` or `});` of a callback),
    // as far as that leaves fewer syntax errors. (Go wraps the statements in a statement_list.)
    const braces = block.type === 'statement_list' && block.parent ? block.parent : block;
    const closer = braces.children.find((child) => inAnswer(child) && isPunctuation(child.type) && child.startIndex >= end);
    if (closer && closer.endIndex <= answerEnd && inserted.text.slice(end, closer.startIndex).trim() === '') {
      const answer = inserted.text.slice(this.cursor, answerEnd);
      const closerLine = answer.slice(closer.endIndex - this.cursor).split('\n')[0];
      const ends = [end, closer.endIndex];
      // Each run of the closers after it is a candidate: a model that adds one closer too many
      // (`}))` where the call needs `})`) has the right ones as a prefix.
      if (/^[)\]};,]+$/.test(closerLine.trim())) {
        for (let k = 1; k <= closerLine.trimEnd().length; k++) if (/\S/.test(closerLine[k - 1])) ends.push(closer.endIndex + k);
      }
      // Error recovery can absorb a missing closer as well as an extra one: on a tie, the closer
      // stays unless the document's next line closes something itself.
      const documentCloses = /^\s*[)\]}]/.test(this.ctx.nextLine ?? '');
      let fewest = this.withInserted(answer.slice(0, end - this.cursor)).errors;
      for (const candidate of ends.slice(1)) {
        const errors = this.withInserted(answer.slice(0, candidate - this.cursor)).errors;
        if (errors < fewest || (errors === fewest && !documentCloses)) [end, fewest] = [candidate, errors];
      }
    }
    return { end, endsFlow };
  }

  /** `statement` names something (a variable, a function) and nothing it names occurs in the windows or in `rest`. */
  private unrelated(statement: SyntaxNode, rest: string): boolean {
    const names = new Set<string>();
    collectNames(statement, names);
    if (names.size === 0) return false;
    this.windowWords ??= new Set(wordsOf(this.ctx.prefix + this.ctx.suffix));
    const restWords = new Set(wordsOf(rest));
    for (const name of names) if (this.windowWords.has(name) || restWords.has(name)) return false;
    return true;
  }

  private errorsWithout(): number {
    this.baseErrors ??= syntaxErrors(this.tree.root, 0, this.around(0)).count;
    return this.baseErrors;
  }

  /**
   * The window with `text` inserted at the cursor, parsed once per text: pickBalanced's winner is
   * the text the final bracket guard checks again, and a parse is the costly step of both.
   */
  private withInserted(text: string): InsertionCheck {
    let check = this.insertions.get(text);
    if (!check) {
      const inserted = this.tree.withInsertion(this.cursor, text);
      try {
        check = {
          errors: syntaxErrors(inserted.root, 0, this.around(text.length)).count,
          strayClosers: strayClosers(inserted.root, this.cursor, this.cursor + text.length + this.ctx.lineSuffix.length),
        };
      } finally {
        inserted.dispose();
      }
      this.insertions.set(text, check);
    }
    return check;
  }

  /** What errors are counted in: the cursor's line and the inserted text, plus a few lines after it. */
  private around(inserted: number): { start: number; end: number } {
    const after = this.ctx.suffix.split('\n').slice(0, 4).join('\n').length;
    return { start: this.lineStart, end: this.cursor + inserted + after };
  }
}

/**
 * The outermost node around the character before `offset` that starts on the cursor's line (not a
 * block). A JSX element is a unit of its own: error recovery may glue what follows it onto it.
 */
function outermostOnLine(root: SyntaxNode, offset: number, lineStart: number): SyntaxNode | undefined {
  let node = root.descendantForIndex(Math.max(0, offset - 1), offset);
  if (!node || node.startIndex < lineStart) return undefined;
  while (node.parent && node.parent.startIndex >= lineStart && !isBlock(node.parent.type) && !isJsxElement(node.type)) node = node.parent;
  return node;
}

/** The JSX element whose tag the cursor is in (attributes continue up to its end). */
function enclosingJsxElement(root: SyntaxNode, offset: number): SyntaxNode | undefined {
  for (let node = root.descendantForIndex(Math.max(0, offset - 1), offset); node && !isBlock(node.type); node = node.parent) {
    if (node.type === 'jsx_self_closing_element' || node.type === 'jsx_opening_element') return node.type === 'jsx_opening_element' && node.parent ? node.parent : node;
  }
  return undefined;
}

function isJsxElement(type: string): boolean {
  return type === 'jsx_element' || type === 'jsx_self_closing_element';
}

/**
 * While streaming, only what follows a node shows it ended (a Python body, an `else` or the rest of
 * a line that error recovery split may still come): the rest of its line must be empty and a next
 * line must have begun, indented no deeper than `deepest`.
 */
function endConfirmed(after: string, deepest: number): boolean {
  const newline = after.indexOf('\n');
  if (newline < 0 || /\S/.test(after.slice(0, newline))) return false;
  const next = /^(?:[ \t]*\n)*([ \t]*)\S/.exec(after.slice(newline + 1));
  return next !== null && indentWidth(next[1]) <= deepest;
}

/** Indentation width of the line `offset` is on. */
function lineIndent(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return indentWidth(/^[ \t]*/.exec(text.slice(start, start + 200))?.[0] ?? '');
}

/** The plain identifiers a node uses (not property names after a dot: those say little alone). */
function collectNames(node: SyntaxNode, into: Set<string>): void {
  if (node.type === 'identifier') into.add(node.text);
  for (const child of node.namedChildren) collectNames(child, into);
}

function wordsOf(text: string): string[] {
  return text.match(/[A-Za-z_$][\w$]*/g) ?? [];
}

/** Closing brackets in [start, end) that the parser could not match: tokens of ERROR nodes. */
function strayClosers(root: SyntaxNode, start: number, end: number): number {
  let count = 0;
  const visit = (node: SyntaxNode) => {
    if (node.endIndex <= start || node.startIndex >= end) return;
    if (node.isError) count += node.children.filter((child) => !child.isNamed && /^[)\]}]$/.test(child.type) && child.startIndex >= start && child.startIndex < end).length;
    if (node.hasError) node.children.forEach(visit);
  };
  visit(root);
  return count;
}

/** A comment right after `end` on the same line belongs to the code before it (`return x // why`). */
function afterTrailingComment(tree: SyntaxTree, end: number): number {
  const gap = /^[ \t]*/.exec(tree.text.slice(end, end + 200))?.[0].length ?? 0;
  const next = tree.root.descendantForIndex(end + gap, end + gap + 1);
  return next && isComment(next.type) && next.startIndex === end + gap ? next.endIndex : end;
}

/** The statement (a child of a block) around the last character before `offset`. */
function enclosingStatement(root: SyntaxNode, offset: number): SyntaxNode | undefined {
  let node = root.descendantForIndex(Math.max(0, offset - 1), offset);
  while (node?.parent && !isBlock(node.parent.type)) node = node.parent;
  return node && node !== root ? node : undefined;
}

/** The cursor is strictly inside a string or comment. */
function insideLiteral(node: SyntaxNode, offset: number): boolean {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (/string|comment|template/.test(current.type) && current.startIndex < offset && offset < current.endIndex) return true;
    if (isBlock(current.type)) return false;
  }
  return false;
}

/** The cursor is in a JSX opening tag or right after one (attributes or children follow). */
function inJsxTag(node: SyntaxNode): boolean {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (current.type === 'jsx_opening_element' || isJsxElement(current.type)) return true;
    if (isBlock(current.type)) return false;
  }
  return false;
}

function capLines(cut: Truncation): Truncation {
  const lines = cut.text.split('\n');
  if (lines.length <= MAX_MULTILINE_LINES) return cut;
  return { text: lines.slice(0, MAX_MULTILINE_LINES).join('\n'), complete: true };
}

function trimTrailingBlankLines(text: string): string {
  return text.replace(/(?:\n[ \t]*)+$/, '');
}
