// OpenAI accepts at most four stop sequences; callers may want more (inline completion stops at
// several block endings). The client sends the first few and enforces the whole list here, on the
// streamed text, holding back only what could still turn into a stop sequence across chunk borders.

/** Stop sequences sent on the wire; the rest are enforced client-side. */
export const WIRE_STOP_LIMIT = 4;

export function wireStops(stop: string[] | undefined, limit = WIRE_STOP_LIMIT): string[] | undefined {
  const usable = (stop ?? []).filter((s) => s.length > 0);
  return usable.length ? usable.slice(0, limit) : undefined;
}

export class StopScanner {
  private readonly stops: string[];
  private pending = '';
  private stopped = false;

  constructor(stops: string[] | undefined) {
    this.stops = (stops ?? []).filter((s) => s.length > 0);
  }

  get hasStopped(): boolean {
    return this.stopped;
  }

  /** Feeds a delta; returns the text that is now certain to be output (may be empty). */
  push(delta: string): string {
    if (this.stopped) return '';
    if (this.stops.length === 0) return delta;
    this.pending += delta;
    const cut = this.earliestStop();
    if (cut >= 0) {
      this.stopped = true;
      const out = this.pending.slice(0, cut);
      this.pending = '';
      return out;
    }
    const keep = this.heldBackLength();
    const out = this.pending.slice(0, this.pending.length - keep);
    this.pending = this.pending.slice(this.pending.length - keep);
    return out;
  }

  /** The held-back tail once the stream ended: it never became a stop sequence. */
  flush(): string {
    const out = this.stopped ? '' : this.pending;
    this.pending = '';
    return out;
  }

  private earliestStop(): number {
    let earliest = -1;
    for (const stop of this.stops) {
      const index = this.pending.indexOf(stop);
      if (index >= 0 && (earliest < 0 || index < earliest)) earliest = index;
    }
    return earliest;
  }

  /** Length of the longest tail of `pending` that is a proper prefix of some stop sequence. */
  private heldBackLength(): number {
    let longest = 0;
    for (const stop of this.stops) {
      for (let length = Math.min(stop.length - 1, this.pending.length); length > longest; length--) {
        if (this.pending.endsWith(stop.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }
}
