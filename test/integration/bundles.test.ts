// Activation parses only dist/extension.js; everything a command needs only when it runs is a bundle
// of its own, loaded on first use (src/vscode/separateBundle.ts). These checks build the bundles
// exactly as esbuild.js does (production, in memory, with esbuild's metafile) and catch a static
// import that would pull such code back into the activation bundle, a lazy bundle that is not
// built or not packaged, and a second copy of the proposal registry.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as esbuild from 'esbuild';

const repoRoot = path.join(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build script is plain CommonJS
const { builds } = require(path.join(repoRoot, 'esbuild.js')) as { builds: esbuild.BuildOptions[] };

/** Code that only runs inside a command, a request or a rewrite: never parsed at activation. */
const NOT_AT_ACTIVATION = [
  'src/vscode/rewriteJob.ts',
  'src/common/refactor/engine.ts',
  'src/common/refactor/acceptance.ts',
  'src/common/docs/prompts.ts',
  'src/features/docs/explain.ts',
  'src/features/docs/symbols.ts',
  'src/common/inlineEdit/region.ts',
  'src/vscode/instructionPicker.ts',
  'src/features/setup/chooseEndpoint.ts',
  'src/features/setup/testEndpoint.ts',
  'src/features/setup/probeReport.ts',
  'src/features/setup/usageReport.ts',
  'src/features/chat/session.ts',
  'src/features/chat/history.ts',
  'src/node/conversationStore.ts',
  'src/common/routerImpl.ts',
  'src/node/ledgerStore.ts',
  'src/node/tokenizer.ts',
  'src/node/probe.ts',
  'src/node/importedFiles.ts',
  'src/node/moduleResolution.ts',
  'node_modules/proper-lockfile/',
  'node_modules/openai/',
  'node_modules/undici/',
  'node_modules/markdown-it/',
  'node_modules/web-tree-sitter/',
  'node_modules/@secretlint/',
  'node_modules/json5/',
];

/** Every `requireSeparateBundle(...)` name in src/: the bundles the extension loads at run time. */
function lazyBundleNames(): string[] {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (entry.name.endsWith('.ts')) {
        for (const [, name] of fs.readFileSync(file, 'utf8').matchAll(/requireSeparateBundle(?:<[^>]*(?:<[^>]*>[^>]*)*>)?\(\s*'([^']+)'/g)) names.add(name);
      }
    }
  };
  visit(path.join(repoRoot, 'src'));
  return [...names].sort();
}

describe('extension bundles', function () {
  this.timeout(120_000);
  const hostBuild = builds.find((options) => typeof options.entryPoints === 'object' && 'extension' in (options.entryPoints as Record<string, string>));
  let inputsOf: Map<string, string[]>;

  before(async () => {
    assert.ok(hostBuild, 'esbuild.js has no build with the extension entry');
    const result = await esbuild.build({ ...hostBuild, absWorkingDir: repoRoot, minify: true, sourcemap: false, write: false, metafile: true, plugins: hostBuild.plugins?.filter((plugin) => plugin.name !== 'watch-log') });
    inputsOf = new Map(
      Object.entries(result.metafile.outputs)
        .filter(([, output]) => output.entryPoint)
        .map(([file, output]) => [path.basename(file, '.js'), Object.keys(output.inputs).filter((input) => output.inputs[input].bytesInOutput > 0)]),
    );
  });

  it('the activation bundle holds no command-only code', () => {
    const inputs = inputsOf.get('extension')!;
    // Packages may resolve through a symlinked node_modules (../…/node_modules/x/): match the folder anywhere.
    const found = NOT_AT_ACTIVATION.filter((module) => inputs.some((input) => input.startsWith(module) || input.includes(`/${module}`)));
    assert.deepStrictEqual(found, [], `dist/extension.js includes ${found.join(', ')}: import it in a lazy bundle's module, not at activation`);
  });

  it('the activation bundle still registers every feature (their index modules are in it)', () => {
    const inputs = inputsOf.get('extension')!;
    for (const feature of fs.readdirSync(path.join(repoRoot, 'src/features'))) {
      assert.ok(inputs.includes(`src/features/${feature}/index.ts`), `src/features/${feature}/index.ts is not in dist/extension.js`);
    }
  });

  it('every bundle the code loads is built and packaged', () => {
    const names = lazyBundleNames();
    assert.ok(names.length >= 10, `found only ${names.join(', ')}`);
    const packaged = fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
    for (const name of names) {
      const built = inputsOf.has(name) || builds.some((options) => name in ((options.entryPoints ?? {}) as Record<string, string>));
      assert.ok(built, `requireSeparateBundle('${name}') but esbuild.js builds no ${name} entry`);
      assert.ok(packaged.includes(`!dist/${name}.js`), `dist/${name}.js is loaded at run time but .vscodeignore does not ship it`);
    }
  });

  it('the proposal registry exists once: only the activation bundle holds it', () => {
    const holders = [...inputsOf].filter(([, inputs]) => inputs.includes('src/vscode/proposal.ts')).map(([name]) => name);
    assert.deepStrictEqual(holders, ['extension']);
  });
});
