// Where a page's main-thread CPU time goes, from a Chromium trace: each trace event's own time
// (its duration minus that of the events nested in it), summed by the phase it belongs to. The
// Performance domain's counters name only script, style and layout; this also shows the paint
// lifecycle (paint, pre-paint, compositing, layerization, commit) and the observers
// (content-visibility's viewport checks, ResizeObserver, scroll anchoring). Tracing slows the page
// down, so the bench records it only on request.

/** The part of a CDP session this needs (playwright-core's CDPSession fits). */
export interface TraceCdp {
  send(method: 'Tracing.start', params: object): Promise<unknown>;
  send(method: 'Tracing.end'): Promise<unknown>;
  on(event: 'Tracing.dataCollected', listener: (data: { value: TraceEvent[] }) => void): unknown;
  once(event: 'Tracing.tracingComplete', listener: () => void): unknown;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** CPU time of the event's thread during it, in µs. */
  tdur?: number;
  args?: { name?: string };
}

export const TRACE_PHASES = ['script', 'style', 'layout', 'paint', 'observers', 'other'] as const;
export type TracePhase = (typeof TRACE_PHASES)[number];

const PHASE_OF: [TracePhase, RegExp][] = [
  ['script', /^(FunctionCall|EvaluateScript|v8\.|V8\.|RunMicrotasks|EventDispatch|ParseHTML|HTMLDocumentParser|MessagePort|SerializedScriptValue|FireAnimationFrame|TimerFire|MinorGC|MajorGC)/],
  ['style', /recalcStyle|UpdateLayoutTree|rebuildLayoutTree|updateStyle|ScheduleStyle/],
  ['layout', /performLayout|^Layout$|InlineNode|UpdateStyleAndLayout/],
  ['paint', /Paint|CompositingInputs|[Cc]ommit|CullRect|UpdateLifecycle|Layerize|ScrollTree|BeginMainFrame/],
  ['observers', /IntersectionObserver|ResizeObserver|ScrollAnchor/],
];

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink', 'cc', 'toplevel'];

export async function startMainThreadTrace(cdp: TraceCdp): Promise<{ stop(): Promise<Record<TracePhase, number>> }> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => events.push(...data.value));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: CATEGORIES } });
  return {
    async stop() {
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      return cpuByPhase(events);
    },
  };
}

/** CPU ms per phase on the renderer main thread that ran the page's script (the one with the most script events). */
function cpuByPhase(events: readonly TraceEvent[]): Record<TracePhase, number> {
  const scriptCalls = new Map<string, number>();
  for (const event of events) {
    if (event.name === 'FunctionCall') scriptCalls.set(`${event.pid}:${event.tid}`, (scriptCalls.get(`${event.pid}:${event.tid}`) ?? 0) + 1);
  }
  const main = [...scriptCalls].sort((a, b) => b[1] - a[1])[0]?.[0];
  const timed = events
    .filter((event) => `${event.pid}:${event.tid}` === main && event.ph === 'X' && event.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const totals = Object.fromEntries(TRACE_PHASES.map((phase) => [phase, 0])) as Record<TracePhase, number>;
  const open: TraceEvent[] = [];
  for (const event of timed) {
    while (open.length && open[open.length - 1].ts + open[open.length - 1].dur! <= event.ts) open.pop();
    const parent = open[open.length - 1];
    if (parent) totals[phaseOf(parent.name)] -= event.tdur ?? 0;
    totals[phaseOf(event.name)] += event.tdur ?? 0;
    open.push(event);
  }
  for (const phase of TRACE_PHASES) totals[phase] = Math.round(totals[phase] / 1000);
  return totals;
}

function phaseOf(name: string): TracePhase {
  return PHASE_OF.find(([, pattern]) => pattern.test(name))?.[0] ?? 'other';
}
