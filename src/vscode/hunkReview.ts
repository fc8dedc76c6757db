// How a proposal under review looks in the real editor: the lines a hunk removes get a red
// background, the lines it adds are shown in full as green text beside the code, one added line
// per editor line, in one column from the hunk's first line down (common/review/addedLines; the
// API has no view-only lines, and the document itself is untouched until Accept), and CodeLens
// puts "Accept | Reject" above each hunk and "Accept All | Reject All | Open Diff" above the first
// one. The whole hunk as a diff is in the hover.
import * as vscode from 'vscode';
import { addedLineDecorations, anchorLine } from '../common/review/addedLines';
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
      editor.setDecorations(this.added, review ? addedDecorations(editor, review.state) : []);
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
  return anchorLine(hunk, document.lineCount);
}

function addedDecorations(editor: vscode.TextEditor, state: ReviewState): vscode.DecorationOptions[] {
  const { document } = editor;
  const tabSize = typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 4;
  const hovers = new Map(state.hunks.map((hunk) => [hunk.id, hunkHover(hunk)]));
  return addedLineDecorations(state.hunks, { lineCount: document.lineCount, text: (line) => document.lineAt(line).text, tabSize }).map((decoration) => ({
    // The whole host line, so hovering it shows the hunk; `after` renders at the range's end.
    range: document.lineAt(decoration.line).range,
    hoverMessage: hovers.get(decoration.hunkId),
    renderOptions: { after: { contentText: decoration.text, margin: `0 0 0 ${decoration.marginCh}ch` } },
  }));
}

function hunkHover(hunk: Hunk): vscode.MarkdownString {
  const hover = new vscode.MarkdownString();
  hover.appendCodeblock([...hunk.removed.map((line) => `- ${line.replace(/\r?\n$/, '')}`), ...hunk.added.map((line) => `+ ${line.replace(/\r?\n$/, '')}`)].join('\n'), 'diff');
  return hover;
}
