// How the engine counts tokens. The implementation lives in node/ (tiktoken in a worker); the type is
// here so that node/, cli/ and vscode/ can all name it without importing one another.
export interface TokenCounter {
  /** Exact count with the model's encoding; runs off the extension host's thread for big inputs. */
  count(text: string, model: string): Promise<number>;
  /** Cheap synchronous estimate for hot paths (characters / ~3.5). */
  estimate(text: string): number;
}
