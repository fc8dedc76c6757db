// Runs a docs or refactor rewrite over a document (or a region of it) with a cancellable progress
// notification, then shows the result for review in the editor. Shared by the docs, refactor and
// inline-edit features. A bundle of its own (dist/rewrite.js): callers go through lazyRewrite.ts.
import * as vscode from 'vscode';
import { refactorConcurrency } from '../common/config';
import type { Tier } from '../common/llm';
import { runRewrite, type RewriteProgress, type RewriteStrategy } from '../common/refactor/engine';
import { throttledProgress } from '../common/progressThrottle';
import { rewriteProgressText } from '../common/refactor/progressText';
import { modelLimits, routedGenerate } from '../common/refactor/routedGenerate';
import { fileOutline } from '../common/refactor/split';
import { rewriteSyntax } from '../common/refactor/treeChecks';
import { admitDocumentJob } from './gateDialog';
import { withJobProgress } from './jobProgress';
import type { ProposalOptions, ProposalOutcome } from './proposal';
import type { Services } from './services';

export interface RewriteJobOptions {
  /** Shown in the progress notification and the diff's title, e.g. "Generate Docs". */
  title: string;
  document: vscode.TextDocument;
  /** Whole lines to work on; the whole document when omitted. */
  range?: vscode.Range;
  strategy: RewriteStrategy;
  tier: Tier;
}

/** Endpoint+model pairs that rejected predicted outputs, remembered for the session. */
const predictionRejected = new Set<string>();

/** Opens the review of a proposal: the one registry of the extension bundle (see lazyRewrite.ts). */
export type ShowProposal = (services: Services, options: ProposalOptions) => Promise<ProposalOutcome>;

/** Runs the job; resolves with the user's decision, or undefined when nothing was proposed. */
export async function runRewriteJob(services: Services, options: RewriteJobOptions, showProposal: ShowProposal): Promise<ProposalOutcome | undefined> {
  const { document, strategy, tier } = options;
  const name = document.uri.path.split('/').pop() || document.uri.toString();
  const baseText = document.getText();
  const baseVersion = document.version;
  const regionText = options.range ? document.getText(options.range) : baseText;
  const admitted = await admitDocumentJob(services, { title: options.title, document, text: regionText, lineOffset: options.range?.start.line }, { job: strategy.job });
  if (!admitted) return undefined;
  if (regionText.trim() === '') {
    void vscode.window.showInformationMessage(`${options.title}: there is no code to work on.`);
    return undefined;
  }

  const busy = services.status.busy(tier);
  try {
    const result = await withJobProgress(services, { title: `Gearshift: ${options.title} — ${name}`, job: strategy.job, tier }, async ({ progress, signal, target, config }) => {
      const shown = throttledProgress<RewriteProgress>((p) => progress.report({ message: rewriteProgressText(strategy.job, p) }));
      // The last part's end is shown at once: the review opens right after it.
      const report = (p: RewriteProgress) => shown.update(p, p.partsDone >= p.parts);
      progress.report({ message: `${target.model}: preparing…` });
      try {
        return await runRewrite({
          text: regionText,
          languageId: document.languageId,
          fileName: name,
          strategy,
          model: modelLimits(config, target.model),
          concurrency: refactorConcurrency(config),
          countTokens: (text) => services.tokenizer.count(text, target.model),
          generate: routedGenerate({ router: services.router, client: services.client, job: strategy.job, tier, config, predictionRejected, passage: admitted.passage }),
          usePrediction: true,
          syntax: rewriteSyntax(services.syntax),
          surroundingOutline: options.range ? fileOutline(baseText, document.languageId) : undefined,
          lineOffset: options.range?.start.line ?? 0,
          signal,
          onProgress: report,
        });
      } finally {
        shown.dispose();
      }
    });
    services.log.info(
      `${options.title} ${name}: ${result.mode}, ${result.parts} part(s), ${result.rejected} left unchanged, ${result.requests} request(s), preview ${result.timings.previewMs.toFixed(0)} ms, total ${result.timings.totalMs.toFixed(0)} ms`,
    );
    for (const warning of result.warnings) services.log.warn(`${options.title} ${name}: ${warning}`);
    const leftOut = result.leftUnchanged.length
      ? `${result.leftUnchanged.length} of ${result.parts} part(s) left unchanged`
      : '';
    if (!result.changed) {
      const why = result.warnings.length ? ` ${result.warnings.join(' ')}` : '';
      if (leftOut) void vscode.window.showWarningMessage(`${options.title}: nothing proposed for ${name} — ${leftOut}.${why}`);
      else void vscode.window.showInformationMessage(`${options.title}: no changes proposed for ${name}.${why}`);
      return undefined;
    }
    return await showProposal(services, {
      document,
      proposedText: result.text,
      // The review's title says up front that the proposal is partial; the notification says why.
      title: `${options.title}: ${name}${leftOut ? ` (${leftOut})` : ''}`,
      range: options.range,
      warnings: result.warnings,
      baseText,
      baseVersion,
    });
  } catch (error) {
    void services.showError(error, () => runRewriteJob(services, options, showProposal));
    return undefined;
  } finally {
    busy.dispose();
  }
}
