// The tools the rig needs, installed on first use: Debian packages through apt-get (when root),
// code-server from npm into `.test-cache/` keyed on its version (as @vscode/test-electron caches
// VS Code in `.vscode-test/`). Repeat runs find everything in place and take no time here.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withLock } from './lock';
import { run } from './processes';

/** 4.100.x is the last code-server line that runs on Node 20 (VS Code 1.100.3). */
export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM_PATH = '/usr/bin/chromium';

interface DebianPackage {
  name: string;
  /** A file the package installs; its presence means the package is there. */
  probe: string;
  why: string;
}

const CHROMIUM: DebianPackage = { name: 'chromium', probe: CHROMIUM_PATH, why: 'the browser that shows the workbench' };
const RIPGREP: DebianPackage = { name: 'ripgrep', probe: '/usr/bin/rg', why: "seeds @vscode/ripgrep, which cannot download from GitHub here" };
const KRB5_DEV: DebianPackage = { name: 'libkrb5-dev', probe: '/usr/include/krb5.h', why: "builds code-server's native kerberos module" };

export interface Tools {
  codeServerEntry: string;
  chromium: string;
}

export async function ensureTools(cacheRoot: string, log: (line: string) => void): Promise<Tools> {
  const installDir = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
  const entry = path.join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = path.join(installDir, '.installed');
  const codeServerCached = fs.existsSync(marker) && fs.existsSync(entry);

  // The build-only packages are needed just for a fresh code-server install.
  await ensureDebianPackages(codeServerCached ? [CHROMIUM] : [CHROMIUM, RIPGREP, KRB5_DEV], log);
  if (!codeServerCached) {
    await withLock(path.join(cacheRoot, 'install.lock'), 'installing the test tools', log, async () => {
      if (fs.existsSync(marker)) return; // another run finished it while we waited
      await installCodeServer(installDir, log);
      fs.writeFileSync(marker, `${CODE_SERVER_VERSION}\n`);
    });
  }
  return { codeServerEntry: entry, chromium: CHROMIUM_PATH };
}

async function ensureDebianPackages(packages: DebianPackage[], log: (line: string) => void): Promise<void> {
  const missing = packages.filter((pkg) => !fs.existsSync(pkg.probe));
  if (missing.length === 0) return;
  const names = missing.map((pkg) => pkg.name);
  const reasons = missing.map((pkg) => `  ${pkg.name}: ${pkg.why}`).join('\n');
  if (process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/apt-get')) {
    throw new Error(`Missing Debian packages for the VS Code tests:\n${reasons}\nInstall them with: sudo apt-get install -y ${names.join(' ')}`);
  }
  log(`installing ${names.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env });
  await run('apt-get', ['install', '-y', '--no-install-recommends', ...names], { env });
}

async function installCodeServer(installDir: string, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${path.relative(process.cwd(), installDir)} (first run only, ~1–2 min)`);
  fs.rmSync(installDir, { recursive: true, force: true });
  fs.mkdirSync(installDir, { recursive: true });
  fs.writeFileSync(path.join(installDir, 'package.json'), JSON.stringify({ private: true, name: 'gearshift-test-code-server' }, null, 2));
  await seedRipgrepCache();
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: installDir,
    env: {
      ...process.env,
      // node-pty's postinstall runs `npx node-gyp`, which is cancelled without `yes`.
      npm_config_yes: 'true',
      // As root, code-server's postinstall refuses to run without unsafe-perm.
      npm_config_unsafe_perm: 'true',
      TMPDIR: os.tmpdir(),
    },
  });
  log(`code-server installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * code-server's postinstall fetches ripgrep from GitHub through @vscode/ripgrep@1.15.11, which
 * these machines cannot reach. It looks in its download cache first, so put Debian's rg there.
 */
async function seedRipgrepCache(): Promise<void> {
  const cacheDir = path.join(os.tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const archive = path.join(cacheDir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (fs.existsSync(archive)) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-rg-'));
  try {
    fs.copyFileSync(RIPGREP.probe, path.join(staging, 'rg'));
    fs.chmodSync(path.join(staging, 'rg'), 0o755);
    await run('tar', ['-czf', `${archive}.partial`, '-C', staging, 'rg']);
    fs.renameSync(`${archive}.partial`, archive);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
