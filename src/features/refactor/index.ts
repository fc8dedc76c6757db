// "Refactor File…" and "Refactor Selection…". Only the command ids are registered at activation;
// their code (commands.ts) is the bundle dist/refactor.js, loaded on the first call.
import * as vscode from 'vscode';
import { runRewriteJob } from '../../vscode/lazyRewrite';
import { requireSeparateBundle } from '../../vscode/separateBundle';
import type { Services } from '../../vscode/services';
import type { RefactorArgs } from './commands';

const commands = () => requireSeparateBundle<typeof import('./commands')>('refactor', '../features/refactor/commands');

export function register(services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('gearshift.refactor.file', (args?: RefactorArgs) => commands().refactor(services, runRewriteJob, false, args)),
    vscode.commands.registerCommand('gearshift.refactor.selection', (args?: RefactorArgs) => commands().refactor(services, runRewriteJob, true, args)),
  );
}
