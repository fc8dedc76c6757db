import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Composition root: built in the foundation issue.
}

export function deactivate(): void {}
