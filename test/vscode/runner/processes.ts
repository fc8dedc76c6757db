// Child processes the rig starts: each in its own process group, so stopping one also stops
// everything it forked (code-server forks a file watcher, a pty host and the extension host).
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as net from 'node:net';

export interface GroupProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs` if it is still there. */
  stop(graceMs?: number): Promise<void>;
}

const started = new Set<GroupProcess>();

/** Spawns `command` as the leader of a new process group. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}): GroupProcess {
  const child = spawn(command, args, { ...options, detached: true });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
    child.once('error', () => resolve(null));
  });
  const group: GroupProcess = {
    child,
    exited,
    async stop(graceMs = 3000) {
      started.delete(group);
      if (child.pid === undefined) return;
      signalGroup(child.pid, 'SIGTERM');
      const gone = await Promise.race([exited.then(() => true), delay(graceMs).then(() => false)]);
      // The leader may be gone while its children linger: always finish the group off.
      signalGroup(child.pid, 'SIGKILL');
      if (!gone) await Promise.race([exited, delay(1000)]);
    },
  };
  started.add(group);
  return group;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Last-resort cleanup on exit paths where awaiting is impossible. */
export function killAllGroupsNow(): void {
  for (const group of started) {
    if (group.child.pid !== undefined) signalGroup(group.child.pid, 'SIGKILL');
  }
  started.clear();
}

/** Runs a command to completion; rejects with the tail of its output when it fails. */
export async function run(command: string, args: string[], options: SpawnOptions & { echo?: boolean } = {}): Promise<string> {
  const proc = spawnGroup(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (options.echo) process.stdout.write(chunk);
  };
  proc.child.stdout?.on('data', collect);
  proc.child.stderr?.on('data', collect);
  const code = await proc.exited;
  started.delete(proc);
  if (code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${code}\n${output.slice(-4000)}`);
  }
  return output;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
