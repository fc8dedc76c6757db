// The InlineCompletionItemProvider: snapshot → engine → item. Acceptance comes back through the
// item's command; "shown" is counted once a suggestion stayed on screen ~750 ms.
import * as vscode from 'vscode';
import type { DocContext } from '../../common/inline/document';
import type { InlineEngine, InlineSuggestion } from '../../common/inline/engine';
import { StageTimer } from '../../common/inline/timings';
import { modelForTier } from '../../common/tierModel';
import type { Services } from '../../vscode/services';
import type { ContextSources } from './contextSources';
import { snapshot, withSelectedItem } from './snapshot';
import type { InlineSwitch } from './switch';

export const ACCEPTED_COMMAND = 'gearshift.inline.accepted';
const SHOWN_AFTER_MS = 750;

export interface AcceptedInfo {
  model: string;
  fromMemory: boolean;
  shownRecorded: boolean;
}

export class InlineProvider implements vscode.InlineCompletionItemProvider {
  private shownTimer: { timer: NodeJS.Timeout; info: AcceptedInfo } | undefined;

  constructor(
    private readonly services: Services,
    private readonly engine: InlineEngine,
    private readonly sources: ContextSources,
    private readonly inlineSwitch: InlineSwitch,
  ) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    this.cancelShown();
    const manual = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
    if (!manual && (!this.inlineSwitch.active || !this.languageEnabled(document.languageId))) return undefined;
    // An excluded file is never sent, not even when asked for explicitly.
    if (this.services.isExcluded(document.uri)) return undefined;

    const timer = new StageTimer();
    const selected = context.selectedCompletionInfo;
    const ctx = timer.measure('snapshot', () => {
      const base = snapshot(document, position, this.engine.windowBudget());
      if (!selected || selected.range.start.line !== position.line) return base;
      return withSelectedItem(base, position.character - selected.range.start.character, selected.text);
    });
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    let suggestion: InlineSuggestion | undefined;
    try {
      suggestion = await this.engine.provide({
        ctx,
        signal: controller.signal,
        manual,
        completedWord: selected !== undefined && selected.range.start.line === position.line,
        timer,
        repoName: vscode.workspace.getWorkspaceFolder(document.uri)?.name,
        context: () => this.sources.chunksFor(document, ctx),
      });
    } finally {
      cancel.dispose();
    }
    if (!suggestion || token.isCancellationRequested) return undefined;
    this.engine.markShown(ctx, suggestion.text);
    this.services.log.trace(`inline: ${suggestion.origin} suggestion, ${suggestion.text.length} chars; stages ${formatTimings(suggestion)}`);

    const info: AcceptedInfo = { model: suggestion.meta?.model ?? modelForTier(this.services.config(), 'inline', 'fast').model, fromMemory: suggestion.origin !== 'network', shownRecorded: false };
    this.scheduleShown(info);
    const insertText = selected ? selected.text + suggestion.text : suggestion.text;
    const range = selected && selected.range.start.line === position.line ? new vscode.Range(selected.range.start, position) : new vscode.Range(position, position);
    return [new vscode.InlineCompletionItem(insertText, range, { title: 'Accept', command: ACCEPTED_COMMAND, arguments: [info] })];
  }

  /** The item's command ran: the suggestion was accepted (Tab or a partial accept's completion). */
  accepted(info: AcceptedInfo): void {
    if (this.shownTimer?.info === info) this.cancelShown();
    if (!info.shownRecorded) this.recordShown(info);
    this.services.ledger.record({ kind: 'accepted', at: Date.now(), job: 'inline', model: info.model, fromMemory: info.fromMemory });
    const editor = vscode.window.activeTextEditor;
    if (!editor || this.services.isExcluded(editor.document.uri)) return;
    const document = editor.document;
    const ctx: DocContext = snapshot(document, editor.selection.active, this.engine.windowBudget());
    this.engine.prefetch(ctx, () => this.sources.chunksFor(document, ctx));
  }

  cancelShown(): void {
    if (this.shownTimer) clearTimeout(this.shownTimer.timer);
    this.shownTimer = undefined;
  }

  private scheduleShown(info: AcceptedInfo): void {
    this.shownTimer = { info, timer: setTimeout(() => this.recordShown(info), SHOWN_AFTER_MS) };
  }

  private recordShown(info: AcceptedInfo): void {
    info.shownRecorded = true;
    if (this.shownTimer?.info === info) this.shownTimer = undefined;
    this.services.ledger.record({ kind: 'shown', at: Date.now(), job: 'inline', model: info.model, fromMemory: info.fromMemory });
  }

  languageEnabled(languageId: string): boolean {
    const enable = this.services.config().inline.enable;
    return enable[languageId] ?? enable['*'] ?? true;
  }
}

function formatTimings(suggestion: InlineSuggestion): string {
  return Object.entries(suggestion.timings)
    .map(([stage, ms]) => `${stage} ${ms.toFixed(2)}ms`)
    .join(', ');
}
