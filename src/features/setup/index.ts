// Setup commands: endpoint presets, API keys, Test Endpoint, usage report, log; first-run detection.
// Only the command ids and the report documents are made at activation; the commands' code
// (commands.ts) is the bundle dist/setup.js, loaded on the first call.
import * as vscode from 'vscode';
import type { SetupAction } from '../../common/chat/setupPanel';
import { ApiKeyStore } from '../../vscode/apiKeys';
import { requireSeparateBundle } from '../../vscode/separateBundle';
import type { Services } from '../../vscode/services';
import type { ChooseEndpointArgs, SetApiKeyArgs, TestEndpointArgs } from './commands';
import type { SetupContext } from './context';
import { ReportDocument } from './reportDocument';

/** The chat view's setup panel reaches this feature through these two commands. */
const SETUP_PANEL_COMMAND = 'gearshift.setup.panel';
const SETUP_PANEL_ACTION_COMMAND = 'gearshift.setup.panelAction';
/** Long enough that the local-server probe never competes with the editor's own startup work. */
const DETECTION_DELAY_MS = 3000;

const commands = () => requireSeparateBundle<typeof import('./commands')>('setup', '../features/setup/commands');

export function register(services: Services): vscode.Disposable {
  const setup: SetupContext = { services, keys: new ApiKeyStore(services.context.secrets) };
  const usageReport = new ReportDocument('gearshift-usage', 'Gearshift Usage', services.log);
  const probeReport = new ReportDocument('gearshift-test-endpoint', 'Gearshift Test Endpoint', services.log);
  /**
   * From the palette or a menu (no argument) a failure is shown with its fix; a programmatic caller
   * (tests, automation) passes an argument and gets the rejection instead.
   */
  const command = <A>(id: string, run: (args?: A) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, async (args?: A) => {
      if (args !== undefined) return run(args);
      try {
        return await run();
      } catch (error) {
        void services.showError(error);
        return undefined;
      }
    });
  const detection = setTimeout(() => {
    commands().detectAndOffer(setup).catch((error: unknown) => services.log.debug(`Local server detection: ${String(error)}`));
  }, DETECTION_DELAY_MS);
  return vscode.Disposable.from(
    usageReport,
    probeReport,
    command<ChooseEndpointArgs>('gearshift.chooseEndpoint', (args) => commands().chooseEndpoint(setup, args)),
    command<TestEndpointArgs>('gearshift.testEndpoint', (args) => commands().testEndpoint(setup, probeReport, args)),
    command<SetApiKeyArgs>('gearshift.setApiKey', (args) => commands().setApiKey(setup, args)),
    command<Omit<SetApiKeyArgs, 'key'>>('gearshift.clearApiKey', (args) => commands().clearApiKey(setup, args)),
    command('gearshift.showUsage', () => commands().showUsage(services, usageReport)),
    vscode.commands.registerCommand('gearshift.showLog', () => services.log.show()),
    vscode.commands.registerCommand(SETUP_PANEL_COMMAND, () => commands().setupPanelView(setup)),
    vscode.commands.registerCommand(SETUP_PANEL_ACTION_COMMAND, (args: { action: SetupAction; id?: string }) =>
      commands().runSetupAction(setup, args.action, args.id).catch((error: unknown) => services.showError(error)),
    ),
    new vscode.Disposable(() => clearTimeout(detection)),
  );
}
