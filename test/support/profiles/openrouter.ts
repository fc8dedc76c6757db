// OpenRouter (https://openrouter.ai/api/v1). Sources:
// - https://openrouter.ai/docs/api-reference/list-available-models and the SDK's TopProviderInfo
//   (openrouter.ai/docs/client-sdks/typescript/models/topproviderinfo.md): /models lists `context_length`,
//   `pricing`, `top_provider.{context_length, max_completion_tokens}`.
// - https://openrouter.ai/docs/requests: the routes are chat completions (`messages`), completions
//   (`prompt`) and the model list; the request schema has no `suffix`, and there is no /infill,
//   /v1/fim/completions or /beta/completions. What an undocumented route answers is not documented
//   either: this profile refuses it with a plain 404 in the documented error shape (below), so no
//   test ever gets a FIM answer OpenRouter would not give.
// - https://openrouter.ai/docs/parameters ("any parameters from the following list, as well as
//   others") and https://openrouter.ai/docs/features/provider-routing (`require_parameters`, default
//   false; the SDK's ProviderPreferences page: providers "receive only the parameters they support,
//   and ignore the rest"): `suffix` is accepted without a word and never reaches the model — the
//   answer and the prompt token count are the prompt's alone, as with LM Studio.
// - https://openrouter.ai/docs/errors: errors are `{"error": {"code": <status>, "message", "metadata"?}}`
//   with the HTTP status equal to error.code when the request itself fails; once the model has started,
//   the status stays 200 and the error comes "as an SSE data event".
// - https://openrouter.ai/docs/api-reference/streaming ("Handling Errors During Streaming"): that event is a
//   chunk with an `error` object and `finish_reason: "error"`.
import type { AnswerPlan, MockRoute, RecordedRequest } from '../mockServer';
import { openAiLike, requestedOutput } from './openaiLike';
import { bearer, tokensOf, type Admission, type ServerProfile } from './types';

export interface OpenRouterOptions {
  apiKey?: string;
  models?: { id: string; contextLength: number; maxCompletionTokens: number }[];
}

const DEFAULT_MODELS = [
  { id: 'openai/gpt-4.1-mini', contextLength: 1_047_576, maxCompletionTokens: 32_768 },
  { id: 'qwen/qwen-2.5-coder-32b-instruct', contextLength: 32_768, maxCompletionTokens: 16_384 },
];
/** The documented routes, below the /api/v1 base (the local server serves them below /v1). */
const ROUTES = new Set(['/v1/models', '/v1/chat/completions', '/v1/completions']);

export function openRouterProfile(options: OpenRouterOptions = {}): ServerProfile {
  const models = options.models ?? DEFAULT_MODELS;
  const error = (status: number, message: string) => ({ error: { code: status, message } });
  return openAiLike('openrouter', models.map((m) => m.id), {
    preflight(req: RecordedRequest) {
      if (!ROUTES.has(req.path)) return { status: 404, body: error(404, 'Not Found') };
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
    admit(route: MockRoute, plan: AnswerPlan, body: any): Admission {
      // `suffix` is dropped before the model: not counted, not read.
      const promptTokens = route === 'completions' && typeof body.suffix === 'string' ? tokensOf(String(body.prompt ?? '')) : plan.promptTokens;
      const window = models.find((m) => m.id === body.model)?.contextLength;
      const output = requestedOutput(body);
      if (window !== undefined && promptTokens + output > window) {
        const message = `This endpoint's maximum context length is ${window} tokens. However, you requested about ${promptTokens + output} tokens `
          + `(${promptTokens} of text input, ${output} in the output). Please reduce the length of either one.`;
        return { kind: 'reject', reply: { status: 400, body: error(400, message) } };
      }
      return { kind: 'answer', promptTokens, cachedTokens: 0 };
    },
    streamErrorEvent: (message) => ({
      id: 'gen-mock', object: 'chat.completion.chunk', created: 1700000000, model: 'openai/gpt-4.1-mini', provider: 'OpenAI',
      error: { code: 'server_error', message },
      choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
    }),
  });
}
