// Inline edit (Ctrl+I / Cmd+I in the editor). Only the command id is registered at activation; its
// code (commands.ts) is the bundle dist/inlineEdit.js, loaded on the first call.
import * as vscode from 'vscode';
import { runRewriteJob } from '../../vscode/lazyRewrite';
import { showProposal } from '../../vscode/proposal';
import { requireSeparateBundle } from '../../vscode/separateBundle';
import type { Services } from '../../vscode/services';
import type { InlineEditArgs } from './commands';

const commands = () => requireSeparateBundle<typeof import('./commands')>('inlineEdit', '../features/inlineEdit/commands');

export function register(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('gearshift.inlineEdit', (args?: InlineEditArgs) =>
    commands().inlineEdit(services, { runRewriteJob, showProposal }, args),
  );
}
