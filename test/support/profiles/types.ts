// What a server profile can change in the local test server. The mock keeps doing what all servers
// share (pacing, stop lists, max_tokens, faults, recording); a profile supplies what differs from
// server to server: native routes, model listing, error dialect, rejected parameters, what happens
// to a prompt longer than the context, the streamed chunk shapes and how many requests run at once.
import type { AnswerPlan, MockRoute, RecordedRequest, WireFormat } from '../mockServer';

/** A complete HTTP answer, exactly as the server would send it. */
export interface ProfileReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What the server does with a prompt: answers it (reporting what it kept and took from cache) or refuses. */
export type Admission =
  /** promptTokens below what was sent: the server cut the prompt silently. */
  | { kind: 'answer'; promptTokens: number; cachedTokens: number }
  /** Refused before any byte of the answer. */
  | { kind: 'reject'; reply: ProfileReply }
  /** HTTP 200, then this raw text as the stream body (e.g. llama.cpp's `error:` line). */
  | { kind: 'stream-error'; raw: string };

export interface ServerProfile {
  name: ProfileName;
  /** Requests answered at once; the rest wait in arrival order (N slots with queueing). */
  slots: number;
  /**
   * A streamed request gets HTTP 200 and its headers as soon as it is queued, before a slot is free
   * (llama.cpp); otherwise the headers wait for the slot along with the answer.
   */
  streamHeadersWhileQueued?: boolean;
  /** Headers on every answer (e.g. `Server: llama.cpp`). */
  headers: Record<string, string>;
  /** Native routes, auth, unknown paths and rejected parameters; undefined lets the mock answer. */
  preflight(req: RecordedRequest): ProfileReply | undefined;
  /** The body of `GET /v1/models`. */
  modelList(): unknown;
  /** The error body for a status, in this server's dialect. */
  errorBody(status: number, message: string, type?: string, code?: string | null): unknown;
  /** Decides about a prompt of `plan.promptTokens` (as this server counts them) before answering. */
  admit(route: MockRoute, plan: AnswerPlan, body: any): Admission;
  /** Chunk shapes that differ from OpenAI's. */
  formats: Partial<Record<Exclude<MockRoute, 'models'>, WireFormat>>;
  /** A `data:` event that reports a failure in the middle of a 200 stream (the `error-in-stream` fault). */
  streamErrorEvent(message: string): unknown;
  /** Content type of a streamed answer. */
  streamContentType: string;
}

export const PROFILE_NAMES = ['llamacpp', 'vllm', 'ollama', 'lmstudio', 'openrouter', 'openai'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

/** Prompt tokens as the mock counts them everywhere: ~4 characters per token. */
export const tokensOf = (text: string): number => Math.ceil(text.length / 4);

/** The bearer token of a request, if any. */
export function bearer(req: RecordedRequest): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}
