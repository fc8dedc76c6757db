// What the chat does once the view sends its first message or a chat command runs: the session, the
// conversation store, context gathering, history and export. A bundle of its own (dist/chat.js):
// index.ts registers the view, the commands and the code action at activation and creates this on
// first use. The editor-side pieces (trackers, the view, the code-block actions that open the
// review) come from index.ts, so the proposal registry stays the extension bundle's.
import * as path from 'path';
import * as vscode from 'vscode';
import { isOpenableLink, type ContextRequest, type PageMessage } from '../../common/chat/protocol';
import type { SetupView } from '../../common/chat/setupPanel';
import type { ErrorAction } from '../../common/errors';
import { createConversationStore } from '../../node/conversationStore';
import type { Services } from '../../vscode/services';
import type { CodeAction } from '../../common/chat/protocol';
import { answerCodeBlock, type EditorTracker } from './codeBlocks';
import {
  fileContext, imageContext, pickFileContext, problemsContext, selectionContext, terminalContext, type Gathered, type TerminalOutputTracker,
} from './contextSources';
import { exportConversation, showHistory } from './history';
import { ChatSession } from './session';
import type { ChatViewProvider } from './view';

/** What index.ts makes at activation and hands over. */
export interface ChatHost {
  view: ChatViewProvider;
  editors: EditorTracker;
  terminals: TerminalOutputTracker;
  /** A code-block button of an answer (copy, insert, apply through the review, new file). */
  runCodeAction(action: CodeAction, code: string, language?: string): Promise<void>;
}

export type ChatController = ReturnType<typeof createChatController>;

export function createChatController(services: Services, host: ChatHost) {
  const { log } = services;
  const { view, editors, terminals } = host;
  const pendingNotices: string[] = [];
  const store = createConversationStore(path.join(services.context.globalStorageUri.fsPath, 'chat'), {
    onCorrupt: ({ file, setAsideAs, reason }) => {
      log.warn(`Chat: ${file} is ${reason}; set aside as ${setAsideAs}.`);
      pendingNotices.push(`A saved conversation could not be read (${reason}) and was set aside as ${path.basename(setAsideAs)}.`);
      flushNotices();
    },
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
        return host.runCodeAction(message.action, block.code, block.language);
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

  return {
    handle,
    onSetupChanged(): void {
      if (pageReady) void postSetup().catch((error: unknown) => log.warn(`Chat: setup panel: ${String(error)}`));
    },
    async newConversation(): Promise<void> {
      await session.newConversation();
      await view.reveal();
    },
    showHistory: () => showHistory(store, session),
    exportConversation: async () => exportConversation(await session.current()),
    async explainSelection(): Promise<void> {
      if (await withSelection()) await session.send('/explain');
    },
    async askAboutSelection(): Promise<void> {
      if (await withSelection()) view.post({ type: 'prefill', text: '' });
    },
    async fixWithGearshift(uri?: vscode.Uri, diagnostics?: vscode.Diagnostic[]): Promise<void> {
      const editor = uri ? await vscode.window.showTextDocument(uri, { preserveFocus: true }) : vscode.window.activeTextEditor;
      const attached = attach(problemsContext(services, editor, diagnostics?.length ? diagnostics : undefined));
      await view.reveal();
      if (attached) await session.send('/fix');
    },
    dispose: () => session.dispose(),
  };
}
