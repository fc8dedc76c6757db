// `gearshift doc` and `gearshift refactor` end to end: the CLI process against the local mock.
import * as assert from 'assert';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generationRequests, startMockServer, type MockServer } from '../support/mockServer';
import { codeSent } from './docsHarness';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], server: MockServer): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(TSX, [path.join(ROOT, 'src/cli/main.ts'), ...args, '--endpoint', server.url], {
      env: { ...process.env, GEARSHIFT_API_KEY: 'sk-cli-test', GEARSHIFT_LARGE_MODEL: 'gpt-4.1', GEARSHIFT_LOG: 'warn' },
      timeout: 30_000,
    }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

const SOURCE = [
  'export function add(a: number, b: number): number {',
  '  return a + b;',
  '}',
  '',
  'export function sub(a: number, b: number): number {',
  '  return a - b;',
  '}',
  '',
].join('\n');

describe('CLI doc and refactor against the local endpoint', function () {
  this.timeout(60_000);
  let server: MockServer;
  let dir: string;
  let file: string;

  before(async () => {
    server = await startMockServer();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gearshift-cli-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    server.reset();
    file = path.join(dir, 'math.ts');
    await fs.writeFile(file, SOURCE);
    server.setResponder((request) => {
      const code = codeSent(request);
      return { text: `\`\`\`ts\n${code.replace(/^export function (\w+)/gm, '/** Computes $1. */\nexport function $1')}\n\`\`\`` };
    });
  });

  it('doc prints a unified diff and leaves the file alone', async () => {
    const run = await cli(['doc', file], server);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.match(run.stdout, /^--- a\/math\.ts\n\+\+\+ b\/math\.ts\n@@ -1,7 \+1,9 @@\n\+\/\*\* Computes add\. \*\//m);
    assert.match(run.stdout, /^\+\/\*\* Computes sub\. \*\/$/m);
    assert.strictEqual(await fs.readFile(file, 'utf8'), SOURCE);
    assert.strictEqual(generationRequests(server).length, 1);
    assert.strictEqual(generationRequests(server)[0].body.model, 'gpt-4.1');
  });

  it('doc --symbol documents only that symbol and --write writes the file', async () => {
    const run = await cli(['doc', file, '--symbol', 'sub', '--write'], server);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.strictEqual(run.stdout, '');
    assert.strictEqual(codeSent(generationRequests(server)[0]).trim(), 'export function sub(a: number, b: number): number {\n  return a - b;\n}');
    assert.strictEqual(await fs.readFile(file, 'utf8'), SOURCE.replace('export function sub', '/** Computes sub. */\nexport function sub'));
  });

  it('doc --write on a file with mixed line endings keeps every line\'s own ending; new lines follow their neighbours', async () => {
    // add's lines end in CRLF, the blank line and sub's in LF (a file edited on two systems).
    const mixed = SOURCE.split('\n').map((line, i, lines) => (i === lines.length - 1 ? line : `${line}${i < 3 ? '\r\n' : '\n'}`)).join('');
    await fs.writeFile(file, mixed);
    const run = await cli(['doc', file, '--write'], server);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.strictEqual(await fs.readFile(file, 'utf8'), [
      '/** Computes add. */\r\n',
      'export function add(a: number, b: number): number {\r\n',
      '  return a + b;\r\n',
      '}\r\n',
      '\n',
      '/** Computes sub. */\n',
      'export function sub(a: number, b: number): number {\n',
      '  return a - b;\n',
      '}\n',
    ].join(''));
  });

  it('doc --symbol with an unknown name fails without a request', async () => {
    const run = await cli(['doc', file, '--symbol', 'mul'], server);
    assert.strictEqual(run.code, 2);
    assert.match(run.stderr, /no symbol named mul/);
    assert.strictEqual(generationRequests(server).length, 0);
  });

  it('refactor sends the instruction and prints the diff; --write applies it', async () => {
    server.setResponder((request) => ({ text: `\`\`\`ts\n${codeSent(request).replace(/: number/g, ': bigint')}\n\`\`\`` }));
    const run = await cli(['refactor', file, '--instruction', 'Use bigint'], server);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.match(generationRequests(server)[0].body.messages[1].content, /Instruction: Use bigint/);
    assert.match(run.stdout, /^-export function add\(a: number, b: number\): number \{\n\+export function add\(a: bigint, b: bigint\): bigint \{$/m);
    const written = await cli(['refactor', file, '--instruction', 'Use bigint', '--write'], server);
    assert.strictEqual(written.code, 0, written.stderr);
    assert.strictEqual(await fs.readFile(file, 'utf8'), SOURCE.replace(/: number/g, ': bigint'));
  });

  it('refactor --write refuses a prose answer: the file is untouched and the exit code is 3 unless --allow-partial', async () => {
    server.setResponder(() => ({ text: 'I have refactored the code so that it now uses bigint everywhere, as you asked.' }));
    const run = await cli(['refactor', file, '--instruction', 'Use bigint', '--write'], server);
    assert.strictEqual(run.code, 3, run.stderr);
    assert.match(run.stderr, /(held no code|reads as prose, not code); left unchanged/);
    assert.match(run.stderr, /1 of 1 part\(s\) left unchanged/);
    assert.strictEqual(await fs.readFile(file, 'utf8'), SOURCE);
    assert.strictEqual(generationRequests(server).length, 2, 'asked once more before giving up');
    const accepted = await cli(['refactor', file, '--instruction', 'Use bigint', '--write', '--allow-partial'], server);
    assert.strictEqual(accepted.code, 0, accepted.stderr);
    assert.strictEqual(await fs.readFile(file, 'utf8'), SOURCE);
  });

  it('refactor without an instruction prints usage; an endpoint failure exits non-zero with the reason', async () => {
    const usage = await cli(['refactor', file], server);
    assert.strictEqual(usage.code, 2);
    assert.match(usage.stderr, /--instruction/);
    server.script({ reply: { status: 401, error: { message: 'bad key', code: 'invalid_api_key' } }, times: -1 });
    const failed = await cli(['doc', file], server);
    assert.strictEqual(failed.code, 1);
    assert.match(failed.stderr, /gearshift: .*(key|401)/i);
    assert.ok(!failed.stderr.includes('sk-cli-test'), 'the key is never printed');
  });
});
