// Servers differ in the optional parameters they accept: some reject `stream_options`, newer OpenAI
// models want `max_completion_tokens` instead of `max_tokens`, reasoning models refuse
// `temperature`. When a server rejects one of these with 400/422, the request is sent once more
// without it and the choice is remembered per endpoint and model, so later requests go right the
// first time. Any other rejected parameter is a real error and is never retried.
import { APIError } from 'openai';
import { parameterIn } from './errors';

type Body = Record<string, unknown>;

const FALLBACKS: Record<string, (body: Body) => void> = {
  stream_options: (body) => {
    delete body.stream_options;
  },
  max_tokens: (body) => {
    body.max_completion_tokens = body.max_tokens;
    delete body.max_tokens;
  },
  temperature: (body) => {
    delete body.temperature;
  },
  prediction: (body) => {
    delete body.prediction;
  },
};

const REJECTION = /not supported|unsupported|unrecogni[sz]ed|unknown|not permitted|not allowed|extra (?:inputs|fields)|does not support/i;

/** A request can adapt this many times, once per parameter in FALLBACKS at most. */
export const MAX_ADAPTATIONS = Object.keys(FALLBACKS).length;

export class ParameterMemory {
  private readonly rejected = new Map<string, Set<string>>();

  /** A copy of `body` with the fallbacks this endpoint+model needed before. */
  adapt(key: string, body: Body): Body {
    const adapted = { ...body };
    for (const parameter of this.rejected.get(key) ?? []) {
      if (parameter in adapted) FALLBACKS[parameter](adapted);
    }
    return adapted;
  }

  /**
   * When `error` rejects a parameter that has a fallback and is in `body`: remembers it, applies
   * the fallback to `body` and returns the parameter's name. Otherwise undefined.
   */
  learn(key: string, error: unknown, body: Body): string | undefined {
    if (!(error instanceof APIError) || (error.status !== 400 && error.status !== 422)) return undefined;
    const message = typeof (error.error as { message?: unknown } | undefined)?.message === 'string'
      ? (error.error as { message: string }).message
      : error.message;
    if (!REJECTION.test(message)) return undefined; // e.g. "max_tokens is too large" is not a rejection
    const named = error.param ?? parameterIn(message);
    const parameter = Object.keys(FALLBACKS).find((name) => name in body && (named === name || message.includes(name)));
    if (!parameter) return undefined;
    let memory = this.rejected.get(key);
    if (!memory) this.rejected.set(key, (memory = new Set()));
    memory.add(parameter);
    FALLBACKS[parameter](body);
    return parameter;
  }
}
