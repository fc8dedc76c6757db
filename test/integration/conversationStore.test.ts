import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createConversation, type Conversation } from '../../src/common/chat/conversation';
import { createConversationStore, type CorruptFile } from '../../src/node/conversationStore';

const ROOT = path.resolve(__dirname, '../..');

function conversationWith(id: string, turns: number, now = 1000): Conversation {
  const conversation = createConversation(id, now);
  for (let index = 0; index < turns; index++) {
    conversation.turns.push({ id: `t${index}`, role: index % 2 ? 'assistant' : 'user', text: `text ${index}`, at: now + index, status: 'done' });
  }
  conversation.updatedAt = now + turns;
  return conversation;
}

describe('conversation store (files on disk)', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gearshift-chat-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('saves, lists newest first, loads and deletes', async () => {
    const store = createConversationStore(dir);
    await store.save(conversationWith('old', 2, 1000));
    await store.save(conversationWith('new', 4, 5000));
    assert.deepEqual((await store.list()).map((summary) => [summary.id, summary.turnCount]), [['new', 4], ['old', 2]]);
    assert.equal((await store.load('new'))?.turns[3].text, 'text 3');
    await store.delete('old');
    assert.deepEqual((await store.list()).map((summary) => summary.id), ['new']);
    assert.equal(await store.load('old'), undefined);
  });

  it('writes what the conversation held at save time, in order, even when saves overlap', async () => {
    const store = createConversationStore(dir);
    const conversation = conversationWith('c', 0);
    const saves: Promise<void>[] = [];
    for (let index = 0; index < 25; index++) {
      conversation.turns.push({ id: `t${index}`, role: 'user', text: `m${index}`, at: index, status: 'done' });
      saves.push(store.save(conversation));
    }
    await Promise.all(saves);
    const loaded = await createConversationStore(dir).load('c');
    assert.equal(loaded?.turns.length, 25);
    assert.deepEqual((await fs.readdir(dir)).sort(), ['c.json'], 'no temp files left');
  });

  it('sets a corrupt file aside, reports it, and keeps the others usable', async () => {
    const reports: CorruptFile[] = [];
    const store = createConversationStore(dir, { onCorrupt: (corrupt) => reports.push(corrupt), now: () => 424242 });
    await store.save(conversationWith('good', 2));
    await fs.writeFile(path.join(dir, 'broken.json'), '{"version":1,"id":"broken","tur');
    await fs.writeFile(path.join(dir, 'alien.json'), JSON.stringify({ hello: 'world' }));
    assert.deepEqual((await store.list()).map((summary) => summary.id), ['good']);
    assert.deepEqual(reports.map((report) => path.basename(report.setAsideAs)).sort(), ['alien.json.corrupt-424242', 'broken.json.corrupt-424242']);
    assert.match(reports.find((report) => report.file.endsWith('broken.json'))!.reason, /not valid JSON/);
    const files = (await fs.readdir(dir)).sort();
    assert.deepEqual(files, ['alien.json.corrupt-424242', 'broken.json.corrupt-424242', 'good.json']);
    assert.equal(await store.load('broken'), undefined);
  });

  it('rejects ids that could escape the folder', async () => {
    const store = createConversationStore(dir);
    assert.throws(() => store.save({ ...conversationWith('x', 0), id: '../evil' }), /Invalid conversation id/);
  });

  it('removes temp files left by a killed process once they are stale', async () => {
    let clock = Date.now();
    const store = createConversationStore(dir, { now: () => clock });
    await fs.writeFile(path.join(dir, 'c.json.tmp-99999-1'), 'partial');
    await store.list();
    assert.ok((await fs.readdir(dir)).includes('c.json.tmp-99999-1'), 'a fresh temp file may belong to another window');
    clock += 120_000;
    await store.list();
    assert.deepEqual(await fs.readdir(dir), []);
  });

  it('loses no saved message when the writing process is killed with SIGKILL mid-write', async function () {
    this.timeout(120_000);
    // tsx/cjs in the same process (not the tsx CLI, which forks): the kill must hit the writer itself.
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'chat/conversationWriter.ts'), dir, 'killed'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      const killed = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const saves = output.match(/saved \d+/g) ?? [];
          // Let each round write a few more messages, then kill at a varying moment.
          if (saves.length >= 3 + round) resolve();
        });
      });
      await new Promise((resolve) => setTimeout(resolve, round * 3));
      child.kill('SIGKILL');
      await killed;
      const all = output.match(/saved (\d+)/g) ?? [];
      const confirmed = Number(all[all.length - 1].split(' ')[1]);

      const reports: CorruptFile[] = [];
      const loaded = await createConversationStore(dir, { onCorrupt: (corrupt) => reports.push(corrupt) }).load('killed');
      assert.deepEqual(reports, [], 'the file is never corrupt');
      assert.ok(loaded, 'the conversation is still there');
      assert.ok(loaded.turns.length >= confirmed, `round ${round}: ${loaded.turns.length} turns on disk, ${confirmed} confirmed`);
      loaded.turns.forEach((turn, index) => assert.equal(turn.id, `turn-${index}`));
    }
  });
});
