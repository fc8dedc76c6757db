// code-server posing as a desktop VS Code executable, so the standard @vscode/test-electron runner
// can be exercised on machines that cannot download VS Code (`npm run test:electron -- --code-server`).
// It takes the Electron-style arguments the runner passes (`--extensionTestsPath=`,
// `--extensionDevelopmentPath=`, `--user-data-dir=`, `--extensions-dir=`, the workspace as the
// first positional, or `--install-extension <vsix>` for the CLI), ignores Electron-only flags, runs
// the suites in code-server + Chromium and exits with their code.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPORT_MARK } from '../reportMark';
import { installExtension, runDirs, startCodeServer } from './codeServer';
import { killAllGroupsNow } from './processes';
import { CACHE_ROOT, REPO_ROOT } from './setup';
import { ensureTools } from './tools';
import { launchBrowser, newContext, runInHostSuites, testPayload, workbenchUrl } from './workbench';

/** Writes `code` and `bin/code` (the CLI path test-electron derives) that run this shim. */
export function writeDesktopShim(): string {
  const dir = path.join(CACHE_ROOT, 'code-server-as-desktop');
  const script = `#!/bin/sh\nexec "${process.execPath}" --import "${path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')}" "${__filename}" "$@"\n`;
  for (const file of [path.join(dir, 'code'), path.join(dir, 'bin', 'code')]) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, script, { mode: 0o755 });
  }
  return path.join(dir, 'code');
}

function parse(argv: string[]) {
  const value = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const installAt = argv.indexOf('--install-extension');
  return {
    testsPath: value('extensionTestsPath'),
    developmentPath: value('extensionDevelopmentPath'),
    userData: value('user-data-dir'),
    extensions: value('extensions-dir'),
    vsix: installAt >= 0 ? argv[installAt + 1] : undefined,
    workspace: argv.find((arg, index) => !arg.startsWith('-') && argv[index - 1] !== '--install-extension'),
  };
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  const log = (line: string) => console.log(`[code-server as desktop] ${line}`);
  const tools = await ensureTools(CACHE_ROOT, log);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-desktop-'));
  const dirs = runDirs(root, { userData: args.userData, extensions: args.extensions });
  const stops: Array<() => Promise<void>> = [];
  try {
    if (args.vsix) {
      log(`installed ${path.basename(await installExtension(tools.codeServerEntry, dirs, args.vsix))}`);
      return 0;
    }
    if (!args.testsPath || !args.developmentPath || !args.workspace) {
      log('needs --extensionTestsPath=, --extensionDevelopmentPath= and a workspace folder');
      return 2;
    }
    const server = await startCodeServer({
      entry: tools.codeServerEntry,
      dirs,
      workspace: args.workspace,
      echo: false,
      env: { GEARSHIFT_TEST_MARK_REPORT: '1' },
    });
    stops.push(() => server.stop());
    const browser = await launchBrowser(tools.chromium, path.join(root, 'browser'));
    stops.push(() => browser.close());
    const page = await (await newContext(browser)).newPage();
    return await runInHostSuites(page, {
      url: workbenchUrl(server.origin, args.workspace, testPayload(args.developmentPath, args.testsPath)),
      timeoutMs: 10 * 60_000,
      onLine: (line) => {
        if (line.startsWith(REPORT_MARK)) console.log(line.slice(REPORT_MARK.length));
      },
    });
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  process.once('exit', killAllGroupsNow);
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
