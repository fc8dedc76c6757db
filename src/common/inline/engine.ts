// The inline engine: the one pipeline the VS Code provider, the CLI and the bench all run.
// Memory and don't-trigger rules first (synchronous), then the request manager, context packing,
// transport with fallback through the router (fast tier, no retry, no escalation), post-processing.
// One keystroke in three files: features/inline/provider.ts snapshots the document → provide()
// here decides the shape (./shape) and hands one EngineRequest to the request manager, which calls
// fetch() (context, prompt, ./transport.ts: the HTTP request) and returns the answer it streamed,
// finalized for the cursor (./postprocess), back up the same calls.
import { lookupModel } from '../catalog';
import type { GearshiftConfig } from '../config';
import { isLocalEndpoint } from '../endpoint';
import { EndpointError, isEndpointError } from '../errors';
import type { FimTransport, GenerationResult, LlmClient, ProbeResult } from '../llm';
import { isGateRefusal, type OutboundGate, type Passage } from '../gate';
import type { Logger } from '../logger';
import type { Router, RouteTarget } from '../router';
import type { SyntaxService } from '../syntax/types';
import { windowOf, type ServerFacts } from '../serverFacts';
import { packContext, type ContextChunk } from './context';
import type { DocContext, WindowBudget } from './document';
import { finalizeCompletion } from './postprocess';
import { completionShape } from './shape';
import { RequestManager, type ManagedRequest, type ServedOrigin } from './requestManager';
import { isAtLineStart, skipReason } from './triggers';
import { StageTimer, type Clock, type StageTimings } from './timings';
import { isTransportRejection, sendOverTransport, TransportMemory, type ModelFacts, type TransportCall } from './transport';
import type { FimPieces } from './templates';

export type InlineEngineStatus = { kind: 'ready' } | { kind: 'error'; detail: string };

export interface InlineEngineDeps {
  client: LlmClient;
  router: Router;
  /** Exclusions and secret redaction for every request this engine sends. */
  gate: OutboundGate;
  config(): GearshiftConfig;
  estimateTokens(text: string): number;
  /** Remembered "Test Endpoint" result. */
  probe?(endpointId: string, model: string): ProbeResult | undefined;
  /** What discovery found about the endpoint's server (its kind orders the transports). */
  server?(endpointId: string): ServerFacts | undefined;
  log: Logger;
  /** Syntax trees for multi-line decisions and cuts; without it (or a grammar) heuristics decide. */
  syntax?: SyntaxService;
  onStatus?(status: InlineEngineStatus): void;
  /** Called after each network request that produced an answer (for the bench and diagnostics). */
  onRequestDone?(meta: RequestMeta): void;
  clock?: Clock;
}

export interface InlineQuery {
  ctx: DocContext;
  signal: AbortSignal;
  /** Context from other files (already without excluded files); only called when a request goes out. */
  context?: () => ContextChunk[];
  /** Alt+\ : ignore the don't-trigger rules and the throttle. */
  manual?: boolean;
  /** Speculative request after an accept: nobody waits for it. */
  prefetch?: boolean;
  /** The suggest widget's selected item ends the name at the cursor: it is whole, not mid-identifier. */
  completedWord?: boolean;
  repoName?: string;
  /** A timer that already holds the caller's snapshot time. */
  timer?: StageTimer;
}

export interface RequestMeta {
  transport?: FimTransport;
  model: string;
  promptTokens: number;
  promptTokensReported: boolean;
  ttftMs?: number;
  durationMs?: number;
}

export interface InlineSuggestion {
  text: string;
  origin: ServedOrigin;
  multiline: boolean;
  meta?: RequestMeta;
  timings: StageTimings;
}

/** One keystroke's request as it travels: provide() → manager → fetch()/finalize(), all stages reading it. */
interface EngineRequest extends ManagedRequest {
  query: InlineQuery;
  /** Stage timings of the keystroke that made this request. */
  timer: StageTimer;
}

/** Share of the character budget for the prefix and the suffix; the rest (a third) is for other files. */
const PREFIX_SHARE = 0.5;
const SUFFIX_SHARE = 0.17;
const SINGLE_LINE_MAX_TOKENS = 64;

export class InlineEngine {
  readonly manager: RequestManager<RequestMeta, EngineRequest>;
  readonly transports = new TransportMemory();
  private authProblem: string | undefined;
  private lastStatus: InlineEngineStatus['kind'] = 'ready';
  private targetBaseUrl: string | undefined;

  constructor(private readonly deps: InlineEngineDeps) {
    this.manager = new RequestManager<RequestMeta, EngineRequest>({
      fetch: (request, signal, onText) => this.fetch(request, signal, onText),
      finalize: (raw, request) => this.finalize(raw, request),
      throttleMs: () => deps.config().inline.throttleMs,
      hotStreak: () => this.speculative(),
    });
    this.refreshTarget();
  }

  /** Window sizes for the caller's document snapshot. */
  windowBudget(): WindowBudget {
    const chars = this.deps.config().inline.contextChars;
    return { prefixChars: Math.floor(chars * PREFIX_SHARE), suffixChars: Math.floor(chars * SUFFIX_SHARE) };
  }

  async provide(query: InlineQuery): Promise<InlineSuggestion | undefined> {
    const timer = query.timer ?? new StageTimer(this.deps.clock);
    const { ctx } = query;
    if (this.authProblem) return undefined;
    if (!query.prefetch) timer.measure('memory', () => this.manager.observe(ctx));
    const rule = query.manual ? undefined : timer.measure('memory', () => skipReason(ctx));
    const skip = rule === 'mid-identifier' && query.completedWord ? undefined : rule;
    if (skip && skip !== 'mid-identifier') return undefined;
    const shape = timer.measure('syntax', () => completionShape(ctx, this.deps.syntax));
    const request: EngineRequest = { ctx, shape, immediate: Boolean(query.manual || query.prefetch) || isAtLineStart(ctx), query, timer };
    const remembered = timer.measure('memory', () => this.manager.fromMemory(request));
    // Mid-identifier only what is already shown or cached is served; Alt+\ (manual) asks anyway.
    if (!remembered && skip === 'mid-identifier') return undefined;
    const served = remembered ?? (await this.manager.get(request, query.signal));
    if (!served || query.signal.aborted) return undefined;
    return { text: served.text, origin: served.origin, multiline: request.shape.multiline, meta: served.meta, timings: timer.timings };
  }

  /**
   * Loads what decides the shape of answers in this language (its grammar). A caller asking once
   * (the CLI) awaits it; the editor need not: keystrokes before it loaded use the heuristics.
   */
  async prepare(languageId: string): Promise<void> {
    await this.deps.syntax?.load(languageId);
  }

  /** After an accept: ask for what comes next before the user needs it (local endpoints by default). */
  prefetch(ctx: DocContext, context?: () => ContextChunk[]): void {
    if (!this.speculative() || this.authProblem) return;
    void this.provide({ ctx, context, prefetch: true, signal: new AbortController().signal });
  }

  /** The user shows this suggestion: typing what it says keeps serving it. */
  markShown(ctx: DocContext, text: string): void {
    this.manager.memory.markShown(ctx, text);
  }

  /** Settings or the API key changed: forget auth failures, transport verdicts and cached answers. */
  reset(): void {
    this.authProblem = undefined;
    this.transports.clear();
    this.manager.abortAll();
    this.manager.memory.clear();
    this.setStatus({ kind: 'ready' });
    this.refreshTarget();
  }

  private speculative(): boolean {
    const setting = this.deps.config().inline.speculative;
    if (setting !== 'auto') return setting === 'on';
    return this.targetBaseUrl !== undefined && isLocalEndpoint(this.targetBaseUrl);
  }

  private refreshTarget(): void {
    this.deps.router.target('inline', 'fast').then(
      (target) => (this.targetBaseUrl = target.endpoint.baseUrl),
      () => undefined,
    );
  }

  /** Post-processing time belongs to the request whose cursor it serves. */
  private finalize(raw: string, request: EngineRequest): string | undefined {
    return request.timer.measure('postprocess', () => finalizeCompletion(raw, request.ctx, request.shape));
  }

  private async fetch(request: EngineRequest, signal: AbortSignal, onText: (text: string) => void) {
    const config = this.deps.config();
    const { timer, query } = request;
    const { ctx } = request;
    const candidates = timer.measure('context', () => query.context?.() ?? []);
    let admitted;
    try {
      // Excluded files never reach the packer, so they cannot take budget from the ones that may go.
      admitted = timer.measure('prompt', () => this.deps.gate.admit({ job: 'inline', subject: { path: ctx.relativePath }, context: candidates }));
    } catch (error) {
      if (!isGateRefusal(error)) throw error;
      this.deps.log.debug(`inline: ${error.message}`);
      return { text: '', meta: { model: '', promptTokens: 0, promptTokensReported: false } };
    }
    // Sealing (the redaction of the finished body) is gate time too: counted in the prompt stage.
    const gated = admitted.passage;
    const passage: Passage = { job: gated.job, seal: (request) => timer.measure('prompt', () => gated.seal(request)) };
    const redacted = timer.measure('context', (): FimPieces => {
      const budget = config.inline.contextChars - this.windowBudget().prefixChars - this.windowBudget().suffixChars;
      const chunks = packContext(admitted.context, budget);
      return { prefix: ctx.prefix, suffix: ctx.suffix, path: ctx.relativePath, languageId: ctx.languageId, chunks, repoName: query.repoName };
    });
    const promptText = redacted.prefix + redacted.suffix + redacted.chunks.map((c) => c.text).join('');
    const promptTokens = this.deps.estimateTokens(promptText);
    const hotStreak = this.speculative();
    const maxTokens = request.shape.multiline || request.shape.lineMayContinue || hotStreak ? config.maxTokens.fast : Math.min(SINGLE_LINE_MAX_TOKENS, config.maxTokens.fast);
    let transport: FimTransport | undefined;
    const call: Omit<TransportCall, 'transport' | 'fimFormat' | 'model'> = {
      pieces: redacted,
      passage,
      multiline: request.shape.multiline,
      maxTokens,
      timeoutMs: config.timeouts.inlineMs,
      linePrefix: ctx.linePrefix,
      signal,
      onText,
    };
    try {
      const routed = await this.deps.router.run({
        job: 'inline',
        tier: 'fast',
        promptTokens,
        promptEstimated: true,
        maxOutputTokens: maxTokens,
        allowEscalation: false,
        retry: false,
        signal,
        execute: (target) => this.sendWithFallback(target, call, config, (t) => (transport = t)),
      });
      this.setStatus({ kind: 'ready' });
      const result = routed.result;
      const meta: RequestMeta = {
        transport,
        model: routed.target.model,
        promptTokens: result.usage.reported ? result.usage.promptTokens : promptTokens,
        promptTokensReported: result.usage.reported,
        ttftMs: result.ttftMs,
        durationMs: result.durationMs,
      };
      this.deps.onRequestDone?.(meta);
      return { text: result.inlineText, meta };
    } catch (error) {
      if (signal.aborted) return { text: '', meta: { transport, model: '', promptTokens, promptTokensReported: false } };
      this.reportFailure(error);
      throw error;
    }
  }

  private async sendWithFallback(
    target: RouteTarget,
    call: Omit<TransportCall, 'transport' | 'fimFormat' | 'model'>,
    config: GearshiftConfig,
    chosen: (t: FimTransport) => void,
  ): Promise<GenerationResult & { inlineText: string }> {
    this.targetBaseUrl = target.endpoint.baseUrl;
    const server = this.deps.server?.(target.endpoint.id);
    const facts = { ...modelFacts(target.model, config), serverKind: server?.kind };
    const slotTokens = server?.kind === 'llamacpp' ? windowOf(server, target.model) : undefined;
    const candidates = this.transports.candidates(target.endpoint.id, target.model, facts, config.inline.transport, this.deps.probe?.(target.endpoint.id, target.model));
    for (let i = 0; ; i++) {
      const transport = candidates[i];
      chosen(transport);
      const started = Date.now();
      try {
        const sent = await sendOverTransport(this.deps.client, target.endpoint, { ...call, transport, fimFormat: facts.fimFormat, model: target.model, slotTokens });
        if (!call.signal.aborted) this.transports.confirm(target.endpoint.id, target.model, transport);
        const result: GenerationResult = sent.result ?? {
          text: sent.text,
          usage: { promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0, reported: false },
          finishReason: 'aborted-by-client',
          durationMs: Date.now() - started,
          endpointId: target.endpoint.id,
          model: target.model,
        };
        return { ...result, inlineText: sent.rejected ? '' : sent.text };
      } catch (error) {
        const next = candidates[i + 1];
        if (!next || call.signal.aborted || !isTransportRejection(error)) throw error;
        this.transports.reject(target.endpoint.id, target.model, transport);
        this.deps.log.info(`inline: ${target.model} at ${target.endpoint.id} rejected transport ${transport} (${errorText(error)}); using ${next} from now on`);
      }
    }
  }

  private reportFailure(error: unknown): void {
    if (isEndpointError(error) && (error.reason === 'auth' || error.reason === 'forbidden')) {
      // One clear status, then silence until the key or the settings change: no storm of 401s.
      this.authProblem = error.message;
      this.deps.log.warn(`inline: paused after an authentication error (${error.status ?? error.reason}); set the API key or change settings to resume`);
      this.setStatus({ kind: 'error', detail: 'API key rejected — inline suggestions paused. Run "Gearshift: Set API Key".' });
      return;
    }
    const detail = isEndpointError(error) && error.reason === 'timeout' ? 'Inline suggestion timed out' : `Inline suggestion failed: ${errorText(error)}`;
    this.deps.log.warn(`inline: ${detail}`);
    this.setStatus({ kind: 'error', detail });
  }

  private setStatus(status: InlineEngineStatus): void {
    if (status.kind === this.lastStatus && status.kind === 'ready') return;
    this.lastStatus = status.kind;
    this.deps.onStatus?.(status);
  }
}

function modelFacts(model: string, config: GearshiftConfig): ModelFacts {
  const { info, known } = lookupModel(model, config.models.overrides);
  return { fimFormat: info.fimFormat, chatOnly: info.chatOnly, known };
}

function errorText(error: unknown): string {
  if (error instanceof EndpointError) return `${error.reason}${error.status ? ` ${error.status}` : ''}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
