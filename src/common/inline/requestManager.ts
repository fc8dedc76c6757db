// Owns every inline network request: memory first, a short throttle that replaces the previous
// tail, reuse of in-flight requests, aborting only requests the user diverged from, and recycling
// (any answer that lands is re-tested against everything still waiting).
import type { DocContext } from './document';
import { AdaptiveThrottle } from './adaptiveThrottle';
import { CompletionMemory, typedSince, type MemoryOrigin } from './memory';
import type { CompletionShape } from './shape';

export type ServedOrigin = MemoryOrigin | 'recycled' | 'network';

export interface ManagedRequest {
  ctx: DocContext;
  /** Single- or multi-line, and where an answer for this cursor ends. */
  shape: CompletionShape;
  /** Skip the throttle: start of a line, a manual trigger, a prefetch. */
  immediate: boolean;
}

export interface FetchResult<M> {
  /** Completion text from the request's cursor on (already cleaned of transport noise). */
  text: string;
  meta: M;
}

/** Performs one network request; reports the accumulated text as it streams. Resolves with what
 *  arrived (also when the manager aborted it because it had enough). */
export type Fetcher<M, R extends ManagedRequest = ManagedRequest> = (request: R, signal: AbortSignal, onText: (text: string) => void) => Promise<FetchResult<M>>;

export interface Served<M> {
  /** The finalized suggestion for the caller's cursor. */
  text: string;
  origin: ServedOrigin;
  /** The request that produced it, when it came from the network (own or recycled). */
  meta?: M;
}

/** `R`: the caller's request type, handed back as it is to `fetch` and `finalize` (no side tables). */
export interface RequestManagerOptions<M, R extends ManagedRequest = ManagedRequest> {
  fetch: Fetcher<M, R>;
  /** Turns raw text from the cursor on into the suggestion for this request, or nothing. */
  finalize(raw: string, request: R): string | undefined;
  throttleMs(): number;
  /** Keep streaming after the asked shape is complete, to cache the following lines. */
  hotStreak(): boolean;
  memory?: CompletionMemory;
  maxInFlight?: number;
}

/** Lines kept beyond the first when the hot streak is on. */
const HOT_STREAK_EXTRA_LINES = 6;

interface Source<M, R extends ManagedRequest> {
  request: R;
  controller: AbortController;
  text: string;
  /** What the request answered for its own cursor (whole lines only while it streams). */
  answer?: string;
  firstReached: boolean;
  finished: boolean;
  meta?: M;
  stoppedByUs: boolean;
}

export class RequestManager<M, R extends ManagedRequest = ManagedRequest> {
  readonly memory: CompletionMemory;
  /** Judges answers by what is typed next and stretches the throttle while they miss. */
  readonly pace = new AdaptiveThrottle();
  private readonly sources = new Set<Source<M, R>>();
  private listeners = new Set<() => void>();
  private tail: (() => void) | undefined;
  /** Network requests started (for the bench and the ledger). */
  requestsStarted = 0;

  constructor(private readonly options: RequestManagerOptions<M, R>) {
    this.memory = options.memory ?? new CompletionMemory();
  }

  /** The user is at `ctx` now (every keystroke, before anything else): judges earlier answers. */
  observe(ctx: DocContext): void {
    this.pace.observe(ctx);
  }

  /** Memory only, synchronously: the cheap path taken on every keystroke first. */
  fromMemory(request: R): Served<M> | undefined {
    const hit = this.memory.lookup(request.ctx);
    if (!hit) return undefined;
    const text = this.options.finalize(hit.text, request);
    return text === undefined ? undefined : { text, origin: hit.origin };
  }

  /**
   * Memory knows the current line is complete here (a remembered answer goes on with a new line):
   * a single-line request would only come back empty, so none is sent.
   */
  knowsLineEnds(request: R): boolean {
    return !request.shape.multiline && this.memory.lookup(request.ctx)?.text.startsWith('\n') === true;
  }

  /** The full path; resolves undefined when the caller's signal aborts or nothing fits. */
  async get(request: R, signal: AbortSignal): Promise<Served<M> | undefined> {
    this.abortDiverged(request);
    const remembered = this.fromMemory(request);
    if (remembered) return remembered;
    if (this.knowsLineEnds(request)) return undefined;

    // Reuse an in-flight request the user is typing along with.
    let reused = this.consistentSource(request);
    while (reused && !signal.aborted) {
      await this.nextEvent(signal);
      const served = this.fromMemory(request);
      if (served) return { ...served, origin: served.origin === 'cache' ? 'recycled' : served.origin, meta: reused.meta };
      reused = this.consistentSource(request);
    }
    if (signal.aborted) return undefined;

    if (!request.immediate) {
      const go = await this.throttle(request, signal);
      if (go !== 'go') return typeof go === 'object' ? go : undefined;
    }

    // The own answer goes straight from the stream to the caller (the memory keeps it for the
    // keystrokes after); while it streams, another request's answer landing may serve first.
    const own = this.start(request);
    while (!signal.aborted) {
      if (own.answer !== undefined) {
        const text = this.options.finalize(own.answer, request);
        return text === undefined ? undefined : { text, origin: 'network', meta: own.meta };
      }
      if (own.finished) return undefined;
      const recycled = this.fromMemory(request);
      if (recycled) return { ...recycled, origin: recycled.origin === 'cache' ? 'recycled' : recycled.origin };
      await this.nextEvent(signal);
    }
    return undefined;
  }

  /** Aborts everything (document closed, settings changed). */
  abortAll(): void {
    for (const source of this.sources) source.controller.abort();
  }

  get inFlight(): number {
    return this.sources.size;
  }

  /** Waits the throttle, replacing the previous waiting request; an answer landing meanwhile serves it. */
  private async throttle(request: R, signal: AbortSignal): Promise<'go' | 'dropped' | Served<M>> {
    this.tail?.();
    let replaced = false;
    const mine = () => {
      replaced = true;
    };
    this.tail = mine;
    const deadline = Date.now() + this.pace.waitMs(this.options.throttleMs());
    while (!replaced && !signal.aborted) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await this.nextEvent(signal, left);
      const served = this.fromMemory(request);
      if (served) return { ...served, origin: served.origin === 'cache' ? 'recycled' : served.origin };
    }
    if (this.tail === mine) this.tail = undefined;
    return replaced || signal.aborted ? 'dropped' : 'go';
  }

  private start(request: R): Source<M, R> {
    const source: Source<M, R> = { request, controller: new AbortController(), text: '', firstReached: false, finished: false, stoppedByUs: false };
    this.sources.add(source);
    this.requestsStarted++;
    if (this.sources.size > (this.options.maxInFlight ?? 3)) {
      const oldest = this.sources.values().next().value;
      oldest?.controller.abort();
    }
    const hotStreak = this.options.hotStreak();
    const stop = () => {
      source.stoppedByUs = true;
      source.controller.abort();
    };
    const onText = (text: string) => {
      source.text = text;
      if (!source.firstReached) {
        if (request.shape.truncate(text, false).complete) {
          source.firstReached = true;
          source.answer = wholeLines(text);
          this.memory.remember(request.ctx, source.answer);
          this.pace.answered(request.ctx, text);
          // A stopped stream settles at once: waiting for that serves the answer with its request's
          // facts (transport, model, tokens); a hot streak goes on streaming, so it serves now.
          if (hotStreak) this.emit();
          else stop();
        }
      } else if (hotStreak && lineCount(text) > HOT_STREAK_EXTRA_LINES + 1) {
        stop();
      }
    };
    this.options
      .fetch(request, source.controller.signal, onText)
      .then(
        (result) => {
          source.meta = result.meta;
          const aborted = source.controller.signal.aborted;
          // A stream cut short keeps only whole lines; one cut before its first line keeps nothing.
          if (!aborted) source.answer = result.text;
          else if (source.firstReached || source.stoppedByUs) source.answer = wholeLines(result.text);
          if (source.answer !== undefined) this.memory.remember(request.ctx, source.answer);
          if (!aborted && !source.firstReached) this.pace.answered(request.ctx, result.text);
        },
        () => undefined,
      )
      .finally(() => {
        source.finished = true;
        this.sources.delete(source);
        this.emit();
      });
    return source;
  }

  /** Stops requests whose answer can no longer fit what the user has in front of them. */
  private abortDiverged(request: R): void {
    for (const source of this.sources) {
      if (!isConsistent(source, request)) source.controller.abort();
    }
  }

  private consistentSource(request: R): Source<M, R> | undefined {
    for (const source of this.sources) if (!source.finished && isConsistent(source, request)) return source;
    return undefined;
  }

  /** Resolves on the next landing/finish of any request, on abort, or after `timeoutMs`. */
  private nextEvent(signal: AbortSignal, timeoutMs?: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.listeners.delete(done);
        signal.removeEventListener('abort', done);
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, timeoutMs);
      this.listeners.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private emit(): void {
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener();
  }
}

function isConsistent<M, R extends ManagedRequest>(source: Source<M, R>, request: R): boolean {
  const typed = typedSince(source.request.ctx, request.ctx);
  if (typed === undefined) return false;
  return source.text.startsWith(typed) || (!source.firstReached && typed.startsWith(source.text));
}

function wholeLines(text: string): string {
  const end = text.lastIndexOf('\n');
  return end < 0 ? text : text.slice(0, end + 1);
}

function lineCount(text: string): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
