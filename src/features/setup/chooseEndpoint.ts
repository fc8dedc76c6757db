// "Gearshift: Choose Endpoint": a preset fills the base URL and tier models in the user's settings;
// for servers that list their models, the picker suggests a FIM model for inline and instruction-
// tuned ones for chat and the large tier, and says why next to each name.
import * as vscode from 'vscode';
import { endpointId } from '../../common/endpoint';
import type { SetupContext } from './context';
import { baseUrlProblem } from './validation';
import { modelTraits, suggestRoles } from './modelRoles';
import { azureBaseUrl, findPreset, PRESETS, type EndpointPreset, type PresetId } from './presets';

const LIST_TIMEOUT_MS = 3000;

/** Argument for automation and tests: no prompts are shown when a preset is given. */
export interface ChooseEndpointArgs {
  preset: PresetId;
  /** Base URL for `custom` (or to override a local preset's port). */
  baseUrl?: string;
  /** Azure resource name. */
  resource?: string;
  fast?: string;
  large?: string;
  /** gearshift.models.inline; default: the fast model. */
  inline?: string;
}

export interface EndpointChoice {
  preset: PresetId;
  baseUrl: string;
  fast: string;
  large: string;
  /** A model for inline other than the fast one (e.g. a base FIM model beside an instruct chat model). */
  inline?: string;
}

export async function chooseEndpoint(setup: SetupContext, args?: ChooseEndpointArgs): Promise<EndpointChoice | undefined> {
  const choice = args ? fromArgs(args) : await askUser(setup);
  if (!choice) return undefined;
  await applyEndpoint(setup, choice);
  offerNextStep(setup, choice).catch((error: unknown) => setup.services.log.warn(`Choose Endpoint: ${String(error)}`));
  return choice;
}

function fromArgs(args: ChooseEndpointArgs): EndpointChoice {
  const preset = findPreset(args.preset);
  if (!preset) throw new Error(`Unknown endpoint preset "${args.preset}"`);
  const baseUrl = preset.id === 'azure' ? azureBaseUrl(args.resource ?? '') : (args.baseUrl ?? preset.baseUrl).trim();
  const problem = baseUrlProblem(baseUrl);
  if (problem) throw new Error(problem);
  const fast = args.fast || preset.fast;
  const large = args.large || preset.large || fast;
  if (!fast || !large) throw new Error('The fast and large models are required for a custom endpoint');
  return { preset: preset.id, baseUrl, fast, large, inline: args.inline };
}

async function askUser(setup: SetupContext): Promise<EndpointChoice | undefined> {
  const currentId = endpointId(setup.services.config().endpoint.baseUrl);
  const picked = await vscode.window.showQuickPick(
    PRESETS.map((preset) => ({
      label: preset.label,
      description: preset.baseUrl && safeId(preset.baseUrl) === currentId ? '(current)' : undefined,
      detail: preset.detail,
      preset,
    })),
    { title: 'Gearshift: Choose Endpoint', placeHolder: 'Where should Gearshift send requests?', matchOnDetail: true },
  );
  if (!picked) return undefined;
  const { preset } = picked;

  if (preset.id === 'azure') return askAzure(preset);
  const baseUrl = preset.id === 'custom' ? await askBaseUrl() : preset.baseUrl;
  if (!baseUrl) return undefined;
  const models = preset.key === 'required' ? { fast: preset.fast, large: preset.large } : await askModels(setup, preset, baseUrl);
  return models && { preset: preset.id, baseUrl, ...models };
}

async function askAzure(preset: EndpointPreset): Promise<EndpointChoice | undefined> {
  const resource = await vscode.window.showInputBox({
    title: 'Azure OpenAI (1/3): resource name',
    prompt: 'The name in https://<resource>.openai.azure.com',
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        azureBaseUrl(value);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  if (!resource) return undefined;
  const fast = await askText('Azure OpenAI (2/3): fast-tier deployment', 'Deployment used for inline suggestions and chat', preset.fast);
  if (!fast) return undefined;
  const large = await askText('Azure OpenAI (3/3): large-tier deployment', 'Deployment used for docs and refactors', preset.large);
  if (!large) return undefined;
  return { preset: 'azure', baseUrl: azureBaseUrl(resource), fast, large };
}

async function askBaseUrl(): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'Custom endpoint: base URL',
    prompt: 'The OpenAI-compatible base URL, ending before /chat/completions',
    placeHolder: 'http://127.0.0.1:8000/v1',
    ignoreFocusOut: true,
    validateInput: (text) => baseUrlProblem(text),
  });
  return value?.trim();
}

function askText(title: string, prompt: string, value: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() ? undefined : 'Required'),
  }).then((text) => text?.trim());
}

/** Local and custom servers: offer the models the server lists, preselecting a sensible pair. */
async function askModels(
  setup: SetupContext,
  preset: EndpointPreset,
  baseUrl: string,
): Promise<{ fast: string; large: string; inline?: string } | undefined> {
  let available: string[] = [];
  const id = endpointId(baseUrl);
  try {
    const endpoint = { id, name: preset.label, baseUrl, headers: {}, apiKey: await setup.keys.get(id) };
    available = await setup.services.client.listModels(endpoint, AbortSignal.timeout(LIST_TIMEOUT_MS));
  } catch (error) {
    setup.services.log.info(`Choose Endpoint: ${baseUrl} did not list models (${(error as Error).message})`);
  }
  const { overrides } = setup.services.config().models;
  const probe = (model: string) => setup.services.probes.get(id, model);
  const suggested = suggestRoles(available, preset, overrides, probe);
  if (available.length === 0) {
    const fast = await askText(`${preset.label}: fast-tier model`, 'The server did not answer; type the model name', suggested.fast);
    const large = fast && (await askText(`${preset.label}: large-tier model`, 'Model for docs and refactors', suggested.large || fast));
    return fast && large ? { fast, large } : undefined;
  }
  const pick = (title: string, preselect: string) =>
    vscode.window.showQuickPick(
      available
        .map((name) => ({ label: name, description: name === preselect ? '(suggested)' : undefined, detail: modelTraits(name, overrides, probe(name)).why }))
        .sort((a, b) => Number(!!b.description) - Number(!!a.description)),
      { title, ignoreFocusOut: true, matchOnDetail: true },
    );
  const fast = await pick(`${preset.label}: fast-tier model (chat; an instruction-tuned model suits it)`, suggested.fast);
  if (!fast) return undefined;
  const inline = await pick(`${preset.label}: inline suggestions model (a fill-in-the-middle model suits it)`, suggested.inline);
  if (!inline) return undefined;
  const large = await pick(`${preset.label}: large-tier model (docs, refactors)`, suggested.large);
  return large && { fast: fast.label, large: large.label, inline: inline.label === fast.label ? undefined : inline.label };
}

/** Writes the choice to user settings; stale extra headers are dropped when the host changes. */
export async function applyEndpoint(setup: SetupContext, choice: EndpointChoice): Promise<void> {
  const settings = vscode.workspace.getConfiguration('gearshift');
  const previous = safeId(setup.services.config().endpoint.baseUrl);
  const target = vscode.ConfigurationTarget.Global;
  if (previous !== endpointId(choice.baseUrl)) await settings.update('endpoint.headers', undefined, target);
  // The endpoint is written last, each setting being its own change: a request made between two
  // writes (the setup panel shows the chat input as soon as the endpoint needs no key) then
  // asks the new server for its own models, never for the previous endpoint's (a 404).
  await settings.update('models.fast', choice.fast, target);
  await settings.update('models.large', choice.large, target);
  // No separate inline model: back to the default, which follows the fast model.
  await settings.update('models.inline', choice.inline, target);
  await settings.update('endpoint.baseUrl', choice.baseUrl, target);
  setup.services.log.info(`Endpoint set to ${choice.baseUrl} (fast ${choice.fast}, large ${choice.large}${choice.inline ? `, inline ${choice.inline}` : ''})`);
}

async function offerNextStep(setup: SetupContext, choice: EndpointChoice): Promise<void> {
  const preset = findPreset(choice.preset);
  const needsKey = preset?.key !== 'none' && !(await setup.keys.has(endpointId(choice.baseUrl)));
  const name = !preset || preset.id === 'custom' ? choice.baseUrl : preset.label;
  const message = `Gearshift now uses ${name} (${choice.fast} / ${choice.large}).`;
  const actions = needsKey ? ['Set API Key', 'Test Endpoint'] : ['Test Endpoint'];
  const answer =
    needsKey && preset?.key === 'required'
      ? await vscode.window.showWarningMessage(`${message} It needs an API key.`, ...actions)
      : await vscode.window.showInformationMessage(message, ...actions);
  if (answer === 'Set API Key') await vscode.commands.executeCommand('gearshift.setApiKey', { endpointId: endpointId(choice.baseUrl) });
  if (answer === 'Test Endpoint') await vscode.commands.executeCommand('gearshift.testEndpoint');
}

function safeId(baseUrl: string): string | undefined {
  try {
    return endpointId(baseUrl);
  } catch {
    return undefined;
  }
}
