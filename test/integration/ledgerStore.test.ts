import * as assert from 'assert';
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { LedgerRecord, RequestRecord } from '../../src/common/ledger';
import { summarizeUsage } from '../../src/common/usageSummary';
import { LEDGER_FILE, createLedgerStore } from '../../src/node/ledgerStore';
import { makeTempDir } from '../support/tempDirs';

const DAY = 86_400_000;

function request(index: number, at = Date.now()): RequestRecord {
  return {
    kind: 'request', at, job: index % 3 === 0 ? 'inline' : 'chat', tier: 'fast', model: index % 2 ? 'gpt-4.1-mini' : 'gpt-4.1',
    endpointId: 'http://127.0.0.1:1/v1', promptTokens: index, cachedPromptTokens: 0, completionTokens: 1, durationMs: 5, outcome: 'ok', costUsd: 0.001,
  };
}

async function fileLines(dir: string): Promise<string[]> {
  return (await fs.readFile(path.join(dir, LEDGER_FILE), 'utf8')).split('\n').filter((line) => line.length > 0);
}

describe('ledgerStore', () => {
  it('appends one JSON line per record, in order, and summarizes them', async () => {
    const dir = makeTempDir('ledger');
    const store = createLedgerStore(path.join(dir, 'nested'), { maxEntries: 1000 });
    for (let i = 0; i < 20; i++) store.record(request(i));
    store.record({ kind: 'shown', at: Date.now(), job: 'inline', model: 'gpt-4.1', fromMemory: false });
    store.record({ kind: 'accepted', at: Date.now(), job: 'inline', model: 'gpt-4.1', fromMemory: false });
    const summary = await store.summary();
    assert.strictEqual(summary.today.requests, 20);
    assert.strictEqual(summary.today.promptTokens, (19 * 20) / 2);
    assert.deepStrictEqual([summary.inline.shown, summary.inline.accepted, summary.inline.requests], [1, 1, 7]);
    const lines = await fileLines(path.join(dir, 'nested'));
    assert.strictEqual(lines.length, 22);
    assert.deepStrictEqual(lines.slice(0, 20).map((line) => JSON.parse(line).promptTokens), [...Array(20).keys()]);
    await store.dispose();
  });

  it('keeps records across store instances and ignores records after dispose', async () => {
    const dir = makeTempDir('ledger');
    const first = createLedgerStore(dir, { maxEntries: 1000 });
    first.record(request(1));
    await first.dispose();
    first.record(request(2));
    const second = createLedgerStore(dir, { maxEntries: 1000 });
    second.record(request(3));
    assert.strictEqual((await second.summary()).today.requests, 2);
    await second.dispose();
  });

  it('compacts older records into daily totals without changing the summary', async () => {
    const dir = makeTempDir('ledger');
    const now = Date.now();
    const all: LedgerRecord[] = [];
    const store = createLedgerStore(dir, { maxEntries: 100 });
    for (let i = 0; i < 350; i++) {
      // Spread over the last few days (oldest first), as a real ledger would be.
      const record = request(i, now - Math.floor((350 - i) / 100) * DAY);
      all.push(record);
      store.record(record);
      if (i % 7 === 0) {
        const shown: LedgerRecord = { kind: 'shown', at: record.at, job: 'inline', model: record.model, fromMemory: false };
        all.push(shown);
        store.record(shown);
      }
    }
    const summary = await store.summary(now);
    await store.dispose();
    const lines = await fileLines(dir);
    assert.ok(lines.length <= 100, `bounded: ${lines.length} lines`);
    assert.ok(lines.some((line) => JSON.parse(line).kind === 'daily'), 'older records became daily totals');
    const expected = summarizeUsage(all as never, now);
    assert.deepStrictEqual(summary.inline, expected.inline);
    assert.strictEqual(summary.month.requests, expected.month.requests);
    assert.strictEqual(summary.month.promptTokens, expected.month.promptTokens);
    assert.strictEqual(summary.today.requests, expected.today.requests);
    assert.deepStrictEqual(Object.keys(summary.byModel).sort(), Object.keys(expected.byModel).sort());
    assert.ok(Math.abs(summary.month.costUsd - expected.month.costUsd) < 1e-9);
    assert.deepStrictEqual((await fs.readdir(dir)).filter((name) => name.endsWith('.tmp')), [], 'no temp file left');
  });

  it('skips a torn last line and terminates it before appending', async () => {
    const dir = makeTempDir('ledger');
    const complete = JSON.stringify(request(1));
    await fs.writeFile(path.join(dir, LEDGER_FILE), `${complete}\n${complete.slice(0, 30)}`);
    const store = createLedgerStore(dir, { maxEntries: 1000 });
    assert.strictEqual((await store.summary()).today.requests, 1);
    store.record(request(2));
    assert.strictEqual((await store.summary()).today.requests, 2);
    await store.dispose();
    const lines = await fileLines(dir);
    assert.strictEqual(lines.length, 3);
    assert.strictEqual(JSON.parse(lines[2]).promptTokens, 2, 'the new record is not glued to the torn line');
  });

  it('survives a writer killed with SIGKILL mid-stream: every complete record is readable', async function () {
    this.timeout(30_000);
    const dir = makeTempDir('ledger');
    const storeModule = path.join(__dirname, '../../src/node/ledgerStore.ts');
    // The child appends records forever, one batch per tick; we kill it once the file has grown.
    const script = `
      const { createLedgerStore } = require(${JSON.stringify(storeModule)});
      const store = createLedgerStore(${JSON.stringify(dir)}, { maxEntries: 1e9 });
      let i = 0;
      const pad = 'x'.repeat(2000);
      (function tick() {
        for (let k = 0; k < 20; k++, i++) store.record({ kind: 'request', at: Date.now(), job: 'chat', tier: 'fast', model: 'm-' + pad, endpointId: 'e',
          promptTokens: i, cachedPromptTokens: 0, completionTokens: 0, durationMs: 0, outcome: 'ok', costUsd: 0 });
        setImmediate(tick);
      })();`;
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: path.join(__dirname, '../..'), stdio: 'ignore' });
    const file = path.join(dir, LEDGER_FILE);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const size = await fs.stat(file).then((stat) => stat.size, () => 0);
      if (size > 2_000_000) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const text = await fs.readFile(file, 'utf8');
    const completeLines = text.split('\n').slice(0, -1);
    assert.ok(completeLines.length > 100, `the child wrote ${completeLines.length} lines`);
    const store = createLedgerStore(dir, { maxEntries: 1e9 });
    const summary = await store.summary();
    assert.strictEqual(summary.today.requests, completeLines.length);
    // Records were appended in order: the complete ones are exactly 0..n-1.
    assert.strictEqual(summary.today.promptTokens, (completeLines.length * (completeLines.length - 1)) / 2);
    store.record(request(0));
    assert.strictEqual((await store.summary()).today.requests, completeLines.length + 1);
    await store.dispose();
  });
});
