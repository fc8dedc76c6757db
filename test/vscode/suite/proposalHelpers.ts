// Helpers for the docs and refactor suites: the proposal diff tab and fixture documents.
import * as vscode from 'vscode';
import { waitFor, workspaceFile } from './helpers';

export const PROPOSAL_SCHEME = 'gearshift-proposal';

function proposalTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === PROPOSAL_SCHEME);
}

/** Waits for the proposal diff editor and returns the proposal's URI and text. */
export async function waitForProposal(timeoutMs = 15_000): Promise<{ uri: vscode.Uri; original: vscode.Uri; text: string }> {
  const tab = await waitFor('the proposal diff editor', () => proposalTabs()[0], timeoutMs);
  const input = tab.input as vscode.TabInputTextDiff;
  const document = await vscode.workspace.openTextDocument(input.modified);
  return { uri: input.modified, original: input.original, text: document.getText() };
}

export function proposalOpen(): boolean {
  return proposalTabs().length > 0;
}

/** Opens a fixture file in an editor with its on-disk text (earlier edits reverted). */
export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  if (document.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert');
  return editor;
}

/** Reverts and closes every editor, so the next test starts clean. */
export async function closeAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && document.uri.scheme === 'file') {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Inserts text at a position with a real edit (as the user typing would). */
export async function typeInto(document: vscode.TextDocument, position: vscode.Position, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, position, text);
  await vscode.workspace.applyEdit(edit);
}
