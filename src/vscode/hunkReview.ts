// How a proposal under review looks in the real editor: the lines a hunk removes get a red
// background, the lines it adds are shown as green ghost text at the end of those lines (the
// document itself is untouched until Accept), and CodeLens puts "Accept | Reject" above each hunk
// and "Accept All | Reject All | Open Diff" above the first one. The full hunk is in the hover.
import * as vscode from 'vscode';
import type { Hunk, ReviewState } from '../common/review/hunks';
import { tallyText, type ReviewTally } from '../common/review/outcome';

/** What the view needs to know about one proposal under review. */
export interface ReviewView {
  readonly documentUri: vscode.Uri;
  readonly proposalUri: vscode.Uri;
  readonly title: string;
  readonly state: ReviewState;
  /** What became of the hunks decided so far (shown in the first lens once any was). */
  readonly tally: ReviewTally;
}

export const REVIEW_COMMANDS = {
  acceptHunk: 'gearshift.review.acceptHunk',
  rejectHunk: 'gearshift.review.rejectHunk',
  acceptAll: 'gearshift.proposal.accept',
  rejectAll: 'gearshift.proposal.reject',
  openDiff: 'gearshift.review.openDiff',
} as const;

/** Ghost text is one editor line: longer additions end with a pointer to the hover and the diff. */
const MAX_GHOST_CHARS = 160;

export class HunkReviewView implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly removed = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
    textDecoration: 'line-through',
  });
  private readonly added = vscode.window.createTextEditorDecorationType({
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
    after: {
      color: new vscode.ThemeColor('gitDecoration.addedResourceForeground'),
      backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground'),
      fontStyle: 'italic',
      margin: '0 0 0 1em',
    },
  });
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly reviews: () => Iterable<ReviewView>) {
    this.disposables = [
      this.removed,
      this.added,
      this.lensesChanged,
      vscode.languages.registerCodeLensProvider('*', this),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.updateContextKey()),
    ];
  }

  /** Redraws every visible editor (call after any review changed). */
  refresh(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const review = this.reviewOf(editor.document.uri);
      editor.setDecorations(this.removed, review ? removedRanges(review.state) : []);
      editor.setDecorations(this.added, review ? review.state.hunks.map((hunk) => ghostDecoration(editor.document, hunk)) : []);
    }
    this.lensesChanged.fire();
    void this.updateContextKey();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const review = this.reviewOf(document.uri);
    if (!review || !review.state.hunks.length) return [];
    const lenses: vscode.CodeLens[] = [];
    const arg = review.proposalUri;
    review.state.hunks.forEach((hunk, index) => {
      const range = new vscode.Range(lensLine(document, hunk), 0, lensLine(document, hunk), 0);
      if (index === 0) {
        const count = review.state.hunks.length;
        const { tally } = review;
        const decided = tally.applied + tally.rejected + tally.conflicted ? ` left (${tallyText(tally)})` : '';
        lenses.push(
          new vscode.CodeLens(range, { title: `${review.title} — ${count} change${count === 1 ? '' : 's'}${decided}:`, command: '' }),
          new vscode.CodeLens(range, { title: 'Accept All', command: REVIEW_COMMANDS.acceptAll, arguments: [arg], tooltip: 'Apply every change as one edit (Ctrl+Shift+Enter)' }),
          new vscode.CodeLens(range, { title: 'Reject All', command: REVIEW_COMMANDS.rejectAll, arguments: [arg], tooltip: 'Drop every change (Ctrl+Shift+Backspace)' }),
          new vscode.CodeLens(range, { title: 'Open Diff', command: REVIEW_COMMANDS.openDiff, arguments: [arg], tooltip: 'Show the whole proposal side by side' }),
        );
      }
      lenses.push(
        new vscode.CodeLens(range, { title: 'Accept', command: REVIEW_COMMANDS.acceptHunk, arguments: [arg, hunk.id], tooltip: 'Apply this change (Alt+Y)' }),
        new vscode.CodeLens(range, { title: 'Reject', command: REVIEW_COMMANDS.rejectHunk, arguments: [arg, hunk.id], tooltip: 'Drop this change (Alt+N)' }),
      );
    });
    return lenses;
  }

  private reviewOf(uri: vscode.Uri): ReviewView | undefined {
    const key = uri.toString();
    for (const review of this.reviews()) if (review.documentUri.toString() === key) return review;
    return undefined;
  }

  /** `gearshift.reviewActive`: the focused editor has changes under review (for the shortcuts). */
  private async updateContextKey(): Promise<void> {
    const active = vscode.window.activeTextEditor?.document.uri;
    const review = active && this.reviewOf(active);
    await vscode.commands.executeCommand('setContext', 'gearshift.reviewActive', Boolean(review?.state.hunks.length));
  }

  dispose(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      editor.setDecorations(this.removed, []);
      editor.setDecorations(this.added, []);
    }
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function removedRanges(state: ReviewState): vscode.Range[] {
  return state.hunks.filter((hunk) => hunk.end > hunk.start).map((hunk) => new vscode.Range(hunk.start, 0, hunk.end - 1, 0));
}

/** The line a hunk's lens sits above: its first line, or for an insertion the line it goes before. */
function lensLine(document: vscode.TextDocument, hunk: Hunk): number {
  return Math.min(hunk.start, document.lineCount - 1);
}

/**
 * The added lines as ghost text: after the hunk's last removed line, or for an insertion after the
 * line above it (before the first line when it inserts at the top).
 */
function ghostDecoration(document: vscode.TextDocument, hunk: Hunk): vscode.DecorationOptions {
  const text = hunk.added.map((line) => line.replace(/\r?\n$/, '')).join(' ⏎ ');
  const shown = text.length > MAX_GHOST_CHARS ? `${text.slice(0, MAX_GHOST_CHARS)}… (hover or Open Diff for all ${hunk.added.length} lines)` : text;
  const hover = new vscode.MarkdownString();
  hover.appendCodeblock([...hunk.removed.map((line) => `- ${line.replace(/\r?\n$/, '')}`), ...hunk.added.map((line) => `+ ${line.replace(/\r?\n$/, '')}`)].join('\n'), 'diff');
  const label = hunk.added.length === 0 ? `(${hunk.removed.length} line${hunk.removed.length === 1 ? '' : 's'} removed)` : `${hunk.end > hunk.start ? '→' : '+'} ${shown}`;
  const atTop = hunk.end === hunk.start && hunk.start === 0;
  const line = atTop ? 0 : Math.min(hunk.end > hunk.start ? hunk.end - 1 : hunk.start - 1, document.lineCount - 1);
  return {
    // The whole anchor line, so hovering it shows the hunk; `after` renders at the range's end.
    range: document.lineAt(line).range,
    hoverMessage: hover,
    renderOptions: atTop ? { before: { contentText: `${label} `, color: new vscode.ThemeColor('gitDecoration.addedResourceForeground'), fontStyle: 'italic' } } : { after: { contentText: label } },
  };
}
