// Context from other files, gathered off the keystroke path: open documents (indexed on edit,
// debounced) and the workspace files the active document imports (read from disk when it is opened
// or edited) feed one CrossFileContext, the same the CLI builds: definitions of the names near the
// cursor ahead of similar windows. Parsing runs in passes of a few milliseconds between keystrokes;
// a request only reads what is indexed by then. Recent edits come last. Excluded files never enter
// any of them (an excluded import is not even read).
import * as vscode from 'vscode';
import type { ContextChunk } from '../../common/inline/context';
import { CrossFileContext } from '../../common/inline/crossFileContext';
import type { DefinitionSource } from '../../common/inline/definitionIndex';
import type { DocContext } from '../../common/inline/document';
import { importedModules, locatedBindings, type ImportBinding } from '../../common/inline/imports';
import { languageIdOfPath } from '../../common/languageIds';
import { definitions } from '../../common/syntax/queries';
import { requireSeparateBundle } from '../../vscode/separateBundle';
import type { Services } from '../../vscode/services';
import { INLINE_SCHEMES } from './snapshot';

// Following imports reads tsconfig/jsconfig (JSON5) and package manifests: a bundle of its own, loaded
// when the first file with imports is indexed, so activation does not parse it.
const importedFiles = () => requireSeparateBundle<typeof import('../../node/importedFiles')>('importedFiles', '../node/importedFiles');

const INDEX_DEBOUNCE_MS = 500;
/** Pause between indexing passes, so the extension host serves keystrokes in between. */
const PASS_GAP_MS = 20;
const RECENT_EDITS = 8;

export class ContextSources implements vscode.Disposable {
  private readonly cross: CrossFileContext;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private pass: NodeJS.Timeout | undefined;
  /** The imports last followed: an edit that leaves them as they were reads nothing again. */
  private followed: { uri: string; imports: string; files: string[]; bindings: ImportBinding[] } | undefined;
  private readonly edits: { uri: vscode.Uri; line: number }[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    this.cross = new CrossFileContext(services.syntax);
    for (const document of vscode.workspace.textDocuments) this.scheduleIndex(document, 0);
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.scheduleIndex(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        this.scheduleIndex(e.document, INDEX_DEBOUNCE_MS);
        this.noteEdit(e);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.cross.closed(d.uri.toString())),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.scheduleIndex(editor.document, 0)),
    );
  }

  /** Everything ready now for a request at `ctx`; called only when a request goes out. */
  chunksFor(document: vscode.TextDocument, ctx: DocContext): ContextChunk[] {
    return [...this.cross.chunksFor(ctx), ...this.recentEdits(document)];
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    clearTimeout(this.pass);
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
        const source = { uri: key, relativePath: vscode.workspace.asRelativePath(document.uri, false), languageId: document.languageId, version: document.version, text: document.getText() };
        void this.add(source);
        if (document === vscode.window.activeTextEditor?.document) void this.followImports(document, source.text);
      }, delayMs),
    );
  }

  /** Grammar first: the index parses only languages whose grammar is loaded. */
  private async add(source: DefinitionSource): Promise<void> {
    await this.services.syntax.load(source.languageId);
    this.cross.add(source);
    this.scheduleIndexPass();
  }

  /** Reads the files the document imports inside its workspace folder and makes them context. */
  private async followImports(document: vscode.TextDocument, text: string): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (document.uri.scheme !== 'file' || !folder || !(await this.services.syntax.load(document.languageId))) return;
    const tree = this.services.syntax.parse(text, document.languageId);
    if (!tree) return;
    const modules = importedModules(tree.root, document.languageId);
    const definedHere = new Set(definitions(tree).map((d) => d.name));
    tree.dispose();
    const uri = document.uri.toString();
    const imports = JSON.stringify(modules);
    if (this.followed?.uri === uri && this.followed.imports === imports) {
      this.cross.setImports({ uri, files: this.followed.files, bindings: this.followed.bindings, definedHere });
      return;
    }
    const files = await importedFiles().readImportedFiles(document.uri.fsPath, modules, folder.uri.fsPath, (file) => this.services.isExcluded(vscode.Uri.file(file)));
    const uris: string[] = [];
    const found = new Map<number, string>();
    for (const file of files) {
      const imported = vscode.Uri.file(file.path);
      uris.push(imported.toString());
      for (const index of file.modules) found.set(index, imported.toString());
      // An open document is indexed from the editor (its unsaved text), not from disk.
      if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === imported.toString())) continue;
      await this.add({ uri: imported.toString(), relativePath: vscode.workspace.asRelativePath(imported, false), languageId: languageIdOfPath(file.path), version: -file.modifiedMs, text: file.text });
    }
    const bindings = locatedBindings(modules, found);
    this.followed = { uri, imports, files: uris, bindings };
    this.cross.setImports({ uri, files: uris, bindings, definedHere });
    this.scheduleIndexPass();
  }

  /** One bounded pass now, and another after a gap while files are left. */
  private scheduleIndexPass(): void {
    if (this.pass) return;
    this.pass = setTimeout(() => {
      this.pass = undefined;
      const budget = this.services.config().inline.definitionTimeoutMs;
      if (budget > 0 && !this.cross.index(budget)) this.scheduleIndexPass();
    }, PASS_GAP_MS);
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
}
