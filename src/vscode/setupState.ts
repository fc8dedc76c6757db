// Is Gearshift set up? Unconfigured means the primary endpoint is a provider that needs an API key
// and none is stored (the default OpenAI URL on a fresh install). The status bar, the chat view and
// the request gate all read this one answer, re-checked whenever settings or secrets change.
import * as vscode from 'vscode';
import type { GearshiftConfig } from '../common/config';
import { lacksRequiredKey } from '../common/keyRequirement';
import type { ApiKeyStore } from './apiKeys';
import { findEndpoint, withKey } from './endpoints';
import type { SetupStatus } from './services';

export class SetupState implements SetupStatus, vscode.Disposable {
  private last = false;
  private pending: Promise<boolean> | undefined;
  private readonly changed = new vscode.EventEmitter<boolean>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly config: () => GearshiftConfig,
    private readonly keys: ApiKeyStore,
    onDidChangeConfig: vscode.Event<unknown>,
    secrets: vscode.SecretStorage,
  ) {
    const recheck = () => {
      this.pending = undefined;
      void this.check();
    };
    this.subscriptions = [onDidChangeConfig(recheck), secrets.onDidChange(recheck)];
    void this.check();
  }

  get needed(): boolean {
    return this.last;
  }

  check(): Promise<boolean> {
    this.pending ??= this.evaluate();
    return this.pending;
  }

  private async evaluate(): Promise<boolean> {
    const primary = findEndpoint(this.config());
    const needed = primary ? lacksRequiredKey(await withKey(primary, this.keys)) : false;
    if (needed !== this.last) {
      this.last = needed;
      this.changed.fire(needed);
    }
    return needed;
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.changed.dispose();
  }
}
