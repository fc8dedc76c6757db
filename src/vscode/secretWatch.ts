// Runs the maintained secret rules (secretlint, a bundle of its own loaded on first use) over open
// documents after they change, off the keystroke path. The gate then redacts what it found in every
// prompt: the current file's windows, other files' snippets, chat chips.
import * as vscode from 'vscode';
import type { OutboundGate } from '../common/gate';
import type { findSecretLiterals } from '../node/secrets/secretlint';
import { requireSeparateBundle } from './separateBundle';

const SCAN_DEBOUNCE_MS = 500;
/** Documents already open at start are scanned a little later, not during activation. */
const FIRST_SCAN_DELAY_MS = 1500;
/** Bigger documents keep only the fast rules (the scan would take too long per edit). */
const MAX_SCAN_CHARS = 512 * 1024;

export function loadSecretScanner(): typeof findSecretLiterals {
  return (text, filePath) => requireSeparateBundle<typeof import('../node/secrets/secretlint')>('secretlint', '../node/secrets/secretlint').findSecretLiterals(text, filePath);
}

export function watchDocumentSecrets(gate: OutboundGate, isExcluded: (uri: vscode.Uri) => boolean, log: vscode.LogOutputChannel): vscode.Disposable {
  const timers = new Map<string, NodeJS.Timeout>();
  const schedule = (document: vscode.TextDocument, delayMs: number) => {
    // Excluded documents are never sent, so what they hold never needs redacting.
    if (isExcluded(document.uri) || document.uri.scheme === 'output' || document.uri.scheme === 'vscode-scm') return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      const text = document.getText();
      if (text.length > MAX_SCAN_CHARS) return;
      gate.scanDeep([{ source: key, version: document.version, text, path: document.uri.path }])
        .catch((error: unknown) => log.warn(`Secret scan of ${document.uri.path} failed: ${String(error)}`));
    }, delayMs));
  };
  for (const document of vscode.workspace.textDocuments) schedule(document, FIRST_SCAN_DELAY_MS);
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument((document) => schedule(document, SCAN_DEBOUNCE_MS)),
    vscode.workspace.onDidChangeTextDocument((event) => schedule(event.document, SCAN_DEBOUNCE_MS)),
    // What a closed document held stays known: its text may live on in chat history.
    vscode.workspace.onDidCloseTextDocument((document) => clearTimeout(timers.get(document.uri.toString()))),
    new vscode.Disposable(() => timers.forEach((timer) => clearTimeout(timer))),
  );
}
