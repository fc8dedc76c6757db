// Settings adapter: reads `gearshift.*` through the engine's validator, re-reads on change and logs
// each validation problem once.
import * as vscode from 'vscode';
import { readConfig, type GearshiftConfig } from '../common/config';
import type { Logger } from '../common/logger';

/**
 * Settings that decide where code is sent. A cloned repository must not redirect it, so only the
 * user's own (global) value counts, never a workspace or folder value.
 */
export const USER_ONLY_SETTINGS: ReadonlySet<string> = new Set([
  'endpoint.baseUrl',
  'endpoint.headers',
  'endpoint.failover',
  'network.caCertificates',
]);

export function readSettings(section: vscode.WorkspaceConfiguration): ReturnType<typeof readConfig> {
  return readConfig((key) => {
    if (!USER_ONLY_SETTINGS.has(key)) return section.get(key);
    const inspected = section.inspect(key);
    return inspected?.globalValue ?? inspected?.defaultValue;
  });
}

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
