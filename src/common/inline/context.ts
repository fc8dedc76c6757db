// Context from elsewhere (similar code in other files, definitions, recent edits) packed into a
// character budget in a stable order, so consecutive prompts share their head (server prompt caches).

/** Other files are indexed (similar windows, definitions) up to this many characters: a huge file
 *  is cut, so indexing stays bounded like everything else near the keystroke path. */
export const MAX_INDEXED_CHARS = 400_000;

export type ChunkKind = 'definition' | 'similar' | 'recent-edit';

export interface ContextChunk {
  kind: ChunkKind;
  /** Workspace-relative path of the file the text comes from. */
  path: string;
  /** First line of the text in that file (for ordering and headers). */
  startLine: number;
  text: string;
  /** Higher is more useful; decides what fits, not the order. */
  score: number;
}

/** Which kinds win when the budget is tight. */
const KIND_PRIORITY: Record<ChunkKind, number> = { definition: 3, 'recent-edit': 2, similar: 1 };
/** The order chunks appear in the prompt: the most stable first. */
const KIND_ORDER: Record<ChunkKind, number> = { definition: 0, similar: 1, 'recent-edit': 2 };

export function packContext(chunks: readonly ContextChunk[], budgetChars: number): ContextChunk[] {
  const ranked = [...chunks].sort((a, b) => KIND_PRIORITY[b.kind] - KIND_PRIORITY[a.kind] || b.score - a.score);
  const chosen: ContextChunk[] = [];
  const seen = new Set<string>();
  let used = 0;
  for (const chunk of ranked) {
    const key = `${chunk.path}:${chunk.startLine}`;
    if (seen.has(key)) continue;
    const cost = chunk.text.length + chunk.path.length + 16;
    if (used + cost > budgetChars) continue;
    seen.add(key);
    chosen.push(chunk);
    used += cost;
  }
  return chosen.sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.path.localeCompare(b.path) || a.startLine - b.startLine,
  );
}
