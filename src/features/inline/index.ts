// Inline ghost-text completions: wires the engine (common/inline) to VS Code.
import * as vscode from 'vscode';
import { InlineEngine } from '../../common/inline/engine';
import type { Services } from '../../vscode/services';
import { ContextSources } from './contextSources';
import { ACCEPTED_COMMAND, InlineProvider, type AcceptedInfo } from './provider';
import { INLINE_SCHEMES } from './snapshot';
import { InlineSwitch } from './switch';
import { TypedCount } from './typedCount';

export function register(services: Services): vscode.Disposable {
  let engineError: string | undefined;
  const inlineSwitch = new InlineSwitch(services.context.globalState, (status) => {
    services.status.setInline(status.kind === 'ready' && engineError ? { kind: 'error', detail: engineError } : status);
  });
  const engine = new InlineEngine({
    client: services.client,
    router: services.router,
    gate: services.gate,
    config: () => services.config(),
    estimateTokens: (text) => services.tokenizer.estimate(text),
    probe: (endpointId, model) => services.probes.get(endpointId, model),
    server: (endpointId) => services.servers.peek(endpointId),
    log: services.log,
    syntax: services.syntax,
    onStatus: (status) => {
      // Inline failures only change the status bar (and the log); never a toast per keystroke.
      engineError = status.kind === 'error' ? status.detail : undefined;
      services.status.setInline(inlineSwitch.active ? (engineError ? { kind: 'error', detail: engineError } : { kind: 'ready' }) : inlineSwitch.status());
    },
  });
  const sources = new ContextSources(services);
  const provider = new InlineProvider(services, engine, sources, inlineSwitch);
  const typed = new TypedCount(services, (document) => inlineSwitch.active && provider.languageEnabled(document.languageId) && !services.isExcluded(document.uri));
  const selector = INLINE_SCHEMES.map((scheme) => ({ scheme }));

  return vscode.Disposable.from(
    inlineSwitch,
    sources,
    typed,
    vscode.languages.registerInlineCompletionItemProvider(selector, provider),
    vscode.commands.registerCommand(ACCEPTED_COMMAND, (info: AcceptedInfo) => provider.accepted(info)),
    vscode.commands.registerCommand('gearshift.inline.toggle', () => inlineSwitch.toggle()),
    vscode.commands.registerCommand('gearshift.inline.snooze', () => inlineSwitch.snooze()),
    vscode.commands.registerCommand('gearshift.inline.trigger', () => vscode.commands.executeCommand('editor.action.inlineSuggest.trigger')),
    // A new key or new settings end the pause after an authentication error.
    services.onDidChangeConfig(() => engine.reset()),
    services.context.secrets.onDidChange(() => engine.reset()),
    vscode.window.onDidChangeTextEditorSelection(() => provider.cancelShown()),
    new vscode.Disposable(() => engine.manager.abortAll()),
  );
}
