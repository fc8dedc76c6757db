// Counts the characters typed in documents where automatic inline suggestions are on and writes them
// to the ledger in batches (every 100 characters or once a minute, not one record per key), so Show
// Usage can put inline requests and prompt tokens per 100 typed characters beside the bench's figure.
import * as vscode from 'vscode';
import { typedCharacters } from '../../common/inline/typedKeys';
import type { Services } from '../../vscode/services';

const FLUSH_MS = 60_000;
const FLUSH_CHARS = 100;

export class TypedCount implements vscode.Disposable {
  private pending = 0;
  /** The model inline requests go to (refreshed each minute): the request records' model. */
  private model: string | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly services: Services,
    private readonly inlineOn: (document: vscode.TextDocument) => boolean,
  ) {
    this.subscription = vscode.workspace.onDidChangeTextDocument((event) => this.note(event));
    this.refreshModel();
    this.timer = setInterval(() => {
      this.flush();
      this.refreshModel();
    }, FLUSH_MS);
    this.timer.unref?.();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscription.dispose();
    this.flush();
  }

  private note(event: vscode.TextDocumentChangeEvent): void {
    // Undo and redo replay edits; they are not typing.
    if (event.reason !== undefined || event.document !== vscode.window.activeTextEditor?.document || !this.inlineOn(event.document)) return;
    this.pending += typedCharacters(event.contentChanges);
    if (this.pending >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    const chars = this.pending;
    if (chars === 0) return;
    this.pending = 0;
    this.services.ledger.record({ kind: 'typed', at: Date.now(), job: 'inline', model: this.model ?? this.services.config().models.fast, chars });
  }

  private refreshModel(): void {
    this.services.router.target('inline', 'fast').then(
      (target) => (this.model = target.model),
      () => undefined,
    );
  }
}
