// Helpers for the docs and refactor suites: the proposal review in the editor and fixture documents.
import * as vscode from 'vscode';
import { activeGearshift, mock, waitFor, workspaceFile } from './helpers';

export const PROPOSAL_SCHEME = 'gearshift-proposal';

/** The workspace file the refactor, review and inline-edit tests rewrite (a callback-style reader). */
export const LEGACY_FIXTURE = 'src/docs/legacy.js';
/** How the mock tells a refactor or inline-edit request from other chat requests. */
export const REFACTOR_REQUEST = { path: '/v1/chat/completions', contains: 'Instruction: ' };
/** The fixture's readConfig rewritten with async/await: a model's faithful answer. */
export const READ_CONFIG_ASYNC = [
  'async function readConfig(path) {',
  "  const text = await fs.promises.readFile(path, 'utf8');",
  '  return JSON.parse(text);',
  '}',
].join('\n');

/** The review's lenses in one document (Accept All / Reject All / Accept / Reject / Open Diff). */
export async function reviewLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.filter((lens) => lens.command?.command.startsWith('gearshift.'));
}

/** The open documents with a proposal under review, with that proposal's URI. */
async function reviews(): Promise<{ document: vscode.TextDocument; proposal: vscode.Uri }[]> {
  const found: { document: vscode.TextDocument; proposal: vscode.Uri }[] = [];
  for (const document of vscode.workspace.textDocuments) {
    if (document.uri.scheme === PROPOSAL_SCHEME || document.isClosed) continue;
    const acceptAll = (await reviewLenses(document.uri)).find((lens) => lens.command?.command === 'gearshift.proposal.accept');
    if (acceptAll) found.push({ document, proposal: acceptAll.command!.arguments![0] as vscode.Uri });
  }
  return found;
}

/**
 * Waits for a proposal's review in the editor (its Accept All lens) and returns the proposal's
 * URI, the reviewed document and the proposed text (what the side-by-side diff would show).
 */
export async function waitForProposal(timeoutMs = 45_000): Promise<{ uri: vscode.Uri; original: vscode.Uri; text: string }> {
  const [review] = await waitFor('the proposal review in the editor', async () => {
    const open = await reviews();
    return open.length ? open : undefined;
  }, timeoutMs);
  const proposal = await vscode.workspace.openTextDocument(review.proposal);
  return { uri: review.proposal, original: review.document.uri, text: proposal.getText() };
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
    // Without an argument it rejects the newest proposal; with none pending it does nothing.
    await vscode.commands.executeCommand('gearshift.proposal.reject');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Whether any open document still shows a proposal under review. */
export async function proposalOpen(): Promise<boolean> {
  return (await reviews()).length > 0;
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
