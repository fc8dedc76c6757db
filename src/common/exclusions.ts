// `gearshift.exclude` and `.gearshiftignore`: files that are never sent to an endpoint, not even as
// context. The globs use picomatch; the ignore file uses gitignore syntax through `ignore` (the
// parser eslint and prettier use), so a team can share one list the same way it shares .gitignore.
import ignore from 'ignore';
import picomatch from 'picomatch';

export type PathMatcher = (relativeOrAbsolutePath: string) => boolean;

/**
 * Builds a matcher for workspace-relative or absolute paths. Backslashes are normalized so Windows
 * paths match the same globs, and `dot: true` lets `**` reach into dot folders (`.config/secrets/…`).
 * A relative pattern like `**\/.env*` matches anywhere in an absolute path too because it starts
 * with `**`; other patterns are also tried against every path suffix so `secrets/**` works from the
 * workspace root in both spellings.
 */
export function createExclusionMatcher(globs: readonly string[], ignoreFileText?: string): PathMatcher {
  const patterns = globs.map((glob) => glob.trim().replace(/\\/g, '/')).filter((glob) => glob.length > 0);
  const isMatch = patterns.length ? picomatch(patterns, { dot: true }) : undefined;
  const ignoreFile = ignoreFileText?.trim() ? ignore().add(ignoreFileText) : undefined;
  if (!isMatch && !ignoreFile) return () => false;
  // The gate asks about the same few paths (the open file, the context files) on every keystroke.
  const verdicts = new Map<string, boolean>();
  return (path: string) => {
    let excluded = verdicts.get(path);
    if (excluded === undefined) {
      if (verdicts.size >= MAX_REMEMBERED_PATHS) verdicts.clear();
      verdicts.set(path, (excluded = matches(path)));
    }
    return excluded;
  };

  function matches(path: string): boolean {
    const normalized = path.replace(/\\/g, '/').replace(/^[a-zA-Z]:(?=\/)/, '');
    // The ignore file is relative to the workspace root, like .gitignore: it judges relative paths.
    if (ignoreFile && isRelativeInside(normalized) && ignoreFile.ignores(normalized.replace(/^\.\//, ''))) return true;
    if (!isMatch) return false;
    if (isMatch(normalized)) return true;
    // Try each suffix after a '/', so a relative glob matches an absolute path from any root.
    const parts = normalized.split('/').filter((part) => part.length > 0);
    for (let start = 0; start < parts.length; start++) {
      if (isMatch(parts.slice(start).join('/'))) return true;
    }
    return false;
  }
}

const MAX_REMEMBERED_PATHS = 5000;

function isRelativeInside(path: string): boolean {
  return path.length > 0 && !path.startsWith('/') && !path.startsWith('../') && path !== '..';
}
