// The progress line of a streamed job (docs, refactor, explain), shared by the editor's notification
// and the CLI: docs name the symbols being documented ("Documenting parseArgs (2 of 5)"), refactors the part.
import { counted } from '../plural';
import type { RewriteProgress } from './engine';

/** What a streamed job has received so far: "1 token received", "1,200 tokens received". */
export function tokensReceived(tokens: number): string {
  return `${counted(tokens, 'token')} received`;
}

export function rewriteProgressText(job: 'docs' | 'refactor', progress: RewriteProgress): string {
  const received = tokensReceived(progress.tokens);
  const names = progress.names ?? [];
  if (job === 'docs' && names.length > 0) {
    const shown = names.length > 2 ? `${names.slice(0, 2).join(', ')} and ${names.length - 2} more` : names.join(' and ');
    const position = progress.parts > 1 ? ` (${progress.part} of ${progress.parts})` : '';
    return `Documenting ${shown}${position} · ${received}`;
  }
  const part = progress.parts > 1 ? `part ${progress.part} of ${progress.parts} (${progress.partsDone} done) · ` : '';
  return `${part}${received}`;
}
