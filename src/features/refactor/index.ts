// "Refactor File…" and "Refactor Selection…": pick or type an instruction, the large model
// rewrites the code, and the result opens in the per-hunk review.
import * as vscode from 'vscode';
import { REFACTOR_PRESETS, refactorStrategy } from '../../common/refactor/prompts';
import { editorAndInstruction } from '../../vscode/instructionPicker';
import type { Services } from '../../vscode/services';
import { runRewriteJob, wholeLines } from '../../vscode/rewriteJob';

/** Commands may be given the instruction directly (keybindings, tests): `{ instruction: "…" }`. */
interface RefactorArgs {
  instruction?: string;
}

const INSTRUCTION_BOX = {
  title: 'Gearshift: Refactor',
  placeholder: 'Describe the refactor, or pick a recent instruction or preset',
  historyKey: 'gearshift.refactor.recentInstructions',
  presets: REFACTOR_PRESETS,
};

export function register(services: Services): vscode.Disposable {
  const refactor = async (useSelection: boolean, args?: RefactorArgs) => {
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
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('gearshift.refactor.file', (args?: RefactorArgs) => refactor(false, args)),
    vscode.commands.registerCommand('gearshift.refactor.selection', (args?: RefactorArgs) => refactor(true, args)),
  );
}
