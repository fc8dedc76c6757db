import * as vscode from 'vscode';
import type { Services } from '../../vscode/services';

// Placeholder until the inline feature lands.
export function register(_services: Services): vscode.Disposable {
  return new vscode.Disposable(() => undefined);
}
