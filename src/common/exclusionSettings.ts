// How the exclusion list is put together from its layers. Kept apart from the matcher
// (exclusions.ts, which loads picomatch and ignore) so reading settings stays light at activation.

/** Name of the optional file at the workspace root (gitignore syntax). */
export const IGNORE_FILE = '.gearshiftignore';

export interface ExclusionLayers {
  /** The user's (machine) list, or the built-in default when the user set none. */
  base: readonly string[];
  /** Workspace and folder lists: added to the base, never a replacement for it. */
  additions?: readonly (readonly string[] | undefined)[];
}

/** The globs in force: a repository's settings can add patterns but never remove the user's. */
export function effectiveExcludeGlobs(layers: ExclusionLayers): string[] {
  const all = [layers.base, ...(layers.additions ?? [])].flatMap((list) => list ?? []);
  return [...new Set(all.map((glob) => glob.trim()).filter((glob) => glob.length > 0))];
}
