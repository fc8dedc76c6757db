// The contract between the engine (common/) and the transport (node/client). Pure types.
import type { EndpointError } from './errors';
import type { Sealed } from './gate';
import type { ServerFacts, ServerKind } from './serverFacts';

export type Tier = 'fast' | 'large';
export type Job = 'inline' | 'chat' | 'docs' | 'refactor' | 'explain' | 'probe';

/** One OpenAI-compatible endpoint. The API key is resolved from SecretStorage just before use. */
export interface EndpointConfig {
  /** Stable id used for the secret's key and the probe cache: the normalized base URL. */
  id: string;
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
  apiKey?: string;
}

export type ChatContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } };

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | ChatContentPart[];
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  cachedPromptTokens: number;
  /** True when the server reported usage; false when we counted it ourselves. */
  reported: boolean;
}

export interface TimeoutPolicy {
  connectMs: number;
  firstTokenMs: number;
  idleMs: number;
  totalMs: number;
}

interface RequestBase {
  model: string;
  maxTokens?: number;
  temperature?: number;
  /** Full stop list; the client sends what the server accepts and enforces the rest itself. */
  stop?: string[];
  signal?: AbortSignal;
  timeouts?: Partial<TimeoutPolicy>;
  /** Called with each text delta as it streams. */
  onDelta?: (text: string) => void;
}

export interface ChatRequest extends RequestBase {
  messages: ChatMessage[];
  /** Predicted output (OpenAI `prediction`) for full rewrites, where supported. */
  prediction?: string;
}

export interface CompletionRequest extends RequestBase {
  prompt: string;
  /** Sent as `suffix` when set (Ollama, gpt-3.5-turbo-instruct, DeepSeek beta). */
  suffix?: string;
  /** Path below the base URL; default `completions`. DeepSeek uses `../beta/completions`. */
  path?: string;
}

export interface InfillRequest extends RequestBase {
  inputPrefix: string;
  inputSuffix: string;
  /** llama.cpp `input_extra`: context chunks from other files. */
  inputExtra?: { filename: string; text: string }[];
  prompt?: string;
}

export interface FimRequest extends RequestBase {
  prompt: string;
  suffix: string;
}

export type FinishReason = 'stop' | 'length' | 'aborted-by-client' | 'unknown';

export interface GenerationResult {
  text: string;
  usage: Usage;
  finishReason: FinishReason;
  /** ms from request start to first token; undefined when no token arrived. */
  ttftMs?: number;
  durationMs: number;
  endpointId: string;
  model: string;
}

export type FimTransport = 'fim-template' | 'completions-suffix' | 'infill' | 'fim-endpoint' | 'deepseek-beta' | 'chat';

/** What "Test Endpoint" found; remembered per endpoint+model. */
export interface ProbeResult {
  endpointId: string;
  model: string;
  at: number;
  models?: string[];
  chat: ProbeOutcome;
  transports: Partial<Record<FimTransport, ProbeOutcome>>;
  /** What the server published about itself (discovery), when the client can ask. */
  server?: { kind: ServerKind; contextWindow?: number; slots?: number };
  /** The key was refused: no transport was judged (a verdict would blame the transport). */
  authFailed?: boolean;
}

export interface ProbeOutcome {
  ok: boolean;
  latencyMs?: number;
  detail?: string;
  error?: Pick<EndpointError, 'reason' | 'message'>;
}

/**
 * Implemented by node/client; the engine only sees this. Requests must come out of the outbound
 * gate (gate.ts: passage.seal), so no feature can send a prompt around exclusions and redaction.
 */
export interface LlmClient {
  chat(endpoint: EndpointConfig, request: Sealed<ChatRequest>): Promise<GenerationResult>;
  complete(endpoint: EndpointConfig, request: Sealed<CompletionRequest>): Promise<GenerationResult>;
  infill(endpoint: EndpointConfig, request: Sealed<InfillRequest>): Promise<GenerationResult>;
  fim(endpoint: EndpointConfig, request: Sealed<FimRequest>): Promise<GenerationResult>;
  listModels(endpoint: EndpointConfig, signal?: AbortSignal): Promise<string[]>;
  /** What the server publishes about itself and these models (node/discovery); never throws for a missing fact. */
  discover?(endpoint: EndpointConfig, models: string[], signal?: AbortSignal): Promise<ServerFacts>;
}
