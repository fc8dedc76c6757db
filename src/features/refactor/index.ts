// "Refactor File…" and "Refactor Selection…": pick or type an instruction, the large model
// rewrites the code, and the result opens in the per-hunk review.
import * as vscode from 'vscode';
import { REFACTOR_PRESETS, rememberInstruction, refactorStrategy } from '../../common/refactor/prompts';
import type { Services } from '../../vscode/services';
import { runRewriteJob, wholeLines } from '../../vscode/rewriteJob';

const RECENT_KEY = 'gearshift.refactor.recentInstructions';

/** Commands may be given the instruction directly (keybindings, tests): `{ instruction: "…" }`. */
interface RefactorArgs {
  instruction?: string;
}

interface InstructionItem extends vscode.QuickPickItem {
  instruction?: string;
}

async function pickInstruction(services: Services): Promise<string | undefined> {
  const recent = services.context.globalState.get<string[]>(RECENT_KEY, []);
  const base: InstructionItem[] = [
    ...(recent.length ? [{ label: 'Recent', kind: vscode.QuickPickItemKind.Separator } as InstructionItem] : []),
    ...recent.map((instruction) => ({ label: instruction, instruction })),
    { label: 'Presets', kind: vscode.QuickPickItemKind.Separator },
    ...REFACTOR_PRESETS.map((preset) => ({ label: preset.label, detail: preset.instruction, instruction: preset.instruction })),
  ];
  const pick = vscode.window.createQuickPick<InstructionItem>();
  pick.title = 'Gearshift: Refactor';
  pick.placeholder = 'Describe the refactor, or pick a recent instruction or preset';
  pick.matchOnDetail = true;
  pick.items = base;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    pick.items = typed ? [{ label: typed, description: 'your instruction', instruction: typed, alwaysShow: true }, ...base] : base;
  });
  const chosen = await new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]?.instruction ?? (pick.value.trim() || undefined)));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  return chosen;
}

export function register(services: Services): vscode.Disposable {
  const refactor = async (useSelection: boolean, args?: RefactorArgs) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Gearshift: open a file first.');
      return undefined;
    }
    const instruction = args?.instruction?.trim() || (await pickInstruction(services));
    if (!instruction) return undefined;
    await services.context.globalState.update(RECENT_KEY, rememberInstruction(services.context.globalState.get<string[]>(RECENT_KEY, []), instruction));
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
