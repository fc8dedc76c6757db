// The outbound gate's questions and refusals as the user sees them in VS Code: an excluded or
// binary subject is a warning naming the setting; secrets in a rewrite's code are listed in a modal
// that asks once whether to send the code unchanged (redacting would corrupt the rewrite).
import * as vscode from 'vscode';
import { GateRefusal, isGateRefusal, type AdmitRequest, type Admission, type GateSource } from '../common/gate';
import type { Services } from './services';

const SEND_UNCHANGED = 'Send Unchanged';

export interface GatedDocument {
  /** Shown as the message's prefix, e.g. "Generate Docs". */
  title: string;
  document: vscode.TextDocument;
  /** The part of the document that is sent (the whole text when omitted). */
  text?: string;
  /** Line of `text` in the document (0-based), so the listed lines match the editor's. */
  lineOffset?: number;
}

/** Admits a user-started job about `subject.document`; undefined when refused or the user declined. */
export async function admitDocumentJob<C extends GateSource>(
  services: Services,
  subject: GatedDocument,
  request: Omit<AdmitRequest<C>, 'subject' | 'lineOffset' | 'sendSecrets'>,
): Promise<Admission<C> | undefined> {
  const { document } = subject;
  const text = subject.text ?? document.getText();
  const gated: AdmitRequest<C> = { ...request, subject: { path: vscode.workspace.asRelativePath(document.uri, false), text }, lineOffset: subject.lineOffset };
  try {
    if (!services.isExcluded(document.uri)) {
      // Without the maintained rules the fast ones still apply: a failed scan is logged, not fatal.
      await services.gate.scanDeep([{ source: document.uri.toString(), version: document.version, text: document.getText(), path: document.uri.path }])
        .catch((error: unknown) => services.log.warn(`${subject.title}: secret scan failed: ${String(error)}`));
    }
    return admitOrThrow(services, document, gated);
  } catch (error) {
    if (!isGateRefusal(error)) throw error;
    if (error.reason !== 'secrets') {
      void vscode.window.showWarningMessage(`${subject.title}: ${error.message}`);
      return undefined;
    }
    const choice = await vscode.window.showWarningMessage(
      `${subject.title}: the code holds what looks like secrets`,
      { modal: true, detail: `${error.message}\n\nSend the code unchanged only if these are not real credentials.` },
      SEND_UNCHANGED,
    );
    if (choice !== SEND_UNCHANGED) return undefined;
    services.log.warn(`${subject.title}: the user chose to send ${error.lines.length} line(s) with secret-like values unchanged`);
    return admitOrThrow(services, document, { ...gated, sendSecrets: true });
  }
}

/** The URI-based check first: in a multi-root window it knows each folder's .gearshiftignore. */
function admitOrThrow<C extends GateSource>(services: Services, document: vscode.TextDocument, request: AdmitRequest<C>): Admission<C> {
  if (services.isExcluded(document.uri)) {
    const name = document.uri.path.split('/').pop() || document.uri.toString();
    throw new GateRefusal('excluded', `${name} matches gearshift.exclude or .gearshiftignore and is never sent to the endpoint.`);
  }
  return services.gate.admit(request);
}
