// "Choose Model": pick a tier, then one of the models the endpoint lists (or type a name).
import * as vscode from 'vscode';
import type { EndpointConfig, LlmClient } from '../common/llm';

const LIST_TIMEOUT_MS = 5000;

export interface ModelPickerDeps {
  client: LlmClient;
  /** The endpoint to list models from (the primary unless an id is given), key resolved. */
  endpoint(endpointId?: string): Promise<EndpointConfig>;
  currentModels(): { fast: string; large: string };
}

export async function chooseModel(deps: ModelPickerDeps, endpointId?: string): Promise<string | undefined> {
  const current = deps.currentModels();
  const tier = await vscode.window.showQuickPick(
    [
      { label: 'Fast tier', description: current.fast, setting: 'models.fast' },
      { label: 'Large tier', description: current.large, setting: 'models.large' },
    ],
    { title: 'Gearshift: Choose Model', placeHolder: 'Which tier?' },
  );
  if (!tier) return undefined;

  const endpoint = await deps.endpoint(endpointId);
  let models: string[] = [];
  try {
    models = await deps.client.listModels(endpoint, AbortSignal.timeout(LIST_TIMEOUT_MS));
  } catch {
    // The endpoint may not list models (or is down): fall back to typing the name.
  }
  const model = models.length
    ? (await vscode.window.showQuickPick(
        models.map((name) => ({ label: name, picked: name === tier.description })),
        { title: `Gearshift: ${tier.label} model`, placeHolder: `Models on ${endpoint.name}` },
      ))?.label
    : await vscode.window.showInputBox({
        title: `Gearshift: ${tier.label} model`,
        prompt: `${endpoint.name} did not list its models; type the model name`,
        value: tier.description,
        validateInput: (value) => (value.trim() ? undefined : 'A model name is required'),
      });
  if (!model) return undefined;
  await vscode.workspace.getConfiguration('gearshift').update(tier.setting, model.trim(), vscode.ConfigurationTarget.Global);
  return model.trim();
}
