// Ollama (`ollama serve`) through its OpenAI-compatible /v1 routes plus its native /api routes. Sources:
// - github.com/ollama/ollama docs/api.md: GET /api/version, GET /api/tags, POST /api/show (model_info
//   `<arch>.context_length` is what the model was trained for; `parameters` lists a `num_ctx` only when
//   the Modelfile sets one).
// - github.com/ollama/ollama docs/context-length.mdx: the context actually used defaults to 4k below
//   24 GiB of VRAM, whatever the model supports (OLLAMA_CONTEXT_LENGTH changes it).
// - https://aider.chat/docs/llms/ollama.html: Ollama "silently discards context that exceeds the window".
// - docs/openai.md: /v1/completions accepts `suffix`. Unknown routes: Go's plain-text "404 page not found".
import type { AnswerPlan, MockRoute, RecordedRequest } from '../mockServer';
import { openAiLike } from './openaiLike';
import type { Admission, ServerProfile } from './types';

export interface OllamaOptions {
  model?: string;
  /** What the model was trained for (model_info). */
  trainedContext?: number;
  /** The context Ollama runs it with (default 4096, the documented default on small GPUs). */
  numCtx?: number;
  /** True when the Modelfile sets num_ctx (then /api/show lists it). */
  numCtxInModelfile?: boolean;
  /** OLLAMA_NUM_PARALLEL. */
  parallel?: number;
}

const ROUTES = new Set(['/api/version', '/api/tags', '/api/show', '/v1/models', '/v1/chat/completions', '/v1/completions']);

export function ollamaProfile(options: OllamaOptions = {}): ServerProfile {
  const model = options.model ?? 'qwen2.5-coder:7b-base';
  const numCtx = options.numCtx ?? 4096;
  const trained = options.trainedContext ?? 32768;
  const known = (name: unknown) => name === model || name === model.replace(/:latest$/, '');
  return openAiLike('ollama', [model], {
    slots: options.parallel ?? 1,
    preflight(req: RecordedRequest) {
      if (!ROUTES.has(req.path)) return { status: 404, body: '404 page not found' };
      if (req.path === '/api/version') return { status: 200, body: { version: '0.6.5' } };
      if (req.path === '/api/tags') return { status: 200, body: { models: [{ name: model, model, size: 4683087332, details: { format: 'gguf', family: 'qwen2' } }] } };
      if (req.path === '/api/show') {
        if (!known(req.body?.model)) return { status: 404, body: { error: `model '${req.body?.model}' not found` } };
        return {
          status: 200,
          body: {
            parameters: [options.numCtxInModelfile ? `num_ctx                        ${numCtx}` : '', 'stop                           "<|endoftext|>"'].filter(Boolean).join('\n'),
            template: '{{ .Prompt }}',
            details: { parent_model: '', format: 'gguf', family: 'qwen2', families: ['qwen2'], parameter_size: '7.6B', quantization_level: 'Q4_K_M' },
            model_info: { 'general.architecture': 'qwen2', 'qwen2.context_length': trained, 'qwen2.embedding_length': 3584 },
          },
        };
      }
      if (req.path !== '/v1/models' && !known(req.body?.model)) {
        return { status: 404, body: { error: { message: `model "${req.body?.model}" not found, try pulling it first`, type: 'api_error', param: null, code: null } } };
      }
      return undefined;
    },
    modelList: () => ({ object: 'list', data: [{ id: model, object: 'model', created: 1700000000, owned_by: 'library' }] }),
    admit(_route: MockRoute, plan: AnswerPlan): Admission {
      // The runner keeps what fits num_ctx and drops the rest without a word; usage counts what it kept.
      return { kind: 'answer', promptTokens: Math.min(plan.promptTokens, numCtx), cachedTokens: 0 };
    },
  });
}
