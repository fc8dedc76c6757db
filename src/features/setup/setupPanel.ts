// What the chat view's setup panel offers (hosted presets, local servers found right now) and what
// its buttons do. The chat feature reaches these through two commands (index.ts), so neither
// feature imports the other.
import * as vscode from 'vscode';
import type { SetupAction, SetupView } from '../../common/chat/setupPanel';
import { applyEndpoint, chooseEndpoint } from './chooseEndpoint';
import { resolveEndpoint, type SetupContext } from './context';
import { findLocalServers } from './localServers';
import { findPreset, pickModels, PRESETS } from './presets';

/** Hosted presets that work from a preset alone (Azure and Custom ask questions: "More…" covers them). */
const PANEL_PRESETS = ['openai', 'openrouter', 'mistral', 'deepseek'] as const;

/** Undefined when nothing is missing: the chat view then shows its input. */
export async function setupPanelView(setup: SetupContext): Promise<SetupView | undefined> {
  if (!(await setup.services.setup.check())) return undefined;
  const endpoint = await resolveEndpoint(setup);
  const servers = await findLocalServers(setup.services.client);
  return {
    reason: `${endpoint.name} needs an API key. Set one, or choose another endpoint — nothing is sent until then.`,
    presets: PRESETS.filter((preset) => (PANEL_PRESETS as readonly string[]).includes(preset.id)).map((preset) => ({
      id: preset.id,
      label: preset.label,
      detail: preset.detail,
    })),
    servers: servers.map((server) => ({
      id: server.baseUrl,
      label: server.preset.label,
      detail: `${server.baseUrl} · ${server.models.length} model${server.models.length === 1 ? '' : 's'} · nothing leaves this machine`,
    })),
  };
}

export async function runSetupAction(setup: SetupContext, action: SetupAction, id?: string): Promise<void> {
  switch (action) {
    case 'preset': {
      const preset = id ? findPreset(id) : undefined;
      if (preset) await chooseEndpoint(setup, { preset: preset.id });
      return;
    }
    case 'server': {
      // Re-detected rather than trusted from the page: only a server that answers now is used.
      const server = (await findLocalServers(setup.services.client)).find((found) => found.baseUrl === id);
      if (!server) {
        void vscode.window.showWarningMessage(`Gearshift: ${id ?? 'the server'} no longer answers.`);
        return;
      }
      await applyEndpoint(setup, { preset: server.preset.id, baseUrl: server.baseUrl, ...pickModels(server.models, server.preset) });
      return;
    }
    case 'setApiKey':
      await vscode.commands.executeCommand('gearshift.setApiKey');
      return;
    case 'chooseEndpoint':
      await vscode.commands.executeCommand('gearshift.chooseEndpoint');
      return;
    case 'walkthrough':
      await vscode.commands.executeCommand('gearshift.openWalkthrough');
      return;
  }
}
