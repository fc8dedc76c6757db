// The chat feature: the sidebar view, its commands (new, history, export, explain/ask/fix) and the
// "Fix with Gearshift" code action. Nothing is read from disk until the view or a command needs it.
import * as path from 'path';
import * as vscode from 'vscode';
import { isOpenableLink, type ContextRequest, type PageMessage } from '../../common/chat/protocol';
import type { SetupView } from '../../common/chat/setupPanel';
import type { ErrorAction } from '../../common/errors';
import { createConversationStore } from '../../node/conversationStore';
import type { Services } from '../../vscode/services';
import { EditorTracker, FixCodeActionProvider, answerCodeBlock, runCodeAction } from './codeBlocks';
import {
  TerminalOutputTracker, fileContext, imageContext, pickFileContext, problemsContext, selectionContext, terminalContext, type Gathered,
} from './contextSources';
import { exportConversation, showHistory } from './history';
import { ChatSession } from './session';
import { CHAT_VIEW_ID, ChatViewProvider } from './view';

export function register(services: Services): vscode.Disposable {
  const { log } = services;
  const pendingNotices: string[] = [];
  const store = createConversationStore(path.join(services.context.globalStorageUri.fsPath, 'chat'), {
    onCorrupt: ({ file, setAsideAs, reason }) => {
      log.warn(`Chat: ${file} is ${reason}; set aside as ${setAsideAs}.`);
      pendingNotices.push(`A saved conversation could not be read (${reason}) and was set aside as ${path.basename(setAsideAs)}.`);
      flushNotices();
    },
  });
  const editors = new EditorTracker();
  const terminals = new TerminalOutputTracker();
  const view = new ChatViewProvider(services.context.extensionUri, log, (message) => {
    handle(message).catch((error: unknown) => log.error(`Chat: ${message.type} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
  });
  const session = new ChatSession(services, store, (message) => view.post(message));
  let pageReady = false;

  function flushNotices(): void {
    if (!pageReady) return;
    for (const text of pendingNotices.splice(0)) session.notice('warning', text);
  }

  function attach(gathered: Gathered | undefined): boolean {
    if (!gathered) return false;
    if ('refusal' in gathered) {
      session.notice('warning', gathered.refusal);
      return false;
    }
    session.addItem(gathered.item);
    return true;
  }

  async function gather(kind: ContextRequest): Promise<Gathered | undefined> {
    const editor = editors.editor;
    switch (kind) {
      case 'selection': return selectionContext(services, editor);
      case 'file': return fileContext(services, editor?.document);
      case 'problems': return problemsContext(services, editor);
      case 'terminal': return terminalContext(terminals);
      case 'pickFile': return pickFileContext(services);
    }
  }

  async function handle(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        session.warmUp();
        view.post(await session.state());
        void session.refreshModels();
        pageReady = true;
        flushNotices();
        await postSetup();
        return;
      case 'send': return session.send(message.text);
      case 'stop': return session.stop();
      case 'retry': return session.retry(message.turnId, message.model);
      case 'copyTurn': return session.copy(message.turnId);
      case 'deleteTurn': return session.deleteExchange(message.turnId);
      case 'editTurn': return session.edit(message.turnId, message.text);
      case 'errorAction': return runErrorAction(message.action);
      case 'code': {
        const block = answerCodeBlock((await session.answerText(message.turnId)) ?? '', message.line);
        if (!block) return session.notice('warning', 'That code block is not in the answer; nothing was written.');
        return runCodeAction(services, editors, message.action, block.code, block.language);
      }
      case 'openLink': return openLink(message.href);
      case 'addContext':
        attach(await gather(message.kind));
        return;
      case 'removeContext': return session.removeItem(message.id);
      case 'addImage':
        attach(imageContext(message.name, message.dataUrl));
        return;
      case 'draft': return session.setDraft(message.text);
      case 'selectModel': return session.selectModel(message.model);
      case 'command':
        await vscode.commands.executeCommand(`gearshift.chat.${message.command === 'export' ? 'exportConversation' : message.command}`);
        return;
      case 'setupAction':
        await vscode.commands.executeCommand('gearshift.setup.panelAction', { action: message.action, id: message.id });
        return;
    }
  }

  /** Unconfigured: the page shows the setup feature's panel (presets, local servers) instead of its input. */
  async function postSetup(): Promise<void> {
    const setup = await vscode.commands.executeCommand<SetupView | undefined>('gearshift.setup.panel');
    view.post({ type: 'setup', setup });
  }

  async function runErrorAction(action: ErrorAction): Promise<void> {
    switch (action) {
      case 'set-api-key': return void (await vscode.commands.executeCommand('gearshift.setApiKey'));
      case 'open-settings': return void (await vscode.commands.executeCommand('workbench.action.openSettings', 'gearshift.'));
      case 'choose-model': return void (await vscode.commands.executeCommand('workbench.action.openSettings', 'gearshift.models'));
      case 'show-log': return log.show();
      case 'retry': return;
    }
  }

  async function openLink(href: string): Promise<void> {
    if (!isOpenableLink(href)) return;
    const choice = await vscode.window.showWarningMessage(`Open this link from the model's answer?\n\n${href}`, { modal: true }, 'Open Link');
    if (choice === 'Open Link') await vscode.env.openExternal(vscode.Uri.parse(href, true));
  }

  /** Attaches the editor's selection and asks the view to show. */
  async function withSelection(): Promise<boolean> {
    const attached = attach(selectionContext(services, vscode.window.activeTextEditor));
    await view.reveal();
    return attached;
  }

  return vscode.Disposable.from(
    view,
    session,
    editors,
    terminals,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view),
    services.setup.onDidChange(() => {
      if (pageReady) void postSetup().catch((error: unknown) => log.warn(`Chat: setup panel: ${String(error)}`));
    }),
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new FixCodeActionProvider(services), {
      providedCodeActionKinds: FixCodeActionProvider.kinds,
    }),
    vscode.commands.registerCommand('gearshift.chat.newConversation', async () => {
      await session.newConversation();
      await view.reveal();
    }),
    // The keybinding's target: the view takes focus, and the page hands it to the message box.
    vscode.commands.registerCommand('gearshift.chat.focus', () => view.reveal()),
    vscode.commands.registerCommand('gearshift.chat.showHistory', () => showHistory(store, session)),
    vscode.commands.registerCommand('gearshift.chat.exportConversation', async () => exportConversation(await session.current())),
    vscode.commands.registerCommand('gearshift.explainSelection', async () => {
      if (await withSelection()) await session.send('/explain');
    }),
    vscode.commands.registerCommand('gearshift.askAboutSelection', async () => {
      if (await withSelection()) view.post({ type: 'prefill', text: '' });
    }),
    vscode.commands.registerCommand('gearshift.fixWithGearshift', async (uri?: vscode.Uri, diagnostics?: vscode.Diagnostic[]) => {
      const editor = uri ? await vscode.window.showTextDocument(uri, { preserveFocus: true }) : vscode.window.activeTextEditor;
      const attached = attach(problemsContext(services, editor, diagnostics?.length ? diagnostics : undefined));
      await view.reveal();
      if (attached) await session.send('/fix');
    }),
  );
}
