// "Gearshift: Test Endpoint": probes the models list, a tiny chat call and each FIM transport for the
// inline and tier models, remembers the result for the inline engine, records the requests in the
// usage ledger (job `probe`), opens the per-capability report and returns the result to callers.
import * as vscode from 'vscode';
import { lookupModel } from '../../common/catalog';
import { EndpointError } from '../../common/errors';
import { lacksRequiredKey, missingKeyError } from '../../common/keyRequirement';
import { modelForTier } from '../../common/tierModel';
import type { GearshiftConfig } from '../../common/config';
import type { ProbeResult } from '../../common/llm';
import { resolveEndpoint, type SetupContext } from './context';
import { chosenTransport } from '../../common/inline/transport';
import { probeDetails, probeHeadline, probeReportMarkdown, type ReportEntry } from './probeReport';
import { recordingClient } from './recordingClient';
import type { ReportDocument } from './reportDocument';

export interface TestEndpointArgs {
  /** Probe only this model (default: the inline model, the fast model, then the large one, each once). */
  model?: string;
  endpointId?: string;
}

export async function testEndpoint(setup: SetupContext, report: ReportDocument, args?: TestEndpointArgs): Promise<ProbeResult> {
  const { services } = setup;
  const config = services.config();
  const endpoint = await resolveEndpoint(setup, args?.endpointId);
  // Asking a keyed provider without a key only proves it says 401: ask for the key instead.
  if (lacksRequiredKey(endpoint)) throw missingKeyError(endpoint);
  // The server may have been restarted with another context or slot count: ask again on next use.
  services.servers.clear();
  const inlineModel = modelForTier(config, 'inline', 'fast').model;
  const models = args?.model ? [args.model] : [...new Set([inlineModel, config.models.fast, config.models.large])];

  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Gearshift: testing ${endpoint.name}…`, cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      const busy = services.status.busy('fast');
      try {
        const { probeEndpoint } = await import('../../node/probe');
        const probed: ProbeResult[] = [];
        for (const model of models) {
          const fimFormat = lookupModel(model, config.models.overrides).info.fimFormat;
          const tier = model === config.models.large && model !== config.models.fast && model !== inlineModel ? 'large' : 'fast';
          const client = recordingClient(services.client, services.ledger, { tier, overrides: config.models.overrides });
          const result = await probeEndpoint(client, endpoint, model, abort.signal, { fimFormat });
          await services.probes.set(result);
          for (const line of probeDetails(result)) services.log.info(line);
          probed.push(result);
        }
        return probed;
      } finally {
        busy.dispose();
        cancel.dispose();
      }
    },
  );

  await report.show(probeReportMarkdown(endpoint.name, endpoint.baseUrl, results.map((result) => reportEntry(result, config, inlineModel)), new Date()));
  const failed = results.find((result) => !result.chat.ok);
  const headline = results.map((result) => probeHeadline(result, endpoint.name)).join(' ');
  if (failed?.chat.error) {
    // Offer the fitting fix (Set API Key for 401, Choose Model for 404, …) without blocking the caller.
    const error = new EndpointError({ ...failed.chat.error, endpoint: endpoint.id, model: failed.model });
    void services.showError(error, () => vscode.commands.executeCommand('gearshift.testEndpoint', args));
  } else {
    void vscode.window.showInformationMessage(`Gearshift: ${headline}`, 'Show Log').then((answer) => {
      if (answer) services.log.show();
    });
  }
  return results[0];
}

function reportEntry(result: ProbeResult, config: GearshiftConfig, inlineModel: string): ReportEntry {
  const roles = [
    ...(result.model === inlineModel ? ['inline'] : []),
    ...(result.model === config.models.fast ? ['fast (chat)'] : []),
    ...(result.model === config.models.large ? ['large (docs, refactor)'] : []),
  ];
  const { info, known } = lookupModel(result.model, config.models.overrides);
  const facts = { fimFormat: info.fimFormat, chatOnly: info.chatOnly, known, serverKind: result.server?.kind };
  return { result, roles: roles.length ? roles : ['tested on request'], chosen: chosenTransport(result.endpointId, result.model, facts, config.inline.transport, result) };
}
