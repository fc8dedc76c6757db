// Chat conversations on disk: one JSON file per conversation under the extension's global storage.
// Every save is atomic (write a temp file, flush it, rename over the old one), and saves of one
// conversation are serialized, so a process killed at any moment leaves either the previous or the
// new complete file. A file that cannot be read back is renamed *.corrupt-<time> and reported; it
// never blocks listing or opening the other conversations. Two windows can save the same
// conversation: each save takes a cross-process lock and merges with the file on disk
// (common/chat/conversationMerge.ts), so neither window's turns are lost.
import { promises as fs } from 'fs';
import * as path from 'path';
import { isConversation, summarize, type Conversation, type ConversationSummary } from '../common/chat/conversation';
import { mergeConversation } from '../common/chat/conversationMerge';
import { withFileLock } from './fileLock';

export interface CorruptFile {
  file: string;
  setAsideAs: string;
  reason: string;
}

export interface ConversationStore {
  readonly dir: string;
  list(): Promise<ConversationSummary[]>;
  load(id: string): Promise<Conversation | undefined>;
  save(conversation: Conversation): Promise<void>;
  delete(id: string): Promise<void>;
  /** Settles when every queued save has been written. */
  flush(): Promise<void>;
}

export interface ConversationStoreOptions {
  /** Told about each corrupt file after it was set aside. */
  onCorrupt?: (corrupt: CorruptFile) => void;
  now?: () => number;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;
const SUFFIX = '.json';
/** Temp files older than this were left by a killed process (another window may be mid-write on newer ones). */
const STALE_TEMP_MS = 60_000;

export function isValidConversationId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export function createConversationStore(dir: string, options: ConversationStoreOptions = {}): ConversationStore {
  const now = options.now ?? Date.now;
  const queues = new Map<string, Promise<void>>();
  /** Per conversation, the turn ids this store has read or written (see mergeConversation). */
  const seen = new Map<string, Set<string>>();
  const remember = (conversation: Conversation) => {
    const ids = seen.get(conversation.id) ?? new Set<string>();
    for (const turn of conversation.turns) ids.add(turn.id);
    seen.set(conversation.id, ids);
  };
  let tempCounter = 0;

  const fileOf = (id: string): string => {
    if (!isValidConversationId(id)) throw new Error(`Invalid conversation id: ${JSON.stringify(id)}`);
    return path.join(dir, id + SUFFIX);
  };

  /** Runs tasks for one conversation one after another; a failed task does not stop later ones. */
  function enqueue(id: string, task: () => Promise<void>): Promise<void> {
    const previous = queues.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(task);
    queues.set(id, next);
    void next.finally(() => {
      if (queues.get(id) === next) queues.delete(id);
    }).catch(() => undefined);
    return next;
  }

  async function setAside(file: string, reason: string): Promise<void> {
    const setAsideAs = `${file}.corrupt-${now()}`;
    await fs.rename(file, setAsideAs);
    options.onCorrupt?.({ file, setAsideAs, reason });
  }

  async function read(file: string): Promise<Conversation | undefined> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      await setAside(file, `not valid JSON (${(error as Error).message})`);
      return undefined;
    }
    if (!isConversation(value) || value.id + SUFFIX !== path.basename(file)) {
      await setAside(file, 'not a Gearshift conversation');
      return undefined;
    }
    return value;
  }

  async function writeAtomically(file: string, text: string): Promise<void> {
    const temp = `${file}.tmp-${process.pid}-${++tempCounter}`;
    const handle = await fs.open(temp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  async function removeStaleTemps(entries: string[]): Promise<void> {
    for (const name of entries.filter((entry) => entry.includes(`${SUFFIX}.tmp-`))) {
      const file = path.join(dir, name);
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat && now() - stat.mtimeMs > STALE_TEMP_MS) await fs.rm(file, { force: true });
    }
  }

  return {
    dir,

    async list() {
      await fs.mkdir(dir, { recursive: true });
      const entries = await fs.readdir(dir);
      await removeStaleTemps(entries);
      const names = entries.filter((name) => name.endsWith(SUFFIX) && isValidConversationId(name.slice(0, -SUFFIX.length)));
      const summaries: ConversationSummary[] = [];
      for (const name of names) {
        const id = name.slice(0, -SUFFIX.length);
        // Reads go through the conversation's queue so a list never sees a half-finished save.
        await enqueue(id, async () => {
          const conversation = await read(path.join(dir, name));
          if (conversation) summaries.push(summarize(conversation));
        });
      }
      return summaries.sort((a, b) => b.updatedAt - a.updatedAt);
    },

    async load(id) {
      let result: Conversation | undefined;
      await enqueue(id, async () => {
        result = await read(fileOf(id));
        if (result) remember(result);
      });
      return result;
    },

    save(conversation) {
      const file = fileOf(conversation.id);
      // Copy now: later mutations of the object must not change what this save writes.
      const ours = JSON.parse(JSON.stringify(conversation)) as Conversation;
      return enqueue(conversation.id, async () => {
        await fs.mkdir(dir, { recursive: true });
        await withFileLock(file, async () => {
          const merged = mergeConversation(ours, await read(file), seen.get(ours.id) ?? new Set());
          await writeAtomically(file, JSON.stringify(merged));
          // Only what this window holds: the other window's turns stay news until this one loads them.
          remember(ours);
        });
      });
    },

    delete(id) {
      const file = fileOf(id);
      return enqueue(id, () => fs.rm(file, { force: true }));
    },

    async flush() {
      await Promise.allSettled([...queues.values()]);
    },
  };
}
