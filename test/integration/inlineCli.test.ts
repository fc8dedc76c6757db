import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { startMockServer, type MockServer } from '../support/mockServer';
import { makeTempDir } from '../support/tempDirs';

const ROOT = path.join(__dirname, '../..');
const FIXTURES = path.join('test', 'fixtures', 'code');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A copy of a fixture whose line `line` (1-based) ends after `keep` characters. */
function halfTyped(name: string, line: number, keep: number): string {
  const lines = fs.readFileSync(path.join(ROOT, FIXTURES, name), 'utf8').split('\n');
  lines[line - 1] = lines[line - 1].slice(0, keep);
  const dir = makeTempDir('cli');
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

describe('gearshift complete (CLI) against the local server', function () {
  this.timeout(60_000);
  let server: MockServer;
  before(async () => {
    server = await startMockServer();
  });
  after(() => server.close());
  afterEach(() => server.reset());

  it('prints the suggestion from the same engine, with --json details, and sends --open files as context', async () => {
    server.script({ match: { path: '/v1/completions' }, reply: { text: 'self.items.values():\n            total += 1' } });
    // inventory.py with line 32 typed up to "        for item in " (column 21).
    const file = halfTyped('inventory.py', 32, 20);
    const { code, stdout, stderr } = await cli(
      ['complete', `${file}:32:21`, '--open', path.join(FIXTURES, 'inventory.go'), path.join(FIXTURES, 'stock.py'), '--endpoint', server.url, '--model', 'qwen2.5-coder', '--json'],
      { GEARSHIFT_API_KEY: 'sk-test' },
    );
    assert.strictEqual(code, 0, stderr);
    const out = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
    assert.strictEqual(out.transport, 'fim-template');
    // A loop header is never shown without its body (the syntax tree says the `for` goes on).
    assert.strictEqual(out.suggestion, 'self.items.values():\n            total += 1');
    assert.strictEqual(out.multiline, true);
    assert.ok(out.promptTokens > 0);
    assert.ok(typeof out.timings.snapshot === 'number');
    const request = server.requests.find((r) => r.path === '/v1/completions');
    assert.match(request?.body.prompt, /<\|fim_prefix\|>[\s\S]*for item in <\|fim_suffix\|>/);
    assert.match(request?.body.prompt, /<\|file_sep\|>test\/fixtures\/code\/stock\.py\n/, 'the similar open file is context');
    assert.ok(!request?.body.prompt.includes('package inventory'), 'other languages are not context');
  });

  it('--help documents every exit code: 3 (a part left unchanged) and 4 (refused by the gate) apart', async () => {
    const { code, stderr } = await cli(['--help'], {});
    assert.strictEqual(code, 0);
    assert.match(stderr, /Exit codes: 0 done, 1 failed, 2 usage, 3 some part left unchanged/);
    assert.match(stderr, /4 refused by the outbound gate \(excluded or binary file, secrets in a rewrite\): nothing sent/);
  });

  it('refuses an excluded file without sending anything', async () => {
    const { code, stderr } = await cli(['complete', 'test/fixtures/code/.env.local:1:1', '--endpoint', server.url, '--model', 'qwen2.5-coder'], {});
    assert.strictEqual(code, 4, 'a refusal by the outbound gate has its own exit code');
    assert.match(stderr, /never sent/);
    assert.strictEqual(server.requests.length, 0);
  });

  it('plain output is just the text', async () => {
    server.script({ match: { path: '/v1/completions' }, reply: { text: 'total' } });
    const { code, stdout } = await cli(['complete', `${halfTyped('inventory.py', 34, 15)}:34:16`, '--endpoint', server.url, '--model', 'qwen2.5-coder'], {});
    assert.strictEqual(code, 0);
    assert.strictEqual(stdout, 'total\n');
  });
});
