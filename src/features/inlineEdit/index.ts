// Inline edit (Ctrl+I / Cmd+I in the editor): type an instruction, and the large model (or the tier
// given) rewrites the selection — or, with nothing selected, the declaration around the cursor —
// through the same gate, acceptance rules, progress and error handling as Refactor; the result is
// shown in the per-hunk review in the editor.
import * as vscode from 'vscode';
import { editRegionAt } from '../../common/inlineEdit/region';
import type { Tier } from '../../common/llm';
import { refactorStrategy } from '../../common/refactor/prompts';
import { editorAndInstruction } from '../../vscode/instructionPicker';
import { runRewriteJob, wholeLines } from '../../vscode/rewriteJob';
import type { Services } from '../../vscode/services';

/** Keybindings and tests may pass the instruction and the tier: `{ instruction: "…", tier: "fast" }`. */
interface InlineEditArgs {
  instruction?: string;
  tier?: Tier;
}

const INSTRUCTION_BOX = {
  title: 'Gearshift: Inline Edit',
  placeholder: 'Describe the change to the selection (or the code at the cursor), or pick a recent one',
  historyKey: 'gearshift.inlineEdit.recentInstructions',
};

/** The whole lines of the declaration around the cursor (see common/inlineEdit/region). */
async function regionAtCursor(services: Services, editor: vscode.TextEditor): Promise<vscode.Range> {
  const { document } = editor;
  // Line numbers are the same with LF; the scanner and the tree answer about LF text.
  const text = document.getText().replace(/\r\n/g, '\n');
  const loaded = services.syntax.hasGrammar(document.languageId) && (await services.syntax.load(document.languageId).catch(() => false));
  const tree = loaded ? services.syntax.parse(text, document.languageId) : undefined;
  try {
    const region = editRegionAt(text, document.languageId, editor.selection.active.line, tree);
    return new vscode.Range(region.startLine, 0, region.endLine, document.lineAt(region.endLine).range.end.character);
  } finally {
    tree?.dispose();
  }
}

export function register(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('gearshift.inlineEdit', async (args?: InlineEditArgs) => {
    const started = await editorAndInstruction(services, INSTRUCTION_BOX, args?.instruction);
    if (!started) return undefined;
    const { editor, instruction } = started;
    const range = editor.selection.isEmpty ? await regionAtCursor(services, editor) : wholeLines(editor.document, editor.selection);
    return runRewriteJob(services, {
      title: 'Inline Edit',
      document: editor.document,
      range,
      strategy: refactorStrategy(instruction),
      tier: args?.tier ?? 'large',
    });
  });
}
