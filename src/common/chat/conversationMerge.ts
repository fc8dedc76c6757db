// Two windows may save the same conversation. A save merges with what is on disk instead of
// replacing it: turns another window added are kept; turns this window deleted stay deleted
// (it had seen them, so their absence is a decision, not news).
import type { Conversation, StoredTurn } from './conversation';

/**
 * `ours` plus the turns on disk this window never saw, in time order. `seen` holds the ids of the
 * turns this window loaded or saved before.
 */
export function mergeConversation(ours: Conversation, disk: Conversation | undefined, seen: ReadonlySet<string>): Conversation {
  if (!disk) return ours;
  const mine = new Set(ours.turns.map((turn) => turn.id));
  const theirs = disk.turns.filter((turn) => !mine.has(turn.id) && !seen.has(turn.id));
  if (theirs.length === 0) return ours;
  const turns: StoredTurn[] = [...ours.turns, ...theirs].map((turn, index) => ({ turn, index }))
    .sort((a, b) => a.turn.at - b.turn.at || a.index - b.index)
    .map(({ turn }) => turn);
  return { ...ours, turns, updatedAt: Math.max(ours.updatedAt, disk.updatedAt) };
}
