// Prompts and checks for documentation generation, and the "explain file" prompt.
import type { ChatMessage } from '../llm';
import type { PartContext, RewriteStrategy } from '../refactor/engine';
import { missingComments, firstCodeDifference } from '../refactor/codeCheck';
import { EDIT_FORMAT_HELP } from '../refactor/searchReplace';
import { NOTHING_MAY_GO, retryInstruction } from '../refactor/acceptance';
import { fence } from '../refactor/extractCode';
import { salvageDocs } from './salvage';
import { describeDocStyle, type DocStyle } from './styles';

export type DocsTarget =
  | { kind: 'file' }
  | { kind: 'selection' }
  | { kind: 'symbol'; name: string };

export interface DocsOptions {
  target: DocsTarget;
  style: DocStyle | undefined;
  rewriteExisting: boolean;
}

const SYSTEM = [
  'You are a precise technical writer who documents source code.',
  'You add documentation comments and never change code: every code character, identifier, string and',
  'blank line outside comments stays exactly as it is, and nothing is reordered or reformatted.',
].join(' ');

function whatToDocument(target: DocsTarget, part: PartContext): string {
  switch (target.kind) {
    case 'symbol':
      return `Document the symbol \`${target.name}\` (and its public members, if it is a class or type).`;
    case 'selection':
      return 'Document every declaration in this code that has no documentation yet.';
    case 'file':
      return part.count > 1
        ? 'Document every exported or public declaration in this part (functions, classes, methods, interfaces, types, constants) that has no documentation yet. Private helpers only when their purpose is not obvious.'
        : 'Document every exported or public declaration in this file (functions, classes, methods, interfaces, types, constants) that has no documentation yet. Private helpers only when their purpose is not obvious.';
  }
}

function context(part: PartContext): string[] {
  const lines: string[] = [];
  if (part.count > 1) lines.push(`The code is part ${part.index} of ${part.count} of \`${part.fileName}\` (lines ${part.startLine}–${part.endLine}). Work on this part only; it may start or end inside a larger construct — keep its boundaries as they are.`);
  else lines.push(`The code is from \`${part.fileName}\`${part.startLine > 1 ? ` (lines ${part.startLine}–${part.endLine})` : ''}.`);
  if (part.enclosing.length) lines.push(`It is inside:\n${part.enclosing.join('\n')}`);
  if (part.outline) lines.push(`Outline of the whole file, for context only:\n${part.outline}`);
  if (part.retry) lines.push(retryInstruction(part.retry));
  return lines;
}

function rules(options: DocsOptions, part: PartContext): string[] {
  return [
    whatToDocument(options.target, part),
    `Style: ${describeDocStyle(options.style, part.languageId)}`,
    options.rewriteExisting
      ? 'Existing documentation may be rewritten to follow this style and to be accurate.'
      : 'Keep every existing comment and docstring exactly as it is; only add documentation where there is none.',
    'Describe what the code does, its parameters, return value and errors from the code itself; do not invent behaviour.',
  ];
}

export function docsStrategy(options: DocsOptions): RewriteStrategy {
  return {
    job: 'docs',
    growth: 1.6,
    // Documenting never removes code: every symbol and line must come back.
    scope: NOTHING_MAY_GO,
    rewriteMessages(part) {
      const user = [
        ...rules(options, part),
        ...context(part),
        'Answer with the complete code, with the documentation added, in one fenced code block and nothing else.',
        fence(part),
      ].join('\n\n');
      return messages(user);
    },
    editMessages(part) {
      const user = [
        ...rules(options, part),
        ...context(part),
        'The code is too long to repeat, so answer with edits that insert documentation: each SEARCH holds the declaration line(s) to document, each REPLACE the documentation followed by the same line(s).',
        EDIT_FORMAT_HELP,
        fence(part),
      ].join('\n\n');
      return messages(user);
    },
    reject(before, after, languageId) {
      const line = firstCodeDifference(before, after, languageId);
      if (line !== undefined) return `the answer changed code (near line ${line} of the answer), not only documentation`;
      if (!options.rewriteExisting && missingComments(before, after, languageId).length) {
        return 'the answer removed or changed existing comments';
      }
      return undefined;
    },
    salvage: (before, after, languageId) => salvageDocs(before, after, languageId, !options.rewriteExisting),
  };
}

function messages(user: string): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: user },
  ];
}

/** "Explain File as Markdown": one request over the whole file, answered as Markdown. */
export function explainFileMessages(fileName: string, languageId: string, code: string): ChatMessage[] {
  return [
    {
      role: 'system',
      content: 'You explain source code to a developer who is new to it. Answer in Markdown with headings, short paragraphs and lists; reference symbols in backticks.',
    },
    {
      role: 'user',
      content: [
        `Explain \`${fileName}\`: its purpose, its main parts and how they work together, the important data flow, and anything surprising or risky. Start with a one-paragraph summary.`,
        fence({ code, languageId }),
      ].join('\n\n'),
    },
  ];
}
