// "Gearshift: Show Usage": the ledger's summary as a read-only markdown preview.
import type * as vscode from 'vscode';
import type { UsageSummary } from '../../common/ledger';
import type { Services } from '../../vscode/services';
import { ReportDocument } from './reportDocument';
import { formatUsageReport } from './usageReport';

export class UsageDocument implements vscode.Disposable {
  private readonly document: ReportDocument;

  constructor(private readonly services: Services) {
    this.document = new ReportDocument('gearshift-usage', 'Gearshift Usage', services.log);
  }

  async show(): Promise<UsageSummary> {
    const summary = await this.services.ledger.summary();
    await this.document.show(formatUsageReport(summary));
    return summary;
  }

  dispose(): void {
    this.document.dispose();
  }
}
