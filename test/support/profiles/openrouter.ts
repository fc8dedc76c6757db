// OpenRouter (https://openrouter.ai/api/v1). Sources:
// - https://openrouter.ai/docs/api-reference/list-available-models and the SDK's TopProviderInfo
//   (openrouter.ai/docs/client-sdks/typescript/models/topproviderinfo.md): /models lists `context_length`,
//   `pricing`, `top_provider.{context_length, max_completion_tokens}`.
// - https://openrouter.ai/docs/errors: errors are `{"error": {"code": <status>, "message", "metadata"?}}`
//   with the HTTP status equal to error.code when the request itself fails; once the model has started,
//   the status stays 200 and the error comes "as an SSE data event".
// - https://openrouter.ai/docs/api-reference/streaming ("Handling Errors During Streaming"): that event is a
//   chunk with an `error` object and `finish_reason: "error"`.
import type { AnswerPlan, MockRoute, RecordedRequest } from '../mockServer';
import { openAiLike, requestedOutput } from './openaiLike';
import { bearer, type Admission, type ServerProfile } from './types';

export interface OpenRouterOptions {
  apiKey?: string;
  models?: { id: string; contextLength: number; maxCompletionTokens: number }[];
}

const DEFAULT_MODELS = [
  { id: 'openai/gpt-4.1-mini', contextLength: 1_047_576, maxCompletionTokens: 32_768 },
  { id: 'qwen/qwen-2.5-coder-32b-instruct', contextLength: 32_768, maxCompletionTokens: 16_384 },
];

export function openRouterProfile(options: OpenRouterOptions = {}): ServerProfile {
  const models = options.models ?? DEFAULT_MODELS;
  const error = (status: number, message: string) => ({ error: { code: status, message } });
  return openAiLike('openrouter', models.map((m) => m.id), {
    preflight(req: RecordedRequest) {
      if (options.apiKey && req.path !== '/v1/models' && bearer(req) !== options.apiKey) return { status: 401, body: error(401, 'No auth credentials found') };
      return undefined;
    },
    modelList: () => ({
      data: models.map((m) => ({
        id: m.id, name: m.id, created: 1700000000, context_length: m.contextLength,
        architecture: { modality: 'text->text', tokenizer: 'Other' },
        pricing: { prompt: '0.0000004', completion: '0.0000016' },
        top_provider: { context_length: m.contextLength, max_completion_tokens: m.maxCompletionTokens, is_moderated: false },
      })),
    }),
    errorBody: (status, message) => error(status, message),
    admit(_route: MockRoute, plan: AnswerPlan, body: any): Admission {
      const window = models.find((m) => m.id === body.model)?.contextLength;
      const output = requestedOutput(body);
      if (window !== undefined && plan.promptTokens + output > window) {
        const message = `This endpoint's maximum context length is ${window} tokens. However, you requested about ${plan.promptTokens + output} tokens `
          + `(${plan.promptTokens} of text input, ${output} in the output). Please reduce the length of either one.`;
        return { kind: 'reject', reply: { status: 400, body: error(400, message) } };
      }
      return { kind: 'answer', promptTokens: plan.promptTokens, cachedTokens: 0 };
    },
    streamErrorEvent: (message) => ({
      id: 'gen-mock', object: 'chat.completion.chunk', created: 1700000000, model: 'openai/gpt-4.1-mini', provider: 'OpenAI',
      error: { code: 'server_error', message },
      choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
    }),
  });
}
