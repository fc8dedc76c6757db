// Shows a model's proposed text as a diff (the live document against a virtual
// `gearshift-proposal:` document; no temp files) with Accept/Reject in the editor title and in a
// notification. Accept applies one WorkspaceEdit (one undo step) only onto the text the proposal
// was made for; when the user edited the file meanwhile the proposal is re-applied onto the current
// text (three-way, by lines) and shown again, or refused when the edits touch the same lines.
import * as vscode from 'vscode';
import { threeWayMerge } from '../common/refactor/threeWay';
import { minimalEdit } from '../common/refactor/minimalEdit';
import type { Services } from './services';

export const PROPOSAL_SCHEME = 'gearshift-proposal';
const CONTEXT_KEY = 'gearshift.proposalActive';
const REBASE_DELAY_MS = 250;

export type ProposalOutcome = 'accepted' | 'rejected' | 'stale';

export interface ProposalOptions {
  document: vscode.TextDocument;
  /** The new text: of `range` when given, else of the whole document. */
  proposedText: string;
  title: string;
  /** Replaced range, in the coordinates of `baseText` (or of the document now when omitted). */
  range?: vscode.Range;
  /** Shown in the notification (e.g. "part 3 changed code and was skipped"). */
  warnings?: string[];
  /** The document's text when the request was made; defaults to its text now. */
  baseText?: string;
  /** The document's version when the request was made; defaults to its version now. */
  baseVersion?: number;
}

interface Pending {
  readonly uri: vscode.Uri;
  readonly documentUri: vscode.Uri;
  readonly title: string;
  /** The text the proposal applies to, and the document version that text belongs to. */
  baseText: string;
  baseVersion: number;
  proposedText: string;
  rebaseTimer?: ReturnType<typeof setTimeout>;
  settle(outcome: ProposalOutcome): void;
}

class ProposalRegistry implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly pending = new Map<string, Pending>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private counter = 0;

  constructor(private readonly services: Services) {
    this.disposables.push(
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this),
      vscode.commands.registerCommand('gearshift.proposal.accept', (uri?: vscode.Uri) => this.decide(uri, 'accept')),
      vscode.commands.registerCommand('gearshift.proposal.reject', (uri?: vscode.Uri) => this.decide(uri, 'reject')),
      vscode.window.tabGroups.onDidChangeTabs((event) => this.onTabsClosed(event.closed)),
      vscode.workspace.onDidChangeTextDocument((event) => this.scheduleRebase(event.document)),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.pending.get(uri.toString())?.proposedText ?? '';
  }

  async show(options: ProposalOptions): Promise<ProposalOutcome> {
    const { document } = options;
    const baseText = options.baseText ?? document.getText();
    const baseVersion = options.baseVersion ?? document.version;
    const proposedFull = options.range
      ? spliceRange(baseText, options.range, options.proposedText)
      : options.proposedText;

    let text = proposedFull;
    let base = baseText;
    if (document.version !== baseVersion) {
      const current = document.getText();
      const merged = threeWayMerge(baseText, current, proposedFull);
      if (!merged.ok) {
        void vscode.window.showWarningMessage(
          `${options.title}: not shown — ${basename(document.uri)} was edited during generation in the lines the proposal changes (line ${merged.firstConflictLine}). Run the command again.`,
        );
        return 'stale';
      }
      text = merged.text;
      base = current;
    }
    if (text === base) {
      void vscode.window.showInformationMessage(`${options.title}: no changes proposed.`);
      return 'rejected';
    }

    for (const other of this.pending.values()) {
      if (other.documentUri.toString() === document.uri.toString()) this.finish(other, 'rejected');
    }
    const uri = vscode.Uri.from({
      scheme: PROPOSAL_SCHEME,
      path: document.uri.path || '/untitled',
      query: `id=${++this.counter}`,
    });
    const outcome = new Promise<ProposalOutcome>((resolve) => {
      this.pending.set(uri.toString(), {
        uri,
        documentUri: document.uri,
        title: options.title,
        baseText: base,
        baseVersion: document.version,
        proposedText: text,
        settle: resolve,
      });
    });
    // The decision settles `outcome` whatever happens to the editor UI, so opening the diff is
    // not awaited here: a slow or stuck editor open must never hold the job's result.
    void this.present(uri, document, options).catch((error: unknown) => {
      this.services.log.error(`proposal ${options.title}: could not open the diff: ${error instanceof Error ? error.message : String(error)}`);
      const pending = this.pending.get(uri.toString());
      if (pending) this.finish(pending, 'rejected');
    });
    return outcome;
  }

  private async present(uri: vscode.Uri, document: vscode.TextDocument, options: ProposalOptions): Promise<void> {
    await this.updateContextKey();
    const proposalDocument = await vscode.workspace.openTextDocument(uri);
    if (proposalDocument.languageId !== document.languageId) {
      await vscode.languages.setTextDocumentLanguage(proposalDocument, document.languageId);
    }
    this.notify(uri, options.title, options.warnings ?? []);
    await vscode.commands.executeCommand('vscode.diff', document.uri, uri, `${options.title} (proposal)`, { preview: false });
    this.services.log.debug(`proposal ${options.title}: diff open`);
  }

  private notify(uri: vscode.Uri, title: string, warnings: string[]): void {
    const message = warnings.length
      ? `${title}: review the proposal. ${warnings.join(' ')}`
      : `${title}: review the proposal.`;
    const shown = warnings.length
      ? vscode.window.showWarningMessage(message, 'Accept', 'Reject')
      : vscode.window.showInformationMessage(message, 'Accept', 'Reject');
    void shown.then((choice) => {
      if (choice) void this.decide(uri, choice === 'Accept' ? 'accept' : 'reject');
    });
  }

  /** The proposal a command targets: its argument, the focused diff, or the newest one. */
  private find(uri?: vscode.Uri): Pending | undefined {
    const candidates = [uri, vscode.window.activeTextEditor?.document.uri];
    for (const candidate of candidates) {
      const found = candidate && this.pending.get(candidate.toString());
      if (found) return found;
    }
    return [...this.pending.values()].pop();
  }

  private async decide(uri: vscode.Uri | undefined, decision: 'accept' | 'reject'): Promise<void> {
    const pending = this.find(uri);
    if (!pending) return;
    if (decision === 'reject') {
      this.finish(pending, 'rejected');
      await closeDiffTabs(pending.uri);
      return;
    }
    await this.accept(pending);
  }

  private async accept(pending: Pending): Promise<void> {
    const document = await vscode.workspace.openTextDocument(pending.documentUri);
    if (document.version !== pending.baseVersion) {
      const current = document.getText();
      const merged = threeWayMerge(pending.baseText, current, pending.proposedText);
      if (!merged.ok) {
        this.finish(pending, 'stale');
        await closeDiffTabs(pending.uri);
        void vscode.window.showWarningMessage(
          `${pending.title}: not applied — ${basename(document.uri)} changed in the lines the proposal edits (line ${merged.firstConflictLine}). Run the command again.`,
        );
        return;
      }
      this.rebase(pending, current, document.version, merged.text);
      void vscode.window.showInformationMessage(
        `${pending.title}: ${basename(document.uri)} changed since the proposal was made. The diff now shows the proposal applied onto the current text — review it and accept again.`,
        'Accept', 'Reject',
      ).then((choice) => {
        if (choice) void this.decide(pending.uri, choice === 'Accept' ? 'accept' : 'reject');
      });
      return;
    }

    const change = minimalEdit(pending.baseText, pending.proposedText);
    if (change) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
      const applied = await vscode.workspace.applyEdit(edit);
      if (!applied) {
        this.finish(pending, 'stale');
        void vscode.window.showErrorMessage(`${pending.title}: VS Code refused the edit (is the file read-only?).`);
        return;
      }
    }
    this.finish(pending, 'accepted');
    await closeDiffTabs(pending.uri);
  }

  private rebase(pending: Pending, base: string, version: number, proposed: string): void {
    pending.baseText = base;
    pending.baseVersion = version;
    pending.proposedText = proposed;
    this.changed.fire(pending.uri);
  }

  /** Keeps an open diff honest while the user types: the proposal follows non-conflicting edits. */
  private scheduleRebase(document: vscode.TextDocument): void {
    if (document.uri.scheme === PROPOSAL_SCHEME) return;
    for (const pending of this.pending.values()) {
      if (pending.documentUri.toString() !== document.uri.toString()) continue;
      clearTimeout(pending.rebaseTimer);
      pending.rebaseTimer = setTimeout(() => {
        if (!this.pending.has(pending.uri.toString()) || document.version === pending.baseVersion) return;
        const current = document.getText();
        const merged = threeWayMerge(pending.baseText, current, pending.proposedText);
        // A conflict is left for Accept to refuse with a message; the diff shows what would be lost.
        if (merged.ok) this.rebase(pending, current, document.version, merged.text);
      }, REBASE_DELAY_MS);
    }
  }

  private onTabsClosed(closed: readonly vscode.Tab[]): void {
    for (const tab of closed) {
      if (!(tab.input instanceof vscode.TabInputTextDiff)) continue;
      const pending = this.pending.get(tab.input.modified.toString());
      if (pending) this.finish(pending, 'rejected');
    }
  }

  private finish(pending: Pending, outcome: ProposalOutcome): void {
    if (!this.pending.delete(pending.uri.toString())) return;
    clearTimeout(pending.rebaseTimer);
    this.services.log.info(`proposal ${pending.title}: ${outcome}`);
    pending.settle(outcome);
    void this.updateContextKey();
  }

  private async updateContextKey(): Promise<void> {
    await vscode.commands.executeCommand('setContext', CONTEXT_KEY, this.pending.size > 0);
  }

  dispose(): void {
    for (const pending of [...this.pending.values()]) this.finish(pending, 'rejected');
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function spliceRange(text: string, range: vscode.Range, replacement: string): string {
  return text.slice(0, offsetAt(text, range.start)) + replacement + text.slice(offsetAt(text, range.end));
}

/** Offset of a position in a text snapshot (the live document may have moved on). */
function offsetAt(text: string, position: vscode.Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const lineLength = (lineEnd < 0 ? text.length : lineEnd) - offset;
  return offset + Math.min(position.character, lineLength);
}

function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString();
}

async function closeDiffTabs(proposalUri: vscode.Uri): Promise<void> {
  const key = proposalUri.toString();
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === key);
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}

const registries = new WeakMap<vscode.ExtensionContext, ProposalRegistry>();

/** One registry (content provider + commands) per extension context, created on first use. */
function registryFor(services: Services): ProposalRegistry {
  let registry = registries.get(services.context);
  if (!registry) {
    registry = new ProposalRegistry(services);
    registries.set(services.context, registry);
    services.context.subscriptions.push(registry);
  }
  return registry;
}

/**
 * Registers the proposal scheme and the Accept/Reject commands at activation, so the commands
 * exist (and the editor-title buttons work after a reload) before the first proposal is shown.
 */
export function registerProposals(services: Services): void {
  registryFor(services);
}

/**
 * Opens the diff of the document against the proposal and resolves when the user decides:
 * 'accepted' (applied as one edit), 'rejected' (or the diff was closed), or 'stale' (the document
 * changed in the same lines, so nothing was applied).
 */
export function showProposal(services: Services, options: ProposalOptions): Promise<ProposalOutcome> {
  return registryFor(services).show(options);
}
