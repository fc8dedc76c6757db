// The usage ledger on disk: one JSON line per record, appended in order through a write queue.
// Bounded: past maxEntries lines, older records are folded into daily totals and the file is
// rewritten atomically (temp file + rename). A process killed mid-append leaves at most a torn
// last line, which readers skip and the next writer terminates before appending. Appends and
// compaction hold a cross-process lock, so a window compacting never drops what another window
// appends meanwhile.
import { promises as fs } from 'fs';
import * as path from 'path';
import type { Ledger, LedgerRecord, UsageSummary } from '../common/ledger';
import { silentLogger, type Logger } from '../common/logger';
import { localDay, parseStoredLine, summarizeUsage, toDailyTotals, type StoredLine } from '../common/usageSummary';
import { withFileLock } from './fileLock';

export const LEDGER_FILE = 'usage.jsonl';

/** Daily totals older than this are dropped at compaction, so the file stays bounded over years. */
const DAILY_RETENTION_DAYS = 400;

export interface LedgerStoreOptions {
  maxEntries: number;
  log?: Logger;
}

async function readLines(file: string): Promise<StoredLine[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines: StoredLine[] = [];
  for (const line of text.split('\n')) {
    const parsed = parseStoredLine(line);
    if (parsed) lines.push(parsed);
  }
  return lines;
}

export function createLedgerStore(dir: string, options: LedgerStoreOptions): Ledger & { dispose(): Promise<void> } {
  const file = path.join(dir, LEDGER_FILE);
  const log = options.log ?? silentLogger;
  const pending: LedgerRecord[] = [];
  let lineCount: number | undefined;
  let queue: Promise<void> = Promise.resolve();
  let disposed = false;

  function enqueue(task: () => Promise<void>): Promise<void> {
    queue = queue.then(task).catch((error: unknown) => log.error(`Usage ledger (${file}): ${error instanceof Error ? error.message : String(error)}`));
    return queue;
  }

  /** Counts existing lines once and terminates a torn last line left by a killed process. */
  async function open(): Promise<number> {
    if (lineCount !== undefined) return lineCount;
    await fs.mkdir(dir, { recursive: true });
    let text = '';
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text.length > 0 && !text.endsWith('\n')) {
      await fs.appendFile(file, '\n');
      text += '\n';
    }
    lineCount = text.split('\n').length - 1;
    return lineCount;
  }

  /** Keeps the newest half of maxEntries records as they are and folds the rest into daily totals. */
  async function compact(): Promise<void> {
    const lines = await readLines(file);
    const keepRaw = Math.floor(options.maxEntries / 2);
    const raw = lines.filter((line) => line.kind !== 'daily');
    const older = [...lines.filter((line) => line.kind === 'daily'), ...raw.slice(0, Math.max(0, raw.length - keepRaw))];
    const oldestKept = localDay(Date.now() - DAILY_RETENTION_DAYS * 86_400_000);
    const dailies = toDailyTotals(older).filter((daily) => daily.day >= oldestKept);
    const kept: StoredLine[] = [...dailies, ...raw.slice(-keepRaw)];
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(temp, kept.map((line) => `${JSON.stringify(line)}\n`).join(''));
    await fs.rename(temp, file);
    lineCount = kept.length;
    log.debug(`Usage ledger compacted: ${lines.length} lines → ${kept.length} (${dailies.length} daily totals).`);
  }

  async function flush(): Promise<void> {
    const count = await open();
    const batch = pending.splice(0);
    if (batch.length === 0) return;
    await withFileLock(file, async () => {
      await fs.appendFile(file, batch.map((record) => `${JSON.stringify(record)}\n`).join(''));
      lineCount = count + batch.length;
      if (lineCount > options.maxEntries) await compact();
    });
  }

  return {
    record(record) {
      if (disposed) return;
      pending.push(record);
      // One flush per burst: later records join the batch the queued flush will write.
      if (pending.length === 1) void enqueue(flush);
    },

    async summary(now?: number): Promise<UsageSummary> {
      await enqueue(flush);
      return summarizeUsage(await readLines(file), now);
    },

    async dispose() {
      await enqueue(flush);
      disposed = true;
    },
  };
}
