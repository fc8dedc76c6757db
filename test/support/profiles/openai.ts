// OpenAI's API. Sources:
// - https://platform.openai.com/docs/guides/error-codes and the mock's long-standing STATUS_DEFAULTS:
//   `{"error": {message, type, param, code}}`; 401 code `invalid_api_key`.
// - Context overflow: 400 with code `context_length_exceeded` ("This model's maximum context length is …"),
//   the wording quoted across the OpenAI community forum.
// - Chat models on the legacy /v1/completions: "This is a chat model and not supported in the
//   v1/completions endpoint. Did you mean to use v1/chat/completions?" (quoted at taourl.com/read-3777083.html);
//   served as 404 with param "model". No /infill, /v1/fim/completions or /beta/completions.
import type { AnswerPlan, MockRoute, RecordedRequest } from '../mockServer';
import { openAiLike, requestedOutput } from './openaiLike';
import { bearer, type Admission, type ServerProfile } from './types';

export interface OpenAiOptions {
  apiKey?: string;
  models?: { id: string; contextWindow: number }[];
}

const DEFAULT_MODELS = [{ id: 'gpt-4.1-mini', contextWindow: 1_047_576 }, { id: 'gpt-4.1', contextWindow: 1_047_576 }];
const ROUTES = new Set(['/v1/models', '/v1/chat/completions', '/v1/completions']);

export function openAiProfile(options: OpenAiOptions = {}): ServerProfile {
  const models = options.models ?? DEFAULT_MODELS;
  const error = (message: string, type: string, param: string | null, code: string | null) => ({ error: { message, type, param, code } });
  return openAiLike('openai', models.map((m) => m.id), {
    preflight(req: RecordedRequest) {
      if (!ROUTES.has(req.path)) return { status: 404, body: error(`Invalid URL (${req.method} ${req.path})`, 'invalid_request_error', null, null) };
      if (options.apiKey && bearer(req) !== options.apiKey) {
        return { status: 401, body: error('Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', null, 'invalid_api_key') };
      }
      if (req.path === '/v1/completions') {
        return { status: 404, body: error('This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?', 'invalid_request_error', 'model', null) };
      }
      return undefined;
    },
    admit(_route: MockRoute, plan: AnswerPlan, body: any): Admission {
      const window = models.find((m) => m.id === body.model)?.contextWindow;
      if (window !== undefined && plan.promptTokens + requestedOutput(body) > window) {
        const message = `This model's maximum context length is ${window} tokens. However, your messages resulted in ${plan.promptTokens} tokens. Please reduce the length of the messages.`;
        return { kind: 'reject', reply: { status: 400, body: error(message, 'invalid_request_error', 'messages', 'context_length_exceeded') } };
      }
      return { kind: 'answer', promptTokens: plan.promptTokens, cachedTokens: 0 };
    },
  });
}
