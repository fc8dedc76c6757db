// Bad answers as real models give them to "rewrite this code" requests, each computed from the
// code the request sent (for the local test server's responder): cut off with `stop`, cut off
// with a closed fence, placeholder comments instead of code, prose, prose with a snippet,
// reformatted string literals, a dropped function, a repeated declaration at the part's end.
import { scan, syntaxFor } from '../../src/common/refactor/lexer';
import type { MockReply, RecordedRequest } from './mockServer';

export type BadAnswerKind =
  | 'truncated-stop'
  | 'truncated-closed-fence'
  | 'elision'
  | 'prose'
  | 'prose-snippet'
  | 'reformatted-literals'
  | 'dropped-function'
  | 'duplicated-boundary';

export const BAD_ANSWER_KINDS: readonly BadAnswerKind[] = [
  'truncated-stop', 'truncated-closed-fence', 'elision', 'prose', 'prose-snippet', 'reformatted-literals', 'dropped-function', 'duplicated-boundary',
];

interface Sent {
  code: string;
  /** The fence's info string (the language id the engine sent). */
  language: string;
}

/** The fenced code block at the end of the request's last message. */
export function sentCode(request: RecordedRequest): Sent {
  const messages = request.body.messages as { content: string }[];
  const user = messages[messages.length - 1].content;
  const match = /(`{3,})([\w-]*)\n([\s\S]*?)\n\1\s*$/.exec(user);
  if (!match) throw new Error('no code block in the request');
  return { code: match[3], language: match[2] };
}

const fenced = (language: string, code: string) => `\`\`\`${language}\n${code}\n\`\`\``;

function lineComment(language: string): string {
  return language === 'python' || language === 'shellscript' || language === 'ruby' ? '#' : '//';
}

/** Start lines (0-based) of top-level declarations: lines at column 0 that open a def/class/function. */
function declarationStarts(lines: string[]): number[] {
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (/^(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:def|class|function\*?|(?:const|let|var)\s+\w+\s*=\s*(?:async\s*)?(?:function|\())\b/.test(line)) starts.push(i);
  });
  return starts;
}

/** The answer of `kind` to the request, as a model would write it. */
export function badAnswer(kind: BadAnswerKind, request: RecordedRequest): string {
  const { code, language } = sentCode(request);
  const lines = code.split('\n');
  const starts = declarationStarts(lines);
  switch (kind) {
    case 'truncated-stop': {
      // The stream ended mid-line, inside the fence, yet the server said finish_reason "stop".
      const cut = Math.floor(code.length * 0.6);
      return `\`\`\`${language}\n${code.slice(0, cut)}`;
    }
    case 'truncated-closed-fence':
      return fenced(language, lines.slice(0, Math.ceil(lines.length * 0.55)).join('\n'));
    case 'elision': {
      // Keeps the first declarations, then stands in for the rest with a comment.
      const keep = starts.length > 2 ? starts[Math.ceil(starts.length / 2)] : Math.ceil(lines.length / 2);
      return fenced(language, `${lines.slice(0, keep).join('\n')}\n${lineComment(language)} ... rest of the code unchanged ...`);
    }
    case 'prose':
      return 'I refactored the module so that every function follows the requested style and nothing else changes.';
    case 'prose-snippet':
      return `Here is the key part of the change; the rest of the file stays as it is:\n\n${fenced(language, lines.slice(0, 14).join('\n'))}\n\nApply the same pattern to the other functions.`;
    case 'reformatted-literals': {
      // A documenting answer that also "tidies" whitespace inside a string literal (one that is
      // not a docstring: something precedes it on its line).
      const literal = scan(code, syntaxFor(language)).find((segment) => {
        const value = code.slice(segment.start, segment.end);
        const lineStart = code.lastIndexOf('\n', segment.start - 1) + 1;
        return segment.kind === 'string' && / \S/.test(value.slice(1, -1)) && code.slice(lineStart, segment.start).trim() !== '';
      });
      if (!literal) throw new Error('no string literal with a space to reformat');
      const value = code.slice(literal.start, literal.end);
      const changed = code.slice(0, literal.start) + value.replace(/ (?=\S)/, '  ') + code.slice(literal.end);
      return fenced(language, `${lineComment(language)} Documented module.\n${changed}`);
    }
    case 'dropped-function': {
      if (starts.length < 3) throw new Error('too few declarations to drop one');
      const middle = Math.floor(starts.length / 2);
      return fenced(language, [...lines.slice(0, starts[middle]), ...lines.slice(starts[middle + 1])].join('\n'));
    }
    case 'duplicated-boundary': {
      // The model ran past the end of its part and repeated a declaration from its start.
      if (!starts.length) throw new Error('no declaration to repeat');
      const first = starts[0];
      const end = starts[1] ?? lines.length;
      return fenced(language, `${code}\n\n${lines.slice(first, end).join('\n')}`);
    }
  }
}

/** A responder for the local test server answering every chat request with `kind`. */
export function badAnswerResponder(kind: BadAnswerKind): (request: RecordedRequest) => MockReply | undefined {
  return (request) => (request.path.endsWith('/chat/completions') ? { text: badAnswer(kind, request) } : undefined);
}
