// code-server (VS Code 1.100 with a Node extension host) on 127.0.0.1 with fresh user data and
// extensions folders per run. Its log goes to a file that is kept as an artifact when a run fails.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { delay, freePort, run, spawnGroup, type GroupProcess } from './processes';

export interface RunDirs {
  root: string;
  userData: string;
  extensions: string;
  /** XDG data/cache for code-server, so nothing lands in $HOME. */
  xdg: string;
  config: string;
}

/** The folders of one run under `root`; user data and extensions may live elsewhere. */
export function runDirs(root: string, given: { userData?: string; extensions?: string } = {}): RunDirs {
  const dirs = {
    root,
    userData: given.userData ?? path.join(root, 'user-data'),
    extensions: given.extensions ?? path.join(root, 'extensions'),
    xdg: path.join(root, 'xdg'),
    config: path.join(root, 'code-server.yaml'),
  };
  for (const dir of [dirs.userData, dirs.extensions, dirs.xdg]) fs.mkdirSync(dir, { recursive: true });
  // Without a config file code-server writes one (with a password) into $HOME.
  fs.writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  return dirs;
}

function baseArgs(entry: string, dirs: RunDirs): string[] {
  return [entry, '--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

function xdgEnv(dirs: RunDirs): NodeJS.ProcessEnv {
  return { XDG_DATA_HOME: path.join(dirs.xdg, 'data'), XDG_CACHE_HOME: path.join(dirs.xdg, 'cache'), XDG_CONFIG_HOME: path.join(dirs.xdg, 'config') };
}

/** Installs the packaged .vsix the way a user's `code --install-extension` does. */
export async function installExtension(entry: string, dirs: RunDirs, vsix: string): Promise<string> {
  await run(process.execPath, [...baseArgs(entry, dirs), '--install-extension', vsix], { env: { ...process.env, ...xdgEnv(dirs) } });
  const installed = fs.readdirSync(dirs.extensions).filter((name) => name.startsWith('gearshift.gearshift-'));
  if (installed.length !== 1) throw new Error(`expected one installed gearshift extension in ${dirs.extensions}, found: ${installed.join(', ') || 'none'}`);
  return path.join(dirs.extensions, installed[0]);
}

export interface CodeServer {
  origin: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  entry: string;
  dirs: RunDirs;
  workspace: string;
  env: NodeJS.ProcessEnv;
  port?: number;
  /** Echo code-server's output to the terminal as well as to its log file. */
  echo: boolean;
}

export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  const { dirs } = options;
  const port = options.port ?? (await freePort());
  const logFile = path.join(dirs.root, 'code-server.log');
  const log = fs.createWriteStream(logFile);
  const proc: GroupProcess = spawnGroup(
    process.execPath,
    [
      ...baseArgs(options.entry, dirs),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      options.workspace,
    ],
    { env: { ...process.env, ...xdgEnv(dirs), ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  for (const stream of [proc.child.stdout, proc.child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (options.echo) process.stdout.write(`[code-server] ${chunk}`);
    });
  }
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await proc.stop();
    await new Promise<void>((resolve) => log.end(resolve));
  };
  try {
    await waitUntilHealthy(origin, proc, 60_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- code-server log ---\n${fs.readFileSync(logFile, 'utf8').slice(-4000)}`, { cause: error });
  }
  return { origin, logFile, stop };
}

async function waitUntilHealthy(origin: string, proc: GroupProcess, timeoutMs: number): Promise<void> {
  let exited = false;
  void proc.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error('code-server exited before it was ready');
    try {
      const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await delay(200);
  }
  throw new Error(`code-server did not answer ${origin}/healthz within ${timeoutMs / 1000} s`);
}
