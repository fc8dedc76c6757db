// The chat feature: the sidebar view, its commands (new, history, export, explain/ask/fix) and the
// "Fix with Gearshift" code action. Activation registers them and starts the trackers (the last
// editor, terminal output); the chat itself (controller.ts, the bundle dist/chat.js) loads when the
// view sends its first message or a chat command runs. Nothing is read from disk until then.
import * as vscode from 'vscode';
import { requireSeparateBundle } from '../../vscode/separateBundle';
import type { Services } from '../../vscode/services';
import { EditorTracker, FixCodeActionProvider, runCodeAction } from './codeBlocks';
import { TerminalOutputTracker } from './contextSources';
import type { ChatController } from './controller';
import { CHAT_VIEW_ID, ChatViewProvider } from './view';

export function register(services: Services): vscode.Disposable {
  const { log } = services;
  const editors = new EditorTracker();
  const terminals = new TerminalOutputTracker();
  let loaded: ChatController | undefined;
  const chat = (): ChatController =>
    (loaded ??= requireSeparateBundle<typeof import('./controller')>('chat', '../features/chat/controller').createChatController(services, {
      view,
      editors,
      terminals,
      runCodeAction: (action, code, language) => runCodeAction(services, editors, action, code, language),
    }));
  const view = new ChatViewProvider(services.context.extensionUri, log, (message) => {
    chat().handle(message).catch((error: unknown) => log.error(`Chat: ${message.type} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
  });

  return vscode.Disposable.from(
    view,
    new vscode.Disposable(() => loaded?.dispose()),
    editors,
    terminals,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view),
    services.setup.onDidChange(() => loaded?.onSetupChanged()),
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new FixCodeActionProvider(services), {
      providedCodeActionKinds: FixCodeActionProvider.kinds,
    }),
    vscode.commands.registerCommand('gearshift.chat.newConversation', () => chat().newConversation()),
    // The keybinding's target: the view takes focus, and the page hands it to the message box.
    vscode.commands.registerCommand('gearshift.chat.focus', () => view.reveal()),
    vscode.commands.registerCommand('gearshift.chat.showHistory', () => chat().showHistory()),
    vscode.commands.registerCommand('gearshift.chat.exportConversation', () => chat().exportConversation()),
    vscode.commands.registerCommand('gearshift.explainSelection', () => chat().explainSelection()),
    vscode.commands.registerCommand('gearshift.askAboutSelection', () => chat().askAboutSelection()),
    vscode.commands.registerCommand('gearshift.fixWithGearshift', (uri?: vscode.Uri, diagnostics?: vscode.Diagnostic[]) => chat().fixWithGearshift(uri, diagnostics)),
  );
}
