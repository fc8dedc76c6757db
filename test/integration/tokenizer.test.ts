import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { get_encoding } from 'tiktoken';
import { createTokenizer } from '../../src/node/tokenizer';

// The reference: tiktoken's full build (its own wasm and bundled ranks), not the worker's lite path.
const reference = {
  o200k_base: get_encoding('o200k_base'),
  cl100k_base: get_encoding('cl100k_base'),
};

const repoRoot = path.join(__dirname, '../..');
/** About 1 MB of real TypeScript from this repository, repeated. */
function oneMegabyteOfSource(): string {
  const files = ['src/common/routerImpl.ts', 'src/common/config.ts', 'src/common/catalog.ts', 'src/node/ledgerStore.ts'].map((file) => fs.readFileSync(path.join(repoRoot, file), 'utf8'));
  let text = '';
  while (text.length < 1_000_000) text += files.join('\n');
  return text.slice(0, 1_000_000);
}

describe('tokenizer (worker thread, tiktoken)', function () {
  this.timeout(60_000);
  const tokenizer = createTokenizer();
  after(() => tokenizer.dispose());

  it('counts exactly like tiktoken with the model’s encoding', async () => {
    const samples = ['hello world', 'export function add(a: number, b: number) { return a + b; }\n', 'naïve café — 日本語のテキスト 🚀', '    \t\n\n  indented'];
    for (const text of samples) {
      assert.strictEqual(await tokenizer.count(text, 'gpt-4.1-mini'), reference.o200k_base.encode_ordinary(text).length, text);
      assert.strictEqual(await tokenizer.count(text, 'qwen2.5-coder:7b'), reference.cl100k_base.encode_ordinary(text).length, text);
    }
  });

  it('treats special-token text as ordinary content instead of throwing', async () => {
    const text = 'a comment mentioning <|endoftext|> and <|fim_prefix|>';
    assert.strictEqual(await tokenizer.count(text, 'gpt-4o'), reference.o200k_base.encode_ordinary(text).length);
  });

  it('returns 0 for empty text without starting work', async () => {
    assert.strictEqual(await createTokenizer({ workerPath: '/does/not/exist.js' }).count('', 'gpt-4.1'), 0);
  });

  it('answers concurrent counts each with its own result', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => 'token '.repeat(i * 7 + 1));
    const counts = await Promise.all(texts.map((text, i) => tokenizer.count(text, i % 2 ? 'gpt-4.1' : 'codellama:7b')));
    counts.forEach((count, i) => assert.strictEqual(count, reference[i % 2 ? 'o200k_base' : 'cl100k_base'].encode_ordinary(texts[i]).length));
  });

  it('counts a 1 MB file exactly while the main thread keeps running timers', async () => {
    const text = oneMegabyteOfSource();
    await tokenizer.count('warm up', 'gpt-4.1');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const count = await tokenizer.count(text, 'gpt-4.1');
    clearInterval(timer);
    assert.strictEqual(count, reference.o200k_base.encode_ordinary(text).length);
    assert.ok(ticks >= 2, `the event loop ran ${ticks} timer ticks during the count`);
  });

  it('gives a cheap synchronous estimate', () => {
    assert.strictEqual(tokenizer.estimate('x'.repeat(350)), 100);
    assert.strictEqual(tokenizer.estimate(''), 0);
  });

  it('rejects pending counts on dispose and reports a missing worker clearly', async () => {
    const own = createTokenizer();
    const pending = own.count(oneMegabyteOfSource(), 'gpt-4.1');
    own.dispose();
    await assert.rejects(pending, /disposed/);
    await assert.rejects(createTokenizer({ workerPath: '/does/not/exist.js' }).count('x', 'gpt-4.1'), /tokenizer worker is missing/);
  });

  it('does not keep a process alive once counting is done', () => {
    const script = `const { createTokenizer } = require(${JSON.stringify(path.join(repoRoot, 'src/node/tokenizer.ts'))});
      createTokenizer().count('hello', 'gpt-4.1').then((n) => console.log('count=' + n));`;
    const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 45_000 });
    assert.strictEqual(child.status, 0, child.stderr);
    assert.match(child.stdout, /count=1\b/);
  });
});
