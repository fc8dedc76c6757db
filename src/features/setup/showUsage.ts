// "Gearshift: Show Usage": the ledger's summary as a read-only markdown preview.
import type { UsageSummary } from '../../common/ledger';
import type { Services } from '../../vscode/services';
import type { ReportDocument } from './reportDocument';
import { formatUsageReport } from './usageReport';

/** Shows the summary in `document` (the extension's one usage report, made at activation). */
export async function showUsage(services: Services, document: ReportDocument): Promise<UsageSummary> {
  const summary = await services.ledger.summary();
  await document.show(formatUsageReport(summary));
  return summary;
}
