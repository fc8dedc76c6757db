// The shared base of the profiles that speak OpenAI's wire format: OpenAI-shaped chunks (the mock's
// own), every request answered in full, nothing refused. Each profile overrides what differs.
import type { AnswerPlan, MockRoute } from '../mockServer';
import { PROFILE_NAMES, tokensOf, type Admission, type ServerProfile } from './types';

export function openAiLike(name: (typeof PROFILE_NAMES)[number], models: string[], overrides: Partial<ServerProfile>): ServerProfile {
  return {
    name,
    slots: Infinity,
    headers: {},
    streamContentType: 'text/event-stream; charset=utf-8',
    preflight: () => undefined,
    modelList: () => ({ object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'system' })) }),
    errorBody: (_status, message, type = 'invalid_request_error', code = null) => ({ error: { message, type, param: null, code } }),
    admit: (_route: MockRoute, plan: AnswerPlan): Admission => ({ kind: 'answer', promptTokens: plan.promptTokens, cachedTokens: 0 }),
    formats: {},
    streamErrorEvent: (message) => ({ error: { message, type: 'server_error', param: null, code: null } }),
    ...overrides,
  };
}

/** Requested output tokens of a request body (chat, completions or /infill). */
export function requestedOutput(body: any): number {
  const value = body?.max_completion_tokens ?? body?.max_tokens ?? body?.n_predict;
  return typeof value === 'number' && value > 0 ? value : 0;
}

export { tokensOf };
