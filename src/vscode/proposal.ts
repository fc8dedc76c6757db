// Shows a model's proposed text for review in the editor itself, hunk by hunk (see hunkReview.ts
// for the look): each hunk is accepted or rejected on its own, or all at once; the side-by-side
// diff (the live document against a virtual `gearshift-proposal:` document, no temp files) is one
// click away. Every accepted batch is one WorkspaceEdit (one undo step) onto the document as it is
// now: the hunks follow the user's edits, and a hunk whose lines the user changed is not applied
// (only that hunk: the others still apply, and the outcome says how many of each there were).
import * as vscode from 'vscode';
import { reviewOutcome, tallyText, type ProposalOutcome, type ReviewTally } from '../common/review/outcome';
import { acceptHunks, createReview, followEdits, hunkAt, proposedText, rejectHunks, type Hunk, type ReviewState } from '../common/review/hunks';
import { HunkReviewView, REVIEW_COMMANDS, type ReviewView } from './hunkReview';
import type { Services } from './services';

export const PROPOSAL_SCHEME = 'gearshift-proposal';
const CONTEXT_KEY = 'gearshift.proposalActive';
const FOLLOW_DELAY_MS = 250;

export type { ProposalOutcome } from '../common/review/outcome';

export interface ProposalOptions {
  document: vscode.TextDocument;
  /** The new text: of `range` when given, else of the whole document. */
  proposedText: string;
  title: string;
  /** Replaced range, in the coordinates of `baseText` (or of the document now when omitted). */
  range?: vscode.Range;
  /** Shown in a notification (e.g. "part 3 changed code and was skipped"). */
  warnings?: string[];
  /** The document's text when the request was made; defaults to its text now. */
  baseText?: string;
  /** The document's version when the request was made; defaults to its version now. */
  baseVersion?: number;
}

interface Pending extends ReviewView {
  state: ReviewState;
  tally: ReviewTally;
  /** 1-based lines of the conflicted hunks, for the closing message. */
  conflictLines: number[];
  followTimer?: ReturnType<typeof setTimeout>;
  settle(outcome: ProposalOutcome): void;
}

class ProposalRegistry implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly pending = new Map<string, Pending>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly view = new HunkReviewView(() => this.pending.values());
  private readonly disposables: vscode.Disposable[] = [];
  private counter = 0;

  constructor(private readonly services: Services) {
    this.disposables.push(
      this.changed,
      this.view,
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this),
      vscode.commands.registerCommand(REVIEW_COMMANDS.acceptAll, (uri?: vscode.Uri) => this.decideAll(uri, 'accept')),
      vscode.commands.registerCommand(REVIEW_COMMANDS.rejectAll, (uri?: vscode.Uri) => this.decideAll(uri, 'reject')),
      vscode.commands.registerCommand(REVIEW_COMMANDS.acceptHunk, (uri?: vscode.Uri, id?: number) => this.decideHunk(uri, id, 'accept')),
      vscode.commands.registerCommand(REVIEW_COMMANDS.rejectHunk, (uri?: vscode.Uri, id?: number) => this.decideHunk(uri, id, 'reject')),
      vscode.commands.registerCommand(REVIEW_COMMANDS.openDiff, (uri?: vscode.Uri) => this.openDiff(uri)),
      vscode.workspace.onDidChangeTextDocument((event) => this.scheduleFollow(event.document)),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const pending = this.pending.get(uri.toString());
    return pending ? proposedText(pending.state) : '';
  }

  async show(options: ProposalOptions): Promise<ProposalOutcome> {
    const { document } = options;
    const baseText = options.baseText ?? document.getText();
    const proposedFull = options.range
      ? spliceRange(baseText, options.range, options.proposedText)
      : options.proposedText;

    let state = createReview(baseText, proposedFull);
    const total = state.hunks.length;
    let conflicts: Hunk[] = [];
    if (document.version !== (options.baseVersion ?? document.version)) {
      // Edited during generation: only the hunks in the edited lines are dropped.
      const followed = followEdits(state, document.getText());
      conflicts = followed.conflicts;
      state = followed.state;
      if (conflicts.length) {
        const lines = conflicts.map((hunk) => hunk.start + 1).join(', ');
        void vscode.window.showWarningMessage(state.hunks.length
          ? `${options.title}: ${conflicts.length} of ${total} changes dropped — ${basename(document.uri)} was edited during generation in the lines they change (line ${lines}); the other ${state.hunks.length} are shown for review.`
          : `${options.title}: not shown — ${basename(document.uri)} was edited during generation in the lines the proposal changes (line ${lines}). Run the command again.`);
        if (!state.hunks.length) return 'stale';
      }
    }
    if (!state.hunks.length) {
      void vscode.window.showInformationMessage(`${options.title}: no changes proposed.`);
      return 'rejected';
    }

    for (const other of [...this.pending.values()]) {
      if (other.documentUri.toString() === document.uri.toString()) this.finish(other);
    }
    const proposalUri = vscode.Uri.from({
      scheme: PROPOSAL_SCHEME,
      path: document.uri.path || '/untitled',
      query: `id=${++this.counter}`,
    });
    const outcome = new Promise<ProposalOutcome>((resolve) => {
      this.pending.set(proposalUri.toString(), {
        proposalUri,
        documentUri: document.uri,
        title: options.title,
        state,
        tally: { total, applied: 0, rejected: 0, conflicted: conflicts.length },
        conflictLines: conflicts.map((hunk) => hunk.start + 1),
        settle: resolve,
      });
    });
    // The decision settles `outcome` whatever happens to the editor UI, so showing the review is
    // not awaited here: a slow or stuck editor must never hold the job's result.
    void this.present(proposalUri, document, options.warnings ?? []).catch((error: unknown) => {
      this.services.log.error(`proposal ${options.title}: could not show the review: ${error instanceof Error ? error.message : String(error)}`);
      const pending = this.pending.get(proposalUri.toString());
      if (pending) this.finish(pending);
    });
    return outcome;
  }

  private async present(proposalUri: vscode.Uri, document: vscode.TextDocument, warnings: string[]): Promise<void> {
    await this.updateContextKey();
    const pending = this.pending.get(proposalUri.toString());
    if (!pending) return;
    const column = vscode.window.visibleTextEditors.find((editor) => editor.document === document)?.viewColumn;
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preview: false, preserveFocus: false });
    const first = pending.state.hunks[0];
    if (first) editor.revealRange(new vscode.Range(first.start, 0, first.start, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.view.refresh();
    if (warnings.length) this.notify(proposalUri, pending.title, warnings);
    this.services.log.debug(`proposal ${pending.title}: review shown, ${pending.state.hunks.length} hunk(s)`);
  }

  private notify(uri: vscode.Uri, title: string, warnings: string[]): void {
    void vscode.window.showWarningMessage(`${title}: review the changes. ${warnings.join(' ')}`, 'Accept All', 'Reject All', 'Open Diff').then((choice) => {
      if (choice === 'Open Diff') void this.openDiff(uri);
      else if (choice) void this.decideAll(uri, choice === 'Accept All' ? 'accept' : 'reject');
    });
  }

  /** The proposal a command targets: its argument (proposal or document), the focused editor's, or the newest. */
  private find(uri?: vscode.Uri): Pending | undefined {
    for (const candidate of [uri, vscode.window.activeTextEditor?.document.uri]) {
      if (!candidate) continue;
      const key = candidate.toString();
      const found = this.pending.get(key) ?? [...this.pending.values()].find((pending) => pending.documentUri.toString() === key);
      if (found) return found;
    }
    return [...this.pending.values()].pop();
  }

  private async decideAll(uri: vscode.Uri | undefined, decision: 'accept' | 'reject'): Promise<void> {
    const pending = this.find(uri);
    if (!pending) return;
    await this.decide(pending, pending.state.hunks, decision);
  }

  /** One hunk: the given id, else the one at the cursor of the proposal's editor (for the shortcuts). */
  private async decideHunk(uri: vscode.Uri | undefined, id: number | undefined, decision: 'accept' | 'reject'): Promise<void> {
    const pending = this.find(uri);
    if (!pending) return;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === pending.documentUri.toString());
    const hunk = id === undefined
      ? hunkAt(pending.state, editor?.selection.active.line ?? 0)
      : pending.state.hunks.find((candidate) => candidate.id === id);
    if (hunk) await this.decide(pending, [hunk], decision);
  }

  private async decide(pending: Pending, chosen: readonly Hunk[], decision: 'accept' | 'reject'): Promise<void> {
    const ids = new Set(chosen.map((hunk) => hunk.id));
    if (decision === 'reject') {
      const before = pending.state.hunks.length;
      pending.state = rejectHunks(pending.state, ids);
      pending.tally.rejected += before - pending.state.hunks.length;
      this.updated(pending, []);
      return;
    }
    const document = await vscode.workspace.openTextDocument(pending.documentUri);
    // The user may have typed since the last follow (it waits a moment): follow now, so nothing
    // is applied over their edits.
    const conflicts = this.follow(pending, document);
    const accepted = acceptHunks(pending.state, new Set([...ids].filter((id) => pending.state.hunks.some((hunk) => hunk.id === id))));
    if (accepted.replacements.length) {
      const edit = new vscode.WorkspaceEdit();
      for (const replacement of accepted.replacements) {
        edit.replace(document.uri, new vscode.Range(document.positionAt(replacement.start), document.positionAt(replacement.end)), replacement.text);
      }
      const before = pending.state;
      // Updated first, so the change event of our own edit finds nothing to follow.
      pending.state = accepted.state;
      if (!(await vscode.workspace.applyEdit(edit))) {
        pending.state = before;
        void vscode.window.showErrorMessage(`${pending.title}: VS Code refused the edit (is the file read-only?).`);
        this.finish(pending);
        return;
      }
      pending.tally.applied += accepted.replacements.length;
    }
    this.updated(pending, conflicts);
  }

  /** Follows the user's edits; returns the hunks dropped because the user changed their lines. */
  private follow(pending: Pending, document: vscode.TextDocument): Hunk[] {
    clearTimeout(pending.followTimer);
    const followed = followEdits(pending.state, document.getText());
    pending.state = followed.state;
    pending.tally.conflicted += followed.conflicts.length;
    pending.conflictLines.push(...followed.conflicts.map((hunk) => hunk.start + 1));
    return followed.conflicts;
  }

  /** Keeps the review honest while the user types: the hunks follow non-conflicting edits. */
  private scheduleFollow(document: vscode.TextDocument): void {
    if (document.uri.scheme === PROPOSAL_SCHEME) return;
    for (const pending of this.pending.values()) {
      if (pending.documentUri.toString() !== document.uri.toString()) continue;
      clearTimeout(pending.followTimer);
      pending.followTimer = setTimeout(() => {
        if (!this.pending.has(pending.proposalUri.toString())) return;
        this.updated(pending, this.follow(pending, document));
      }, FOLLOW_DELAY_MS);
    }
  }

  /**
   * After any change of a review: redraw, and settle it once no hunk is left. Conflicts are told
   * once: while hunks remain, naming the lines; at the end, in the closing summary.
   */
  private updated(pending: Pending, conflicts: readonly Hunk[]): void {
    if (!pending.state.hunks.length) {
      this.finish(pending);
      return;
    }
    if (conflicts.length) {
      const lines = conflicts.map((hunk) => hunk.start + 1).join(', ');
      void vscode.window.showWarningMessage(
        `${pending.title}: ${conflicts.length === 1 ? 'a change was' : `${conflicts.length} changes were`} not applied — you edited ${basename(pending.documentUri)} in the lines ${conflicts.length === 1 ? 'it changes' : 'they change'} (line ${lines}). The other changes are still under review.`,
      );
    }
    this.changed.fire(pending.proposalUri);
    this.view.refresh();
  }

  private async openDiff(uri?: vscode.Uri): Promise<void> {
    const pending = this.find(uri);
    if (!pending) return;
    const proposalDocument = await vscode.workspace.openTextDocument(pending.proposalUri);
    const document = await vscode.workspace.openTextDocument(pending.documentUri);
    if (proposalDocument.languageId !== document.languageId) {
      await vscode.languages.setTextDocumentLanguage(proposalDocument, document.languageId);
    }
    await vscode.commands.executeCommand('vscode.diff', pending.documentUri, pending.proposalUri, `${pending.title} (proposal)`, { preview: false });
  }

  /** Settles the review with what became of its hunks (the ones still pending count as rejected). */
  private finish(pending: Pending): void {
    if (!this.pending.delete(pending.proposalUri.toString())) return;
    clearTimeout(pending.followTimer);
    pending.tally.rejected += pending.state.hunks.length;
    const outcome = reviewOutcome(pending.tally);
    const summary = tallyText(pending.tally);
    this.services.log.info(`proposal ${pending.title}: ${outcome} (${summary})`);
    if (pending.tally.conflicted) {
      void vscode.window.showWarningMessage(
        `${pending.title}: ${summary} — line ${pending.conflictLines.join(', ')} of ${basename(pending.documentUri)} ${pending.tally.conflicted === 1 ? 'was' : 'were'} not written over because you had edited ${pending.tally.conflicted === 1 ? 'it' : 'them'}.`,
      );
    }
    pending.settle(outcome);
    this.view.refresh();
    void this.updateContextKey();
    void closeDiffTabs(pending.proposalUri);
  }

  private async updateContextKey(): Promise<void> {
    await vscode.commands.executeCommand('setContext', CONTEXT_KEY, this.pending.size > 0);
  }

  dispose(): void {
    for (const pending of [...this.pending.values()]) this.finish(pending);
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
 * Registers the proposal scheme, the review's lenses and its commands at activation, so the
 * commands exist (and the editor-title buttons work after a reload) before the first proposal.
 */
export function registerProposals(services: Services): void {
  registryFor(services);
}

/**
 * Shows the proposal for review in its editor and resolves once every hunk is decided (see
 * ProposalOutcome).
 */
export function showProposal(services: Services, options: ProposalOptions): Promise<ProposalOutcome> {
  return registryFor(services).show(options);
}
