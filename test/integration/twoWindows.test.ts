// Two VS Code windows on one profile share the chat and usage files. Each "window" here is a
// store of its own on the same folder; for the ledger one of them is another process.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { createConversation, type Conversation, type StoredTurn } from '../../src/common/chat/conversation';
import type { RequestRecord } from '../../src/common/ledger';
import { createConversationStore } from '../../src/node/conversationStore';
import { createLedgerStore } from '../../src/node/ledgerStore';
import { makeTempDir } from '../support/tempDirs';

function turn(id: string, at: number): StoredTurn {
  return { id, role: id.startsWith('u') ? 'user' : 'assistant', text: `text of ${id}`, at, status: 'done' };
}

describe('two windows: chat history', () => {
  it('keeps the turns both windows add to one conversation, whoever saves last', async () => {
    const dir = makeTempDir('chat-two-windows');
    const first = createConversationStore(dir);
    const second = createConversationStore(dir);
    const start = createConversation('shared', 1000);
    await first.save(start);
    const a = (await first.load('shared'))!;
    const b = (await second.load('shared'))!;
    a.turns.push(turn('u-a', 2000), turn('a-a', 2001));
    b.turns.push(turn('u-b', 2002), turn('a-b', 2003));
    // Concurrent saves from both windows.
    await Promise.all([first.save(a), second.save(b)]);
    await second.save(b);
    const stored = (await createConversationStore(dir).load('shared'))!;
    assert.deepEqual(stored.turns.map((t) => t.id), ['u-a', 'a-a', 'u-b', 'a-b']);
  });

  it('does not bring back turns a window deleted', async () => {
    const dir = makeTempDir('chat-delete');
    const first = createConversationStore(dir);
    const conversation: Conversation = { ...createConversation('c', 1000), turns: [turn('u1', 1), turn('a1', 2), turn('u2', 3), turn('a2', 4)] };
    await first.save(conversation);
    const loaded = (await first.load('c'))!;
    loaded.turns.splice(0, 2);
    await first.save(loaded);
    assert.deepEqual((await createConversationStore(dir).load('c'))!.turns.map((t) => t.id), ['u2', 'a2']);
  });
});

describe('two windows: usage ledger', () => {
  it('loses no record when one process compacts while another appends', async function () {
    this.timeout(60_000);
    const dir = makeTempDir('ledger-two-windows');
    const storeModule = path.join(__dirname, '../../src/node/ledgerStore.ts');
    const PER_WRITER = 600;
    // The other window: appends records one by one with a small maxEntries, so it compacts often too.
    const script = `
      const { createLedgerStore } = require(${JSON.stringify(storeModule)});
      const store = createLedgerStore(${JSON.stringify(dir)}, { maxEntries: 100 });
      let i = 0;
      (function tick() {
        if (i === ${PER_WRITER}) return store.dispose().then(() => process.exit(0));
        store.record({ kind: 'request', at: Date.now(), job: 'chat', tier: 'fast', model: 'other', endpointId: 'e', promptTokens: 1, cachedPromptTokens: 0, completionTokens: 0, durationMs: 0, outcome: 'ok', costUsd: 0 });
        i++;
        setTimeout(tick, 1);
      })();`;
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: path.join(__dirname, '../..'), stdio: 'inherit' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const store = createLedgerStore(dir, { maxEntries: 100 });
    const record = (): RequestRecord => ({
      kind: 'request', at: Date.now(), job: 'inline', tier: 'fast', model: 'this', endpointId: 'e', promptTokens: 1, cachedPromptTokens: 0, completionTokens: 0, durationMs: 0, outcome: 'ok', costUsd: 0,
    });
    for (let i = 0; i < PER_WRITER; i++) {
      store.record(record());
      // Flush each one (a summary waits for the write queue), as separate requests would.
      if (i % 10 === 0) await store.summary();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await store.dispose();
    assert.equal(await exited, 0);
    // Compaction folds old records into daily totals: the counts must still add up exactly.
    const summary = await createLedgerStore(dir, { maxEntries: 100 }).summary();
    assert.equal(summary.today.requests, 2 * PER_WRITER);
  });
});
