// Helpers for the docs and refactor suites: the proposal diff tab and fixture documents.
import * as vscode from 'vscode';
import { activeGearshift, mock, waitFor, workspaceFile } from './helpers';

export const PROPOSAL_SCHEME = 'gearshift-proposal';

function proposalTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === PROPOSAL_SCHEME);
}

/** Waits for the proposal diff editor and returns the proposal's URI and text. */
export async function waitForProposal(timeoutMs = 45_000): Promise<{ uri: vscode.Uri; original: vscode.Uri; text: string }> {
  const tab = await waitFor('the proposal diff editor', () => proposalTabs()[0], timeoutMs);
  const input = tab.input as vscode.TabInputTextDiff;
  const document = await vscode.workspace.openTextDocument(input.modified);
  return { uri: input.modified, original: input.original, text: document.getText() };
}

/** Fails with `what` instead of hanging until mocha's timeout, so a failure names its step. */
export async function within<T>(what: string, promise: Thenable<T>, timeoutMs = 45_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve(promise), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

let running: Thenable<unknown> | undefined;

/** Starts a Gearshift command whose promise settles when the user decides on its proposal. */
export function startCommand<T>(command: string, ...args: unknown[]): Thenable<T> {
  const started = vscode.commands.executeCommand<T>(command, ...args);
  running = started;
  return started;
}

/**
 * Lets the last started command finish (rejecting any proposal it opened after its test gave up),
 * so a slow job of one test can never answer the next test's scripted reply.
 */
export async function settleCommands(timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const command = running;
  running = undefined;
  if (!command) return;
  let settled = false;
  void Promise.resolve(command).then(() => (settled = true), () => (settled = true));
  while (!settled && Date.now() < deadline) {
    for (const tab of proposalTabs()) {
      await vscode.commands.executeCommand('gearshift.proposal.reject', (tab.input as vscode.TabInputTextDiff).modified);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
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

/** Reverts and closes every editor (untitled ones too, without a save prompt). */
export async function closeAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (!document.isDirty || (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled')) continue;
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Mocha hooks for a suite of user-started jobs: the extension is active, each test starts with a
 * fresh mock script and ends with its command settled and every editor closed.
 */
export function cleanSlateEachTest(): void {
  before(async () => {
    await activeGearshift();
  });
  beforeEach(async () => {
    await mock.reset();
  });
  afterEach(async () => {
    await settleCommands();
    await closeAll();
    await mock.reset();
  });
}

/** Inserts text at a position with a real edit (as the user typing would). */
export async function typeInto(document: vscode.TextDocument, position: vscode.Position, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, position, text);
  await vscode.workspace.applyEdit(edit);
}
