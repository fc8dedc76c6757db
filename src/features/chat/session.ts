// One chat: the open conversation, the context chips waiting to be sent, the model pick and the
// running request. Turns page messages into routed requests and streams answers back.
import * as vscode from 'vscode';
import { costUsd, lookupModel } from '../../common/catalog';
import { IMAGE_TOKENS, contentText, toChip, type ContextItem, type HistoryExchange } from '../../common/chat/context';
import { imageRefusal, planChat, promptWindow, type PrepareInput } from '../../common/chat/prepare';
import { createConversation, editedPrompt, exchangeAround, titleFromText, toConversationView, toTurnView, type Conversation, type StoredTurn } from '../../common/chat/conversation';
import { RETRY_REASONS, type ErrorView, type HostMessage, type RetryReason, type TokenInfo, type TurnView } from '../../common/chat/protocol';
import { isLocalEndpoint } from '../../common/endpoint';
import { isEndpointError } from '../../common/errors';
import type { Passage } from '../../common/gate';
import type { ChatMessage } from '../../common/llm';
import type { RetryNotice } from '../../common/router';
import { redactSecrets } from '../../common/redact';
import type { ConversationStore } from '../../node/conversationStore';
import type { Services } from '../../vscode/services';
import { effectiveSelection, modelOptions } from './models';
import { chatPrepareInput, plannedRoute, planSend, type PlannedRoute } from './plan';

/** Per workspace (window): two windows each resume their own conversation, not the last one saved anywhere. */
const LAST_CONVERSATION_KEY = 'gearshift.chat.lastConversation';
const MODEL_KEY = 'gearshift.chat.model';
const COUNT_CACHE_SIZE = 500;
/** How long one send or token display may wait for exact counts before estimating. */
const COUNT_BUDGET_MS = 1500;
const LIST_MODELS_TIMEOUT_MS = 5000;
const BUSY_NOTICE = 'An answer is still streaming. Stop it first (Escape).';

interface Running {
  controller: AbortController;
  turn: StoredTurn;
}

/** A question about to be asked: what the user typed, and what goes to the model with it. */
interface Question {
  rawText: string;
  /** The text handed to prepareChat: rawText, or for an edit the context blocks sent before plus the new text. */
  promptText: string;
  items: readonly ContextItem[];
  /** Chip labels shown on the question. */
  context: string[];
}

export class ChatSession implements vscode.Disposable {
  private conversation: Conversation | undefined;
  private loading: Promise<Conversation> | undefined;
  private items: ContextItem[] = [];
  private running: Running | undefined;
  private draft = '';
  private tokenRequest = 0;
  /** Images of sent user turns (not persisted: they are large), so Retry can resend them. */
  private readonly sentImages = new Map<string, ContextItem[]>();
  private readonly counts = new Map<string, number>();
  private readonly itemTokens = new Map<string, number>();
  /** The models the endpoint lists (empty until listed, or when it does not list them). */
  private listed: string[] = [];

  constructor(
    private readonly services: Services,
    private readonly store: ConversationStore,
    private readonly post: (message: HostMessage) => void,
  ) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  get selection(): string {
    return effectiveSelection(this.services.config(), this.services.context.globalState.get<string>(MODEL_KEY), this.listed);
  }

  async current(): Promise<Conversation> {
    if (this.conversation) return this.conversation;
    this.loading ??= (async () => {
      const lastId = this.services.context.workspaceState.get<string>(LAST_CONVERSATION_KEY);
      const loaded = lastId ? await this.store.load(lastId).catch((error: unknown) => {
        this.services.log.error(`Chat: could not load conversation ${lastId}: ${String(error)}`);
        return undefined;
      }) : undefined;
      this.conversation ??= loaded ?? createConversation(crypto.randomUUID(), Date.now());
      return this.conversation;
    })();
    return this.loading;
  }

  /** Starts the tokenizer (its worker loads rank files on first use) before the first send needs it. */
  warmUp(): void {
    void this.services.tokenizer.count('warm up', this.route().model).catch(() => undefined);
  }

  /** Everything the page shows, for a fresh or reloaded page. */
  async state(): Promise<HostMessage> {
    const conversation = await this.current();
    const view = toConversationView(conversation);
    if (this.running) {
      const live = view.turns.find((turn) => turn.id === this.running!.turn.id);
      if (live) live.status = 'streaming';
    }
    const config = this.services.config();
    return {
      type: 'state',
      conversation: view,
      models: modelOptions(config, this.listed),
      selectedModel: this.selection,
      chips: this.items.map((item) => toChip(item, this.itemTokens.get(item.id))),
      busy: this.busy,
    };
  }

  async open(conversation: Conversation): Promise<void> {
    this.stop('stopped: another conversation was opened');
    this.conversation = conversation;
    await this.services.context.workspaceState.update(LAST_CONVERSATION_KEY, conversation.id);
    this.post(await this.state());
  }

  async newConversation(): Promise<void> {
    const current = await this.current();
    if (!current.turns.length) return;
    await this.open(createConversation(crypto.randomUUID(), Date.now()));
  }

  async rename(title: string): Promise<void> {
    const conversation = await this.current();
    conversation.title = title;
    await this.save(conversation);
    this.post(await this.state());
  }

  /** Called when a conversation was deleted from history: leave it if it is the open one. */
  async forget(id: string): Promise<void> {
    if (this.conversation?.id === id) await this.open(createConversation(crypto.randomUUID(), Date.now()));
  }

  /**
   * Asks the endpoint for its models so the picker offers all of them. Never asks an endpoint that
   * needs a key while none is set (that request could only fail, and would leak the attempt).
   */
  async refreshModels(): Promise<void> {
    try {
      const { endpoint } = await this.services.router.target('chat', 'fast');
      if (!endpoint.apiKey && !isLocalEndpoint(endpoint.baseUrl)) return;
      this.listed = await this.services.client.listModels(endpoint, AbortSignal.timeout(LIST_MODELS_TIMEOUT_MS));
      this.post({ type: 'models', models: modelOptions(this.services.config(), this.listed), selectedModel: this.selection });
    } catch (error) {
      this.services.log.debug(`Chat: the endpoint did not list its models: ${String(error)}`);
    }
  }

  private offers(model: string): boolean {
    return modelOptions(this.services.config(), this.listed).some((option) => option.id === model);
  }

  async selectModel(model: string): Promise<void> {
    if (!this.offers(model)) return;
    await this.services.context.globalState.update(MODEL_KEY, model);
    const images = this.items.filter((item) => item.imageUrl);
    if (images.length && !this.supportsImages(this.route().model)) {
      this.post({ type: 'notice', level: 'warning', text: imageRefusal(this.route().model) });
    }
    void this.updateTokens();
  }

  addItem(item: ContextItem): void {
    if (item.imageUrl && !this.supportsImages(this.route().model)) {
      this.post({ type: 'notice', level: 'error', text: imageRefusal(this.route().model) });
      return;
    }
    this.items.push(item);
    void this.countItem(item);
    this.postChips();
  }

  removeItem(id: string): void {
    this.items = this.items.filter((item) => item.id !== id);
    this.postChips();
  }

  setDraft(text: string): void {
    this.draft = text;
    void this.updateTokens();
  }

  notice(level: 'info' | 'warning' | 'error', text: string): void {
    this.post({ type: 'notice', level, text });
  }

  stop(reason = 'stopped by the user'): void {
    if (!this.running) return;
    this.services.log.info(`chat: answer ${this.running.turn.id} ${reason}`);
    this.running.controller.abort();
  }

  /** Sends what the user typed with the attached chips. */
  async send(rawText: string): Promise<void> {
    if (this.running) {
      this.notice('warning', BUSY_NOTICE);
      this.post({ type: 'prefill', text: rawText });
      return;
    }
    const conversation = await this.current();
    const items = this.items;
    const asked = await this.ask(conversation, conversation.turns.length, { rawText, promptText: rawText, items, context: items.map((item) => item.label) });
    if (!asked) return;
    this.items = [];
    this.postChips();
    await asked();
  }

  /**
   * Runs the latest question again: Retry after a failed or stopped answer, Regenerate after a
   * finished one — with `model` instead of the picked one when given.
   */
  async retry(turnId: string, model?: string): Promise<void> {
    if (this.running) return this.notice('warning', BUSY_NOTICE);
    if (model !== undefined && !this.offers(model)) return;
    const conversation = await this.current();
    const index = conversation.turns.findIndex((turn) => turn.id === turnId);
    const userTurn = conversation.turns[index - 1];
    if (index !== conversation.turns.length - 1 || userTurn?.role !== 'user') {
      this.notice('info', 'Only the latest answer can be retried.');
      return;
    }
    // The stored text already holds the context blocks that were sent; images come from memory.
    const { passage, items } = await this.admit(this.sentImages.get(userTurn.id) ?? []);
    const { route, prepared } = await this.plan(model ?? this.selection, userTurn.sentText ?? userTurn.text, items, this.history(conversation.turns.slice(0, index - 1)));
    if (prepared.kind === 'refused') {
      this.notice('error', prepared.reason);
      return;
    }
    conversation.turns.splice(index, 1);
    this.post(await this.state());
    await this.answer(conversation, passage, prepared.messages, prepared.promptTokens, route, prepared.notice);
  }

  /** Resends an edited question with the context it was first sent with; the turns after it give way to the new answer. */
  async edit(turnId: string, text: string): Promise<void> {
    if (this.running) return this.notice('warning', BUSY_NOTICE);
    const rawText = text.trim();
    const conversation = await this.current();
    const index = conversation.turns.findIndex((turn) => turn.id === turnId && turn.role === 'user');
    if (index < 0 || !rawText) return;
    const original = conversation.turns[index];
    const asked = await this.ask(conversation, index, {
      rawText,
      promptText: editedPrompt(original, rawText),
      items: this.sentImages.get(original.id) ?? [],
      context: original.context ?? [],
    });
    await asked?.();
  }

  /** Deletes the question and answer the turn belongs to. */
  async deleteExchange(turnId: string): Promise<void> {
    if (this.running) return this.notice('warning', BUSY_NOTICE);
    const conversation = await this.current();
    const range = exchangeAround(conversation.turns, turnId);
    if (!range) return;
    for (const turn of conversation.turns.splice(range.start, range.end - range.start)) this.sentImages.delete(turn.id);
    await this.save(conversation);
    this.post(await this.state());
  }

  /** The stored text of an answer (its live text while it streams): what its code-block buttons write. */
  async answerText(turnId: string): Promise<string | undefined> {
    return (await this.current()).turns.find((turn) => turn.id === turnId && turn.role === 'assistant')?.text;
  }

  /** Copies the whole stored text of a turn (not what the page rendered). */
  async copy(turnId: string): Promise<void> {
    const turn = (await this.current()).turns.find((candidate) => candidate.id === turnId);
    if (turn) await vscode.env.clipboard.writeText(turn.text);
  }

  /**
   * Prepares `question` to replace the turns from `at` on and records it; returns the step that
   * streams its answer, or undefined when it was refused (then nothing was changed).
   */
  private async ask(conversation: Conversation, at: number, question: Question): Promise<(() => Promise<void>) | undefined> {
    const { passage, items } = await this.admit(question.items);
    const { route, prepared } = await this.plan(this.selection, question.promptText, items, this.history(conversation.turns.slice(0, at)));
    if (prepared.kind === 'refused') {
      this.notice('error', prepared.reason);
      this.post({ type: 'prefill', text: question.rawText });
      return undefined;
    }
    const replaced = conversation.turns.splice(at);
    for (const turn of replaced) this.sentImages.delete(turn.id);
    if (replaced.length) this.post(await this.state());
    const userTurn: StoredTurn = {
      id: crypto.randomUUID(),
      role: 'user',
      text: question.rawText,
      sentText: contentText(prepared.userContent),
      at: Date.now(),
      status: 'done',
      context: question.context,
    };
    // Kept without their name lines: those are in sentText already, which Retry and Edit reuse.
    const sentImages = prepared.sentItems.filter((item) => item.imageUrl).map((item) => ({ ...item, text: '' }));
    if (sentImages.length) this.sentImages.set(userTurn.id, sentImages);
    if (!conversation.turns.length) conversation.title = titleFromText(question.rawText);
    conversation.turns.push(userTurn);
    this.post({ type: 'turnStart', turn: toTurnView(userTurn) });
    await this.save(conversation);
    return () => this.answer(conversation, passage, prepared.messages, prepared.promptTokens, route, prepared.notice);
  }

  /**
   * The outbound gate for a message: chips from files excluded since they were attached are left
   * out (with a notice), and the maintained secret rules scan the chips before they are sealed.
   */
  private async admit(items: readonly ContextItem[]): Promise<{ passage: Passage; items: ContextItem[] }> {
    const { gate } = this.services;
    await gate.scanDeep(items.filter((item) => item.text).map((item) => ({ source: `chat:${item.id}`, version: 0, text: item.text, path: item.path })))
      .catch((error: unknown) => this.services.log.warn(`Chat: secret scan failed: ${String(error)}`));
    const admitted = gate.admit({ job: 'chat', context: items });
    if (admitted.dropped.length) this.notice('warning', `Left out ${admitted.dropped.join(', ')}: excluded or not text, never sent.`);
    return { passage: admitted.passage, items: admitted.context };
  }

  private async answer(conversation: Conversation, passage: Passage, messages: ChatMessage[], promptTokens: number, route: PlannedRoute, notice?: string): Promise<void> {
    const { services } = this;
    const turn: StoredTurn = { id: crypto.randomUUID(), role: 'assistant', text: '', at: Date.now(), status: 'streaming' };
    conversation.turns.push(turn);
    const controller = new AbortController();
    this.running = { controller, turn };
    this.post({ type: 'turnStart', turn: liveTurnView(turn) });
    this.post({ type: 'busy', busy: true });
    const started = Date.now();
    let error: ErrorView | undefined;
    try {
      const routed = await services.router.run({
        job: 'chat',
        tier: route.tier,
        model: route.model,
        promptTokens,
        maxOutputTokens: route.maxOutputTokens,
        allowEscalation: route.allowEscalation,
        retry: true,
        onRetry: (notice) => {
          if (isRetryReason(notice.reason)) this.post({ type: 'retrying', turnId: turn.id, ...notice, reason: notice.reason });
        },
        signal: controller.signal,
        execute: (target) => {
          if (turn.text) {
            // A retry after a partial answer starts the turn over on the page.
            turn.text = '';
            this.post({ type: 'turnStart', turn: liveTurnView(turn) });
          }
          return services.client.chat(target.endpoint, passage.seal({
            model: target.model,
            messages,
            maxTokens: target.maxOutputTokens,
            temperature: services.config().temperature,
            signal: controller.signal,
            onDelta: (text) => {
              turn.text += text;
              this.post({ type: 'delta', turnId: turn.id, text });
            },
          }));
        },
      });
      const { result, target } = routed;
      turn.text = result.text || turn.text;
      turn.status = result.finishReason === 'aborted-by-client' || controller.signal.aborted ? 'stopped' : 'done';
      turn.meta = {
        model: target.model,
        tier: target.tier,
        promptTokens: result.usage.promptTokens,
        completionTokens: result.usage.completionTokens,
        costUsd: costUsd(lookupModel(target.model, services.config().models.overrides).info, result.usage),
        latencyMs: Date.now() - started,
        ttftMs: result.ttftMs,
        escalated: routed.escalated,
        failedOver: routed.failedOver,
      };
      if (routed.escalated && !notice) notice = `Sent to the large model ${target.model}: the prompt did not fit ${route.model}.`;
      if (result.finishReason === 'length') notice = [notice, 'The answer hit the output limit and may be cut off.'].filter(Boolean).join(' ');
    } catch (caught) {
      if (controller.signal.aborted || (isEndpointError(caught) && caught.reason === 'cancelled')) {
        turn.status = 'stopped';
      } else {
        turn.status = 'error';
        const message = redactSecrets(caught instanceof Error ? caught.message : String(caught));
        error = { message, actions: isEndpointError(caught) ? [...caught.actions] : ['show-log'] };
        if (!error.actions.includes('show-log')) error.actions.push('show-log');
        services.log.error(`Chat: ${isEndpointError(caught) ? `[${caught.reason}] ` : ''}${message}`);
      }
    } finally {
      this.running = undefined;
    }
    turn.error = error;
    turn.notice = notice;
    services.log.info(`chat: answer ${turn.id} ${turn.status}, ${turn.text.length} chars, ${Date.now() - started} ms`);
    conversation.updatedAt = Date.now();
    this.post({ type: 'turnEnd', turnId: turn.id, status: turn.status, meta: turn.meta, error, notice });
    this.post({ type: 'busy', busy: false });
    await this.save(conversation);
  }

  private async save(conversation: Conversation): Promise<void> {
    conversation.updatedAt = Date.now();
    try {
      await this.store.save(conversation);
      await this.services.context.workspaceState.update(LAST_CONVERSATION_KEY, conversation.id);
    } catch (error) {
      this.services.log.error(`Chat: could not save the conversation: ${String(error)}`);
      this.notice('error', `Could not save this conversation: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private route(): PlannedRoute {
    return plannedRoute(this.services.config(), this.selection);
  }

  /** Plans a send against the window the server serves (asked first); counts get their budget once it is known. */
  private plan(selection: string, promptText: string, items: readonly ContextItem[], history: readonly HistoryExchange[]) {
    return planSend(this.services, selection, { promptText, items, history, counter: (model) => this.counter(model) });
  }

  /** Counts for one send or display: all of them share one COUNT_BUDGET_MS from now. */
  private counter(model: string): (text: string) => Promise<number> {
    const deadline = Date.now() + COUNT_BUDGET_MS;
    return (text) => this.count(text, model, deadline);
  }

  private supportsImages(model: string): boolean {
    return lookupModel(model, this.services.config().models.overrides).info.vision;
  }

  /** Finished exchanges, oldest first, as they were sent (context included). */
  private history(turns: readonly StoredTurn[]): HistoryExchange[] {
    const exchanges: HistoryExchange[] = [];
    for (let index = 0; index + 1 < turns.length; index++) {
      const [user, assistant] = [turns[index], turns[index + 1]];
      if (user.role !== 'user' || assistant.role !== 'assistant') continue;
      if (assistant.text && (assistant.status === 'done' || assistant.status === 'stopped')) {
        exchanges.push({ user: user.sentText ?? user.text, assistant: assistant.text });
      }
      index++;
    }
    return exchanges;
  }

  /**
   * Exact counts, memoized (history and chips are recounted after every typing pause). A send
   * never waits long for them: past `deadline` (e.g. while the tokenizer worker is still loading
   * its ranks) the cheap estimate stands in, which errs on the large side for code.
   */
  private count(text: string, model: string, deadline = Date.now() + COUNT_BUDGET_MS): Promise<number> {
    if (!text) return Promise.resolve(0);
    const key = `${model}\u0000${text}`;
    const cached = this.counts.get(key);
    if (cached !== undefined) return Promise.resolve(cached);
    const exact = this.services.tokenizer.count(text, model).then((tokens) => {
      if (this.counts.size >= COUNT_CACHE_SIZE) this.counts.delete(this.counts.keys().next().value!);
      this.counts.set(key, tokens);
      return tokens;
    });
    const estimate = this.services.tokenizer.estimate(text);
    const wait = deadline - Date.now();
    if (wait <= 0) return Promise.resolve(estimate);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fallback = new Promise<number>((resolve) => {
      timer = setTimeout(() => resolve(estimate), wait);
    });
    return Promise.race([exact.catch(() => estimate), fallback]).finally(() => clearTimeout(timer));
  }

  private async countItem(item: ContextItem): Promise<void> {
    const tokens = item.imageUrl ? IMAGE_TOKENS : await this.count(item.text, this.route().model);
    this.itemTokens.set(item.id, tokens);
    if (this.items.includes(item)) this.postChips();
  }

  private prepareInput(promptText: string, items: readonly ContextItem[], history: readonly HistoryExchange[], route: PlannedRoute): PrepareInput {
    return chatPrepareInput(this.services.config(), route, { promptText, items, history }, this.counter(route.model));
  }

  /** Recounts what would be sent with the current draft; stale answers are dropped. */
  private async updateTokens(): Promise<void> {
    const request = ++this.tokenRequest;
    try {
      const conversation = await this.current();
      const route = this.route();
      const plan = await planChat(this.prepareInput(this.draft, this.items, this.history(conversation.turns), route));
      if (request !== this.tokenRequest) return;
      const info = lookupModel(route.model, this.services.config().models.overrides).info;
      const tokens: TokenInfo = { count: plan.total, window: promptWindow({ name: route.model, info, maxOutputTokens: route.maxOutputTokens }), model: route.model, plan: plan.kind };
      this.post({ type: 'tokens', tokens });
    } catch (error) {
      this.services.log.debug(`Chat: token count failed: ${String(error)}`);
    }
  }

  private postChips(): void {
    this.post({ type: 'chips', chips: this.items.map((item) => toChip(item, this.itemTokens.get(item.id))) });
    void this.updateTokens();
  }

  dispose(): void {
    this.stop();
  }
}

function isRetryReason(reason: RetryNotice['reason']): reason is RetryReason {
  return (RETRY_REASONS as readonly string[]).includes(reason);
}

/** toTurnView shows a saved 'streaming' turn as stopped (it was interrupted); this one is live. */
function liveTurnView(turn: StoredTurn): TurnView {
  return { ...toTurnView(turn), status: 'streaming' };
}
