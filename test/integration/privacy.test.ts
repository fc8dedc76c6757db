// The privacy suite: realistic fake secrets planted in every context source, and every job and CLI
// command run on every default-excluded file name, against the local server that logs all it
// receives. Nothing planted may arrive; nothing excluded may be sent at all.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { run as runComplete } from '../../src/cli/complete';
import { run as runDoc } from '../../src/cli/doc';
import { run as runRefactor } from '../../src/cli/refactor';
import { lookupModel } from '../../src/common/catalog';
import { CONTEXT_PRIORITY, imageItem, type ContextItem } from '../../src/common/chat/context';
import { prepareChat } from '../../src/common/chat/prepare';
import { DEFAULT_CONFIG } from '../../src/common/config';
import { IGNORE_FILE } from '../../src/common/exclusionSettings';
import { createExclusionMatcher } from '../../src/common/exclusions';
import { OutboundGate } from '../../src/common/gate';
import type { ContextChunk } from '../../src/common/inline/context';
import { createClient } from '../../src/node/client';
import { endpointFor } from '../support/clientFixtures';
import { fileWithSecrets, leakedSecrets, PLANTED_SECRETS } from '../support/fakeSecrets';
import { generationRequests, startMockServer, type MockServer } from '../support/mockServer';
import { ctxFromMarked } from '../unit/inline/helpers';
import { useInlineRig } from './inlineHarness';

/** One file name per default exclusion pattern (what users keep credentials in). */
const EXCLUDED_NAMES = [
  '.env', '.env.production', 'certs/server.pem', 'certs/tls.key', '.ssh/id_rsa', '.ssh/id_ed25519', '.ssh/id_ecdsa', 'config/secrets/db.yaml',
  '.npmrc', '.netrc', '.pypirc', '.git-credentials', 'certs/client.p12', 'certs/client.pfx', 'android/release.jks',
  '.aws/credentials', 'kubeconfig', '.kube/config', 'infra/terraform.tfstate', '.docker/config.json',
];

/** Everything the server received, as one string to search. */
function received(server: MockServer): string {
  return JSON.stringify(server.requests.map((request) => request.body));
}

/** Runs a CLI command in this process (same code as the binary), capturing stderr. */
const COMMANDS = { complete: runComplete, doc: runDoc, refactor: runRefactor };

async function cli(command: keyof typeof COMMANDS, args: string[]): Promise<{ code: number; stderr: string }> {
  const run = COMMANDS[command];
  const write = process.stderr.write;
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await run(args), stderr };
  } finally {
    process.stderr.write = write;
  }
}

/** The CLI as a process in `cwd` (its workspace). */
function spawnCli(cwd: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    // tsx by its path: the workspace has no node_modules to resolve it from.
    const tsx = pathToFileURL(require.resolve('tsx')).href;
    execFile(process.execPath, ['--import', tsx, path.join(__dirname, '../../src/cli/main.ts'), ...args], { cwd }, (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }));
  });
}

describe('privacy: the CLI', function () {
  this.timeout(60_000);
  let server: MockServer;
  let dir: string;

  before(async () => {
    server = await startMockServer();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gearshift-privacy-'));
  });
  after(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => server.reset());

  const endpoint = () => ['--endpoint', server.url, '--model', 'qwen2.5-coder'];

  it('sends nothing for any default-excluded file, from complete, doc or refactor, and exits 4 (refused by the gate)', async () => {
    for (const name of EXCLUDED_NAMES) {
      const file = path.join(dir, name);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, `${PLANTED_SECRETS[0].line}\nuser = "me"\n`);
      const runs = [
        await cli('complete', [`${file}:1:1`, ...endpoint()]),
        await cli('doc', [file, ...endpoint()]),
        await cli('refactor', [file, '--instruction', 'tidy', ...endpoint()]),
      ];
      for (const [i, run] of runs.entries()) {
        assert.equal(run.code, 4, `${['complete', 'doc', 'refactor'][i]} ${name}: ${run.stderr}`);
        assert.match(run.stderr, /never sent/);
      }
    }
    assert.equal(server.requests.length, 0, `sent: ${server.requests.map((r) => r.path).join(', ')}`);
  });

  it('drops excluded --open files from complete, and redacts the planted secrets in the file and in other --open files', async () => {
    const current = path.join(dir, 'src/settings.ts');
    const other = path.join(dir, 'src/other.ts');
    const excluded = path.join(dir, '.env.local');
    await fs.mkdir(path.dirname(current), { recursive: true });
    await fs.writeFile(current, `${fileWithSecrets()}export function connect() {\n  return `);
    await fs.writeFile(other, fileWithSecrets());
    await fs.writeFile(excluded, `${fileWithSecrets()}MARKER_FROM_EXCLUDED_FILE=1\n`);
    const lines = (await fs.readFile(current, 'utf8')).split('\n');
    const run = await cli('complete', [`${current}:${lines.length}:${lines[lines.length - 1].length + 1}`, '--open', other, excluded, ...endpoint()]);
    assert.equal(run.code, 0, run.stderr);
    // Discovery's GETs (/v1/models, /props) carry no code; exactly one prompt went out.
    assert.equal(generationRequests(server).length, 1);
    const sent = received(server);
    assert.deepEqual(leakedSecrets(sent), []);
    assert.ok(!sent.includes('MARKER_FROM_EXCLUDED_FILE'), 'an excluded --open file was sent as context');
  });

  it('follows the imports of complete\'s file but redacts an imported file\'s planted secrets and never reads an excluded import', async () => {
    const current = path.join(dir, 'app/checkout.ts');
    await fs.mkdir(path.join(dir, 'app/secrets'), { recursive: true });
    await fs.writeFile(path.join(dir, 'app/payments.ts'), `${fileWithSecrets()}export function chargeCard(cents: number): string {\n  return 'charged';\n}\n`);
    await fs.writeFile(path.join(dir, 'app/secrets/vault.ts'), `export const MARKER_FROM_EXCLUDED_IMPORT = 1;\n${fileWithSecrets()}`);
    await fs.writeFile(current, "import { chargeCard } from './payments';\nimport { MARKER_FROM_EXCLUDED_IMPORT } from './secrets/vault';\n\nexport function pay() {\n  const receipt = chargeCard(MARKER_FROM_EXCLUDED_IMPORT);\n  return ");
    const run = await cli('complete', [`${current}:6:10`, ...endpoint()]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(generationRequests(server).length, 1);
    const sent = received(server);
    assert.ok(sent.includes('export function chargeCard(cents: number): string {'), 'the imported definition reached the prompt');
    assert.deepEqual(leakedSecrets(sent), []);
    assert.ok(!sent.includes('export const MARKER_FROM_EXCLUDED_IMPORT'), 'an excluded imported file was sent as context');
  });

  it('never sends a Python module the file imports when .gearshiftignore excludes it, and sends the one it allows', async () => {
    // The CLI's workspace is the current folder, whose .gearshiftignore applies: run it there.
    const workspace = path.join(dir, 'ignoring');
    await fs.mkdir(path.join(workspace, 'shop'), { recursive: true });
    await fs.writeFile(path.join(workspace, IGNORE_FILE), 'shop/pricing_rules.py\n');
    await fs.writeFile(path.join(workspace, 'shop/__init__.py'), '');
    await fs.writeFile(path.join(workspace, 'shop/orders.py'), 'class Order:\n    def __init__(self, sku, quantity):\n        self.sku = sku\n        self.quantity = quantity\n');
    await fs.writeFile(path.join(workspace, 'shop/pricing_rules.py'), 'def MARKER_FROM_IGNORED_MODULE(order):\n    return 0\n');
    await fs.writeFile(path.join(workspace, 'shop/cart.py'), 'from .orders import Order\nfrom .pricing_rules import MARKER_FROM_IGNORED_MODULE\n\n\ndef add(cart, sku):\n    order = Order(sku, 1)\n    return ');
    const run = await spawnCli(workspace, ['complete', 'shop/cart.py:7:12', ...endpoint()]);
    assert.equal(run.code, 0, run.stderr);
    const sent = received(server);
    assert.ok(sent.includes('def __init__(self, sku, quantity):'), 'the allowed imported module reached the prompt');
    assert.ok(!sent.includes('def MARKER_FROM_IGNORED_MODULE'), 'a module .gearshiftignore excludes was sent as context');
  });

  it('refuses doc and refactor on code holding secrets, listing the lines, and sends nothing', async () => {
    const file = path.join(dir, 'src/config.ts');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, fileWithSecrets());
    for (const run of [await cli('doc', [file, ...endpoint()]), await cli('refactor', [file, '--instruction', 'tidy', ...endpoint()])]) {
      assert.equal(run.code, 4, run.stderr);
      assert.match(run.stderr, /line 3 \(.*line 11 \(Stripe secret key\).*line 22 \(credential/);
      assert.match(run.stderr, /nothing was sent/);
    }
    assert.equal(server.requests.length, 0);
  });

  it('refuses a binary file in every command', async () => {
    const file = path.join(dir, 'assets/logo.ts');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    for (const run of [await cli('complete', [`${file}:1:1`, ...endpoint()]), await cli('doc', [file, ...endpoint()]), await cli('refactor', [file, '--instruction', 'x', ...endpoint()])]) {
      assert.equal(run.code, 4, run.stderr);
      assert.match(run.stderr, /binary/);
    }
    // complete discovers the server before it reads the file; no prompt may follow.
    assert.equal(generationRequests(server).length, 0);
  });
});

describe('privacy: inline context sources', function () {
  this.timeout(30_000);
  const rig = useInlineRig();

  it('never sends planted secrets from the open file, definitions, similar files or recent edits, nor excluded files', async () => {
    const harness = rig.start((config) => (config.inline.contextChars = 20_000));
    const chunk = (kind: ContextChunk['kind'], file: string, text: string): ContextChunk => ({ kind, path: file, startLine: 1, text, score: 1 });
    const context = [
      chunk('definition', 'src/db.ts', fileWithSecrets()),
      chunk('similar', 'src/other.ts', fileWithSecrets()),
      chunk('recent-edit', 'src/edited.ts', fileWithSecrets()),
      chunk('similar', 'deploy/.npmrc', 'MARKER_FROM_EXCLUDED_FILE'),
    ];
    await harness.engine.provide({ ctx: ctxFromMarked(`${fileWithSecrets()}const db = connect(‸);\n${fileWithSecrets()}`), signal: new AbortController().signal, manual: true, context: () => context });
    assert.ok(rig.server.requests.length >= 1);
    const sent = received(rig.server);
    assert.deepEqual(leakedSecrets(sent), []);
    assert.ok(!sent.includes('MARKER_FROM_EXCLUDED_FILE'), 'an excluded file was sent as context');
    assert.ok(sent.includes('src/db.ts') && sent.includes('src/edited.ts'), 'the other sources were sent (redacted), not dropped');
  });

  it('sends nothing when the open file itself is excluded', async () => {
    const harness = rig.start();
    const ctx = ctxFromMarked('API_KEY=1‸\n', 'dotenv', 'file:///.env');
    await harness.engine.provide({ ctx, signal: new AbortController().signal, manual: true });
    assert.equal(rig.server.requests.length, 0);
  });
});

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

describe('privacy: chat context sources', function () {
  this.timeout(30_000);
  let server: MockServer;

  before(async () => {
    server = await startMockServer();
  });
  after(() => server.close());

  it('never sends planted secrets from the selection, files, @file, Problems, terminal output, image names or the typed text', async () => {
    const secretName = PLANTED_SECRETS.find((p) => p.name === 'GitHub token')!.secret;
    const item = (kind: ContextItem['kind'], text: string, extra: Partial<ContextItem> = {}): ContextItem => ({
      id: `${kind}-${extra.label ?? ''}`, kind, label: kind, text, priority: CONTEXT_PRIORITY.file, ...extra,
    });
    const items = [
      item('selection', `Selected code from \`src/config.ts\`:\n${fileWithSecrets()}`, { path: 'src/config.ts' }),
      item('file', `File \`src/db.ts\`:\n${fileWithSecrets()}`, { path: 'src/db.ts' }),
      item('file', `File \`src/picked.ts\`:\n${fileWithSecrets()}`, { path: 'src/picked.ts', priority: CONTEXT_PRIORITY.pickedFile }),
      item('problems', `Problems reported in \`src/config.ts\`:\n- line 3: unused ${PLANTED_SECRETS[0].line}`, { path: 'src/config.ts' }),
      item('terminal', `Output of \`npm publish\`:\n${PLANTED_SECRETS.map((p) => p.line).join('\n')}`),
      imageItem('image-secret', `screenshot-${secretName}.png`, PNG),
      // Images whose names (or the path a name carries) match the default exclusions.
      imageItem('image-key', 'id_rsa.png', PNG),
      imageItem('image-env', '.env.production.png', PNG),
      imageItem('image-secrets', 'secrets/MARKER_FROM_EXCLUDED_IMAGE.png', PNG),
      item('file', 'File `.env`:\nMARKER_FROM_EXCLUDED_FILE', { path: '.env' }),
    ];
    const gate = new OutboundGate({ isExcluded: createExclusionMatcher(DEFAULT_CONFIG.exclude) });
    const admitted = gate.admit({ job: 'chat', context: items });
    assert.deepEqual(admitted.dropped, ['id_rsa.png', '.env.production.png', 'secrets/MARKER_FROM_EXCLUDED_IMAGE.png', '.env']);
    const model = { name: 'gpt-4.1', info: lookupModel('gpt-4.1').info, maxOutputTokens: 1000 };
    const prepared = await prepareChat({
      rawText: `why does ${PLANTED_SECRETS[1].line} fail?`,
      items: admitted.context,
      history: [{ user: `earlier: ${PLANTED_SECRETS[2].line}`, assistant: 'ok' }],
      model,
      count: async (text) => Math.ceil(text.length / 4),
    });
    assert.equal(prepared.kind, 'ready');
    const client = createClient();
    try {
      await client.chat(endpointFor(server), admitted.passage.seal({ model: 'gpt-4.1', messages: prepared.kind === 'ready' ? prepared.messages : [] }));
    } finally {
      await client.dispose();
    }
    const sent = received(server);
    assert.deepEqual(leakedSecrets(sent), []);
    assert.ok(!sent.includes('MARKER_FROM_EXCLUDED_FILE'));
    assert.ok(!sent.includes('MARKER_FROM_EXCLUDED_IMAGE') && !sent.includes('id_rsa') && !sent.includes('.env.production'), 'an excluded image was sent');
    assert.ok(sent.includes('image_url'), 'the image itself was sent');
    assert.ok(sent.includes('Attached image: screenshot-'), 'the image\'s name was sent, its secret redacted');
  });
});
