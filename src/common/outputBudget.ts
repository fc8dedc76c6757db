// How much answer (max_tokens) a request may ask for. Our token count is tiktoken's, an estimate of
// the server's own tokenizer: vLLM refuses with 400 when prompt + max_tokens exceeds max_model_len
// as IT counts, llama.cpp and Ollama cut or stop at their context. So every user job sizes its
// output cap here, leaving room for a prompt the server counts longer than we do.

/** How much longer than our count a server may count a prompt (open-weight tokenizers vs tiktoken). */
export const TOKENIZER_MARGIN = 0.25;
/** The smallest answer worth asking for; a window that leaves less refuses or escalates instead. */
export const ANSWER_FLOOR = 256;

/** A model's window and output cap (the model's maximum and the user's setting, whichever is lower). */
export interface OutputLimits {
  contextWindow: number;
  maxOutput: number;
}

/** The most a server may count a prompt that counts `promptTokens` by ours. */
export function serverPromptCount(promptTokens: number): number {
  return Math.ceil(promptTokens * (1 + TOKENIZER_MARGIN));
}

/** What the window surely leaves for the answer after a prompt of `promptTokens` (our count). */
export function windowLeftAfter(contextWindow: number, promptTokens: number): number {
  return contextWindow - serverPromptCount(promptTokens);
}

/** The max_tokens for a prompt of `promptTokens` (our count): what the window leaves, within the output cap, at least ANSWER_FLOOR. */
export function answerTokenCap(limits: OutputLimits, promptTokens: number): number {
  return Math.max(ANSWER_FLOOR, Math.min(limits.maxOutput, windowLeftAfter(limits.contextWindow, promptTokens)));
}

/** The largest prompt (our count) that leaves `answerTokens` for the answer even when the server counts it longer. */
export function promptBudget(contextWindow: number, answerTokens: number): number {
  return Math.max(0, Math.floor((contextWindow - answerTokens) / (1 + TOKENIZER_MARGIN)));
}

/**
 * The answer a job keeps room for while it fits its prompt, when it wants `wanted`: all of it, but
 * never more than a quarter of the window (the router then gives the answer whatever the prompt
 * left, up to `wanted`): a 32,768-token answer cap on a 32,768-token model must not leave no prompt.
 */
export function reservedAnswer(contextWindow: number, wanted: number): number {
  return Math.min(wanted, Math.max(ANSWER_FLOOR, Math.floor(contextWindow / 4)));
}
