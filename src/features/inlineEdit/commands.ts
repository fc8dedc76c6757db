// Inline edit (Ctrl+I / Cmd+I in the editor): type an instruction, and the large model (or the tier
// given) rewrites the selection — or, with nothing selected, the declaration around the cursor —
// through the same gate, acceptance rules, progress and error handling as Refactor; on an empty
// line outside any declaration it writes new code there instead (./insertJob). The result is
// shown in the per-hunk review in the editor; the instruction box's title names the target.
// A bundle of its own (dist/inlineEdit.js), loaded on the first call of the command (index.ts).
import * as vscode from 'vscode';
import { editTargetAt, targetLabel, type EditTarget, type LineRegion } from '../../common/inlineEdit/region';
import type { Tier } from '../../common/llm';
import { refactorStrategy } from '../../common/refactor/prompts';
import { askInstruction } from '../../vscode/instructionPicker';
import type { RunRewriteJob } from '../../vscode/lazyRewrite';
import { wholeLines } from '../../vscode/lineRange';
import type { ShowProposal } from '../../vscode/rewriteJob';
import type { Services } from '../../vscode/services';
import { runInsertJob } from './insertJob';

/** Keybindings and tests may pass the instruction and the tier: `{ instruction: "…", tier: "fast" }`. */
export interface InlineEditArgs {
  instruction?: string;
  tier?: Tier;
}

const INSTRUCTION_BOX = {
  title: 'Gearshift: Inline Edit',
  placeholder: 'Describe the change to the selection (or the code at the cursor), or pick a recent one',
  historyKey: 'gearshift.inlineEdit.recentInstructions',
};
const INSERT_PLACEHOLDER = 'Describe the code to write here, or pick a recent instruction';

/** The declaration around the cursor, or the blank line to write on (see common/inlineEdit/region). */
async function targetAtCursor(services: Services, editor: vscode.TextEditor): Promise<EditTarget> {
  const { document } = editor;
  // Line numbers are the same with LF; the scanner and the tree answer about LF text.
  const text = document.getText().replace(/\r\n/g, '\n');
  const loaded = services.syntax.hasGrammar(document.languageId) && (await services.syntax.load(document.languageId).catch(() => false));
  const tree = loaded ? services.syntax.parse(text, document.languageId) : undefined;
  try {
    return editTargetAt(text, document.languageId, editor.selection.active.line, tree);
  } finally {
    tree?.dispose();
  }
}

function linesRange(document: vscode.TextDocument, region: LineRegion): vscode.Range {
  return new vscode.Range(region.startLine, 0, region.endLine, document.lineAt(region.endLine).range.end.character);
}

/** The proposal review and the rewrite job come from the extension bundle (see vscode/lazyRewrite.ts). */
export interface InlineEditHost {
  runRewriteJob: RunRewriteJob;
  showProposal: ShowProposal;
}

export async function inlineEdit(services: Services, host: InlineEditHost, args?: InlineEditArgs) {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Gearshift: open a file first.');
    return undefined;
  }
  const { document } = editor;
  const target = editor.selection.isEmpty ? await targetAtCursor(services, editor) : undefined;
  const tier = args?.tier ?? 'large';
  if (target?.kind === 'insert') {
    const instruction = await askInstruction(services, { ...INSTRUCTION_BOX, title: `${INSTRUCTION_BOX.title} — ${targetLabel(target)}`, placeholder: INSERT_PLACEHOLDER }, args?.instruction);
    return instruction ? runInsertJob(services, { title: 'Inline Edit', document, line: target.line, scope: target.scope, instruction, tier }, host.showProposal) : undefined;
  }
  const range = target ? linesRange(document, target.region) : wholeLines(document, editor.selection);
  const label = targetLabel(target ?? { kind: 'selection', region: { startLine: range.start.line, endLine: range.end.line } });
  const instruction = await askInstruction(services, { ...INSTRUCTION_BOX, title: `${INSTRUCTION_BOX.title} — ${label}` }, args?.instruction);
  return instruction ? host.runRewriteJob(services, { title: 'Inline Edit', document, range, strategy: refactorStrategy(instruction), tier }) : undefined;
}
