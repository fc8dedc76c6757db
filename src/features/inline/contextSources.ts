// Context from other files, gathered off the keystroke path: similar windows of open documents
// (indexed on edit, debounced), definitions of symbols near the cursor (looked up when the cursor
// reaches a line, under a hard time budget; late answers are dropped) and recent edits.
// Excluded files never enter any of them.
import * as vscode from 'vscode';
import type { ContextChunk } from '../../common/inline/context';
import type { DocContext } from '../../common/inline/document';
import { SimilarSnippetIndex } from '../../common/inline/similar';
import type { Services } from '../../vscode/services';
import { INLINE_SCHEMES } from './snapshot';

const INDEX_DEBOUNCE_MS = 500;
const DEFINITION_LINES = 8;
const MAX_SYMBOLS = 4;
const RECENT_EDITS = 8;
const KEYWORDS = new Set(['const', 'let', 'var', 'function', 'return', 'if', 'else', 'for', 'while', 'def', 'class', 'import', 'from', 'new', 'this', 'self', 'func', 'pub', 'fn', 'impl', 'public', 'private', 'static', 'void', 'true', 'false', 'null', 'None', 'await', 'async']);

export class ContextSources implements vscode.Disposable {
  private readonly index = new SimilarSnippetIndex();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private definitions: { key: string; chunks: ContextChunk[] } | undefined;
  private readonly edits: { uri: vscode.Uri; line: number }[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    for (const document of vscode.workspace.textDocuments) this.scheduleIndex(document, 0);
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.scheduleIndex(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        this.scheduleIndex(e.document, INDEX_DEBOUNCE_MS);
        this.noteEdit(e);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.index.remove(d.uri.toString())),
      vscode.window.onDidChangeTextEditorSelection((e) => this.prefetchDefinitions(e.textEditor.document, e.selections[0].active)),
    );
  }

  /** Everything ready now for a request at `ctx`; called only when a request goes out. */
  chunksFor(document: vscode.TextDocument, ctx: DocContext): ContextChunk[] {
    const above = ctx.prefix.slice(0, ctx.prefix.length - ctx.linePrefix.length);
    const similar = this.index.query(ctx.uri, ctx.languageId, above);
    const definitions = this.definitions?.key === lineKey(document, ctx.position.line) ? this.definitions.chunks : [];
    return [...definitions, ...similar, ...this.recentEdits(document)];
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }

  private usable(document: vscode.TextDocument): boolean {
    return INLINE_SCHEMES.includes(document.uri.scheme) && !this.services.isExcluded(document.uri);
  }

  private scheduleIndex(document: vscode.TextDocument, delayMs: number): void {
    if (!this.usable(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (document.isClosed) return;
        this.index.update({ uri: key, relativePath: vscode.workspace.asRelativePath(document.uri, false), languageId: document.languageId, version: document.version, text: document.getText() });
      }, delayMs),
    );
  }

  private noteEdit(event: vscode.TextDocumentChangeEvent): void {
    if (!this.usable(event.document) || event.contentChanges.length === 0) return;
    const line = event.contentChanges[0].range.start.line;
    const last = this.edits[this.edits.length - 1];
    if (last && last.uri.toString() === event.document.uri.toString() && Math.abs(last.line - line) < 3) return;
    this.edits.push({ uri: event.document.uri, line });
    if (this.edits.length > RECENT_EDITS) this.edits.shift();
  }

  /** Lines around recent edits in other open documents (the current one is in the prompt already). */
  private recentEdits(current: vscode.TextDocument): ContextChunk[] {
    const chunks: ContextChunk[] = [];
    for (const edit of this.edits) {
      if (edit.uri.toString() === current.uri.toString()) continue;
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === edit.uri.toString());
      if (!document || document.languageId !== current.languageId || !this.usable(document)) continue;
      const start = Math.max(0, edit.line - 2);
      const end = Math.min(document.lineCount - 1, edit.line + 2);
      const text = document.getText(new vscode.Range(start, 0, end, document.lineAt(end).text.length));
      chunks.push({ kind: 'recent-edit', path: vscode.workspace.asRelativePath(document.uri, false), startLine: start, text, score: 1 });
    }
    return chunks;
  }

  /** Definitions of the symbols on and just above the cursor's line, when the cursor changes line. */
  private prefetchDefinitions(document: vscode.TextDocument, position: vscode.Position): void {
    const key = lineKey(document, position.line);
    if (this.definitions?.key === key || !this.usable(document)) return;
    this.definitions = { key, chunks: [] };
    const budget = this.services.config().inline.definitionTimeoutMs;
    if (budget <= 0) return;
    const targets = symbolPositions(document, position.line);
    const lookup = Promise.all(
      targets.map((p) =>
        Promise.resolve(vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, p)).then(
          (r) => r ?? [],
          () => [],
        ),
      ),
    );
    const deadline = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), budget));
    void Promise.race([lookup, deadline]).then(async (found) => {
      // A late source is dropped: the request that needed it has gone out without it.
      if (!found || this.definitions?.key !== key) return;
      const chunks = await this.readDefinitions(document, found.flat());
      if (this.definitions?.key === key) this.definitions = { key, chunks };
    });
  }

  private async readDefinitions(from: vscode.TextDocument, locations: (vscode.Location | vscode.LocationLink)[]): Promise<ContextChunk[]> {
    const chunks: ContextChunk[] = [];
    const seen = new Set<string>();
    for (const location of locations) {
      const uri = 'targetUri' in location ? location.targetUri : location.uri;
      const range = 'targetRange' in location ? location.targetRange : location.range;
      const key = `${uri.toString()}:${range.start.line}`;
      if (seen.has(key) || this.services.isExcluded(uri)) continue;
      if (uri.toString() === from.uri.toString()) continue;
      seen.add(key);
      const document = await vscode.workspace.openTextDocument(uri).then(
        (d) => d,
        () => undefined,
      );
      if (!document || !this.usable(document)) continue;
      const end = Math.min(document.lineCount - 1, range.start.line + DEFINITION_LINES - 1);
      const text = document.getText(new vscode.Range(range.start.line, 0, end, document.lineAt(end).text.length));
      chunks.push({ kind: 'definition', path: vscode.workspace.asRelativePath(uri, false), startLine: range.start.line, text, score: 1 });
    }
    return chunks;
  }
}

function lineKey(document: vscode.TextDocument, line: number): string {
  return `${document.uri.toString()}#${line}`;
}

function symbolPositions(document: vscode.TextDocument, line: number): vscode.Position[] {
  const positions: vscode.Position[] = [];
  const seen = new Set<string>();
  for (let l = line; l >= Math.max(0, line - 2) && positions.length < MAX_SYMBOLS; l--) {
    const text = document.lineAt(l).text;
    for (const match of text.matchAll(/[A-Za-z_][A-Za-z0-9_]{2,}/g)) {
      if (KEYWORDS.has(match[0]) || seen.has(match[0])) continue;
      seen.add(match[0]);
      positions.push(new vscode.Position(l, match.index ?? 0));
      if (positions.length >= MAX_SYMBOLS) break;
    }
  }
  return positions;
}
