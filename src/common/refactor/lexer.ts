// A small per-language scanner that tells code from comments and string literals. It is not a
// parser: it knows just enough (comment markers, string/char/raw-string/template/regex literals)
// to strip comments, check brackets and find top-level symbol boundaries in the languages the docs
// and refactor commands support. Before/after texts go through the same scanner, so a rare
// mis-scan affects both sides alike.

export type SegmentKind = 'code' | 'comment' | 'string';

export interface Segment {
  kind: SegmentKind;
  start: number;
  end: number;
}

export interface LanguageSyntax {
  lineComments: string[];
  blockComment?: { open: string; close: string; nests: boolean };
  /** Quote characters of ordinary escaped strings; a newline ends ' and " strings. */
  quotes: string[];
  /** Multi-line strings delimited by three quotes (Python, Kotlin, Java text blocks, C# raw). */
  tripleQuotes: boolean;
  /** Backtick strings: JS templates (escaped) or Go raw strings (unescaped). */
  backtick?: 'template' | 'raw';
  /** Rust: `'a` is a lifetime unless it closes like a char literal; raw strings r#"…"#. */
  rust?: boolean;
  /** JS/TS regular expression literals. */
  regex?: boolean;
  /** C# verbatim strings @"…" (doubled quotes escape). */
  verbatim?: boolean;
  /** C++ raw strings R"delim(…)delim". */
  cppRaw?: boolean;
  /** Python: blocks by indentation; docstrings are strings that document. */
  indentation?: boolean;
}

const C_BLOCK = { open: '/*', close: '*/', nests: false };
const NESTING_BLOCK = { open: '/*', close: '*/', nests: true };

const JS: LanguageSyntax = { lineComments: ['//'], blockComment: C_BLOCK, quotes: ['"', "'"], tripleQuotes: false, backtick: 'template', regex: true };

const SYNTAX: Record<string, LanguageSyntax> = {
  javascript: JS,
  javascriptreact: JS,
  typescript: JS,
  typescriptreact: JS,
  python: { lineComments: ['#'], quotes: ['"', "'"], tripleQuotes: true, indentation: true },
  go: { lineComments: ['//'], blockComment: C_BLOCK, quotes: ['"', "'"], tripleQuotes: false, backtick: 'raw' },
  rust: { lineComments: ['//'], blockComment: NESTING_BLOCK, quotes: ['"'], tripleQuotes: false, rust: true },
  java: { lineComments: ['//'], blockComment: C_BLOCK, quotes: ['"', "'"], tripleQuotes: true },
  kotlin: { lineComments: ['//'], blockComment: NESTING_BLOCK, quotes: ['"', "'"], tripleQuotes: true },
  csharp: { lineComments: ['//'], blockComment: C_BLOCK, quotes: ['"', "'"], tripleQuotes: true, verbatim: true },
  c: { lineComments: ['//'], blockComment: C_BLOCK, quotes: ['"', "'"], tripleQuotes: false },
  cpp: { lineComments: ['//'], blockComment: C_BLOCK, quotes: ['"', "'"], tripleQuotes: false, cppRaw: true },
  swift: { lineComments: ['//'], blockComment: NESTING_BLOCK, quotes: ['"'], tripleQuotes: true },
  scala: { lineComments: ['//'], blockComment: NESTING_BLOCK, quotes: ['"', "'"], tripleQuotes: true },
  dart: { lineComments: ['//'], blockComment: NESTING_BLOCK, quotes: ['"', "'"], tripleQuotes: true },
  php: { lineComments: ['//', '#'], blockComment: C_BLOCK, quotes: ['"', "'"], tripleQuotes: false },
  shellscript: { lineComments: ['#'], quotes: ['"', "'"], tripleQuotes: false },
  ruby: { lineComments: ['#'], quotes: ['"', "'"], tripleQuotes: false },
};

/** Syntax for a VS Code language id; C-like for unknown ids (the most common comment syntax). */
export function syntaxFor(languageId: string): LanguageSyntax {
  return SYNTAX[languageId] ?? SYNTAX.c;
}

export function isKnownLanguage(languageId: string): boolean {
  return languageId in SYNTAX;
}

const REGEX_PRECEDERS = new Set('(,=:[!&|?{};+-*%<>~^'.split(''));
const REGEX_KEYWORDS = /(?:^|[^\w$])(?:return|typeof|case|in|of|delete|void|throw|new|yield|await|else|do)$/;

export function scan(text: string, syntax: LanguageSyntax): Segment[] {
  const segments: Segment[] = [];
  let codeStart = 0;
  let i = 0;
  const n = text.length;

  const emit = (kind: SegmentKind, start: number, end: number) => {
    if (codeStart < start) segments.push({ kind: 'code', start: codeStart, end: start });
    segments.push({ kind, start, end });
    codeStart = end;
  };

  const interesting = interestingChars(syntax);
  while (i < n) {
    const code = text.charCodeAt(i);
    // Most characters cannot start a comment or literal: skip them without further checks.
    if (code < 128 && !interesting[code]) {
      i++;
      continue;
    }
    const ch = text[i];

    const line = syntax.lineComments.find((marker) => text.startsWith(marker, i));
    if (line) {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      emit('comment', i, stop);
      i = stop;
      continue;
    }
    const block = syntax.blockComment;
    if (block && text.startsWith(block.open, i)) {
      const end = blockCommentEnd(text, i, block);
      emit('comment', i, end);
      i = end;
      continue;
    }
    const literalEnd = literalAt(text, i, syntax, segments, codeStart);
    if (literalEnd !== undefined) {
      // Literal prefixes (r, b, f, @, $, R) stay with the string.
      const start = literalStart(text, i, syntax);
      emit('string', start, literalEnd);
      i = literalEnd;
      continue;
    }
    i += ch === '\\' ? 2 : 1;
  }
  if (codeStart < n) segments.push({ kind: 'code', start: codeStart, end: n });
  return segments;
}

const interestingCache = new WeakMap<LanguageSyntax, Uint8Array>();

/** ASCII characters that may start a comment or literal (or escape one) in this syntax. */
function interestingChars(syntax: LanguageSyntax): Uint8Array {
  let table = interestingCache.get(syntax);
  if (table) return table;
  table = new Uint8Array(128);
  const mark = (ch: string) => (table![ch.charCodeAt(0)] = 1);
  for (const marker of syntax.lineComments) mark(marker);
  if (syntax.blockComment) mark(syntax.blockComment.open);
  for (const quote of syntax.quotes) mark(quote);
  mark('\\');
  if (syntax.tripleQuotes) ['"', "'"].forEach(mark);
  if (syntax.backtick) mark('`');
  if (syntax.rust) ['r', "'"].forEach(mark);
  if (syntax.regex) mark('/');
  if (syntax.verbatim) mark('@');
  if (syntax.cppRaw) mark('R');
  interestingCache.set(syntax, table);
  return table;
}

function blockCommentEnd(text: string, start: number, block: { open: string; close: string; nests: boolean }): number {
  let depth = 1;
  let i = start + block.open.length;
  while (i < text.length) {
    if (block.nests && text.startsWith(block.open, i)) {
      depth++;
      i += block.open.length;
    } else if (text.startsWith(block.close, i)) {
      depth--;
      i += block.close.length;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return text.length;
}

function literalStart(text: string, i: number, syntax: LanguageSyntax): number {
  let start = i;
  if (syntax.rust) {
    while (start > 0 && text[start - 1] === '#') start--;
    if (start > 0 && text[start - 1] === 'r') start--;
    if (start > 0 && text[start - 1] === 'b') start--;
  }
  if (syntax.verbatim) while (start > 0 && (text[start - 1] === '@' || text[start - 1] === '$')) start--;
  return start;
}

/** End offset of a string-like literal starting at i, or undefined when none starts here. */
function literalAt(text: string, i: number, syntax: LanguageSyntax, segments: Segment[], codeStart: number): number | undefined {
  const ch = text[i];
  if (syntax.rust) {
    const raw = /^r(#*)"/.exec(text.slice(i, i + 260));
    if (raw && !/[\w$]/.test(text[i - 1] ?? '')) {
      const close = `"${raw[1]}`;
      const end = text.indexOf(close, i + raw[0].length);
      return end < 0 ? text.length : end + close.length;
    }
    if (ch === "'") {
      const char = /^'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'/u.exec(text.slice(i, i + 16));
      return char ? i + char[0].length : undefined;
    }
  }
  if (syntax.cppRaw && ch === 'R' && text[i + 1] === '"' && !/[\w$]/.test(text[i - 1] ?? '')) {
    const open = /^R"([^()\\\s]{0,16})\(/.exec(text.slice(i, i + 20));
    if (open) {
      const close = `)${open[1]}"`;
      const end = text.indexOf(close, i + open[0].length);
      return end < 0 ? text.length : end + close.length;
    }
  }
  if (syntax.verbatim && ch === '@' && text[i + 1] === '"') {
    let j = i + 2;
    while (j < text.length) {
      if (text[j] === '"') {
        if (text[j + 1] === '"') j += 2;
        else return j + 1;
      } else j++;
    }
    return text.length;
  }
  if (syntax.tripleQuotes && (ch === '"' || ch === "'") && text.startsWith(ch.repeat(3), i)) {
    const close = ch.repeat(3);
    let j = i + 3;
    while (j < text.length) {
      if (text[j] === '\\') j += 2;
      else if (text.startsWith(close, j)) {
        j += 3;
        while (text[j] === ch) j++; // C# raw strings may use more than three quotes
        return j;
      } else j++;
    }
    return text.length;
  }
  if (ch === '`' && syntax.backtick) {
    const escaped = syntax.backtick === 'template';
    let j = i + 1;
    while (j < text.length && text[j] !== '`') j += escaped && text[j] === '\\' ? 2 : 1;
    return Math.min(text.length, j + 1);
  }
  if (syntax.quotes.includes(ch)) {
    let j = i + 1;
    while (j < text.length && text[j] !== ch && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
    return Math.min(text.length, text[j] === ch ? j + 1 : j);
  }
  if (syntax.regex && ch === '/' && text[i + 1] !== '/' && text[i + 1] !== '*' && regexAllowed(text, i, segments, codeStart)) {
    let j = i + 1;
    let inClass = false;
    while (j < text.length && text[j] !== '\n') {
      const c = text[j];
      if (c === '\\') j += 2;
      else {
        if (c === '[') inClass = true;
        else if (c === ']') inClass = false;
        else if (c === '/' && !inClass) {
          j++;
          while (/[a-z]/i.test(text[j] ?? '')) j++;
          return j;
        }
        j++;
      }
    }
    return undefined; // not a regex after all (e.g. a division spanning no closing slash)
  }
  return undefined;
}

/** A slash starts a regex where an expression may begin: after an operator, bracket or keyword. */
function regexAllowed(text: string, i: number, segments: Segment[], codeStart: number): boolean {
  let j = i - 1;
  while (j >= codeStart && /\s/.test(text[j])) j--;
  if (j < codeStart) {
    // Only comments or nothing since the last literal: look at what came before it.
    const last = segments[segments.length - 1];
    if (!last) return true;
    if (last.kind === 'string') return false;
    return true;
  }
  const prev = text[j];
  if (REGEX_PRECEDERS.has(prev)) return true;
  return REGEX_KEYWORDS.test(text.slice(Math.max(codeStart, j - 10), j + 1));
}
