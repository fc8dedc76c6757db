// `npm run test:electron`: the same in-host suites through the standard @vscode/test-electron
// runner on desktop VS Code (downloaded into .vscode-test/), for machines that can reach
// update.code.visualstudio.com. The packaged .vsix is installed into a fresh extensions folder
// with VS Code's CLI, exactly as in the code-server rig. UI checks need the browser rig.
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startMockServer } from '../../support/mockServer';
import { writeDesktopShim } from './desktopShim';
import { run } from './processes';
import { compileSuites, copyWorkspace, packageExtension, testHostEnv, writeUserSettings } from './setup';

async function main(): Promise<number> {
  const grepAt = process.argv.indexOf('--grep');
  const grep = grepAt > 0 ? process.argv[grepAt + 1] : undefined;
  let vscodeExecutablePath: string;
  try {
    // --code-server: the same runner against code-server posing as VS Code (see desktopShim.ts).
    vscodeExecutablePath = process.argv.includes('--code-server')
      ? writeDesktopShim()
      : await downloadAndUnzipVSCode(process.env.GEARSHIFT_VSCODE_VERSION ?? 'stable');
  } catch (error) {
    console.error(`[test:electron] cannot download VS Code (${(error as Error).message}).`);
    console.error('[test:electron] Offline or without access to update.code.visualstudio.com, use `npm run test:vscode` (code-server + Chromium).');
    return 1;
  }

  const runRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-electron-'));
  const mock = await startMockServer();
  let cleanupSuites = () => {};
  try {
    const userData = path.join(runRoot, 'user-data');
    const extensions = path.join(runRoot, 'extensions');
    const [vsix, suites] = await Promise.all([
      packageExtension(path.join(runRoot, 'gearshift.vsix'), (line) => console.log(`[test:electron] ${line}`)),
      compileSuites(path.basename(runRoot)),
    ]);
    cleanupSuites = suites.dispose;
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath, { reuseMachineInstall: true });
    await run(cli, [...cliArgs, `--user-data-dir=${userData}`, `--extensions-dir=${extensions}`, '--install-extension', vsix], { shell: process.platform === 'win32' });
    const workspace = copyWorkspace(path.join(runRoot, 'workspace'));
    writeUserSettings(userData, mock.url);
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: suites.extensionDevelopmentPath,
      extensionTestsPath: suites.testsIndex,
      extensionTestsEnv: testHostEnv(mock.origin, { userData, extensions }, grep),
      launchArgs: [workspace, `--user-data-dir=${userData}`, `--extensions-dir=${extensions}`],
    });
  } catch (error) {
    console.error(`[test:electron] ${(error as Error).message}`);
    return 1;
  } finally {
    await mock.close();
    cleanupSuites();
    fs.rmSync(runRoot, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
