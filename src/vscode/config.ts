// Settings adapter: reads `gearshift.*` through the engine's validator, re-reads on change and logs
// each validation problem once.
import * as vscode from 'vscode';
import type { GearshiftConfig } from '../common/config';
import type { Logger } from '../common/logger';
import { readSettings } from './settingsReader';

export class ConfigSource implements vscode.Disposable {
  private current: GearshiftConfig;
  private readonly reported = new Set<string>();
  private readonly changed = new vscode.EventEmitter<GearshiftConfig>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: Logger) {
    this.current = this.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('gearshift')) return;
      this.current = this.read();
      this.changed.fire(this.current);
    });
  }

  get(): GearshiftConfig {
    return this.current;
  }

  private read(): GearshiftConfig {
    const { config, problems } = readSettings(vscode.workspace.getConfiguration('gearshift'));
    for (const problem of problems) {
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      this.log.warn(`Settings: ${problem}`);
    }
    return config;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
