// On/off and snooze for inline suggestions (status bar menu and commands), remembered across sessions.
import * as vscode from 'vscode';
import type { InlineStatus } from '../../vscode/services';

const ENABLED_KEY = 'gearshift.inline.enabled';
const SNOOZED_KEY = 'gearshift.inline.snoozedUntil';
export const SNOOZE_MS = 30 * 60_000;

export class InlineSwitch implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly state: vscode.Memento,
    private readonly onChange: (status: InlineStatus) => void,
  ) {
    this.armSnoozeEnd();
  }

  get enabled(): boolean {
    return this.state.get<boolean>(ENABLED_KEY, true);
  }

  get snoozedUntil(): number {
    const until = this.state.get<number>(SNOOZED_KEY, 0);
    return until > Date.now() ? until : 0;
  }

  /** Suggestions may be requested while typing. */
  get active(): boolean {
    return this.enabled && this.snoozedUntil === 0;
  }

  status(): InlineStatus {
    if (!this.enabled) return { kind: 'disabled' };
    const until = this.snoozedUntil;
    return until ? { kind: 'snoozed', until } : { kind: 'ready' };
  }

  async toggle(): Promise<void> {
    const turnOn = !this.active;
    await this.state.update(ENABLED_KEY, turnOn);
    await this.state.update(SNOOZED_KEY, 0);
    this.armSnoozeEnd();
  }

  async snooze(): Promise<void> {
    await this.state.update(SNOOZED_KEY, Date.now() + SNOOZE_MS);
    this.armSnoozeEnd();
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private armSnoozeEnd(): void {
    clearTimeout(this.timer);
    const until = this.snoozedUntil;
    if (until) this.timer = setTimeout(() => this.armSnoozeEnd(), until - Date.now() + 50);
    this.onChange(this.status());
  }
}
