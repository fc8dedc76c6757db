// Setup commands: endpoint presets, API keys, Test Endpoint, usage report, log; first-run detection.
import * as vscode from 'vscode';
import type { SetupAction } from '../../common/chat/setupPanel';
import { ApiKeyStore } from '../../vscode/apiKeys';
import type { Services } from '../../vscode/services';
import { clearApiKey, setApiKey, type SetApiKeyArgs } from './apiKeyCommands';
import { chooseEndpoint, type ChooseEndpointArgs } from './chooseEndpoint';
import type { SetupContext } from './context';
import { scheduleLocalServerDetection } from './firstRun';
import { runSetupAction, SETUP_PANEL_ACTION_COMMAND, SETUP_PANEL_COMMAND, setupPanelView } from './setupPanel';
import { UsageDocument } from './showUsage';
import { ReportDocument } from './reportDocument';
import { testEndpoint, type TestEndpointArgs } from './testEndpoint';

export function register(services: Services): vscode.Disposable {
  const setup: SetupContext = { services, keys: new ApiKeyStore(services.context.secrets) };
  const usage = new UsageDocument(services);
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
  return vscode.Disposable.from(
    usage,
    probeReport,
    command<ChooseEndpointArgs>('gearshift.chooseEndpoint', (args) => chooseEndpoint(setup, args)),
    command<TestEndpointArgs>('gearshift.testEndpoint', (args) => testEndpoint(setup, probeReport, args)),
    command<SetApiKeyArgs>('gearshift.setApiKey', (args) => setApiKey(setup, args)),
    command<Omit<SetApiKeyArgs, 'key'>>('gearshift.clearApiKey', (args) => clearApiKey(setup, args)),
    command('gearshift.showUsage', () => usage.show()),
    vscode.commands.registerCommand('gearshift.showLog', () => services.log.show()),
    vscode.commands.registerCommand(SETUP_PANEL_COMMAND, () => setupPanelView(setup)),
    vscode.commands.registerCommand(SETUP_PANEL_ACTION_COMMAND, (args: { action: SetupAction; id?: string }) =>
      runSetupAction(setup, args.action, args.id).catch((error: unknown) => services.showError(error)),
    ),
    scheduleLocalServerDetection(setup),
  );
}
