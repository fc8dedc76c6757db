// Shows a user-started job's failure with buttons that fix it. Inline failures never come here.
import * as vscode from 'vscode';
import { isEndpointError, type ErrorAction } from '../common/errors';
import { redactSecrets } from '../common/redact';

export interface ErrorPresenterDeps {
  log: vscode.LogOutputChannel;
  /** Lets the user pick another model (e.g. after "model not found"). */
  chooseModel(endpointId?: string): Promise<unknown>;
}

const LABELS: Record<ErrorAction, string> = {
  'set-api-key': 'Set API Key',
  'open-settings': 'Open Settings',
  'show-log': 'Show Log',
  'retry': 'Retry',
  'choose-model': 'Choose Model',
};

export function createErrorPresenter(deps: ErrorPresenterDeps) {
  return async function showError(error: unknown, retry?: () => unknown): Promise<void> {
    if (isEndpointError(error) && error.reason === 'cancelled') return;
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    deps.log.error(`${isEndpointError(error) ? `[${error.reason}] ` : ''}${message}`);

    const actions: ErrorAction[] = isEndpointError(error) ? [...error.actions] : [];
    if (!actions.includes('show-log')) actions.push('show-log');
    const offered = actions.filter((action) => action !== 'retry' || retry !== undefined);
    const show = isEndpointError(error) && error.reason === 'rate-limited'
      ? vscode.window.showWarningMessage
      : vscode.window.showErrorMessage;
    const choice = await show(`Gearshift: ${message}`, ...offered.map((action) => LABELS[action]));
    const action = offered.find((candidate) => LABELS[candidate] === choice);
    const endpointId = isEndpointError(error) ? error.endpoint : undefined;
    switch (action) {
      case 'set-api-key':
        await vscode.commands.executeCommand('gearshift.setApiKey', endpointId ? { endpointId } : undefined);
        break;
      case 'open-settings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'gearshift.');
        break;
      case 'show-log':
        deps.log.show();
        break;
      case 'retry':
        try {
          await retry?.();
        } catch (retryError) {
          deps.log.error(`Retry failed: ${redactSecrets(retryError instanceof Error ? retryError.message : String(retryError))}`);
        }
        break;
      case 'choose-model':
        await deps.chooseModel(endpointId);
        break;
      case undefined:
        break;
    }
  };
}
