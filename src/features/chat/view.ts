// The chat webview view: strict CSP with a fresh nonce, resources only from dist/ and media/,
// every incoming message checked by the protocol guard, outgoing messages batched per frame.
import * as vscode from 'vscode';
import { MessageBatcher } from '../../common/chat/batcher';
import { chatHtml } from '../../common/chat/html';
import { isPageMessage, type HostMessage, type PageMessage } from '../../common/chat/protocol';

export const CHAT_VIEW_ID = 'gearshift.chatView';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly batcher = new MessageBatcher((message) => void this.view?.webview.postMessage(message));
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly onMessage: (message: PageMessage) => void,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    view.webview.html = chatHtml({
      cspSource: view.webview.cspSource,
      nonce: Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64'),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview', 'chat.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'chat.css')).toString(),
      codiconUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')).toString(),
    });
    this.disposables.push(
      view.webview.onDidReceiveMessage((message: unknown) => {
        if (isPageMessage(message)) this.onMessage(message);
        else this.log.warn(`Chat: ignored a malformed message from the view (${typeof message === 'object' && message ? String((message as { type?: unknown }).type) : typeof message}).`);
      }),
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
      }),
    );
  }

  /** Queued per frame; dropped while the view is not showing (it asks for the full state on load). */
  post(message: HostMessage): void {
    if (!this.view) return;
    if (message.type === 'state') {
      this.batcher.discard();
      void this.view.webview.postMessage(message);
      return;
    }
    this.batcher.push(message);
  }

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  dispose(): void {
    this.batcher.discard();
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}
