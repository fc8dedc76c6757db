// Similar windows of code from other open/recent documents of the same language, scored by the
// Jaccard index of their word sets. Documents are indexed once per version (on edit, off the
// keystroke path); a query is cached by the lines above the cursor, which change only between lines.
import { MAX_INDEXED_CHARS, type ContextChunk } from './context';

export interface IndexedDocument {
  uri: string;
  relativePath: string;
  languageId: string;
  version: number;
  text: string;
}

interface Window {
  startLine: number;
  text: string;
  words: Set<string>;
}

interface DocIndex {
  doc: Omit<IndexedDocument, 'text'>;
  windows: Window[];
}

const WINDOW_LINES = 20;
const WINDOW_STEP = 10;
const QUERY_LINES = 20;
const MIN_SCORE = 0.15;
const MAX_DOCS = 40;

export class SimilarSnippetIndex {
  private readonly docs = new Map<string, DocIndex>();
  private lastQuery: { key: string; result: ContextChunk[] } | undefined;

  /** (Re)indexes a document if its version changed. */
  update(doc: IndexedDocument): void {
    const existing = this.docs.get(doc.uri);
    if (existing && existing.doc.version === doc.version) return;
    const lines = doc.text.slice(0, MAX_INDEXED_CHARS).split(/\r?\n/);
    const windows: Window[] = [];
    for (let start = 0; start < lines.length; start += WINDOW_STEP) {
      const text = lines.slice(start, start + WINDOW_LINES).join('\n');
      const words = wordSet(text);
      if (words.size > 2) windows.push({ startLine: start, text, words });
      if (start + WINDOW_LINES >= lines.length) break;
    }
    this.docs.delete(doc.uri);
    this.docs.set(doc.uri, { doc: { uri: doc.uri, relativePath: doc.relativePath, languageId: doc.languageId, version: doc.version }, windows });
    while (this.docs.size > MAX_DOCS) this.docs.delete(this.docs.keys().next().value as string);
    this.lastQuery = undefined;
  }

  remove(uri: string): void {
    if (this.docs.delete(uri)) this.lastQuery = undefined;
  }

  /**
   * Best windows for the code above the cursor (`queryText`: the lines before the cursor's line),
   * from other documents of the same language. Cached while the query text is unchanged.
   */
  query(currentUri: string, languageId: string, queryText: string, limit = 3): ContextChunk[] {
    const key = `${currentUri}\u0000${languageId}\u0000${queryText}`;
    if (this.lastQuery?.key === key) return this.lastQuery.result;
    const query = wordSet(queryText.split('\n').slice(-QUERY_LINES).join('\n'));
    const best: ContextChunk[] = [];
    if (query.size > 0) {
      for (const { doc, windows } of this.docs.values()) {
        if (doc.uri === currentUri || doc.languageId !== languageId) continue;
        for (const window of windows) {
          const score = jaccard(query, window.words);
          if (score < MIN_SCORE) continue;
          best.push({ kind: 'similar', path: doc.relativePath, startLine: window.startLine, text: window.text, score });
        }
      }
    }
    best.sort((a, b) => b.score - a.score);
    const result = dropOverlapping(best).slice(0, limit);
    this.lastQuery = { key, result };
    return result;
  }
}

export function wordSet(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z_][A-Za-z0-9_]{2,}/g) ?? []);
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const word of small) if (large.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Overlapping windows of one file say the same thing twice; keep the better one. */
function dropOverlapping(sorted: ContextChunk[]): ContextChunk[] {
  const kept: ContextChunk[] = [];
  for (const chunk of sorted) {
    const overlaps = kept.some((k) => k.path === chunk.path && Math.abs(k.startLine - chunk.startLine) < WINDOW_LINES);
    if (!overlaps) kept.push(chunk);
  }
  return kept;
}
