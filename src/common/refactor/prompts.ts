// Prompts and checks for "Refactor File/Selection", and the instruction presets.
import type { ChatMessage } from '../llm';
import { instructionScope, retryInstruction } from './acceptance';
import type { PartContext, RewriteStrategy } from './engine';
import { fence } from './extractCode';
import { EDIT_FORMAT_HELP } from './searchReplace';

export interface RefactorPreset {
  label: string;
  instruction: string;
}

export const REFACTOR_PRESETS: readonly RefactorPreset[] = [
  { label: 'Modernize syntax', instruction: 'Modernize the syntax to current idioms of the language (e.g. const/let, arrow functions, optional chaining, f-strings, pattern matching) without changing behaviour.' },
  { label: 'Add types', instruction: 'Add precise type annotations to parameters, return values and variables where the language supports them; do not change behaviour.' },
  { label: 'Extract functions', instruction: 'Extract long or repeated blocks into well-named helper functions to make the code easier to read; do not change behaviour.' },
  { label: 'Improve names', instruction: 'Rename local variables, parameters and private helpers to clear, descriptive names; keep exported/public names unchanged.' },
  { label: 'Callbacks → async/await', instruction: 'Convert callback- and promise-chain-style asynchronous code to async/await, keeping error handling and behaviour.' },
];

const SYSTEM = [
  'You are a senior software engineer performing a refactor exactly as instructed.',
  'Keep behaviour unless the instruction says otherwise, keep comments that still apply, and keep the code\'s formatting style.',
].join(' ');

function context(part: PartContext): string[] {
  const lines: string[] = [];
  if (part.count > 1) {
    lines.push(
      `The code is part ${part.index} of ${part.count} of \`${part.fileName}\` (lines ${part.startLine}–${part.endLine}); the other parts are refactored separately with the same instruction.`,
      'Return only this part. It may start or end inside a larger construct: keep its boundaries — do not close brackets opened before it or open ones closed after it, and do not rename anything other parts use.',
    );
  } else {
    lines.push(`The code is from \`${part.fileName}\`${part.startLine > 1 ? ` (lines ${part.startLine}–${part.endLine})` : ''}.`);
  }
  if (part.enclosing.length) lines.push(`It is inside:\n${part.enclosing.join('\n')}`);
  if (part.outline) lines.push(`Outline of the whole file, for context only:\n${part.outline}`);
  if (part.retry) lines.push(retryInstruction(part.retry));
  return lines;
}

export function refactorStrategy(instruction: string): RewriteStrategy {
  const task = `Instruction: ${instruction.trim()}`;
  return {
    job: 'refactor',
    growth: 1.25,
    scope: instructionScope(instruction),
    rewriteMessages(part) {
      return messages([
        task,
        ...context(part),
        'Answer with the complete resulting code in one fenced code block and nothing else (no explanations).',
        fence(part),
      ]);
    },
    editMessages(part) {
      return messages([
        task,
        ...context(part),
        'The code is too long to repeat, so answer with edits.',
        EDIT_FORMAT_HELP,
        fence(part),
      ]);
    },
    reject: () => undefined,
  };
}

function messages(parts: string[]): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/** Most recent first, without duplicates, at most `max` entries. */
export function rememberInstruction(recent: readonly string[], instruction: string, max = 10): string[] {
  const trimmed = instruction.trim();
  return [trimmed, ...recent.filter((item) => item !== trimmed)].slice(0, max);
}
