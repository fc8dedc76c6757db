// Slash commands typed at the start of the chat input: /explain, /fix, /tests, /doc.

export interface SlashCommand {
  name: 'explain' | 'fix' | 'tests' | 'doc';
  description: string;
  /** The instruction sent in place of the command word. */
  instruction: string;
}

export const SLASH_COMMANDS: readonly SlashCommand[] = [
  {
    name: 'explain',
    description: 'Explain the attached code step by step',
    instruction: 'Explain what the attached code does, step by step, and point out anything surprising or risky.',
  },
  {
    name: 'fix',
    description: 'Find and fix the problem',
    instruction: 'Find the cause of the problem in the attached code (use the diagnostics and terminal output if given) and propose a fix as a complete code block.',
  },
  {
    name: 'tests',
    description: 'Write unit tests',
    instruction: 'Write focused unit tests for the attached code, using the test framework the project already uses, covering edge cases and failure paths.',
  },
  {
    name: 'doc',
    description: 'Write documentation comments',
    instruction: 'Write documentation comments for the attached code in the idiomatic style of its language. Return the documented code as one code block.',
  },
];

export interface ParsedInput {
  command?: SlashCommand;
  /** The user's own words after the command (or the whole input without one). */
  rest: string;
}

export function parseSlash(input: string): ParsedInput {
  const match = /^\/(\w+)(?:\s+|$)([\s\S]*)$/.exec(input.trimStart());
  const command = match ? SLASH_COMMANDS.find((candidate) => candidate.name === match[1].toLowerCase()) : undefined;
  return command ? { command, rest: match![2].trim() } : { rest: input.trim() };
}

/** The text that goes to the model for this input: the command's instruction plus the user's words. */
export function expandSlash(input: string): string {
  const { command, rest } = parseSlash(input);
  if (!command) return rest;
  return rest ? `${command.instruction}\n\n${rest}` : command.instruction;
}

/** Completions while the user is typing the command word (input is "/" or "/ex", no space yet). */
export function completeSlash(input: string): SlashCommand[] {
  const match = /^\/(\w*)$/.exec(input);
  if (!match) return [];
  const prefix = match[1].toLowerCase();
  return SLASH_COMMANDS.filter((command) => command.name.startsWith(prefix));
}
