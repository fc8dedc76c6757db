// First run: when nothing is configured (default OpenAI URL, no key), look for a local server on
// the usual ports once activation is over (index.ts waits a few seconds), and offer what was found — once.
import * as vscode from 'vscode';
import { DEFAULT_CONFIG } from '../../common/config';
import { endpointId } from '../../common/endpoint';
import { applyEndpoint } from './chooseEndpoint';
import type { SetupContext } from './context';
import { findLocalServers, type FoundServer } from './localServers';
import { pickModels } from './presets';

const OFFERED_KEY = 'gearshift.localServerOffered';

/** Runs once, a few seconds after activation (index.ts schedules it). */
export async function detectAndOffer(setup: SetupContext): Promise<void> {
  const { services } = setup;
  const state = services.context.globalState;
  if (state.get<boolean>(OFFERED_KEY)) return;
  const baseUrl = services.config().endpoint.baseUrl;
  if (endpointId(baseUrl) !== endpointId(DEFAULT_CONFIG.endpoint.baseUrl)) return;
  if (await setup.keys.has(endpointId(baseUrl))) return;

  const [found] = await findLocalServers(services.client);
  if (!found) {
    services.log.debug('Local server detection: nothing on ports 11434, 1234, 8080');
    return;
  }
  services.log.info(`Local server detection: ${found.preset.label} at ${found.baseUrl} with ${found.models.length} models`);
  await state.update(OFFERED_KEY, true);
  await offer(setup, found);
}

async function offer(setup: SetupContext, found: FoundServer): Promise<void> {
  const use = `Use ${found.preset.label}`;
  const answer = await vscode.window.showInformationMessage(
    `Gearshift found ${found.preset.label} running at ${found.baseUrl} (${found.models.length} models). Use it instead of OpenAI? Nothing leaves this machine.`,
    use,
    'Choose Endpoint…',
  );
  if (answer === use) {
    const models = pickModels(found.models, found.preset);
    await applyEndpoint(setup, { preset: found.preset.id, baseUrl: found.baseUrl, ...models });
    void vscode.window.showInformationMessage(`Gearshift now uses ${found.preset.label}: ${models.fast} / ${models.large}.`);
  } else if (answer === 'Choose Endpoint…') {
    await vscode.commands.executeCommand('gearshift.chooseEndpoint');
  }
}
