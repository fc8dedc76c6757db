// Chat history: pick a conversation to open, rename, delete or export it as Markdown.
import * as vscode from 'vscode';
import type { Conversation } from '../../common/chat/conversation';
import { conversationToMarkdown } from '../../common/chat/export';
import type { ConversationStore } from '../../node/conversationStore';
import type { ChatSession } from './session';

const RENAME = { iconPath: new vscode.ThemeIcon('edit'), tooltip: 'Rename' };
const EXPORT = { iconPath: new vscode.ThemeIcon('export'), tooltip: 'Export as Markdown' };
const DELETE = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Delete' };

interface Item extends vscode.QuickPickItem {
  id: string;
}

export async function showHistory(store: ConversationStore, session: ChatSession): Promise<void> {
  const quickPick = vscode.window.createQuickPick<Item>();
  quickPick.title = 'Gearshift: Chat History';
  quickPick.placeholder = 'Open a conversation (buttons: rename, export, delete)';
  quickPick.matchOnDescription = true;
  const current = await session.current();
  const refresh = async (): Promise<void> => {
    quickPick.busy = true;
    const summaries = await store.list();
    quickPick.items = summaries.map((summary) => ({
      id: summary.id,
      label: summary.title,
      description: `${summary.turnCount} message${summary.turnCount === 1 ? '' : 's'} · ${new Date(summary.updatedAt).toLocaleString()}`,
      detail: summary.id === current.id ? 'Open now' : undefined,
      buttons: [RENAME, EXPORT, DELETE],
    }));
    quickPick.busy = false;
  };
  await new Promise<void>((resolve) => {
    quickPick.onDidHide(() => resolve());
    quickPick.onDidAccept(async () => {
      const picked = quickPick.selectedItems[0];
      quickPick.hide();
      const conversation = picked && (await store.load(picked.id));
      if (conversation) await session.open(conversation);
    });
    quickPick.onDidTriggerItemButton(async ({ item, button }) => {
      const conversation = await store.load(item.id);
      if (!conversation) return refresh();
      if (button === EXPORT) {
        quickPick.hide();
        await exportConversation(conversation);
      } else if (button === RENAME) {
        quickPick.hide();
        await renameConversation(store, session, conversation);
      } else if (button === DELETE) {
        await store.delete(item.id);
        await session.forget(item.id);
        await refresh();
      }
    });
    quickPick.show();
    void refresh();
  });
  quickPick.dispose();
}

export async function renameConversation(store: ConversationStore, session: ChatSession, conversation: Conversation): Promise<void> {
  const title = await vscode.window.showInputBox({ title: 'Gearshift: Rename conversation', value: conversation.title, validateInput: (value) => (value.trim() ? undefined : 'The name cannot be empty.') });
  if (!title) return;
  if ((await session.current()).id === conversation.id) return session.rename(title.trim());
  conversation.title = title.trim();
  await store.save(conversation);
}

/** Opens the conversation as an untitled Markdown document the user can save anywhere. */
export async function exportConversation(conversation: Conversation): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: conversationToMarkdown(conversation) });
  await vscode.window.showTextDocument(document);
  return document;
}
