// The code behind "Refactor File…" and "Refactor Selection…" (registered in index.ts): pick or type
// an instruction, the large model rewrites the code, and the result opens in the per-hunk review.
// A bundle of its own (dist/refactor.js), loaded on the first command.
import { REFACTOR_PRESETS, refactorStrategy } from '../../common/refactor/prompts';
import { editorAndInstruction } from '../../vscode/instructionPicker';
import type { RunRewriteJob } from '../../vscode/lazyRewrite';
import { wholeLines } from '../../vscode/lineRange';
import type { Services } from '../../vscode/services';

/** Commands may be given the instruction directly (keybindings, tests): `{ instruction: "…" }`. */
export interface RefactorArgs {
  instruction?: string;
}

const INSTRUCTION_BOX = {
  title: 'Gearshift: Refactor',
  placeholder: 'Describe the refactor, or pick a recent instruction or preset',
  historyKey: 'gearshift.refactor.recentInstructions',
  presets: REFACTOR_PRESETS,
};

export async function refactor(services: Services, runRewriteJob: RunRewriteJob, useSelection: boolean, args?: RefactorArgs) {
  const started = await editorAndInstruction(services, INSTRUCTION_BOX, args?.instruction);
  if (!started) return undefined;
  const { editor, instruction } = started;
  const range = useSelection && !editor.selection.isEmpty ? wholeLines(editor.document, editor.selection) : undefined;
  return runRewriteJob(services, {
    title: 'Refactor',
    document: editor.document,
    range,
    strategy: refactorStrategy(instruction),
    tier: 'large',
  });
}
