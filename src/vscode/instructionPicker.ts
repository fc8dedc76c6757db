// The instruction box of Refactor and Inline Edit: type an instruction, or pick one of your recent
// ones (the history, kept per command in global state) or a preset. The pick is remembered.
import * as vscode from 'vscode';
import { rememberInstruction } from '../common/refactor/prompts';
import type { Services } from './services';

export interface InstructionPickerOptions {
  title: string;
  placeholder: string;
  /** Global-state key of this command's history. */
  historyKey: string;
  presets?: readonly { label: string; instruction: string }[];
}

interface InstructionItem extends vscode.QuickPickItem {
  instruction?: string;
}

/**
 * The start of an instruction command (Refactor, Inline Edit): the active editor and the
 * instruction for it; undefined when no file is open (the user is told) or the box was cancelled.
 */
export async function editorAndInstruction(
  services: Services,
  options: InstructionPickerOptions,
  given?: string,
): Promise<{ editor: vscode.TextEditor; instruction: string } | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Gearshift: open a file first.');
    return undefined;
  }
  const instruction = await askInstruction(services, options, given);
  return instruction ? { editor, instruction } : undefined;
}

/** Asks for an instruction (unless one is given) and adds it to the history; undefined when cancelled. */
export async function askInstruction(services: Services, options: InstructionPickerOptions, given?: string): Promise<string | undefined> {
  const instruction = given?.trim() || (await pickInstruction(services, options));
  if (!instruction) return undefined;
  const history = services.context.globalState.get<string[]>(options.historyKey, []);
  await services.context.globalState.update(options.historyKey, rememberInstruction(history, instruction));
  return instruction;
}

async function pickInstruction(services: Services, options: InstructionPickerOptions): Promise<string | undefined> {
  const recent = services.context.globalState.get<string[]>(options.historyKey, []);
  const presets = options.presets ?? [];
  const base: InstructionItem[] = [
    ...(recent.length ? [{ label: 'Recent', kind: vscode.QuickPickItemKind.Separator } as InstructionItem] : []),
    ...recent.map((instruction) => ({ label: instruction, instruction })),
    ...(presets.length ? [{ label: 'Presets', kind: vscode.QuickPickItemKind.Separator } as InstructionItem] : []),
    ...presets.map((preset) => ({ label: preset.label, detail: preset.instruction, instruction: preset.instruction })),
  ];
  const pick = vscode.window.createQuickPick<InstructionItem>();
  pick.title = options.title;
  pick.placeholder = options.placeholder;
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
