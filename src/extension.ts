// Composition root: builds the services every feature gets, registers the features and owns every
// disposable. Activation only wires objects together; the HTTP client, tokenizer, router and ledger
// load on first use (see vscode/lazyEngine.ts).
import * as path from 'path';
import * as vscode from 'vscode';
import * as chat from './features/chat';
import * as docs from './features/docs';
import * as inline from './features/inline';
import * as inlineEdit from './features/inlineEdit';
import * as refactor from './features/refactor';
import * as setup from './features/setup';
import { ApiKeyStore } from './vscode/apiKeys';
import { ConfigSource } from './vscode/config';
import { configuredEndpoints, findEndpoint, resolveEndpoints, withKey } from './vscode/endpoints';
import { OutboundGate } from './common/gate';
import { KnownSecrets } from './common/secrets/known';
import { createErrorPresenter } from './vscode/errorPresenter';
import { createWorkspaceExclusions } from './vscode/exclusions';
import { createLazyClient, createLazyLedger, createLazyRouter, createLazyTokenizer } from './vscode/lazyEngine';
import { createLazySyntax } from './vscode/lazySyntax';
import { chooseModel } from './vscode/modelPicker';
import { affectsNetwork, readNetworkSettings } from './vscode/network';
import { lacksRequiredKey, missingKeyError } from './common/keyRequirement';
import { createProbeStore, forgetProbesOnChange } from './vscode/probeStore';
import { endpointId } from './common/endpoint';
import { serverAwareConfig, ServerFactsCache } from './common/serverFacts';
import { registerProposals } from './vscode/proposal';
import type { Services } from './vscode/services';
import { loadSecretScanner, watchDocumentSecrets } from './vscode/secretWatch';
import { SetupState } from './vscode/setupState';
import { OPEN_WALKTHROUGH_COMMAND, showStatusMenu, StatusBar, STATUS_MENU_COMMAND } from './vscode/statusBar';

const FEATURES: Record<string, { register(services: Services): vscode.Disposable }> = { setup, inline, inlineEdit, chat, docs, refactor };

let shutdown: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Gearshift', { log: true });
  const settings = new ConfigSource(log);
  const keys = new ApiKeyStore(context.secrets);

  const tokenizer = createLazyTokenizer(context.asAbsolutePath(path.join('dist', 'tokenizerWorker.js')));
  const client = createLazyClient(() => ({ countTokens: tokenizer.count, network: readNetworkSettings(config()), log }));
  // Every feature sees the settings with what the primary server published (windows, slots).
  const servers = new ServerFactsCache((endpoint, models, signal) => client.discover(endpoint, models, signal), log);
  const config = serverAwareConfig(settings.get.bind(settings), (current) => servers.peek(endpointId(current.endpoint.baseUrl)));
  const ledger = createLazyLedger(context.globalStorageUri.fsPath, () => config().ledger.maxEntries, log);
  const setupState = new SetupState(config, keys, settings.onDidChange, context.secrets);
  const status = new StatusBar(config, setupState);
  const router = createLazyRouter({
    config,
    endpoints: () => resolveEndpoints(config(), keys),
    ledger,
    log,
    busy: (tier) => status.busy(tier),
    // A keyless request to a provider that needs a key would only come back 401 (and would say
    // where the user's code was about to go): the job gets "Set API Key" instead.
    gate: async () => {
      if (!(await setupState.check())) return;
      const primary = await withKey(configuredEndpoints(config())[0], keys);
      if (lacksRequiredKey(primary)) throw missingKeyError(primary);
    },
    outcome: (job, error) => status.reportOutcome(job, error),
    servers,
  });

  const exclusions = createWorkspaceExclusions(() => config().exclude);
  const gate = new OutboundGate({
    isExcluded: (path) => exclusions.matchesPath(path),
    exclusionSource: 'gearshift.exclude or .gearshiftignore',
    known: new KnownSecrets(),
    deepScan: loadSecretScanner(),
  });

  const showError = createErrorPresenter({
    log,
    chooseModel: (endpointId) =>
      chooseModel(
        {
          client,
          endpoint: (id) => withKey(findEndpoint(config(), id) ?? configuredEndpoints(config())[0], keys),
          currentModels: () => config().models,
        },
        endpointId,
      ),
  });

  const probes = createProbeStore(context.globalState);
  const services: Services = {
    context,
    log,
    config,
    onDidChangeConfig: settings.onDidChange,
    client,
    router,
    ledger,
    tokenizer,
    syntax: createLazySyntax(),
    isExcluded: exclusions.isExcluded,
    gate,
    probes,
    servers,
    status,
    setup: setupState,
    showError,
  };

  context.subscriptions.push(
    log,
    settings,
    setupState,
    status,
    exclusions,
    watchDocumentSecrets(gate, exclusions.isExcluded, log),
    settings.onDidChange(() => status.refresh()),
    settings.onDidChange(() => servers.clear()),
    // Stored transport verdicts belong to a key, a URL and a model: a change to any voids them.
    settings.onDidChange(forgetProbesOnChange(settings.get.bind(settings), probes)),
    context.secrets.onDidChange(() => {
      void probes.clear();
      servers.clear();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsNetwork(event)) client.reset();
    }),
    vscode.commands.registerCommand(STATUS_MENU_COMMAND, () => showStatusMenu(status, log)),
    vscode.commands.registerCommand(OPEN_WALKTHROUGH_COMMAND, () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#gearshift.setup`, false),
    ),
  );
  registerProposals(services);
  for (const [name, feature] of Object.entries(FEATURES)) {
    // One broken feature must not take the others down.
    try {
      context.subscriptions.push(feature.register(services));
    } catch (error) {
      log.error(`Feature ${name} failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  shutdown = async () => {
    tokenizer.dispose();
    await Promise.all([ledger.dispose(), client.dispose()]);
  };
}

/** Flushes the ledger so no usage record is lost when the window closes. */
export async function deactivate(): Promise<void> {
  await shutdown?.();
  shutdown = undefined;
}
