// The exclusion matcher of the window: `gearshift.exclude` (already merged additively by
// settingsReader) plus `.gearshiftignore` at the root of each workspace folder. The matcher bundle
// (picomatch + ignore) loads on the first check, not at activation.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { IGNORE_FILE } from '../common/exclusionSettings';
import type { PathMatcher } from '../common/exclusions';
import { requireSeparateBundle } from './separateBundle';

export interface WorkspaceExclusions extends vscode.Disposable {
  isExcluded(uri: vscode.Uri): boolean;
  /** The same answer for a workspace-relative or absolute path (what the outbound gate sees). */
  matchesPath(relativeOrAbsolutePath: string): boolean;
}

export function createWorkspaceExclusions(globs: () => string[]): WorkspaceExclusions {
  let built: { globs: string[]; matchers: Map<string, PathMatcher>; fallback: PathMatcher } | undefined;
  const matcherFor = (folder: vscode.WorkspaceFolder | undefined): PathMatcher => {
    const current = globs();
    if (built?.globs !== current) {
      const { createExclusionMatcher } = requireSeparateBundle<typeof import('../common/exclusions')>('exclusions', '../common/exclusions');
      built = { globs: current, matchers: new Map(), fallback: createExclusionMatcher(current) };
    }
    if (!folder) return built.fallback;
    const key = folder.uri.toString();
    let matcher = built.matchers.get(key);
    if (!matcher) {
      const { createExclusionMatcher } = requireSeparateBundle<typeof import('../common/exclusions')>('exclusions', '../common/exclusions');
      matcher = createExclusionMatcher(current, readIgnoreFile(folder));
      built.matchers.set(key, matcher);
    }
    return matcher;
  };
  const isExcluded = (uri: vscode.Uri): boolean => {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    // Relative to its own folder: that is where that folder's .gearshiftignore applies.
    return matcherFor(folder)(folder ? path.posix.relative(folder.uri.path, uri.path) : uri.fsPath || uri.path);
  };
  // Any edit of an ignore file rebuilds every matcher on the next check.
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${IGNORE_FILE}`);
  const invalidate = () => (built = undefined);
  const subscriptions = [watcher, watcher.onDidChange(invalidate), watcher.onDidCreate(invalidate), watcher.onDidDelete(invalidate),
    vscode.workspace.onDidChangeWorkspaceFolders(invalidate)];
  return {
    isExcluded,
    matchesPath(relativeOrAbsolutePath) {
      if (path.isAbsolute(relativeOrAbsolutePath)) return isExcluded(vscode.Uri.file(relativeOrAbsolutePath));
      return matcherFor(vscode.workspace.workspaceFolders?.[0])(relativeOrAbsolutePath);
    },
    dispose: () => subscriptions.forEach((subscription) => subscription.dispose()),
  };
}

/** Read synchronously on the first check after a change: a few bytes, and no window in which it is not applied yet. */
function readIgnoreFile(folder: vscode.WorkspaceFolder): string | undefined {
  if (folder.uri.scheme !== 'file') return undefined;
  try {
    return fs.readFileSync(path.join(folder.uri.fsPath, IGNORE_FILE), 'utf8');
  } catch {
    return undefined;
  }
}
