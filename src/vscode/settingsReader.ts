// Reads `gearshift.*` through the engine's validator. Only type imports from vscode, so the
// user-only rule for endpoint settings is unit-tested.
import type * as vscode from 'vscode';
import { readConfig } from '../common/config';

/**
 * Settings that decide where code is sent. A cloned repository must not redirect it, so only the
 * user's own (global) value counts, never a workspace or folder value.
 */
export const USER_ONLY_SETTINGS: ReadonlySet<string> = new Set([
  'endpoint.baseUrl',
  'endpoint.headers',
  'endpoint.failover',
  'network.caCertificates',
]);

export function readSettings(section: Pick<vscode.WorkspaceConfiguration, 'get' | 'inspect'>): ReturnType<typeof readConfig> {
  return readConfig((key) => {
    if (!USER_ONLY_SETTINGS.has(key)) return section.get(key);
    const inspected = section.inspect(key);
    return inspected?.globalValue ?? inspected?.defaultValue;
  });
}
