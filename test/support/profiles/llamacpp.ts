// llama.cpp `llama-server` as captured in ../shared/wire/llama.cpp-2025-02/ (source of 2025-02-20,
// commit c392e50): the transcripts are the specification, field order included. Started like
// `llama-server -m <path> -c <ctx> -np <parallel> [--no-context-shift] [--api-key K] [--slots]`.
//   01/14 /v1/models lists the model by file path with `meta`, and needs no key
//   02 /props: n_ctx per slot (-c / -np), total_slots      03 /health     17 /slots → 501 without --slots
//   04 `suffix` on /v1/completions → HTTP 500 "Unsupported param: suffix"
//   05–07 chunks; usage and `timings` in the last chunk    08–09 /infill events and final event
//   10 over-long prompt, --no-context-shift, streaming: 200, an `error:` line, `data: [DONE]`
//   11 the same without streaming: 400                     12 default (context shift): silent truncation
//   13 wrong key: 401 "Invalid API Key"   15 malformed JSON: 500   16 unknown path: 404 "File Not Found"
// Queueing, which no capture times: the server's handle_completions_impl posts the task and, for a
// stream, hands cpp-httplib a chunked content provider; httplib writes the status line and headers
// before it calls the provider, which then waits for the slot. So a streamed request gets 200 and
// its headers at once even with every slot busy (hence capture 10: a refusal found when the slot
// takes the prompt up can only be an `error:` line after a 200); a non-streamed one waits for its
// slot before any byte.
import type { AnswerPlan, MockRoute, RecordedRequest, WireFormat } from '../mockServer';
import { promptText } from '../mockServer';
import { bearer, tokensOf, type Admission, type ProfileReply, type ServerProfile } from './types';

export interface LlamaCppOptions {
  /** `-c`: the whole context, shared by the slots (default 4096, as in the transcripts). */
  ctx?: number;
  /** `-np`: parallel slots (default 2). */
  parallel?: number;
  /** false = `--no-context-shift`: over-long prompts are refused instead of silently cut. */
  contextShift?: boolean;
  /** `--api-key`. */
  apiKey?: string;
  /** `-m`: the model path /v1/models lists (default as in the transcripts). */
  modelPath?: string;
  /** `--slots`: serve /slots. */
  slotsEndpoint?: boolean;
}

/** llama.cpp's default logical batch (-b), which bounds what /infill takes from prefix, suffix and extra. */
const N_BATCH = 2048;
const CREATED = 1796131210;
const FINGERPRINT = 'b0-unknown';
const OVERFLOW_MESSAGE = 'the request exceeds the available context size. try increasing the context size or enable context shift';
const PUBLIC_PATHS = new Set(['/health', '/v1/models', '/models']);
const PATHS = new Set(['/health', '/props', '/slots', '/v1/models', '/models', '/v1/chat/completions', '/chat/completions', '/v1/completions', '/completions', '/infill']);
const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error', 401: 'authentication_error', 404: 'not_found_error', 500: 'server_error', 501: 'not_supported_error', 503: 'unavailable_error',
};

export function llamaCppProfile(options: LlamaCppOptions = {}): ServerProfile {
  const parallel = options.parallel ?? 2;
  const nCtx = Math.floor((options.ctx ?? 4096) / parallel);
  const modelPath = options.modelPath ?? 'models/tiny-random.gguf';
  const contextShift = options.contextShift ?? true;
  // The KV cache keeps the last prompt: a repeated prefix is not evaluated again (cache_prompt).
  let lastPrompt = '';

  const error = (status: number, message: string, type = ERROR_TYPES[status] ?? 'server_error') => ({ error: { code: status, message, type } });
  const reply = (status: number, message: string, type?: string): ProfileReply => ({ status, body: error(status, message, type) });

  return {
    name: 'llamacpp',
    slots: parallel,
    streamHeadersWhileQueued: true,
    headers: { 'Keep-Alive': 'timeout=5, max=100', 'Content-Type': 'application/json; charset=utf-8', 'Server': 'llama.cpp', 'Access-Control-Allow-Origin': '' },
    streamContentType: 'text/event-stream',
    preflight(req: RecordedRequest) {
      if (!PATHS.has(req.path)) return reply(404, 'File Not Found');
      if (options.apiKey && !PUBLIC_PATHS.has(req.path) && bearer(req) !== options.apiKey) return reply(401, 'Invalid API Key');
      if (req.path === '/health') return { status: 200, body: { status: 'ok' } };
      if (req.path === '/props') return { status: 200, body: props(nCtx, parallel, modelPath) };
      if (req.path === '/slots') {
        if (!options.slotsEndpoint) return reply(501, 'This server does not support slots endpoint. Start it with `--slots`');
        return { status: 200, body: Array.from({ length: parallel }, (_, id) => ({ id, n_ctx: nCtx, is_processing: false })) };
      }
      if (typeof req.body === 'string') {
        return reply(500, `[json.exception.parse_error.101] parse error at line 1, column ${req.body.length + 1}: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal`);
      }
      if (/completions$/.test(req.path) && !req.path.endsWith('chat/completions') && req.body?.suffix !== undefined) return reply(500, 'Unsupported param: suffix');
      return undefined;
    },
    modelList: () => ({
      object: 'list',
      data: [{ id: modelPath, object: 'model', created: CREATED, owned_by: 'llamacpp', meta: { vocab_type: 2, n_vocab: 49152, n_ctx_train: 4096, n_embd: 64, n_params: 6373696, size: 25494784 } }],
    }),
    errorBody: (status, message, type) => error(status, message, type),
    admit(route: MockRoute, _plan: AnswerPlan, body: any): Admission {
      const prompt = route === 'infill' ? infillPrompt(body, nCtx) : promptText(route, body);
      let promptTokens = tokensOf(prompt);
      if (promptTokens >= nCtx) {
        if (!contextShift) {
          if (body.stream) return { kind: 'stream-error', raw: `error: ${JSON.stringify(error(400, OVERFLOW_MESSAGE).error)}\n\ndata: [DONE]\n\n` };
          return { kind: 'reject', reply: reply(400, OVERFLOW_MESSAGE) };
        }
        // Context shift with n_keep = 0: whole blocks of half the slot are dropped from the front,
        // without a word (transcript 12: ~4,451 tokens → 1,379).
        const block = Math.floor(nCtx / 2);
        const erased = Math.floor((promptTokens - block) / block);
        promptTokens -= erased * block;
      }
      const cached = Math.min(tokensOf(commonPrefix(lastPrompt, prompt)), promptTokens - 1);
      lastPrompt = prompt;
      return { kind: 'answer', promptTokens, cachedTokens: Math.max(0, cached) };
    },
    formats: { chat: chatFormat, completions: completionFormat, infill: infillFormat },
    // llama.cpp reports failures inside a stream only as the `error:` line above (see admit).
    streamErrorEvent: (message) => error(500, message),
  };
}

/**
 * What /infill actually evaluates: prefix and suffix within the batch, and only the last tokens of
 * input_extra that fit beside them in the slot — none at all when the slot is no bigger than the
 * batch (transcript 08: the extra file is missing from the evaluated prompt).
 */
function infillPrompt(body: any, nCtx: number): string {
  const prefix = String(body.input_prefix ?? '');
  const suffix = String(body.input_suffix ?? '');
  const extra = (Array.isArray(body.input_extra) ? body.input_extra : []).map((e: any) => `${e?.filename ?? ''}\n${e?.text ?? ''}`).join('');
  const nPredict = typeof body.n_predict === 'number' && body.n_predict > 0 ? body.n_predict : 0;
  const prefixChars = Math.min(prefix.length, 4 * Math.floor((3 * N_BATCH) / 4));
  const suffixChars = Math.min(suffix.length, 4 * Math.max(0, N_BATCH / 4 - 2));
  const extraChars = Math.min(extra.length, 4 * Math.max(0, nCtx - N_BATCH - 2 * nPredict));
  return extra.slice(extra.length - extraChars) + prefix.slice(prefix.length - prefixChars) + suffix.slice(0, suffixChars);
}

/** Transcript 02, with this server's slot size, slot count and model path. */
function props(nCtx: number, slots: number, modelPath: string) {
  return {
    default_generation_settings: {
      id: 0, id_task: -1, n_ctx: nCtx, speculative: false, is_processing: false, non_causal: false,
      params: { n_predict: -1, seed: 4294967295, temperature: 0.800000011920929, top_k: 40, top_p: 0.949999988079071, min_p: 0.05000000074505806, n_keep: 0, n_discard: 0, stop: [], max_tokens: -1, stream: true, chat_format: 'Content-only' },
      prompt: '', next_token: { has_next_token: true, has_new_line: false, n_remain: -1, n_decoded: 0, stopping_word: '' },
    },
    total_slots: slots,
    model_path: modelPath,
    chat_template: "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}",
    bos_token: '<|endoftext|>',
    eos_token: '<|endoftext|>',
    build_info: FINGERPRINT,
  };
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

function timings(plan: AnswerPlan) {
  const promptN = plan.promptTokens - plan.cachedTokens;
  return {
    prompt_n: promptN, prompt_ms: promptN * 0.06, prompt_per_token_ms: 0.06, prompt_per_second: 16_000,
    predicted_n: plan.tokens.length, predicted_ms: plan.tokens.length * 0.7, predicted_per_token_ms: 0.7, predicted_per_second: 1400,
  };
}

const usage = (plan: AnswerPlan) => ({ completion_tokens: plan.tokens.length, prompt_tokens: plan.promptTokens, total_tokens: plan.promptTokens + plan.tokens.length });
const chatId = (id: string) => `chatcmpl-${id}`;

const chatFormat: WireFormat = {
  preamble: () => [],
  delta: (id, plan, text) => ({ choices: [{ finish_reason: null, index: 0, delta: { content: text } }], created: CREATED, id: chatId(id), model: plan.model, system_fingerprint: FINGERPRINT, object: 'chat.completion.chunk' }),
  finish: (id, plan) => [{
    // Usage and timings come with the last chunk whether or not stream_options asked (capture 12 did not).
    choices: [{ finish_reason: plan.finishReason, index: 0, delta: {} }], created: CREATED, id: chatId(id), model: plan.model, system_fingerprint: FINGERPRINT, object: 'chat.completion.chunk',
    usage: usage(plan), timings: timings(plan),
  }],
  full: (id, plan, text) => ({
    choices: [{ finish_reason: plan.finishReason, index: 0, message: { role: 'assistant', content: text } }], created: CREATED, model: plan.model, system_fingerprint: FINGERPRINT, object: 'chat.completion',
    usage: usage(plan), id: chatId(id), timings: timings(plan),
  }),
  emptyChoices: (id, plan) => ({ choices: [], created: CREATED, id: chatId(id), model: plan.model, system_fingerprint: FINGERPRINT, object: 'chat.completion.chunk' }),
  done: true,
};

const completionChunk = (_id: string, plan: AnswerPlan, text: string, finish: string | null) => ({
  choices: [{ text, index: 0, logprobs: null, finish_reason: finish }], created: CREATED, model: plan.model, system_fingerprint: FINGERPRINT, object: 'text_completion',
});

const completionFormat: WireFormat = {
  preamble: () => [],
  delta: (id, plan, text) => ({ ...completionChunk(id, plan, text, null), id: chatId(id) }),
  finish: (id, plan) => [{ ...completionChunk(id, plan, '', plan.finishReason), usage: usage(plan), id: chatId(id), timings: timings(plan) }],
  full: (id, plan, text) => ({ ...completionChunk(id, plan, text, plan.finishReason), usage: usage(plan), id: chatId(id), timings: timings(plan) }),
  emptyChoices: (id, plan) => ({ choices: [], created: CREATED, model: plan.model, object: 'text_completion', id: chatId(id) }),
  done: true,
};

function infillFinal(plan: AnswerPlan, content: string) {
  return {
    index: 0, content, tokens: [], id_slot: 0, stop: true, model: 'gpt-3.5-turbo', tokens_predicted: plan.tokens.length, tokens_evaluated: plan.promptTokens,
    generation_settings: { n_predict: plan.tokens.length, temperature: 0.800000011920929, stop: [], max_tokens: plan.tokens.length, stream: true },
    prompt: '', has_new_line: content.includes('\n'), truncated: false, stop_type: plan.finishReason === 'length' ? 'limit' : 'eos', stopping_word: '',
    // The slot's cache after the answer (prompt + generated, minus the last token) — not this prompt's cached share.
    tokens_cached: plan.promptTokens + plan.tokens.length - 1,
    timings: timings(plan),
  };
}

const infillFormat: WireFormat = {
  preamble: () => [],
  delta: (_id, plan, text) => ({ index: 0, content: text, tokens: [0], stop: false, id_slot: -1, tokens_predicted: 1, tokens_evaluated: plan.promptTokens }),
  finish: (_id, plan) => [infillFinal(plan, '')],
  full: (_id, plan, text) => infillFinal(plan, text),
  emptyChoices: () => ({ index: 0, content: '', tokens: [], stop: false, id_slot: -1 }),
  done: false,
};
