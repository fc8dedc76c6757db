// Reads `gearshift.*` through the engine's validator. Only type imports from vscode, so the
// user-only rule for endpoint settings is unit-tested.
import type * as vscode from 'vscode';
import { readConfig } from '../common/config';
import { effectiveExcludeGlobs } from '../common/exclusionSettings';

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

/**
 * Settings a workspace may only add to: the user's list (or the default) is the base, and workspace
 * and folder values are appended, so a repository's settings can never empty or shorten it.
 */
export const ADDITIVE_SETTINGS: ReadonlySet<string> = new Set(['exclude']);

export function readSettings(section: Pick<vscode.WorkspaceConfiguration, 'get' | 'inspect'>): ReturnType<typeof readConfig> {
  return readConfig((key) => {
    if (ADDITIVE_SETTINGS.has(key)) return additive(section.inspect<unknown>(key));
    if (!USER_ONLY_SETTINGS.has(key)) return section.get(key);
    const inspected = section.inspect(key);
    return inspected?.globalValue ?? inspected?.defaultValue;
  });
}

type Inspected = ReturnType<vscode.WorkspaceConfiguration['inspect']>;

function additive(inspected: Inspected): unknown {
  const base = inspected?.globalValue ?? inspected?.defaultValue;
  // A malformed value goes to the validator as is, so it reports the problem.
  if (!isStringList(base)) return base;
  const additions = [inspected?.workspaceValue, inspected?.workspaceFolderValue].filter(isStringList);
  return effectiveExcludeGlobs({ base, additions });
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
