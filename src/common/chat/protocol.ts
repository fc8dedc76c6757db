// The one message protocol between the chat host (features/chat) and the page (webview).
// Every message is checked with these guards on arrival, on both sides: the page is untrusted
// from the host's point of view, and the host's data includes untrusted model output.
import type { EndpointErrorReason, ErrorAction } from '../errors';
import {
  isArrayOf, isBoolean, isNumber, isObject, isOneOf, isString, isTagged, optional, type Guard,
} from './guard';
import { isSetupActionMessage, isSetupMessage, type SetupAction, type SetupView } from './setupPanel';

const ERROR_ACTIONS = ['set-api-key', 'open-settings', 'show-log', 'retry', 'choose-model'] as const satisfies readonly ErrorAction[];
export const CONTEXT_KINDS = ['selection', 'file', 'problems', 'terminal', 'image'] as const;
export type ContextKind = (typeof CONTEXT_KINDS)[number];
/** What the page can ask the host to attach; `pickFile` opens the @file picker. */
export const CONTEXT_REQUESTS = ['selection', 'file', 'problems', 'terminal', 'pickFile'] as const;
export type ContextRequest = (typeof CONTEXT_REQUESTS)[number];
export const CODE_ACTIONS = ['copy', 'insert', 'apply', 'newFile'] as const;
export type CodeAction = (typeof CODE_ACTIONS)[number];
export const TURN_STATUSES = ['done', 'streaming', 'error', 'stopped'] as const;
export type TurnStatus = (typeof TURN_STATUSES)[number];
export const MODEL_GROUPS = ['Fast', 'Large', 'Other'] as const;
export type ModelGroup = (typeof MODEL_GROUPS)[number];
export const RETRY_REASONS = ['rate-limited', 'timeout', 'server', 'network'] as const satisfies readonly EndpointErrorReason[];
export type RetryReason = (typeof RETRY_REASONS)[number];
export const VIEW_COMMANDS = ['newConversation', 'showHistory', 'export'] as const;
export type ViewCommand = (typeof VIEW_COMMANDS)[number];

/** Largest pasted image accepted as a data URL (about 7.5 MB of image bytes). */
export const MAX_IMAGE_DATA_URL = 10_000_000;
const MAX_TEXT = 2_000_000;
/** Servers such as OpenRouter list hundreds of models; the picker shows them all. */
const MAX_MODELS = 2000;

export interface ContextChip {
  id: string;
  kind: ContextKind;
  label: string;
  /** Longer description for the tooltip (path, line range). */
  detail?: string;
  tokens?: number;
}

export interface AnswerMeta {
  model: string;
  tier?: 'fast' | 'large';
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  ttftMs?: number;
  escalated: boolean;
  failedOver: boolean;
}

export interface ErrorView {
  message: string;
  actions: ErrorAction[];
}

export interface TurnView {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  status: TurnStatus;
  /** Labels of the context chips sent with a user turn. */
  context?: string[];
  meta?: AnswerMeta;
  error?: ErrorView;
  /** A visible note on the answer, e.g. that it escalated to the large tier or context was trimmed. */
  notice?: string;
}

export interface ModelOption {
  /** Value sent back in selectModel: 'fast', 'large' or a model name. */
  id: string;
  label: string;
  group: ModelGroup;
}

export interface TokenInfo {
  count: number;
  window: number;
  model: string;
  plan: 'fits' | 'trim' | 'escalate' | 'too-large';
}

export interface ConversationView {
  id: string;
  title: string;
  turns: TurnView[];
}

export type HostMessage =
  | { type: 'state'; conversation: ConversationView; models: ModelOption[]; selectedModel: string; chips: ContextChip[]; busy: boolean }
  | { type: 'turnStart'; turn: TurnView }
  | { type: 'delta'; turnId: string; text: string }
  | { type: 'turnEnd'; turnId: string; status: TurnStatus; meta?: AnswerMeta; error?: ErrorView; notice?: string }
  | { type: 'chips'; chips: ContextChip[] }
  | { type: 'tokens'; tokens: TokenInfo }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; text: string }
  | { type: 'busy'; busy: boolean }
  | { type: 'prefill'; text: string }
  | { type: 'models'; models: ModelOption[]; selectedModel: string }
  /** A failed attempt of a streaming answer waits before the next one. */
  | { type: 'retrying'; turnId: string; reason: RetryReason; delayMs: number; attempt: number; maxAttempts: number }
  /** Unconfigured: the page shows the setup panel instead of its input; no `setup` hides it. */
  | { type: 'setup'; setup?: SetupView }
  | { type: 'batch'; messages: HostMessage[] };

export type PageMessage =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  /** Retry after an error, or regenerate the latest answer (with another model when given). */
  | { type: 'retry'; turnId: string; model?: string }
  | { type: 'copyTurn'; turnId: string }
  /** Deletes the exchange (question and answer) the turn belongs to. */
  | { type: 'deleteTurn'; turnId: string }
  /** Resends an edited question; the turns after it are replaced by the new answer. */
  | { type: 'editTurn'; turnId: string; text: string }
  | { type: 'errorAction'; action: ErrorAction }
  /** A code block of an answer, named by the answer line it starts on (see answerCode.ts): never its text. */
  | { type: 'code'; action: CodeAction; turnId: string; line: number }
  | { type: 'openLink'; href: string }
  | { type: 'addContext'; kind: ContextRequest }
  | { type: 'removeContext'; id: string }
  | { type: 'addImage'; name: string; dataUrl: string }
  | { type: 'draft'; text: string }
  | { type: 'selectModel'; model: string }
  | { type: 'command'; command: ViewCommand }
  | { type: 'setupAction'; action: SetupAction; id?: string };

const id = isString(200);
const isLineNumber: Guard<number> = (value): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const text = isString(MAX_TEXT);

const isErrorView: Guard<ErrorView> = isObject({ message: isString(10_000), actions: isArrayOf(isOneOf(ERROR_ACTIONS), 10) });

const isAnswerMeta: Guard<AnswerMeta> = isObject({
  model: isString(500),
  tier: optional(isOneOf(['fast', 'large'] as const)),
  promptTokens: isNumber,
  completionTokens: isNumber,
  costUsd: isNumber,
  latencyMs: isNumber,
  ttftMs: optional(isNumber),
  escalated: isBoolean,
  failedOver: isBoolean,
});

const isTurnView: Guard<TurnView> = isObject({
  id,
  role: isOneOf(['user', 'assistant'] as const),
  text,
  status: isOneOf(TURN_STATUSES),
  context: optional(isArrayOf(isString(1000), 100)),
  meta: optional(isAnswerMeta),
  error: optional(isErrorView),
  notice: optional(isString(2000)),
});

const isChip: Guard<ContextChip> = isObject({
  id,
  kind: isOneOf(CONTEXT_KINDS),
  label: isString(1000),
  detail: optional(isString(4000)),
  tokens: optional(isNumber),
});

const isModelOption: Guard<ModelOption> = isObject({ id: isString(500), label: isString(500), group: isOneOf(MODEL_GROUPS) });

const isTokenInfo: Guard<TokenInfo> = isObject({
  count: isNumber,
  window: isNumber,
  model: isString(500),
  plan: isOneOf(['fits', 'trim', 'escalate', 'too-large'] as const),
});

const isConversationView: Guard<ConversationView> = isObject({ id, title: isString(1000), turns: isArrayOf(isTurnView) });

// `batch` refers to the union itself, so the guard is declared as a function (hoisted).
export function isHostMessage(value: unknown): value is HostMessage {
  return isHostMessageUnion(value);
}

const isHostMessageUnion: Guard<HostMessage> = isTagged<HostMessage>({
  state: isObject({
    type: isOneOf(['state'] as const),
    conversation: isConversationView,
    models: isArrayOf(isModelOption, MAX_MODELS),
    selectedModel: isString(500),
    chips: isArrayOf(isChip, 200),
    busy: isBoolean,
  }),
  turnStart: isObject({ type: isOneOf(['turnStart'] as const), turn: isTurnView }),
  delta: isObject({ type: isOneOf(['delta'] as const), turnId: id, text }),
  turnEnd: isObject({
    type: isOneOf(['turnEnd'] as const),
    turnId: id,
    status: isOneOf(TURN_STATUSES),
    meta: optional(isAnswerMeta),
    error: optional(isErrorView),
    notice: optional(isString(2000)),
  }),
  chips: isObject({ type: isOneOf(['chips'] as const), chips: isArrayOf(isChip, 200) }),
  tokens: isObject({ type: isOneOf(['tokens'] as const), tokens: isTokenInfo }),
  notice: isObject({ type: isOneOf(['notice'] as const), level: isOneOf(['info', 'warning', 'error'] as const), text: isString(4000) }),
  busy: isObject({ type: isOneOf(['busy'] as const), busy: isBoolean }),
  prefill: isObject({ type: isOneOf(['prefill'] as const), text }),
  models: isObject({ type: isOneOf(['models'] as const), models: isArrayOf(isModelOption, MAX_MODELS), selectedModel: isString(500) }),
  retrying: isObject({
    type: isOneOf(['retrying'] as const),
    turnId: id,
    reason: isOneOf(RETRY_REASONS),
    delayMs: isNumber,
    attempt: isNumber,
    maxAttempts: isNumber,
  }),
  setup: isSetupMessage,
  batch: isObject({ type: isOneOf(['batch'] as const), messages: isArrayOf(isHostMessage, 100_000) }),
});

export const isPageMessage: Guard<PageMessage> = isTagged<PageMessage>({
  ready: isObject({ type: isOneOf(['ready'] as const) }),
  send: isObject({ type: isOneOf(['send'] as const), text }),
  stop: isObject({ type: isOneOf(['stop'] as const) }),
  retry: isObject({ type: isOneOf(['retry'] as const), turnId: id, model: optional(isString(500)) }),
  copyTurn: isObject({ type: isOneOf(['copyTurn'] as const), turnId: id }),
  deleteTurn: isObject({ type: isOneOf(['deleteTurn'] as const), turnId: id }),
  editTurn: isObject({ type: isOneOf(['editTurn'] as const), turnId: id, text }),
  errorAction: isObject({ type: isOneOf(['errorAction'] as const), action: isOneOf(ERROR_ACTIONS) }),
  code: isObject({ type: isOneOf(['code'] as const), action: isOneOf(CODE_ACTIONS), turnId: id, line: isLineNumber }),
  openLink: isObject({ type: isOneOf(['openLink'] as const), href: isString(8000) }),
  addContext: isObject({ type: isOneOf(['addContext'] as const), kind: isOneOf(CONTEXT_REQUESTS) }),
  removeContext: isObject({ type: isOneOf(['removeContext'] as const), id }),
  addImage: isObject({ type: isOneOf(['addImage'] as const), name: isString(500), dataUrl: isString(MAX_IMAGE_DATA_URL) }),
  draft: isObject({ type: isOneOf(['draft'] as const), text }),
  selectModel: isObject({ type: isOneOf(['selectModel'] as const), model: isString(500) }),
  command: isObject({ type: isOneOf(['command'] as const), command: isOneOf(VIEW_COMMANDS) }),
  setupAction: isSetupActionMessage,
});

/** Only these image types may be pasted; the data URL prefix is checked before anything is decoded. */
export function isAllowedImageDataUrl(dataUrl: string): boolean {
  return /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(dataUrl) && dataUrl.length <= MAX_IMAGE_DATA_URL;
}

/** Links from model output open only on click, through the host, and only for web addresses. */
export function isOpenableLink(href: string): boolean {
  // Relative paths and anchors (common in READMEs) are refused without parsing: the parse of one
  // throws, and in Chromium that exception cost ~5x the parse of a web address.
  if (!mayBeWebAddress(href)) return false;
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Whether what a URL parser keeps of `href` starts with `h`, as every http(s) address does: the
 * parser drops leading C0 controls and spaces (and tabs and newlines anywhere), and a scheme
 * comes first.
 */
function mayBeWebAddress(href: string): boolean {
  let at = 0;
  while (at < href.length && href.charCodeAt(at) <= 0x20) at++;
  return (href.charCodeAt(at) | 0x20) === 0x68; // `h` or `H`
}
