// Host→page batching: stream deltas are held for one frame (~16 ms) and merged per turn, so a fast
// model costs the page one message per frame instead of one per token. Every other message flushes
// at once (keeping order), so a turn's end or an error never waits.
import type { HostMessage } from './protocol';

export const BATCH_INTERVAL_MS = 16;

export class MessageBatcher {
  private pending: HostMessage[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly send: (message: HostMessage) => void, private readonly intervalMs = BATCH_INTERVAL_MS) {}

  push(message: HostMessage): void {
    const last = this.pending[this.pending.length - 1];
    if (message.type === 'delta' && last?.type === 'delta' && last.turnId === message.turnId) {
      this.pending[this.pending.length - 1] = { ...last, text: last.text + message.text };
    } else {
      this.pending.push(message);
    }
    if (message.type !== 'delta') this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.length) return;
    const messages = this.pending;
    this.pending = [];
    this.send(messages.length === 1 ? messages[0] : { type: 'batch', messages });
  }

  /** Drops what is pending (a full state message is about to replace it). */
  discard(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}
