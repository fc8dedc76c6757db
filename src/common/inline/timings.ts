// Per-stage timings of one inline request on a monotonic clock (network time is not a stage).
/** `syntax`: parsing the window around the cursor (incrementally) for the request's shape. */
export type Stage = 'snapshot' | 'memory' | 'syntax' | 'context' | 'prompt' | 'postprocess';

export type StageTimings = Record<Stage, number>;

export type Clock = () => number;

export const monotonicClock: Clock = () => performance.now();

export class StageTimer {
  readonly timings: StageTimings = { snapshot: 0, memory: 0, syntax: 0, context: 0, prompt: 0, postprocess: 0 };
  /** Time already attributed to nested stages, per open measurement. */
  private readonly nested: number[] = [];

  constructor(private readonly clock: Clock = monotonicClock) {}

  /** Runs `fn` and adds its own time (minus nested stages) to `stage`. */
  measure<T>(stage: Stage, fn: () => T): T {
    const start = this.clock();
    this.nested.push(0);
    try {
      return fn();
    } finally {
      const inner = this.nested.pop() ?? 0;
      const elapsed = this.clock() - start;
      this.timings[stage] += elapsed - inner;
      if (this.nested.length) this.nested[this.nested.length - 1] += elapsed;
    }
  }

  add(stage: Stage, ms: number): void {
    this.timings[stage] += ms;
  }

  /** Extension time for the request: every stage, network excluded. */
  get total(): number {
    const t = this.timings;
    return t.snapshot + t.memory + t.syntax + t.context + t.prompt + t.postprocess;
  }
}
