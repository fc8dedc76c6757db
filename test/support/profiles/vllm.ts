// vLLM's OpenAI-compatible server (`vllm serve <model> --max-model-len N [--api-key K]`). Sources:
// - https://docs.vllm.ai/en/v0.8.1/serving/openai_compatible_server.html (routes, --api-key)
// - vllm/entrypoints/openai/protocol.py (github.com/vllm-project/vllm): ModelCard lists `max_model_len`,
//   `root`, `owned_by: "vllm"`; ErrorResponse is `{"error": {message, type, param, code}}` with a
//   numeric code.
// - vllm/entrypoints/openai/serving_completion.py: any `suffix` → 400 "suffix is not currently supported".
// - serving_engine.py `_validate_input`, as quoted in github.com/vllm-project/vllm/issues/20409: prompt +
//   max_tokens over max_model_len → 400 "This model's maximum context length is …".
// - github.com/block/goose/pull/8031: errors after the stream started arrive as a `data:` object with
//   an `error` key. No /infill, no /v1/fim/completions: FastAPI answers 404 {"detail":"Not Found"}.
import type { AnswerPlan, MockRoute, RecordedRequest } from '../mockServer';
import { openAiLike, requestedOutput } from './openaiLike';
import { bearer, type Admission, type ServerProfile } from './types';

export interface VllmOptions {
  model?: string;
  maxModelLen?: number;
  apiKey?: string;
}

const ROUTES = new Set(['/v1/models', '/v1/chat/completions', '/v1/completions']);
const TYPES: Record<number, string> = { 400: 'BadRequestError', 404: 'NotFoundError', 500: 'InternalServerError' };

export function vllmProfile(options: VllmOptions = {}): ServerProfile {
  const model = options.model ?? 'Qwen/Qwen2.5-Coder-1.5B';
  const maxModelLen = options.maxModelLen ?? 4096;
  const error = (status: number, message: string, type = TYPES[status] ?? 'BadRequestError') => ({ error: { message, type, param: null, code: status } });
  return openAiLike('vllm', [model], {
    preflight(req: RecordedRequest) {
      if (!ROUTES.has(req.path)) return { status: 404, body: { detail: 'Not Found' } };
      if (options.apiKey && bearer(req) !== options.apiKey) return { status: 401, body: { error: 'Unauthorized' } };
      if (req.path === '/v1/completions' && req.body?.suffix !== undefined && req.body?.suffix !== null) {
        return { status: 400, body: error(400, 'suffix is not currently supported') };
      }
      if (req.path !== '/v1/models' && req.body?.model !== undefined && req.body.model !== model) {
        return { status: 404, body: error(404, `The model \`${req.body.model}\` does not exist.`) };
      }
      return undefined;
    },
    modelList: () => ({
      object: 'list',
      data: [{ id: model, object: 'model', created: 1700000000, owned_by: 'vllm', root: model, parent: null, max_model_len: maxModelLen, permission: [] }],
    }),
    errorBody: (status, message, type) => error(status, message, type),
    admit(_route: MockRoute, plan: AnswerPlan, body: any): Admission {
      const output = requestedOutput(body);
      if (plan.promptTokens + output > maxModelLen) {
        const message = `This model's maximum context length is ${maxModelLen} tokens. However, you requested ${plan.promptTokens + output} tokens `
          + `(${plan.promptTokens} in the messages, ${output} in the completion). Please reduce the length of the messages or completion.`;
        return { kind: 'reject', reply: { status: 400, body: error(400, message) } };
      }
      return { kind: 'answer', promptTokens: plan.promptTokens, cachedTokens: 0 };
    },
    streamErrorEvent: (message) => error(500, message),
  });
}
