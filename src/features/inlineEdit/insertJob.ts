// Inline edit on an empty line: the model writes new code for the line (common/inlineEdit/insert)
// with the file around it, through the outbound gate, the router (ledger, retries, failover) and
// the acceptance rules; the code is shown in the per-hunk review as an added hunk, and nothing is
// written until the user accepts it.
import * as vscode from 'vscode';
import { contextWindow, runInsertion, windowText } from '../../common/inlineEdit/insert';
import { targetLabel, type InsertionScope } from '../../common/inlineEdit/region';
import type { Tier } from '../../common/llm';
import { counted } from '../../common/plural';
import { throttledProgress } from '../../common/progressThrottle';
import { modelLimits, routedGenerate } from '../../common/refactor/routedGenerate';
import { rewriteSyntax } from '../../common/refactor/treeChecks';
import { admitDocumentJob } from '../../vscode/gateDialog';
import { withJobProgress } from '../../vscode/jobProgress';
import type { ProposalOutcome } from '../../vscode/proposal';
import type { ShowProposal } from '../../vscode/rewriteJob';
import type { Services } from '../../vscode/services';

export interface InsertJobOptions {
  title: string;
  document: vscode.TextDocument;
  /** 0-based blank line the code goes on. */
  line: number;
  /** The declaration the line is inside (a class's members, a function's statements). */
  scope?: InsertionScope;
  instruction: string;
  tier: Tier;
}

/** routedGenerate remembers endpoints that reject predicted outputs; an insertion never sends one. */
const NO_PREDICTIONS = new Set<string>();

/**
 * Runs the job; resolves with the user's decision, or undefined when nothing was proposed.
 * `showProposal` is the extension bundle's review (this module ships in dist/inlineEdit.js).
 */
export async function runInsertJob(services: Services, options: InsertJobOptions, showProposal: ShowProposal): Promise<ProposalOutcome | undefined> {
  const { document, line, tier } = options;
  const name = document.uri.path.split('/').pop() || document.uri.toString();
  const baseVersion = document.version;
  const baseText = document.getText();
  // Line numbers are the same with LF; the prompt, the checks and the tree work on LF text.
  const text = baseText.replace(/\r\n/g, '\n');
  const window = contextWindow(text, line);
  const admitted = await admitDocumentJob(services, { title: options.title, document, text: windowText(text, window), lineOffset: window.firstLine }, { job: 'refactor' });
  if (!admitted) return undefined;

  const busy = services.status.busy(tier);
  try {
    const result = await withJobProgress(services, { title: `Gearshift: ${options.title} — ${name}, line ${line + 1}`, job: 'refactor', tier }, async ({ progress, signal, target, config }) => {
      progress.report({ message: `${target.model}: writing…` });
      let received = 0;
      const shown = throttledProgress<number>((lines) => progress.report({ message: `${target.model}: ${counted(lines, 'line')} written` }));
      return runInsertion({
        text,
        line,
        scope: options.scope,
        languageId: document.languageId,
        fileName: name,
        instruction: options.instruction,
        model: modelLimits(config, target.model),
        countTokens: (prompt) => services.tokenizer.count(prompt, target.model),
        generate: routedGenerate({ router: services.router, client: services.client, job: 'refactor', tier, config, predictionRejected: NO_PREDICTIONS, passage: admitted.passage }),
        syntax: rewriteSyntax(services.syntax),
        signal,
        onDelta: (delta) => {
          received += delta.split('\n').length - 1;
          shown.update(received);
        },
      }).finally(() => shown.dispose());
    });
    services.log.info(`${options.title} ${name}:${line + 1}: ${'code' in result ? `${counted(result.code.split('\n').length, 'line')} proposed` : `refused (${result.refusal.kind})`}, ${counted(result.requests, 'request')}`);
    if ('refusal' in result) {
      void vscode.window.showWarningMessage(`${options.title}: nothing inserted at line ${line + 1} of ${name} — ${result.refusal.reason}.`);
      return undefined;
    }
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    return await showProposal(services, {
      document,
      proposedText: result.replacement.replace(/\n/g, eol),
      title: `${options.title}: ${name} (${targetLabel({ kind: 'insert', line, scope: options.scope })})`,
      // In the coordinates of the text the request was made for (the review follows later edits).
      range: new vscode.Range(line, 0, line, text.split('\n')[line].length),
      baseText,
      baseVersion,
    });
  } catch (error) {
    void services.showError(error, () => runInsertJob(services, options, showProposal));
    return undefined;
  } finally {
    busy.dispose();
  }
}
