// "Set API Key" / "Clear API Key": one key per endpoint, only in SecretStorage, never logged.
import * as vscode from 'vscode';
import { endpointId } from '../../common/endpoint';
import { configuredEndpoints, findEndpoint, type ConfiguredEndpoint } from '../../vscode/endpoints';
import type { SetupContext } from './context';
import { apiKeyProblem } from './validation';

/** Automation/tests pass the key; the error presenter passes only the endpoint to prompt for. */
export interface SetApiKeyArgs {
  key?: string;
  endpointId?: string;
}

export async function setApiKey(setup: SetupContext, args?: SetApiKeyArgs): Promise<boolean> {
  const endpoint = args?.endpointId ? byId(setup, args.endpointId) : await pickEndpoint(setup, 'Set API Key for which endpoint?');
  if (!endpoint) return false;
  const key =
    args?.key ??
    (await vscode.window.showInputBox({
      title: `Gearshift: API key for ${endpoint.name}`,
      prompt: `Sent only to ${endpoint.baseUrl}. Stored in VS Code's secret storage.`,
      password: true,
      ignoreFocusOut: true,
      validateInput: apiKeyProblem,
    }));
  if (key === undefined) return false;
  const problem = apiKeyProblem(key);
  if (problem) throw new Error(problem);
  await setup.keys.set(endpoint.id, key.trim());
  setup.services.log.info(`API key stored for ${endpoint.id}`);
  if (args?.key === undefined) void vscode.window.showInformationMessage(`Gearshift: API key saved for ${endpoint.name}.`);
  return true;
}

export async function clearApiKey(setup: SetupContext, args?: Omit<SetApiKeyArgs, 'key'>): Promise<boolean> {
  const endpoint = args?.endpointId ? byId(setup, args.endpointId) : await pickEndpoint(setup, 'Clear the API key of which endpoint?', true);
  if (!endpoint) return false;
  await setup.keys.delete(endpoint.id);
  setup.services.log.info(`API key cleared for ${endpoint.id}`);
  if (!args) void vscode.window.showInformationMessage(`Gearshift: API key removed for ${endpoint.name}.`);
  return true;
}

/** An endpoint id need not be configured yet (a key may be set before adding a failover). */
function byId(setup: SetupContext, idOrUrl: string): ConfiguredEndpoint {
  const id = endpointId(idOrUrl);
  return findEndpoint(setup.services.config(), id) ?? { id, name: id, baseUrl: id, headers: {}, primary: false };
}

async function pickEndpoint(setup: SetupContext, title: string, onlyWithKey = false): Promise<ConfiguredEndpoint | undefined> {
  let endpoints = configuredEndpoints(setup.services.config());
  if (onlyWithKey) {
    const stored = await Promise.all(endpoints.map((endpoint) => setup.keys.has(endpoint.id)));
    endpoints = endpoints.filter((_, index) => stored[index]);
    if (endpoints.length === 0) {
      void vscode.window.showInformationMessage('Gearshift: no API key is stored for the configured endpoints.');
      return undefined;
    }
  }
  if (endpoints.length === 1) return endpoints[0];
  const picked = await vscode.window.showQuickPick(
    endpoints.map((endpoint) => ({
      label: endpoint.name,
      description: endpoint.primary ? 'primary' : 'failover',
      detail: endpoint.baseUrl,
      endpoint,
    })),
    { title: `Gearshift: ${title}` },
  );
  return picked?.endpoint;
}
