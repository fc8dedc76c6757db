// "Explain File as Markdown": streams the large model's explanation into an untitled Markdown
// document opened beside the file.
import * as vscode from 'vscode';
import { explainFileMessages } from '../../common/docs/prompts';
import { explainOutputTokens } from '../../common/docs/explainBudget';
import { throttledProgress } from '../../common/progressThrottle';
import { promptText } from '../../common/refactor/engine';
import { tokensReceived } from '../../common/refactor/progressText';
import { modelLimits } from '../../common/refactor/routedGenerate';
import { admitDocumentJob } from '../../vscode/gateDialog';
import { withJobProgress } from '../../vscode/jobProgress';
import type { Services } from '../../vscode/services';

const FLUSH_MS = 100;

/** Appends streamed text to a document in batches, one edit at a time. */
class DocumentAppender {
  private pending = '';
  private chain: Promise<unknown> = Promise.resolve();
  private timer?: ReturnType<typeof setTimeout>;
  private written = 0;

  constructor(private readonly document: vscode.TextDocument, private readonly headerLength: number) {}

  push(text: string): void {
    this.pending += text;
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush(): Promise<unknown> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const text = this.pending;
    this.pending = '';
    if (text) {
      this.written += text.length;
      this.chain = this.chain.then(() => this.edit((edit, end) => edit.insert(this.document.uri, end, text)));
    }
    return this.chain;
  }

  /** Drops what an earlier attempt wrote (the router may retry after a failure mid-stream). */
  restart(): Promise<unknown> {
    this.pending = '';
    if (!this.written) return this.chain;
    this.written = 0;
    this.chain = this.chain.then(() => this.edit((edit, end) => edit.delete(this.document.uri, new vscode.Range(this.document.positionAt(this.headerLength), end))));
    return this.chain;
  }

  private async edit(build: (edit: vscode.WorkspaceEdit, end: vscode.Position) => void): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    build(edit, this.document.lineAt(this.document.lineCount - 1).range.end);
    await vscode.workspace.applyEdit(edit);
  }
}

export async function explainFile(services: Services, document: vscode.TextDocument): Promise<void> {
  const name = document.uri.path.split('/').pop() || document.uri.toString();
  const admitted = await admitDocumentJob(services, { title: 'Explain File', document }, { job: 'explain' });
  if (!admitted) return;
  const busy = services.status.busy('large');
  try {
    // The shared frame learns the window the server really runs the model with: the answer is sized to it.
    await withJobProgress(services, { title: `Gearshift: Explain File — ${name}`, job: 'explain', tier: 'large' }, async ({ progress, signal, target, config }) => {
      progress.report({ message: `${target.model}: preparing…` });
      const limits = modelLimits(config, target.model);
      const messages = explainFileMessages(name, document.languageId, document.getText());
      const promptTokens = await services.tokenizer.count(promptText(messages), target.model);
      const maxTokens = explainOutputTokens(name, limits, promptTokens);
      const header = `# ${name}\n\n`;
      const output = await vscode.workspace.openTextDocument({ language: 'markdown', content: header });
      await vscode.window.showTextDocument(output, { viewColumn: vscode.ViewColumn.Beside, preview: false });
      const appender = new DocumentAppender(output, header.length);
      let received = 0;
      const shown = throttledProgress<number>((tokens) => progress.report({ message: tokensReceived(tokens) }));
      try {
        await services.router.run({
          job: 'explain',
          tier: 'large',
          promptTokens,
          maxOutputTokens: maxTokens,
          retry: true,
          signal,
          execute: async (routed) => {
            await appender.restart();
            return services.client.chat(routed.endpoint, admitted.passage.seal({
              model: routed.model,
              messages,
              maxTokens: routed.maxOutputTokens ?? maxTokens,
              temperature: config.temperature,
              timeouts: config.timeouts,
              signal,
              onDelta: (delta) => {
                appender.push(delta);
                shown.update(++received);
              },
            }));
          },
        });
      } finally {
        shown.dispose();
        await appender.flush();
      }
    });
  } catch (error) {
    void services.showError(error, () => explainFile(services, document));
  } finally {
    busy.dispose();
  }
}
