// A read-only Markdown report (Show Usage, Test Endpoint) shown as a preview of a virtual document:
// nothing to save, no untitled file left behind on exit.
import * as vscode from 'vscode';
import type { Logger } from '../../common/logger';

export class ReportDocument implements vscode.TextDocumentContentProvider, vscode.Disposable {
  readonly uri: vscode.Uri;
  private text = '';
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  // After onDidChange: VS Code subscribes to it when the provider is registered.
  private readonly registration: vscode.Disposable;

  constructor(scheme: string, title: string, private readonly log: Logger) {
    this.uri = vscode.Uri.from({ scheme, path: `/${title}.md` });
    this.registration = vscode.workspace.registerTextDocumentContentProvider(scheme, this);
  }

  provideTextDocumentContent(): string {
    return this.text;
  }

  async show(markdown: string): Promise<void> {
    this.text = markdown;
    this.changed.fire(this.uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', this.uri);
    } catch (error) {
      this.log.debug(`Markdown preview unavailable (${String(error)}); opening the source`);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(this.uri), { preview: true });
    }
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
