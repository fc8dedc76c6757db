// The frame of a user-started streamed job (refactor, docs, inline edit, explain): a cancellable
// notification whose Cancel aborts the requests, and the routed target with its server's facts
// known before the job sizes its prompt to the window.
import * as vscode from 'vscode';
import type { GearshiftConfig } from '../common/config';
import type { Job, Tier } from '../common/llm';
import type { RouteTarget } from '../common/router';
import type { Services } from './services';

export interface JobContext {
  progress: vscode.Progress<{ message?: string }>;
  signal: AbortSignal;
  target: RouteTarget;
  config: GearshiftConfig;
}

export async function withJobProgress<T>(services: Services, options: { title: string; job: Job; tier: Tier }, run: (job: JobContext) => Promise<T>): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: options.title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      const target = await services.router.target(options.job, options.tier);
      // The prompt is sized to the window the server really runs the model with.
      await services.servers.ensure(target.endpoint, [target.model], controller.signal);
      return await run({ progress, signal: controller.signal, target, config: services.config() });
    } finally {
      cancel.dispose();
    }
  });
}
