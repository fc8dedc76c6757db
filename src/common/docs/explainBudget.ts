// The output cap of "Explain File as Markdown": the window minus the file's prompt with the
// tokenizer margin (answerTokenCap), refused up front when that leaves too little to explain in.
import { answerTokenCap, serverPromptCount, windowLeftAfter } from '../outputBudget';
import { RewriteRefused, type ModelLimits } from '../refactor/engine';

/** Below this much room for the answer an explanation is not worth starting. */
export const MIN_EXPLANATION_TOKENS = 2048;

/** max_tokens for explaining a file whose prompt counts `promptTokens` (ours); throws RewriteRefused with the numbers and what to do. */
export function explainOutputTokens(fileName: string, model: ModelLimits, promptTokens: number): number {
  if (windowLeftAfter(model.contextWindow, promptTokens) < MIN_EXPLANATION_TOKENS) {
    const fmt = (n: number) => n.toLocaleString('en-US');
    throw new RewriteRefused(
      `${fileName} needs ${fmt(promptTokens)} prompt tokens (a server may count up to ${fmt(serverPromptCount(promptTokens))}) ` +
        `plus ${fmt(MIN_EXPLANATION_TOKENS)} for the explanation, but ${model.id} reads at most ${fmt(model.contextWindow)}. ` +
        'Explain a smaller file, or set gearshift.models.large to a model with a larger window.',
    );
  }
  return answerTokenCap(model, promptTokens);
}
