// The persisted conversation model and its mapping to what the page shows.
import type { AnswerMeta, ConversationView, ErrorView, TurnStatus, TurnView } from './protocol';
import { isArrayOf, isNumber, isObject, isOneOf, isString, optional, type Guard } from './guard';
import { expandSlash } from './slash';

export interface StoredTurn {
  id: string;
  role: 'user' | 'assistant';
  /** What the user typed, or the answer's text. */
  text: string;
  /** For user turns: the full text that went to the model (context blocks included), reused as history. */
  sentText?: string;
  at: number;
  status: TurnStatus;
  context?: string[];
  meta?: AnswerMeta;
  error?: ErrorView;
  notice?: string;
}

export interface Conversation {
  version: 1;
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  turns: StoredTurn[];
}

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  turnCount: number;
}

const isStoredTurn: Guard<StoredTurn> = isObject({
  id: isString(200),
  role: isOneOf(['user', 'assistant'] as const),
  text: isString(50_000_000),
  sentText: optional(isString(50_000_000)),
  at: isNumber,
  status: isOneOf(['done', 'streaming', 'error', 'stopped'] as const),
});

/** Checks the parts a loaded file must have; optional details are re-validated when shown. */
export const isConversation: Guard<Conversation> = isObject({
  version: (value): value is 1 => value === 1,
  id: isString(200),
  title: isString(10_000),
  createdAt: isNumber,
  updatedAt: isNumber,
  turns: isArrayOf(isStoredTurn, 1_000_000),
});

export function createConversation(id: string, now: number): Conversation {
  return { version: 1, id, title: 'New conversation', createdAt: now, updatedAt: now, turns: [] };
}

/** A short title from the first user message: its first line, cut at a word near 60 characters. */
export function titleFromText(text: string): string {
  const firstLine = text.trim().split('\n', 1)[0].replace(/\s+/g, ' ');
  if (firstLine.length <= 60) return firstLine || 'New conversation';
  const cut = firstLine.slice(0, 60);
  const space = cut.lastIndexOf(' ');
  return `${space > 30 ? cut.slice(0, space) : cut}…`;
}

export function summarize(conversation: Conversation): ConversationSummary {
  return { id: conversation.id, title: conversation.title, updatedAt: conversation.updatedAt, turnCount: conversation.turns.length };
}

export function toTurnView(turn: StoredTurn): TurnView {
  // A turn saved while streaming was interrupted by a reload or crash: show it as stopped.
  const status = turn.status === 'streaming' ? 'stopped' : turn.status;
  return { id: turn.id, role: turn.role, text: turn.text, status, context: turn.context, meta: turn.meta, error: turn.error, notice: turn.notice };
}

export function toConversationView(conversation: Conversation): ConversationView {
  return { id: conversation.id, title: conversation.title, turns: conversation.turns.map(toTurnView) };
}

/**
 * The prompt text for an edited question: the context blocks the original was sent with, then
 * the new text (expanded as a slash command would be). Without context, the new text as typed.
 */
export function editedPrompt(original: StoredTurn, text: string): string {
  const sent = original.sentText ?? '';
  const question = expandSlash(original.text);
  if (!sent.endsWith(question) || sent.length === question.length) return text;
  return `${sent.slice(0, sent.length - question.length)}${expandSlash(text)}`;
}

/** The index range [start, end) of the question and its answer that `turnId` belongs to. */
export function exchangeAround(turns: readonly StoredTurn[], turnId: string): { start: number; end: number } | undefined {
  const index = turns.findIndex((turn) => turn.id === turnId);
  if (index < 0) return undefined;
  const start = turns[index].role === 'assistant' && turns[index - 1]?.role === 'user' ? index - 1 : index;
  const end = turns[start].role === 'user' && turns[start + 1]?.role === 'assistant' ? start + 2 : start + 1;
  return { start, end };
}
