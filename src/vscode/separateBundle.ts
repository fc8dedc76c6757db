// Modules that ship as bundles of their own beside dist/extension.js, so that loading the extension
// does not even parse them (they load on first use).
import * as fs from 'fs';
import * as path from 'path';

/**
 * Loads dist/<name>.js when running from the bundle; from source (tests, bench) it loads
 * `sourceSpecifier`, resolved relative to this folder (src/vscode).
 */
export function requireSeparateBundle<T>(name: string, sourceSpecifier: string): T {
  const bundled = path.join(__dirname, `${name}.js`);
  // A non-literal specifier keeps esbuild from inlining the module into the extension bundle.
  const specifier = fs.existsSync(bundled) ? bundled : sourceSpecifier;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point is a runtime require esbuild cannot follow
  return require(specifier) as T;
}
