// Gathers the context chips from the editor: selection, current file, Problems, terminal output,
// an @file pick and pasted images. Files matching gearshift.exclude are refused, never read; secrets
// in any of them are redacted by the outbound gate when the message is sent.
import * as path from 'path';
import * as vscode from 'vscode';
import { CONTEXT_PRIORITY, codeBlock, imageItem, type ContextItem } from '../../common/chat/context';
import { isAllowedImageDataUrl } from '../../common/chat/protocol';
import type { Services } from '../../vscode/services';

export type Gathered = { item: ContextItem } | { refusal: string };

/** Lines shown around a diagnostic so the model sees the code, not only the message. */
const DIAGNOSTIC_CONTEXT_LINES = 8;
const MAX_DIAGNOSTICS = 50;
const MAX_TERMINAL_CHARS = 64_000;
const MAX_PICKED_FILE_BYTES = 2_000_000;

const relative = (uri: vscode.Uri): string => vscode.workspace.asRelativePath(uri, false);

function excludedRefusal(uri: vscode.Uri): Gathered {
  return { refusal: `${relative(uri)} matches gearshift.exclude and is never sent to the model.` };
}

export function selectionContext(services: Services, editor: vscode.TextEditor | undefined): Gathered {
  if (!editor) return { refusal: 'Open a file and select some code first.' };
  if (services.isExcluded(editor.document.uri)) return excludedRefusal(editor.document.uri);
  const selection = editor.selection;
  if (selection.isEmpty) return { refusal: 'Select some code in the editor first.' };
  const name = relative(editor.document.uri);
  const lines = `${selection.start.line + 1}-${selection.end.line + 1}`;
  return {
    item: {
      id: crypto.randomUUID(),
      kind: 'selection',
      label: `${path.basename(name)}:${lines}`,
      detail: `Selection in ${name}, lines ${lines}`,
      text: `Selected code from \`${name}\` (lines ${lines}):\n${codeBlock(editor.document.getText(selection), editor.document.languageId)}`,
      priority: CONTEXT_PRIORITY.selection,
      path: name,
    },
  };
}

export function fileContext(services: Services, document: vscode.TextDocument | undefined, picked = false): Gathered {
  if (!document) return { refusal: 'Open a file first.' };
  if (services.isExcluded(document.uri)) return excludedRefusal(document.uri);
  const name = relative(document.uri);
  return {
    item: {
      id: crypto.randomUUID(),
      kind: 'file',
      label: path.basename(name),
      detail: name,
      text: `File \`${name}\`:\n${codeBlock(document.getText(), document.languageId)}`,
      priority: picked ? CONTEXT_PRIORITY.pickedFile : CONTEXT_PRIORITY.file,
      path: name,
    },
  };
}

/** Diagnostics at the cursor when there are any, else all of the file's, each with its code. */
export function problemsContext(services: Services, editor: vscode.TextEditor | undefined, only?: vscode.Diagnostic[]): Gathered {
  if (!editor) return { refusal: 'Open a file first.' };
  const document = editor.document;
  if (services.isExcluded(document.uri)) return excludedRefusal(document.uri);
  const all = only ?? vscode.languages.getDiagnostics(document.uri);
  if (!all.length) return { refusal: `No problems reported for ${relative(document.uri)}.` };
  const atCursor = all.filter((diagnostic) => diagnostic.range.contains(editor.selection.active) || diagnostic.range.start.line === editor.selection.active.line);
  const chosen = (only ? all : atCursor.length ? atCursor : all)
    .slice()
    // Plain comparisons: diagnostics handed over through a command's arguments lose their methods.
    .sort((a, b) => a.severity - b.severity || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .slice(0, MAX_DIAGNOSTICS);
  const name = relative(document.uri);
  return {
    item: {
      id: crypto.randomUUID(),
      kind: 'problems',
      label: `${chosen.length} problem${chosen.length === 1 ? '' : 's'} in ${path.basename(name)}`,
      detail: chosen.map((diagnostic) => `${diagnostic.range.start.line + 1}: ${diagnostic.message}`).join('\n'),
      text: `Problems reported in \`${name}\`:\n\n${chosen.map((diagnostic) => describeDiagnostic(document, diagnostic)).join('\n\n')}`,
      priority: CONTEXT_PRIORITY.problems,
      path: name,
    },
  };
}

export function describeDiagnostic(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): string {
  const severity = ['error', 'warning', 'info', 'hint'][diagnostic.severity] ?? 'problem';
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  const source = [diagnostic.source, code].filter((part) => part !== undefined && part !== '').join(' ');
  const first = Math.max(0, diagnostic.range.start.line - DIAGNOSTIC_CONTEXT_LINES);
  const last = Math.min(document.lineCount - 1, diagnostic.range.end.line + DIAGNOSTIC_CONTEXT_LINES);
  const around = document.getText(new vscode.Range(first, 0, last, document.lineAt(last).text.length));
  return [
    `- line ${diagnostic.range.start.line + 1}, column ${diagnostic.range.start.character + 1}, ${severity}${source ? ` (${source})` : ''}: ${diagnostic.message}`,
    `  Code around it (lines ${first + 1}-${last + 1}):`,
    codeBlock(around, document.languageId),
  ].join('\n');
}

/** A terminal's latest command; `output` stays undefined until it has finished. */
interface TerminalCommand {
  command: string;
  output?: string;
}

/**
 * Keeps each terminal's latest command and, once it has finished, its output, where shell
 * integration reports them, so "terminal output" works without the user selecting anything.
 */
export class TerminalOutputTracker implements vscode.Disposable {
  private readonly latest = new WeakMap<vscode.Terminal, TerminalCommand>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.window.onDidStartTerminalShellExecution(async (event) => {
      const entry: TerminalCommand = { command: event.execution.commandLine.value };
      this.latest.set(event.terminal, entry);
      let output = '';
      try {
        for await (const data of event.execution.read()) {
          output = (output + data).slice(-MAX_TERMINAL_CHARS);
        }
      } catch {
        return;
      }
      entry.output = output;
    });
  }

  /** The latest command; its output is undefined while it runs (or if it never reported an end, e.g. `exec sh`). */
  last(terminal: vscode.Terminal): TerminalCommand | undefined {
    return this.latest.get(terminal);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/**
 * The terminal's selection, else the last command's output (shell integration), else the recent
 * contents of the terminal: shell integration is missing in some shells, a command may still be
 * running, and captured output is sometimes empty (an empty block would tell the model nothing).
 */
export async function terminalContext(tracker: TerminalOutputTracker): Promise<Gathered> {
  const terminal = vscode.window.activeTerminal;
  if (!terminal) return { refusal: 'Open a terminal first.' };
  let text: string;
  let label: string;
  const selected = await copyFromTerminal(false);
  const last = tracker.last(terminal);
  const lastOutput = last?.output === undefined ? '' : stripAnsi(last.output);
  if (selected.trim()) {
    text = `Selected terminal output (${terminal.name}):\n${codeBlock(stripAnsi(selected).slice(-MAX_TERMINAL_CHARS))}`;
    label = 'terminal selection';
  } else if (last && lastOutput.trim()) {
    text = `Output of \`${last.command}\` in terminal ${terminal.name}:\n${codeBlock(lastOutput)}`;
    label = `$ ${last.command}`.slice(0, 40);
  } else {
    const recent = stripAnsi(await copyFromTerminal(true)).trimEnd().slice(-MAX_TERMINAL_CHARS);
    if (!recent.trim()) return { refusal: 'The terminal shows no output yet.' };
    text = `Recent output in terminal ${terminal.name}:\n${codeBlock(recent)}`;
    label = 'terminal output';
  }
  return {
    item: { id: crypto.randomUUID(), kind: 'terminal', label, detail: `Terminal: ${terminal.name}`, text, priority: CONTEXT_PRIORITY.terminal },
  };
}

/**
 * Text copied from the active terminal through the clipboard (restored afterwards): its selection,
 * or with `everything` its whole buffer (the selection is cleared again).
 */
async function copyFromTerminal(everything: boolean): Promise<string> {
  const saved = await vscode.env.clipboard.readText();
  const marker = `gearshift-${crypto.randomUUID()}`;
  try {
    await vscode.env.clipboard.writeText(marker);
    if (everything) await vscode.commands.executeCommand('workbench.action.terminal.selectAll');
    await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
    if (everything) await vscode.commands.executeCommand('workbench.action.terminal.clearSelection');
    const copied = await vscode.env.clipboard.readText();
    return copied === marker ? '' : copied;
  } finally {
    await vscode.env.clipboard.writeText(saved);
  }
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*(\u0007|\u001b\\)/g, '');
}

/** The @file picker: a fuzzy QuickPick over the workspace's files, excluded files left out. */
export async function pickFileContext(services: Services): Promise<Gathered | undefined> {
  const uris = await vscode.workspace.findFiles('**/*', '{**/node_modules/**,**/.git/**,**/dist/**,**/out/**}', 20_000);
  const items = uris
    .filter((uri) => !services.isExcluded(uri))
    .map((uri) => ({ label: path.basename(uri.fsPath), description: relative(uri), uri }))
    .sort((a, b) => a.description.localeCompare(b.description));
  const picked = await vscode.window.showQuickPick(items, { title: 'Gearshift: Attach a file to the chat', placeHolder: 'Type to search files', matchOnDescription: true });
  if (!picked) return undefined;
  const stat = await vscode.workspace.fs.stat(picked.uri);
  if (stat.size > MAX_PICKED_FILE_BYTES) return { refusal: `${picked.description} is too large to attach (${Math.round(stat.size / 1024)} KB).` };
  return fileContext(services, await vscode.workspace.openTextDocument(picked.uri), true);
}

export function imageContext(name: string, dataUrl: string): Gathered {
  if (!isAllowedImageDataUrl(dataUrl)) return { refusal: 'Only PNG, JPEG, GIF and WebP images up to about 7 MB can be attached.' };
  return { item: imageItem(crypto.randomUUID(), name, dataUrl) };
}
