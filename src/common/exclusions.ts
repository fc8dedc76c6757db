// `gearshift.exclude`: files that are never sent to an endpoint, not even as context.
import picomatch from 'picomatch';

/**
 * Builds a matcher for workspace-relative or absolute paths. Backslashes are normalized so Windows
 * paths match the same globs, and `dot: true` lets `**` reach into dot folders (`.config/secrets/…`).
 * A relative pattern like `**\/.env*` matches anywhere in an absolute path too because it starts
 * with `**`; other patterns are also tried against every path suffix so `secrets/**` works from the
 * workspace root in both spellings.
 */
export function createExclusionMatcher(globs: string[]): (relativeOrAbsolutePath: string) => boolean {
  const patterns = globs.map((glob) => glob.trim().replace(/\\/g, '/')).filter((glob) => glob.length > 0);
  if (patterns.length === 0) return () => false;
  const isMatch = picomatch(patterns, { dot: true });
  return (path: string) => {
    const normalized = path.replace(/\\/g, '/').replace(/^[a-zA-Z]:(?=\/)/, '');
    if (isMatch(normalized)) return true;
    // Try each suffix after a '/', so a relative glob matches an absolute path from any root.
    const parts = normalized.split('/').filter((part) => part.length > 0);
    for (let start = 0; start < parts.length; start++) {
      if (isMatch(parts.slice(start).join('/'))) return true;
    }
    return false;
  };
}
