// LM Studio's local server (`lms server start`). Sources:
// - github.com/lmstudio-ai/docs 1_developer/2_rest/endpoints.mdx (REST API v0): GET /api/v0/models lists
//   every model with `type`, `state` and `max_context_length`; /api/v0/chat/completions and
//   /api/v0/completions answer with `stats` and `model_info.context_length`.
// - 1_developer/3_openai-compat/completions.md: /v1/completions is kept for base models, "prompt template is
//   not applied"; the docs name no `suffix` support.
// - github.com/eyalrot/ollama_openai/pull/34: /v1/models lists `{id, object, owned_by: "organization_owner"}`.
// - github.com/assafelovic/gpt-researcher/issues/1355: an unknown route answers 200 with
//   "Unexpected endpoint or method. (POST /api/chat). Returning 200 anyway." (logged) and an `error` body.
// - Issue 13 (finding 4): the server takes `suffix` without a word and ignores it — usage counts the prompt
//   alone, the answer does not depend on the code after the cursor.
import type { AnswerPlan, MockRoute, RecordedRequest } from '../mockServer';
import { openAiLike, tokensOf } from './openaiLike';
import type { Admission, ServerProfile } from './types';

export interface LmStudioOptions {
  model?: string;
  maxContextLength?: number;
}

const ROUTES = new Set(['/api/v0/models', '/v1/models', '/v1/chat/completions', '/v1/completions']);

export function lmStudioProfile(options: LmStudioOptions = {}): ServerProfile {
  const model = options.model ?? 'qwen2.5-coder-7b-instruct';
  const maxContextLength = options.maxContextLength ?? 32768;
  return openAiLike('lmstudio', [model], {
    preflight(req: RecordedRequest) {
      if (!ROUTES.has(req.path)) return { status: 200, body: { error: `Unexpected endpoint or method. (${req.method} ${req.path})` } };
      if (req.path === '/api/v0/models') {
        return {
          status: 200,
          body: { object: 'list', data: [{ id: model, object: 'model', type: 'llm', publisher: 'lmstudio-community', arch: 'qwen2', compatibility_type: 'gguf', quantization: 'Q4_K_M', state: 'loaded', max_context_length: maxContextLength }] },
        };
      }
      return undefined;
    },
    modelList: () => ({ data: [{ id: model, object: 'model', owned_by: 'organization_owner' }], object: 'list' }),
    admit(route: MockRoute, plan: AnswerPlan, body: any): Admission {
      // `suffix` never reaches the model: it is not counted either.
      const promptTokens = route === 'completions' && typeof body.suffix === 'string' ? tokensOf(String(body.prompt ?? '')) : plan.promptTokens;
      return { kind: 'answer', promptTokens, cachedTokens: 0 };
    },
  });
}
