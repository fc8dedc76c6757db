// The one status bar item: both tiers' models, a spinner while any request is in flight, the inline
// state, and a click menu with the common actions.
import * as vscode from 'vscode';
import type { GearshiftConfig } from '../common/config';
import type { Job, Tier } from '../common/llm';
import { configuredEndpoints } from './endpoints';
import type { InlineStatus, SetupStatus, StatusIndicator } from './services';
import { problemFrom, statusText, statusTooltip, type JobProblem, type StatusView } from './statusText';

export const STATUS_MENU_COMMAND = 'gearshift.statusMenu';
export const OPEN_WALKTHROUGH_COMMAND = 'gearshift.openWalkthrough';

export class StatusBar implements StatusIndicator, vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gearshift.status', vscode.StatusBarAlignment.Right, 100);
  private inline: InlineStatus = { kind: 'ready' };
  private busyCount = 0;
  private problem: JobProblem | undefined;
  private readonly setupSubscription: vscode.Disposable;

  constructor(
    private readonly config: () => GearshiftConfig,
    private readonly setup: SetupStatus,
  ) {
    this.item.name = 'Gearshift';
    this.item.command = STATUS_MENU_COMMAND;
    this.setupSubscription = setup.onDidChange(() => this.render());
    this.render();
    this.item.show();
  }

  reportOutcome(job: Job, error?: unknown): void {
    if (error === undefined) {
      if (!this.problem) return;
      this.problem = undefined;
    } else {
      const problem = problemFrom(job, error);
      if (!problem) return;
      this.problem = problem;
    }
    this.render();
  }

  busy(_tier: Tier): vscode.Disposable {
    this.busyCount++;
    this.render();
    let done = false;
    return new vscode.Disposable(() => {
      if (done) return;
      done = true;
      this.busyCount--;
      this.render();
    });
  }

  setInline(status: InlineStatus): void {
    this.inline = status;
    this.render();
  }

  /** Re-renders after a settings change (models or endpoint). */
  refresh(): void {
    this.render();
  }

  /** The current view, for tests and the menu. */
  get view(): StatusView {
    const config = this.config();
    return {
      fastModel: config.models.fast,
      largeModel: config.models.large,
      endpointName: configuredEndpoints(config)[0].name,
      inline: this.inline,
      busy: this.busyCount,
      setupNeeded: this.setup.needed,
      problem: this.problem,
    };
  }

  get text(): string {
    return this.item.text;
  }

  private render(): void {
    const view = this.view;
    this.item.text = statusText(view);
    const tooltip = new vscode.MarkdownString(statusTooltip(view));
    this.item.tooltip = tooltip;
    const warn = view.setupNeeded || view.problem !== undefined || view.inline.kind === 'error';
    this.item.backgroundColor = warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.setupSubscription.dispose();
    this.item.dispose();
  }
}

interface MenuItem extends vscode.QuickPickItem {
  command: string;
}

/** The click menu. Inline toggle/snooze belong to the inline feature; a missing one is only logged. */
export async function showStatusMenu(status: StatusBar, log: vscode.LogOutputChannel): Promise<void> {
  const inlineOff = status.view.inline.kind === 'disabled' || status.view.inline.kind === 'snoozed';
  const setup: MenuItem[] = status.view.setupNeeded
    ? [{ label: '$(rocket) Set up Gearshift (walkthrough)', command: OPEN_WALKTHROUGH_COMMAND }]
    : [];
  const items: MenuItem[] = [
    ...setup,
    {
      label: inlineOff ? '$(play) Enable Inline Suggestions' : '$(circle-slash) Disable Inline Suggestions',
      command: 'gearshift.inline.toggle',
    },
    { label: '$(clock) Snooze Inline Suggestions for 30 Minutes', command: 'gearshift.inline.snooze' },
    { label: '$(plug) Choose Endpoint…', command: 'gearshift.chooseEndpoint' },
    { label: '$(pulse) Test Endpoint', command: 'gearshift.testEndpoint' },
    { label: '$(key) Set API Key…', command: 'gearshift.setApiKey' },
    { label: '$(graph) Show Usage', command: 'gearshift.showUsage' },
    { label: '$(output) Show Log', command: 'gearshift.showLog' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Gearshift', placeHolder: status.view.endpointName });
  if (!picked) return;
  try {
    await vscode.commands.executeCommand(picked.command);
  } catch (error) {
    log.error(`Status menu: ${picked.command} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
