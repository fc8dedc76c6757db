// "Gearshift: Show Usage": the ledger's summary as a read-only markdown preview.
import * as vscode from 'vscode';
import type { UsageSummary } from '../../common/ledger';
import type { Services } from '../../vscode/services';
import { formatUsageReport } from './usageReport';

const SCHEME = 'gearshift-usage';
export const USAGE_REPORT_URI = vscode.Uri.from({ scheme: SCHEME, path: '/Gearshift Usage.md' });

/** A virtual document is read-only and leaves no untitled file to save on exit. */
export class UsageDocument implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private text = '';
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  // After onDidChange: VS Code subscribes to it when the provider is registered.
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);

  constructor(private readonly services: Services) {}

  provideTextDocumentContent(): string {
    return this.text;
  }

  async show(): Promise<UsageSummary> {
    const summary = await this.services.ledger.summary();
    this.text = formatUsageReport(summary);
    this.changed.fire(USAGE_REPORT_URI);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', USAGE_REPORT_URI);
    } catch (error) {
      this.services.log.debug(`Markdown preview unavailable (${String(error)}); opening the source`);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(USAGE_REPORT_URI), { preview: true });
    }
    return summary;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
