// What the code-block buttons in an answer do: copy, insert at the cursor, apply to the file through
// the per-hunk review (undoable edits, only onto the text it was proposed for), open in a new file.
import * as vscode from 'vscode';
import type { AnswerCodeBlock } from '../../common/chat/answerCode';
import type { CodeAction } from '../../common/chat/protocol';
import { showProposal } from '../../vscode/proposal';
import { requireSeparateBundle } from '../../vscode/separateBundle';
import type { Services } from '../../vscode/services';

/** Markdown fence tags → VS Code language ids, where they differ. */
const LANGUAGE_IDS: Record<string, string> = {
  ts: 'typescript', tsx: 'typescriptreact', js: 'javascript', jsx: 'javascriptreact', py: 'python', rb: 'ruby',
  sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', shell: 'shellscript', yml: 'yaml', md: 'markdown',
  cs: 'csharp', 'c#': 'csharp', 'c++': 'cpp', rs: 'rust', kt: 'kotlin', ps1: 'powershell', golang: 'go', text: 'plaintext',
};

export function languageIdFor(tag: string | undefined): string {
  const lower = (tag ?? '').toLowerCase();
  return LANGUAGE_IDS[lower] ?? (lower || 'plaintext');
}

/**
 * Remembers the last text editor the user worked in: while the chat view has focus there is no
 * active text editor, but "Insert at cursor" means that one.
 */
export class EditorTracker implements vscode.Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (editor && editor.document.uri.scheme !== 'output') this.last = editor;
  });

  get editor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active) return active;
    // The remembered editor may have been closed: prefer a visible editor on the same document.
    if (this.last && !this.last.document.isClosed) {
      return vscode.window.visibleTextEditors.find((editor) => editor.document === this.last!.document) ?? this.last;
    }
    return undefined;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/**
 * The code block starting on `line` of an answer, read from the host's copy of the answer text: the
 * page names a block, it never supplies the code. (A bundle of its own: markdown-it is not parsed
 * at activation.)
 */
export function answerCodeBlock(answer: string, line: number): AnswerCodeBlock | undefined {
  return requireSeparateBundle<typeof import('../../common/chat/answerCode')>('answerCode', '../common/chat/answerCode').codeBlockAt(answer, line);
}

export async function runCodeAction(services: Services, editors: EditorTracker, action: CodeAction, code: string, language?: string): Promise<void> {
  switch (action) {
    case 'copy':
      await vscode.env.clipboard.writeText(code);
      return;
    case 'newFile': {
      const document = await vscode.workspace.openTextDocument({ language: languageIdFor(language), content: code });
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Active });
      return;
    }
    case 'insert': {
      const editor = editors.editor;
      if (!editor) {
        void vscode.window.showInformationMessage('Gearshift: open a file to insert the code into.');
        return;
      }
      const shown = await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, selection: editor.selection });
      await shown.edit((builder) => {
        for (const selection of shown.selections) builder.replace(selection, code);
      });
      return;
    }
    case 'apply': {
      const editor = editors.editor;
      if (!editor) {
        void vscode.window.showInformationMessage('Gearshift: open the file to apply the code to.');
        return;
      }
      if (services.isExcluded(editor.document.uri)) {
        void vscode.window.showWarningMessage(`Gearshift: ${vscode.workspace.asRelativePath(editor.document.uri)} is excluded (gearshift.exclude).`);
        return;
      }
      // With a selection the block replaces it; without one it is a proposal for the whole file.
      const range = editor.selection.isEmpty ? undefined : new vscode.Range(editor.selection.start, editor.selection.end);
      // The review says itself when a change could not be applied (the file changed meanwhile).
      await showProposal(services, {
        document: editor.document,
        proposedText: range ? code.replace(/\n$/, '') : code,
        title: `Gearshift: apply code to ${vscode.workspace.asRelativePath(editor.document.uri)}`,
        range,
      });
      return;
    }
  }
}

/** "Fix with Gearshift" on diagnostics: sends the error and the code around it to the chat. */
export class FixCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly services: Services) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (this.services.isExcluded(document.uri)) return [];
    const diagnostics = context.diagnostics.filter((diagnostic) => diagnostic.severity <= vscode.DiagnosticSeverity.Warning);
    if (!diagnostics.length) return [];
    const action = new vscode.CodeAction('Fix with Gearshift', vscode.CodeActionKind.QuickFix);
    action.diagnostics = diagnostics;
    action.command = { command: 'gearshift.fixWithGearshift', title: 'Fix with Gearshift', arguments: [document.uri, diagnostics] };
    return [action];
  }
}
